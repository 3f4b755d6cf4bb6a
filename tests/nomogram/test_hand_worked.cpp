// Tiny data sets whose answers are worked out by hand in the comments.
#include <hccws/survival/bootstrap.h>
#include <hccws/survival/concordance.h>
#include <hccws/survival/cox.h>
#include <hccws/survival/cox_baseline.h>
#include <hccws/survival/cutpoint.h>
#include <hccws/survival/distributions.h>
#include <hccws/survival/kaplan_meier.h>
#include <hccws/survival/prediction_metrics.h>

#include <catch2/catch.hpp>

using namespace hccws::surv;
using Catch::Detail::Approx;

namespace {
Eigen::VectorXd vd(std::initializer_list<double> v) {
  Eigen::VectorXd r(v.size());
  int i = 0;
  for (double x : v) r(i++) = x;
  return r;
}
Eigen::VectorXi vi(std::initializer_list<int> v) {
  Eigen::VectorXi r(v.size());
  int i = 0;
  for (int x : v) r(i++) = x;
  return r;
}
SurvData four() {
  // t = 1, 2, 3, 4; events at 1, 2, 3; x = 1, 0, 1, 0.
  SurvData d;
  d.time = vd({1, 2, 3, 4});
  d.status = vi({1, 1, 1, 0});
  d.x = Eigen::MatrixXd(4, 1);
  d.x << 1, 0, 1, 0;
  d.names = {"x"};
  return d;
}
}  // namespace

TEST_CASE("Cox log-likelihood, score and information at beta = 0 by hand", "[hand][cox]") {
  // Risk sets {1,2,3,4}, {2,3,4}, {3,4}: loglik(0) = -(log 4 + log 3 + log 2) = -log 24.
  // Score: (1 - 1/2) + (0 - 1/3) + (1 - 1/2) = 2/3. Information: 1/4 + 2/9 + 1/4 = 13/18.
  const auto d = four();
  const auto l = coxLikelihood(d, Eigen::VectorXd::Zero(1), Ties::Breslow);
  CHECK(l.loglik == Approx(-std::log(24.0)).epsilon(1e-14));
  CHECK(l.score(0) == Approx(2.0 / 3).epsilon(1e-14));
  CHECK(l.info(0, 0) == Approx(13.0 / 18).epsilon(1e-14));
  const CoxFit fit = fitCox(d);
  // Score test = U^2 / I = (4/9) / (13/18) = 8/13; the fit never decreases the likelihood.
  CHECK(fit.scoreTest == Approx(8.0 / 13).epsilon(1e-12));
  CHECK(fit.loglik >= fit.loglikInit);
  CHECK(fit.converged);
  // At the MLE the score is zero.
  CHECK(std::fabs(coxLikelihood(d, fit.beta, Ties::Efron).score(0)) < 1e-8);
}

TEST_CASE("Efron and Breslow differ only at tied deaths", "[hand][cox]") {
  // Two tied deaths at t = 1 among 3 at risk, x = (1, 0, 0), beta = 0:
  // Breslow: -2 log 3. Efron: -log 3 - log(3 - 1/2 * 2) = -log 3 - log 2.
  SurvData d;
  d.time = vd({1, 1, 2});
  d.status = vi({1, 1, 0});
  d.x = Eigen::MatrixXd(3, 1);
  d.x << 1, 0, 0;
  CHECK(coxLikelihood(d, Eigen::VectorXd::Zero(1), Ties::Breslow).loglik == Approx(-2 * std::log(3.0)));
  CHECK(coxLikelihood(d, Eigen::VectorXd::Zero(1), Ties::Efron).loglik == Approx(-std::log(3.0) - std::log(2.0)));
}

TEST_CASE("Kaplan-Meier, Greenwood, median and RMST by hand", "[hand][km]") {
  // t = 1, 2, 2+, 3, 4+: S = 4/5, 4/5 * 3/4 = 0.6, 0.6 * 1/2 = 0.3.
  // Greenwood sum: 1/(5*4) + 1/(4*3) + 1/(2*1) = 0.05 + 1/12 + 0.5.
  const auto km = kaplanMeier(vd({1, 2, 2, 3, 4}), vi({1, 1, 0, 1, 0}));
  REQUIRE(km.time.size() == 4);
  CHECK(km.surv[0] == Approx(0.8));
  CHECK(km.surv[1] == Approx(0.6));
  CHECK(km.surv[2] == Approx(0.3));
  CHECK(km.surv[3] == Approx(0.3));
  CHECK(km.nRisk[1] == 4);
  CHECK(km.stdErr[2] == Approx(std::sqrt(0.05 + 1.0 / 12 + 0.5)));
  CHECK(km.median == 3);  // first time S <= 0.5
  // RMST to 4: 1 * 1 + 1 * 0.8 + 1 * 0.6 + 1 * 0.3 = 2.7
  CHECK(restrictedMean(km, 4).mean == Approx(2.7));
  // median on a curve that is exactly 0.5 over [2, 3): midpoint (2 + 3) / 2
  CHECK(medianOf({1, 2, 3}, {0.75, 0.5, 0.25}) == Approx(2.5));
}

TEST_CASE("log-rank by hand equals the Cox score test", "[hand][logrank]") {
  // A dies at 1 and 3, B at 2 and 4. E_A = 2/4 + 1/3 + 1/2 = 4/3, O_A = 2;
  // V = 1/4 + 2/9 + 1/4 = 13/18; chisq = (2/3)^2 / (13/18) = 8/13.
  const auto lr = logRank(vd({1, 3, 2, 4}), vi({1, 1, 1, 1}), vi({0, 0, 1, 1}));
  CHECK(lr.expected(0) == Approx(4.0 / 3));
  CHECK(lr.chisq == Approx(8.0 / 13));
  CHECK(lr.df == 1);
  CHECK(lr.p == Approx(chisqUpper(8.0 / 13, 1)));
  CHECK(chisqUpper(3.841458820694124, 1) == Approx(0.05).epsilon(1e-9));
}

TEST_CASE("Harrell's C with a tie in the marker and a censored subject by hand", "[hand][concordance]") {
  // t = 1, 2, 3+, 4 with markers 4, 3, 3, 1. Death at 1 vs 2, 3, 4: 3 concordant. Death at 2 vs 3 (tied
  // marker): tied.x; vs 4: concordant. C = (4 + 1/2) / 5 = 0.9.
  const auto c = harrellC(vd({1, 2, 3, 4}), vi({1, 1, 0, 1}), vd({4, 3, 3, 1}));
  CHECK(c.concordant == 4);
  CHECK(c.tiedX == 1);
  CHECK(c.discordant == 0);
  CHECK(c.index() == Approx(0.9));
  // Without censoring Uno's weights are all 1: Uno's C equals Harrell's C.
  const auto t = vd({1, 2, 3, 4, 5});
  const auto e = vi({1, 1, 1, 1, 1});
  const auto m = vd({5, 3, 4, 1, 2});
  CHECK(unoC(t, e, m) == Approx(harrellC(t, e, m).index()));
}

TEST_CASE("td-AUC and Brier by hand", "[hand][ipcw]") {
  // No censoring, t = 2.5: cases are subjects 1, 2 (risk 0.8, 0.5), controls 3, 4, 5 (risk 0.4, 0.6, 0.1).
  // Pairs with case risk > control risk: 3 + 2 of 6 -> AUC = 5/6.
  // Brier: cases S^2 = 0.04 + 0.25, controls (1 - S)^2 = 0.16 + 0.36 + 0.01; (0.29 + 0.53) / 5 = 0.164.
  const auto t = vd({1, 2, 3, 4, 5});
  const auto e = vi({1, 1, 1, 1, 1});
  const auto s = vd({0.2, 0.5, 0.6, 0.4, 0.9});
  CHECK(timeDependentAuc(t, e, s, 2.5) == Approx(5.0 / 6));
  CHECK(brierScore(t, e, s, 2.5) == Approx(0.164));
  // Censoring at 2: G = 2/3 after it. Cases 1 (w 1) and 3 (w 1 / G(3-) = 1.5), control 4 (w 1.5): with
  // every prediction 0.5 each residual is 0.25 and the weights sum to n, so Brier = 0.25.
  CHECK(brierScore(vd({1, 2, 3, 4}), vi({1, 0, 1, 1}), vd({0.5, 0.5, 0.5, 0.5}), 3.5) == Approx(0.25));
  // IBS on the grid {0, 1.5} to tau = 3 is the step integral (B(0) * 1.5 + B(1.5) * 1.5) / 3; at t = 0
  // everyone is a control: B(0) = (0.64 + 0.25 + 0.16 + 0.36 + 0.01) / 5 = 0.284.
  Eigen::MatrixXd grid(5, 2);
  grid.col(0) = s;
  grid.col(1) = s;
  CHECK(brierScore(t, e, s, 0) == Approx(0.284));
  CHECK(integratedBrier(t, e, grid, {0, 1.5}, 3) ==
        Approx((brierScore(t, e, s, 0) * 1.5 + brierScore(t, e, s, 1.5) * 1.5) / 3));
}

TEST_CASE("calibration at t by hand", "[hand][calibration]") {
  // Two groups of 2 by predicted S(3): {0.2, 0.4} (subjects 1, 2) and {0.6, 0.8} (3, 4).
  // Group 1: deaths at 1 and 2 -> KM S(3) = 0, mean predicted 0.3. Group 2: death at 5, censored at 4 ->
  // KM S(3) = 1, mean predicted 0.7. Mean |observed - predicted| = (2 * 0.3 + 2 * 0.3) / 4 = 0.3.
  const auto cal = calibrationAt(vd({1, 2, 5, 4}), vi({1, 1, 1, 0}), vd({0.2, 0.4, 0.6, 0.8}), 3, 2);
  REQUIRE(cal.groups.size() == 2);
  CHECK(cal.groups[0].predicted == Approx(0.3));
  CHECK(cal.groups[0].observed == Approx(0.0));
  CHECK(cal.groups[1].predicted == Approx(0.7));
  CHECK(cal.groups[1].observed == Approx(1.0));
  CHECK(cal.meanAbsError == Approx(0.3));
}

TEST_CASE("Lausen-Schumacher p-value by hand", "[hand][cutpoint]") {
  // b = 3, eps = 0.1 / 0.9: phi(3) = 0.00443185; 4 phi / 3 = 0.00590913;
  // phi (3 - 1/3) log(0.81 / 0.01) = 0.00443185 * 2.666667 * 4.394449 = 0.0519347; p = 0.0578439.
  CHECK(lausenSchumacher92(3, 0.1, 0.9) == Approx(0.0578439).epsilon(1e-5));
  CHECK(lausenSchumacher92(0.5, 0.1, 0.9) == 1.0);
}

TEST_CASE("bootstrap is reproducible for a seed and gives a percentile CI", "[bootstrap]") {
  std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto mean = [&](const std::vector<int>& r) {
    double s = 0;
    for (int i : r) s += v[i];
    return s / r.size();
  };
  const auto a = bootstrap(10, mean, 300, 42), b = bootstrap(10, mean, 300, 42), c = bootstrap(10, mean, 300, 7);
  CHECK(a.estimate == 5.5);
  CHECK(a.replicates == b.replicates);
  CHECK(a.replicates != c.replicates);
  CHECK(a.lower < 5.5);
  CHECK(a.upper > 5.5);
  // SE of a mean of 10 values with sd sqrt(8.25) (population): about 0.91
  CHECK(a.se == Approx(std::sqrt(8.25 / 10)).epsilon(0.15));
  CHECK(quantile7({1, 2, 3, 4}, 0.5) == 2.5);
}

TEST_CASE("distribution functions", "[hand]") {
  CHECK(normalQuantile(0.975) == Approx(1.959963984540054).epsilon(1e-13));
  CHECK(normalCdf(1.959963984540054) == Approx(0.975).epsilon(1e-14));
  CHECK(chisqUpper(10, 4) == Approx(0.04042768199451279).epsilon(1e-11));
  CHECK(chisqUpper(230.97510450812865, 5) == Approx(6.609800859073282e-48).epsilon(1e-8));
}
