// Nomogram models: the points arithmetic, JSON round trip, the shipped TACE/HAIC models (provenance on every
// number; they reproduce the OS values their reconstruction reports), and a refit model whose S(t) with CI
// equals R's survfit(coxph, newdata).
#include "support.h"

#include <hccws/survival/cox.h>
#include <hccws/survival/kaplan_meier.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/nomogram_model.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>

using namespace hccws::surv;
using Catch::Detail::Approx;

namespace {
std::string modelPath(const std::string& f) {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/resources/models/" + f;
}
nlohmann::json rawModel(const std::string& f) {
  std::ifstream in(modelPath(f));
  return nlohmann::json::parse(in);
}

NomogramModel twoVariables() {
  NomogramModel m;
  m.id = "toy";
  NomogramVariable a;
  a.name = "a";
  a.beta = 0.5;  // range 0..10 -> beta x spans 5: the widest, 100 points
  a.min = 0;
  a.max = 10;
  a.centre = 2;
  NomogramVariable b;
  b.name = "b";
  b.beta = -1.0;  // range 0..1 -> spans 1: 20 points, highest at b = 0
  b.min = 0;
  b.max = 1;
  b.kind = VariableKind::Binary;
  b.levels = {{"no", 0}, {"yes", 1}};
  m.variables = {a, b};
  m.baseline.weibullScale = 10;
  m.baseline.weibullShape = 1;
  m.risk.lpCutoff = 0.5;
  return m;
}
}  // namespace

TEST_CASE("points, total points and linear predictor by hand", "[model]") {
  const auto m = twoVariables();
  // scale = 100 / 5 = 20 points per unit of lp. a = 4: 20 * 0.5 * 4 = 40 points; b = 0: 20 * (0 - (-1)) = 20.
  CHECK(m.pointsScale() == Approx(20));
  CHECK(m.points(0, 4) == Approx(40));
  CHECK(m.points(1, 0) == Approx(20));
  CHECK(m.points(1, 1) == Approx(0));
  const std::vector<double> x{4, 0};
  CHECK(m.totalPoints(x) == Approx(60));
  // lp = 0.5 * (4 - 2) - 1 * (0 - 0) = 1; from points: lpAtZero = (0 - 1) - 0.5 * 2 = -2; -2 + 60 / 20 = 1.
  CHECK(m.linearPredictor(x) == Approx(1));
  CHECK(m.lpFromPoints(m.totalPoints(x)) == Approx(m.linearPredictor(x)));
  // S(t) = exp(-(t / 10) * e^lp): t = 5 -> exp(-0.5 e)
  CHECK(m.survival(5, 1) == Approx(std::exp(-0.5 * std::exp(1.0))));
  // Weibull shape 1 (exponential, rate e^lp / 10): median = 10 ln 2 / e^lp; RMST to tau = (1 - e^(-rate tau)) / rate
  CHECK(m.medianSurvival(1) == Approx(10 * std::log(2.0) / std::exp(1.0)));
  const double rate = std::exp(1.0) / 10;
  CHECK(m.restrictedMean(1, 36) == Approx((1 - std::exp(-rate * 36)) / rate).epsilon(1e-8));
  CHECK(m.survival(m.medianSurvival(1), 1) == Approx(0.5));
  CHECK(m.riskGroup(1) == RiskGroup::High);
  CHECK(m.riskGroup(0.2) == RiskGroup::Low);
  const auto oor = m.outOfRange({12, 0.5});
  CHECK(oor[0]);
  CHECK(oor[1]);  // 0.5 is not one of the binary levels
  CHECK_THROWS_AS(m.totalPoints({1}), SurvivalError);
}

TEST_CASE("moving one input changes total points and lp by the model's amounts", "[model]") {
  const auto m = readNomogramModel(modelPath("nomogram_tace.json"));
  auto x = m.referenceValues();
  const double p0 = m.totalPoints(x), lp0 = m.linearPredictor(x);
  x[2] += 1;  // diameter + 1 cm
  CHECK(m.totalPoints(x) - p0 == Approx(m.pointsScale() * m.variables[2].beta));
  CHECK(m.linearPredictor(x) - lp0 == Approx(std::log(1.07)));
  CHECK(m.survival(36, m.linearPredictor(x)) < m.survival(36, lp0));
}

TEST_CASE("shipped models: provenance of every number and the research notice", "[model][shipped]") {
  for (const char* f : {"nomogram_tace.json", "nomogram_haic.json"}) {
    INFO(f);
    const auto m = readNomogramModel(modelPath(f));
    CHECK(m.timeUnit == "months");
    CHECK_THAT(m.researchNotice, Catch::Matchers::Contains("RESEARCH USE ONLY"));
    CHECK(!m.provenance.citation.empty());
    for (const auto& v : m.variables) {
      INFO(v.name);
      CHECK((v.source.status == "published" || v.source.status == "reconstructed"));
      CHECK(!v.source.note.empty());
      CHECK(v.max > v.min);
    }
    CHECK(m.baseline.source.status == "reconstructed");
    CHECK(m.risk.source.status == "reconstructed");
    CHECK(m.risk.hasPublishedValue);
    // published HRs survive as beta = ln HR
    const auto raw = rawModel(f);
    CHECK(raw["published_os"]["low"].size() == 3);
    // The model reproduces the OS its reconstruction reports: low-risk = centre patient (lp 0), high-risk =
    // same clinical values with DL score 0.65 and the proliferative class.
    auto hi = m.referenceValues();
    for (size_t j = 0; j < hi.size(); ++j) hi[j] = m.variables[j].centre;
    auto lo = hi;
    for (size_t j = 0; j < hi.size(); ++j) {
      if (m.variables[j].name.rfind("dl_risk_score_", 0) == 0) hi[j] = 0.65;
      if (m.variables[j].name == "proliferative") hi[j] = 1;
    }
    CHECK(m.linearPredictor(lo) == Approx(0).margin(1e-12));
    for (int k = 0; k < 3; ++k) {
      const double t = m.survivalTimes[k];
      CHECK(100 * m.survival(t, m.linearPredictor(lo)) == Approx(raw["reproduced_os"]["low"][k].get<double>()));
      CHECK(100 * m.survival(t, m.linearPredictor(hi)) == Approx(raw["reproduced_os"]["high"][k].get<double>()));
    }
    CHECK(m.riskGroup(m.linearPredictor(lo)) == RiskGroup::Low);
    CHECK(m.riskGroup(m.linearPredictor(hi)) == RiskGroup::High);
  }
  // published hazard ratios
  const auto t = readNomogramModel(modelPath("nomogram_tace.json"));
  CHECK(std::exp(t.variables[0].beta) == Approx(1.26));
  CHECK(std::exp(t.variables[1].beta) == Approx(1.66));
  const auto h = readNomogramModel(modelPath("nomogram_haic.json"));
  CHECK(std::exp(h.variables[0].beta) == Approx(0.76));
  CHECK(std::exp(h.variables[3].beta) == Approx(1.57));
}

TEST_CASE("one patient, both arms: named inputs, S(t), median and RMST per arm", "[model][arms]") {
  const auto tace = readNomogramModel(modelPath("nomogram_tace.json"));
  const auto haic = readNomogramModel(modelPath("nomogram_haic.json"));
  const std::map<std::string, double> patient{{"lesion_number", 3}, {"hbv", 1}, {"diameter", 11}, {"sex", 0},
                                              {"ast", 80}, {"pvtt", 1}, {"dl_risk_score_tace", 0.7}, {"dl_risk_score_haic", 0.7},
                                              {"proliferative", 1}};
  const auto xt = tace.valuesFrom(patient), xh = haic.valuesFrom(patient);
  REQUIRE(xt.size() == 5);
  REQUIRE(xh.size() == 6);
  CHECK(xt[2] == 11);
  CHECK(xh[1] == 80);
  for (const auto* m : {&tace, &haic}) {
    const auto& x = m == &tace ? xt : xh;
    const double lp = m->linearPredictor(x);
    CHECK(m->survival(36, lp) == Approx(std::exp(-m->baselineCumHazard(36) * std::exp(lp))));
    CHECK(m->restrictedMean(lp, 36) > 0);
    CHECK(m->restrictedMean(lp, 36) < 36);
    CHECK(m->survival(m->medianSurvival(lp), lp) == Approx(0.5));
  }
}

TEST_CASE("model JSON round trip and version check", "[model][json]") {
  const auto m = readNomogramModel(modelPath("nomogram_haic.json"));
  const auto back = parseNomogramModel(nomogramModelToJson(m), "roundtrip");
  REQUIRE(back.size() == m.size());
  for (int j = 0; j < m.size(); ++j) {
    CHECK(back.variables[j].beta == m.variables[j].beta);
    CHECK(back.variables[j].source.note == m.variables[j].source.note);
  }
  CHECK(back.baseline.weibullShape == m.baseline.weibullShape);
  CHECK(back.risk.publishedValue == m.risk.publishedValue);
  CHECK_THROWS_WITH(parseNomogramModel(R"({"format":"hccws-nomogram","format_version":99})", "new.json"),
                    Catch::Matchers::Contains("newer"));
  CHECK_THROWS_WITH(parseNomogramModel("{", "bad.json"), Catch::Matchers::Contains("bad.json: not valid JSON"));
}

TEST_CASE("the diameter axis covers the clinical range; the study's >= 5 cm inclusion is a cohort range", "[model][cohort]") {
  const auto m = readNomogramModel(modelPath("nomogram_tace.json"));
  int d = -1;
  for (int j = 0; j < m.size(); ++j)
    if (m.variables[j].name == "diameter") d = j;
  REQUIRE(d >= 0);
  const auto& v = m.variables[static_cast<size_t>(d)];
  CHECK(v.min <= 1.0);
  CHECK(v.max >= 20.0);
  REQUIRE(v.cohort.has_value());
  CHECK(v.cohort->min == 5.0);
  CHECK_FALSE(std::isfinite(v.cohort->max));  // the study published no upper bound
  CHECK_THAT(v.cohort->note, Catch::Matchers::Contains(">= 5 cm"));
  auto x = m.referenceValues();
  x[static_cast<size_t>(d)] = 3.0;  // a 3 cm tumour: placed, not extrapolated, but outside the cohort
  CHECK_FALSE(m.outOfRange(x)[static_cast<size_t>(d)]);
  CHECK(m.outsideCohort(x)[static_cast<size_t>(d)]);
  x[static_cast<size_t>(d)] = 6.0;
  CHECK_FALSE(m.outsideCohort(x)[static_cast<size_t>(d)]);
  x[static_cast<size_t>(d)] = 0.5;  // below the axis: extrapolation (and outside the cohort)
  CHECK(m.outOfRange(x)[static_cast<size_t>(d)]);
  // only variables with a cohort range are ever outside it
  const auto outside = m.outsideCohort(x);
  for (int j = 0; j < m.size(); ++j)
    if (j != d) CHECK_FALSE(outside[static_cast<size_t>(j)]);
  // the axis moved, the model did not: lp for a given patient is the same as with the old 5-20 axis
  auto old = m;
  old.variables[static_cast<size_t>(d)].min = 5;
  x[static_cast<size_t>(d)] = 7.0;
  CHECK(old.linearPredictor(x) == Approx(m.linearPredictor(x)).epsilon(1e-14));
  // JSON keeps the range and its note; a bad range is refused naming the variable
  const auto back = parseNomogramModel(nomogramModelToJson(m), "roundtrip");
  REQUIRE(back.variables[static_cast<size_t>(d)].cohort.has_value());
  CHECK(back.variables[static_cast<size_t>(d)].cohort->min == 5.0);
  CHECK_FALSE(std::isfinite(back.variables[static_cast<size_t>(d)].cohort->max));
  CHECK(back.variables[static_cast<size_t>(d)].cohort->note == v.cohort->note);
  auto bad = rawModel("nomogram_tace.json");
  for (auto& jv : bad["variables"])
    if (jv["name"] == "diameter") jv["cohort_range"] = {{"min", 8}, {"max", 6}};
  CHECK_THROWS_WITH(parseNomogramModel(bad.dump(), "bad.json"), Catch::Matchers::Contains("diameter"));
}

TEST_CASE("a refit model reproduces R's survfit(coxph, newdata) with CIs", "[model][R]") {
  const auto ref = surv_test::loadJson("ref_cox_pbc_efron.json");
  const std::vector<std::string> cov{"age", "edema", "log_bili", "log_albumin", "log_protime"};
  const auto tab = surv_test::loadSurv("pbc.csv", "time", "death", cov);
  const auto fit = fitCox(tab.data);
  const auto model = parseNomogramModel(nomogramModelToJson(modelFromCox(tab.data, fit, "pbc", "days")), "refit");
  const auto& nd = ref["newdata"];
  for (size_t r = 0; r < nd.size(); ++r) {
    std::vector<double> x;
    for (const auto& c : cov) x.push_back(nd[r][c].get<double>());
    const auto curve = model.curve(x, {});
    const auto& pr = ref["pred"];
    REQUIRE(curve.time.size() == pr["surv"].size());
    // median and RMST of the step curve agree with the KM-style rules applied to the curve itself
    const double lp = model.linearPredictor(x);
    const double med = medianOf(curve.time, curve.surv);
    if (std::isnan(med))
      CHECK(std::isnan(model.medianSurvival(lp)));
    else
      CHECK(model.medianSurvival(lp) == Approx(med));
    double area = 0, pt = 0, ps = 1;
    for (size_t k = 0; k < curve.time.size() && curve.time[k] <= 2000; ++k) {
      area += (curve.time[k] - pt) * ps;
      pt = curve.time[k];
      ps = curve.surv[k];
    }
    area += (2000 - pt) * ps;
    CHECK(model.restrictedMean(lp, 2000) == Approx(area));
    for (size_t k = 0; k < curve.time.size(); k += 7) {
      CHECK(curve.surv[k] == Approx(pr["surv"][k][r].get<double>()).epsilon(1e-6));
      CHECK(curve.lower[k] == Approx(pr["lower"][k][r].get<double>()).epsilon(1e-4));
      CHECK(curve.upper[k] == Approx(pr["upper"][k][r].get<double>()).epsilon(1e-4));
    }
  }
}

TEST_CASE("a nomogram update is far below a millisecond", "[model][timing]") {
  const auto m = readNomogramModel(modelPath("nomogram_tace.json"));
  auto x = m.referenceValues();
  const int reps = 10000;
  double sink = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < reps; ++i) {
    x[2] = 5 + (i % 15);
    sink += m.totalPoints(x);
    const double lp = m.linearPredictor(x);
    for (double t : m.survivalTimes) sink += m.survival(t, lp);
  }
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / reps;
  CHECK(sink > 0);
  CHECK(us < 100);  // generous for a loaded CI machine; the benchmark reports the real figure
}
