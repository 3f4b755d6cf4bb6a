#pragma once
// The `hccws survival` subcommands (fit, km: commands_survival.cpp; evaluate, predict:
// commands_survival_eval.cpp). They link nomogram/core, CLI11 and nlohmann-json only (no Qt, VTK, ITK or
// Torch), so the small `hccws` dispatcher runs them itself (app/main.cpp).
//
// Failures and exit codes (cli/command_context.h ExitCode):
// - an option value out of range or options that do not go together: CLI::ValidationError naming the option
//   and the valid range -> ExitCode::Usage (64), as CLI11's own parse errors;
// - a bad table or model (missing column, non-numeric cell, no events, perfect separation ...):
//   surv::SurvivalError naming the file, column, line and problem -> ExitCode::BadInput (2).
//
// Reading the cohort CSV goes through hccws::surv::CsvTable (selective: only the columns a command uses,
// parsed to doubles while reading) and buildSurvData (complete cases over the columns used; the rows dropped
// and why are printed on stderr and written under "missing" in every JSON output).
#include <hccws/survival/csv_table.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hccws::cli::survival {

inline constexpr int kMaxTimes = 1000000;  // --times: at most this many points

std::vector<std::string> splitList(const std::string& s);  // "a,b, c" -> {a, b, c}
// Comma-separated times: each a finite number > 0, at most kMaxTimes of them; otherwise CLI::ValidationError
// naming `option`.
std::vector<double> parseTimes(const std::string& s, const std::string& option);
// Refuses (CLI::ValidationError) times beyond `limit`, saying what the limit is (`what`).
void checkTimesWithin(const std::vector<double>& times, double limit, const std::string& option,
                      const std::string& what);
// Validators for CLI11 options: value in the open interval (lo, hi); value > 0; value >= 0.
CLI::Validator openInterval(double lo, double hi);
CLI::Validator positive();
CLI::Validator nonNegative();

nlohmann::json missingJson(const surv::SurvTable& t);
// "hccws: F: 3 of 100 rows dropped (complete-case rule): 2 missing time ('t'), 1 missing covariate ('age')".
// Printed when rows were dropped, or always with `always`.
void reportDropped(const surv::SurvTable& t, const std::string& csv, bool always = false);

// Subject IDs: the column given by --id, else a column named "id" (any case) when the table has one.
// Returns the column name, or "" when there is none.
std::string idColumn(const surv::CsvTable& header, const std::string& option);
// Duplicate IDs among the rows used (st.sourceRows); warns on stderr and returns the JSON summary.
nlohmann::json checkIds(const surv::CsvTable& table, const surv::SurvTable& st, const std::string& column,
                        bool fromOption);
// Reads the header only (to resolve an automatic id column before the selective read).
surv::CsvTable readHeader(const std::string& csv);

// Writes JSON to `path` ("-" = stdout), atomically for files.
void writeJson(const nlohmann::json& j, const std::string& path);
// The same for a text already made (e.g. a model file): stdout for "-", else written atomically.
void writeText(const std::string& text, const std::string& path);

// Registration: the `survival` command family on `app` (fit, km, evaluate, predict).
void addSurvivalCommands(CLI::App& app);
void addEvaluateCommand(CLI::App& survival);
void addPredictCommand(CLI::App& survival);
// `hccws cohort import|validate|refit` (commands_cohort.cpp).
void addCohortCommands(CLI::App& app);
// model fit|evaluate (commands_model.cpp): binary-outcome models of cohort tables.
void addModelCommands(CLI::App& app);

}  // namespace hccws::cli::survival
