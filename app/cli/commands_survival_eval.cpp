// `hccws survival evaluate` (discrimination, calibration, cut-point, bootstrap CIs) and
// `hccws survival predict` (nomogram points and S(t) for given inputs). See commands_survival.cpp.
#include "cli/survival_cli.h"

#include <hccws/survival/bootstrap.h>
#include <hccws/survival/concordance.h>
#include <hccws/survival/cutpoint.h>
#include <hccws/survival/kaplan_meier.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/prediction_metrics.h>
#include <hccws/survival/weibull.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace hccws::cli::survival {

using nlohmann::json;

namespace {

struct EvalArgs {
  std::string csv, time, event, marker, model, times, json = "-", id;
  double tau = 0, minProp = 0.1, maxProp = 0.9;
  int groups = 5, bootstrap = 0;
  unsigned long long seed = 20250101;
  bool cutpoint = false;
};

Eigen::VectorXd subset(const Eigen::VectorXd& v, const std::vector<int>& rows) {
  Eigen::VectorXd o(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) o(i) = v(rows[i]);
  return o;
}
Eigen::VectorXi subset(const Eigen::VectorXi& v, const std::vector<int>& rows) {
  Eigen::VectorXi o(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) o(i) = v(rows[i]);
  return o;
}

json ciJson(const surv::BootstrapResult& b) {
  return {{"lower", b.lower}, {"upper", b.upper}, {"se", b.se}, {"reps", b.reps}, {"failed", b.failed}};
}

std::string num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

void runEvaluate(const EvalArgs& a) {
  if (a.marker.empty() == a.model.empty())
    throw CLI::ValidationError("evaluate", "give exactly one of --marker or --model");
  if (!(a.minProp < a.maxProp))
    throw CLI::ValidationError("--min-prop", "must be smaller than --max-prop (" + num(a.minProp) + " >= " +
                                                 num(a.maxProp) + ")");
  std::vector<double> times = a.times.empty() ? std::vector<double>{} : parseTimes(a.times, "--times");
  surv::NomogramModel model;
  std::vector<std::string> cols;
  if (!a.model.empty()) {
    model = surv::readNomogramModel(a.model);
    for (const auto& v : model.variables) cols.push_back(v.name);
  } else {
    cols.push_back(a.marker);
  }
  const surv::SurvColumns sc{a.time, a.event, cols, ""};
  const std::string idCol = idColumn(readHeader(a.csv), a.id);
  auto sel = surv::survSelection(sc);
  if (!idCol.empty()) sel.text.push_back(idCol);
  const auto table = surv::CsvTable::readFile(a.csv, sel);
  const auto st = surv::buildSurvData(table, sc);
  reportDropped(st, a.csv, true);
  const json ids = idCol.empty() ? json(nullptr) : checkIds(table, st, idCol, !a.id.empty());
  const auto& d = st.data;
  const int n = d.n();
  const double lastTime = d.time.maxCoeff();
  const std::string dataRange = "the last follow-up time of the " + std::to_string(n) + " rows used";
  checkTimesWithin(times, lastTime, "--times", dataRange);
  if (a.tau > lastTime)
    throw CLI::ValidationError("--tau", "time " + num(a.tau) + " is past the data: the valid range is (0, " +
                                            num(lastTime) + "], " + dataRange);
  if (a.groups > n)
    throw CLI::ValidationError("--groups", std::to_string(a.groups) + " calibration groups for " + std::to_string(n) +
                                               " rows: the valid range is [1, " + std::to_string(n) + "]");
  Eigen::VectorXd marker(n);
  Eigen::MatrixXd surv;  // n x times (model only)
  if (!a.model.empty()) {
    surv.resize(n, static_cast<long>(times.size()));
    std::vector<double> x(static_cast<size_t>(d.p()));
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < d.p(); ++j) x[static_cast<size_t>(j)] = d.x(i, j);
      marker(i) = model.linearPredictor(x);
      for (size_t k = 0; k < times.size(); ++k) surv(i, static_cast<long>(k)) = model.survival(times[k], marker(i));
    }
  } else {
    marker = d.x.col(0);
  }
  const auto& T = d.time;
  const auto& E = d.status;
  json out = {{"csv", a.csv}, {"n", n}, {"events", d.events()}, {"missing", missingJson(st)}, {"ids", ids},
              {"marker", a.model.empty() ? a.marker : "linear predictor of " + a.model},
              {"marker_direction", "higher = higher risk"}};
  const auto harrell = surv::harrellC(T, E, marker, true);
  out["harrell_c"] = harrell.index();
  out["harrell_c_se"] = harrell.stdErr();
  // Uno's C truncated at tau (R: concordance(..., timewt = "n/G2", ymax = tau)); no truncation without --tau
  const double unoTau = a.tau > 0 ? a.tau : std::numeric_limits<double>::infinity();
  out["uno_c"] = surv::unoC(T, E, marker, unoTau);
  out["uno_c_tau"] = a.tau > 0 ? json(a.tau) : json(nullptr);
  auto boot = [&](const surv::RowStatistic& f) { return surv::bootstrap(n, f, a.bootstrap, a.seed); };
  if (a.bootstrap > 0) {
    out["harrell_c_ci"] = ciJson(boot([&](const std::vector<int>& r) {
      return surv::harrellC(subset(T, r), subset(E, r), subset(marker, r), true).index();
    }));
    out["bootstrap"] = {{"reps", a.bootstrap}, {"seed", a.seed}, {"ci", "percentile"}};
  }
  json perTime = json::array();
  for (size_t k = 0; k < times.size(); ++k) {
    const double t = times[k];
    json tj = {{"time", t}};
    // AUC depends on the ranking only: with a raw marker use 1 - marker as a "survival" score.
    const Eigen::VectorXd s = a.model.empty() ? Eigen::VectorXd(1.0 - marker.array()) : Eigen::VectorXd(surv.col(k));
    try {
      tj["td_auc"] = surv::timeDependentAuc(T, E, s, t);
      if (a.bootstrap > 0)
        tj["td_auc_ci"] = ciJson(boot([&](const std::vector<int>& r) {
          return surv::timeDependentAuc(subset(T, r), subset(E, r), subset(s, r), t);
        }));
    } catch (const surv::SurvivalError& e) {
      tj["td_auc"] = nullptr;
      tj["td_auc_note"] = e.what();
    }
    if (!a.model.empty()) {
      tj["brier"] = surv::brierScore(T, E, s, t);
      if (a.bootstrap > 0)
        tj["brier_ci"] = ciJson(boot([&](const std::vector<int>& r) {
          return surv::brierScore(subset(T, r), subset(E, r), subset(s, r), t);
        }));
      const auto cal = surv::calibrationAt(T, E, s, t, a.groups);
      json g = json::array();
      for (const auto& cg : cal.groups)
        g.push_back({{"n", cg.n}, {"predicted", cg.predicted}, {"observed", cg.observed}, {"lower", cg.lower},
                     {"upper", cg.upper}});
      tj["calibration"] = {{"groups", g}, {"mean_abs_error", cal.meanAbsError}};
    }
    perTime.push_back(tj);
  }
  out["times"] = perTime;
  if (!a.model.empty() && !times.empty()) {
    const double tau = a.tau > 0 ? a.tau : *std::max_element(times.begin(), times.end());
    std::vector<double> grid{0.0};
    std::vector<double> ev;
    for (int i = 0; i < n; ++i)
      if (E(i) && T(i) < tau) ev.push_back(T(i));
    std::sort(ev.begin(), ev.end());
    ev.erase(std::unique(ev.begin(), ev.end()), ev.end());
    grid.insert(grid.end(), ev.begin(), ev.end());
    Eigen::MatrixXd sg(n, static_cast<long>(grid.size()));
    for (int i = 0; i < n; ++i)
      for (size_t k = 0; k < grid.size(); ++k) sg(i, static_cast<long>(k)) = model.survival(grid[k], marker(i));
    out["ibs"] = {{"tau", tau}, {"value", surv::integratedBrier(T, E, sg, grid, tau)},
                  {"grid", "0 and every distinct event time below tau (step integration)"}};
  }
  if (a.cutpoint) {
    const auto cp = surv::maxstatCutPoint(T, E, marker, a.minProp, a.maxProp);
    out["cutpoint"] = {{"cut", cp.cut}, {"statistic", cp.statistic}, {"p_adjusted", cp.pAdjusted},
                       {"p_method", "Lausen & Schumacher 1992 (maxstat Lau92)"}, {"p_unadjusted", cp.pUnadjusted},
                       {"n_low", cp.nLow}, {"n_high", cp.nHigh}, {"min_prop", a.minProp}, {"max_prop", a.maxProp}};
  }
  writeJson(out, a.json);
}

struct PredictArgs {
  std::string model, values, csv, times, json = "-";
  bool fillAssumed = false;
};

// The last time the model's baseline describes: the last time of a step (refit Cox) baseline, i.e. the last
// follow-up time of the cohort it was fitted on; for a parametric (Weibull) baseline, the largest of the
// model's survival_times (the horizons of the published survival it was reconstructed from).
double dataHorizon(const surv::NomogramModel& m, std::string& what) {
  if (m.baseline.kind == surv::NomogramBaseline::Kind::Step && !m.baseline.step.time.empty()) {
    what = "the last follow-up time of the model's baseline (" + m.timeUnit + ")";
    return m.baseline.step.time.back();
  }
  what = "the largest survival time the model's Weibull baseline was fitted to (survival_times, " + m.timeUnit + ")";
  return m.survivalTimes.empty() ? std::numeric_limits<double>::infinity()
                                 : *std::max_element(m.survivalTimes.begin(), m.survivalTimes.end());
}

double restrictedMean(const surv::NomogramModel& m, double lp, double tau) {
  if (m.baseline.kind == surv::NomogramBaseline::Kind::Weibull)
    return surv::weibullRestrictedMean(m.baseline.weibullScale, m.baseline.weibullShape, lp, tau);
  return m.restrictedMean(lp, tau);
}

json predictOne(const surv::NomogramModel& m, const std::vector<double>& x, const std::vector<double>& times) {
  const auto pts = m.pointsPerVariable(x);
  const double lp = m.linearPredictor(x);
  const auto oor = m.outOfRange(x);
  const auto outside = m.outsideCohort(x);
  json vars = json::array();
  for (int j = 0; j < m.size(); ++j) {
    json v = {{"name", m.variables[j].name}, {"value", x[j]}, {"points", pts[j]},
              {"out_of_range", static_cast<bool>(oor[j])}};
    if (m.variables[j].cohort) {
      v["outside_cohort"] = static_cast<bool>(outside[j]);
      if (outside[j]) v["cohort_note"] = m.variables[j].cohort->note;
    }
    vars.push_back(v);
  }
  std::vector<double> grid;
  const double tmax = std::max(120.0, times.empty() ? 0.0 : *std::max_element(times.begin(), times.end()));
  for (double t = 0.25; t <= tmax; t += 0.25) grid.push_back(t);
  const auto curve = m.curve(x, grid);
  json surv = json::array();
  for (double t : times) {
    json s = {{"time", t}, {"surv", m.survival(t, lp)}};
    if (m.covariance.size()) {
      const auto it = std::upper_bound(curve.time.begin(), curve.time.end(), t);
      if (it != curve.time.begin()) {
        const size_t k = static_cast<size_t>(it - curve.time.begin()) - 1;
        s["lower"] = curve.lower[k];
        s["upper"] = curve.upper[k];
      } else {
        s["lower"] = 1.0;
        s["upper"] = 1.0;
      }
    }
    surv.push_back(s);
  }
  const double tau = times.empty() ? 0.0 : *std::max_element(times.begin(), times.end());
  return {{"variables", vars}, {"total_points", m.totalPoints(x)}, {"linear_predictor", lp},
          {"risk_group", m.riskGroup(lp) == surv::RiskGroup::High ? "high" : "low"},
          {"survival", surv}, {"median", m.medianSurvival(lp)},
          {"rmst", {{"tau", tau}, {"value", restrictedMean(m, lp, tau)},
                    {"method", m.baseline.kind == surv::NomogramBaseline::Kind::Weibull
                                   ? "closed form (incomplete gamma)"
                                   : "exact area under the step curve"}}},
          {"extrapolated", std::any_of(oor.begin(), oor.end(), [](bool b) { return b; })},
          {"outside_cohort", std::any_of(outside.begin(), outside.end(), [](bool b) { return b; })}};
}

void runPredict(const PredictArgs& a) {
  if (!a.values.empty() == !a.csv.empty())
    throw CLI::ValidationError("predict", "give exactly one of --values or --csv");
  const auto m = surv::readNomogramModel(a.model);
  const auto times = a.times.empty() ? m.survivalTimes : parseTimes(a.times, "--times");
  std::string what;
  const double horizon = dataHorizon(m, what);
  checkTimesWithin(times, horizon, "--times", what);
  std::vector<std::vector<double>> inputs;
  json inputStates = json::array();  // per variable: given, or assumed (with the model file's source)
  if (!a.values.empty()) {
    std::vector<double> x(m.variables.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& kv : splitList(a.values)) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) throw CLI::ValidationError("--values", "'" + kv + "' is not name=value");
      const std::string name = kv.substr(0, eq);
      const auto it = std::find_if(m.variables.begin(), m.variables.end(), [&](const auto& v) { return v.name == name; });
      if (it == m.variables.end())
        throw CLI::ValidationError("--values", "the model " + a.model + " has no variable '" + name + "'");
      char* end = nullptr;
      const std::string val = kv.substr(eq + 1);
      const double v = std::strtod(val.c_str(), &end);
      if (end == val.c_str() || *end || !std::isfinite(v))
        throw CLI::ValidationError("--values", name + " = '" + val + "': each value must be a finite number");
      x[static_cast<size_t>(it - m.variables.begin())] = v;
    }
    // Nothing is invented: a variable not given is an error, unless the user asks for the model file's
    // assumed cohort values, which the output then marks as assumed.
    std::vector<std::string> missing;
    for (size_t j = 0; j < x.size(); ++j) {
      const auto& var = m.variables[j];
      if (!std::isnan(x[j])) {
        inputStates.push_back({{"name", var.name}, {"value", x[j]}, {"state", "given"}});
      } else if (a.fillAssumed && var.assumed) {
        x[j] = var.assumed->value;
        inputStates.push_back({{"name", var.name}, {"value", x[j]}, {"state", "assumed"}, {"source", var.assumed->source}});
        std::fprintf(stderr, "hccws: %s = %g is ASSUMED (%s)\n", var.name.c_str(), x[j], var.assumed->source.c_str());
      } else {
        missing.push_back(var.name + (a.fillAssumed ? " (no assumed value in the model file)" : ""));
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& n : missing) list += (list.empty() ? "" : ", ") + n;
      throw CLI::ValidationError("--values", "missing " + list + ": give every variable of " + a.model +
                                                 (a.fillAssumed ? "" : ", or add --fill-assumed to use the model file's cohort values (marked assumed)"));
    }
    inputs.push_back(x);
  } else {
    surv::CsvSelection sel;
    for (const auto& v : m.variables) sel.numeric.push_back(v.name);
    const auto table = surv::CsvTable::readFile(a.csv, sel);
    std::vector<const std::vector<double>*> cols;
    for (const auto& v : m.variables) cols.push_back(table.storedNumeric(v.name));
    for (int r = 0; r < table.rows(); ++r) {
      std::vector<double> x;
      for (size_t j = 0; j < cols.size(); ++j) {
        const double v = (*cols[j])[static_cast<size_t>(r)];
        if (std::isnan(v))
          throw surv::SurvivalError(a.csv + ": column '" + m.variables[j].name + "', line " + std::to_string(r + 2) +
                                    ": missing value (predict needs every input)");
        x.push_back(v);
      }
      inputs.push_back(x);
    }
  }
  json subjects = json::array();
  for (const auto& x : inputs) subjects.push_back(predictOne(m, x, times));
  if (!inputStates.empty()) subjects[0]["inputs"] = inputStates;
  json out = {{"model", a.model}, {"model_id", m.id}, {"arm", m.arm}, {"time_unit", m.timeUnit},
              {"research_notice", m.researchNotice}, {"provenance", m.provenance.kind},
              {"risk_cutoff_lp", m.risk.lpCutoff}, {"data_horizon", {{"time", horizon}, {"what", what}}},
              {"subjects", subjects}};
  writeJson(out, a.json);
}

}  // namespace

void addEvaluateCommand(CLI::App& sv) {
  auto a = std::make_shared<EvalArgs>();
  auto* c = sv.add_subcommand("evaluate", "C-index (Harrell, Uno), td-AUC, Brier, IBS, calibration, cut-point");
  c->add_option("--csv", a->csv, "Cohort table (CSV with header)")->required();
  c->add_option("--time", a->time, "Time column")->required();
  c->add_option("--event", a->event, "Event column (1 = event, 0 = censored)")->required();
  c->add_option("--marker", a->marker, "Risk marker column (higher = higher risk)");
  c->add_option("--id", a->id, "Subject ID column: duplicates are reported (default: a column named id, if any)");
  c->add_option("--model", a->model, "Nomogram model file (the CSV has one column per model variable)");
  c->add_option("--times", a->times,
                "Comma-separated horizons for td-AUC, Brier and calibration (> 0, at most the last follow-up time)");
  c->add_option("--tau", a->tau,
                "Truncation time of Uno's C (R's ymax; default: none) and horizon of the integrated Brier score "
                "(default: largest --times); > 0, at most the last follow-up time")
      ->check(positive());
  c->add_option("--groups", a->groups, "Calibration groups (quantiles of predicted S(t); default 5)")
      ->check(CLI::Range(1, 1000));
  c->add_option("--bootstrap", a->bootstrap, "Bootstrap replicates for percentile CIs (default 0: none)")
      ->check(CLI::Range(0, 1000000));
  c->add_option("--seed", a->seed, "Bootstrap seed");
  c->add_flag("--cutpoint", a->cutpoint, "Maximally selected log-rank cut-point of the marker");
  c->add_option("--min-prop", a->minProp, "Smallest group fraction for the cut-point, in (0, 1) (default 0.1)")
      ->check(openInterval(0, 1));
  c->add_option("--max-prop", a->maxProp, "Largest lower-group fraction, in (0, 1) (default 0.9)")
      ->check(openInterval(0, 1));
  c->add_option("--json", a->json, "Output JSON file ('-' = stdout, the default)");
  c->callback([a] { runEvaluate(*a); });
}

void addPredictCommand(CLI::App& sv) {
  auto a = std::make_shared<PredictArgs>();
  auto* c = sv.add_subcommand("predict", "Nomogram points, linear predictor, risk group and S(t) for inputs");
  c->add_option("--model", a->model, "Nomogram model file (resources/models/nomogram_tace.json, ...)")->required();
  c->add_option("--values", a->values, "name=value,... for every variable of the model (see --fill-assumed)");
  c->add_flag("--fill-assumed", a->fillAssumed,
              "Fill variables not in --values with the model file's assumed cohort values (each is reported as "
              "assumed on stderr and in the JSON)");
  c->add_option("--csv", a->csv, "Table with one column per model variable (one prediction per row)");
  c->add_option("--times", a->times,
                "Comma-separated times, > 0 and within the model's data (default: the model's survival_times)");
  c->add_option("--json", a->json, "Output JSON file ('-' = stdout, the default)");
  c->callback([a] { runPredict(*a); });
}

}  // namespace hccws::cli::survival
