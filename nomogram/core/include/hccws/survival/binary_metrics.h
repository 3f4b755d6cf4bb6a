#pragma once
// Metrics of a binary classifier's scores (the PMN's p(proliferative) on a labelled test set, docs/pmn.md):
// AUC with DeLong's variance and confidence interval (DeLong, DeLong & Clarke-Pearson 1988; as pROC's
// ci.auc(method = "delong")), the Brier score, the calibration intercept and slope (logistic regression of
// the label on logit(p), as glm(label ~ qlogis(p), binomial)), calibration by groups of predicted
// probability, and the confusion table at a threshold. Checked against R (tests/nomogram/test_binary_metrics.cpp,
// reference/make_binary_reference.R). Labels are 0/1; other values are ignored.
#include <utility>
#include <vector>

namespace hccws::surv {

struct AucResult {
  double auc = 0;        // P(score of a positive > score of a negative) + 1/2 P(equal)
  double se = 0;         // DeLong's standard error
  double lower = 0, upper = 0;  // normal CI, clipped to [0, 1]
  int positives = 0, negatives = 0;
};
// Throws std::invalid_argument when either class is missing or the sizes differ.
AucResult delongAuc(const std::vector<double>& scores, const std::vector<int>& labels, double level = 0.95);

double brierScore(const std::vector<double>& probabilities, const std::vector<int>& labels);

struct CalibrationFit {
  double intercept = 0, slope = 0;
  bool converged = false;
};
// Newton-Raphson on the two-parameter logistic likelihood; probabilities are clamped to [1e-12, 1 - 1e-12].
CalibrationFit calibrationSlope(const std::vector<double>& probabilities, const std::vector<int>& labels);

struct BinaryCalibrationGroup {
  int n = 0;
  double meanPredicted = 0, observed = 0;  // observed = share of positives
};
// `groups` groups of (nearly) equal size by increasing predicted probability.
std::vector<BinaryCalibrationGroup> calibrationGroups(const std::vector<double>& probabilities,
                                                      const std::vector<int>& labels, int groups = 10);

// Two models' AUCs on the same patients compared by DeLong's test for correlated ROC curves (as pROC's
// roc.test(method = "delong", paired = TRUE)): z = (A1 - A2) / sqrt(var1 + var2 - 2 cov), two-sided p.
struct AucComparison {
  AucResult first, second;
  double difference = 0, se = 0, z = 0, p = 1;
};
AucComparison delongTest(const std::vector<double>& scoresA, const std::vector<double>& scoresB,
                         const std::vector<int>& labels);

// Hosmer-Lemeshow goodness of fit with `groups` groups cut at the quantiles of the predicted probability
// (R's quantile type 7, lowest break included, as ResourceSelection::hoslem.test): chi-square with groups - 2
// degrees of freedom (also when tied quantiles merge groups, as hoslem.test does).
struct HosmerLemeshow {
  double chiSquare = 0, p = 1;
  int df = 0;
  std::vector<BinaryCalibrationGroup> groups;  // observed = share of positives, meanPredicted
};
HosmerLemeshow hosmerLemeshow(const std::vector<double>& probabilities, const std::vector<int>& labels, int groups = 10);

// Net benefit of treating when p >= threshold, against treating everyone and no one (Vickers & Elkin 2006):
// NB = TP/n - FP/n * t / (1 - t); treat-all = prevalence - (1 - prevalence) t / (1 - t).
struct NetBenefitPoint {
  double threshold = 0, model = 0, treatAll = 0, treatNone = 0;
};
std::vector<NetBenefitPoint> decisionCurve(const std::vector<double>& probabilities, const std::vector<int>& labels,
                                           const std::vector<double>& thresholds);

// ROC curve points (1 - specificity, sensitivity) at every distinct score, from (0, 0) to (1, 1).
std::vector<std::pair<double, double>> rocCurve(const std::vector<double>& scores, const std::vector<int>& labels);

struct Confusion {
  int truePositive = 0, falsePositive = 0, trueNegative = 0, falseNegative = 0;
  double sensitivity = 0, specificity = 0, ppv = 0, npv = 0, accuracy = 0;
};
// Positive when probability >= threshold.
Confusion confusionAt(const std::vector<double>& probabilities, const std::vector<int>& labels, double threshold);

}  // namespace hccws::surv
