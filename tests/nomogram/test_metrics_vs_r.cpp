// IPCW td-AUC and Brier (riskRegression::Score, cens.model = "km"), Uno's C (concordance(timewt = "n/G2")),
// and the maxstat cut-point (maxstat.test, LogRank, Lau92) against R on pbc with the Mayo Cox model's
// predictions (exported by reference/make_reference.R so that only the metric is compared).
#include "support.h"

#include <hccws/survival/concordance.h>
#include <hccws/survival/cox.h>
#include <hccws/survival/cox_baseline.h>
#include <hccws/survival/cutpoint.h>
#include <hccws/survival/prediction_metrics.h>

#include <catch2/catch.hpp>

using namespace hccws::surv;
using surv_test::close;
using surv_test::vec;

namespace {
struct Pbc {
  SurvData d;
  Eigen::MatrixXd surv;  // n x 3 (1000, 2000, 3000 days)
  Eigen::VectorXd lp;
};
Pbc loadPbc() {
  Pbc p;
  p.d = surv_test::loadSurv("pbc.csv", "time", "death", {"log_bili", "age", "log_protime"}).data;
  const auto pred = CsvTable::readFile(surv_test::dataPath("pbc_pred.csv"));
  const int n = p.d.n();
  REQUIRE(pred.rows() == n);
  p.surv.resize(n, 3);
  p.lp.resize(n);
  const char* cols[] = {"surv_1000", "surv_2000", "surv_3000"};
  const auto lp = pred.numericColumn("lp");
  for (int i = 0; i < n; ++i) p.lp(i) = *lp[i];
  for (int k = 0; k < 3; ++k) {
    const auto c = pred.numericColumn(cols[k]);
    for (int i = 0; i < n; ++i) p.surv(i, k) = *c[i];
  }
  return p;
}
}  // namespace

TEST_CASE("td-AUC and Brier with IPCW match riskRegression::Score", "[ipcw][R]") {
  const auto ref = surv_test::loadJson("ref_ipcw.json");
  REQUIRE(ref.contains("auc"));  // made with riskRegression installed (reference/make_reference.R)
  const Pbc p = loadPbc();
  const auto times = vec(ref["times"]), auc = vec(ref["auc"]), brier = vec(ref["brier"]);
  for (int k = 0; k < 3; ++k) {
    INFO("t = " << times[k]);
    CHECK(close(timeDependentAuc(p.d.time, p.d.status, p.surv.col(k), times[k]), auc[k], 1e-8));
    CHECK(close(brierScore(p.d.time, p.d.status, p.surv.col(k), times[k]), brier[k], 1e-8));
  }
}

TEST_CASE("Uno's C matches concordance(timewt = n/G2)", "[uno][R]") {
  const auto ref = surv_test::loadJson("ref_ipcw.json");
  const Pbc p = loadPbc();
  CHECK(close(unoC(p.d.time, p.d.status, p.lp), ref["uno_c"].get<double>(), 1e-8));
  CHECK(close(unoC(p.d.time, p.d.status, p.lp, 3000), ref["uno_c_tau3000"].get<double>(), 1e-8));
}

TEST_CASE("maxstat cut-point and Lausen-Schumacher p-value match maxstat.test", "[cutpoint][R]") {
  const auto ref = surv_test::loadJson("ref_ipcw.json");
  REQUIRE(ref.contains("maxstat"));
  const Pbc p = loadPbc();
  for (const auto& m : ref["maxstat"]) {
    const std::string v = m["variable"];
    INFO(v);
    const int col = v == "log_bili" ? 0 : v == "age" ? 1 : 2;
    const CutPoint cp = maxstatCutPoint(p.d.time, p.d.status, p.d.x.col(col), 0.1, 0.9);
    CHECK(close(cp.cut, m["estimate"].get<double>(), 1e-12));
    CHECK(close(cp.statistic, m["statistic"].get<double>(), 1e-8));
    CHECK(close(cp.pAdjusted, m["p"].get<double>(), 1e-6, 1e-300));
    const auto cuts = vec(m["cuts"]), stats = vec(m["stats"]);
    REQUIRE(cp.cuts.size() == cuts.size());
    for (size_t k = 0; k < cuts.size(); ++k) {
      CHECK(close(cp.cuts[k], cuts[k], 1e-12));
      CHECK(close(cp.statistics[k], stats[k], 1e-8));
    }
  }
}

TEST_CASE("integrated Brier score matches pec::crps", "[ibs][R]") {
  const auto ref = surv_test::loadJson("ref_ipcw.json");
  REQUIRE(ref.contains("ibs"));
  // Predictions on the grid come from our Cox baseline (itself equal to survfit to ~1e-15, test_cox_vs_r).
  const auto tab = surv_test::loadSurv("pbc.csv", "time", "death",
                                       {"age", "edema", "log_bili", "log_albumin", "log_protime"});
  const auto& d = tab.data;
  const auto base = coxBaseline(d, fitCox(d));
  const double tau = ref["ibs"]["tau"].get<double>();
  std::vector<double> grid{0.0};
  for (int i = 0; i < d.n(); ++i)
    if (d.status(i) && d.time(i) < tau) grid.push_back(d.time(i));
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  Eigen::MatrixXd s(d.n(), static_cast<long>(grid.size()));
  for (int i = 0; i < d.n(); ++i) {
    const auto c = base.predict(d.x.row(i).transpose());
    for (size_t k = 0; k < grid.size(); ++k) s(i, static_cast<long>(k)) = c.at(grid[k]);
  }
  CHECK(close(integratedBrier(d.time, d.status, s, grid, tau), ref["ibs"]["value"].get<double>(), 1e-8));
}
