// Binary-classifier metrics (binary_metrics.h) against R: pROC's AUC, DeLong SE and 95% CI, glm's calibration
// intercept and slope, Brier score, sensitivity/specificity at 0.5 (reference/make_binary_reference.R,
// committed as data/binary_scores.csv and data/ref_binary.json), plus cases worked by hand.
#include "support.h"

#include <hccws/survival/binary_metrics.h>
#include <hccws/survival/csv_table.h>

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace hccws::surv;
using surv_test::close;

TEST_CASE("AUC, DeLong CI, Brier and calibration slope equal R's pROC and glm", "[binary][R]") {
  const auto ref = surv_test::loadJson("ref_binary.json");
  const auto t = CsvTable::readFile(surv_test::dataPath("binary_scores.csv"));
  std::vector<double> score, p;
  std::vector<int> label;
  for (const auto& v : t.numericColumn("score")) score.push_back(*v);
  for (const auto& v : t.numericColumn("p")) p.push_back(*v);
  for (const auto& v : t.numericColumn("label")) label.push_back(static_cast<int>(*v));
  REQUIRE(static_cast<int>(label.size()) == ref["n"].get<int>());
  const AucResult a = delongAuc(score, label);
  CHECK(a.positives == ref["positives"].get<int>());
  CHECK(close(a.auc, ref["auc"].get<double>(), 1e-12));
  CHECK(close(a.se, ref["auc_se"].get<double>(), 1e-10));
  CHECK(close(a.lower, ref["auc_lower"].get<double>(), 1e-10));
  CHECK(close(a.upper, ref["auc_upper"].get<double>(), 1e-10));
  CHECK(close(brierScore(p, label), ref["brier"].get<double>(), 1e-12));
  const CalibrationFit f = calibrationSlope(p, label);
  CHECK(f.converged);
  CHECK(close(f.intercept, ref["calibration_intercept"].get<double>(), 1e-7));
  CHECK(close(f.slope, ref["calibration_slope"].get<double>(), 1e-7));
  const Confusion c = confusionAt(p, label, 0.5);
  CHECK(close(c.sensitivity, ref["sensitivity_at_05"].get<double>(), 1e-12));
  CHECK(close(c.specificity, ref["specificity_at_05"].get<double>(), 1e-12));
}

TEST_CASE("binary metrics on cases worked by hand", "[binary]") {
  // positives 0.9, 0.6; negatives 0.6, 0.2: pairs (0.9 > 0.6), (0.9 > 0.2), (0.6 = 0.6: 1/2), (0.6 > 0.2) -> 3.5 / 4
  const std::vector<double> s{0.9, 0.6, 0.6, 0.2};
  const std::vector<int> y{1, 1, 0, 0};
  CHECK(delongAuc(s, y).auc == Approx(0.875));
  const Confusion c = confusionAt(s, y, 0.6);
  CHECK(c.truePositive == 2);
  CHECK(c.falsePositive == 1);
  CHECK(c.trueNegative == 1);
  CHECK(c.accuracy == Approx(0.75));
  const auto groups = calibrationGroups(s, y, 2);
  REQUIRE(groups.size() == 2);
  // sorted (stable): 0.2 (neg), 0.6 (pos), 0.6 (neg), 0.9 (pos)
  CHECK(groups[0].meanPredicted == Approx(0.4));
  CHECK(groups[0].observed == Approx(0.5));
  CHECK(groups[1].meanPredicted == Approx(0.75));
  CHECK(groups[1].observed == Approx(0.5));
  CHECK(brierScore({1.0, 0.0}, {1, 0}) == 0);
  CHECK_THROWS_AS(delongAuc({0.1, 0.2}, {1, 1}), std::invalid_argument);
}
