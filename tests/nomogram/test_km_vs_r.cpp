// Kaplan-Meier (Greenwood, log and log-log CIs), median with CI, RMST, log-rank and Harrell's C against
// R (survfit, print(rmean = tau), survdiff, concordance); values from reference/make_reference.R.
#include "support.h"

#include <hccws/survival/concordance.h>
#include <hccws/survival/kaplan_meier.h>

#include <catch2/catch.hpp>

using namespace hccws::surv;
using surv_test::close;
using surv_test::vec;

namespace {

void checkKm(const std::string& key, const char* csv, const char* time, const char* event, const char* group) {
  const auto ref = surv_test::loadJson("ref_km.json")[key];
  const auto tab = surv_test::loadSurv(csv, time, event, {}, group);
  for (const char* ct : {"log", "log-log"}) {
    INFO(key << " conf.type " << ct);
    const auto& r = ref[ct];
    std::vector<KmCurve> curves;
    const ConfType type = std::string(ct) == "log" ? ConfType::Log : ConfType::LogLog;
    if (tab.data.strata.size())
      curves = kaplanMeierByGroup(tab.data.time, tab.data.status, tab.data.strata, 0.95, type);
    else
      curves.push_back(kaplanMeier(tab.data.time, tab.data.status, 0.95, type));
    size_t k = 0;
    const auto rt = vec(r["time"]), nr = vec(r["n_risk"]), ne = vec(r["n_event"]), s = vec(r["surv"]),
               se = vec(r["std_err"]), lo = vec(r["lower"]), hi = vec(r["upper"]);
    const auto med = vec(r["median"]), mlo = vec(r["median_lower"]), mhi = vec(r["median_upper"]),
               rm = vec(r["rmean"]), rmse = vec(r["rmean_se"]);
    for (size_t g = 0; g < curves.size(); ++g) {
      const auto& c = curves[g];
      for (size_t j = 0; j < c.time.size(); ++j, ++k) {
        INFO("group " << c.group << " time " << c.time[j]);
        REQUIRE(k < rt.size());
        CHECK(c.time[j] == rt[k]);
        CHECK(c.nRisk[j] == nr[k]);
        CHECK(c.nEvent[j] == ne[k]);
        CHECK(close(c.surv[j], s[k], 1e-10));
        if (std::isfinite(se[k])) CHECK(close(c.stdErr[j], se[k], 1e-8));
        CHECK(close(c.lower[j], lo[k], 1e-8));
        CHECK(close(c.upper[j], hi[k], 1e-8));
      }
      INFO("group " << c.group);
      CHECK(close(c.median, med[g], 1e-12));
      CHECK(close(c.medianLower, mlo[g], 1e-12));
      CHECK(close(c.medianUpper, mhi[g], 1e-12));
      const Rmst rmst = restrictedMean(c, r.contains("tau") ? ref["tau"].get<double>() : ref["tau"].get<double>());
      CHECK(close(rmst.mean, rm[g], 1e-10));
      CHECK(close(rmst.se, rmse[g], 1e-8));
    }
    CHECK(k == rt.size());
  }
}

void checkLogRank(const std::string& key, const char* csv, const char* time, const char* event, const char* group) {
  INFO(key);
  const auto ref = surv_test::loadJson("ref_logrank.json")[key];
  const auto tab = surv_test::loadSurv(csv, time, event, {}, group);
  const LogRankTest lr = logRank(tab.data.time, tab.data.status, tab.data.strata);
  CHECK(close(lr.chisq, ref["chisq"].get<double>(), 1e-8));
  CHECK(lr.df == ref["df"].get<int>());
  CHECK(close(lr.p, ref["p"].get<double>(), 1e-6, 1e-300));
  const auto o = vec(ref["observed"]), e = vec(ref["expected"]);
  for (int g = 0; g < lr.observed.size(); ++g) {
    CHECK(lr.observed(g) == o[g]);
    CHECK(close(lr.expected(g), e[g], 1e-10));
  }
}

void checkConcordance(const std::string& key, const char* csv, const char* time, const char* event,
                      const char* marker) {
  INFO(key);
  const auto ref = surv_test::loadJson("ref_concordance.json")[key];
  const auto tab = surv_test::loadSurv(csv, time, event, {marker});
  const auto c = harrellC(tab.data.time, tab.data.status, tab.data.x.col(0), true);
  CHECK(close(c.index(), ref["concordance"].get<double>(), 1e-10));
  const auto& n = ref["counts"];
  CHECK(c.concordant == n["concordant"].get<double>());
  CHECK(c.discordant == n["discordant"].get<double>());
  CHECK(c.tiedX == n["tied.x"].get<double>());
  CHECK(c.tiedY == n["tied.y"].get<double>());
  CHECK(c.tiedXY == n["tied.xy"].get<double>());
}

}  // namespace

TEST_CASE("Kaplan-Meier matches survfit", "[km][R]") {
  checkKm("lung_all", "lung.csv", "time", "status", "");
  checkKm("lung_sex", "lung.csv", "time", "status", "sex");
  checkKm("lungmonth_ecog", "lung.csv", "month", "status", "ph_ecog");
  checkKm("veteran_cell", "veteran.csv", "time", "status", "celltype");
}

TEST_CASE("log-rank matches survdiff", "[logrank][R]") {
  checkLogRank("lung_sex", "lung.csv", "time", "status", "sex");
  checkLogRank("veteran_cell", "veteran.csv", "time", "status", "celltype");
  checkLogRank("lungmonth_ecog", "lung.csv", "month", "status", "ph_ecog");
}

TEST_CASE("Harrell's C matches concordance() including its tie counts", "[concordance][R]") {
  checkConcordance("lung_ecog", "lung.csv", "time", "status", "ph_ecog");
  checkConcordance("lungmonth_ecog", "lung.csv", "month", "status", "ph_ecog");
  checkConcordance("lungmonth_age", "lung.csv", "month", "status", "age");
  checkConcordance("pbc_bili", "pbc.csv", "time", "death", "log_bili");
}
