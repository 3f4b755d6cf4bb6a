#pragma once
// Seeded nonparametric bootstrap (resampling rows with replacement) for any scalar statistic.
//
// - Reproducible: the same seed, n and reps give the same resamples on every platform (std::mt19937_64
//   mapped to [0, n) by a 128-bit multiply, not by std::uniform_int_distribution, whose mapping is
//   implementation-defined).
// - The statistic receives the row indices of one resample. A replicate that throws SurvivalError (e.g. a
//   resample without events) is skipped and counted in `failed`.
// - CI: percentile interval at `conf` (type 7 quantiles, as R's quantile default); also the bootstrap SE.
// - Progress: fraction of replicates done; returning false cancels (throws SurvivalError "cancelled").
// Reentrant: all state is local.
#include "hccws/survival/types.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace hccws::surv {

struct BootstrapResult {
  double estimate = 0;  // statistic on the original rows
  double lower = 0, upper = 0, se = 0;
  int reps = 0, failed = 0;
  std::vector<double> replicates;
};

using RowStatistic = std::function<double(const std::vector<int>& rows)>;

BootstrapResult bootstrap(int n, const RowStatistic& statistic, int reps = 200, std::uint64_t seed = 20250101,
                          double conf = 0.95, const ProgressSink& progress = {});

// Type 7 quantile of unsorted values.
double quantile7(std::vector<double> values, double p);

}  // namespace hccws::surv
