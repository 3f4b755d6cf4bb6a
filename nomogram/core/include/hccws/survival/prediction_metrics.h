#pragma once
// Prediction accuracy at fixed horizons with inverse probability of censoring weights (IPCW), G the
// Kaplan-Meier estimate of the censoring distribution (R riskRegression::Score with cens.model = "km").
//
// For a horizon t and predicted survival S_i(t):
// - Cumulative/dynamic AUC(t): cases = events at or before t (weight 1 / G(T_i-)), controls = still at
//   risk after t (weight 1 / G(t)); AUC = sum over case-control pairs of w_i w_j [r_i > r_j] (+ 1/2 when
//   tied) / (sum of case weights * sum of control weights), r = 1 - S(t) the predicted risk.
// - Brier(t) = 1/n sum [case] S_i(t)^2 / G(T_i-) + [T_i > t] (1 - S_i(t))^2 / G(t); subjects censored before
//   t contribute 0 (they are represented through the weights).
// - Integrated Brier score over [0, tau]: (1 / tau) * integral of Brier(t) dt, Brier evaluated on a grid and
//   integrated as a right-continuous step function to tau. Equals pec::crps when pec's grid ends at tau
//   (pec divides by the last grid time instead of tau).
// - Calibration at t: subjects split in `groups` quantile groups of predicted S(t); per group the mean
//   predicted S(t) and the Kaplan-Meier estimate at t (with its log-CI); plus the weighted mean
//   absolute difference.
// Time in the caller's units. Inputs: time, status (0/1), and predictions as an n x m matrix with one column
// per horizon. Throws SurvivalError on sizes that disagree.
#include "hccws/survival/types.h"

#include <vector>

namespace hccws::surv {

double timeDependentAuc(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& survAtT,
                        double t);
double brierScore(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& survAtT,
                  double t);
// survOnGrid: n x grid.size(), column k = predicted S(grid[k]); grid ascending, grid.back() <= tau.
double integratedBrier(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::MatrixXd& survOnGrid,
                       const std::vector<double>& grid, double tau);

struct CalibrationGroup {
  int n = 0;
  double predicted = 0;  // mean predicted S(t)
  double observed = 0;   // Kaplan-Meier S(t) in the group
  double lower = 0, upper = 0;
};
struct Calibration {
  double t = 0;
  std::vector<CalibrationGroup> groups;
  double meanAbsError = 0;  // n-weighted mean |observed - predicted|
};
Calibration calibrationAt(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& survAtT,
                          double t, int groups = 5);

}  // namespace hccws::surv
