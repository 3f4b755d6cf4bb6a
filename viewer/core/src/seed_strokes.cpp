// Seed strokes: JSON reading/writing and replay (see seed_strokes.h).
#include <hccws/core/errors.h>
#include <hccws/core/seed_strokes.h>

#include "io_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hccws::core {

namespace {

constexpr std::uintmax_t kMaxBytes = 16u << 20;
constexpr std::size_t kMaxStrokes = 10000, kMaxPoints = 100000;

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw ImagingError(path, what); }

Brush readBrush(const nlohmann::json& j, Brush b, const std::string& path, const std::string& where) {
  if (!j.is_object()) fail(path, where + " must be an object");
  if (j.contains("shape")) {
    const auto& s = j["shape"];
    if (s == "disc")
      b.shape = BrushShape::Disc;
    else if (s == "sphere")
      b.shape = BrushShape::Sphere;
    else
      fail(path, where + ".shape must be \"disc\" or \"sphere\"");
  }
  if (j.contains("radius_mm")) {
    if (!j["radius_mm"].is_number()) fail(path, where + ".radius_mm must be a number");
    b.radiusMm = j["radius_mm"].get<double>();
    if (!(b.radiusMm > 0 && b.radiusMm <= 100)) fail(path, where + ".radius_mm must be in (0, 100] mm");
  }
  if (j.contains("slice_axis")) {
    if (!j["slice_axis"].is_number_integer()) fail(path, where + ".slice_axis must be 0, 1 or 2");
    const auto a = j["slice_axis"].get<long long>();
    if (a < 0 || a > 2) fail(path, where + ".slice_axis must be 0, 1 or 2");
    b.sliceAxis = static_cast<int>(a);
  }
  return b;
}

}  // namespace

std::vector<SeedStroke> readSeedStrokes(const std::string& path) {
  const nlohmann::json doc = io::readJsonFile(path, kMaxBytes);
  if (!doc.is_object() || !doc.contains("strokes") || !doc["strokes"].is_array())
    fail(path, "needs an object with a \"strokes\" array");
  Brush brush;
  if (doc.contains("brush")) brush = readBrush(doc["brush"], brush, path, "brush");
  const auto& arr = doc["strokes"];
  if (arr.size() > kMaxStrokes) fail(path, "more than 10,000 strokes");
  std::vector<SeedStroke> out;
  std::size_t points = 0;
  for (std::size_t n = 0; n < arr.size(); ++n) {
    const std::string where = "strokes[" + std::to_string(n) + "]";
    const auto& s = arr[n];
    if (!s.is_object()) fail(path, where + " must be an object");
    SeedStroke st;
    if (s.contains("label")) {
      if (!s["label"].is_string()) fail(path, where + ".label must be a string");
      st.label = s["label"].get<std::string>();
    }
    if (!s.contains("value") || !s["value"].is_number_integer()) fail(path, where + ".value must be an integer");
    const auto v = s["value"].get<long long>();
    if (v < 1 || v > 255) fail(path, where + ".value must be 1..255 (255 = background)");
    st.value = static_cast<std::uint8_t>(v);
    st.brush = readBrush(s, brush, path, where);
    if (!s.contains("points_lps") || !s["points_lps"].is_array() || s["points_lps"].empty())
      fail(path, where + ".points_lps must be a non-empty array of [x, y, z]");
    points += s["points_lps"].size();
    if (points > kMaxPoints) fail(path, "more than 100,000 points");
    for (const auto& p : s["points_lps"]) {
      if (!p.is_array() || p.size() != 3 || !p[0].is_number() || !p[1].is_number() || !p[2].is_number())
        fail(path, where + ".points_lps holds something other than [x, y, z]");
      const Vec3 q{p[0].get<double>(), p[1].get<double>(), p[2].get<double>()};
      if (!std::isfinite(q[0]) || !std::isfinite(q[1]) || !std::isfinite(q[2]))
        fail(path, where + ".points_lps holds a non-finite coordinate");
      st.pointsLps.push_back(q);
    }
    out.push_back(std::move(st));
  }
  return out;
}

void writeSeedStrokes(const std::string& path, const std::vector<SeedStroke>& strokes) {
  nlohmann::json arr = nlohmann::json::array();
  for (const SeedStroke& s : strokes) {
    nlohmann::json pts = nlohmann::json::array();
    for (const Vec3& p : s.pointsLps) pts.push_back({p[0], p[1], p[2]});
    arr.push_back({{"label", s.label},
                   {"value", s.value},
                   {"shape", s.brush.shape == BrushShape::Disc ? "disc" : "sphere"},
                   {"radius_mm", s.brush.radiusMm},
                   {"slice_axis", s.brush.sliceAxis},
                   {"points_lps", pts}});
  }
  const std::string text = nlohmann::json({{"strokes", arr}}).dump(1) + "\n";
  io::writeTextAtomically(path, text);
}

void paintSeedStrokes(Volume<std::uint8_t>& seeds, const std::vector<SeedStroke>& strokes) {
  LabelMap map{std::move(seeds), LabelTable{}};
  try {
    for (const SeedStroke& s : strokes) {
      EditRules rules;
      rules.label = s.value;
      for (std::size_t n = 0; n < s.pointsLps.size(); ++n)
        paintLine(map, s.pointsLps[n == 0 ? 0 : n - 1], s.pointsLps[n], s.brush, rules, nullptr);
    }
  } catch (...) {
    seeds = std::move(map.labels);
    throw;
  }
  seeds = std::move(map.labels);
}

}  // namespace hccws::core
