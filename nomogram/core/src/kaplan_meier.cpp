#include "hccws/survival/kaplan_meier.h"

#include "hccws/survival/cox_baseline.h"
#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace hccws::surv {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkSizes(const Eigen::VectorXd& time, const Eigen::VectorXi& status) {
  if (time.size() != status.size()) throw SurvivalError("Kaplan-Meier: time and status differ in length");
  if (time.size() == 0) throw SurvivalError("Kaplan-Meier: no observations");
}
}  // namespace

double medianOf(const std::vector<double>& time, const std::vector<double>& surv) {
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon());
  for (size_t k = 0; k < surv.size(); ++k) {
    if (std::isnan(surv[k]) || !(surv[k] < 0.5 + tol)) continue;
    if (std::fabs(surv[k] - 0.5) < tol) {
      for (size_t j = k + 1; j < surv.size(); ++j)
        if (!std::isnan(surv[j]) && surv[j] < surv[k]) return (time[k] + time[j]) / 2;
    }
    return time[k];
  }
  return kNaN;
}

KmCurve kaplanMeier(const Eigen::VectorXd& time, const Eigen::VectorXi& status, double conf, ConfType type) {
  checkSizes(time, status);
  const int n = static_cast<int>(time.size());
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time(a) < time(b); });
  KmCurve c;
  double atRisk = n, s = 1, g = 0;
  int k = 0;
  while (k < n) {
    const double t = time(idx[k]);
    double d = 0, cens = 0;
    while (k < n && time(idx[k]) == t) {
      (status(idx[k]) ? d : cens) += 1;
      ++k;
    }
    c.time.push_back(t);
    c.nRisk.push_back(atRisk);
    c.nEvent.push_back(d);
    c.nCensor.push_back(cens);
    if (d > 0) {
      s *= (atRisk - d) / atRisk;
      g = (atRisk > d) ? g + d / (atRisk * (atRisk - d)) : std::numeric_limits<double>::infinity();
    }
    c.surv.push_back(s);
    c.stdErr.push_back(std::sqrt(g));
    atRisk -= d + cens;
  }
  confidenceBand(c.surv, c.stdErr, conf, type, c.lower, c.upper);
  c.median = medianOf(c.time, c.surv);
  c.medianLower = medianOf(c.time, c.lower);
  c.medianUpper = medianOf(c.time, c.upper);
  return c;
}

std::vector<KmCurve> kaplanMeierByGroup(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                        const Eigen::VectorXi& group, double conf, ConfType type) {
  checkSizes(time, status);
  if (group.size() != time.size()) throw SurvivalError("Kaplan-Meier: group has a different length");
  std::map<int, std::vector<int>> rows;
  for (int i = 0; i < group.size(); ++i) rows[group(i)].push_back(i);
  std::vector<KmCurve> out;
  for (const auto& [code, r] : rows) {
    Eigen::VectorXd t(r.size());
    Eigen::VectorXi e(r.size());
    for (size_t i = 0; i < r.size(); ++i) {
      t(i) = time(r[i]);
      e(i) = status(r[i]);
    }
    out.push_back(kaplanMeier(t, e, conf, type));
    out.back().group = code;
  }
  return out;
}

double KmCurve::at(double t) const {
  const auto it = std::upper_bound(time.begin(), time.end(), t);
  if (it == time.begin()) return 1.0;
  return surv[static_cast<size_t>(it - time.begin()) - 1];
}

Rmst restrictedMean(const KmCurve& c, double tau) {
  // Step points up to tau, then tau itself (R's survmean with rmean = tau).
  std::vector<double> t{0.0}, s{1.0}, hh{0.0};
  for (size_t k = 0; k < c.time.size() && c.time[k] <= tau; ++k) {
    t.push_back(c.time[k]);
    s.push_back(c.surv[k]);
    const double nr = c.nRisk[k], d = c.nEvent[k];
    hh.push_back(nr - d > 0 ? d / (nr * (nr - d)) : 0.0);
  }
  t.push_back(tau);
  s.push_back(s.back());
  hh.push_back(0.0);
  // rect[j] = area of [t_{j}, t_{j+1}) at height s[j]
  const size_t m = t.size();
  std::vector<double> rect(m - 1);
  for (size_t j = 0; j + 1 < m; ++j) rect[j] = (t[j + 1] - t[j]) * s[j];
  Rmst r;
  r.tau = tau;
  r.mean = std::accumulate(rect.begin(), rect.end(), 0.0);
  double tail = 0, var = 0;
  for (size_t j = m - 1; j-- > 1;) {  // point j: area after t_j is the sum of rect[j..]
    tail += rect[j];
    var += tail * tail * hh[j];
  }
  r.se = std::sqrt(var);
  return r;
}

LogRankTest logRank(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXi& group) {
  checkSizes(time, status);
  if (group.size() != time.size()) throw SurvivalError("log-rank: group has a different length");
  LogRankTest lr;
  std::map<int, int> pos;
  for (int i = 0; i < group.size(); ++i) pos.emplace(group(i), 0);
  if (pos.size() < 2) throw SurvivalError("log-rank: needs at least 2 groups");
  int gi = 0;
  for (auto& [code, p] : pos) {
    p = gi++;
    lr.groups.push_back(code);
  }
  const int k = gi, n = static_cast<int>(time.size());
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time(a) > time(b); });
  // Walk descending so that the at-risk counts are running sums.
  Eigen::VectorXd atRisk = Eigen::VectorXd::Zero(k), dg(k);
  lr.observed = Eigen::VectorXd::Zero(k);
  lr.expected = Eigen::VectorXd::Zero(k);
  lr.var = Eigen::MatrixXd::Zero(k, k);
  int i = 0;
  while (i < n) {
    const double t = time(idx[i]);
    dg.setZero();
    while (i < n && time(idx[i]) == t) {
      const int g = pos[group(idx[i])];
      atRisk(g) += 1;
      if (status(idx[i])) dg(g) += 1;
      ++i;
    }
    const double d = dg.sum(), nt = atRisk.sum();
    if (d == 0) continue;
    lr.observed += dg;
    lr.expected += d * atRisk / nt;
    if (nt > 1) {
      const double f = d * (nt - d) / (nt * nt * (nt - 1));
      lr.var += f * (nt * Eigen::MatrixXd(atRisk.asDiagonal()) - atRisk * atRisk.transpose());
    }
  }
  // Drop the last group (the statistic is invariant to which one); guard against degenerate groups with
  // a pseudo-inverse, degrees of freedom = its rank.
  const Eigen::VectorXd oe = (lr.observed - lr.expected).head(k - 1);
  const Eigen::MatrixXd v = lr.var.topLeftCorner(k - 1, k - 1);
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(v);
  cod.setThreshold(1e-10);
  lr.chisq = oe.dot(cod.solve(oe));
  lr.df = static_cast<int>(cod.rank());
  lr.p = lr.df > 0 ? chisqUpper(lr.chisq, lr.df) : 1.0;
  return lr;
}

}  // namespace hccws::surv
