// Weibull restricted mean survival time in closed form (weibull.h) against R's integrate() on the Weibull
// survival function (reference/make_cli_reference.R -> ref_cli.json "weibull_rmst": shapes 0.25 to 3.5, tau from
// 0.5 to 10^4, linear predictors -1.5 to 1.2), and the limits: tau -> 0, tau -> infinity (the mean).
#include "support.h"

#include <hccws/survival/weibull.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

using namespace hccws::surv;

TEST_CASE("Weibull RMST equals R's integrate() for any shape and tau", "[weibull][R]") {
  const auto cases = surv_test::loadJson("ref_cli.json")["weibull_rmst"];
  REQUIRE(cases.size() >= 90);
  double worst = 0;
  for (const auto& c : cases) {
    const double scale = c["scale"], shape = c["shape"], lp = c["lp"], tau = c["tau"], want = c["rmst"];
    const double got = weibullRestrictedMean(scale, shape, lp, tau);
    INFO("shape " << shape << " lp " << lp << " tau " << tau << ": " << got << " vs R " << want);
    CHECK(surv_test::close(got, want, 1e-12, 0));
    CHECK(surv_test::close(got, c["rmst_pgamma"].get<double>(), 1e-12, 0));
    worst = std::max(worst, surv_test::relDiff(got, want, 0));
  }
  std::printf("Weibull RMST vs R integrate(): %zu cases, max relative deviation %.2e\n", cases.size(), worst);
}

TEST_CASE("Weibull RMST limits and refusals", "[weibull]") {
  // exponential (shape 1): (scale / e^lp) (1 - exp(-tau e^lp / scale))
  const double scale = 20, lp = 0.3, h = std::exp(lp) / scale;
  for (double tau : {1e-6, 0.1, 5.0, 40.0, 300.0})
    CHECK(surv_test::close(weibullRestrictedMean(scale, 1, lp, tau), -std::expm1(-h * tau) / h, 1e-13, 0));
  // tau -> 0: RMST ~ tau; tau -> infinity: the mean scale e^(-lp/shape) Gamma(1 + 1/shape)
  CHECK(surv_test::close(weibullRestrictedMean(10, 0.5, 0, 1e-9), 1e-9, 1e-4, 0));
  const double mean = 10 * std::exp(-0.4 / 0.7) * std::tgamma(1 + 1 / 0.7);
  CHECK(surv_test::close(weibullRestrictedMean(10, 0.7, 0.4, std::numeric_limits<double>::infinity()), mean, 1e-13, 0));
  CHECK(surv_test::close(weibullRestrictedMean(10, 0.7, 0.4, 1e9), mean, 1e-13, 0));
  CHECK(weibullRestrictedMean(10, 0.7, 0.4, 0) == 0);
  CHECK(weibullRestrictedMean(10, 0.7, 0.4, -3) == 0);
  CHECK_THROWS_AS(weibullRestrictedMean(0, 1, 0, 1), SurvivalError);
  CHECK_THROWS_AS(weibullRestrictedMean(1, -1, 0, 1), SurvivalError);
  CHECK_THROWS_AS(weibullRestrictedMean(1, 1, std::nan(""), 1), SurvivalError);
  CHECK_THROWS_AS(weibullRestrictedMean(1, 1, 0, std::nan("")), SurvivalError);
  // monotone in tau, below tau
  double prev = 0;
  for (double tau = 0.5; tau < 200; tau *= 1.7) {
    const double v = weibullRestrictedMean(37.3, 0.85, 0.2, tau);
    CHECK(v > prev);
    CHECK(v <= tau);
    prev = v;
  }
}
