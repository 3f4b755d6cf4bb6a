#pragma once
// External validation of a nomogram model on a cohort (docs/cohorts.md; TRIPOD's validation items), every
// estimator from this library's R-checked code:
// - discrimination: Harrell's C with its infinitesimal-jackknife SE (R concordance), Uno's C (timewt "n/G2",
//   truncated at tau) with a bootstrap SE, cumulative/dynamic td-AUC per horizon with a bootstrap SE;
// - calibration: the slope (Cox regression of the outcome on the model's linear predictor: 1 = ideal, < 1 =
//   predictions too extreme) with its SE, and per horizon observed Kaplan-Meier vs mean predicted survival by
//   risk group (`groups` quantile groups, 10 = deciles);
// - overall: Brier score per horizon and the integrated Brier score to the largest horizon (IPCW, KM
//   censoring);
// - risk groups: Kaplan-Meier curves by the model's own risk group and by the median of the linear predictor,
//   each with the log-rank test;
// - decision curves per horizon: net benefit of treating when the predicted risk 1 - S(t) >= pt, against
//   treat-all and treat-none (0), with the observed risk from Kaplan-Meier (dcurves' survival method):
//   NB = (1 - S_KM(t | treated)) P(treated) - S_KM(t | treated) P(treated) pt / (1 - pt).
// Bootstrap: seeded, `bootstrap` replicates (0: no SE). Throws SurvivalError on bad input (sizes, no events).
#include "hccws/survival/concordance.h"
#include "hccws/survival/kaplan_meier.h"
#include "hccws/survival/nomogram_model.h"
#include "hccws/survival/prediction_metrics.h"
#include "hccws/survival/types.h"

#include <cstdint>
#include <vector>

namespace hccws::surv {

struct ValidationOptions {
  std::vector<double> times{12, 24, 36};
  int groups = 10;
  int bootstrap = 200;
  std::uint64_t seed = 20261207;
  double unoTau = 0;                  // 0: the largest horizon
  std::vector<double> thresholds;     // decision curve; empty: 0.01, 0.02, ..., 0.99
};

struct DecisionPoint {
  double threshold = 0, model = 0, all = 0;  // net benefit; treat-none is 0
  int treated = 0;
};

struct HorizonValidation {
  double t = 0;
  double auc = 0, aucSe = 0;  // aucSe: bootstrap (NaN without)
  double brier = 0;
  Calibration calibration;
  std::vector<DecisionPoint> decision;
};

struct GroupSurvival {
  std::vector<KmCurve> curves;     // ascending group codes
  std::vector<int> codes;          // 0 = low, 1 = high
  LogRankTest logRank;
};

struct ValidationResult {
  int n = 0, events = 0;
  std::vector<double> lp;                  // per patient
  double harrellC = 0, harrellSe = 0;
  double unoC = 0, unoSe = 0, unoTau = 0;  // unoSe: bootstrap
  double slope = 0, slopeSe = 0;
  std::vector<HorizonValidation> horizons;
  double ibs = 0, ibsTau = 0;
  GroupSurvival byRiskGroup, byMedian;
  double medianLp = 0;
  int bootstrapReps = 0, bootstrapFailed = 0;
};

// `data.x` holds the model's variables in the model's order.
ValidationResult validateModel(const NomogramModel& model, const SurvData& data, const ValidationOptions& options = {});

// The decision curve at t for predicted survival `survAtT` (exposed for tests).
std::vector<DecisionPoint> decisionCurve(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                         const Eigen::VectorXd& survAtT, double t, const std::vector<double>& thresholds);

}  // namespace hccws::surv
