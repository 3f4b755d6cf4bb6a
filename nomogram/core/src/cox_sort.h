#pragma once
// Private: the ordering every Cox routine walks: by stratum, then time descending, events before censored
// at equal times (so that a block of tied times is contiguous). Risk sets are then prefix sums.
#include "hccws/survival/types.h"

#include <vector>

namespace hccws::surv::detail {

std::vector<int> coxOrder(const SurvData& data);
inline int stratumOf(const SurvData& d, int i) { return d.strata.size() ? d.strata(i) : 0; }

}  // namespace hccws::surv::detail
