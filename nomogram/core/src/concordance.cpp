#include "hccws/survival/concordance.h"

#include "ipcw_detail.h"

#include <algorithm>
#include <cmath>
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

// Weighted counts: weightAt(t) multiplies every comparable pair whose death is at t.
template <class W>
ConcordanceCounts count(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                        bool higherIsShorter, W weightAt) {
  const int n = static_cast<int>(time.size());
  if (status.size() != n || marker.size() != n) throw SurvivalError("concordance: inputs differ in length");
  std::vector<double> sorted(marker.data(), marker.data() + n);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<int> rank(n);
  for (int i = 0; i < n; ++i)
    rank[i] = static_cast<int>(std::lower_bound(sorted.begin(), sorted.end(), marker(i)) - sorted.begin());
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time(a) > time(b); });
  Fenwick tree(static_cast<int>(sorted.size()));
  double inTree = 0;
  ConcordanceCounts c;
  int k = 0;
  while (k < n) {
    int end = k;
    while (end < n && time(idx[end]) == time(idx[k])) ++end;
    // censored at this time count as longer than the deaths here
    for (int i = k; i < end; ++i)
      if (!status(idx[i])) {
        tree.add(rank[idx[i]], 1.0);
        inTree += 1;
      }
    const double w = weightAt(time(idx[k]));
    std::vector<int> deathRanks;
    for (int i = k; i < end; ++i) {
      if (!status(idx[i])) continue;
      const int r = rank[idx[i]];
      deathRanks.push_back(r);
      const double below = tree.prefix(r), equal = tree.prefix(r + 1) - below, above = inTree - below - equal;
      // longer-lived subjects with a smaller marker: concordant when a higher marker means shorter time
      c.concordant += w * (higherIsShorter ? below : above);
      c.discordant += w * (higherIsShorter ? above : below);
      c.tiedX += w * equal;
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
    for (int r : deathRanks) {
      tree.add(r, 1.0);
      inTree += 1;
    }
    k = end;
  }
  c.tiedY -= c.tiedXY;
  return c;
}

}  // namespace

ConcordanceCounts harrellC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                           bool higherIsShorter) {
  return count(time, status, marker, higherIsShorter, [](double) { return 1.0; });
}

double unoC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker, double tau,
            bool higherIsShorter) {
  const detail::CensoringKm g(time, status);
  const auto c = count(time, status, marker, higherIsShorter, [&](double t) {
    if (t > tau) return 0.0;
    const double G = g.atOrBefore(t);
    return G > 0 ? 1.0 / (G * G) : 0.0;
  });
  return c.index();
}

}  // namespace hccws::surv
