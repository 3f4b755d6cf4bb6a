#pragma once
// A nomogram model refit on a real cohort (docs/cohorts.md): the original model's variables that the cohort can
// evaluate, refit with Cox (Efron) on it; the result keeps the original's labels, units and codes, a step
// baseline with the covariance (curves with CIs), the cohort's median linear predictor as the risk cut-off, and
// a provenance naming the cohort, its size and events, the mapping, the missing-data rule and the program.
// Optionally Harrell's optimism correction of the C index (rms validate style: `bootstrap` resamples, each refit
// and its C on the resample minus its C on the cohort; seeded).
#include "hccws/survival/cohort.h"
#include "hccws/survival/nomogram_model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hccws::surv {

struct RefitOptions {
  std::string program = "hccws 0.1.0";
  int bootstrap = 0;  // optimism correction of C: resamples (0: none)
  std::uint64_t seed = 20261207;
};

struct RefitResult {
  NomogramModel model;
  std::vector<std::string> used, dropped;  // the original's variables refit / not evaluable on the cohort (why)
  int n = 0, events = 0;
  double apparentC = 0, optimism = 0, correctedC = 0;  // correctedC = apparentC - optimism (optimism 0 without bootstrap)
  int bootstrapReps = 0, bootstrapFailed = 0;
};

RefitResult refitModel(const NomogramModel& original, const CohortData& cohort, const CohortMapping& mapping,
                       const RefitOptions& options = {});

}  // namespace hccws::surv
