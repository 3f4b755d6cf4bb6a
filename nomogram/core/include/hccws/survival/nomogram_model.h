#pragma once
// A Cox nomogram model: variables with coefficients, a baseline survival, an rms-style points scale, a
// risk cut-off, and the provenance of every number. Read/written as versioned JSON by model_json.h.
//
// Contract:
// - Linear predictor lp(x) = sum_j beta_j (x_j - centre_j); S(t | x) = S0(t)^exp(lp), S0 the survival of
//   a subject at the centre values. Time is in the model's `timeUnit` (months for the shipped models).
// - Points (rms::nomogram convention): points_j(x) = scale * (beta_j x - min over [min_j, max_j] of beta_j x),
//   scale = pointsMax / (largest range of beta_j x over the variables), so the most influential variable
//   spans 0..pointsMax. lp = lpAtZeroPoints() + totalPoints / scale.
// - Risk group: "high" when lp is above (or below, `highIfAbove = false`) `lpCutoff`.
// - All evaluation functions are const, allocation-light and reentrant: a widget may call them for every
//   slider move (well under a microsecond per call for the parametric baselines).
// - Values outside [min, max] are evaluated (the model extrapolates) and flagged by outOfRange().
// - [min, max] is the axis: the clinical range a user may enter. A variable may also carry the range of the
//   cohort the model was fitted on (e.g. a study that included only tumours >= 5 cm); a value inside the axis
//   but outside that range is placed normally and flagged by outsideCohort(), never as extrapolation.
// - Failures: wrong number of values -> SurvivalError.
#include "hccws/survival/cox_baseline.h"
#include "hccws/survival/types.h"

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

enum class VariableKind { Continuous, Binary, Categorical };

// Where a number comes from: "published", "reconstructed", "refit", "synthetic", with a free-text note
// saying how (citation, method, assumption).
struct Source {
  std::string status;
  std::string note;
};

struct NomogramLevel {
  std::string label;
  double value = 0;
};

// The value "Fill missing with cohort medians" puts in for a missing input, and where it comes from (a cohort
// median, a published proportion ...). Never used unless the user asks; always shown as assumed.
struct AssumedValue {
  double value = 0;
  std::string source;
};

// The values the model's cohort covered (an inclusion criterion, the observed range), when it differs from
// the axis. An absent bound is +/- infinity. `note` says where the range comes from.
struct CohortRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string note;
  bool contains(double x) const { return x >= min && x <= max; }
};

struct NomogramVariable {
  std::string name, label, unit, coding;
  VariableKind kind = VariableKind::Continuous;
  std::vector<NomogramLevel> levels;  // binary / categorical: the allowed codes and their labels
  double beta = 0;                    // per unit of the variable
  double min = 0, max = 1;            // allowed (modelled) range: the axis
  std::optional<CohortRange> cohort;  // the fitting cohort's range, when narrower than the axis
  double reference = 0;               // a typical value for plots and tests; never shown as the patient's input
  std::optional<AssumedValue> assumed;  // for an explicit "fill missing" action only
  double centre = 0;                  // centring value of the linear predictor
  Source source;
};

// Baseline survival at the centre values: a Weibull S0(t) = exp(-(t / scale)^shape) (reconstructed models)
// or a Cox step function (refit models, with the variance terms that give pointwise CIs).
struct NomogramBaseline {
  enum class Kind { Weibull, Step } kind = Kind::Weibull;
  double weibullScale = 1, weibullShape = 1;
  BaselineStratum step;  // Kind::Step: times, cumhaz, varhaz, xbar (xbar columns follow the variables)
  Source source;
};

struct RiskCutoff {
  double lpCutoff = 0;
  bool highIfAbove = true;
  double publishedValue = 0;      // as printed in the source, on its own (possibly unknown) scale
  bool hasPublishedValue = false;
  std::string publishedScale;
  Source source;
};

struct Provenance {
  std::string kind;  // "published coefficients + reconstruction", "refit on <cohort>", "synthetic demo"
  std::string citation, cohort, method;
};

enum class RiskGroup { Low, High };

struct NomogramModel {
  static constexpr int kFormatVersion = 1;
  std::string id, title, arm, timeUnit = "months";
  std::string researchNotice;
  Provenance provenance;
  std::vector<NomogramVariable> variables;
  NomogramBaseline baseline;
  Eigen::MatrixXd covariance;  // of beta (empty when unknown: no CIs)
  RiskCutoff risk;
  double pointsMax = 100;
  std::vector<double> survivalTimes{12, 36, 60};

  int size() const { return static_cast<int>(variables.size()); }
  // Points per variable, total points and lp. `values` has one entry per variable, in order.
  double points(int variable, double value) const;
  std::vector<double> pointsPerVariable(const std::vector<double>& values) const;
  double totalPoints(const std::vector<double>& values) const;
  double linearPredictor(const std::vector<double>& values) const;
  double pointsScale() const;         // points per unit of lp
  double lpAtZeroPoints() const;
  double lpFromPoints(double totalPoints) const { return lpAtZeroPoints() + totalPoints / pointsScale(); }
  // Survival for a given lp (cheap; this is what the total-points axes use).
  double baselineCumHazard(double t) const;
  double survival(double t, double lp) const;
  // Full curve with pointwise CIs where the model carries a step baseline and a covariance; otherwise
  // lower/upper are NaN. `grid` is used for parametric baselines (ignored for step baselines).
  SurvCurve curve(const std::vector<double>& values, const std::vector<double>& grid, double conf = 0.95) const;
  // Median survival for a given lp (closed form for Weibull; R's step rule otherwise; NaN if not reached)
  // and restricted mean survival time to tau (area under S; exact for steps, 400-panel Simpson for Weibull):
  // what a per-arm comparison (e.g. HAIC vs TACE RMST at 36 months) needs.
  double medianSurvival(double lp) const;
  double restrictedMean(double lp, double tau) const;
  RiskGroup riskGroup(double lp) const;
  std::vector<bool> outOfRange(const std::vector<double>& values) const;
  // true where a variable's value is outside its cohort range (only variables that carry one)
  std::vector<bool> outsideCohort(const std::vector<double>& values) const;
  std::vector<double> referenceValues() const;
  // Values in model order from named inputs (a form shared by several models, e.g. the TACE and HAIC arms);
  // variables not named take their reference value. Unknown names are ignored (they belong to another arm).
  std::vector<double> valuesFrom(const std::map<std::string, double>& named) const;
  void validate() const;  // throws SurvivalError naming the problem

 private:
  void checkSize(const std::vector<double>& values) const;
};

// A model from a Cox fit (refit on a cohort): variables continuous unless all values are 0/1 (binary),
// ranges from the data, reference = median, centre = the fit's means; step baseline with CIs.
NomogramModel modelFromCox(const SurvData& data, const CoxFit& fit, const std::string& cohortName,
                           const std::string& timeUnit);

}  // namespace hccws::surv
