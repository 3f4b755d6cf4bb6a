// `hccws cohort import|validate|refit` (docs/cohorts.md): a real clinical table through a mapping file into
// the nomogram's variables with a data report; a model validated on it; the model refit on it. Nomogram core,
// CLI11 and JSON only: the small `hccws` dispatcher runs them itself. Failures as survival_cli.h says (a bad
// table or mapping: exit 2 with the file, line and column).
#include "cli/survival_cli.h"

#include <hccws/survival/cohort.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/refit.h>
#include <hccws/survival/validation.h>

#include <cmath>
#include <cstdio>
#include <memory>

namespace hccws::cli::survival {

using nlohmann::json;

namespace {

struct CohortArgs {
  std::string mapping, csv, model, variables, times = "12,24,36", json = "-", out, impute = "none";
  int groups = 10, bootstrap = 200;
  std::uint64_t seed = 20261207;
};

json finiteOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json reportJson(const surv::CohortReport& r) {
  json vars = json::array();
  for (const auto& v : r.variables) {
    json j = {{"name", v.name}, {"column", v.column.empty() ? json(nullptr) : json(v.column)},
              {"evaluable", v.evaluable}, {"constant", v.constant}, {"missing", v.missing},
              {"missing_among_deaths", v.missingEvents}, {"missing_among_censored", v.missingNonEvents},
              {"missing_by_outcome_p", finiteOrNull(v.missingByOutcomeP)},
              {"out_of_range", v.outOfRange}, {"note", v.note}};
    if (v.outOfRange) j["first_out_of_range_line"] = v.firstOutOfRangeLine;
    if (v.imputed) j["imputed_by_median"] = {{"cells", v.imputed}, {"median", v.median}};
    vars.push_back(j);
  }
  return {{"table", r.table}, {"mapping", r.mapping}, {"missing_data", surv::imputationName(r.imputation)},
          {"rows_in", r.rowsIn}, {"patients", r.patients}, {"excluded_by_baseline", r.excludedByBaseline},
          {"dropped_for_missing_values", r.droppedMissing}, {"rows_kept", r.rowsKept}, {"deaths", r.events},
          {"duplicate_visits", r.duplicateVisits}, {"non_integer_times", r.nonIntegerTimes},
          {"zero_times_left_out", r.zeroTimes}, {"first_zero_time", r.firstZeroTime.empty() ? json(nullptr) : json(r.firstZeroTime)},
          {"missingness_test", "chi-square without continuity correction of missing x death (R chisq.test(correct = FALSE))"},
          {"variables", vars}, {"notes", r.notes}, {"time_unit", "months (30.4375 days a month)"}};
}

void printReport(const surv::CohortReport& r) {
  std::fprintf(stderr, "hccws cohort: %s: %d rows, %d patients, %d kept (%d dropped for missing values%s), %d deaths; %s\n",
               r.table.c_str(), r.rowsIn, r.patients, r.rowsKept, r.droppedMissing,
               r.excludedByBaseline ? (", " + std::to_string(r.excludedByBaseline) + " excluded at baseline").c_str() : "",
               r.events, surv::imputationName(r.imputation));
  if (r.zeroTimes)
    std::fprintf(stderr, "  %d patient(s) left out with a survival time of 0 (the first: %s)\n", r.zeroTimes, r.firstZeroTime.c_str());
  for (const auto& v : r.variables)
    if (!v.evaluable)
      std::fprintf(stderr, "  %s: not evaluable (%s)\n", v.name.c_str(), v.note.empty() ? "no column" : v.note.c_str());
}

surv::Imputation imputation(const std::string& s) {
  return s == "median" ? surv::Imputation::Median : surv::Imputation::CompleteCase;
}

surv::CohortData load(const CohortArgs& a, const std::vector<std::string>& variables) {
  const auto mapping = surv::readCohortMapping(a.mapping);
  auto c = surv::importCohort(mapping, a.csv, imputation(a.impute), variables);
  printReport(c.report);
  return c;
}

json curveJson(const surv::GroupSurvival& g, const std::vector<std::string>& names) {
  json curves = json::array();
  for (std::size_t k = 0; k < g.curves.size(); ++k) {
    const auto& c = g.curves[k];
    curves.push_back({{"group", names[static_cast<std::size_t>(std::min(c.group, 1))]}, {"time", c.time}, {"surv", c.surv},
                      {"lower", c.lower}, {"upper", c.upper}, {"n", c.nRisk.empty() ? 0 : static_cast<int>(c.nRisk.front())},
                      {"median", finiteOrNull(c.median)}});
  }
  json lr = nullptr;
  if (g.curves.size() > 1) lr = {{"chisq", g.logRank.chisq}, {"df", g.logRank.df}, {"p", g.logRank.p}};
  return {{"curves", curves}, {"logrank", lr}};
}

void runImport(const CohortArgs& a) {
  const auto c = load(a, splitList(a.variables));
  json patients = json::array();
  for (std::size_t i = 0; i < c.ids.size(); ++i) {
    json p = {{"id", c.ids[i]}, {"line", c.lines[i]}, {"time_months", double(c.timeMonths(static_cast<long>(i)))},
              {"death", int(c.event(static_cast<long>(i)))}};
    for (std::size_t k = 0; k < c.names.size(); ++k) p[c.names[k]] = double(c.x(static_cast<long>(i), static_cast<long>(k)));
    patients.push_back(p);
  }
  writeJson({{"report", reportJson(c.report)}, {"variables", c.names}, {"patients", patients}}, a.json);
}

// The model's variables on the cohort (surv::modelSurvData); the terms assumed for every patient reported.
surv::SurvData modelData(const surv::NomogramModel& m, const surv::CohortData& c, json& filled) {
  std::vector<surv::AssumedTerm> assumed;
  surv::SurvData d = surv::modelSurvData(m, c, &assumed);
  filled = json::array();
  for (const auto& t : assumed) {
    filled.push_back({{"variable", t.name}, {"why", t.why}, {"assumed_value", t.value}, {"source", t.source}});
    std::fprintf(stderr, "  %s: ASSUMED %g for every patient (%s)\n", t.name.c_str(), t.value, t.source.c_str());
  }
  return d;
}

void runValidate(const CohortArgs& a) {
  const auto model = surv::readNomogramModel(a.model);
  std::vector<std::string> vars;
  for (const auto& v : model.variables) vars.push_back(v.name);
  const auto c = load(a, vars);
  surv::ValidationOptions o;
  o.times = parseTimes(a.times, "--times");
  checkTimesWithin(o.times, c.timeMonths.maxCoeff(), "--times", "the last follow-up time of the cohort (months)");
  o.groups = a.groups;
  o.bootstrap = a.bootstrap;
  o.seed = a.seed;
  json filled;
  const auto data = modelData(model, c, filled);
  const auto r = surv::validateModel(model, data, o);
  json horizons = json::array();
  for (const auto& h : r.horizons) {
    json groups = json::array();
    for (const auto& g : h.calibration.groups)
      groups.push_back({{"n", g.n}, {"predicted", g.predicted}, {"observed", g.observed}, {"lower", g.lower}, {"upper", g.upper}});
    json dca = json::array();
    for (const auto& d : h.decision)
      dca.push_back({{"threshold", d.threshold}, {"model", d.model}, {"treat_all", d.all}, {"treat_none", 0}, {"treated", d.treated}});
    horizons.push_back({{"months", h.t}, {"td_auc", h.auc}, {"td_auc_se", finiteOrNull(h.aucSe)}, {"brier", h.brier},
                        {"calibration", {{"groups", groups}, {"mean_abs_error", h.calibration.meanAbsError}}},
                        {"decision_curve", dca}});
  }
  json out = {
      {"model", {{"file", a.model}, {"id", model.id}, {"arm", model.arm}, {"provenance", model.provenance.kind}}},
      {"cohort", c.report.mapping}, {"data", reportJson(c.report)}, {"assumed_for_every_patient", filled},
      {"n", r.n}, {"deaths", r.events},
      {"harrell_c", r.harrellC}, {"harrell_c_se", r.harrellSe},
      {"uno_c", r.unoC}, {"uno_c_tau", r.unoTau}, {"uno_c_se", finiteOrNull(r.unoSe)},
      {"calibration_slope", r.slope}, {"calibration_slope_se", r.slopeSe},
      {"horizons", horizons}, {"ibs", {{"tau", r.ibsTau}, {"value", r.ibs}}},
      {"by_risk_group", curveJson(r.byRiskGroup, {"low", "high"})},
      {"by_median_lp", curveJson(r.byMedian, {"below median", "above median"})}, {"median_lp", r.medianLp},
      {"bootstrap", {{"reps", a.bootstrap}, {"seed", a.seed}, {"failed", r.bootstrapFailed},
                     {"what", "standard errors of Uno's C and td-AUC (SD of the replicates)"}}},
      {"linear_predictor", r.lp},
      {"notes", {"Harrell's C SE: infinitesimal jackknife (R concordance); calibration slope: Cox regression of the outcome on the "
                 "linear predictor; calibration by risk group: observed Kaplan-Meier vs mean predicted S(t) in quantile groups of "
                 "predicted S(t); decision curves: dcurves' survival net benefit with Kaplan-Meier risks"}}};
  if (!filled.empty())
    out["assumed_note"] = "terms not evaluable on this cohort are fixed at the model's assumed cohort value: discrimination is that "
                          "of the evaluable terms, calibration is of the model with those terms at that value";
  std::fprintf(stderr, "hccws cohort validate: n %d, deaths %d, Harrell's C %.3f (SE %.3f), Uno's C %.3f, calibration slope %.2f\n",
               r.n, r.events, r.harrellC, r.harrellSe, r.unoC, r.slope);
  writeJson(out, a.json);
}

void runRefit(const CohortArgs& a) {
  const auto model = surv::readNomogramModel(a.model);
  std::vector<std::string> vars;
  for (const auto& v : model.variables) vars.push_back(v.name);
  const auto mapping = surv::readCohortMapping(a.mapping);
  const auto c = surv::importCohort(mapping, a.csv, imputation(a.impute), vars);
  printReport(c.report);
  surv::RefitOptions o;
  o.bootstrap = a.bootstrap;
  o.seed = a.seed;
  const auto r = surv::refitModel(model, c, mapping, o);
  surv::writeNomogramModel(r.model, a.out);
  json coef = json::array();
  for (int j = 0; j < r.model.size(); ++j)
    coef.push_back({{"name", r.model.variables[static_cast<std::size_t>(j)].name}, {"beta", r.model.variables[static_cast<std::size_t>(j)].beta},
                    {"se", std::sqrt(r.model.covariance(j, j))}});
  json out = {{"model_out", a.out}, {"from", a.model}, {"cohort", mapping.name}, {"data", reportJson(c.report)},
              {"n", r.n}, {"deaths", r.events}, {"used", r.used}, {"dropped", r.dropped}, {"coefficients", coef},
              {"c_apparent", r.apparentC}, {"c_optimism", r.optimism}, {"c_corrected", r.correctedC},
              {"bootstrap", {{"reps", a.bootstrap}, {"seed", a.seed}, {"failed", r.bootstrapFailed},
                             {"what", "Harrell's optimism: refit on each resample, C there minus C on the cohort"}}}};
  std::fprintf(stderr, "hccws cohort refit: %s: %s on n %d, %d deaths; C %.3f apparent, %.3f optimism-corrected\n",
               a.out.c_str(), r.model.title.c_str(), r.n, r.events, r.apparentC, r.correctedC);
  writeJson(out, a.json);
}

}  // namespace

void addCohortCommands(CLI::App& app) {
  auto* co = app.add_subcommand("cohort", "Real cohorts: import through a mapping, validate and refit a nomogram (JSON out)");
  co->require_subcommand(1);
  auto common = [](CLI::App* s, const std::shared_ptr<CohortArgs>& a) {
    s->add_option("--mapping", a->mapping, "Cohort mapping file (resources/cohorts/*.json; docs/cohorts.md)")->required();
    s->add_option("--csv", a->csv, "The cohort table (default: the mapping's table beside the mapping file)");
    s->add_option("--impute", a->impute, "none (complete cases, the default) or median (single imputation, labelled)")
        ->check(CLI::IsMember({"none", "median"}));
    s->add_option("--json", a->json, "Output JSON file ('-' = stdout, the default)");
  };
  auto ia = std::make_shared<CohortArgs>();
  auto* imp = co->add_subcommand("import", "A table through a mapping: the patients' variables and the data report");
  common(imp, ia);
  imp->add_option("--variables", ia->variables, "Only these variables (comma-separated; default every mapped one)");
  imp->callback([ia] { runImport(*ia); });

  auto va = std::make_shared<CohortArgs>();
  auto* val = co->add_subcommand("validate", "Validate a nomogram model file on a cohort (C, td-AUC, calibration, Brier, "
                                             "KM by risk group, decision curves)");
  common(val, va);
  val->add_option("--model", va->model, "Nomogram model file")->required();
  val->add_option("--times", va->times, "Horizons in months (default 12,24,36)");
  val->add_option("--groups", va->groups, "Calibration groups (default 10: deciles)")->check(CLI::Range(1, 1000));
  val->add_option("--bootstrap", va->bootstrap, "Resamples for the SEs of Uno's C and td-AUC (default 200; 0: none)")
      ->check(CLI::Range(0, 100000));
  val->add_option("--seed", va->seed, "Bootstrap seed");
  val->callback([va] { runValidate(*va); });

  auto ra = std::make_shared<CohortArgs>();
  ra->bootstrap = 0;
  auto* ref = co->add_subcommand("refit", "Refit a nomogram model's variables on a cohort (Cox, Efron) into a new model file");
  common(ref, ra);
  ref->add_option("--model", ra->model, "The model whose variables are refit")->required();
  ref->add_option("--out", ra->out, "The refit model file to write")->required();
  ref->add_option("--bootstrap", ra->bootstrap, "Resamples for Harrell's optimism correction of C (default 0: none)")
      ->check(CLI::Range(0, 100000));
  ref->add_option("--seed", ra->seed, "Bootstrap seed");
  ref->callback([ra] { runRefit(*ra); });
}

}  // namespace hccws::cli::survival
