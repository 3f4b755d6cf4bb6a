// `hccws survival fit|km|evaluate|predict`: JSON out, for scripts and for checking against R.
// Expected failures throw std::runtime_error (hccws::surv::SurvivalError) naming the file, column and
// problem; main() prints them and exits non-zero.
#include "cli/commands.h"
#include "cli/survival_cli.h"

#include <hccws/survival/concordance.h>
#include <hccws/survival/cox.h>
#include <hccws/survival/kaplan_meier.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/nomogram_model.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace hccws::cli {

namespace survival {

using nlohmann::json;

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
    if (a != std::string::npos) out.push_back(item.substr(a, b - a + 1));
  }
  return out;
}

std::vector<double> parseTimes(const std::string& s, const std::string& option) {
  std::vector<double> out;
  for (const auto& item : splitList(s)) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (end == item.c_str() || *end || !(v > 0))
      throw std::runtime_error(option + ": '" + item + "' is not a positive time");
    out.push_back(v);
  }
  return out;
}

json missingJson(const surv::SurvTable& t) {
  json per = json::object();
  for (const auto& [col, n] : t.missingPerColumn) per[col] = n;
  return {{"rule", "complete cases over the columns used"}, {"rows_read", t.rowsRead},
          {"rows_dropped", t.rowsDropped}, {"per_column", per}};
}

void writeJson(const json& j, const std::string& path) {
  const std::string text = j.dump(2) + "\n";
  if (path == "-") {
    std::cout << text;
    return;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path + ": cannot write");
    out << text;
    if (!out.flush()) throw std::runtime_error(path + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error(path + ": cannot replace the file");
}

namespace {

void reportDropped(const surv::SurvTable& t, const std::string& csv) {
  if (t.rowsDropped > 0)
    std::fprintf(stderr, "hccws: %s: %d of %d rows dropped (missing values; complete-case rule)\n", csv.c_str(),
                 t.rowsDropped, t.rowsRead);
}

struct FitArgs {
  std::string csv, time, event, covariates, ties = "efron", strata, json = "-", modelOut, cohort, timeUnit = "months";
};

void runFit(const FitArgs& a) {
  const auto table = surv::CsvTable::readFile(a.csv);
  const auto cov = splitList(a.covariates);
  if (cov.empty()) throw std::runtime_error("--covariates: give at least one column");
  const auto st = surv::buildSurvData(table, {a.time, a.event, cov, a.strata});
  reportDropped(st, a.csv);
  surv::CoxOptions opt;
  if (a.ties == "breslow") opt.ties = surv::Ties::Breslow;
  else if (a.ties != "efron") throw std::runtime_error("--ties must be efron or breslow, got '" + a.ties + "'");
  surv::CoxFit fit;
  try {
    fit = surv::fitCox(st.data, opt);
  } catch (const surv::SurvivalError& e) {
    const std::string dropped = st.rowsDropped ? " (in the " + std::to_string(st.data.n()) + " complete rows; " +
                                                     std::to_string(st.rowsDropped) + " dropped for missing values)"
                                               : "";
    throw std::runtime_error(a.csv + ": " + e.what() + dropped);
  }
  if (!fit.possiblyInfinite.empty()) {
    std::string names;
    for (int j : fit.possiblyInfinite) names += (names.empty() ? "" : ", ") + fit.names[j];
    throw std::runtime_error(a.csv + ": coefficient of " + names +
                             " may be infinite (perfect separation / monotone likelihood: the covariate "
                             "predicts the events perfectly in some risk sets); remove or recode it");
  }
  json coefs = json::array();
  for (int j = 0; j < fit.p(); ++j)
    coefs.push_back({{"name", fit.names[j]}, {"beta", fit.beta(j)}, {"se", fit.se(j)}, {"hr", fit.hr(j)},
                     {"hr_lower", fit.hrLower(j)}, {"hr_upper", fit.hrUpper(j)}, {"z", fit.z(j)},
                     {"p", fit.pValue(j)}, {"mean", fit.means(j)}});
  // concordance of the fitted linear predictor (R's coxph: reverse = TRUE, pairs within strata only)
  const Eigen::VectorXd lp = (st.data.x.rowwise() - fit.means.transpose()) * fit.beta;
  surv::ConcordanceCounts cc;
  if (st.data.strata.size() == 0) {
    cc = surv::harrellC(st.data.time, st.data.status, lp, true);
  } else {
    std::map<int, std::vector<int>> rows;
    for (int i = 0; i < st.data.n(); ++i) rows[st.data.strata(i)].push_back(i);
    for (const auto& [code, r] : rows) {
      Eigen::VectorXd t(r.size()), m(r.size());
      Eigen::VectorXi e(r.size());
      for (size_t k = 0; k < r.size(); ++k) {
        t(k) = st.data.time(r[k]);
        e(k) = st.data.status(r[k]);
        m(k) = lp(r[k]);
      }
      const auto c = surv::harrellC(t, e, m, true);
      cc.concordant += c.concordant;
      cc.discordant += c.discordant;
      cc.tiedX += c.tiedX;
      cc.tiedY += c.tiedY;
      cc.tiedXY += c.tiedXY;
    }
  }
  json out = {{"method", "coxph"}, {"ties", a.ties}, {"n", fit.n}, {"events", fit.events},
              {"coefficients", coefs}, {"loglik", {fit.loglikInit, fit.loglik}},
              {"lr_test", {{"chisq", fit.lrChisq()}, {"df", fit.p()}, {"p", fit.lrP()}}},
              {"score_test", fit.scoreTest}, {"wald_test", fit.waldChisq()},
              {"concordance", cc.index()},
              {"concordance_se", cc.stdErr()},  // null when undefined (JSON has no NaN)
              {"concordance_counts", {{"concordant", cc.concordant}, {"discordant", cc.discordant},
                                      {"tied_x", cc.tiedX}, {"tied_y", cc.tiedY}, {"tied_xy", cc.tiedXY}}},
              {"iterations", fit.iter}, {"converged", fit.converged}, {"missing", missingJson(st)},
              {"csv", a.csv}, {"time_column", a.time}, {"event_column", a.event}};
  if (!a.strata.empty()) out["strata_column"] = a.strata;
  if (!a.modelOut.empty()) {
    auto m = surv::modelFromCox(st.data, fit, a.cohort.empty() ? a.csv : a.cohort, a.timeUnit);
    surv::writeNomogramModel(m, a.modelOut);
    out["model_out"] = a.modelOut;
  }
  writeJson(out, a.json);
}

struct KmArgs {
  std::string csv, time, event, group, json = "-", confType = "log";
  double conf = 0.95, tau = 0;
};

void runKm(const KmArgs& a) {
  const auto table = surv::CsvTable::readFile(a.csv);
  const auto st = surv::buildSurvData(table, {a.time, a.event, {}, a.group});
  reportDropped(st, a.csv);
  surv::ConfType type = surv::ConfType::Log;
  if (a.confType == "log-log") type = surv::ConfType::LogLog;
  else if (a.confType == "plain") type = surv::ConfType::Plain;
  else if (a.confType != "log") throw std::runtime_error("--conf-type must be log, log-log or plain");
  std::vector<surv::KmCurve> curves;
  if (a.group.empty())
    curves.push_back(surv::kaplanMeier(st.data.time, st.data.status, a.conf, type));
  else
    curves = surv::kaplanMeierByGroup(st.data.time, st.data.status, st.data.strata, a.conf, type);
  const double tau = a.tau > 0 ? a.tau : st.data.time.maxCoeff();
  json groups = json::array();
  for (const auto& c : curves) {
    const auto r = surv::restrictedMean(c, tau);
    double n = c.nRisk.empty() ? 0 : c.nRisk.front(), ev = 0;
    for (double e : c.nEvent) ev += e;
    json g = {{"n", n}, {"events", ev}, {"time", c.time}, {"n_risk", c.nRisk}, {"n_event", c.nEvent},
              {"n_censor", c.nCensor}, {"surv", c.surv}, {"std_err", c.stdErr}, {"lower", c.lower},
              {"upper", c.upper}, {"median", c.median}, {"median_lower", c.medianLower},
              {"median_upper", c.medianUpper}, {"rmst", {{"tau", r.tau}, {"mean", r.mean}, {"se", r.se}}}};
    if (!a.group.empty()) g["group"] = c.group;
    groups.push_back(g);
  }
  json out = {{"conf_type", a.confType}, {"conf", a.conf}, {"groups", groups}, {"missing", missingJson(st)},
              {"csv", a.csv}};
  if (!a.group.empty()) {
    out["group_column"] = a.group;
    if (curves.size() >= 2) {
      const auto lr = surv::logRank(st.data.time, st.data.status, st.data.strata);
      out["logrank"] = {{"chisq", lr.chisq}, {"df", lr.df}, {"p", lr.p},
                        {"observed", std::vector<double>(lr.observed.data(), lr.observed.data() + lr.observed.size())},
                        {"expected", std::vector<double>(lr.expected.data(), lr.expected.data() + lr.expected.size())}};
    } else {
      out["logrank"] = nullptr;
    }
  }
  writeJson(out, a.json);
}

}  // namespace
}  // namespace survival

void addSurvivalCommands(CLI::App& app, CommandContext&) {
  auto* sv = app.add_subcommand("survival", "Survival statistics and nomograms (JSON out; R-compatible)");
  sv->require_subcommand(1);

  auto fa = std::make_shared<survival::FitArgs>();
  auto* fit = sv->add_subcommand("fit", "Cox proportional hazards fit (as R's coxph)");
  fit->add_option("--csv", fa->csv, "Cohort table (CSV with header)")->required();
  fit->add_option("--time", fa->time, "Time column (any unit; results use the same unit)")->required();
  fit->add_option("--event", fa->event, "Event column (1 = event, 0 = censored)")->required();
  fit->add_option("--covariates", fa->covariates, "Comma-separated numeric covariate columns")->required();
  fit->add_option("--ties", fa->ties, "efron (default) or breslow");
  fit->add_option("--strata", fa->strata, "Integer-coded stratum column");
  fit->add_option("--json", fa->json, "Output JSON file ('-' = stdout, the default)");
  fit->add_option("--model-out", fa->modelOut, "Also write a nomogram model file (refit model)");
  fit->add_option("--cohort-name", fa->cohort, "Cohort name written into the model's provenance");
  fit->add_option("--time-unit", fa->timeUnit, "Time unit written into the model (default months)");
  fit->callback([fa] { survival::runFit(*fa); });

  auto ka = std::make_shared<survival::KmArgs>();
  auto* km = sv->add_subcommand("km", "Kaplan-Meier curves, medians, RMST and the log-rank test");
  km->add_option("--csv", ka->csv, "Cohort table (CSV with header)")->required();
  km->add_option("--time", ka->time, "Time column")->required();
  km->add_option("--event", ka->event, "Event column (1 = event, 0 = censored)")->required();
  km->add_option("--group", ka->group, "Integer-coded group column (log-rank test across groups)");
  km->add_option("--conf-type", ka->confType, "log (default, as R), log-log or plain");
  km->add_option("--conf", ka->conf, "Confidence level (default 0.95)");
  km->add_option("--rmst-tau", ka->tau, "Horizon of the restricted mean (default: largest time)");
  km->add_option("--json", ka->json, "Output JSON file ('-' = stdout, the default)");
  km->callback([ka] { survival::runKm(*ka); });

  survival::addEvaluateCommand(*sv);
  survival::addPredictCommand(*sv);
}

}  // namespace hccws::cli
