#include "hccws/survival/csv_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hccws::surv {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}
}  // namespace

bool isMissingToken(const std::string& raw) {
  const std::string s = lower(trim(raw));
  return s.empty() || s == "na" || s == "nan" || s == "null" || s == "." || s == "?";
}

CsvTable CsvTable::readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SurvivalError(path + ": cannot open the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

CsvTable CsvTable::parse(const std::string& textIn, const std::string& sourceName) {
  CsvTable t;
  t.source_ = sourceName;
  std::string text = textIn;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, fieldStarted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      fieldStarted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      fieldStarted = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (fieldStarted || !field.empty() || !row.empty()) {
        row.push_back(field);
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      fieldStarted = false;
    } else {
      field += c;
    }
  }
  if (quoted) throw SurvivalError(sourceName + ": unterminated quoted field");
  if (fieldStarted || !field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw SurvivalError(sourceName + ": the file is empty (no header row)");
  for (auto& h : rows[0]) t.header_.push_back(trim(h));
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != t.header_.size())
      throw SurvivalError(sourceName + ": line " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
                          " fields, the header has " + std::to_string(t.header_.size()));
    t.cells_.push_back(std::move(rows[r]));
  }
  return t;
}

bool CsvTable::has(const std::string& column) const {
  return std::find(header_.begin(), header_.end(), column) != header_.end();
}

int CsvTable::columnIndex(const std::string& column) const {
  const auto it = std::find(header_.begin(), header_.end(), column);
  if (it == header_.end()) {
    std::string avail;
    for (const auto& h : header_) avail += (avail.empty() ? "" : ", ") + h;
    throw SurvivalError(source_ + ": column '" + column + "' not found (columns: " + avail + ")");
  }
  return static_cast<int>(it - header_.begin());
}

std::vector<std::optional<double>> CsvTable::numericColumn(const std::string& column) const {
  const int c = columnIndex(column);
  std::vector<std::optional<double>> out(cells_.size());
  for (size_t r = 0; r < cells_.size(); ++r) {
    const std::string s = trim(cells_[r][c]);
    if (isMissingToken(s)) continue;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !std::isfinite(v))
      throw SurvivalError(source_ + ": column '" + column + "', line " + std::to_string(r + 2) +
                          ": value '" + s + "' is not a number");
    out[r] = v;
  }
  return out;
}

SurvTable buildSurvData(const CsvTable& t, const SurvColumns& cols) {
  std::vector<std::string> used{cols.time, cols.event};
  for (const auto& c : cols.covariates) used.push_back(c);
  if (!cols.strata.empty()) used.push_back(cols.strata);
  std::vector<std::vector<std::optional<double>>> values;
  for (const auto& c : used) values.push_back(t.numericColumn(c));  // throws for missing / non-numeric
  SurvTable out;
  out.rowsRead = t.rows();
  for (size_t c = 0; c < used.size(); ++c) {
    const int miss = static_cast<int>(std::count(values[c].begin(), values[c].end(), std::nullopt));
    if (miss) out.missingPerColumn.emplace_back(used[c], miss);
  }
  std::vector<int> keep;
  for (int r = 0; r < t.rows(); ++r) {
    bool ok = true;
    for (const auto& v : values) ok = ok && v[r].has_value();
    if (ok) keep.push_back(r);
  }
  out.rowsDropped = t.rows() - static_cast<int>(keep.size());
  if (keep.empty()) throw SurvivalError(t.source() + ": no complete rows in the columns used");
  const int n = static_cast<int>(keep.size()), p = static_cast<int>(cols.covariates.size());
  SurvData& d = out.data;
  d.time.resize(n);
  d.status.resize(n);
  d.x.resize(n, p);
  d.names = cols.covariates;
  if (!cols.strata.empty()) d.strata.resize(n);
  for (int k = 0; k < n; ++k) {
    const int r = keep[k];
    const std::string line = "line " + std::to_string(r + 2);
    const double tm = *values[0][r], ev = *values[1][r];
    if (tm < 0) throw SurvivalError(t.source() + ": column '" + cols.time + "', " + line + ": negative time " +
                                    t.cell(r, t.columnIndex(cols.time)));
    if (ev != 0 && ev != 1)
      throw SurvivalError(t.source() + ": column '" + cols.event + "', " + line + ": event must be 0 or 1, got " +
                          t.cell(r, t.columnIndex(cols.event)));
    d.time(k) = tm;
    d.status(k) = static_cast<int>(ev);
    for (int j = 0; j < p; ++j) d.x(k, j) = *values[2 + j][r];
    if (!cols.strata.empty()) {
      const double s = *values.back()[r];
      if (s != std::round(s))
        throw SurvivalError(t.source() + ": column '" + cols.strata + "', " + line + ": group/stratum value " +
                            t.cell(r, t.columnIndex(cols.strata)) + " is not an integer code");
      d.strata(k) = static_cast<int>(s);
    }
  }
  out.sourceRows = keep;
  if (d.events() == 0)
    throw SurvivalError(t.source() + ": column '" + cols.event + "': no events (all values are 0) in the " +
                        std::to_string(n) + " complete rows");
  return out;
}

}  // namespace hccws::surv
