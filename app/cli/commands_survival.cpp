// `hccws survival fit|km|evaluate|predict`: JSON out, for scripts and for checking against R.
// Shared helpers (option checks, missing-value and ID reports, JSON output) and fit, km. See survival_cli.h
// for the failure contract and exit codes.
#include "cli/survival_cli.h"

#include <hccws/survival/concordance.h>
#include <hccws/survival/cox.h>
#include <hccws/survival/kaplan_meier.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/nomogram_model.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <functional>
#include <utility>

namespace hccws::cli::survival {

using nlohmann::json;

namespace {
std::string num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}
}  // namespace

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
  // Count first, so that a huge list is refused before it is parsed.
  const size_t points = s.empty() ? 0 : static_cast<size_t>(std::count(s.begin(), s.end(), ',')) + 1;
  if (points > static_cast<size_t>(kMaxTimes))
    throw CLI::ValidationError(option, std::to_string(points) + " time points; at most " +
                                           std::to_string(kMaxTimes) + " are allowed");
  std::vector<double> out;
  out.reserve(points);
  for (const auto& item : splitList(s)) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (end == item.c_str() || *end || !std::isfinite(v) || !(v > 0))
      throw CLI::ValidationError(option, "'" + item + "' is not a valid time: each must be a finite number > 0");
    out.push_back(v);
  }
  if (out.empty()) throw CLI::ValidationError(option, "give at least one time");
  return out;
}

void checkTimesWithin(const std::vector<double>& times, double limit, const std::string& option,
                      const std::string& what) {
  for (double t : times)
    if (t > limit)
      throw CLI::ValidationError(option, "time " + num(t) + " is past the data: the valid range is (0, " + num(limit) +
                                             "], " + what);
}

CLI::Validator openInterval(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& in) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(in.c_str(), &end);
        if (end == in.c_str() || *end || !(v > lo && v < hi))
          return "must be in the open interval (" + num(lo) + ", " + num(hi) + "), got '" + in + "'";
        return {};
      },
      "in (" + num(lo) + ", " + num(hi) + ")");
}

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(in.c_str(), &end);
        if (end == in.c_str() || *end || !std::isfinite(v) || !(v > 0))
          return "must be a finite number > 0, got '" + in + "'";
        return {};
      },
      "> 0");
}

CLI::Validator nonNegative() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(in.c_str(), &end);
        if (end == in.c_str() || *end || !std::isfinite(v) || v < 0) return "must be >= 0, got '" + in + "'";
        return {};
      },
      ">= 0");
}

json missingJson(const surv::SurvTable& t) {
  json per = json::object();
  for (const auto& [col, n] : t.missingPerColumn) per[col] = n;
  json why = json::array();
  for (const auto& d : t.dropped) why.push_back({{"reason", d.reason}, {"column", d.column}, {"rows", d.rows}});
  return {{"rule", "complete cases over the columns used"},
          {"rows_read", t.rowsRead},
          {"rows_used", t.data.n()},
          {"rows_dropped", t.rowsDropped},
          {"dropped_by_reason", why},
          {"reason_rule", "each dropped row counted once, under the first column it misses (time, event, "
                          "covariates, group/strata)"},
          {"per_column", per}};
}

void reportDropped(const surv::SurvTable& t, const std::string& csv, bool always) {
  if (t.rowsDropped == 0) {
    if (always)
      std::fprintf(stderr, "hccws: %s: 0 of %d rows dropped (every row complete in the columns used)\n", csv.c_str(),
                   t.rowsRead);
    return;
  }
  std::string why;
  for (const auto& d : t.dropped)
    why += (why.empty() ? "" : ", ") + std::to_string(d.rows) + " " + d.reason + " ('" + d.column + "')";
  std::fprintf(stderr, "hccws: %s: %d of %d rows dropped (complete-case rule): %s\n", csv.c_str(), t.rowsDropped,
               t.rowsRead, why.c_str());
}

surv::CsvTable readHeader(const std::string& csv) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) throw surv::SurvivalError(csv + ": cannot open the file");
  std::string text, line;
  // the header record: lines until the quotes balance (a quoted name may hold a line break)
  while (std::getline(in, line)) {
    text += line + "\n";
    if (std::count(text.begin(), text.end(), '"') % 2 == 0 && text.find_first_not_of(" \t\r\n\xEF\xBB\xBF") != std::string::npos)
      break;
  }
  return surv::CsvTable::parse(text, csv);
}

std::string idColumn(const surv::CsvTable& header, const std::string& option) {
  if (!option.empty()) {
    header.columnIndex(option);  // throws naming the columns
    return option;
  }
  for (const auto& h : header.header()) {
    std::string l = h;
    for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == "id") return h;
  }
  return {};
}

json checkIds(const surv::CsvTable& table, const surv::SurvTable& st, const std::string& column, bool fromOption) {
  const int c = table.columnIndex(column);
  // (hash, row) pairs sorted: 16 bytes per row, no per-ID allocation; equal hashes are confirmed on the text
  std::vector<std::pair<size_t, int>> keyed;
  keyed.reserve(st.sourceRows.size());
  int missing = 0;
  const std::hash<std::string> hasher;
  for (int r : st.sourceRows) {
    const std::string id = table.cell(r, c);
    if (surv::isMissingToken(id)) ++missing;
    else keyed.emplace_back(hasher(id), r);
  }
  std::sort(keyed.begin(), keyed.end());
  int dupIds = 0, dupRows = 0;
  json examples = json::array();
  for (size_t a = 0; a < keyed.size();) {
    size_t b = a + 1;
    while (b < keyed.size() && keyed[b].first == keyed[a].first) ++b;
    if (b - a > 1) {
      // one hash: group the rows by their exact text (a hash collision keeps distinct IDs apart)
      std::vector<std::pair<std::string, int>> texts;
      for (size_t k = a; k < b; ++k) texts.emplace_back(table.cell(keyed[k].second, c), keyed[k].second);
      std::sort(texts.begin(), texts.end());
      for (size_t u = 0; u < texts.size();) {
        size_t v = u + 1;
        while (v < texts.size() && texts[v].first == texts[u].first) ++v;
        if (v - u > 1) {
          ++dupIds;
          dupRows += static_cast<int>(v - u);
          if (examples.size() < 5) {
            std::vector<int> lines;
            for (size_t k = u; k < v; ++k) lines.push_back(texts[k].second + 2);
            examples.push_back({{"id", texts[u].first}, {"lines", lines}});
          }
        }
        u = v;
      }
    }
    a = b;
  }
  if (dupIds > 0) {
    const auto& first = examples.front();
    std::string where;
    for (int l : first["lines"]) where += (where.empty() ? "" : ", ") + std::to_string(l);
    std::fprintf(stderr,
                 "hccws: %s: %d duplicate ID(s) in column '%s' among the %d rows used (%d rows), e.g. '%s' on lines "
                 "%s: each row counts as a separate subject\n",
                 table.source().c_str(), dupIds, column.c_str(), st.data.n(), dupRows,
                 first["id"].get<std::string>().c_str(), where.c_str());
  }
  if (missing > 0)
    std::fprintf(stderr, "hccws: %s: %d of the rows used have no ID in column '%s'\n", table.source().c_str(), missing,
                 column.c_str());
  return {{"column", column}, {"source", fromOption ? "--id" : "automatic (a column named id)"},
          {"duplicate_ids", dupIds}, {"rows_with_duplicate_ids", dupRows}, {"rows_without_id", missing},
          {"examples", examples}};
}

void writeJson(const json& j, const std::string& path) { writeText(j.dump(2) + "\n", path); }

void writeText(const std::string& text, const std::string& path) {
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

// Reads the columns of `cols` (numeric) and the ID column (text) only, and builds the survival data.
struct Cohort {
  surv::CsvTable table;
  surv::SurvTable st;
  std::string idColumn;
};

Cohort readCohort(const std::string& csv, const surv::SurvColumns& cols, const std::string& idOption) {
  Cohort c;
  c.idColumn = idColumn(readHeader(csv), idOption);
  auto sel = surv::survSelection(cols);
  if (!c.idColumn.empty()) sel.text.push_back(c.idColumn);
  c.table = surv::CsvTable::readFile(csv, sel);
  c.st = surv::buildSurvData(c.table, cols);
  return c;
}

struct FitArgs {
  std::string csv, time, event, covariates, ties = "efron", strata, json = "-", modelOut, cohort, timeUnit = "months", id;
};

void runFit(const FitArgs& a) {
  const auto cov = splitList(a.covariates);
  if (cov.empty()) throw CLI::ValidationError("--covariates", "give at least one column");
  surv::CoxOptions opt;
  if (a.ties == "breslow") opt.ties = surv::Ties::Breslow;
  auto cohort = readCohort(a.csv, {a.time, a.event, cov, a.strata}, a.id);
  const auto& st = cohort.st;
  reportDropped(st, a.csv);
  json ids = cohort.idColumn.empty() ? json(nullptr) : checkIds(cohort.table, st, cohort.idColumn, !a.id.empty());
  cohort.table = surv::CsvTable();  // the table is no longer needed: free it before the fit
  surv::CoxFit fit;
  try {
    fit = surv::fitCox(st.data, opt);
  } catch (const surv::SurvivalError& e) {
    const std::string dropped = st.rowsDropped ? " (in the " + std::to_string(st.data.n()) + " complete rows; " +
                                                     std::to_string(st.rowsDropped) + " dropped for missing values)"
                                               : "";
    throw surv::SurvivalError(a.csv + ": " + e.what() + dropped);
  }
  if (!fit.possiblyInfinite.empty()) {
    std::string names;
    for (int j : fit.possiblyInfinite) names += (names.empty() ? "" : ", ") + fit.names[j];
    throw surv::SurvivalError(a.csv + ": coefficient of " + names +
                              " may be infinite (perfect separation / monotone likelihood: the covariate "
                              "predicts the events perfectly in some risk sets); remove or recode it");
  }
  json coefs = json::array();
  for (int j = 0; j < fit.p(); ++j)
    coefs.push_back({{"name", fit.names[j]}, {"beta", fit.beta(j)}, {"se", fit.se(j)}, {"hr", fit.hr(j)},
                     {"hr_lower", fit.hrLower(j)}, {"hr_upper", fit.hrUpper(j)}, {"z", fit.z(j)},
                     {"p", fit.pValue(j)}, {"mean", fit.means(j)}});
  // concordance of the fitted linear predictor (R's coxph: reverse = TRUE, pairs within strata only) and its
  // infinitesimal-jackknife standard error, with strata as R's concordancefit
  const Eigen::VectorXd lp = (st.data.x.rowwise() - fit.means.transpose()) * fit.beta;
  json modelOut = nullptr;
  if (!a.modelOut.empty()) {
    auto m = surv::modelFromCox(st.data, fit, a.cohort.empty() ? a.csv : a.cohort, a.timeUnit);
    surv::writeNomogramModel(m, a.modelOut);
    modelOut = a.modelOut;
  }
  cohort.st.data.x.resize(0, 0);  // not needed any more: the concordance below is the peak of a large fit
  const auto cc = surv::harrellCStratified(st.data.time, st.data.status, lp, st.data.strata, true);
  json out = {{"method", "coxph"}, {"ties", a.ties}, {"n", fit.n}, {"events", fit.events},
              {"coefficients", coefs}, {"loglik", {fit.loglikInit, fit.loglik}},
              {"lr_test", {{"chisq", fit.lrChisq()}, {"df", fit.p()}, {"p", fit.lrP()}}},
              {"score_test", fit.scoreTest}, {"wald_test", fit.waldChisq()},
              {"concordance", cc.index()},
              {"concordance_se", cc.stdErr()},  // null when undefined (JSON has no NaN)
              {"concordance_counts", {{"concordant", cc.concordant}, {"discordant", cc.discordant},
                                      {"tied_x", cc.tiedX}, {"tied_y", cc.tiedY}, {"tied_xy", cc.tiedXY}}},
              {"iterations", fit.iter}, {"converged", fit.converged}, {"missing", missingJson(st)},
              {"csv", a.csv}, {"time_column", a.time}, {"event_column", a.event}, {"ids", ids}};
  if (!a.strata.empty()) out["strata_column"] = a.strata;
  if (!a.modelOut.empty()) out["model_out"] = modelOut;
  writeJson(out, a.json);
}

struct KmArgs {
  std::string csv, time, event, group, json = "-", confType = "log", id;
  double conf = 0.95, tau = 0;
};

void runKm(const KmArgs& a) {
  surv::ConfType type = surv::ConfType::Log;
  if (a.confType == "log-log") type = surv::ConfType::LogLog;
  else if (a.confType == "plain") type = surv::ConfType::Plain;
  const auto cohort = readCohort(a.csv, {a.time, a.event, {}, a.group}, a.id);
  const auto& st = cohort.st;
  reportDropped(st, a.csv);
  json ids = cohort.idColumn.empty() ? json(nullptr) : checkIds(cohort.table, st, cohort.idColumn, !a.id.empty());
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
              {"csv", a.csv}, {"ids", ids}};
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

void addSurvivalCommands(CLI::App& app) {
  auto* sv = app.add_subcommand("survival", "Survival statistics and nomograms (JSON out; R-compatible)");
  sv->require_subcommand(1);

  auto fa = std::make_shared<FitArgs>();
  auto* fit = sv->add_subcommand("fit", "Cox proportional hazards fit (as R's coxph)");
  fit->add_option("--csv", fa->csv, "Cohort table (CSV with header)")->required();
  fit->add_option("--time", fa->time, "Time column (any unit; results use the same unit)")->required();
  fit->add_option("--event", fa->event, "Event column (1 = event, 0 = censored)")->required();
  fit->add_option("--covariates", fa->covariates, "Comma-separated numeric covariate columns")->required();
  fit->add_option("--ties", fa->ties, "efron (default) or breslow")->check(CLI::IsMember({"efron", "breslow"}));
  fit->add_option("--strata", fa->strata, "Integer-coded stratum column");
  fit->add_option("--id", fa->id, "Subject ID column: duplicates are reported (default: a column named id, if any)");
  fit->add_option("--json", fa->json, "Output JSON file ('-' = stdout, the default)");
  fit->add_option("--model-out", fa->modelOut, "Also write a nomogram model file (refit model)");
  fit->add_option("--cohort-name", fa->cohort, "Cohort name written into the model's provenance");
  fit->add_option("--time-unit", fa->timeUnit, "Time unit written into the model (default months)");
  fit->callback([fa] { runFit(*fa); });

  auto ka = std::make_shared<KmArgs>();
  auto* km = sv->add_subcommand("km", "Kaplan-Meier curves, medians, RMST and the log-rank test");
  km->add_option("--csv", ka->csv, "Cohort table (CSV with header)")->required();
  km->add_option("--time", ka->time, "Time column")->required();
  km->add_option("--event", ka->event, "Event column (1 = event, 0 = censored)")->required();
  km->add_option("--group", ka->group, "Integer-coded group column (log-rank test across groups)");
  km->add_option("--conf-type", ka->confType, "log (default, as R), log-log or plain")
      ->check(CLI::IsMember({"log", "log-log", "plain"}));
  km->add_option("--conf", ka->conf, "Confidence level, in (0, 1) (default 0.95)")->check(openInterval(0, 1));
  km->add_option("--rmst-tau", ka->tau, "Horizon of the restricted mean, > 0 (default: largest time)")
      ->check(positive());
  km->add_option("--id", ka->id, "Subject ID column: duplicates are reported (default: a column named id, if any)");
  km->add_option("--json", ka->json, "Output JSON file ('-' = stdout, the default)");
  km->callback([ka] { runKm(*ka); });

  addEvaluateCommand(*sv);
  addPredictCommand(*sv);
}

}  // namespace hccws::cli::survival
