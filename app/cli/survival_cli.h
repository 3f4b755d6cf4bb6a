#pragma once
// Private helpers shared by the `hccws survival` subcommands (commands_survival.cpp: fit, km;
// commands_survival_eval.cpp: evaluate, predict). Reading the cohort CSV goes through
// hccws::surv::CsvTable / buildSurvData (nomogram/core, csv_table.h): complete cases over the columns used,
// with the dropped-row count reported in every JSON output under "missing".
#include <hccws/survival/csv_table.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hccws::cli::survival {

std::vector<std::string> splitList(const std::string& s);       // "a,b, c" -> {a, b, c}
std::vector<double> parseTimes(const std::string& s, const std::string& option);
nlohmann::json missingJson(const surv::SurvTable& t);
// Writes JSON to `path` ("-" = stdout), atomically for files.
void writeJson(const nlohmann::json& j, const std::string& path);
// Registration of evaluate and predict (commands_survival_eval.cpp).
void addEvaluateCommand(CLI::App& survival);
void addPredictCommand(CLI::App& survival);

}  // namespace hccws::cli::survival
