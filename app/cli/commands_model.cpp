// `hccws model fit|evaluate`: the combined binary-outcome model (clinical + radiomics + deep-feature columns of a
// cohort table; nomogram core's binary_model.h) and its evaluation on another table: ROC AUC with DeLong's CI,
// DeLong's test against a second model, calibration (intercept, slope, groups, Hosmer-Lemeshow), decision
// curve. Nomogram core, CLI11 and JSON only (the dispatcher runs it: no Qt, VTK, ITK or Torch).
#include "cli/survival_cli.h"

#include <hccws/survival/binary_metrics.h>
#include <hccws/survival/binary_model.h>
#include <hccws/survival/types.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace hccws::cli::survival {
namespace {

struct ModelArgs {
  std::string csv, outcome, features, forced, foldColumn, out, model, compare, json = "-", rule = "1se";
  std::string thresholds = "0.05:0.95:0.05";
  int folds = 10, groups = 10;
  double corr = 0.9;
  std::uint64_t seed = 20261207;
};

// '*' matches any run of characters.
bool globMatch(const std::string& pattern, const std::string& text) {
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == text[t]) ++p, ++t;
    else if (p < pattern.size() && pattern[p] == '*') star = p++, mark = t;
    else if (star != std::string::npos) p = star + 1, t = ++mark;
    else return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> expand(const surv::CsvTable& t, const std::string& list, const std::string& option) {
  std::vector<std::string> out;
  for (const auto& pat : splitList(list)) {
    bool any = false;
    for (const auto& c : t.header())
      if (globMatch(pat, c)) {
        any = true;
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
      }
    if (!any) throw surv::SurvivalError(t.source() + ": " + option + " \"" + pat + "\" matches no column");
  }
  return out;
}

std::string readText(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw surv::SurvivalError(path + ": cannot be read");
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void runFit(const ModelArgs& a) {
  const auto table = surv::CsvTable::readFile(a.csv);
  surv::BinaryModelSpec spec;
  spec.outcome = a.outcome;
  spec.candidates = expand(table, a.features, "--features");
  if (!a.forced.empty()) spec.forced = expand(table, a.forced, "--forced");
  spec.correlationThreshold = a.corr;
  spec.folds = a.folds;
  spec.seed = a.seed;
  spec.foldColumn = a.foldColumn;
  spec.lambda1se = a.rule == "1se";
  const surv::BinaryModel m = surv::fitBinaryModel(table, spec);
  writeText(m.toJson(), a.out);
  std::fprintf(stderr, "hccws model fit: %s: %d patients (%d with %s = 1), %d rows dropped (incomplete)\n", a.csv.c_str(),
               m.rows, m.events, m.outcome.c_str(), m.rowsDropped);
  std::fprintf(stderr, "  %zu candidates; %zu constant, %zu removed by |r| > %.2f, %zu not selected by the LASSO "
                       "(lambda.%s = %.4g, %d folds)\n",
               spec.candidates.size() + spec.forced.size(), m.constantColumns.size(), m.removedByCorrelation.size(),
               m.correlationThreshold, m.notSelectedByLasso.size(), m.lambdaIs1se ? "1se" : "min", m.lambda, m.folds);
  std::fprintf(stderr, "  %-28s %10s %9s %10s   (coefficients per SD, computed by this fit on %s)\n", "term", "coef", "SE",
               "p", a.csv.c_str());
  std::fprintf(stderr, "  %-28s %10.4f\n", "(intercept)", m.intercept);
  for (const auto& t : m.terms) std::fprintf(stderr, "  %-28s %10.4f %9.4f %10.3g\n", t.column.c_str(), t.coef, t.se, t.p);
  if (m.separation) std::fprintf(stderr, "  warning: fitted probabilities of 0 or 1 (separation): the estimates are unstable\n");
  if (a.out != "-") std::fprintf(stderr, "  model written: %s\n", a.out.c_str());
}

std::vector<double> thresholdList(const std::string& s) {
  std::vector<double> out;
  const auto c1 = s.find(':');
  if (c1 != std::string::npos) {
    const auto c2 = s.find(':', c1 + 1);
    if (c2 == std::string::npos) throw CLI::ValidationError("--thresholds", "use FROM:TO:STEP or a list");
    const double from = std::stod(s.substr(0, c1)), to = std::stod(s.substr(c1 + 1, c2 - c1 - 1)),
                 step = std::stod(s.substr(c2 + 1));
    if (!(step > 0) || !(from > 0) || !(to < 1) || from > to)
      throw CLI::ValidationError("--thresholds", "FROM:TO:STEP with 0 < FROM <= TO < 1 and STEP > 0");
    for (int k = 0; from + k * step <= to + 1e-9 && k < 10000; ++k) out.push_back(std::round((from + k * step) * 1e9) / 1e9);
    return out;
  }
  for (const auto& v : splitList(s)) {
    const double t = std::stod(v);
    if (!(t > 0 && t < 1)) throw CLI::ValidationError("--thresholds", "thresholds lie in (0, 1)");
    out.push_back(t);
  }
  return out;
}

void runEvaluate(const ModelArgs& a) {
  const surv::BinaryModel m = surv::BinaryModel::fromJson(readText(a.model), a.model);
  const auto table = surv::CsvTable::readFile(a.csv);
  std::unique_ptr<surv::BinaryModel> other;
  if (!a.compare.empty()) other = std::make_unique<surv::BinaryModel>(surv::BinaryModel::fromJson(readText(a.compare), a.compare));
  const surv::BinaryEvaluation ev = surv::evaluateBinaryModel(m, table, other.get(), thresholdList(a.thresholds), a.groups);
  const auto& auc = ev.auc;
  const auto& cal = ev.calibration;
  const auto& hl = ev.hosmerLemeshow;
  nlohmann::ordered_json j;
  j["model"] = a.model;
  j["cohort"] = a.csv;
  j["provenance"] = "probabilities computed by the model in " + a.model + " (fitted on " + m.source + ", n " +
                    std::to_string(m.rows) + "); outcomes from " + a.csv;
  j["n"] = ev.n;
  j["events"] = ev.events;
  j["rows_dropped_incomplete"] = ev.dropped;
  j["auc"] = {{"value", auc.auc}, {"se", auc.se}, {"ci95", {auc.lower, auc.upper}}, {"method", "DeLong"}};
  j["brier"] = ev.brier;
  j["calibration"] = {{"intercept", cal.intercept}, {"slope", cal.slope},
                      {"hosmer_lemeshow", {{"chi_square", hl.chiSquare}, {"df", hl.df}, {"p", hl.p}, {"groups", a.groups}}}};
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const auto& g : hl.groups) groups.push_back({{"n", g.n}, {"mean_predicted", g.meanPredicted}, {"observed", g.observed}});
  j["calibration"]["groups"] = groups;
  nlohmann::ordered_json curve = nlohmann::ordered_json::array();
  for (const auto& pt : ev.decision) curve.push_back({{"threshold", pt.threshold}, {"model", pt.model}, {"treat_all", pt.treatAll}, {"treat_none", 0}});
  j["decision_curve"] = curve;
  nlohmann::ordered_json roc = nlohmann::ordered_json::array();
  for (const auto& [fpr, tpr] : ev.roc) roc.push_back({fpr, tpr});
  j["roc"] = roc;
  std::fprintf(stderr, "hccws model evaluate: %s on %s: n %d (%d with %s = 1), %d rows dropped (incomplete)\n",
               a.model.c_str(), a.csv.c_str(), ev.n, ev.events, m.outcome.c_str(), ev.dropped);
  std::fprintf(stderr, "  AUC %.3f (95%% CI %.3f-%.3f, DeLong); Brier %.3f; calibration intercept %.3f, slope %.3f; "
                       "Hosmer-Lemeshow chi2 %.2f, df %d, p %.3g\n",
               auc.auc, auc.lower, auc.upper, ev.brier, cal.intercept, cal.slope, hl.chiSquare, hl.df, hl.p);
  if (ev.comparison) {
    const surv::AucComparison& c = *ev.comparison;
    j["comparison"] = {{"model", a.compare}, {"auc", c.second.auc}, {"ci95", {c.second.lower, c.second.upper}},
                       {"difference", c.difference}, {"se", c.se}, {"z", c.z}, {"p", c.p}, {"method", "DeLong, paired"}};
    std::fprintf(stderr, "  versus %s: AUC %.3f; difference %.3f, z %.2f, p %.3g (DeLong, paired)\n", a.compare.c_str(),
                 c.second.auc, c.difference, c.z, c.p);
  }
  writeText(j.dump(2) + "\n", a.json);  // ordered: the keys in the order written
}

}  // namespace

void addModelCommands(CLI::App& app) {
  auto* mo = app.add_subcommand("model", "Binary-outcome models (clinical + radiomics + deep features): fit, evaluate");
  mo->require_subcommand(1);
  auto fa = std::make_shared<ModelArgs>();
  auto* fit = mo->add_subcommand("fit", "Standardise, filter correlated columns, LASSO with cross-validated lambda, "
                                        "logistic regression; writes a model file");
  fit->add_option("--csv", fa->csv, "Cohort table (one row per patient)")->required();
  fit->add_option("--outcome", fa->outcome, "0/1 outcome column")->required();
  fit->add_option("--features", fa->features, "Candidate columns, comma-separated; '*' matches any text (rad_*,dl_*)")->required();
  fit->add_option("--forced", fa->forced, "Columns always kept (not filtered or penalised)");
  fit->add_option("--corr", fa->corr, "Correlation filter: drop a column with |r| above this with a stronger one")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  fit->add_option("--folds", fa->folds, "Cross-validation folds")->capture_default_str()->check(CLI::Range(3, 100));
  fit->add_option("--seed", fa->seed, "Seed of the fold assignment")->capture_default_str();
  fit->add_option("--fold-column", fa->foldColumn, "Folds 1..K from this column instead of seeded ones");
  fit->add_option("--rule", fa->rule, "lambda.1se or lambda.min")->check(CLI::IsMember({"1se", "min"}))->capture_default_str();
  fit->add_option("--out", fa->out, "Model file to write ('-' = stdout)")->required();
  fit->callback([fa] { runFit(*fa); });

  auto ea = std::make_shared<ModelArgs>();
  auto* ev = mo->add_subcommand("evaluate", "ROC AUC with DeLong CI, calibration, Hosmer-Lemeshow and decision curve of a "
                                            "model on a table (and DeLong's test against a second model)");
  ev->add_option("--model", ea->model, "Model file (hccws model fit)")->required();
  ev->add_option("--csv", ea->csv, "Table with the model's columns and the outcome")->required();
  ev->add_option("--compare", ea->compare, "A second model file to compare by DeLong's test");
  ev->add_option("--groups", ea->groups, "Hosmer-Lemeshow groups")->capture_default_str()->check(CLI::Range(3, 100));
  ev->add_option("--thresholds", ea->thresholds, "Decision-curve thresholds: FROM:TO:STEP or a list")->capture_default_str();
  ev->add_option("--json", ea->json, "Output JSON file ('-' = stdout, the default)");
  ev->callback([ea] { runEvaluate(*ea); });
}

}  // namespace hccws::cli::survival
