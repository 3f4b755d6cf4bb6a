// `hccws segment`: liver/tumour segmentation of a multi-phase CT case with an nnU-Net-compatible model bundle
// (docs/inference.md). `hccws train segmentation` lives in commands_train.cpp.
#include "cli/commands.h"

#include <hccws/core/image_io.h>
#include <hccws/inference/device.h>
#include <hccws/pipeline/segmentation.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::cli {

namespace {

struct SegmentArgs {
  std::string model, out, device = "auto", precision = "auto";
  std::vector<std::string> phases;  // name=path
  std::vector<int> folds;
  bool noMirroring = false, fast = false, noPostprocess = false, noVerify = false, registerPhases = false;
  int threads = 0;
  double step = 0.5;
};

infer::Precision parsePrecision(const std::string& s) {
  if (s == "auto") return infer::Precision::Auto;
  if (s == "fp32") return infer::Precision::Float32;
  if (s == "fp16") return infer::Precision::Float16;
  if (s == "bf16") return infer::Precision::BFloat16;
  throw CLI::ValidationError("--precision", "must be auto, fp32, fp16 or bf16, not '" + s + "'");
}

void run(const SegmentArgs& a, const CommandContext& ctx) {
  pipeline::SegmentationRequest req;
  req.modelDir = a.model;
  req.verifyChecksums = !a.noVerify;
  req.registerPhases = a.registerPhases;
  for (const auto& p : a.phases) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size())
      throw CLI::ValidationError("--phase", "expects NAME=PATH (e.g. arterial=ap.nii.gz), not '" + p + "'");
    pipeline::PhaseImage ph;
    ph.phase = p.substr(0, eq);
    ph.volume = core::readCtImage(p.substr(eq + 1));
    req.phases.push_back(std::move(ph));
  }
  auto& o = req.options;
  try {
    o.device = infer::parseDeviceRequest(a.device);
  } catch (const std::exception& e) {
    throw CLI::ValidationError("--device", e.what());
  }
  o.device.precision = parsePrecision(a.precision);
  o.device.cpuThreads = a.threads;
  o.mode = a.fast ? infer::Mode::Fast : infer::Mode::Exact;
  o.mirroring = !a.noMirroring;
  o.tileStep = a.step;
  o.folds = a.folds;
  o.postprocess = !a.noPostprocess;
  const auto out = pipeline::segmentCase(req, ctx.progress());
  core::writeLabelMap(out.labels, a.out);
  if (!ctx.quiet) {
    for (const auto& line : out.log) std::fprintf(stderr, "  %s\n", line.c_str());
    std::fprintf(stderr, "segmentation written to %s (%.1f s on %s)\n", a.out.c_str(), out.seconds,
                 out.device.description.c_str());
  }
}

}  // namespace

void addInferenceCommands(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<SegmentArgs>();
  auto* seg = app.add_subcommand("segment", "Segment liver and tumour with an nnU-Net-compatible model bundle");
  seg->add_option("--model", args->model, "Model bundle folder (manifest.json, plans.json, weights)")->required();
  seg->add_option("--phase", args->phases, "NAME=PATH per input phase, e.g. arterial=ap.nii.gz (repeat)")
      ->required();
  seg->add_option("--out", args->out, "Label map to write (.nii.gz, .nrrd, .mha)")->required();
  seg->add_option("--device", args->device, "auto (CUDA when available), cpu, cuda or cuda:N");
  seg->add_option("--precision", args->precision, "auto (fp16 on CUDA, fp32 on CPU), fp32, fp16, bf16");
  seg->add_option("--threads", args->threads, "CPU threads for LibTorch (0: default)");
  seg->add_option("--folds", args->folds, "Folds to ensemble (default: all in the bundle)");
  seg->add_option("--step", args->step, "Tile step as a fraction of the patch (nnU-Net: 0.5)");
  seg->add_flag("--no-mirroring", args->noMirroring, "No test-time mirroring (8x faster, slightly less accurate)");
  seg->add_flag("--fast", args->fast,
                "Fast mode: fp32 accumulation, mirrored tiles batched (default: exact nnU-Net numerics)");
  seg->add_flag("--no-postprocess", args->noPostprocess, "Keep all components (no largest-liver / tumour-in-liver)");
  seg->add_flag("--register", args->registerPhases,
                "Rigidly register the other phases onto the first before segmenting (else same grid or world frame)");
  seg->add_flag("--no-verify", args->noVerify, "Skip the SHA-256 check of the bundle's files");
  seg->callback([args, &ctx] { run(*args, ctx); });
}

}  // namespace hccws::cli
