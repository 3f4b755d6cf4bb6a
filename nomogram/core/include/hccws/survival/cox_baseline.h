#pragma once
// Baseline cumulative hazard of a fitted Cox model and predicted survival S(t | x) for a new subject,
// matching R's survfit(coxph_fit, newdata = ...) with its defaults (stype = 2: S = exp(-H)):
// - ties = Efron in the fit -> Efron-type hazard increments at tied death times (ctype 2),
//   ties = Breslow -> Breslow (Nelson-Aalen-type) increments (ctype 1).
// - Standard error of H(t | x) (Tsiatis): risk^2 * (varhaz(t) + d(t)' V d(t)), d = H0(t) (x - means) - xbar(t),
//   the second term carrying the uncertainty of beta.
// - Curves list every distinct observed time of the stratum (events and censorings), as survfit does.
// - CIs: ConfType::Log (R's default) S exp(-+z se), upper capped at 1; LogLog; Plain (clipped to [0,1]).
// Times in the caller's units. The baseline is a value type: it can be stored in a model file and used
// without the data (that is how refit nomogram models carry their CIs).
#include "hccws/survival/cox.h"

#include <vector>

namespace hccws::surv {

struct BaselineStratum {
  int code = 0;                 // stratum code as in SurvData::strata (0 when unstratified)
  std::vector<double> time;     // distinct observed times, ascending
  std::vector<double> nRisk;    // number at risk (unweighted)
  std::vector<double> nEvent;
  std::vector<double> cumhaz;   // H0(t) at x = means
  std::vector<double> varhaz;   // cumulative variance term of H0
  Eigen::MatrixXd xbar;         // time x p, cumulative d H0 / d beta term
};

struct SurvCurve {
  std::vector<double> time, surv, cumhaz, stdErr /* of cumhaz */, lower, upper;
  // S at time t (right-continuous step function; 1 before the first time). NaN-free.
  double at(double t) const;
};

struct CoxBaseline {
  Eigen::VectorXd beta, means;
  Eigen::MatrixXd var;  // may be empty: then predictions carry no CI
  Ties ties = Ties::Efron;
  std::vector<BaselineStratum> strata;

  // Linear predictor relative to the means, (x - means)' beta.
  double linearPredictor(const Eigen::VectorXd& x) const;
  // Survival curve for covariates x (original scale) in the stratum with the given code.
  SurvCurve predict(const Eigen::VectorXd& x, int stratumCode = 0, double conf = 0.95,
                    ConfType type = ConfType::Log) const;
  const BaselineStratum& stratum(int code) const;  // throws SurvivalError for an unknown code
};

CoxBaseline coxBaseline(const SurvData& data, const CoxFit& fit);

// Applies an R-style confidence transform to (surv, se of cumhaz); writes lower/upper (NaN where R gives NA).
void confidenceBand(const std::vector<double>& surv, const std::vector<double>& seCumhaz, double conf,
                    ConfType type, std::vector<double>& lower, std::vector<double>& upper);

}  // namespace hccws::surv
