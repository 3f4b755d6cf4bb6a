// Measurement marks: geometry and the JSON file (see marks.h).
#include <hccws/core/errors.h>
#include <hccws/core/marks.h>

#include "io_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hccws::core {

namespace {

constexpr std::uintmax_t kMaxBytes = 4u << 20;
constexpr std::size_t kMaxMarks = 10000;

Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw ImagingError(path, what); }

Vec3 point(const nlohmann::json& j, const std::string& path, const std::string& where) {
  if (!j.is_array() || j.size() != 3 || !j[0].is_number() || !j[1].is_number() || !j[2].is_number())
    fail(path, where + " must be [x, y, z]");
  const Vec3 p{j[0].get<double>(), j[1].get<double>(), j[2].get<double>()};
  if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) fail(path, where + " is not finite");
  return p;
}

nlohmann::json json(const Vec3& p) { return {p[0], p[1], p[2]}; }

}  // namespace

double RulerMark::lengthMm() const { return norm(sub(b, a)); }

double AngleMark::degrees() const {
  const Vec3 u = sub(a, vertex), v = sub(b, vertex);
  const double nu = norm(u), nv = norm(v);
  if (nu <= 0 || nv <= 0) return 0;
  const double c = std::clamp(dot(u, v) / (nu * nv), -1.0, 1.0);
  return std::acos(c) * 180.0 / M_PI;
}

std::string marksSidecarPath(const std::string& segmentationPath) { return segmentationPath + ".marks.json"; }

MeasurementMarks readMarks(const std::string& path) {
  const nlohmann::json doc = io::readJsonFile(path, kMaxBytes);
  if (!doc.is_object() || doc.value("format", "") != "hccws-marks") fail(path, "not a marks file (format \"hccws-marks\")");
  if (!doc.contains("version") || !doc["version"].is_number_integer() || doc["version"].get<long long>() != 1)
    fail(path, "marks file version must be 1");
  MeasurementMarks m;
  const auto list = [&](const char* key) -> const nlohmann::json& {
    static const nlohmann::json empty = nlohmann::json::array();
    if (!doc.contains(key)) return empty;
    if (!doc[key].is_array()) fail(path, std::string(key) + " must be an array");
    if (doc[key].size() > kMaxMarks) fail(path, std::string("more than 10,000 ") + key);
    return doc[key];
  };
  const auto& rulers = list("rulers");
  for (std::size_t n = 0; n < rulers.size(); ++n) {
    const std::string w = "rulers[" + std::to_string(n) + "]";
    if (!rulers[n].is_object() || !rulers[n].contains("a") || !rulers[n].contains("b")) fail(path, w + " needs a and b");
    m.rulers.push_back({point(rulers[n]["a"], path, w + ".a"), point(rulers[n]["b"], path, w + ".b")});
  }
  const auto& angles = list("angles");
  for (std::size_t n = 0; n < angles.size(); ++n) {
    const std::string w = "angles[" + std::to_string(n) + "]";
    const auto& j = angles[n];
    if (!j.is_object() || !j.contains("a") || !j.contains("vertex") || !j.contains("b"))
      fail(path, w + " needs a, vertex and b");
    m.angles.push_back({point(j["a"], path, w + ".a"), point(j["vertex"], path, w + ".vertex"), point(j["b"], path, w + ".b")});
  }
  return m;
}

void writeMarks(const std::string& path, const MeasurementMarks& m) {
  nlohmann::json rulers = nlohmann::json::array(), angles = nlohmann::json::array();
  for (const auto& r : m.rulers) rulers.push_back({{"a", json(r.a)}, {"b", json(r.b)}, {"length_mm", r.lengthMm()}});
  for (const auto& a : m.angles)
    angles.push_back({{"a", json(a.a)}, {"vertex", json(a.vertex)}, {"b", json(a.b)}, {"degrees", a.degrees()}});
  const std::string text = nlohmann::json({{"format", "hccws-marks"},
                                           {"version", 1},
                                           {"frame", "LPS mm"},
                                           {"rulers", rulers},
                                           {"angles", angles}})
                               .dump(1) +
                           "\n";
  io::writeTextAtomically(path, text);
}

}  // namespace hccws::core
