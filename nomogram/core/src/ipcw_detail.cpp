#include "ipcw_detail.h"

#include <algorithm>
#include <numeric>

namespace hccws::surv::detail {

CensoringKm::CensoringKm(const Eigen::VectorXd& time, const Eigen::VectorXi& status) {
  const int n = static_cast<int>(time.size());
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time(a) < time(b); });
  double atRisk = n, g = 1;
  int k = 0;
  while (k < n) {
    const double t = time(idx[k]);
    double cens = 0, all = 0;
    while (k < n && time(idx[k]) == t) {
      cens += status(idx[k]) ? 0 : 1;
      all += 1;
      ++k;
    }
    // deaths at t happen first and leave the censoring risk set (R's fastkm1, prodlim's reverse KM)
    const double base = atRisk - (all - cens);
    if (cens > 0) {
      g *= (base - cens) / base;
      time_.push_back(t);
      g_.push_back(g);
    }
    atRisk -= all;
  }
}

double CensoringKm::at(double t) const {
  const auto it = std::upper_bound(time_.begin(), time_.end(), t);
  return it == time_.begin() ? 1.0 : g_[static_cast<size_t>(it - time_.begin()) - 1];
}

double CensoringKm::before(double t) const {
  const auto it = std::lower_bound(time_.begin(), time_.end(), t);
  return it == time_.begin() ? 1.0 : g_[static_cast<size_t>(it - time_.begin()) - 1];
}

}  // namespace hccws::surv::detail
