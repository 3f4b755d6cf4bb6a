#include <hccws/core/intensity_map.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::core {

CtVolume quantiseToInt16(const FloatVolume& values, IntensityMap* map) {
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  bool integral = true;
  for (float v : values.buffer()) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, double(v));
    hi = std::max(hi, double(v));
    integral = integral && v == std::floor(v);
  }
  if (lo > hi) lo = hi = 0;  // nothing finite
  CtVolume out(values.geometry());
  if (integral && lo >= -32768 && hi <= 32767) {
    map->slope = 1.0;
    map->intercept = 0.0;
  } else {
    map->slope = hi > lo ? (hi - lo) / 64000.0 : 1.0;
    map->intercept = hi > lo ? (lo + hi) / 2.0 : lo;
  }
  const auto& in = values.buffer();
  auto& o = out.buffer();
  for (std::size_t n = 0; n < in.size(); ++n) {
    const double v = std::isfinite(in[n]) ? double(in[n]) : lo;
    o[n] = static_cast<std::int16_t>(std::clamp(std::lround(map->stored(v)), -32768L, 32767L));
  }
  return out;
}

FloatVolume realValues(const CtVolume& stored, const IntensityMap& map) {
  FloatVolume out(stored.geometry());
  const auto& in = stored.buffer();
  auto& o = out.buffer();
  for (std::size_t n = 0; n < in.size(); ++n) o[n] = static_cast<float>(map.value(in[n]));
  return out;
}

}  // namespace hccws::core
