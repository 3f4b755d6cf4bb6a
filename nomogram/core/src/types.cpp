#include "hccws/survival/types.h"

#include <cmath>

namespace hccws::surv {

void SurvData::validate() const {
  const int n = this->n();
  if (status.size() != n || x.rows() != n || (strata.size() != 0 && strata.size() != n))
    throw SurvivalError("survival data: time, status, covariates and strata have different lengths");
  if (!names.empty() && static_cast<int>(names.size()) != x.cols())
    throw SurvivalError("survival data: number of covariate names differs from the number of columns");
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(time(i)) || time(i) < 0)
      throw SurvivalError("survival data: time must be finite and >= 0 (row " + std::to_string(i + 1) + ")");
    if (status(i) != 0 && status(i) != 1)
      throw SurvivalError("survival data: status must be 0 or 1 (row " + std::to_string(i + 1) + ")");
  }
  if (!x.allFinite()) throw SurvivalError("survival data: covariates contain non-finite values");
}

}  // namespace hccws::surv
