#include "hccws/survival/csv_table.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>

#include <sys/stat.h>

namespace hccws::surv {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && isSpace(s[a])) ++a;
  while (b > a && isSpace(s[b - 1])) --b;
  return s.substr(a, b - a);
}

bool equalsIgnoreCase(const std::string& s, size_t a, size_t b, const char* word) {
  size_t k = 0;
  for (size_t i = a; i < b; ++i, ++k)
    if (!word[k] || std::tolower(static_cast<unsigned char>(s[i])) != word[k]) return false;
  return word[k] == '\0';
}

bool isMissingRange(const std::string& s, size_t a, size_t b) {
  if (a == b) return true;
  return equalsIgnoreCase(s, a, b, "na") || equalsIgnoreCase(s, a, b, "nan") || equalsIgnoreCase(s, a, b, "null") ||
         (b - a == 1 && (s[a] == '.' || s[a] == '?'));
}

// Parses the trimmed text s as a finite number; false when it is not one.
bool parseNumber(const std::string& s, double& v) {
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0' && std::isfinite(v);
}

std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string notFound(const std::string& source, const std::vector<std::string>& header, const std::string& column) {
  std::string avail;
  for (const auto& h : header) avail += (avail.empty() ? "" : ", ") + h;
  return source + ": column '" + column + "' not found (columns: " + avail + ")";
}

}  // namespace

bool isMissingToken(const std::string& raw) {
  size_t a = 0, b = raw.size();
  while (a < b && isSpace(raw[a])) ++a;
  while (b > a && isSpace(raw[b - 1])) --b;
  return isMissingRange(raw, a, b);
}

// Blocks of the input: a file read 1 MiB at a time, or a string given whole.
class CsvTable::Reader {
 public:
  explicit Reader(const std::string& text) : text_(&text), size_(static_cast<long long>(text.size())) {}
  explicit Reader(std::FILE* f) : file_(f), buf_(1 << 20) {
    struct stat st {};
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<long long>(st.st_size);
  }
  long long size() const { return size_; }  // bytes in all, or -1 when unknown (a pipe)
  // The next block, or false at the end. Throws on a read error.
  bool next(const char*& data, size_t& n, const std::string& source) {
    if (text_) {
      if (done_) return false;
      done_ = true;
      data = text_->data();
      n = text_->size();
      return true;
    }
    n = std::fread(buf_.data(), 1, buf_.size(), file_);
    if (n == 0) {
      if (std::ferror(file_)) throw SurvivalError(source + ": read error");
      return false;
    }
    data = buf_.data();
    return true;
  }

 private:
  const std::string* text_ = nullptr;
  long long size_ = -1;
  std::FILE* file_ = nullptr;
  std::vector<char> buf_;
  bool done_ = false;
};

CsvTable CsvTable::readFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw SurvivalError(path + ": cannot open the file");
  Reader in(f.get());
  return read(in, path, nullptr);
}

CsvTable CsvTable::readFile(const std::string& path, const CsvSelection& keep) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw SurvivalError(path + ": cannot open the file");
  Reader in(f.get());
  return read(in, path, &keep);
}

CsvTable CsvTable::parse(const std::string& text, const std::string& sourceName) {
  Reader in(text);
  return read(in, sourceName, nullptr);
}

CsvTable CsvTable::parse(const std::string& text, const std::string& sourceName, const CsvSelection& keep) {
  Reader in(text);
  return read(in, sourceName, &keep);
}

CsvTable CsvTable::read(Reader& in, const std::string& sourceName, const CsvSelection* keep) {
  CsvTable t;
  t.source_ = sourceName;
  std::string field;       // the current field, only for the header and stored columns
  bool quoted = false;     // inside a quoted field
  bool afterQuote = false; // just saw a quote inside a quoted field (closing, or the first of a doubled one)
  bool rowStarted = false; // the current record has at least one character
  bool skipLf = false;     // the last character was a CR: an LF right after it belongs to the same line end
  bool headerDone = false;
  bool first = true;       // BOM check
  size_t col = 0;          // field index in the current record
  long long record = 0;    // records completed so far (header = record 1)

  auto columnFor = [&](size_t c) -> Column* {
    if (!headerDone) return nullptr;
    if (c >= t.storedIndex_.size() || t.storedIndex_[c] < 0) return nullptr;
    return &t.columns_[static_cast<size_t>(t.storedIndex_[c])];
  };
  auto wanted = [&](size_t c) { return !headerDone || columnFor(c) != nullptr; };

  auto finishHeader = [&] {
    headerDone = true;
    t.storedIndex_.assign(t.header_.size(), -1);
    auto addIndex = [&](size_t c, bool numeric) {
      if (t.storedIndex_[c] >= 0) {
        // asked twice: numeric wins (a numeric column can still give its text)
        t.columns_[static_cast<size_t>(t.storedIndex_[c])].numeric |= numeric;
        return;
      }
      Column k;
      k.fileIndex = static_cast<int>(c);
      k.numeric = numeric;
      t.storedIndex_[c] = static_cast<int>(t.columns_.size());
      t.columns_.push_back(std::move(k));
    };
    auto add = [&](const std::string& name, bool numeric) {
      const auto it = std::find(t.header_.begin(), t.header_.end(), name);
      if (it == t.header_.end()) throw SurvivalError(notFound(sourceName, t.header_, name));
      addIndex(static_cast<size_t>(it - t.header_.begin()), numeric);
    };
    if (!keep) {
      for (size_t c = 0; c < t.header_.size(); ++c) addIndex(c, false);
    } else {
      for (const auto& n : keep->numeric) add(n, true);
      for (const auto& n : keep->text) add(n, false);
    }
  };

  auto endField = [&] {
    if (!headerDone) {
      t.header_.push_back(trim(field));
    } else if (Column* k = columnFor(col)) {
      if (k->numeric) {
        size_t a = 0, b = field.size();
        while (a < b && isSpace(field[a])) ++a;
        while (b > a && isSpace(field[b - 1])) --b;
        double v = kMissing;
        if (!isMissingRange(field, a, b)) {
          const std::string s = field.substr(a, b - a);
          if (!parseNumber(s, v))
            throw SurvivalError(sourceName + ": column '" + t.header_[col] + "', line " + std::to_string(record + 1) +
                                ": value '" + s + "' is not a number");
        }
        k->values.push_back(v);
      } else {
        k->bytes += field;
        k->ends.push_back(k->bytes.size());
      }
    }
    field.clear();
    ++col;
  };

  // Once 1,024 rows are in, the columns reserve room for the rows the file size suggests (5 % spare), so
  // that they do not grow by doubling (up to twice the memory, three times while a column is copied).
  long long pos = 0, headerEnd = 0;
  bool reserved = false;
  auto reserveRows = [&] {
    reserved = true;
    if (in.size() <= 0 || pos <= headerEnd) return;
    const double perRow = static_cast<double>(pos - headerEnd) / t.rows_;
    const auto expect = static_cast<size_t>(static_cast<double>(in.size() - headerEnd) / perRow * 1.05) + 16;
    for (auto& k : t.columns_) {
      if (k.numeric) k.values.reserve(expect);
      else {
        k.ends.reserve(expect);
        k.bytes.reserve(static_cast<size_t>(static_cast<double>(k.bytes.size()) / t.rows_ * static_cast<double>(expect)));
      }
    }
  };
  auto endRecord = [&] {
    if (!rowStarted) return;  // blank line
    endField();
    if (!headerDone) {
      finishHeader();
      headerEnd = pos;
    } else if (col != t.header_.size()) {
      throw SurvivalError(sourceName + ": line " + std::to_string(record + 1) + " has " + std::to_string(col) +
                          " fields, the header has " + std::to_string(t.header_.size()));
    } else {
      ++t.rows_;
      if (!reserved && t.rows_ == 1024) reserveRows();
    }
    ++record;
    col = 0;
    rowStarted = false;
  };

  const char* data = nullptr;
  size_t n = 0;
  long long blockStart = 0;
  while (in.next(data, n, sourceName)) {
    size_t i = 0;
    if (first) {
      first = false;
      if (n >= 3 && static_cast<unsigned char>(data[0]) == 0xEF && static_cast<unsigned char>(data[1]) == 0xBB &&
          static_cast<unsigned char>(data[2]) == 0xBF)
        i = 3;
    }
    for (; i < n; ++i) {
      const char c = data[i];
      if (skipLf) {
        skipLf = false;
        if (c == '\n') continue;
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c == '"') {  // doubled quote: a literal one
            if (wanted(col)) field += '"';
            continue;
          }
          quoted = false;  // the quote closed the field; handle c below as unquoted
        } else {
          if (c == '"') {
            afterQuote = true;
          } else if (wanted(col)) {
            field += c;
          }
          continue;
        }
      }
      if (c == '"') {
        quoted = true;
        rowStarted = true;
      } else if (c == ',') {
        rowStarted = true;
        endField();
      } else if (c == '\n' || c == '\r') {
        pos = blockStart + static_cast<long long>(i) + 1;
        endRecord();
        skipLf = (c == '\r');
      } else {
        rowStarted = true;
        if (wanted(col)) field += c;
      }
    }
    blockStart += static_cast<long long>(n);
  }
  if (quoted && !afterQuote) throw SurvivalError(sourceName + ": unterminated quoted field");
  endRecord();
  if (!headerDone) throw SurvivalError(sourceName + ": the file is empty (no header row)");
  // give back what the growth left unused, unless that is little (shrinking copies the column)
  auto trim = [](auto& v) {
    if (v.capacity() > v.size() + v.size() / 10 + 64) v.shrink_to_fit();
  };
  for (auto& k : t.columns_) {
    trim(k.values);
    trim(k.ends);
    trim(k.bytes);
  }
  return t;
}

bool CsvTable::has(const std::string& column) const {
  return std::find(header_.begin(), header_.end(), column) != header_.end();
}

int CsvTable::columnIndex(const std::string& column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  if (it == header_.end()) throw SurvivalError(notFound(source_, header_, column));
  return static_cast<int>(it - header_.begin());
}

const CsvTable::Column* CsvTable::stored(int fileIndex) const {
  if (fileIndex < 0 || fileIndex >= static_cast<int>(storedIndex_.size())) return nullptr;
  const int k = storedIndex_[static_cast<size_t>(fileIndex)];
  return k < 0 ? nullptr : &columns_[static_cast<size_t>(k)];
}

const CsvTable::Column& CsvTable::storedOrThrow(const std::string& column) const {
  const Column* k = stored(columnIndex(column));
  if (!k) throw SurvivalError(source_ + ": column '" + column + "' was not read (not in the column selection)");
  return *k;
}

std::string CsvTable::cell(int row, int col) const {
  const Column* k = stored(col);
  if (!k) throw SurvivalError(source_ + ": column " + std::to_string(col) + " was not read");
  if (row < 0 || row >= rows_) throw SurvivalError(source_ + ": row " + std::to_string(row) + " out of range");
  if (k->numeric) {
    const double v = k->values[static_cast<size_t>(row)];
    return std::isnan(v) ? std::string() : shortest(v);
  }
  const uint64_t b = row == 0 ? 0 : k->ends[static_cast<size_t>(row) - 1], e = k->ends[static_cast<size_t>(row)];
  return k->bytes.substr(b, e - b);
}

std::vector<double> CsvTable::numericValues(const std::string& column) const {
  const Column& k = storedOrThrow(column);
  if (k.numeric) return k.values;
  std::vector<double> out(static_cast<size_t>(rows_), kMissing);
  uint64_t b = 0;
  for (size_t r = 0; r < out.size(); ++r) {
    const uint64_t e = k.ends[r];
    std::string s = k.bytes.substr(b, e - b);
    b = e;
    s = trim(s);
    if (isMissingRange(s, 0, s.size())) continue;
    if (!parseNumber(s, out[r]))
      throw SurvivalError(source_ + ": column '" + column + "', line " + std::to_string(r + 2) + ": value '" + s +
                          "' is not a number");
  }
  return out;
}

const std::vector<double>* CsvTable::storedNumeric(const std::string& column) const {
  const Column* k = stored(columnIndex(column));
  return k && k->numeric ? &k->values : nullptr;
}

std::vector<std::optional<double>> CsvTable::numericColumn(const std::string& column) const {
  const std::vector<double> v = numericValues(column);
  std::vector<std::optional<double>> out(v.size());
  for (size_t r = 0; r < v.size(); ++r)
    if (!std::isnan(v[r])) out[r] = v[r];
  return out;
}

CsvSelection survSelection(const SurvColumns& cols) {
  CsvSelection s;
  s.numeric = {cols.time, cols.event};
  s.numeric.insert(s.numeric.end(), cols.covariates.begin(), cols.covariates.end());
  if (!cols.strata.empty()) s.numeric.push_back(cols.strata);
  return s;
}

SurvTable buildSurvData(const CsvTable& t, const SurvColumns& cols) {
  std::vector<std::string> used{cols.time, cols.event};
  for (const auto& c : cols.covariates) used.push_back(c);
  if (!cols.strata.empty()) used.push_back(cols.strata);
  // The values of each used column: the table's own storage when it was read as numeric, else a parsed copy.
  std::vector<std::vector<double>> owned(used.size());
  std::vector<const std::vector<double>*> values(used.size());
  for (size_t c = 0; c < used.size(); ++c) {
    values[c] = t.storedNumeric(used[c]);  // throws for a missing column
    if (!values[c]) {
      owned[c] = t.numericValues(used[c]);  // throws for non-numeric cells
      values[c] = &owned[c];
    }
  }
  SurvTable out;
  out.rowsRead = t.rows();
  std::vector<int> missing(used.size(), 0), firstMissing(used.size(), 0);
  std::vector<int> keep;
  keep.reserve(static_cast<size_t>(t.rows()));
  for (int r = 0; r < t.rows(); ++r) {
    int first = -1;
    for (size_t c = 0; c < used.size(); ++c)
      if (std::isnan((*values[c])[static_cast<size_t>(r)])) {
        ++missing[c];
        if (first < 0) first = static_cast<int>(c);
      }
    if (first < 0) keep.push_back(r);
    else ++firstMissing[static_cast<size_t>(first)];
  }
  const size_t nCov = cols.covariates.size();
  for (size_t c = 0; c < used.size(); ++c) {
    if (missing[c]) out.missingPerColumn.emplace_back(used[c], missing[c]);
    if (!firstMissing[c]) continue;
    const char* why = c == 0 ? "missing time" : c == 1 ? "missing event" : c < 2 + nCov ? "missing covariate"
                                                                                          : "missing group/stratum";
    out.dropped.push_back({used[c], why, firstMissing[c]});
  }
  out.rowsDropped = t.rows() - static_cast<int>(keep.size());
  if (keep.empty()) throw SurvivalError(t.source() + ": no complete rows in the columns used");
  const int n = static_cast<int>(keep.size()), p = static_cast<int>(nCov);
  SurvData& d = out.data;
  d.time.resize(n);
  d.status.resize(n);
  d.x.resize(n, p);
  d.names = cols.covariates;
  if (!cols.strata.empty()) d.strata.resize(n);
  for (int k = 0; k < n; ++k) {
    const size_t r = static_cast<size_t>(keep[static_cast<size_t>(k)]);
    const std::string line = "line " + std::to_string(r + 2);
    const double tm = (*values[0])[r], ev = (*values[1])[r];
    if (tm < 0) throw SurvivalError(t.source() + ": column '" + cols.time + "', " + line + ": negative time " + shortest(tm));
    if (ev != 0 && ev != 1)
      throw SurvivalError(t.source() + ": column '" + cols.event + "', " + line + ": event must be 0 or 1, got " +
                          shortest(ev));
    d.time(k) = tm;
    d.status(k) = static_cast<int>(ev);
    for (int j = 0; j < p; ++j) d.x(k, j) = (*values[2 + static_cast<size_t>(j)])[r];
    if (!cols.strata.empty()) {
      const double s = (*values.back())[r];
      if (s != std::round(s) || std::fabs(s) > 2e9)
        throw SurvivalError(t.source() + ": column '" + cols.strata + "', " + line + ": group/stratum value " +
                            shortest(s) + " is not an integer code");
      d.strata(k) = static_cast<int>(s);
    }
  }
  out.sourceRows = std::move(keep);
  if (d.events() == 0)
    throw SurvivalError(t.source() + ": column '" + cols.event + "': no events (all values are 0) in the " +
                        std::to_string(n) + " complete rows");
  return out;
}

}  // namespace hccws::surv
