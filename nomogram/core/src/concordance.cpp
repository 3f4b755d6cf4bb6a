#include "hccws/survival/concordance.h"

#include "ipcw_detail.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace hccws::surv {

namespace {

// Fenwick tree of weights indexed by marker rank.
class Fenwick {
 public:
  explicit Fenwick(int n) : t_(n + 1, 0.0) {}
  void add(int i, double w) {
    for (++i; i < static_cast<int>(t_.size()); i += i & -i) t_[i] += w;
  }
  double prefix(int i) const {  // sum of ranks [0, i)
    double s = 0;
    for (; i > 0; i -= i & -i) s += t_[i];
    return s;
  }

 private:
  std::vector<double> t_;
};

// Per-subject pair counts (concordant, discordant, tied.x), in input order: R's influence matrix columns 1-3.
struct PerSubject {
  std::vector<double> c, d, t;
};

// Infinitesimal-jackknife variance of C from pooled counts and per-subject pair counts (concordancefit).
double ijVariance(const ConcordanceCounts& c, const PerSubject& ps) {
  const double npair = c.concordant + c.discordant + c.tiedX;
  if (!(npair > 0)) return std::numeric_limits<double>::quiet_NaN();
  const double somers = (c.concordant - c.discordant) / npair;
  double sum = 0;
  for (size_t i = 0; i < ps.c.size(); ++i) {
    const double dfbeta = (ps.c[i] - ps.d[i]) / npair - somers / npair * (ps.c[i] + ps.d[i] + ps.t[i]);
    sum += dfbeta * dfbeta;
  }
  return sum / 4;
}

// Weighted counts: weightAt(t) multiplies every comparable pair whose death is at t. With `perSubject`,
// also the per-subject pair counts behind R's infinitesimal-jackknife variance (concordancefit's dfbeta):
// a death's own pairs are read from `tree` when it is processed; the pairs of a longer-lived subject j are
// the deaths processed after j entered `tree`, read as the difference of `deaths` (a tree of death weights
// by marker rank) between the end and j's entry.
template <class W>
ConcordanceCounts count(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                        bool higherIsShorter, PerSubject* perSubject, W weightAt) {
  const bool withVariance = perSubject != nullptr;
  const int n = static_cast<int>(time.size());
  if (status.size() != n || marker.size() != n) throw SurvivalError("concordance: inputs differ in length");
  std::vector<int> rank(n);
  int nRanks = 0;
  {
    std::vector<double> sorted(marker.data(), marker.data() + n);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    nRanks = static_cast<int>(sorted.size());
    for (int i = 0; i < n; ++i)
      rank[i] = static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), marker(i)) - sorted.begin());
  }
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time(a) > time(b); });
  Fenwick tree(nRanks), deaths(nRanks);
  double inTree = 0, deathTotal = 0;
  // per subject: concordant, discordant, tied.x pairs (as earlier death + as longer-lived partner); the
  // deaths-tree snapshot (below, equal) and total at the subject's entry into `tree`
  // (pc, pd, pt are the caller's PerSubject arrays, filled in place)
  PerSubject unused;
  PerSubject& out = withVariance ? *perSubject : unused;
  std::vector<double>& pc = out.c;
  std::vector<double>& pd = out.d;
  std::vector<double>& pt = out.t;
  std::vector<double> snapBelow, snapEqual, snapTotal;
  if (withVariance) {
    pc.assign(n, 0.0);
    pd.assign(n, 0.0);
    pt.assign(n, 0.0);
    snapBelow.assign(n, 0.0);
    snapEqual.assign(n, 0.0);
    snapTotal.assign(n, 0.0);
  }
  auto enter = [&](int i) {
    const int r = rank[i];
    tree.add(r, 1.0);
    inTree += 1;
    if (!withVariance) return;
    snapBelow[i] = deaths.prefix(r);
    snapEqual[i] = deaths.prefix(r + 1) - snapBelow[i];
    snapTotal[i] = deathTotal;
  };
  ConcordanceCounts c;
  int k = 0;
  while (k < n) {
    int end = k;
    while (end < n && time(idx[end]) == time(idx[k])) ++end;
    // censored at this time count as longer than the deaths here
    for (int i = k; i < end; ++i)
      if (!status(idx[i])) enter(idx[i]);
    const double w = weightAt(time(idx[k]));
    std::vector<int> deathRanks;
    for (int i = k; i < end; ++i) {
      if (!status(idx[i])) continue;
      const int r = rank[idx[i]];
      deathRanks.push_back(r);
      const double below = tree.prefix(r), equal = tree.prefix(r + 1) - below, above = inTree - below - equal;
      // longer-lived subjects with a smaller marker: concordant when a higher marker means shorter time
      const double conc = w * (higherIsShorter ? below : above), disc = w * (higherIsShorter ? above : below);
      c.concordant += conc;
      c.discordant += disc;
      c.tiedX += w * equal;
      if (withVariance) {
        pc[idx[i]] += conc;
        pd[idx[i]] += disc;
        pt[idx[i]] += w * equal;
      }
    }
    std::sort(deathRanks.begin(), deathRanks.end());
    for (size_t a = 0; a < deathRanks.size();) {
      size_t b = a;
      while (b < deathRanks.size() && deathRanks[b] == deathRanks[a]) ++b;
      const double m = double(b - a);
      c.tiedXY += m * (m - 1) / 2;
      a = b;
    }
    const double dn = double(deathRanks.size());
    c.tiedY += dn * (dn - 1) / 2;
    if (withVariance && w != 0) {
      for (int r : deathRanks) deaths.add(r, w);
      deathTotal += w * dn;
    }
    for (int i = k; i < end; ++i)
      if (status(idx[i])) enter(idx[i]);
    k = end;
  }
  c.tiedY -= c.tiedXY;
  if (withVariance) {
    for (int i = 0; i < n; ++i) {
      const int r = rank[i];
      const double below = deaths.prefix(r) - snapBelow[i];
      const double equal = deaths.prefix(r + 1) - deaths.prefix(r) - snapEqual[i];
      const double above = (deathTotal - snapTotal[i]) - below - equal;
      // i as the longer-lived partner: an earlier death with a larger marker is concordant
      pc[i] += higherIsShorter ? above : below;
      pd[i] += higherIsShorter ? below : above;
      pt[i] += equal;
    }
  }
  return c;
}

}  // namespace

ConcordanceCounts harrellC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                           bool higherIsShorter) {
  PerSubject ps;
  auto c = count(time, status, marker, higherIsShorter, &ps, [](double) { return 1.0; });
  c.variance = ijVariance(c, ps);
  return c;
}

ConcordanceCounts harrellCStratified(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                     const Eigen::VectorXd& marker, const Eigen::VectorXi& strata,
                                     bool higherIsShorter) {
  const int n = static_cast<int>(time.size());
  if (strata.size() == 0) return harrellC(time, status, marker, higherIsShorter);
  if (status.size() != n || marker.size() != n || strata.size() != n)
    throw SurvivalError("concordance: inputs differ in length");
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return strata(a) < strata(b); });
  ConcordanceCounts total;
  PerSubject all;
  for (int k = 0; k < n;) {
    int end = k;
    while (end < n && strata(order[end]) == strata(order[k])) ++end;
    const int m = end - k;
    Eigen::VectorXd t(m), x(m);
    Eigen::VectorXi e(m);
    for (int i = 0; i < m; ++i) {
      t(i) = time(order[k + i]);
      e(i) = status(order[k + i]);
      x(i) = marker(order[k + i]);
    }
    PerSubject ps;
    const auto c = count(t, e, x, higherIsShorter, &ps, [](double) { return 1.0; });
    total.concordant += c.concordant;
    total.discordant += c.discordant;
    total.tiedX += c.tiedX;
    total.tiedY += c.tiedY;
    total.tiedXY += c.tiedXY;
    all.c.insert(all.c.end(), ps.c.begin(), ps.c.end());
    all.d.insert(all.d.end(), ps.d.begin(), ps.d.end());
    all.t.insert(all.t.end(), ps.t.begin(), ps.t.end());
    k = end;
  }
  total.variance = ijVariance(total, all);
  return total;
}

double unoC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker, double tau,
            bool higherIsShorter) {
  const detail::CensoringKm g(time, status);
  const auto c = count(time, status, marker, higherIsShorter, nullptr, [&](double t) {
    if (t > tau) return 0.0;
    const double G = g.atOrBefore(t);
    return G > 0 ? 1.0 / (G * G) : 0.0;
  });
  return c.index();
}

}  // namespace hccws::surv
