#pragma once
// Helpers shared by the nomogram tests (header-only so each test file stays one executable): locating the
// reference data written by reference/make_reference.R and comparing with R's values.
#include <hccws/survival/csv_table.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace surv_test {

inline std::string dataPath(const std::string& file) {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/tests/nomogram/data/" + file;
}

inline nlohmann::json loadJson(const std::string& file) {
  std::ifstream in(dataPath(file));
  if (!in) throw std::runtime_error("cannot open " + dataPath(file));
  return nlohmann::json::parse(in);
}

inline hccws::surv::SurvTable loadSurv(const std::string& file, const std::string& time, const std::string& event,
                                       const std::vector<std::string>& cov, const std::string& strata = "") {
  return hccws::surv::buildSurvData(hccws::surv::CsvTable::readFile(dataPath(file)),
                                    hccws::surv::SurvColumns{time, event, cov, strata});
}

// Values as doubles; JSON null (R's NA) becomes NaN. Scalars become one-element vectors.
inline std::vector<double> vec(const nlohmann::json& j) {
  std::vector<double> v;
  if (!j.is_array()) {
    v.push_back(j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>());
    return v;
  }
  for (const auto& e : j) v.push_back(e.is_null() ? std::numeric_limits<double>::quiet_NaN() : e.get<double>());
  return v;
}

// |a - b| <= rel * max(|b|, floor); both NaN counts as equal.
inline bool close(double a, double b, double rel, double floor = 1.0) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::fabs(a - b) <= rel * std::max(std::fabs(b), floor);
}
inline double relDiff(double a, double b, double floor = 1.0) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  return std::fabs(a - b) / std::max(std::fabs(b), floor);
}

}  // namespace surv_test
