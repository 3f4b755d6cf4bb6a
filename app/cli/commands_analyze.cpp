// `hccws analyze`: the whole pipeline headless into a case folder - load the phases, segment liver and tumours
// with a model bundle (the phases registered onto the first), measure, run the PMN, and keep it all in a new
// case (docs/case-files.md) with the time of each step. `hccws report --case DIR` then makes the board's PDF.
#include "cli/analyze_case.h"
#include "cli/commands.h"
#include "cli/read_ct.h"
#include "cli/resource_paths.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>
#include <hccws/inference/bundle.h>
#include <hccws/inference/device.h>
#include <hccws/pipeline/pmn.h>
#include <hccws/pipeline/segmentation.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hccws::cli {

namespace {

const char* const kProgram = "hccws 0.1.0";

}  // namespace

AnalyzeSummary analyzeIntoCase(const AnalyzeRequest& a, const CommandContext& ctx) {
  if (a.phases.empty()) throw CLI::ValidationError("--phase", "give NAME=PATH for each phase the model needs");
  AnalyzeSummary summary;
  auto& steps = summary.steps;
  auto timed = [&](const std::string& name, auto&& body) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!ctx.quiet) std::fprintf(stderr, "analyze: %s\n", name.c_str());
    body();
    steps.push_back({name, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
  };
  const std::string model = a.model.empty() ? resourcePath("models/demo_liver_tumour") : a.model;
  const std::string pmnModel = a.pmnModel.empty() ? resourcePath("models/demo_pmn") : a.pmnModel;

  cases::CaseManifest m;
  std::vector<core::SeriesSource> sourcesRead;  // per phase (empty for an image file)
  pipeline::SegmentationRequest seg;
  seg.modelDir = model;
  seg.registerPhases = a.phases.size() > 1;
  try {
    seg.options.device = infer::parseDeviceRequest(a.device);
  } catch (const std::exception& e) {
    throw CLI::ValidationError("--device", e.what());
  }
  timed("load the phases", [&] {
    for (const auto& p : a.phases) {
      const auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == p.size())
        throw CLI::ValidationError("--phase", "expects NAME=PATH (e.g. portal_venous=pv_folder), not '" + p + "'");
      pipeline::PhaseImage ph;
      ph.phase = p.substr(0, eq);
      const std::string path = p.substr(eq + 1);
      core::SeriesSource series;
      ph.volume = readOneCt(path, ctx.progress(), &series);
      sourcesRead.push_back(series);
      cases::SourceSeries s;
      s.path = std::filesystem::absolute(path).lexically_normal().string();
      s.phase = ph.phase;
      s.phaseReason = "given on the command line (--phase " + ph.phase + "=...)";
      s.phaseUserOverride = true;
      s.description = series.seriesDescription.empty() ? std::filesystem::path(path).filename().string() : series.seriesDescription;
      s.seriesInstanceUid = series.seriesInstanceUid;
      s.modality = series.modality;
      if (m.patientId.empty()) {
        m.patientId = series.patientId;
        m.patientName = series.patientName;
        m.studyDate = series.studyDate;
        m.studyInstanceUid = series.studyInstanceUid;
      }
      m.sources.push_back(s);
      seg.phases.push_back(std::move(ph));
    }
  });
  pipeline::SegmentationOutput out;
  timed(seg.registerPhases ? "register and segment" : "segment", [&] { out = pipeline::segmentCase(seg, ctx.progress()); });
  infer::ModelBundle bundle = infer::loadBundle(model, false);
  core::Measurements meas;
  timed("measure", [&] { meas = core::measure(out.labels); });

  std::unique_ptr<pipeline::PmnCaseResult> pmn;
  if (!a.noPmn) {
    timed("PMN", [&] {
      pipeline::PmnCaseRequest req;
      req.modelDir = pmnModel;
      req.registerPhases = seg.registerPhases;
      req.device = seg.options.device;
      for (const auto& ph : seg.phases) req.phases.push_back(ph);
      req.labels = out.labels;
      req.labelsSource = "the segmentation of model '" + bundle.manifest.name + "'";
      pmn = std::make_unique<pipeline::PmnCaseResult>(pipeline::runPmnCase(req, ctx.progress()));
    });
  }

  timed("write the case", [&] {
    m.note = a.note;
    cases::SegmentationRecord rec;
    rec.madeBy = "model '" + bundle.manifest.name + "' " + bundle.manifest.version + " (" + bundle.manifest.provenance + ")" +
                 (seg.registerPhases ? ", phases registered onto " + seg.phases.front().phase : "");
    rec.gridOf = 0;
    m.segmentation = rec;
    // the labels are on the first phase's grid: a DICOM SEG referencing it when it is a DICOM series
    const core::SeriesSource* segOf = !sourcesRead.empty() && !sourcesRead.front().files.empty() ? &sourcesRead.front() : nullptr;
    cases::CaseFolder c = cases::CaseFolder::create(a.out, m, &out.labels, kProgram, segOf);
    cases::recordResult(c.manifest(), "measurements", nlohmann::json::parse(core::measurementsJson(meas)), {"segmentation"}, kProgram);
    if (pmn) {
      std::vector<std::pair<std::string, std::string>> files;
      std::vector<std::string> rel;
      std::filesystem::create_directories(std::filesystem::path(a.out) / "heatmaps");
      for (const auto& h : pmn->heatmaps) {
        const std::string r = "heatmaps/" + h.name + ".nii.gz";
        core::writeImage(h.volume, (std::filesystem::path(a.out) / r).string());
        files.emplace_back(h.name, r);
        rel.push_back(r);
      }
      cases::recordResult(c.manifest(), "pmn", nlohmann::json::parse(pipeline::pmnResultJson(*pmn, files)),
                          {"segmentation", "sources"},
                          "PMN model '" + pmn->model.name + "'" + (pmn->model.synthetic ? " (synthetic)" : ""), rel);
      // the nomogram's DL inputs, computed by the PMN (labelled with the model, as in the window)
      const std::string who = "PMN model '" + pmn->model.name + "'" + (pmn->model.synthetic ? " (synthetic)" : "");
      for (const auto& arm : pmn->output.arms) {
        std::string name = "dl_risk_score_" + arm.arm;
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        c.manifest().nomogramInputs.push_back({name, "computed", arm.riskScore, who, false});
      }
      c.manifest().nomogramInputs.push_back({"proliferative", "computed", pmn->proliferative ? 1.0 : 0.0, who, false});
    }
    c.journalManifest();
    c.save(&out.labels, kProgram, segOf);
  });

  summary.liverMl = meas.liverVolumeMl;
  summary.lesions = meas.tumourCount;
  if (pmn) {
    summary.pmnRun = true;
    summary.pProliferative = pmn->output.pProliferative;
    summary.pmnSynthetic = pmn->model.synthetic;
  }
  return summary;
}

namespace {

void run(const AnalyzeRequest& a, const CommandContext& ctx) {
  const AnalyzeSummary r = analyzeIntoCase(a, ctx);
  double total = 0;
  for (const auto& s : r.steps) total += s.seconds;
  std::printf("%s: case written (liver %.1f mL, %d lesion(s)%s)\n", a.out.c_str(), r.liverMl, r.lesions,
              r.pmnRun ? (", p(proliferative) " + std::to_string(r.pProliferative).substr(0, 5) +
                          (r.pmnSynthetic ? " from a synthetic model" : ""))
                             .c_str()
                       : "");
  std::printf("  %-22s %8s %6s\n", "step", "seconds", "share");
  for (const auto& s : r.steps) std::printf("  %-22s %8.2f %5.1f%%\n", s.name.c_str(), s.seconds, 100.0 * s.seconds / total);
  std::printf("  %-22s %8.2f\n", "total", total);
  std::printf("next: hccws report --case %s --out report.pdf\n", a.out.c_str());
}

}  // namespace

void addAnalyzeCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<AnalyzeRequest>();
  auto* cmd = app.add_subcommand("analyze", "The whole pipeline into a case folder: segment, measure, PMN (headless)");
  cmd->add_option("--phase", args->phases, "NAME=PATH for each phase (an image file or a DICOM folder of one series); "
                                           "the first is the reference grid")->required();
  cmd->add_option("--model", args->model, "Segmentation model bundle (default: the shipped demo, synthetic)");
  cmd->add_option("--pmn-model", args->pmnModel, "PMN bundle (default: the shipped demo, synthetic)");
  cmd->add_flag("--no-pmn", args->noPmn, "Do not run the PMN");
  cmd->add_option("--device", args->device, "auto, cpu or cuda[:N]");
  cmd->add_option("--note", args->note, "A note for the tumour board");
  cmd->add_option("--out-case", args->out, "The new case folder (new or empty)")->required();
  cmd->callback([args, &ctx] { run(*args, ctx); });
}

}  // namespace hccws::cli
