#pragma once
// Concordance indices for right-censored data, with R's survival::concordance() conventions.
//
// Harrell's C (timewt "n"): a pair is comparable when the subject with the shorter time had the event;
// a subject censored at exactly the death time of another counts as having the longer time. Pairs of
// deaths at the same time are tied.y (tied.xy when the marker is tied too) and do not enter C. With
// `higherIsShorter` (R's reverse = TRUE: a risk score such as the Cox linear predictor)
// concordant = the earlier death has the larger marker. C = (concordant + tied.x / 2) /
// (concordant + discordant + tied.x).
//
// Uno's C (R's timewt = "n/G2"): each comparable pair whose earlier death is at t is weighted by
// 1 / G(t)^2, G the Kaplan-Meier of the censoring distribution (deaths before censorings at tied times,
// as survival's fastkm1); deaths after `tau` get weight 0 (R's ymax).
// O(n log n) with a Fenwick tree over marker ranks. Times in the caller's units.
#include "hccws/survival/types.h"

#include <limits>

namespace hccws::surv {

struct ConcordanceCounts {
  double concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, tiedXY = 0;
  double index() const { return (concordant + tiedX / 2) / (concordant + discordant + tiedX); }
};

ConcordanceCounts harrellC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                           bool higherIsShorter = true);

double unoC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
            double tau = std::numeric_limits<double>::infinity(), bool higherIsShorter = true);

}  // namespace hccws::surv
