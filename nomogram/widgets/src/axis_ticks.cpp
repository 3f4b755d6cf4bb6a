#include "axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace hccws::nomo::detail {

double niceStep(double lo, double hi, int target) {
  const double span = std::fabs(hi - lo);
  if (!(span > 0) || target < 1) return 1.0;
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10 * mag;
}

std::vector<double> niceTicks(double lo, double hi, int target) {
  if (lo > hi) std::swap(lo, hi);
  const double step = niceStep(lo, hi, target);
  const double slack = 1e-9 * std::max(1.0, std::fabs(hi - lo));
  std::vector<double> ticks;
  for (double k = std::ceil((lo - slack) / step); k * step <= hi + slack; k += 1) {
    const double v = k * step;
    ticks.push_back(std::fabs(v) < slack ? 0.0 : v);
  }
  return ticks;
}

int decimalsFor(double step) {
  for (int d = 0; d < 6; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 6;
}

}  // namespace hccws::nomo::detail
