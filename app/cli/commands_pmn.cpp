// `hccws pmn`: the Prototype Mamba Net on one lesion of a case (docs/pmn.md): p(proliferative), the class, the
// DL risk score per arm, the ROI box in world coordinates and the model's provenance as JSON, and the
// heatmaps as NIfTI on the ROI grid (they open aligned with the CT in 3D Slicer and ITK-SNAP).
#include "cli/commands.h"
#include "cli/text_file.h"
#include "cli/inference_cli_errors.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>
#include <hccws/pipeline/pmn.h>
#include <hccws/pipeline/pmn_cohort.h>
#include <hccws/survival/binary_metrics.h>

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace hccws::cli {

namespace {

struct PmnArgs {
  std::string model, labels, out, device = "auto", cohort, split;
  std::vector<std::string> phases;
  int lesion = 1, threads = 0;
  bool noMaps = false, noVerify = false, registerPhases = false;
};

// --cohort: the model on every labelled row (or the rows of one split): AUC with DeLong's 95% CI, Brier,
// calibration intercept/slope and deciles, the confusion table at the model's threshold; evaluation.json.
void evaluate(const PmnArgs& a, const CommandContext& ctx) {
  const infer::PmnBundle bundle = [&] {
    try {
      return infer::loadPmnBundle(a.model, !a.noVerify);
    } catch (const infer::InferenceError& e) {
      throw core::ImagingError(e.file(), e.problem(), e.detail());
    }
  }();
  const pipeline::PmnCohort cohort = pipeline::readPmnCohort(a.cohort);
  infer::DeviceRequest dr = infer::parseDeviceRequest(a.device);
  dr.cpuThreads = a.threads;
  const infer::DeviceChoice device = infer::selectDevice(dr);
  const infer::PmnNetwork net(bundle.manifest.network, bundle.weightsPath, device);
  std::vector<double> p;
  std::vector<int> y;
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  std::vector<std::string> log;
  const auto sink = ctx.progress();
  int n = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& row : cohort.rows) {
    if (!a.split.empty() && row.split != a.split) continue;
    if (sink && !sink(static_cast<double>(n) / cohort.rows.size(), "evaluating")) throw core::Cancelled();
    ++n;
    const infer::PmnSample s = pipeline::loadPmnSample(row, a.cohort, bundle.manifest.input, log);
    const infer::PmnOutput o = net.run(s.input, false);
    cases.push_back({{"case_id", row.id}, {"line", row.line}, {"proliferative", row.proliferative},
                     {"p_proliferative", o.pProliferative}});
    if (row.proliferative >= 0) {
      p.push_back(o.pProliferative);
      y.push_back(row.proliferative);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (y.empty()) throw core::ImagingError(a.cohort, "has no row with a proliferative label" +
                                                        (a.split.empty() ? std::string() : " in split '" + a.split + "'"));
  const surv::AucResult auc = surv::delongAuc(p, y);
  const surv::CalibrationFit cal = surv::calibrationSlope(p, y);
  const surv::Confusion c = surv::confusionAt(p, y, bundle.manifest.classThreshold);
  nlohmann::ordered_json j;
  j["format"] = "hccws-pmn-evaluation";
  j["model"] = {{"directory", a.model}, {"name", bundle.manifest.name}, {"synthetic", bundle.manifest.synthetic},
                {"provenance", bundle.manifest.provenance}};
  j["cohort"] = {{"file", a.cohort}, {"split", a.split.empty() ? "all rows" : a.split}, {"cases", n},
                 {"labelled", y.size()}, {"positives", auc.positives}};
  j["auc"] = {{"value", auc.auc}, {"se_delong", auc.se}, {"ci95", {auc.lower, auc.upper}}};
  j["brier"] = surv::brierScore(p, y);
  j["calibration"] = {{"intercept", cal.intercept}, {"slope", cal.slope}, {"converged", cal.converged}};
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const auto& g : surv::calibrationGroups(p, y, 10))
    groups.push_back({{"n", g.n}, {"mean_predicted", g.meanPredicted}, {"observed", g.observed}});
  j["calibration"]["deciles"] = groups;
  j["confusion"] = {{"threshold", bundle.manifest.classThreshold}, {"true_positive", c.truePositive},
                    {"false_positive", c.falsePositive}, {"true_negative", c.trueNegative},
                    {"false_negative", c.falseNegative}, {"sensitivity", c.sensitivity},
                    {"specificity", c.specificity}, {"ppv", c.ppv}, {"npv", c.npv}, {"accuracy", c.accuracy}};
  j["run"] = {{"device", device.description}, {"seconds", seconds}, {"seconds_per_case", seconds / std::max(1, n)}};
  j["cases"] = cases;
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  const std::string out = (std::filesystem::path(a.out) / "evaluation.json").string();
  writeTextAtomically(out, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  std::printf("PMN model '%s'%s on %zu labelled cases of %s (%d proliferative):\n", bundle.manifest.name.c_str(),
              bundle.manifest.synthetic ? " (synthetic)" : "", y.size(), a.cohort.c_str(), auc.positives);
  std::printf("  AUC %.3f (95%% CI %.3f-%.3f, DeLong)  Brier %.3f  calibration slope %.2f, intercept %.2f\n", auc.auc,
              auc.lower, auc.upper, surv::brierScore(p, y), cal.slope, cal.intercept);
  std::printf("  at threshold %.2f: TP %d  FP %d  TN %d  FN %d  (sensitivity %.3f, specificity %.3f)\n",
              bundle.manifest.classThreshold, c.truePositive, c.falsePositive, c.trueNegative, c.falseNegative,
              c.sensitivity, c.specificity);
  std::printf("  %.2f s per case on %s; details in %s\n", seconds / std::max(1, n), device.description.c_str(), out.c_str());
}

void run(const PmnArgs& a, const CommandContext& ctx) {
  if (!a.cohort.empty()) {
    if (!a.phases.empty() || !a.labels.empty())
      throw CLI::ValidationError("--cohort", "evaluates a cohort; --phase and --labels are for one case");
    return evaluate(a, ctx);
  }
  if (a.phases.empty() || a.labels.empty())
    throw CLI::ValidationError("--phase", "one case needs --phase NAME=PATH for each phase and --labels FILE (or give --cohort)");
  const int maxThreads = infer::maxCpuThreads();
  if (a.threads < 0 || a.threads > maxThreads)
    throw CLI::ValidationError("--threads", std::to_string(a.threads) + " is outside the allowed range 0.." +
                                                std::to_string(maxThreads));
  if (a.lesion < 1 || a.lesion > 100000)
    throw CLI::ValidationError("--lesion", std::to_string(a.lesion) + ": lesions are numbered from 1 (the largest)");
  pipeline::PmnCaseRequest req;
  req.modelDir = a.model;
  req.verifyChecksums = !a.noVerify;
  req.lesionId = a.lesion;
  req.withMaps = !a.noMaps;
  req.registerPhases = a.registerPhases;
  try {
    req.device = infer::parseDeviceRequest(a.device);
  } catch (const std::exception& e) {
    throw CLI::ValidationError("--device", e.what());
  }
  req.device.cpuThreads = a.threads;
  // the bundle first: it says which phases it needs
  const infer::PmnBundle bundle = [&] {
    try {
      return infer::loadPmnBundle(a.model, false);
    } catch (const infer::InferenceError& e) {
      throw core::ImagingError(e.file(), e.problem(), e.detail());
    }
  }();
  for (const auto& p : a.phases) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size())
      throw CLI::ValidationError("--phase", "expects NAME=PATH (e.g. arterial=a.nii.gz), not '" + p + "'");
    pipeline::PhaseImage ph;
    ph.phase = p.substr(0, eq);
    for (const auto& q : req.phases)
      if (q.phase == ph.phase) throw CLI::ValidationError("--phase", "phase '" + ph.phase + "' given twice");
    bool used = false;
    for (const auto& w : bundle.manifest.input.phases) used = used || w == ph.phase;
    if (!used) {
      std::string need;
      for (const auto& w : bundle.manifest.input.phases) need += (need.empty() ? "" : ", ") + w;
      throw core::ImagingError(a.model + "/manifest.json", "PMN model '" + bundle.manifest.name + "' uses " + need +
                                                               "; it does not use phase '" + ph.phase + "'");
    }
    const std::string path = p.substr(eq + 1);
    try {
      ph.volume = core::readCtImage(path);
    } catch (const std::bad_alloc&) {
      throw core::ImagingError(path, "out of memory while reading the image of phase '" + ph.phase + "'");
    }
    req.phases.push_back(std::move(ph));
  }
  req.labels = core::readLabelMap(a.labels);
  req.labelsSource = a.labels;

  const pipeline::PmnCaseResult r = pipeline::runPmnCase(req, ctx.progress());
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec) throw core::ImagingError(a.out, "cannot create the output folder: " + ec.message());
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& h : r.heatmaps) {
    const std::string f = (std::filesystem::path(a.out) / ("heatmap_" + h.name + ".nii.gz")).string();
    core::writeImage(h.volume, f);
    files.emplace_back(h.name, f);
  }
  const std::string json = (std::filesystem::path(a.out) / "pmn.json").string();
  writeTextAtomically(json, pipeline::pmnResultJson(r, files) + "\n");
  if (!ctx.quiet) {
    for (const auto& line : r.log) std::fprintf(stderr, "  %s\n", line.c_str());
    const std::string who = "PMN model '" + r.model.name + "'" + (r.model.synthetic ? " (synthetic, not for clinical use)" : "");
    std::printf("lesion %d of %d (%s): %.1f mL\n", r.lesion.id, r.lesionCount, r.lesionSegment.c_str(), r.lesion.volumeMl);
    std::printf("p(proliferative) = %.3f -> %s (threshold %.2f), computed by %s\n", r.output.pProliferative,
                r.proliferative ? "proliferative" : "non-proliferative", r.model.classThreshold, who.c_str());
    for (const auto& arm : r.output.arms)
      std::printf("DL risk score %s = %.3f (1 - p(response); higher = less benefit), computed by %s\n", arm.arm.c_str(),
                  arm.riskScore, who.c_str());
    std::printf("results written to %s (%zu heatmaps; %.1f s on %s)\n", json.c_str(), files.size(), r.seconds,
                r.device.description.c_str());
  }
}

}  // namespace

void addPmnCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<PmnArgs>();
  auto* cmd = app.add_subcommand("pmn", "Proliferative-subtype probability, DL risk scores and heatmaps (Prototype Mamba Net)");
  cmd->add_option("--model", args->model, "PMN bundle folder (manifest.json, weights)")->required();
  cmd->add_option("--phase", args->phases, "NAME=PATH per phase the model needs (arterial=..., portal_venous=...)");
  cmd->add_option("--labels", args->labels, "Label map with a tumour segment (its grid is the reference)");
  cmd->add_option("--cohort", args->cohort,
                  "Evaluate on a cohort CSV instead (AUC with DeLong CI, calibration, confusion; evaluation.json)");
  cmd->add_option("--split", args->split, "With --cohort: only rows of this split (e.g. test)");
  cmd->add_option("--lesion", args->lesion, "Lesion number as `hccws measure` lists them (1 = the largest)");
  cmd->add_option("--out", args->out, "Output folder: pmn.json and heatmap_*.nii.gz (evaluation.json with --cohort)")
      ->required();
  cmd->add_option("--device", args->device, "auto (CUDA when available), cpu, cuda or cuda:N");
  cmd->add_option("--threads", args->threads, "CPU threads for LibTorch (0: every core)");
  cmd->add_flag("--no-heatmaps", args->noMaps, "Only the numbers (no Grad-CAM backward pass, no heatmap files)");
  cmd->add_flag("--register", args->registerPhases,
                "Rigidly register the phases onto the one on the label map's grid first");
  cmd->add_flag("--no-verify", args->noVerify, "Skip the SHA-256 check of the weights");
  cmd->callback([args, &ctx] { inference_errors::reportFailures(args->model, "running the PMN", [&] { run(*args, ctx); }); });
}

}  // namespace hccws::cli
