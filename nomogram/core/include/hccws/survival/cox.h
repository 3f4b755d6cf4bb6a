#pragma once
// Cox proportional hazards model, fitted as R's survival::coxph (coxfit6.c) does.
//
// Contract (after coxfit6.c):
// - Maximises the Efron or Breslow partial likelihood by Newton-Raphson from beta = 0, with step halving
//   whenever the log-likelihood decreases. Convergence: |1 - loglik_old / loglik_new| <= eps (default 1e-9)
//   tested before each new step, at most maxIter (20) iterations; the returned beta is the last point at which
//   the log-likelihood was evaluated, and `var` is the inverse information there (as R).
// - Covariates are centred on their column means before fitting (R's `means`); the likelihood, beta and
//   its variance do not depend on the centring, the baseline hazard is reported at the means. As R
//   (coxph's `nocenter = c(-1, 0, 1)`), a column whose values all lie in `noCenter` is not centred (mean 0),
//   so that 0/1 indicators keep the reference level as the baseline.
// - Strata: separate baseline hazards, common beta (risk sets are within a stratum).
// - Time is in the caller's units; ties are observations with exactly equal times.
// - Failures: throws SurvivalError for no events, fewer rows than covariates + 1, collinear covariates
//   (named), a singular information matrix. A coefficient that runs off to infinity (perfect
//   separation, monotone likelihood) is not an exception: it is listed in `possiblyInfinite`, with R's rule
//   (|u' V| > eps and > toler.inf * |beta| at the end, toler.inf = sqrt(eps)), and callers decide.
// Reentrant; O(n p^2) per iteration after one O(n log n) sort.
#include "hccws/survival/types.h"

#include <string>
#include <vector>

namespace hccws::surv {

struct CoxOptions {
  Ties ties = Ties::Efron;
  int maxIter = 20;
  double eps = 1e-9;
  double tolerChol = 1.818989403545857e-12;  // .Machine$double.eps^0.75, R's toler.chol
  double conf = 0.95;
  std::vector<double> noCenter{-1.0, 0.0, 1.0};
};

struct CoxFit {
  std::vector<std::string> names;
  Ties ties = Ties::Efron;
  Eigen::VectorXd beta;   // log hazard ratios
  Eigen::MatrixXd var;    // inverse information at beta
  Eigen::VectorXd means;  // centring used for the baseline (column means of x)
  Eigen::VectorXd score;  // score vector u at the final beta
  double loglikInit = 0;  // at beta = 0
  double loglik = 0;      // at beta
  double scoreTest = 0;   // score (log-rank) test at beta = 0, u' I^-1 u
  int iter = 0;
  bool converged = false;
  int n = 0;
  int events = 0;
  std::vector<int> possiblyInfinite;  // indices of coefficients that may be infinite (R's warning)
  double conf = 0.95;

  int p() const { return static_cast<int>(beta.size()); }
  double se(int j) const;
  double z(int j) const { return beta(j) / se(j); }
  double pValue(int j) const;  // two-sided Wald
  double hr(int j) const;
  double hrLower(int j) const;  // Wald CI at `conf`
  double hrUpper(int j) const;
  double lrChisq() const { return 2 * (loglik - loglikInit); }
  double lrP() const;
  double waldChisq() const;  // beta' V^-1 beta
};

CoxFit fitCox(const SurvData& data, const CoxOptions& options = {});

// Log partial likelihood, score and information at `beta` for already-centred x; building block of fitCox,
// exposed for tests and for profile computations. info is p x p, score p.
struct CoxLikelihood {
  double loglik = 0;
  Eigen::VectorXd score;
  Eigen::MatrixXd info;
};
CoxLikelihood coxLikelihood(const SurvData& data, const Eigen::VectorXd& beta, Ties ties);

}  // namespace hccws::surv
