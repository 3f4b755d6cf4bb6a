#include "hccws/survival/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace hccws::surv {

double quantile7(std::vector<double> v, double p) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double h = (v.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

BootstrapResult bootstrap(int n, const RowStatistic& statistic, int reps, std::uint64_t seed, double conf,
                          const ProgressSink& progress) {
  if (n < 1) throw SurvivalError("bootstrap: no rows");
  if (reps < 1) throw SurvivalError("bootstrap: reps must be positive");
  BootstrapResult r;
  std::vector<int> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  r.estimate = statistic(rows);
  std::mt19937_64 rng(seed);
  for (int b = 0; b < reps; ++b) {
    for (int i = 0; i < n; ++i)
      rows[i] = static_cast<int>((static_cast<unsigned __int128>(rng()) * static_cast<unsigned>(n)) >> 64);
    try {
      const double v = statistic(rows);
      if (std::isfinite(v))
        r.replicates.push_back(v);
      else
        ++r.failed;
    } catch (const SurvivalError&) {
      ++r.failed;
    }
    if (progress && !progress(double(b + 1) / reps, "bootstrap")) throw SurvivalError("cancelled");
  }
  r.reps = reps;
  if (!r.replicates.empty()) {
    r.lower = quantile7(r.replicates, (1 - conf) / 2);
    r.upper = quantile7(r.replicates, (1 + conf) / 2);
    const double mean = std::accumulate(r.replicates.begin(), r.replicates.end(), 0.0) / r.replicates.size();
    double ss = 0;
    for (double v : r.replicates) ss += (v - mean) * (v - mean);
    r.se = r.replicates.size() > 1 ? std::sqrt(ss / (r.replicates.size() - 1)) : 0.0;
  } else {
    r.lower = r.upper = r.se = std::nan("");
  }
  return r;
}

}  // namespace hccws::surv
