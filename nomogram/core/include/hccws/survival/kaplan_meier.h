#pragma once
// Kaplan-Meier curves, median survival, restricted mean survival time and the k-group log-rank test,
// matching R's survfit(Surv(t, e) ~ g), print(..., rmean = tau) and survdiff(rho = 0).
//
// - Curves list every distinct observed time (events and censorings), like survfit. stdErr is Greenwood's
//   on the cumulative-hazard (log S) scale, sqrt(sum d / (n (n - d))), as survfit's std.err; it is +Inf
//   once n == d (the curve reaches 0).
// - CIs: ConfType::Log (R's default; S exp(-+z se), upper capped at 1) or LogLog; NaN where R gives NA.
// - Median (R's rule): first time where S <= 0.5 (tolerance sqrt(machine eps)); if S equals 0.5 exactly
//   on an interval, the midpoint between that time and the next time S drops. The CI applies the same
//   rule to the lower curve (lower limit) and the upper curve (upper limit). NaN when not reached.
// - RMST to tau: area under S from 0 to tau; its SE as R's survmean (sum over event times <= tau of
//   A_k^2 d_k / (n_k (n_k - d_k)), A_k the area from t_k to tau).
// Times in the caller's units; groups are integer codes.
#include "hccws/survival/types.h"

#include <vector>

namespace hccws::surv {

struct KmCurve {
  int group = 0;
  std::vector<double> time, nRisk, nEvent, nCensor, surv, stdErr, lower, upper;
  double median = 0, medianLower = 0, medianUpper = 0;
  double at(double t) const;  // S(t), right-continuous, 1 before the first time
};

KmCurve kaplanMeier(const Eigen::VectorXd& time, const Eigen::VectorXi& status, double conf = 0.95,
                    ConfType type = ConfType::Log);
// One curve per distinct group code, ascending codes.
std::vector<KmCurve> kaplanMeierByGroup(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                        const Eigen::VectorXi& group, double conf = 0.95,
                                        ConfType type = ConfType::Log);

struct Rmst {
  double tau = 0, mean = 0, se = 0;
};
Rmst restrictedMean(const KmCurve& curve, double tau);

// The median by R's rule on an arbitrary step curve (used for the CI limits and for model curves).
double medianOf(const std::vector<double>& time, const std::vector<double>& surv);

struct LogRankTest {
  std::vector<int> groups;                // codes, ascending
  Eigen::VectorXd observed, expected;     // per group
  Eigen::MatrixXd var;                    // variance of O - E
  double chisq = 0;
  int df = 0;
  double p = 1;
};
// Throws SurvivalError when fewer than 2 groups are present.
LogRankTest logRank(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXi& group);

}  // namespace hccws::surv
