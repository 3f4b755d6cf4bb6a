// Cox fits and predicted survival against R's survival::coxph / survfit (values from
// reference/make_reference.R): 1e-6 relative for coefficients, SEs and log-likelihood, 1e-4 for curves.
#include "support.h"
#include "skip.h"

#include <hccws/survival/cox.h>
#include <hccws/survival/cox_baseline.h>
#include <hccws/survival/kaplan_meier.h>

#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>

using namespace hccws::surv;
using surv_test::close;
using surv_test::vec;

namespace {

struct Case {
  const char* ref;
  const char* csv;
  const char* time;
  const char* event;
  std::vector<std::string> cov;
  Ties ties;
  const char* strata = "";
};

void checkCase(const Case& c) {
  INFO("case " << c.ref);
  const auto ref = surv_test::loadJson(c.ref);
  const auto tab = surv_test::loadSurv(c.csv, c.time, c.event, c.cov, c.strata);
  CoxOptions opt;
  opt.ties = c.ties;
  const CoxFit fit = fitCox(tab.data, opt);
  REQUIRE(fit.converged);
  CHECK(fit.n == ref["n"].get<int>());
  CHECK(fit.events == ref["nevent"].get<int>());
  CHECK(fit.iter == ref["iter"].get<int>());
  const auto beta = vec(ref["beta"]), se = vec(ref["se"]), p = vec(ref["p"]), lo = vec(ref["lower95"]),
             hi = vec(ref["upper95"]);
  for (int j = 0; j < fit.p(); ++j) {
    INFO("coefficient " << fit.names[j]);
    CHECK(close(fit.beta(j), beta[j], 1e-6, 1e-8));
    CHECK(close(fit.se(j), se[j], 1e-6, 1e-12));
    CHECK(close(fit.pValue(j), p[j], 1e-5, 1e-300));
    CHECK(close(fit.hrLower(j), lo[j], 1e-6));
    CHECK(close(fit.hrUpper(j), hi[j], 1e-6));
  }
  const auto ll = vec(ref["loglik"]);
  CHECK(close(fit.loglikInit, ll[0], 1e-9));
  CHECK(close(fit.loglik, ll[1], 1e-9));
  CHECK(close(fit.scoreTest, vec(ref["score"])[0], 1e-6));
  CHECK(fit.possiblyInfinite.empty());

  const CoxBaseline base = coxBaseline(tab.data, fit);
  const auto bt = vec(ref["basehaz"]["time"]), bh = vec(ref["basehaz"]["hazard"]);
  std::vector<double> mt, mh;
  for (const auto& s : base.strata) {
    mt.insert(mt.end(), s.time.begin(), s.time.end());
    mh.insert(mh.end(), s.cumhaz.begin(), s.cumhaz.end());
  }
  REQUIRE(mt.size() == bt.size());
  for (size_t k = 0; k < bt.size(); ++k) {
    CHECK(mt[k] == bt[k]);
    CHECK(close(mh[k], bh[k], 1e-6, 1e-10));
  }
  if (!ref.contains("pred")) return;
  const auto& nd = ref["newdata"];
  const auto& pr = ref["pred"];
  const size_t rows = nd.size();
  for (size_t r = 0; r < rows; ++r) {
    Eigen::VectorXd x(c.cov.size());
    for (size_t j = 0; j < c.cov.size(); ++j) x(j) = nd[r][c.cov[j]].get<double>();
    const SurvCurve curve = base.predict(x);
    const auto& S = pr["surv"];
    REQUIRE(curve.time.size() == S.size());
    for (size_t k = 0; k < curve.time.size(); ++k) {
      INFO("newdata row " << r << " time " << curve.time[k]);
      CHECK(close(curve.surv[k], vec(S[k])[r], 1e-6, 1e-10));
      CHECK(close(curve.stdErr[k], vec(pr["std_err"][k])[r], 1e-5, 1e-10));
      CHECK(close(curve.lower[k], vec(pr["lower"][k])[r], 1e-4, 1e-10));
      CHECK(close(curve.upper[k], vec(pr["upper"][k])[r], 1e-4, 1e-10));
    }
  }
}

}  // namespace

TEST_CASE("coxph efron on pbc (Mayo model) matches R", "[cox][R]") {
  checkCase({"ref_cox_pbc_efron.json", "pbc.csv", "time", "death",
             {"age", "edema", "log_bili", "log_albumin", "log_protime"}, Ties::Efron});
}
TEST_CASE("coxph breslow on pbc matches R", "[cox][R]") {
  checkCase({"ref_cox_pbc_breslow.json", "pbc.csv", "time", "death",
             {"age", "edema", "log_bili", "log_albumin", "log_protime"}, Ties::Breslow});
}
TEST_CASE("coxph on lung matches R", "[cox][R]") {
  checkCase({"ref_cox_lung_efron.json", "lung.csv", "time", "status", {"age", "sex", "ph_ecog"}, Ties::Efron});
}
TEST_CASE("coxph with heavy ties (lung in months) matches R, Efron and Breslow", "[cox][R][ties]") {
  checkCase({"ref_cox_lungmonth_efron.json", "lung.csv", "month", "status", {"age", "sex", "ph_ecog"}, Ties::Efron});
  checkCase({"ref_cox_lungmonth_breslow.json", "lung.csv", "month", "status", {"age", "sex", "ph_ecog"},
             Ties::Breslow});
}
TEST_CASE("stratified coxph matches R", "[cox][R][strata]") {
  checkCase({"ref_cox_lungmonth_strata.json", "lung.csv", "month", "status", {"age", "ph_ecog"}, Ties::Efron, "sex"});
}
TEST_CASE("coxph on veteran matches R", "[cox][R]") {
  checkCase({"ref_cox_veteran_efron.json", "veteran.csv", "time", "status",
             {"trt", "karno", "diagtime", "age", "prior"}, Ties::Efron});
}

TEST_CASE("real TACE cohort (TCIA HCC-TACE-Seg, shared data): complete-case Cox fit and log-rank match R",
          "[cox][R][real]") {
  const char* shared = std::getenv("HCCWS_SHARED_DATA");
  const std::string csv =
      std::string(shared ? shared : "../shared/data") + "/clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv";
  hccws::test::requirePath(csv, "shared data (TCIA HCC-TACE-Seg clinical table)");
  const auto ref = surv_test::loadJson("ref_tace_seg.json");
  const auto table = CsvTable::readFile(csv);
  const auto tab = buildSurvData(table, {"OS", "Death_1_StillAliveorLostToFU_0", {"age", "Tr_Size", "AFP"}, ""});
  CHECK(tab.rowsRead == 105);
  CHECK(tab.data.n() == ref["n"].get<int>());  // complete cases, as R's na.omit
  const CoxFit fit = fitCox(tab.data);
  const auto beta = vec(ref["beta"]), se = vec(ref["se"]);
  for (int j = 0; j < fit.p(); ++j) {
    CHECK(close(fit.beta(j), beta[j], 1e-6, 1e-12));
    CHECK(close(fit.se(j), se[j], 1e-6, 1e-12));
  }
  CHECK(close(fit.loglik, vec(ref["loglik"])[1], 1e-9));
  // Portal vein thrombosis is complete in all 105 rows: log-rank on the full table
  const auto pvt = buildSurvData(table, {"OS", "Death_1_StillAliveorLostToFU_0", {}, "Portal Vein Thrombosis"});
  const auto lr = logRank(pvt.data.time, pvt.data.status, pvt.data.strata);
  CHECK(close(lr.chisq, ref["logrank_pvt"]["chisq"].get<double>(), 1e-8));
}
