#include "hccws/survival/cutpoint.h"

#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hccws::surv {

double lausenSchumacher92(double b, double minProp, double maxProp) {
  if (b < 1) return 1.0;
  const double db = normalPdf(b);
  const double p = 4 * db / b + db * (b - 1 / b) * std::log((maxProp * (1 - minProp)) / ((1 - maxProp) * minProp));
  return std::min(1.0, std::max(p, 0.0));
}

CutPoint maxstatCutPoint(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                         double minProp, double maxProp) {
  const int n = static_cast<int>(time.size());
  if (status.size() != n || marker.size() != n) throw SurvivalError("cut-point: inputs differ in length");
  if (n < 4) throw SurvivalError("cut-point: too few observations");
  if (!(minProp >= 0 && minProp < maxProp && maxProp <= 1))
    throw SurvivalError("cut-point: need 0 <= minProp < maxProp <= 1");
  // log-rank scores
  std::vector<int> ot(n);
  std::iota(ot.begin(), ot.end(), 0);
  std::sort(ot.begin(), ot.end(), [&](int a, int b) { return time(a) < time(b); });
  Eigen::VectorXd score(n);
  double H = 0;
  for (int k = 0; k < n;) {
    int end = k;
    double d = 0;
    while (end < n && time(ot[end]) == time(ot[k])) d += status(ot[end++]);
    H += d / double(n - end + 1);  // end = max rank of the tie block
    for (int i = k; i < end; ++i) score(ot[i]) = status(ot[i]) - H;
    k = end;
  }
  // order by marker
  std::vector<int> ox(n);
  std::iota(ox.begin(), ox.end(), 0);
  std::stable_sort(ox.begin(), ox.end(), [&](int a, int b) { return marker(a) < marker(b); });
  const double ss = score.sum(), ss2 = score.squaredNorm();
  const int lo = std::max(1, static_cast<int>(std::floor(n * minProp))), hi = static_cast<int>(std::floor(n * maxProp));
  CutPoint cp;
  double cum = 0;
  int best = -1;
  for (int m = 1; m < n; ++m) {
    cum += score(ox[m - 1]);
    if (marker(ox[m]) == marker(ox[m - 1])) continue;  // m must start a new distinct value
    if (m < lo || m > hi) continue;
    const double E = double(m) / n * ss;
    const double V = double(m) * (n - m) / (double(n) * n * (n - 1)) * (n * ss2 - ss * ss);
    const double stat = V > 0 ? std::fabs((cum - E) / std::sqrt(V)) : 0.0;
    cp.cuts.push_back(marker(ox[m - 1]));
    cp.statistics.push_back(stat);
    if (best < 0 || stat > cp.statistic) {
      best = m;
      cp.statistic = stat;
      cp.cut = marker(ox[m - 1]);
    }
  }
  if (best < 0) throw SurvivalError("cut-point: no candidate between minProp and maxProp (too many ties?)");
  cp.nLow = best;
  cp.nHigh = n - best;
  cp.pAdjusted = lausenSchumacher92(cp.statistic, minProp, maxProp);
  cp.pUnadjusted = 2 * normalUpper(cp.statistic);
  return cp;
}

}  // namespace hccws::surv
