#pragma once
// Tick positions for the nomogram and curve axes: "nice" steps 1, 2, 2.5, 5 x 10^k covering [lo, hi] with
// about `target` intervals. Hand-written (a few lines) because Qt has no axis logic outside Qt Charts, which
// these QPainter views do not use. Pure functions.
#include <vector>

namespace hccws::nomo::detail {

double niceStep(double lo, double hi, int target);
// Multiples of the nice step inside [lo, hi] (inclusive, with a 1e-9 relative slack).
std::vector<double> niceTicks(double lo, double hi, int target);
// Decimals needed to print multiples of `step` exactly (0 for 5, 1 for 0.5, 2 for 0.25 ...).
int decimalsFor(double step);

}  // namespace hccws::nomo::detail
