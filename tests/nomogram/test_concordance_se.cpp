// Standard error of Harrell's C against R's survival::concordance() (sqrt(fit$var)) on the cohorts exported by
// reference/make_reference.R; references from reference/make_concordance_se.R (ref_concordance_se.json).
// A brute-force O(n^2) enumeration of the pairs checks the same formula on small data with heavy ties.
#include "support.h"

#include <hccws/survival/concordance.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

using namespace hccws::surv;
using surv_test::close;

namespace {

Eigen::VectorXd column(const std::string& file, const std::string& name, const std::vector<int>& rows) {
  const auto table = CsvTable::readFile(surv_test::dataPath(file));
  const auto values = table.numericColumn(name);
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& v = values.at(static_cast<size_t>(rows[i]));
    if (!v) throw std::runtime_error(file + ": missing " + name + " in row " + std::to_string(rows[i] + 2));
    out(static_cast<Eigen::Index>(i)) = *v;
  }
  return out;
}

// Every pair, straight from the definition in concordance.h: the variance R's concordancefit computes.
ConcordanceCounts bruteForce(const Eigen::VectorXd& t, const Eigen::VectorXi& s, const Eigen::VectorXd& x) {
  const int n = static_cast<int>(t.size());
  std::vector<double> C(n, 0), D(n, 0), T(n, 0);
  ConcordanceCounts c;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if (i == j || !s(i) || !(t(i) < t(j) || (t(i) == t(j) && !s(j)))) continue;
      auto& bucket = x(i) > x(j) ? C : x(i) < x(j) ? D : T;  // higher marker = shorter time
      bucket[i] += 1;
      bucket[j] += 1;
    }
  for (int i = 0; i < n; ++i) {
    c.concordant += C[i] / 2;
    c.discordant += D[i] / 2;
    c.tiedX += T[i] / 2;
  }
  const double npair = c.concordant + c.discordant + c.tiedX, somers = (c.concordant - c.discordant) / npair;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double dfbeta = (C[i] - D[i]) / npair - somers / npair * (C[i] + D[i] + T[i]);
    sum += dfbeta * dfbeta;
  }
  c.variance = sum / 4;
  return c;
}

}  // namespace

TEST_CASE("standard error of Harrell's C matches R's concordance()", "[concordance][R]") {
  const auto ref = surv_test::loadJson("ref_concordance_se.json");
  REQUIRE(ref["cases"].size() >= 6);
  double worst = 0;
  for (const auto& k : ref["cases"]) {
    const std::string file = k["file"], markerFile = k["marker_file"], marker = k["marker"];
    INFO(file << " " << k["time"].get<std::string>() << " ~ " << marker << " reverse " << k["reverse"]);
    const bool own = markerFile == file;
    const auto tab = surv_test::loadSurv(file, k["time"], k["event"], own ? std::vector<std::string>{marker}
                                                                          : std::vector<std::string>{});
    const Eigen::VectorXd m = own ? Eigen::VectorXd(tab.data.x.col(0)) : column(markerFile, marker, tab.sourceRows);
    const auto c = harrellC(tab.data.time, tab.data.status, m, k["reverse"].get<bool>());
    CHECK(c.concordant == k["counts"]["concordant"].get<double>());
    CHECK(c.discordant == k["counts"]["discordant"].get<double>());
    CHECK(close(c.index(), k["concordance"].get<double>(), 1e-10));
    CHECK(close(c.variance, k["var"].get<double>(), 1e-6, 0));
    CHECK(close(c.stdErr(), k["std_err"].get<double>(), 1e-6, 0));
    worst = std::max(worst, surv_test::relDiff(c.stdErr(), k["std_err"].get<double>(), 0));
  }
  std::printf("concordance SE vs R: %zu cases, max relative deviation %.2e\n", ref["cases"].size(), worst);
}

TEST_CASE("variance of Harrell's C equals the pairwise definition on tied data", "[concordance][hand]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> time(1, 8), marker(1, 4), coin(0, 2);
  for (int rep = 0; rep < 20; ++rep) {
    const int n = 5 + rep * 3;
    Eigen::VectorXd t(n), x(n);
    Eigen::VectorXi s(n);
    for (int i = 0; i < n; ++i) {
      t(i) = time(rng);
      x(i) = marker(rng);
      s(i) = coin(rng) > 0;
    }
    s(0) = 1;
    t(0) = 0.5;  // at least one comparable pair
    const auto fast = harrellC(t, s, x, true), slow = bruteForce(t, s, x);
    INFO("n = " << n);
    CHECK(fast.concordant == slow.concordant);
    CHECK(fast.tiedX == slow.tiedX);
    CHECK(close(fast.variance, slow.variance, 1e-12, 0));
    // orientation does not change the variance
    CHECK(close(harrellC(t, s, x, false).variance, fast.variance, 1e-12, 0));
  }
}

TEST_CASE("variance of Harrell's C by hand; NaN without comparable pairs", "[concordance][hand]") {
  // t = 1, 2, 3+ with markers 3, 2, 1: pairs (1,2), (1,3), (2,3) all concordant. Somers' d = 1, N = 3;
  // C_i = 2, 2, 2 and D = T = 0, so dfbeta_i = 2/3 - 2/3 = 0: variance 0 (C = 1 cannot vary to first order).
  Eigen::VectorXd t(3), x(3);
  Eigen::VectorXi s(3);
  t << 1, 2, 3;
  x << 3, 2, 1;
  s << 1, 1, 0;
  CHECK(harrellC(t, s, x).variance == Approx(0.0).margin(1e-15));
  // markers 3, 1, 2: pairs (1,2) conc, (1,3) conc, (2,3) disc. N = 3, d = 1/3.
  // C = (2, 1, 1), D = (0, 1, 1): dfbeta = (2/3 - 2/9, 0 - 2/9, 0 - 2/9) = (4/9, -2/9, -2/9);
  // variance = (16 + 4 + 4) / 81 / 4 = 2/27.
  x << 3, 1, 2;
  CHECK(harrellC(t, s, x).variance == Approx(2.0 / 27).epsilon(1e-12));
  s << 0, 0, 0;
  CHECK(std::isnan(harrellC(t, s, x).variance));
}

TEST_CASE("stratified Harrell's C and its SE match R's coxph(... + strata()) concordance", "[concordance][R][strata]") {
  // R: concordance(coxph(Surv(month, status) ~ age + ph_ecog + strata(sex), lung)), from ref_cli.json; the
  // marker is that fit's linear predictor (betas from R).
  const auto ref = surv_test::loadJson("ref_cli.json")["fit"];
  struct Case {
    const char *key, *file, *time, *event, *strata;
  };
  for (const Case k : {Case{"lungmonth_strata", "lung.csv", "month", "status", "sex"},
                       Case{"veteran_strata_breslow", "veteran.csv", "time", "status", "celltype"}}) {
    INFO(k.key);
    const auto& r = ref[k.key];
    std::vector<std::string> names = r["names"];
    const auto tab = surv_test::loadSurv(k.file, k.time, k.event, names, k.strata);
    Eigen::VectorXd beta(static_cast<Eigen::Index>(names.size()));
    for (size_t j = 0; j < names.size(); ++j) beta(static_cast<Eigen::Index>(j)) = r["beta"][j];
    const Eigen::VectorXd lp = tab.data.x * beta;
    const auto c = harrellCStratified(tab.data.time, tab.data.status, lp, tab.data.strata, true);
    CHECK(c.concordant == r["counts"]["concordant"].get<double>());
    CHECK(c.discordant == r["counts"]["discordant"].get<double>());
    CHECK(c.tiedX == r["counts"]["tied.x"].get<double>());
    CHECK(c.tiedY == r["counts"]["tied.y"].get<double>());
    CHECK(c.tiedXY == r["counts"]["tied.xy"].get<double>());
    CHECK(close(c.index(), r["concordance"].get<double>(), 1e-10));
    CHECK(close(c.stdErr(), r["concordance_se"].get<double>(), 1e-6, 0));
    // without strata the counts differ (pairs across strata enter): the stratified path is really taken
    CHECK(harrellC(tab.data.time, tab.data.status, lp, true).concordant != c.concordant);
  }
}

TEST_CASE("stratified SE equals the brute-force pooled influence", "[concordance][strata]") {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> tm(1, 6), st(0, 1), x(0, 3), g(0, 2);
  const int n = 60;
  Eigen::VectorXd t(n), m(n);
  Eigen::VectorXi s(n), strata(n);
  for (int i = 0; i < n; ++i) {
    t(i) = tm(rng);
    s(i) = st(rng);
    m(i) = x(rng);
    strata(i) = g(rng);
  }
  // pooled over strata by hand: per-stratum brute-force influence, pooled N and Somers' d
  const auto c = harrellCStratified(t, s, m, strata, true);
  double C = 0, Dd = 0, T = 0;
  std::vector<std::array<double, 3>> infl;
  for (int code = 0; code <= 2; ++code) {
    std::vector<int> rows;
    for (int i = 0; i < n; ++i)
      if (strata(i) == code) rows.push_back(i);
    const int k = static_cast<int>(rows.size());
    std::vector<double> ci(k, 0), di(k, 0), ti(k, 0);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) {
        const int i = rows[a], j = rows[b];
        if (a == b || !s(i) || !(t(i) < t(j) || (t(i) == t(j) && !s(j)))) continue;
        auto& bucket = m(i) > m(j) ? ci : m(i) < m(j) ? di : ti;
        bucket[a] += 1;
        bucket[b] += 1;
      }
    for (int a = 0; a < k; ++a) {
      C += ci[a] / 2;
      Dd += di[a] / 2;
      T += ti[a] / 2;
      infl.push_back({ci[a], di[a], ti[a]});
    }
  }
  const double npair = C + Dd + T, somers = (C - Dd) / npair;
  double sum = 0;
  for (const auto& v : infl) {
    const double d = (v[0] - v[1]) / npair - somers / npair * (v[0] + v[1] + v[2]);
    sum += d * d;
  }
  CHECK(c.concordant == C);
  CHECK(c.discordant == Dd);
  CHECK(c.tiedX == T);
  CHECK(close(c.variance, sum / 4, 1e-12, 0));
}
