// `hccws batch run|merge`: the pipeline over a cohort manifest (docs/batch.md). Each case is analysed into
// OUT/cases/<id> (analyze_case.h: segment, measure, PMN, case folder) and reported into OUT/reports/<id>.pdf
// (the sibling `hccws report`, a child process). Resumable: a case whose folder is complete is not redone, a
// case killed mid-way is redone from its last complete step (the case, then the report); a failing case is
// logged (OUT/cases/<id>.error) and skipped, never stopping the rest. Sharding: --shard i/n, or Slurm's
// SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT: shard i takes the manifest's cases k with k % n == i.
// `merge` writes OUT/cohort.csv from the case folders, one row per manifest case in manifest order (status done,
// failed with the error, or not run) - the same file whatever the sharding.
#include "cli/analyze_case.h"
#include "cli/commands.h"

#include "cli/resource_paths.h"

#include <hccws/case/case_folder.h>
#include <hccws/case/nomogram_measures.h>
#include <hccws/core/measurements.h>
#include <hccws/survival/csv_table.h>
#include <hccws/survival/model_json.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace hccws::cli {

namespace {

namespace fs = std::filesystem;

struct BatchArgs {
  std::string manifest, out, shard, model, pmnModel, device = "auto";
  bool noPmn = false, noReport = false;
};

struct BatchCase {
  std::string id;
  std::vector<std::string> phases;  // NAME=PATH (paths resolved against the manifest's folder)
  std::map<std::string, double> clinical;  // columns named as a nomogram variable: the patient's recorded values
  int line = 0;
  std::string manifest;
};

// The shipped nomogram models (resources/models/nomogram_*.json).
std::vector<surv::NomogramModel> shippedModels() {
  std::vector<surv::NomogramModel> out;
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(resourcePath("models"), ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("nomogram_", 0) == 0 && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) out.push_back(surv::readNomogramModel(f));
  return out;
}

// The manifest: a CSV with a column `id` and one column per phase (arterial, portal_venous, ...): the phase's
// image file or DICOM folder, relative to the manifest's folder or absolute.
std::vector<BatchCase> readManifest(const std::string& path, const std::vector<surv::NomogramModel>& models) {
  std::set<std::string> variables;  // a column named as a nomogram variable is a clinical value, not a phase
  for (const auto& m : models)
    for (const auto& v : m.variables) variables.insert(v.name);
  const auto table = surv::CsvTable::readFile(path);
  const int idCol = table.columnIndex("id");
  std::vector<BatchCase> cases;
  std::set<std::string> seen;
  const fs::path base = fs::path(path).parent_path();
  for (int r = 0; r < table.rows(); ++r) {
    BatchCase c;
    c.line = r + 2;
    c.id = table.cell(r, idCol);
    const std::string where = path + ": line " + std::to_string(c.line);
    if (c.id.empty() || c.id.find_first_of("/\\\\") != std::string::npos || c.id == "." || c.id == "..")
      throw CLI::ValidationError("--manifest", where + ": the id '" + c.id + "' cannot name a case folder");
    if (!seen.insert(c.id).second) throw CLI::ValidationError("--manifest", where + ": case '" + c.id + "' is listed twice");
    c.manifest = path;
    for (std::size_t k = 0; k < table.header().size(); ++k) {
      const std::string& name = table.header()[k];
      if (static_cast<int>(k) == idCol) continue;
      const std::string v = table.cell(r, static_cast<int>(k));
      if (v.empty() || surv::isMissingToken(v)) continue;
      if (variables.count(name)) {
        char* end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (end != v.c_str() + v.size() || !std::isfinite(x))
          throw CLI::ValidationError("--manifest", where + ": column '" + name + "': '" + v + "' is not a number");
        c.clinical[name] = x;
        continue;
      }
      const fs::path p = fs::path(v).is_absolute() ? fs::path(v) : base / v;
      c.phases.push_back(name + "=" + p.lexically_normal().string());
    }
    if (c.phases.empty()) throw CLI::ValidationError("--manifest", where + ": case '" + c.id + "' names no phase");
    cases.push_back(c);
  }
  if (cases.empty()) throw CLI::ValidationError("--manifest", path + ": no case");
  return cases;
}

std::pair<int, int> shardOf(const std::string& option) {
  std::string s = option;
  if (s.empty()) {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !count) return {0, 1};
    s = std::string(id) + "/" + count;
  }
  int i = -1, n = 0;
  char slash = 0;
  std::istringstream in(s);
  if (!(in >> i >> slash >> n) || slash != '/' || n < 1 || i < 0 || i >= n || in.peek() != EOF)
    throw CLI::ValidationError("--shard", "'" + s + "' is not i/n with 0 <= i < n");
  return {i, n};
}

std::string selfDir() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).parent_path().string();
}

// `hccws report --case DIR --out PDF` as a child process (the report needs Qt: the GUI sibling makes it).
int runReport(const std::string& caseDir, const std::string& pdf) {
  const std::string exe = selfDir() + "/hccws";
  std::vector<std::string> args{exe, "-q", "report", "--case", caseDir, "--out", pdf};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The nomogram step: the case's inputs - measured on its segmentation, computed by the PMN, and the manifest's
// clinical values ("from the clinical table") - and per shipped model either the prediction or what is missing.
void nomogramStep(const fs::path& dir, const BatchCase& c, const std::vector<surv::NomogramModel>& models) {
  cases::CaseFolder f = cases::CaseFolder::open(dir.string());
  auto& m = f.manifest();
  struct In {
    double value;
    std::string state, source;
  };
  std::map<std::string, In> inputs;
  if (const auto labels = f.readSavedSegmentation())
    for (const auto& [name, v] : cases::nomogramMeasures(core::measure(*labels)))
      if (v) inputs[name] = {*v, "measured", "measured on the case's segmentation"};
  for (const auto& in : m.nomogramInputs)
    if (in.state == "computed") inputs[in.name] = {in.value, "computed", in.source};
  for (const auto& [name, v] : c.clinical)
    inputs[name] = {v, "clinical", c.manifest + " line " + std::to_string(c.line)};
  nlohmann::json arms = nlohmann::json::array();
  for (const auto& model : models) {
    std::vector<double> values;
    std::vector<std::string> missing;
    for (const auto& v : model.variables) {
      const auto it = inputs.find(v.name);
      if (it == inputs.end()) missing.push_back(v.name);
      else values.push_back(it->second.value);
    }
    nlohmann::json a = {{"arm", model.arm}, {"model", model.id}, {"provenance", model.provenance.kind}};
    if (!missing.empty()) {
      a["missing"] = missing;  // never invented: no prediction without every input
    } else {
      const double lp = model.linearPredictor(values);
      a["linear_predictor"] = lp;
      a["risk_group"] = model.riskGroup(lp) == surv::RiskGroup::High ? "high" : "low";
      for (const double t : {12.0, 24.0, 36.0}) a["os_" + std::to_string(static_cast<int>(t))] = model.survival(t, lp);
      const double med = model.medianSurvival(lp);
      a["median_os"] = std::isfinite(med) ? nlohmann::json(med) : nlohmann::json(nullptr);
    }
    arms.push_back(a);
  }
  m.nomogramInputs.clear();
  for (const auto& [name, in] : inputs) m.nomogramInputs.push_back({name, in.state, in.value, in.source, false});
  cases::recordResult(m, "nomogram", {{"arms", arms}}, {"segmentation"}, "hccws 0.1.0 batch");
  f.journalManifest();
  f.save(nullptr, "hccws 0.1.0 batch");
}

void writeText(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
  }
  fs::rename(tmp, path);
}

void runBatch(const BatchArgs& a, CommandContext& ctx) {
  const auto models = shippedModels();  // read once: the manifest's clinical columns and every case's nomogram step
  const auto cases = readManifest(a.manifest, models);
  const auto [shard, shards] = shardOf(a.shard);
  std::vector<BatchCase> mine;
  for (std::size_t k = 0; k < cases.size(); ++k)
    if (static_cast<int>(k % static_cast<std::size_t>(shards)) == shard) mine.push_back(cases[k]);
  fs::create_directories(fs::path(a.out) / "cases");
  if (!a.noReport) fs::create_directories(fs::path(a.out) / "reports");
  std::fprintf(stderr, "hccws batch: shard %d/%d: %zu of %zu case(s)\n", shard, shards, mine.size(), cases.size());
  const auto t0 = std::chrono::steady_clock::now();
  int done = 0, failed = 0, skipped = 0, worked = 0;
  for (std::size_t k = 0; k < mine.size(); ++k) {
    const auto& c = mine[k];
    const fs::path dir = fs::path(a.out) / "cases" / c.id, partial = fs::path(a.out) / "cases" / (c.id + ".partial");
    const fs::path error = fs::path(a.out) / "cases" / (c.id + ".error");
    const fs::path pdf = fs::path(a.out) / "reports" / (c.id + ".pdf");
    const bool caseDone = fs::exists(dir / cases::CaseFolder::kManifest);
    const bool nomogramDone = caseDone && cases::CaseFolder::open(dir.string(), true).manifest().results.count("nomogram") > 0;
    const bool reportDone = a.noReport || fs::exists(pdf);
    if (caseDone && nomogramDone && reportDone) {
      ++skipped;
      continue;
    }
    const auto c0 = std::chrono::steady_clock::now();
    std::error_code ec;
    fs::remove(error, ec);
    try {
      if (!caseDone) {
        // into <id>.partial, renamed when the case is complete: a kill leaves no half case under <id>
        fs::remove_all(partial, ec);
        AnalyzeRequest r;
        r.phases = c.phases;
        r.model = a.model;
        r.pmnModel = a.pmnModel;
        r.noPmn = a.noPmn;
        r.device = a.device;
        r.out = partial.string();
        CommandContext quiet = ctx;
        quiet.quiet = true;
        analyzeIntoCase(r, quiet);
        fs::rename(partial, dir);
      }
      if (!nomogramDone) nomogramStep(dir, c, models);
      if (!reportDone) {
        const int code = runReport(dir.string(), pdf.string());
        if (code != 0) throw std::runtime_error("hccws report exited with " + std::to_string(code));
      }
      ++done;
    } catch (const std::exception& e) {
      ++failed;
      writeText(error.string(), std::string(e.what()) + "\n");
      std::fprintf(stderr, "hccws batch: %s (manifest line %d) FAILED: %s\n", c.id.c_str(), c.line, e.what());
    }
    ++worked;
    const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double per = spent / worked;
    std::fprintf(stderr, "hccws batch: [%zu/%zu] %s %.1f s; about %.0f s left\n", k + 1, mine.size(), c.id.c_str(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count(),
                 per * static_cast<double>(mine.size() - k - 1));
  }
  std::printf("shard %d/%d: %d done, %d already done, %d failed (OUT/cases/<id>.error)\n", shard, shards, done, skipped, failed);
  if (failed) ctx.exitCode = static_cast<int>(ExitCode::DataWarnings);
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string number(const nlohmann::json& v, const char* key) {
  if (!v.is_object() || !v.contains(key) || !v[key].is_number()) return "";
  std::ostringstream s;
  s.precision(10);
  s << v[key].get<double>();
  return s.str();
}

void runMerge(const BatchArgs& a) {
  const auto models = shippedModels();
  const auto cases = readManifest(a.manifest, models);
  std::ostringstream out;
  out << "id,status,liver_ml,tumour_ml,lesions,largest_diameter_mm,p_proliferative,class,dl_risk_score_tace,"
         "dl_risk_score_haic,pmn_model,segmentation_by,report,error";
  for (const auto& model : models) {
    std::string arm = model.arm;
    for (auto& ch : arm) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out << "," << arm << "_lp," << arm << "_risk_group," << arm << "_os_12," << arm << "_os_24," << arm << "_os_36," << arm
        << "_median_os," << arm << "_missing";
  }
  out << "\n";
  int done = 0, failed = 0, missing = 0;
  for (const auto& c : cases) {
    const fs::path dir = fs::path(a.out) / "cases" / c.id;
    const fs::path error = fs::path(a.out) / "cases" / (c.id + ".error");
    const fs::path pdf = fs::path(a.out) / "reports" / (c.id + ".pdf");
    std::vector<std::string> row(14 + 7 * models.size());
    row[0] = c.id;
    if (fs::exists(dir / cases::CaseFolder::kManifest)) {
      const cases::CaseFolder f = cases::CaseFolder::open(dir.string(), true);
      const auto& m = f.manifest();
      row[1] = fs::exists(error) ? "failed" : "done";
      if (const auto it = m.results.find("measurements"); it != m.results.end()) {
        const auto& v = it->second.value;
        row[2] = number(v, "liver_volume_ml");
        row[3] = number(v, "tumour_volume_ml");
        row[4] = number(v, "tumour_count");
        row[5] = number(v, "largest_diameter_3d_mm");
      }
      if (const auto it = m.results.find("pmn"); it != m.results.end()) {
        const auto& v = it->second.value;
        row[6] = number(v, "p_proliferative");
        row[7] = v.value("class", std::string());
        if (v.contains("risk_scores"))
          for (const auto& s : v["risk_scores"]) (s.value("arm", std::string()) == "TACE" ? row[8] : row[9]) = number(s, "risk_score");
        row[10] = it->second.madeBy;
      }
      if (m.segmentation) row[11] = m.segmentation->madeBy;
      row[12] = fs::exists(pdf) ? "reports/" + c.id + ".pdf" : "";
      if (const auto it = m.results.find("nomogram"); it != m.results.end() && it->second.value.contains("arms"))
        for (std::size_t k = 0; k < models.size(); ++k)
          for (const auto& a : it->second.value["arms"]) {
            if (a.value("model", std::string()) != models[k].id) continue;
            const std::size_t b = 14 + 7 * k;
            row[b] = number(a, "linear_predictor");
            row[b + 1] = a.value("risk_group", std::string());
            row[b + 2] = number(a, "os_12");
            row[b + 3] = number(a, "os_24");
            row[b + 4] = number(a, "os_36");
            row[b + 5] = number(a, "median_os");
            if (a.contains("missing"))
              for (const auto& name : a["missing"]) row[b + 6] += (row[b + 6].empty() ? "" : " ") + name.get<std::string>();
          }
    } else {
      row[1] = fs::exists(error) ? "failed" : "not run";
    }
    if (fs::exists(error)) {
      std::ifstream e(error);
      std::getline(e, row[13]);
    }
    (row[1] == "done" ? done : row[1] == "failed" ? failed : missing)++;
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << csvField(row[k]);
    out << "\n";
  }
  writeText((fs::path(a.out) / "cohort.csv").string(), out.str());
  std::printf("%s: %zu case(s): %d done, %d failed, %d not run\n", (fs::path(a.out) / "cohort.csv").string().c_str(), cases.size(), done,
              failed, missing);
}

}  // namespace

void addBatchCommand(CLI::App& app, CommandContext& ctx) {
  auto* b = app.add_subcommand("batch", "The pipeline over a cohort manifest, resumable and shardable (Slurm arrays): run, merge");
  b->require_subcommand(1);
  auto ra = std::make_shared<BatchArgs>();
  auto* run = b->add_subcommand("run", "Analyse (and report) every case of this shard that is not done yet");
  run->add_option("--manifest", ra->manifest, "CSV: id and one column per phase (file or DICOM folder)")->required();
  run->add_option("--out", ra->out, "The batch folder (cases/, reports/, cohort.csv)")->required();
  run->add_option("--shard", ra->shard, "i/n: this process takes cases k with k % n == i (default: Slurm's array task, else 0/1)");
  run->add_option("--model", ra->model, "Segmentation model bundle (default: the shipped demo, synthetic)");
  run->add_option("--pmn-model", ra->pmnModel, "PMN bundle (default: the shipped demo, synthetic)");
  run->add_flag("--no-pmn", ra->noPmn, "Do not run the PMN");
  run->add_flag("--no-report", ra->noReport, "Do not write the PDF reports");
  run->add_option("--device", ra->device, "auto, cpu or cuda[:N]");
  run->callback([ra, &ctx] { runBatch(*ra, ctx); });
  auto ma = std::make_shared<BatchArgs>();
  auto* merge = b->add_subcommand("merge", "Write OUT/cohort.csv: one row per manifest case, in manifest order");
  merge->add_option("--manifest", ma->manifest, "The batch's manifest")->required();
  merge->add_option("--out", ma->out, "The batch folder")->required();
  merge->callback([ma] { runMerge(*ma); });
}

}  // namespace hccws::cli
