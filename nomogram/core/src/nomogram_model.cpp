#include "hccws/survival/nomogram_model.h"
#include "hccws/survival/weibull.h"

#include "hccws/survival/kaplan_meier.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::surv {

void NomogramModel::checkSize(const std::vector<double>& values) const {
  if (values.size() != variables.size())
    throw SurvivalError("nomogram '" + id + "': expected " + std::to_string(variables.size()) + " values, got " +
                        std::to_string(values.size()));
}

double NomogramModel::pointsScale() const {
  double range = 0;
  for (const auto& v : variables) range = std::max(range, std::fabs(v.beta) * (v.max - v.min));
  return range > 0 ? pointsMax / range : 1.0;
}

double NomogramModel::points(int j, double value) const {
  const auto& v = variables.at(static_cast<size_t>(j));
  const double lowest = std::min(v.beta * v.min, v.beta * v.max);
  return pointsScale() * (v.beta * value - lowest);
}

std::vector<double> NomogramModel::pointsPerVariable(const std::vector<double>& values) const {
  checkSize(values);
  std::vector<double> p(values.size());
  for (size_t j = 0; j < values.size(); ++j) p[j] = points(static_cast<int>(j), values[j]);
  return p;
}

double NomogramModel::totalPoints(const std::vector<double>& values) const {
  checkSize(values);
  const double scale = pointsScale();
  double total = 0;
  for (size_t j = 0; j < values.size(); ++j) {
    const auto& v = variables[j];
    total += scale * (v.beta * values[j] - std::min(v.beta * v.min, v.beta * v.max));
  }
  return total;
}

double NomogramModel::linearPredictor(const std::vector<double>& values) const {
  checkSize(values);
  double lp = 0;
  for (size_t j = 0; j < values.size(); ++j) lp += variables[j].beta * (values[j] - variables[j].centre);
  return lp;
}

double NomogramModel::lpAtZeroPoints() const {
  double lp = 0;
  for (const auto& v : variables) lp += std::min(v.beta * v.min, v.beta * v.max) - v.beta * v.centre;
  return lp;
}

double NomogramModel::baselineCumHazard(double t) const {
  if (t <= 0) return 0.0;
  if (baseline.kind == NomogramBaseline::Kind::Weibull)
    return std::pow(t / baseline.weibullScale, baseline.weibullShape);
  const auto& s = baseline.step;
  const auto it = std::upper_bound(s.time.begin(), s.time.end(), t);
  return it == s.time.begin() ? 0.0 : s.cumhaz[static_cast<size_t>(it - s.time.begin()) - 1];
}

double NomogramModel::survival(double t, double lp) const { return std::exp(-baselineCumHazard(t) * std::exp(lp)); }

SurvCurve NomogramModel::curve(const std::vector<double>& values, const std::vector<double>& grid, double conf) const {
  const double lp = linearPredictor(values);
  if (baseline.kind == NomogramBaseline::Kind::Step && covariance.size() > 0) {
    CoxBaseline b;
    b.beta.resize(size());
    b.means.resize(size());
    for (int j = 0; j < size(); ++j) {
      b.beta(j) = variables[j].beta;
      b.means(j) = variables[j].centre;
    }
    b.var = covariance;
    b.strata.push_back(baseline.step);
    return b.predict(Eigen::Map<const Eigen::VectorXd>(values.data(), size()), baseline.step.code, conf);
  }
  SurvCurve c;
  const std::vector<double>& times = baseline.kind == NomogramBaseline::Kind::Step ? baseline.step.time : grid;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (double t : times) {
    c.time.push_back(t);
    c.cumhaz.push_back(baselineCumHazard(t) * std::exp(lp));
    c.surv.push_back(std::exp(-c.cumhaz.back()));
    c.stdErr.push_back(nan);
    c.lower.push_back(nan);
    c.upper.push_back(nan);
  }
  return c;
}

double NomogramModel::medianSurvival(double lp) const {
  if (baseline.kind == NomogramBaseline::Kind::Weibull)
    return baseline.weibullScale * std::pow(std::log(2.0) / std::exp(lp), 1.0 / baseline.weibullShape);
  std::vector<double> s;
  for (double h : baseline.step.cumhaz) s.push_back(std::exp(-h * std::exp(lp)));
  return medianOf(baseline.step.time, s);
}

double NomogramModel::restrictedMean(double lp, double tau) const {
  if (!(tau > 0)) return 0.0;
  if (baseline.kind == NomogramBaseline::Kind::Weibull)  // closed form (weibull.h), the same as `survival predict`
    return weibullRestrictedMean(baseline.weibullScale, baseline.weibullShape, lp, tau);
  double area = 0, prevT = 0, prevS = 1;
  for (size_t k = 0; k < baseline.step.time.size() && baseline.step.time[k] <= tau; ++k) {
    area += (baseline.step.time[k] - prevT) * prevS;
    prevT = baseline.step.time[k];
    prevS = std::exp(-baseline.step.cumhaz[k] * std::exp(lp));
  }
  return area + (tau - prevT) * prevS;
}

RiskGroup NomogramModel::riskGroup(double lp) const {
  const bool above = lp > risk.lpCutoff;
  return (above == risk.highIfAbove) ? RiskGroup::High : RiskGroup::Low;
}

std::vector<bool> NomogramModel::outOfRange(const std::vector<double>& values) const {
  checkSize(values);
  std::vector<bool> out(values.size());
  for (size_t j = 0; j < values.size(); ++j) {
    const auto& v = variables[j];
    bool bad = values[j] < v.min || values[j] > v.max;
    if (!v.levels.empty())
      bad = bad || std::none_of(v.levels.begin(), v.levels.end(), [&](const NomogramLevel& l) { return l.value == values[j]; });
    out[j] = bad;
  }
  return out;
}

std::vector<bool> NomogramModel::outsideCohort(const std::vector<double>& values) const {
  checkSize(values);
  std::vector<bool> out(values.size());
  for (size_t j = 0; j < values.size(); ++j) out[j] = variables[j].cohort && !variables[j].cohort->contains(values[j]);
  return out;
}

std::vector<double> NomogramModel::referenceValues() const {
  std::vector<double> r;
  for (const auto& v : variables) r.push_back(v.reference);
  return r;
}

std::vector<double> NomogramModel::valuesFrom(const std::map<std::string, double>& named) const {
  std::vector<double> r;
  for (const auto& v : variables) {
    const auto it = named.find(v.name);
    r.push_back(it == named.end() ? v.reference : it->second);
  }
  return r;
}

void NomogramModel::validate() const {
  if (variables.empty()) throw SurvivalError("nomogram '" + id + "': no variables");
  for (const auto& v : variables) {
    if (v.name.empty()) throw SurvivalError("nomogram '" + id + "': a variable has no name");
    if (!(v.max > v.min)) throw SurvivalError("nomogram '" + id + "': variable '" + v.name + "' needs max > min");
    if (!std::isfinite(v.beta)) throw SurvivalError("nomogram '" + id + "': variable '" + v.name + "' has no beta");
    if (v.cohort && !(v.cohort->max > v.cohort->min))
      throw SurvivalError("nomogram '" + id + "': variable '" + v.name + "' needs a cohort range with max > min");
  }
  if (baseline.kind == NomogramBaseline::Kind::Weibull && !(baseline.weibullScale > 0 && baseline.weibullShape > 0))
    throw SurvivalError("nomogram '" + id + "': Weibull baseline needs positive scale and shape");
  if (baseline.kind == NomogramBaseline::Kind::Step &&
      (baseline.step.time.empty() || baseline.step.time.size() != baseline.step.cumhaz.size()))
    throw SurvivalError("nomogram '" + id + "': step baseline needs time and cumhaz of equal length");
  if (covariance.size() && (covariance.rows() != size() || covariance.cols() != size()))
    throw SurvivalError("nomogram '" + id + "': covariance must be " + std::to_string(size()) + " x " +
                        std::to_string(size()));
}

NomogramModel modelFromCox(const SurvData& data, const CoxFit& fit, const std::string& cohort,
                           const std::string& timeUnit) {
  if (data.strata.size()) throw SurvivalError("nomogram models from stratified fits are not supported");
  NomogramModel m;
  m.id = "refit";
  m.title = "Cox model refit on " + cohort;
  m.timeUnit = timeUnit;
  if (timeUnit == "days") m.survivalTimes = {365.25, 1095.75, 1826.25};
  else if (timeUnit == "weeks") m.survivalTimes = {52.18, 156.54, 260.89};
  else if (timeUnit == "years") m.survivalTimes = {1, 3, 5};
  m.provenance = {"refit on " + cohort, "", cohort, "hccws survival fit (Cox partial likelihood, R-compatible)"};
  m.researchNotice = "For research use only. Not a medical device; not for clinical decisions.";
  const CoxBaseline b = coxBaseline(data, fit);
  for (int j = 0; j < fit.p(); ++j) {
    NomogramVariable v;
    v.name = v.label = fit.names[j];
    const Eigen::VectorXd col = data.x.col(j);
    v.min = col.minCoeff();
    v.max = col.maxCoeff();
    std::vector<double> s(col.data(), col.data() + col.size());
    std::nth_element(s.begin(), s.begin() + s.size() / 2, s.end());
    v.reference = s[s.size() / 2];
    const bool binary = (col.array() == 0 || col.array() == 1).all();
    if (binary) {
      v.kind = VariableKind::Binary;
      v.levels = {{"0", 0}, {"1", 1}};
      v.min = 0;
      v.max = 1;
    }
    if (!(v.max > v.min)) v.max = v.min + 1;
    v.beta = fit.beta(j);
    v.centre = fit.means(j);
    v.source = {"refit", "Cox fit on " + cohort};
    m.variables.push_back(v);
  }
  m.covariance = fit.var;
  m.baseline.kind = NomogramBaseline::Kind::Step;
  m.baseline.step = b.strata.front();
  m.baseline.source = {"refit", std::string("Cox baseline (") + (fit.ties == Ties::Efron ? "Efron" : "Breslow") +
                                    ") at the centre values, as survfit.coxph"};
  // default cut-off: the median linear predictor of the cohort
  std::vector<double> lps(data.n());
  for (int i = 0; i < data.n(); ++i) lps[i] = (data.x.row(i).transpose() - fit.means).dot(fit.beta);
  std::nth_element(lps.begin(), lps.begin() + lps.size() / 2, lps.end());
  m.risk.lpCutoff = lps[lps.size() / 2];
  m.risk.source = {"refit", "median linear predictor of " + cohort + " (replace with a cut-point if needed)"};
  return m;
}

}  // namespace hccws::surv
