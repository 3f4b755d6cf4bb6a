// `hccws train segmentation`: trains the demo liver/tumour network on synthetic phantoms and writes a model
// bundle that `hccws segment --model DIR` loads (docs/inference.md, "Training the demo model").
// Compiled only with the inference engine (the whole file is guarded, like its registration in main.cpp).
#ifdef HCCWS_HAVE_INFERENCE
#include "cli/commands.h"
#include "cli/inference_cli_errors.h"

#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>
#include <hccws/pipeline/training.h>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace hccws::cli {

namespace {

struct TrainArgs {
  std::string out, device = "auto", optimizer = "adam";
  // Defaults = the command that produced the shipped bundle (docs/inference.md).
  int cases = 16, epochs = 15, iterations = 20, batch = 2, threads = 0, evalCases = 0;
  std::uint64_t seed = 1, firstPhantomSeed = 1;
  double lr = 5e-3;
  std::vector<int> features{8, 16, 32, 64}, patch{32, 48, 48};
  std::vector<double> spacing{4.0, 4.0, 4.0};
  // 96 slices (240 mm) instead of the phantom's default 80: the liver dome then stays inside the grid after
  // the portal-venous motion, so no out-of-field fill enters the foreground statistics.
  std::vector<std::size_t> phantomDims{160, 160, 96};
  std::vector<double> phantomSpacing{2.0, 2.0, 2.5};
  std::string commandLine;
};

// Every numeric option within a stated range, checked before any phantom is generated (issue 13: --threads
// 100000 started that many LibTorch threads; --features, --patch or --batch could ask for any memory).
// The ranges are generous for a phantom-trained demo network; the message names the option and its range.
template <typename T>
void inRange(const char* option, T value, T lo, T hi, const std::string& why = {}) {
  const bool ok = value >= lo && value <= hi;  // false for NaN
  if (!ok) {
    auto text = [](T v) {
      if constexpr (std::is_floating_point_v<T>) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
        return std::string(buf);
      } else {
        return std::to_string(v);
      }
    };
    throw CLI::ValidationError(option, text(value) + " is outside the allowed range " + text(lo) + ".." + text(hi) +
                                           (why.empty() ? "" : " (" + why + ")"));
  }
}

void checkOptions(const TrainArgs& a) {
  inRange("--threads", a.threads, 0, infer::maxCpuThreads(), "4 x the hardware threads; 0 = every core, or OMP_NUM_THREADS");
  inRange("--cases", a.cases, 1, 1000);
  inRange("--epochs", a.epochs, 1, 100000);
  inRange("--iterations", a.iterations, 1, 1000000);
  inRange("--batch", a.batch, 1, 256);
  inRange("--eval-cases", a.evalCases, 0, 1000);
  inRange("--lr", a.lr, 1e-9, 10.0);
  if (a.features.size() < static_cast<std::size_t>(infer::kMinStages) ||
      a.features.size() > static_cast<std::size_t>(infer::kMaxStages))
    throw CLI::ValidationError("--features", "needs " + std::to_string(infer::kMinStages) + ".." +
                                                 std::to_string(infer::kMaxStages) + " values (one per stage), not " +
                                                 std::to_string(a.features.size()));
  for (int f : a.features) inRange("--features", f, 1, 1024);
  for (int p : a.patch) inRange("--patch", p, 4, 512);
  for (double v : a.spacing) inRange("--spacing", v, 0.05, 100.0, "mm");
  for (std::size_t v : a.phantomDims) inRange<std::size_t>("--phantom-dims", v, 16, 1024);
  for (double v : a.phantomSpacing) inRange("--phantom-spacing", v, 0.05, 100.0, "mm");
  if (a.patch.size() == 3) {
    // One first-stage activation of a batch, the smallest tensor a training step allocates.
    const auto voxels = static_cast<std::uint64_t>(a.patch[0]) * static_cast<std::uint64_t>(a.patch[1]) *
                        static_cast<std::uint64_t>(a.patch[2]);
    try {
      infer::checkTensorBytes("--patch", "one activation of a batch (--batch x --patch x --features[0])", voxels,
                              4ull * static_cast<std::uint64_t>(a.batch) * static_cast<std::uint64_t>(a.features[0]));
    } catch (const infer::InferenceError& e) {
      throw CLI::ValidationError("--patch", e.problem());
    }
  }
}

void run(const TrainArgs& a, const CommandContext& ctx) {
  checkOptions(a);
  pipeline::TrainSegmentationRequest r;
  r.outDir = a.out;
  r.cases = a.cases;
  r.firstSeed = a.firstPhantomSeed;
  r.evalCases = a.evalCases;
  r.command = a.commandLine;
  if (a.patch.size() != 3) throw CLI::ValidationError("--patch", "needs 3 values (z y x)");
  if (a.spacing.size() != 3) throw CLI::ValidationError("--spacing", "needs 3 values (z y x, mm)");
  if (a.phantomDims.size() != 3) throw CLI::ValidationError("--phantom-dims", "needs 3 values (i j k)");
  if (a.phantomSpacing.size() != 3) throw CLI::ValidationError("--phantom-spacing", "needs 3 values (i j k, mm)");
  for (int i = 0; i < 3; ++i) {
    r.patchZyx[i] = a.patch[i];
    r.targetSpacingZyx[i] = a.spacing[i];
    r.phantom.dims[i] = a.phantomDims[i];
    r.phantom.spacingMm[i] = a.phantomSpacing[i];
  }
  r.featuresPerStage = a.features;
  auto& t = r.training;
  t.epochs = a.epochs;
  t.iterationsPerEpoch = a.iterations;
  t.batchSize = a.batch;
  t.seed = a.seed;
  t.initialLr = a.lr;
  if (a.optimizer == "adam")
    t.optimizer = infer::OptimizerKind::Adam;
  else if (a.optimizer == "sgd")
    t.optimizer = infer::OptimizerKind::SgdNesterov;
  else
    throw CLI::ValidationError("--optimizer", "must be adam or sgd, not '" + a.optimizer + "'");
  try {
    t.device = infer::parseDeviceRequest(a.device);
  } catch (const std::exception& e) {
    throw CLI::ValidationError("--device", e.what());
  }
  t.device.cpuThreads = a.threads;

  const bool quiet = ctx.quiet;
  // Progress lines, not a bar: training runs for minutes and every epoch's loss is worth keeping in a log.
  auto log = [quiet](const std::string& line) {
    if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
  };
  const auto result = pipeline::trainSegmentationOnPhantoms(r, {}, log);
  if (!result.evaluation.empty()) {
    std::printf("seed  case                                   liver Dice  tumour Dice  seconds\n");
    for (const auto& e : result.evaluation)
      std::printf("%-5llu %-38s %10.4f %12.4f %8.1f\n", static_cast<unsigned long long>(e.seed), e.description.c_str(),
                  e.liverDice, e.tumourDice, e.seconds);
  }
  std::printf("model bundle written to %s (training %.0f s, total %.0f s on %s)\n", a.out.c_str(),
              result.training.seconds, result.seconds, result.training.device.description.c_str());
}

}  // namespace

void addTrainCommands(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<TrainArgs>();
  auto* train = app.add_subcommand("train", "Train models");
  train->require_subcommand(1);
  addTrainPmnCommand(*train, ctx);
  auto* seg = train->add_subcommand(
      "segmentation", "Train the demo liver/tumour network on synthetic phantoms (CPU works; CUDA when present)");
  seg->add_option("--out", args->out, "Bundle folder to write (created)")->required();
  seg->add_option("--cases", args->cases, "Number of training phantoms")->capture_default_str();
  seg->add_option("--seed", args->seed, "Training seed (weights init, patch sampling, augmentation)")
      ->capture_default_str();
  seg->add_option("--phantom-seed", args->firstPhantomSeed, "First phantom seed (cases use consecutive seeds)")
      ->capture_default_str();
  seg->add_option("--epochs", args->epochs, "Epochs")->capture_default_str();
  seg->add_option("--iterations", args->iterations, "Iterations per epoch")->capture_default_str();
  seg->add_option("--batch", args->batch, "Patches per iteration")->capture_default_str();
  seg->add_option("--lr", args->lr, "Initial learning rate (poly decay)")->capture_default_str();
  seg->add_option("--optimizer", args->optimizer, "adam or sgd (Nesterov, momentum 0.99, as nnU-Net)")
      ->capture_default_str();
  seg->add_option("--device", args->device, "auto (CUDA when available), cpu, cuda or cuda:N")->capture_default_str();
  seg->add_option("--threads", args->threads,
                  "CPU threads for LibTorch, 1.." + std::to_string(infer::maxCpuThreads()) + " (0: every core)")
      ->capture_default_str();
  seg->add_option("--features", args->features, "Features per stage (PlainConvUNet)")->capture_default_str();
  seg->add_option("--patch", args->patch, "Patch size z y x (voxels at the target spacing)")->capture_default_str();
  seg->add_option("--spacing", args->spacing, "Target spacing z y x (mm)")->capture_default_str();
  seg->add_option("--phantom-dims", args->phantomDims, "Phantom grid i j k (voxels)")->capture_default_str();
  seg->add_option("--phantom-spacing", args->phantomSpacing, "Phantom spacing i j k (mm)")->capture_default_str();
  seg->add_option("--eval-cases", args->evalCases,
                  "After training, segment this many unseen phantoms (seeds after the training range) and print Dice")
      ->capture_default_str();
  seg->callback([args, seg, &ctx] {
    // The exact command, recorded in manifest.json ("training.command").
    // Recorded in JSON: bytes that are not UTF-8 (a Linux path may hold any) are replaced, not fatal.
    args->commandLine = inference_errors::commandLineOf(*seg, "hccws train segmentation");
    inference_errors::reportFailures(args->out, "training", [&] { run(*args, ctx); });
  });
}

}  // namespace hccws::cli
#endif  // HCCWS_HAVE_INFERENCE
