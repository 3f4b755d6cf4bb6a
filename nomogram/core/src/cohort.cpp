// Cohort mapping files and their import with a data report (cohort.h, docs/cohorts.md).
#include "hccws/survival/cohort.h"

#include "hccws/survival/csv_table.h"
#include "hccws/survival/distributions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

namespace hccws::surv {

namespace {

using json = nlohmann::json;

constexpr double kDaysPerMonth = 30.4375;

[[noreturn]] void fail(const std::string& where, const std::string& what) { throw CohortError(where + ": " + what); }

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// A whole cell as a finite number, or nullopt.
std::optional<double> parseNumber(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

double monthsPer(const std::string& unit, const std::string& where) {
  if (unit == "days") return 1.0 / kDaysPerMonth;
  if (unit == "weeks") return 7.0 / kDaysPerMonth;
  if (unit == "months") return 1.0;
  if (unit == "years") return 12.0;
  fail(where, "time unit '" + unit + "' is not one of days, weeks, months, years");
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian), or nullopt for an impossible one.
std::optional<long> civilDays(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || y < 1800 || y > 2200) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The format a date cell is written in ("YYYY-MM-DD", "DD/MM/YYYY or MM/DD/YYYY", "DD.MM.YYYY"), "" for none.
std::string dateShape(const std::string& s) {
  int a, b, c;
  char x, y;
  std::istringstream in(s);
  if (!(in >> a >> x >> b >> y >> c) || in.peek() != EOF) return {};
  if (x == '-' && y == '-' && a > 999) return "YYYY-MM-DD";
  if (x == '/' && y == '/' && c > 999) return "DD/MM/YYYY or MM/DD/YYYY";
  if (x == '.' && y == '.' && c > 999) return "DD.MM.YYYY";
  return {};
}

std::optional<long> parseDate(const std::string& s, const std::string& format) {
  int a, b, c;
  char x, y;
  std::istringstream in(s);
  if (!(in >> a >> x >> b >> y >> c) || in.peek() != EOF) return std::nullopt;
  if (format == "YYYY-MM-DD" && x == '-' && y == '-') return civilDays(a, b, c);
  if (format == "DD/MM/YYYY" && x == '/' && y == '/') return civilDays(c, b, a);
  if (format == "MM/DD/YYYY" && x == '/' && y == '/') return civilDays(c, a, b);
  if (format == "DD.MM.YYYY" && x == '.' && y == '.') return civilDays(c, b, a);
  return std::nullopt;
}

template <typename T>
T field(const json& j, const char* key, const T& fallback, const std::string& where) {
  if (!j.contains(key) || j.at(key).is_null()) return fallback;
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    fail(where, std::string("'") + key + "' has the wrong type");
  }
}

}  // namespace

const char* imputationName(Imputation i) {
  return i == Imputation::Median ? "single imputation by median" : "complete case";
}

CohortMapping parseCohortMapping(const std::string& text, const std::string& sourceName) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    fail(sourceName, std::string("not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", std::string()) != "hccws-cohort-mapping")
    fail(sourceName, "not an hccws cohort mapping (\"format\": \"hccws-cohort-mapping\")");
  const int version = field<int>(j, "format_version", 0, sourceName);
  if (version != CohortMapping::kFormatVersion)
    fail(sourceName, "format version " + std::to_string(version) + " is not one this program reads (1)");
  CohortMapping m;
  m.source = sourceName;
  m.name = field<std::string>(j, "name", "", sourceName);
  m.citation = field<std::string>(j, "citation", "", sourceName);
  m.table = field<std::string>(j, "table", "", sourceName);
  const std::string kind = field<std::string>(j, "kind", "patients", sourceName);
  if (kind != "patients" && kind != "visits") fail(sourceName, "'kind' must be \"patients\" or \"visits\"");
  m.visits = kind == "visits";
  m.idColumn = field<std::string>(j, "id", "", sourceName);
  if (m.name.empty() || m.idColumn.empty()) fail(sourceName, "a mapping needs 'name' and 'id'");
  const json time = j.value("time", json::object()), event = j.value("event", json::object());
  m.timeColumn = field<std::string>(time, "column", "", sourceName);
  m.timeUnit = field<std::string>(time, "unit", "months", sourceName);
  monthsPer(m.timeUnit, sourceName);
  m.eventColumn = field<std::string>(event, "column", "", sourceName);
  if (m.timeColumn.empty() || m.eventColumn.empty()) fail(sourceName, "a mapping needs 'time.column' and 'event.column'");
  if (m.visits) {
    const json base = j.value("baseline", json::object());
    m.dateColumn = field<std::string>(base, "date", "", sourceName);
    m.dateFormat = field<std::string>(base, "date_format", "YYYY-MM-DD", sourceName);
    if (m.dateColumn.empty()) fail(sourceName, "a visit table needs 'baseline.date' (the first visit is the baseline)");
    if (m.dateFormat != "YYYY-MM-DD" && m.dateFormat != "DD/MM/YYYY" && m.dateFormat != "MM/DD/YYYY" && m.dateFormat != "DD.MM.YYYY")
      fail(sourceName, "'baseline.date_format' must be YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or DD.MM.YYYY");
    if (base.contains("only_if")) {
      m.onlyIfColumn = field<std::string>(base.at("only_if"), "column", "", sourceName);
      m.onlyIfValue = field<double>(base.at("only_if"), "equals", 0.0, sourceName);
    }
  }
  if (!j.contains("variables") || !j.at("variables").is_array()) fail(sourceName, "'variables' must be a list");
  for (const auto& v : j.at("variables")) {
    CohortVariableMap var;
    var.name = field<std::string>(v, "name", "", sourceName);
    if (var.name.empty()) fail(sourceName, "a variable has no 'name'");
    const std::string where = sourceName + ": variable '" + var.name + "'";
    var.column = field<std::string>(v, "column", "", where);
    var.note = field<std::string>(v, "note", "", where);
    var.conversion = field<std::string>(v, "convert", "", where);
    if (var.conversion == "mm_to_cm") var.scale = 0.1;
    else if (var.conversion == "cm_to_mm") var.scale = 10;
    else if (!var.conversion.empty()) fail(where, "'convert' must be \"mm_to_cm\" or \"cm_to_mm\" (or use 'scale')");
    if (v.contains("scale")) {
      var.scale = field<double>(v, "scale", 1.0, where);
      if (!(var.scale != 0 && std::isfinite(var.scale))) fail(where, "'scale' must be a finite number other than 0");
      var.conversion = "scale " + std::to_string(var.scale);
    }
    if (v.contains("codes")) {
      if (!v.at("codes").is_object()) fail(where, "'codes' must map text to numbers");
      for (const auto& [k, value] : v.at("codes").items()) {
        if (!value.is_number()) fail(where, "code '" + k + "' must map to a number");
        var.codes[k] = value.get<double>();
      }
    }
    if (v.contains("range")) {
      const auto r = field<std::vector<double>>(v, "range", {}, where);
      if (r.size() != 2 || !(r[0] <= r[1])) fail(where, "'range' must be [low, high]");
      var.range = std::make_pair(r[0], r[1]);
    }
    if (var.column.empty() && var.note.empty()) fail(where, "a variable without a column needs a 'note' saying why");
    m.variables.push_back(var);
  }
  return m;
}

CohortMapping readCohortMapping(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CohortError(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  if (s.str().size() > (16u << 20)) throw CohortError(path + ": a mapping file is small JSON; this one is over 16 MiB");
  return parseCohortMapping(s.str(), path);
}

std::string mappedTablePath(const CohortMapping& m) {
  const std::filesystem::path t(m.table);
  if (t.is_absolute() || m.source.empty()) return m.table;
  return (std::filesystem::path(m.source).parent_path() / t).string();
}

// The mapping restricted to the variables asked for (a name it lacks: not evaluable, said so).
static CohortMapping restricted(const CohortMapping& mapping, const std::vector<std::string>& only) {
  CohortMapping m = mapping;
  if (only.empty()) return m;
  m.variables.clear();
  for (const auto& name : only) {
    const auto it = std::find_if(mapping.variables.begin(), mapping.variables.end(),
                                 [&](const CohortVariableMap& v) { return v.name == name; });
    if (it != mapping.variables.end()) m.variables.push_back(*it);
    else m.variables.push_back({name, "", 1, "", {}, std::nullopt, "not in the mapping " + mapping.source});
  }
  return m;
}

CohortData importCohort(const CohortMapping& mapping, const std::string& csvArg, Imputation imputation,
                        const std::vector<std::string>& only) {
  const std::string csv = csvArg.empty() ? mappedTablePath(mapping) : csvArg;
  if (csv.empty()) throw CohortError(mapping.source + ": the mapping names no table; give one");
  const CohortMapping m = restricted(mapping, only);
  CsvSelection keep;  // only the columns the mapping uses are kept, as text
  for (const auto& c : {m.idColumn, m.timeColumn, m.eventColumn, m.dateColumn, m.onlyIfColumn})
    if (!c.empty() && std::find(keep.text.begin(), keep.text.end(), c) == keep.text.end()) keep.text.push_back(c);
  for (const auto& v : m.variables)
    if (!v.column.empty() && std::find(keep.text.begin(), keep.text.end(), v.column) == keep.text.end()) keep.text.push_back(v.column);
  return importCohortTable(m, CsvTable::readFile(csv, keep), imputation);
}

CohortData importCohortTable(const CohortMapping& mapping, const CsvTable& table, Imputation imputation,
                             const std::vector<std::string>& only) {
  const CohortMapping m = restricted(mapping, only);
  const std::string& csv = table.source();
  auto col = [&](const std::string& name) { return table.columnIndex(name); };
  auto at = [&](int row, const std::string& column) {
    return "line " + std::to_string(row + 2) + ": column '" + column + "'";
  };
  CohortData out;
  CohortReport& rep = out.report;
  rep.table = csv;
  rep.mapping = m.source;
  rep.imputation = imputation;
  rep.rowsIn = table.rows();
  const int idCol = col(m.idColumn), timeCol = col(m.timeColumn), eventCol = col(m.eventColumn);

  // The patients' rows: every row of a patient table; the first visit of each patient in a visit table.
  std::vector<int> rows;
  if (!m.visits) {
    std::map<std::string, int> seen;
    for (int r = 0; r < table.rows(); ++r) {
      const std::string id = trim(table.cell(r, idCol));
      if (isMissingToken(id)) fail(csv, at(r, m.idColumn) + ": no patient ID");
      if (const auto it = seen.find(id); it != seen.end())
        fail(csv, at(r, m.idColumn) + ": patient '" + id + "' is already on line " + std::to_string(it->second + 2) +
                      " (a patient table has one row per patient; a visit table needs \"kind\": \"visits\")");
      seen[id] = r;
      rows.push_back(r);
    }
  } else {
    const int dateCol = col(m.dateColumn);
    std::string firstShape;
    int firstShapeRow = -1;
    std::map<std::string, std::pair<long, int>> first;  // id -> (date, row)
    std::map<std::pair<std::string, long>, int> sameDay;
    std::vector<std::string> order;
    for (int r = 0; r < table.rows(); ++r) {
      const std::string id = trim(table.cell(r, idCol));
      if (isMissingToken(id)) fail(csv, at(r, m.idColumn) + ": no patient ID");
      const std::string cell = trim(table.cell(r, dateCol));
      if (isMissingToken(cell)) fail(csv, at(r, m.dateColumn) + ": no visit date (the baseline is the first visit)");
      const std::string shape = dateShape(cell);
      if (!shape.empty() && firstShape.empty()) {
        firstShape = shape;
        firstShapeRow = r;
      } else if (!shape.empty() && shape != firstShape) {
        fail(csv, at(r, m.dateColumn) + ": dates in two formats: '" + cell + "' (" + shape + ") here, '" +
                      trim(table.cell(firstShapeRow, dateCol)) + "' (" + firstShape + ") on line " + std::to_string(firstShapeRow + 2));
      }
      const auto d = parseDate(cell, m.dateFormat);
      if (!d) fail(csv, at(r, m.dateColumn) + ": '" + cell + "' is not a date in the format " + m.dateFormat);
      if (++sameDay[{id, *d}] == 2) ++rep.duplicateVisits;
      const auto it = first.find(id);
      if (it == first.end()) {
        first[id] = {*d, r};
        order.push_back(id);
      } else if (*d < it->second.first) {
        it->second = {*d, r};  // earlier date; equal dates keep the earlier row (file order)
      }
    }
    for (const auto& id : order) rows.push_back(first[id].second);
    std::sort(rows.begin(), rows.end());
    if (!m.onlyIfColumn.empty()) {
      const int c = col(m.onlyIfColumn);
      std::vector<int> kept;
      for (int r : rows) {
        const auto v = parseNumber(trim(table.cell(r, c)));
        if (v && *v == m.onlyIfValue) kept.push_back(r);
        else ++rep.excludedByBaseline;
      }
      rep.notes.push_back("baseline: the first visit of each patient (date order, file order breaking ties); kept only "
                          "patients whose baseline visit has " + m.onlyIfColumn + " = " + std::to_string(m.onlyIfValue).substr(0, 6) +
                          " (" + std::to_string(rep.excludedByBaseline) + " excluded)");
      rows = kept;
    } else {
      rep.notes.push_back("baseline: the first visit of each patient (date order, file order breaking ties)");
    }
  }
  rep.patients = static_cast<int>(rows.size()) + rep.excludedByBaseline;

  // Time, event and the variables of each patient (NaN = missing).
  const std::size_t n = rows.size(), nv = m.variables.size();
  const double toMonths = monthsPer(m.timeUnit, m.source);
  std::vector<double> time(n, NAN), event(n, NAN);
  std::vector<bool> zero(n, false);  // a survival time of 0: left out of everything below
  std::vector<std::vector<double>> values(nv, std::vector<double>(n, NAN));
  for (std::size_t i = 0; i < n; ++i) {
    const int r = rows[i];
    const std::string t = trim(table.cell(r, timeCol)), e = trim(table.cell(r, eventCol));
    if (!isMissingToken(t)) {
      const auto v = parseNumber(t);
      if (!v) fail(csv, at(r, m.timeColumn) + ": '" + t + "' is not a number (a survival time in " + m.timeUnit + ")");
      if (*v < 0) fail(csv, at(r, m.timeColumn) + ": survival time " + t + " is negative (a time from baseline to death or "
                                                                            "last follow-up must be > 0)");
      if (*v == 0) {  // left out and reported: no follow-up after baseline (real tables have them)
        if (rep.zeroTimes++ == 0) rep.firstZeroTime = csv + ": " + at(r, m.timeColumn);
        zero[i] = true;
      } else {
        time[i] = *v * toMonths;
      }
    }
    if (!isMissingToken(e)) {
      const auto v = parseNumber(e);
      if (!v || (*v != 0 && *v != 1)) fail(csv, at(r, m.eventColumn) + ": event '" + e + "' is not 0 (censored) or 1 (death)");
      event[i] = *v;
    }
    for (std::size_t k = 0; k < nv; ++k) {
      const auto& var = m.variables[k];
      if (var.column.empty()) continue;
      const std::string cell = trim(table.cell(r, col(var.column)));
      if (isMissingToken(cell)) continue;
      double v;
      if (!var.codes.empty()) {
        const auto code = var.codes.find(cell);
        if (code == var.codes.end()) {
          std::string list;
          for (const auto& [text, value] : var.codes) list += (list.empty() ? "'" : ", '") + text + "'";
          fail(csv, at(r, var.column) + ": '" + cell + "' is not one of the mapping's codes for " + var.name + " (" + list + ")");
        }
        v = code->second;
      } else {
        const auto num = parseNumber(cell);
        if (!num) fail(csv, at(r, var.column) + ": '" + cell + "' is text in a numeric column (" + var.name + ")");
        v = *num;
      }
      values[k][i] = v * var.scale;
    }
  }

  // The report per variable, before the complete-case rule.
  for (std::size_t k = 0; k < nv; ++k) {
    const auto& var = m.variables[k];
    VariableReport vr;
    vr.name = var.name;
    vr.column = var.column;
    vr.note = var.note;
    if (!var.column.empty()) {
      int a = 0, b = 0, c = 0, d = 0;  // missing x event, among patients with a known event
      for (std::size_t i = 0; i < n; ++i) {
        if (zero[i]) continue;
        const bool miss = std::isnan(values[k][i]);
        vr.missing += miss;
        if (std::isnan(event[i])) continue;
        const bool ev = event[i] == 1;
        (miss ? (ev ? a : b) : (ev ? c : d))++;
        if (!miss && var.range && (values[k][i] < var.range->first || values[k][i] > var.range->second)) {
          if (!vr.outOfRange) vr.firstOutOfRangeLine = rows[i] + 2;
          ++vr.outOfRange;
        }
      }
      vr.missingEvents = a;
      vr.missingNonEvents = b;
      const double tot = a + b + c + d, den = double(a + b) * (c + d) * (a + c) * (b + d);
      vr.missingByOutcomeP = a + b == 0 ? 1.0 : den > 0 ? chisqUpper(tot * std::pow(double(a) * d - double(b) * c, 2) / den, 1) : NAN;
    }
    rep.variables.push_back(vr);
  }

  // Median imputation of the variables (never of time or event), labelled in the report.
  if (imputation == Imputation::Median)
    for (std::size_t k = 0; k < nv; ++k) {
      if (m.variables[k].column.empty()) continue;
      std::vector<double> seen;
      for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(values[k][i]) && !std::isnan(time[i]) && !std::isnan(event[i])) seen.push_back(values[k][i]);
      if (seen.empty()) continue;
      std::sort(seen.begin(), seen.end());
      const std::size_t h = seen.size() / 2;
      const double med = seen.size() % 2 ? seen[h] : (seen[h - 1] + seen[h]) / 2;
      rep.variables[k].median = med;
      for (std::size_t i = 0; i < n; ++i)
        if (std::isnan(values[k][i])) {
          values[k][i] = med;
          ++rep.variables[k].imputed;
        }
    }

  // Complete cases over time, event and the variables the cohort has (patients with a zero time left out first).
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < n; ++i) {
    if (zero[i]) continue;  // reported above
    bool ok = !std::isnan(time[i]) && !std::isnan(event[i]);
    for (std::size_t k = 0; k < nv && ok; ++k)
      if (!m.variables[k].column.empty() && std::isnan(values[k][i])) ok = false;
    if (ok) kept.push_back(i);
    else ++rep.droppedMissing;
  }
  rep.rowsKept = static_cast<int>(kept.size());
  if (kept.empty()) fail(csv, "no patient has a time, an event and every mapped variable (" + std::to_string(n) + " patients)");
  out.timeMonths.resize(static_cast<long>(kept.size()));
  out.event.resize(static_cast<long>(kept.size()));
  for (std::size_t q = 0; q < kept.size(); ++q) {
    const std::size_t i = kept[q];
    out.ids.push_back(trim(table.cell(rows[i], idCol)));
    out.lines.push_back(rows[i] + 2);
    out.timeMonths(static_cast<long>(q)) = time[i];
    out.event(static_cast<long>(q)) = static_cast<int>(event[i]);
    const double own = time[i] / toMonths;
    if (std::fabs(own - std::round(own)) > 1e-9) ++rep.nonIntegerTimes;
  }
  rep.events = out.event.sum();
  std::vector<std::size_t> used;
  for (std::size_t k = 0; k < nv; ++k) {
    auto& vr = rep.variables[k];
    if (m.variables[k].column.empty()) continue;
    const double v0 = values[k][kept.front()];
    vr.constant = std::all_of(kept.begin(), kept.end(), [&](std::size_t i) { return values[k][i] == v0; });
    vr.evaluable = !vr.constant;
    if (vr.constant) vr.note = (vr.note.empty() ? "" : vr.note + "; ") + "constant in the patients kept: not evaluable";
    else used.push_back(k);
  }
  out.x.resize(static_cast<long>(kept.size()), static_cast<long>(used.size()));
  for (std::size_t u = 0; u < used.size(); ++u) {
    out.names.push_back(m.variables[used[u]].name);
    for (std::size_t q = 0; q < kept.size(); ++q) out.x(static_cast<long>(q), static_cast<long>(u)) = values[used[u]][kept[q]];
  }
  return out;
}

SurvData cohortSurvData(const CohortData& c, const std::vector<std::string>& variables,
                        const std::map<std::string, double>& fill) {
  SurvData d;
  d.time = c.timeMonths;
  d.status = c.event;
  d.names = variables;
  d.x.resize(c.timeMonths.size(), static_cast<long>(variables.size()));
  for (std::size_t j = 0; j < variables.size(); ++j) {
    const auto it = std::find(c.names.begin(), c.names.end(), variables[j]);
    if (it != c.names.end()) {
      d.x.col(static_cast<long>(j)) = c.x.col(static_cast<long>(it - c.names.begin()));
    } else if (const auto f = fill.find(variables[j]); f != fill.end()) {
      d.x.col(static_cast<long>(j)).setConstant(f->second);
    } else {
      throw CohortError(c.report.mapping + ": variable '" + variables[j] + "' is not evaluable on this cohort");
    }
  }
  return d;
}

SurvData modelSurvData(const NomogramModel& model, const CohortData& c, std::vector<AssumedTerm>* assumed) {
  std::vector<std::string> names;
  std::map<std::string, double> fill;
  for (const auto& v : model.variables) {
    names.push_back(v.name);
    if (std::find(c.names.begin(), c.names.end(), v.name) != c.names.end()) continue;
    std::string why = "not in the mapping";
    for (const auto& vr : c.report.variables)
      if (vr.name == v.name) why = vr.note.empty() ? "not evaluable" : vr.note;
    if (!v.assumed)
      throw CohortError(c.report.mapping + ": the model's variable '" + v.name + "' is not evaluable on this cohort (" + why +
                        ") and the model file gives no assumed value for it: the model cannot be validated here");
    fill[v.name] = v.assumed->value;
    if (assumed) assumed->push_back({v.name, why, v.assumed->source, v.assumed->value});
  }
  return cohortSurvData(c, names, fill);
}

}  // namespace hccws::surv
