#pragma once
// Optimal cut-point of a continuous marker by the maximally selected log-rank statistic (Lausen and
// Schumacher 1992; the idea behind X-tile), as R's maxstat::maxstat.test(smethod = "LogRank",
// pmethod = "Lau92") computes it.
//
// - Scores: log-rank scores a_i = status_i - sum_{t_k <= T_i} d_k / (n_{>t_k} + 1), with ties in time
//   handled as exactRankTests::cscores does (n_{>t} + 1 = N - max rank + 1 at tied times).
// - Candidates: every distinct marker value c with m = #{x <= c} ... precisely, the groups are
//   {x <= c} vs {x > c} with m = #{x < next distinct value} between max(1, floor(N minprop)) and
//   floor(N maxprop) (maxstat's rule); statistic |S_m - E_m| / sqrt(V_m) with the permutation
//   variance of a linear rank statistic.
// - p-value correction for having picked the maximum (Lausen & Schumacher 1992, "Lau92"):
//   p = 4 phi(b) / b + phi(b) (b - 1/b) log(maxprop (1 - minprop) / ((1 - maxprop) minprop)),
//   b the maximum statistic, p = 1 for b < 1, truncated at 0 (and at 1 here). It is an upper-tail
//   approximation, conservative for small b; the unadjusted p of the best cut is also returned only for
//   display, never for inference.
// Low marker values form the first group; `cut` is the largest marker value of that group.
#include "hccws/survival/types.h"

#include <vector>

namespace hccws::surv {

struct CutPoint {
  double cut = 0;        // group "low": marker <= cut
  double statistic = 0;  // maximal standardized log-rank statistic
  double pAdjusted = 1;  // Lausen-Schumacher 1992
  double pUnadjusted = 1;
  int nLow = 0, nHigh = 0;
  std::vector<double> cuts, statistics;  // every candidate
};

CutPoint maxstatCutPoint(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                         double minProp = 0.1, double maxProp = 0.9);

double lausenSchumacher92(double b, double minProp, double maxProp);

}  // namespace hccws::surv
