#pragma once
// A combined binary-outcome model (clinical + radiomics + deep-feature columns of a cohort table), built the way
// the related studies in docs/science.md build theirs, with every choice recorded in the model file:
//   1. complete cases over the outcome and the candidate columns (rows dropped are counted);
//   2. standardisation (training mean and sample SD; constant columns left out and named);
//   3. correlation filter: candidates ordered by their univariate AUC's distance from 0.5 (ties: table order),
//      a candidate kept when |Pearson r| with every kept one is <= the threshold;
//   4. LASSO logistic regression with K-fold cross-validated lambda (seeded folds; lambda.1se or lambda.min);
//   5. an unpenalised logistic regression on the selected columns (coefficients with SEs and Wald p).
// Columns named in `forced` skip steps 3-4 (e.g. a clinical variable the study keeps by design).
// Predictions apply the stored standardisation, so the model file alone predicts on new tables.
#include "hccws/survival/binary_metrics.h"
#include "hccws/survival/csv_table.h"
#include "hccws/survival/logistic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

struct BinaryModelSpec {
  std::string outcome;                  // 0/1 column
  std::vector<std::string> candidates;  // columns offered to selection
  std::vector<std::string> forced;      // columns always in the model
  double correlationThreshold = 0.9;
  int folds = 10;
  std::uint64_t seed = 20261207;
  std::string foldColumn;  // folds 1..K from the table (a study's own split) instead of seeded ones
  bool lambda1se = true;  // false: lambda.min
};

struct BinaryModelTerm {
  std::string column;
  double mean = 0, sd = 1;       // standardisation (training)
  double coef = 0, se = 0, p = 1;  // per SD of the column
  double minValue = 0, maxValue = 0;  // observed range (training), for the nomogram
};

struct BinaryModel {
  std::string outcome, source;
  int rows = 0, events = 0, rowsDropped = 0;
  double intercept = 0;
  std::vector<BinaryModelTerm> terms;
  // Selection record.
  std::vector<std::string> constantColumns, removedByCorrelation, notSelectedByLasso;
  double lambda = 0, lambdaMin = 0, lambda1se = 0;
  bool lambdaIs1se = true;
  int folds = 0;
  std::uint64_t seed = 0;
  std::string foldColumn;
  double correlationThreshold = 0;
  bool separation = false;
  std::string program;

  // Probability of the outcome for each row of a table that has the model's columns (NaN where one is missing).
  std::vector<double> predict(const CsvTable& table) const;
  double predict(const std::vector<double>& values) const;  // in the order of `terms`
  std::string toJson() const;
  static BinaryModel fromJson(const std::string& text, const std::string& sourceName);
};

// Throws SurvivalError naming the table and the problem (missing column, outcome not 0/1, one class, nothing
// selected, too few rows for the folds).
BinaryModel fitBinaryModel(const CsvTable& table, const BinaryModelSpec& spec);

// A model evaluated on a table (hccws model evaluate, hccws model-summary): rows with the outcome and every column
// of the model (and of `other`) are used, the rest counted as dropped. Throws SurvivalError for a missing
// outcome column or an outcome other than 0/1, and when a class is missing.
struct BinaryEvaluation {
  int n = 0, events = 0, dropped = 0;
  AucResult auc;
  double brier = 0;
  CalibrationFit calibration;
  HosmerLemeshow hosmerLemeshow;
  std::vector<NetBenefitPoint> decision;
  std::vector<std::pair<double, double>> roc;
  std::optional<AucComparison> comparison;          // with `other`
  std::vector<std::pair<double, double>> otherRoc;  // with `other`
};
BinaryEvaluation evaluateBinaryModel(const BinaryModel& model, const CsvTable& table, const BinaryModel* other,
                                     const std::vector<double>& thresholds, int groups = 10);

// Points of a logistic nomogram (as rms::nomogram): each term's contribution coef * (x - mean) / sd over its
// observed range, scaled so that the widest range spans 0-100 points; total points map to the probability.
struct NomogramAxis {
  std::string column;
  double pointsPerUnit = 0;  // points per unit of the column (negative: points fall as x grows)
  double pointsAtMin = 0;    // points at minValue
  double minValue = 0, maxValue = 0;
};
struct LogisticNomogram {
  std::vector<NomogramAxis> axes;
  double lpAtZeroPoints = 0, lpPerPoint = 0;  // linear predictor = lpAtZeroPoints + lpPerPoint * total points
  double points(const std::vector<double>& values) const;
  double probability(double totalPoints) const;
};
LogisticNomogram logisticNomogram(const BinaryModel& model);

}  // namespace hccws::surv
