// The combined binary model against R on a synthetic cohort with a known signal
// (reference/make_logistic_reference.R: data/binary_cohort_{train,test}.csv, data/ref_logistic.json):
// standardisation, the correlation filter, glmnet's lambda path and cross-validated deviance on the same folds,
// lambda.min/1se, the selected columns, glm's coefficients and SEs; on the independent test set pROC's AUC and
// DeLong CI, roc.test against a clinical-only model, Hosmer-Lemeshow, the decision curve and the calibration
// slope. Then the signal: the true predictors are found, the noise columns are not, and the test AUC is close
// to the oracle's (the true linear predictor's).
#include "support.h"

#include <hccws/survival/binary_metrics.h>
#include <hccws/survival/binary_model.h>
#include <hccws/survival/csv_table.h>
#include <hccws/survival/logistic.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace hccws::surv;
using surv_test::close;

namespace {

const std::vector<std::string>& candidates() {
  static const std::vector<std::string> c = [] {
    std::vector<std::string> v = {"age", "afp_log", "tumour_cm"};
    for (int k = 1; k <= 20; ++k) v.push_back((k < 10 ? "rad_0" : "rad_") + std::to_string(k));
    for (int k = 1; k <= 5; ++k) v.push_back("dl_" + std::to_string(k));
    return v;
  }();
  return c;
}

BinaryModel fitted() {
  const auto train = CsvTable::readFile(surv_test::dataPath("binary_cohort_train.csv"));
  BinaryModelSpec spec;
  spec.outcome = "p53";
  spec.candidates = candidates();
  spec.foldColumn = "fold";
  return fitBinaryModel(train, spec);
}

std::vector<int> labels(const CsvTable& t, const std::string& c) {
  std::vector<int> y;
  for (double v : t.numericValues(c)) y.push_back(static_cast<int>(v));
  return y;
}

}  // namespace

TEST_CASE("Combined model: selection, LASSO path, CV and refit equal R (glmnet, glm)", "[logistic][R]") {
  const auto ref = surv_test::loadJson("ref_logistic.json");
  const BinaryModel m = fitted();
  CHECK(m.rows == 400);
  CHECK(m.removedByCorrelation == ref["removed_by_correlation"].get<std::vector<std::string>>());
  CHECK(close(m.lambdaMin, ref["lambda_min"].get<double>(), 1e-10));
  CHECK(close(m.lambda1se, ref["lambda_1se"].get<double>(), 1e-10));
  const auto selected = ref["selected"].get<std::vector<std::string>>();
  REQUIRE(m.terms.size() == selected.size());
  const auto& g = ref["glm"];
  CHECK(close(m.intercept, g["coef"][0].get<double>(), 1e-7));
  for (std::size_t k = 0; k < selected.size(); ++k) {
    INFO(selected[k] << ": coef " << m.terms[k].coef << " (R " << g["coef"][k + 1].get<double>() << "), se "
                     << m.terms[k].se << " (R " << g["se"][k + 1].get<double>() << "), p " << m.terms[k].p << " (R "
                     << g["p"][k + 1].get<double>() << ")");
    CHECK(m.terms[k].column == selected[k]);
    CHECK(close(m.terms[k].mean, ref["means"][selected[k]].get<double>(), 1e-12));
    CHECK(close(m.terms[k].sd, ref["sds"][selected[k]].get<double>(), 1e-12));
    CHECK(close(m.terms[k].coef, g["coef"][k + 1].get<double>(), 1e-7));
    CHECK(close(m.terms[k].se, g["se"][k + 1].get<double>(), 1e-6));
    CHECK(close(m.terms[k].p, g["p"][k + 1].get<double>(), 1e-5, 1e-12));
  }
}

TEST_CASE("LASSO logistic path and cross-validation equal cv.glmnet on the same folds", "[logistic][R]") {
  const auto ref = surv_test::loadJson("ref_logistic.json");
  const auto train = CsvTable::readFile(surv_test::dataPath("binary_cohort_train.csv"));
  const auto kept = ref["kept"].get<std::vector<std::string>>();
  const std::vector<int> y = labels(train, "p53");
  Eigen::MatrixXd Z(train.rows(), static_cast<Eigen::Index>(kept.size()));
  for (std::size_t c = 0; c < kept.size(); ++c) {
    const auto v = train.numericValues(kept[c]);
    const double mean = ref["means"][kept[c]].get<double>(), sd = ref["sds"][kept[c]].get<double>();
    for (int r = 0; r < train.rows(); ++r) Z(r, static_cast<Eigen::Index>(c)) = (v[static_cast<std::size_t>(r)] - mean) / sd;
  }
  const std::vector<int> fold = labels(train, "fold");
  const LassoCv cv = cvLassoLogistic(Z, y, 10, 0, fold);
  const auto lambda = ref["lambda"].get<std::vector<double>>();
  REQUIRE(cv.path.lambda.size() == lambda.size());
  for (std::size_t l = 0; l < lambda.size(); ++l) {
    INFO("lambda " << l << ": cvm " << cv.cvm[l] << " (R " << ref["cvm"][l].get<double>() << "), cvsd " << cv.cvsd[l]
                   << " (R " << ref["cvsd"][l].get<double>() << ")");
    CHECK(close(cv.path.lambda[l], lambda[l], 1e-12));
    CHECK(close(cv.cvm[l], ref["cvm"][l].get<double>(), 1e-6));
    CHECK(close(cv.cvsd[l], ref["cvsd"][l].get<double>(), 1e-5));
  }
  // rad_02, rad_04 and rad_05 correlate at r = 0.92: the penalised objective is flat along their differences, so
  // glmnet's stopping rule (change in the objective) leaves their coefficients within ~2e-7 of the optimum.
  for (std::size_t c = 0; c < kept.size(); ++c) {
    INFO(kept[c]);
    CHECK(std::abs(cv.path.beta[static_cast<std::size_t>(cv.index1se)][static_cast<Eigen::Index>(c)] -
                   ref["lasso_coef_1se"][kept[c]].get<double>()) < 1e-6);
  }
}

TEST_CASE("Combined model on the independent test set: AUC, DeLong test, HL, decision curve equal R", "[logistic][R]") {
  const auto ref = surv_test::loadJson("ref_logistic.json");
  const auto& t = ref["test"];
  const BinaryModel m = fitted();
  const auto test = CsvTable::readFile(surv_test::dataPath("binary_cohort_test.csv"));
  const std::vector<double> p = m.predict(test);
  const std::vector<int> y = labels(test, "p53");
  for (std::size_t i = 0; i < 5; ++i) CHECK(close(p[i], t["p_first"][i].get<double>(), 1e-7));
  const AucResult a = delongAuc(p, y);
  CHECK(close(a.auc, t["auc"].get<double>(), 1e-7));
  CHECK(close(a.se, t["auc_se"].get<double>(), 1e-6));
  CHECK(close(a.lower, t["auc_lower"].get<double>(), 1e-6));
  CHECK(close(a.upper, t["auc_upper"].get<double>(), 1e-6));

  // Clinical-only comparator, fitted as R does (glm on the standardised afp_log).
  const auto train = CsvTable::readFile(surv_test::dataPath("binary_cohort_train.csv"));
  const double mean = ref["means"]["afp_log"].get<double>(), sd = ref["sds"]["afp_log"].get<double>();
  Eigen::MatrixXd X(train.rows(), 1);
  const auto afp = train.numericValues("afp_log");
  for (int r = 0; r < train.rows(); ++r) X(r, 0) = (afp[static_cast<std::size_t>(r)] - mean) / sd;
  const LogisticFit clin = fitLogistic(X, labels(train, "p53"), {"afp_log"});
  const auto afpTest = test.numericValues("afp_log");
  Eigen::MatrixXd Xt(test.rows(), 1);
  for (int r = 0; r < test.rows(); ++r) Xt(r, 0) = (afpTest[static_cast<std::size_t>(r)] - mean) / sd;
  const Eigen::VectorXd pcE = predictLogistic(clin, Xt);
  const std::vector<double> pc(pcE.data(), pcE.data() + pcE.size());
  const AucComparison cmp = delongTest(p, pc, y);
  CHECK(close(cmp.second.auc, t["clinical_auc"].get<double>(), 1e-7));
  CHECK(close(cmp.z, t["delong_z"].get<double>(), 1e-5));
  CHECK(close(cmp.p, t["delong_p"].get<double>(), 1e-5));

  const HosmerLemeshow hl = hosmerLemeshow(p, y, 10);
  CHECK(close(hl.chiSquare, t["hl_chisq"].get<double>(), 1e-6));
  CHECK(hl.df == t["hl_df"].get<int>());
  CHECK(close(hl.p, t["hl_p"].get<double>(), 1e-5, 1e-12));

  const auto thr = t["thresholds"].get<std::vector<double>>();
  const auto dc = decisionCurve(p, y, thr);
  for (std::size_t i = 0; i < thr.size(); ++i) {
    INFO("threshold " << thr[i]);
    CHECK(std::abs(dc[i].model - t["net_benefit"][i].get<double>()) < 1e-12);
    CHECK(std::abs(dc[i].treatAll - t["treat_all"][i].get<double>()) < 1e-12);
    CHECK(dc[i].treatNone == 0.0);
  }
  const CalibrationFit cal = calibrationSlope(p, y);
  CHECK(close(cal.intercept, t["calibration_intercept"].get<double>(), 1e-6));
  CHECK(close(cal.slope, t["calibration_slope"].get<double>(), 1e-6));
}

TEST_CASE("Combined model recovers the known signal and tests it on unseen patients", "[logistic]") {
  const BinaryModel m = fitted();
  std::vector<std::string> cols;
  for (const auto& t : m.terms) cols.push_back(t.column);
  auto has = [&](const std::string& c) { return std::find(cols.begin(), cols.end(), c) != cols.end(); };
  // The three true predictors: afp_log, the rad_01..05 group (a latent factor) and dl_1.
  CHECK(has("afp_log"));
  CHECK(has("dl_1"));
  CHECK((has("rad_01") || has("rad_02") || has("rad_03") || has("rad_04") || has("rad_05")));
  // No noise column and nothing of the uninformative correlated group.
  for (const auto& c : cols) {
    INFO(c);
    CHECK((c == "afp_log" || c == "dl_1" || c.rfind("rad_0", 0) == 0));
    CHECK(c != "age");
    CHECK(c != "tumour_cm");
    for (int k = 6; k <= 20; ++k) CHECK(c != (k < 10 ? "rad_0" : "rad_") + std::to_string(k));
  }
  for (const auto& t : m.terms) CHECK(t.coef > 0);  // every true effect is positive
  // dl_1's effect per SD (true 0.7) within 2.5 SE.
  for (const auto& t : m.terms)
    if (t.column == "dl_1") CHECK(std::abs(t.coef - 0.7) < 2.5 * t.se);
  // Independent test set: the model's AUC is close to the oracle's (the true linear predictor's).
  const auto test = CsvTable::readFile(surv_test::dataPath("binary_cohort_test.csv"));
  const auto y = labels(test, "p53");
  const double aucModel = delongAuc(m.predict(test), y).auc, aucOracle = delongAuc(test.numericValues("true_lp"), y).auc;
  CHECK(aucModel > 0.7);
  CHECK(aucModel > aucOracle - 0.05);
  // The model file round-trips and predicts the same; the nomogram's points give the model's probability.
  const BinaryModel back = BinaryModel::fromJson(m.toJson(), "model.json");
  const auto p1 = m.predict(test), p2 = back.predict(test);
  for (std::size_t i = 0; i < p1.size(); ++i) CHECK(p1[i] == Approx(p2[i]).epsilon(1e-12));
  const LogisticNomogram nom = logisticNomogram(m);
  std::vector<double> values;
  for (const auto& t : m.terms) values.push_back(test.numericValues(t.column)[0]);
  CHECK(nom.probability(nom.points(values)) == Approx(p1[0]).epsilon(1e-10));
  double widest = 0;
  for (const auto& a : nom.axes) widest = std::max(widest, std::abs(a.pointsPerUnit) * (a.maxValue - a.minValue));
  CHECK(widest == Approx(100.0));
}

TEST_CASE("Combined model refuses bad tables with the file and the reason", "[logistic]") {
  const auto t = CsvTable::parse("id,x,y\n1,0.5,1\n2,0.1,2\n", "bad.csv");
  BinaryModelSpec spec;
  spec.outcome = "y";
  spec.candidates = {"x"};
  CHECK_THROWS_WITH(fitBinaryModel(t, spec), Catch::Contains("bad.csv") && Catch::Contains("0 or 1"));
  spec.candidates = {"z"};
  CHECK_THROWS_WITH(fitBinaryModel(t, spec), Catch::Contains("no column \"z\""));
  const auto one = CsvTable::parse("x,y\n1,1\n2,1\n3,1\n", "one.csv");
  spec.candidates = {"x"};
  CHECK_THROWS_WITH(fitBinaryModel(one, spec), Catch::Contains("each class"));
  CHECK_THROWS_WITH(BinaryModel::fromJson("{\"format\": \"x\"}", "m.json"), Catch::Contains("m.json"));
}
