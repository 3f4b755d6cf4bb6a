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
// Standard error of Harrell's C (R's concordance(): sqrt(fit$var)): the infinitesimal-jackknife variance
// var = sum_i dfbeta_i^2 / 4, dfbeta_i = (C_i - D_i) / N - (somers / N) (C_i + D_i + T_i), where C_i, D_i, T_i
// count the concordant, discordant and tied.x pairs subject i belongs to (as the earlier death or as the
// longer-lived partner), N = concordant + discordant + tied.x and somers = (concordant - discordant) / N.
// Unit case weights, no clusters. The variance does not depend on `higherIsShorter`. NaN when no pair is
// comparable.
// O(n log n) with Fenwick trees over marker ranks. Times in the caller's units.
#include "hccws/survival/types.h"

#include <cmath>
#include <limits>

namespace hccws::surv {

struct ConcordanceCounts {
  double concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, tiedXY = 0;
  double variance = std::numeric_limits<double>::quiet_NaN();  // of index(), as R's concordance()$var
  double index() const { return (concordant + tiedX / 2) / (concordant + discordant + tiedX); }
  double stdErr() const { return std::sqrt(variance); }
};

ConcordanceCounts harrellC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
                           bool higherIsShorter = true);

// Harrell's C within strata (R: coxph(... + strata(s)) and concordance(... + strata(s))): pairs are formed
// only inside a stratum, the counts are summed over strata, and the variance is the infinitesimal jackknife
// above with every subject's pair counts (within its stratum) and the pooled N and Somers' d, as survival's
// concordancefit does. An empty `strata` is one stratum.
ConcordanceCounts harrellCStratified(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                     const Eigen::VectorXd& marker, const Eigen::VectorXi& strata,
                                     bool higherIsShorter = true);

double unoC(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXd& marker,
            double tau = std::numeric_limits<double>::infinity(), bool higherIsShorter = true);

}  // namespace hccws::surv
