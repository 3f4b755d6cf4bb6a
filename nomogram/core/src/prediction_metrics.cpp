#include "hccws/survival/prediction_metrics.h"

#include "hccws/survival/kaplan_meier.h"
#include "ipcw_detail.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hccws::surv {

namespace {
void check(const Eigen::VectorXd& time, const Eigen::VectorXi& status, long predRows) {
  if (status.size() != time.size() || predRows != time.size())
    throw SurvivalError("prediction metrics: time, status and predictions differ in length");
  if (time.size() == 0) throw SurvivalError("prediction metrics: no observations");
}
}  // namespace

double timeDependentAuc(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& s,
                        double t) {
  check(time, status, s.size());
  const detail::CensoringKm g(time, status);
  const double gt = g.at(t);
  // controls sorted by risk; for each case count weighted controls with smaller / equal risk.
  std::vector<double> ctrl;
  for (int i = 0; i < time.size(); ++i)
    if (time(i) > t) ctrl.push_back(1 - s(i));
  std::sort(ctrl.begin(), ctrl.end());
  if (ctrl.empty() || !(gt > 0)) throw SurvivalError("td-AUC: no subject is still at risk after t");
  double num = 0, caseW = 0;
  for (int i = 0; i < time.size(); ++i) {
    if (!(time(i) <= t && status(i) == 1)) continue;
    const double w = 1.0 / g.before(time(i));
    const double r = 1 - s(i);
    const auto lo = std::lower_bound(ctrl.begin(), ctrl.end(), r), hi = std::upper_bound(ctrl.begin(), ctrl.end(), r);
    num += w * (double(lo - ctrl.begin()) + 0.5 * double(hi - lo));
    caseW += w;
  }
  if (caseW == 0) throw SurvivalError("td-AUC: no event at or before t");
  // controls all carry the same weight 1 / G(t): it cancels between numerator and denominator
  return num / (caseW * double(ctrl.size()));
}

double brierScore(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& s, double t) {
  check(time, status, s.size());
  const detail::CensoringKm g(time, status);
  const double gt = g.at(t);
  double sum = 0;
  for (int i = 0; i < time.size(); ++i) {
    if (time(i) <= t && status(i) == 1)
      sum += s(i) * s(i) / g.before(time(i));
    else if (time(i) > t && gt > 0)
      sum += (1 - s(i)) * (1 - s(i)) / gt;
  }
  return sum / double(time.size());
}

double integratedBrier(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::MatrixXd& s,
                       const std::vector<double>& grid, double tau) {
  check(time, status, s.rows());
  if (s.cols() != static_cast<long>(grid.size()) || grid.empty())
    throw SurvivalError("integrated Brier: one prediction column per grid time is required");
  if (!(tau > 0)) throw SurvivalError("integrated Brier: tau must be positive");
  double area = 0;
  for (size_t k = 0; k < grid.size() && grid[k] < tau; ++k) {
    const double next = (k + 1 < grid.size()) ? std::min(grid[k + 1], tau) : tau;
    area += brierScore(time, status, s.col(static_cast<long>(k)), grid[k]) * (next - grid[k]);
  }
  return area / tau;
}

Calibration calibrationAt(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& s,
                          double t, int groups) {
  check(time, status, s.size());
  const int n = static_cast<int>(time.size());
  groups = std::max(1, std::min(groups, n));
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return s(a) < s(b); });
  Calibration cal;
  cal.t = t;
  double err = 0;
  for (int g = 0; g < groups; ++g) {
    const int from = g * n / groups, to = (g + 1) * n / groups;
    if (to <= from) continue;
    Eigen::VectorXd tt(to - from);
    Eigen::VectorXi ee(to - from);
    CalibrationGroup cg;
    cg.n = to - from;
    for (int k = from; k < to; ++k) {
      tt(k - from) = time(idx[k]);
      ee(k - from) = status(idx[k]);
      cg.predicted += s(idx[k]);
    }
    cg.predicted /= cg.n;
    const KmCurve km = kaplanMeier(tt, ee);
    const auto it = std::upper_bound(km.time.begin(), km.time.end(), t);
    if (it == km.time.begin()) {
      cg.observed = cg.lower = cg.upper = 1.0;
    } else {
      const size_t j = static_cast<size_t>(it - km.time.begin()) - 1;
      cg.observed = km.surv[j];
      cg.lower = km.lower[j];
      cg.upper = km.upper[j];
    }
    err += cg.n * std::fabs(cg.observed - cg.predicted);
    cal.groups.push_back(cg);
  }
  cal.meanAbsError = err / n;
  return cal;
}

}  // namespace hccws::surv
