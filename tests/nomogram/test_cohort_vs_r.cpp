// Real cohorts (issue 17): the shipped mappings import TCIA HCC-TACE-Seg and SYSUCC DTSDHCC (first visits with
// TACE) as R does (reference/make_cohort_reference.R imports the raw tables on its own); the TACE nomogram's
// validation there (Harrell's and Uno's C, td-AUC, Brier, IBS, calibration slope and deciles, log-rank by risk
// group and by median, decision curves) and its refit on DTSDHCC equal R's survival and riskRegression to 1e-6.
// Bad real-world tables are refused naming the file, line and column.
#include "skip.h"
#include "support.h"

#include <hccws/survival/cohort.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/refit.h>
#include <hccws/survival/validation.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace hccws::surv;
using surv_test::close;
using surv_test::vec;

namespace {

std::string source(const std::string& rel) {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/" + rel;
}

std::string shared(const std::string& rel, const std::string& what) {
  const char* s = std::getenv("HCCWS_SHARED_DATA");
  const std::string path = std::string(s ? s : "../shared/data") + "/" + rel;
  hccws::test::requirePath(path, what);
  return path;
}

void checkValidation(const ValidationResult& v, const nlohmann::json& r, const CohortData& c) {
  REQUIRE(v.n == r["n"].get<int>());
  REQUIRE(v.events == r["deaths"].get<int>());
  // the same patients in the same order, with the same times (R's own import)
  for (int i = 0; i < v.n; ++i) {
    INFO("patient " << i);
    REQUIRE(c.ids[static_cast<std::size_t>(i)] == r["ids"][static_cast<std::size_t>(i)].get<std::string>());
    REQUIRE(close(c.timeMonths(i), r["time"][static_cast<std::size_t>(i)].get<double>(), 1e-12));
  }
  CHECK(close(v.harrellC, r["harrell_c"], 1e-8));
  CHECK(close(v.harrellSe, r["harrell_c_se"], 1e-6));
  CHECK(close(v.unoC, r["uno_c"], 1e-8));
  const auto auc = vec(r["td_auc"]), brier = vec(r["brier"]);
  for (std::size_t k = 0; k < v.horizons.size(); ++k) {
    CHECK(close(v.horizons[k].auc, auc[k], 1e-8));
    CHECK(close(v.horizons[k].brier, brier[k], 1e-8));
    const auto& cal = r["calibration"][k];
    REQUIRE(v.horizons[k].calibration.groups.size() == cal.size());
    for (std::size_t g = 0; g < cal.size(); ++g) {
      CHECK(v.horizons[k].calibration.groups[g].n == cal[g]["n"].get<int>());
      CHECK(close(v.horizons[k].calibration.groups[g].predicted, cal[g]["predicted"], 1e-10));
      CHECK(close(v.horizons[k].calibration.groups[g].observed, cal[g]["observed"], 1e-10));
    }
    // decision curve at the thresholds R evaluated (0.05, 0.10, ... 0.95): every 5th of ours
    const auto& dca = r["decision"][k];
    for (std::size_t q = 0; q < dca.size(); ++q) {
      const auto& p = v.horizons[k].decision[5 * (q + 1) - 1];
      REQUIRE(close(p.threshold, dca[q]["threshold"], 1e-12));
      CHECK(close(p.model, dca[q]["model"], 1e-10));
      CHECK(close(p.all, dca[q]["treat_all"], 1e-10));
    }
  }
  CHECK(close(v.ibs, r["ibs"], 1e-8));
  CHECK(close(v.slope, r["calibration_slope"], 1e-6));
  CHECK(close(v.slopeSe, r["calibration_slope_se"], 1e-6));
  CHECK(close(v.byRiskGroup.logRank.chisq, r["logrank_risk_group"], 1e-8));
  CHECK(close(v.byMedian.logRank.chisq, r["logrank_median"], 1e-8));
  CHECK(close(v.medianLp, r["median_lp"], 1e-12));
}

ValidationOptions options() {
  ValidationOptions o;
  o.bootstrap = 50;
  return o;
}

}  // namespace

TEST_CASE("TCIA HCC-TACE-Seg through its mapping: import, data report and the TACE nomogram's validation equal R",
          "[cohort][real]") {
  const auto ref = surv_test::loadJson("ref_cohorts.json")["hcc_tace_seg"];
  const std::string csv = shared("clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv", "shared data (TCIA HCC-TACE-Seg)");
  const auto mapping = readCohortMapping(source("resources/cohorts/hcc_tace_seg.json"));
  const auto model = readNomogramModel(source("resources/models/nomogram_tace.json"));
  std::vector<std::string> vars;
  for (const auto& v : model.variables) vars.push_back(v.name);
  const CohortData c = importCohort(mapping, csv, Imputation::CompleteCase, vars);
  const auto& rep = c.report;
  CHECK(rep.rowsIn == ref["rows_in"].get<int>());
  CHECK(rep.rowsKept == 53);
  CHECK(rep.droppedMissing == 52);
  const auto diameter = std::find_if(rep.variables.begin(), rep.variables.end(), [](const VariableReport& v) { return v.name == "diameter"; });
  REQUIRE(diameter != rep.variables.end());
  CHECK(diameter->missing == ref["missing_diameter"].get<int>());
  CHECK(close(diameter->missingByOutcomeP, ref["missing_diameter_by_death_p"], 1e-10));
  for (const char* name : {"dl_risk_score_tace", "proliferative"}) {
    const auto v = std::find_if(rep.variables.begin(), rep.variables.end(), [&](const VariableReport& x) { return x.name == name; });
    REQUIRE(v != rep.variables.end());
    CHECK_FALSE(v->evaluable);  // reported, not silently zero
    CHECK_FALSE(v->note.empty());
  }
  CHECK(c.names == std::vector<std::string>{"lesion_number", "hbv", "diameter"});
  // HCC_048 (the real CT in the shared data) is a row of this table: its recorded values
  const auto at = std::find(c.ids.begin(), c.ids.end(), "HCC_048");
  REQUIRE(at != c.ids.end());
  const long i = at - c.ids.begin();
  const auto& h = ref["hcc048"];
  CHECK(c.x(i, 0) == h["lesion_number"].get<double>());
  CHECK(c.x(i, 1) == h["hbv"].get<double>());
  CHECK(c.x(i, 2) == h["diameter"].get<double>());
  CHECK(close(c.timeMonths(i), h["time"], 1e-12));
  CHECK(c.event(i) == h["event"].get<int>());
  const auto v = validateModel(model, modelSurvData(model, c), options());
  checkValidation(v, ref, c);
  std::printf("HCC-TACE-Seg: n %d, deaths %d, Harrell's C %.4f (SE %.4f), Uno's C %.4f (bootstrap SE %.4f), slope %.3f\n", v.n,
              v.events, v.harrellC, v.harrellSe, v.unoC, v.unoSe, v.slope);
}

TEST_CASE("SYSUCC DTSDHCC (first visits with TACE) through its mapping: validation and the refit equal R",
          "[cohort][real]") {
  const auto ref = surv_test::loadJson("ref_cohorts.json")["dtsdhcc_tace"];
  const std::string csv = shared("clinical/survivalpath_dtsdhcc/SurvivalPath_DTSDHCC_timeseries.csv", "shared data (DTSDHCC)");
  const auto mapping = readCohortMapping(source("resources/cohorts/dtsdhcc_tace.json"));
  const auto model = readNomogramModel(source("resources/models/nomogram_tace.json"));
  std::vector<std::string> vars;
  for (const auto& v : model.variables) vars.push_back(v.name);
  const CohortData c = importCohort(mapping, csv, Imputation::CompleteCase, vars);
  CHECK(c.report.patients == ref["patients"].get<int>());
  CHECK(c.report.rowsKept + c.report.zeroTimes == ref["tace_at_baseline"].get<int>());
  CHECK(c.report.zeroTimes == 2);
  CHECK_THAT(c.report.firstZeroTime, Catch::Matchers::Contains("line 7532") && Catch::Matchers::Contains("OStime_day"));
  const auto hbv = std::find_if(c.report.variables.begin(), c.report.variables.end(), [](const VariableReport& x) { return x.name == "hbv"; });
  REQUIRE(hbv != c.report.variables.end());
  CHECK_FALSE(hbv->evaluable);
  CHECK_THAT(hbv->note, Catch::Matchers::Contains("no hepatitis column"));
  const auto v = validateModel(model, modelSurvData(model, c), options());
  checkValidation(v, ref, c);

  RefitOptions ro;
  ro.bootstrap = 20;
  const auto r = refitModel(model, c, mapping, ro);
  CHECK(r.used == std::vector<std::string>{"lesion_number", "diameter"});
  REQUIRE(r.dropped.size() == 3);
  const auto beta = vec(ref["refit"]["beta"]), se = vec(ref["refit"]["se"]);
  for (int j = 0; j < 2; ++j) {
    CHECK(close(r.model.variables[static_cast<std::size_t>(j)].beta, beta[static_cast<std::size_t>(j)], 1e-6));
    CHECK(close(std::sqrt(r.model.covariance(j, j)), se[static_cast<std::size_t>(j)], 1e-6));
  }
  CHECK(close(r.apparentC, ref["refit"]["concordance"], 1e-8));
  CHECK(r.optimism > 0);  // a refit is optimistic on its own data
  CHECK(r.correctedC < r.apparentC);
  CHECK_THAT(r.model.provenance.kind, Catch::Matchers::StartsWith("refit on SYSUCC DTSDHCC"));
  CHECK_THAT(r.model.provenance.cohort, Catch::Matchers::Contains("n = 1423") && Catch::Matchers::Contains("865 deaths"));
  CHECK_THAT(r.model.provenance.method, Catch::Matchers::Contains("dtsdhcc_tace.json") && Catch::Matchers::Contains("hbv"));
  CHECK(r.model.baseline.kind == NomogramBaseline::Kind::Step);
  CHECK(r.model.covariance.rows() == 2);
  CHECK(r.model.variables[0].label == model.variables[0].label);
  // the written model reads back as the same model
  const NomogramModel back = parseNomogramModel(nomogramModelToJson(r.model), "refit.json");
  CHECK(back.linearPredictor({3, 5}) == Approx(r.model.linearPredictor({3, 5})).epsilon(1e-12));
  std::printf("DTSDHCC TACE: n %d, deaths %d, Harrell's C %.4f, Uno's C %.4f, slope %.3f; refit C %.4f apparent, %.4f corrected\n",
              v.n, v.events, v.harrellC, v.unoC, v.slope, r.apparentC, r.correctedC);
}

TEST_CASE("bad cohort tables are refused naming the file, line and column", "[cohort][errors]") {
  const std::string dir = (std::filesystem::temp_directory_path() / "hccws_cohort_bad").string();
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  const CohortMapping patients = parseCohortMapping(R"({"format": "hccws-cohort-mapping", "format_version": 1,
    "name": "test", "id": "id", "time": {"column": "weeks", "unit": "weeks"}, "event": {"column": "dead"},
    "variables": [{"name": "diameter", "column": "size_mm", "convert": "mm_to_cm", "range": [0.5, 30]},
                  {"name": "hbv", "column": "virus", "codes": {"HBV": 1, "none": 0}},
                  {"name": "ast", "note": "not recorded"}]})", "mapping.json");
  using Catch::Matchers::Contains;
  const std::string good = "id,weeks,dead,size_mm,virus\nA,10,1,50,HBV\nB,20.5,0,,none\nC,30,1,400,none\nD,7,0,20,HBV\n";
  const CohortData ok = importCohort(patients, write("good.csv", good));
  CHECK(ok.report.rowsKept == 3);
  CHECK(ok.report.droppedMissing == 1);
  CHECK(ok.report.nonIntegerTimes == 0);  // 20.5 weeks was dropped with its missing size
  CHECK(ok.report.variables[0].outOfRange == 1);
  CHECK(ok.report.variables[0].firstOutOfRangeLine == 4);
  CHECK(ok.x(0, 0) == Approx(5.0));               // mm to cm
  CHECK(ok.timeMonths(0) == Approx(70 / 30.4375));  // weeks to months
  CHECK_FALSE(ok.report.variables[2].evaluable);
  // median imputation instead: the row is kept, the cell labelled as imputed
  const CohortData imp = importCohort(patients, dir + "/good.csv", Imputation::Median);
  CHECK(imp.report.rowsKept == 4);
  CHECK(imp.report.variables[0].imputed == 1);
  CHECK(imp.report.variables[0].median == Approx(5.0));
  CHECK(std::string(imputationName(imp.report.imputation)) == "single imputation by median");

  CHECK_THROWS_WITH(importCohort(patients, write("text.csv", "id,weeks,dead,size_mm,virus\nA,10,1,big,HBV\n")),
                    Contains("text.csv") && Contains("line 2") && Contains("'size_mm'") && Contains("text in a numeric column"));
  CHECK_THROWS_WITH(importCohort(patients, write("neg.csv", "id,weeks,dead,size_mm,virus\nA,10,1,5,HBV\nB,-3,0,5,HBV\n")),
                    Contains("line 3") && Contains("'weeks'") && Contains("negative"));
  CHECK_THROWS_WITH(importCohort(patients, write("dup.csv", "id,weeks,dead,size_mm,virus\nA,10,1,5,HBV\nA,12,1,5,HBV\n")),
                    Contains("line 3") && Contains("'A' is already on line 2"));
  CHECK_THROWS_WITH(importCohort(patients, write("two.csv", "id,weeks,dead,size_mm,virus\nA,10,2,5,HBV\n")),
                    Contains("line 2") && Contains("'dead'") && Contains("not 0 (censored) or 1"));
  CHECK_THROWS_WITH(importCohort(patients, write("code.csv", "id,weeks,dead,size_mm,virus\nA,10,1,5,HDV\n")),
                    Contains("line 2") && Contains("'virus'") && Contains("'HDV' is not one of the mapping's codes"));
  CHECK_THROWS_WITH(importCohort(patients, write("col.csv", "id,weeks,dead,size,virus\nA,10,1,5,HBV\n")), Contains("size_mm"));
  const CohortData zero = importCohort(patients, write("zero.csv", "id,weeks,dead,size_mm,virus\nA,10,1,5,HBV\nB,0,1,5,HBV\n"));
  CHECK(zero.report.zeroTimes == 1);  // left out, located
  CHECK_THAT(zero.report.firstZeroTime, Contains("zero.csv") && Contains("line 3") && Contains("'weeks'"));

  const CohortMapping visits = parseCohortMapping(R"({"format": "hccws-cohort-mapping", "format_version": 1,
    "name": "visits", "kind": "visits", "id": "id", "time": {"column": "days", "unit": "days"}, "event": {"column": "dead"},
    "baseline": {"date": "date", "only_if": {"column": "tace", "equals": 1}},
    "variables": [{"name": "lesion_number", "column": "n"}]})", "visits.json");
  const CohortData vd = importCohort(visits, write("visits.csv",
      "id,date,days,dead,n,tace\nP,2010-05-01,300,1,2,0\nP,2010-01-02,400,1,3,1\nQ,2011-01-01,100,0,1,1\nQ,2011-01-01,90,0,4,0\nR,2012-02-02,50,0,1,0\n"));
  REQUIRE(vd.ids == std::vector<std::string>{"P", "Q"});  // first visits (the earlier date; file order on a tie); R not TACE
  CHECK(vd.x(0, 0) == 3);
  CHECK(vd.x(1, 0) == 1);
  CHECK(vd.report.excludedByBaseline == 1);
  CHECK(vd.report.duplicateVisits == 1);
  CHECK_THROWS_WITH(importCohort(visits, write("dates.csv", "id,date,days,dead,n,tace\nP,2010-05-01,300,1,2,1\nQ,02/01/2010,400,1,3,1\n")),
                    Contains("dates.csv") && Contains("line 3") && Contains("'date'") && Contains("dates in two formats") &&
                        Contains("line 2"));
  CHECK_THROWS_WITH(parseCohortMapping(R"({"format": "hccws-cohort-mapping", "format_version": 1, "name": "x", "id": "id",
    "time": {"column": "t", "unit": "fortnights"}, "event": {"column": "e"}, "variables": []})", "m.json"), Contains("fortnights"));
  CHECK_THROWS_WITH(parseCohortMapping(R"({"format": "other"})", "m.json"), Contains("not an hccws cohort mapping"));
}
