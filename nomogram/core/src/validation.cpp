// External validation of a nomogram model on a cohort (validation.h).
#include "hccws/survival/validation.h"

#include "hccws/survival/bootstrap.h"
#include "hccws/survival/cox.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::surv {

namespace {

template <typename V>
V subset(const V& v, const std::vector<int>& rows) {
  V o(static_cast<long>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) o(static_cast<long>(i)) = v(rows[i]);
  return o;
}

GroupSurvival groupSurvival(const Eigen::VectorXd& time, const Eigen::VectorXi& status, const Eigen::VectorXi& group) {
  GroupSurvival g;
  g.curves = kaplanMeierByGroup(time, status, group);
  for (const auto& c : g.curves) g.codes.push_back(c.group);
  if (g.curves.size() > 1) g.logRank = logRank(time, status, group);
  return g;
}

}  // namespace

std::vector<DecisionPoint> decisionCurve(const Eigen::VectorXd& time, const Eigen::VectorXi& status,
                                         const Eigen::VectorXd& surv, double t, const std::vector<double>& thresholds) {
  const long n = time.size();
  if (surv.size() != n || status.size() != n) throw SurvivalError("decision curve: sizes disagree");
  const double sAll = kaplanMeier(time, status).at(t);
  std::vector<DecisionPoint> out;
  for (const double pt : thresholds) {
    if (!(pt > 0 && pt < 1)) throw SurvivalError("decision curve: thresholds must lie in (0, 1)");
    DecisionPoint d;
    d.threshold = pt;
    const double odds = pt / (1 - pt);
    d.all = (1 - sAll) - sAll * odds;
    std::vector<int> treated;
    for (long i = 0; i < n; ++i)
      if (1 - surv(i) >= pt) treated.push_back(static_cast<int>(i));
    d.treated = static_cast<int>(treated.size());
    if (!treated.empty()) {
      const double share = double(treated.size()) / double(n);
      const double s = kaplanMeier(subset(time, treated), subset(status, treated)).at(t);
      d.model = (1 - s) * share - s * share * odds;
    }
    out.push_back(d);
  }
  return out;
}

ValidationResult validateModel(const NomogramModel& model, const SurvData& data, const ValidationOptions& o) {
  data.validate();
  if (data.p() != static_cast<int>(model.variables.size()))
    throw SurvivalError("validation: the data have " + std::to_string(data.p()) + " columns, the model " +
                        std::to_string(model.variables.size()) + " variables");
  if (data.events() == 0) throw SurvivalError("validation: the cohort has no events");
  if (o.times.empty()) throw SurvivalError("validation: no horizon given");
  ValidationResult r;
  const int n = data.n();
  r.n = n;
  r.events = data.events();
  const auto& T = data.time;
  const auto& E = data.status;
  Eigen::VectorXd lp(n);
  Eigen::MatrixXd surv(n, static_cast<long>(o.times.size()));
  std::vector<double> x(static_cast<std::size_t>(data.p()));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < data.p(); ++j) x[static_cast<std::size_t>(j)] = data.x(i, j);
    lp(i) = model.linearPredictor(x);
    for (std::size_t k = 0; k < o.times.size(); ++k) surv(i, static_cast<long>(k)) = model.survival(o.times[k], lp(i));
  }
  r.lp.assign(lp.data(), lp.data() + n);
  const auto h = harrellC(T, E, lp, true);
  r.harrellC = h.index();
  r.harrellSe = h.stdErr();
  r.unoTau = o.unoTau > 0 ? o.unoTau : *std::max_element(o.times.begin(), o.times.end());
  r.unoC = unoC(T, E, lp, r.unoTau);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto bootSe = [&](const RowStatistic& f) {
    if (o.bootstrap <= 0) return nan;
    const auto b = bootstrap(n, f, o.bootstrap, o.seed);
    r.bootstrapReps = b.reps;
    r.bootstrapFailed = std::max(r.bootstrapFailed, b.failed);
    return b.se;
  };
  r.unoSe = bootSe([&](const std::vector<int>& rows) { return unoC(subset(T, rows), subset(E, rows), subset(lp, rows), r.unoTau); });

  // calibration slope: the outcome regressed on the linear predictor
  SurvData s;
  s.time = T;
  s.status = E;
  s.x = lp;
  s.names = {"lp"};
  const CoxFit slope = fitCox(s);
  r.slope = slope.beta(0);
  r.slopeSe = std::sqrt(slope.var(0, 0));

  std::vector<double> thresholds = o.thresholds;
  if (thresholds.empty())
    for (int k = 1; k < 100; ++k) thresholds.push_back(k / 100.0);
  for (std::size_t k = 0; k < o.times.size(); ++k) {
    HorizonValidation hv;
    hv.t = o.times[k];
    const Eigen::VectorXd st = surv.col(static_cast<long>(k));
    hv.auc = timeDependentAuc(T, E, st, hv.t);
    hv.aucSe = bootSe([&](const std::vector<int>& rows) { return timeDependentAuc(subset(T, rows), subset(E, rows), subset(st, rows), hv.t); });
    hv.brier = brierScore(T, E, st, hv.t);
    hv.calibration = calibrationAt(T, E, st, hv.t, std::min(o.groups, n));
    hv.decision = decisionCurve(T, E, st, hv.t, thresholds);
    r.horizons.push_back(hv);
  }
  // integrated Brier to the largest horizon: 0 and every distinct event time below it
  const double tau = *std::max_element(o.times.begin(), o.times.end());
  std::vector<double> grid{0.0};
  for (int i = 0; i < n; ++i)
    if (E(i) && T(i) < tau) grid.push_back(T(i));
  std::sort(grid.begin() + 1, grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  Eigen::MatrixXd sg(n, static_cast<long>(grid.size()));
  for (int i = 0; i < n; ++i)
    for (std::size_t k = 0; k < grid.size(); ++k) sg(i, static_cast<long>(k)) = model.survival(grid[k], lp(i));
  r.ibsTau = tau;
  r.ibs = integratedBrier(T, E, sg, grid, tau);

  Eigen::VectorXi risk(n), half(n);
  std::vector<double> sorted(r.lp);
  std::sort(sorted.begin(), sorted.end());
  r.medianLp = n % 2 ? sorted[static_cast<std::size_t>(n / 2)] : (sorted[static_cast<std::size_t>(n / 2 - 1)] + sorted[static_cast<std::size_t>(n / 2)]) / 2;
  for (int i = 0; i < n; ++i) {
    risk(i) = model.riskGroup(lp(i)) == RiskGroup::High ? 1 : 0;
    half(i) = lp(i) > r.medianLp ? 1 : 0;
  }
  r.byRiskGroup = groupSurvival(T, E, risk);
  r.byMedian = groupSurvival(T, E, half);
  return r;
}

}  // namespace hccws::surv
