#pragma once
// Private: Kaplan-Meier of the censoring distribution, G(t) = P(C > t), for inverse probability of
// censoring weights. At tied times deaths are taken to happen before censorings: they leave the risk set
// of the censoring distribution first (this reproduces riskRegression's and survival's weights exactly).
#include "hccws/survival/types.h"

#include <vector>

namespace hccws::surv::detail {

class CensoringKm {
 public:
  CensoringKm(const Eigen::VectorXd& time, const Eigen::VectorXi& status);
  double at(double t) const;          // G(t), right-continuous
  double before(double t) const;      // G(t-), left limit
  // G(t) excluding censorings at exactly t (the value R's fastkm1 uses for the weight at a death time).
  double atOrBefore(double t) const { return before(t); }

 private:
  std::vector<double> time_, g_;
};

}  // namespace hccws::surv::detail
