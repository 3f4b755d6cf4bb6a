#include "hccws/survival/weibull.h"

#include "hccws/survival/distributions.h"
#include "hccws/survival/types.h"

#include <cmath>
#include <limits>

namespace hccws::surv {

namespace {

void check(double scale, double shape, double lp) {
  if (!(scale > 0) || !std::isfinite(scale)) throw SurvivalError("Weibull: scale must be a positive number");
  if (!(shape > 0) || !std::isfinite(shape)) throw SurvivalError("Weibull: shape must be a positive number");
  if (!std::isfinite(lp)) throw SurvivalError("Weibull: the linear predictor is not finite");
}

// sum_{n>=0} x^n / (a (a+1) ... (a+n)): gamma(a, x) = x^a e^-x times this. Converges for every x; used
// for x < a + 1, where its terms fall at least geometrically once n > x - a.
double lowerSeries(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 100000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

}  // namespace

double weibullSurvival(double scale, double shape, double lp, double t) {
  check(scale, shape, lp);
  if (!(t > 0)) return 1.0;
  return std::exp(-std::pow(t / scale, shape) * std::exp(lp));
}

double weibullRestrictedMean(double scale, double shape, double lp, double tau) {
  check(scale, shape, lp);
  if (std::isnan(tau)) throw SurvivalError("Weibull: tau is NaN");
  if (!(tau > 0)) return 0.0;
  const double a = 1.0 / shape;
  // c^(-a) Gamma(1 + a) = scale * exp(-lp / shape) * Gamma(1 + a): the unrestricted mean
  const double mean = scale * std::exp(-lp * a + std::lgamma(1 + a));
  if (std::isinf(tau)) return mean;
  // x = c tau^shape = exp(lp) (tau / scale)^shape, in logs so that huge tau / scale do not overflow early
  const double logx = lp + shape * (std::log(tau) - std::log(scale));
  if (logx > 700) return mean;  // e^-x underflows: S(tau) = 0 to double precision, the tail adds nothing
  const double x = std::exp(logx);
  if (x < a + 1) return tau * a * std::exp(-x) * lowerSeries(a, x);
  return mean - tau * a * std::exp(-x) * upperGammaFraction(a, x);
}

}  // namespace hccws::surv
