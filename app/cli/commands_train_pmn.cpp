// `hccws train pmn`: the Prototype Mamba Net trained on a cohort manifest (docs/pmn.md "Training"): ROIs cut
// from every row, a train / validation split (the manifest's `split` column, else a stratified seeded split),
// Adam with class balancing and augmentation, validation AUC each epoch, the best epoch's weights written as a
// PMN bundle whose manifest records the exact command, seed, data and time. Ctrl+C stops after the batch in
// progress and leaves a resumable checkpoint (--resume).
#include "cli/commands.h"
#include "cli/inference_cli_errors.h"

#include <hccws/core/errors.h>
#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>
#include <hccws/inference/pmn_bundle.h>
#include <hccws/inference/pmn_training.h>
#include <hccws/pipeline/pmn_cohort.h>

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <random>

namespace hccws::cli {

namespace {

std::atomic<bool> gInterrupted{false};
extern "C" void onInterrupt(int) { gInterrupted = true; }

struct TrainPmnArgs {
  std::string cohort, out, device = "auto", name = "pmn", dataDescription, checkpointDir, commandLine;
  double validationFraction = 0.2, lr = 1e-5, spacing = 2.0, rotate = 0;
  std::vector<double> window{-100, 300};
  int epochs = 800, batch = 32, patience = 0, threads = 0, roi = 48, embed = 24, prototypes = 3, protoDim = 32;
  int convBlocks = 2, mambaLayers = 1, dState = 16;
  std::uint64_t seed = 1;
  bool resume = false, synthetic = false, noMask = false, noAugment = false;
};

std::string nowUtc() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void run(const TrainPmnArgs& a, const CommandContext& ctx) {
  if (!(a.validationFraction >= 0 && a.validationFraction < 1))
    throw CLI::ValidationError("--validation-fraction", "must be in [0, 1)");
  if (a.window.size() != 2 || !(a.window[1] > a.window[0]))
    throw CLI::ValidationError("--window", "expects LOW,HIGH in HU with LOW < HIGH");
  if (a.threads < 0 || a.threads > infer::maxCpuThreads())
    throw CLI::ValidationError("--threads", "must be 0.." + std::to_string(infer::maxCpuThreads()));
  infer::PmnManifest m;
  m.name = a.name;
  m.version = "1";
  m.synthetic = a.synthetic;
  m.intendedUse = a.synthetic ? "demonstration and testing only: trained on synthetic phantoms, not for clinical use"
                              : "research use; validate on local data before any clinical use";
  m.input.maskChannel = !a.noMask;
  m.input.roiVoxels = a.roi;
  m.input.spacingMm = a.spacing;
  m.input.windowHu = {a.window[0], a.window[1]};
  auto& n = m.network;
  n.inChannels = static_cast<int>(m.input.phases.size()) + (m.input.maskChannel ? 1 : 0);
  n.embedDim = a.embed;
  n.prototypesPerClass = a.prototypes;
  n.protoDim = a.protoDim;
  n.convBlocks = a.convBlocks;
  n.mambaLayers = a.mambaLayers;
  n.dState = a.dState;
  n.pooling = m.input.maskChannel ? "mask" : "mean";
  infer::validatePmnNetworkConfig(n, "the command line");
  if (m.input.roiVoxels % n.patchStride != 0)
    throw CLI::ValidationError("--roi", "must be a multiple of the patch stride " + std::to_string(n.patchStride));
  m.cutoffs = infer::publishedPmnCutoffs();

  const pipeline::PmnCohort cohort = pipeline::readPmnCohort(a.cohort);
  // samples, and the split
  std::vector<infer::PmnSample> train, validation;
  std::vector<std::string> log;
  const auto sink = ctx.progress();
  const core::ProgressScope loading(sink, 0.0, 0.1);
  std::vector<int> trainRows, valRows, unsplit[2];
  int skippedTest = 0;
  for (std::size_t i = 0; i < cohort.rows.size(); ++i) {
    const auto& r = cohort.rows[i];
    if (r.split == "test") {
      ++skippedTest;
      continue;
    }
    if (r.split == "train") trainRows.push_back(static_cast<int>(i));
    else if (r.split == "validation") valRows.push_back(static_cast<int>(i));
    else if (r.proliferative >= 0) unsplit[r.proliferative].push_back(static_cast<int>(i));
    else throw core::ImagingError(a.cohort, "line " + std::to_string(r.line) + ": case '" + r.id +
                                                "' has no proliferative label and no split: training needs the label");
  }
  std::mt19937_64 rng(a.seed);
  for (auto& cls : unsplit) {  // stratified: the same fraction of each class to validation
    for (std::size_t k = cls.size(); k > 1; --k) std::swap(cls[k - 1], cls[rng() % k]);
    const auto nVal = static_cast<std::size_t>(std::lround(a.validationFraction * static_cast<double>(cls.size())));
    valRows.insert(valRows.end(), cls.begin(), cls.begin() + static_cast<std::ptrdiff_t>(nVal));
    trainRows.insert(trainRows.end(), cls.begin() + static_cast<std::ptrdiff_t>(nVal), cls.end());
  }
  std::sort(trainRows.begin(), trainRows.end());
  std::sort(valRows.begin(), valRows.end());
  const double total = static_cast<double>(trainRows.size() + valRows.size());
  int done = 0;
  for (auto* set : {&trainRows, &valRows})
    for (int i : *set) {
      loading.report(done++ / total, "reading cases");
      (set == &trainRows ? train : validation)
          .push_back(pipeline::loadPmnSample(cohort.rows[static_cast<std::size_t>(i)], a.cohort, m.input, log));
    }
  int prolifTrain = 0;
  for (const auto& s : train) prolifTrain += s.proliferative == 1;
  std::fprintf(stderr, "cohort %s: %zu training cases (%d proliferative), %zu validation, %d test rows left out\n",
               a.cohort.c_str(), train.size(), prolifTrain, validation.size(), skippedTest);

  std::filesystem::create_directories(a.out);
  infer::PmnTrainingOptions o;
  o.epochs = a.epochs;
  o.batchSize = a.batch;
  o.lr = a.lr;
  o.patience = a.patience;
  o.seed = a.seed;
  o.augment = !a.noAugment;
  if (!(a.rotate >= 0 && a.rotate <= 45)) throw CLI::ValidationError("--rotate-degrees", "must be 0..45");
  o.rotateDegrees = a.rotate;
  o.maskChannels = m.input.maskChannel ? 1 : 0;
  o.device = infer::parseDeviceRequest(a.device);
  o.device.cpuThreads = a.threads;
  o.checkpointDir = a.checkpointDir.empty() ? (std::filesystem::path(a.out) / "checkpoints").string() : a.checkpointDir;
  o.resume = a.resume;
  gInterrupted = false;
  const auto previous = std::signal(SIGINT, onInterrupt);
  const core::ProgressScope training(sink, 0.1, 1.0);
  const auto trainSink = [&](double f, std::string_view s) { return !gInterrupted && training.sink()(f, s); };
  const auto t0 = std::chrono::steady_clock::now();
  infer::PmnTrainingReport rep;
  try {
    rep = infer::trainPmn(n, train, validation, o, (std::filesystem::path(a.out) / m.weightsFile).string(),
                          [&](const infer::PmnEpochReport& e) {
                            if (ctx.quiet) return;
                            const double perEpoch = e.seconds / std::max(1, e.epoch - rep.resumedFromEpoch);
                            std::fprintf(stderr, "epoch %d/%d  loss %.4f  validation loss %.4f  AUC %.3f%s  (%.1f s; ~%.0f s left)\n",
                                         e.epoch, a.epochs, e.trainLoss, e.validationLoss, e.validationAuc,
                                         e.best ? "  best" : "", e.seconds, perEpoch * (a.epochs - e.epoch));
                          },
                          trainSink);
  } catch (const infer::Cancelled&) {
    std::signal(SIGINT, previous);
    throw core::ImagingError(a.out, "training interrupted; resume with the same command and --resume (checkpoint in " +
                                        o.checkpointDir + ")");
  }
  std::signal(SIGINT, previous);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char prov[1024];
  std::snprintf(prov, sizeof prov,
                "trained %s by `%s` (seed %llu; best epoch %d of %zu run, validation AUC %.3f; %zu training + %zu "
                "validation cases; %.0f s on %s; %lld parameters)",
                nowUtc().c_str(), a.commandLine.c_str(), static_cast<unsigned long long>(a.seed), rep.bestEpoch,
                rep.epochs.size(), rep.bestAuc, train.size(), validation.size(), seconds,
                rep.device.description.c_str(), static_cast<long long>(rep.parameters));
  m.provenance = prov;
  m.trainingData = a.dataDescription.empty() ? "cohort " + a.cohort : a.dataDescription;
  m.description = "Prototype Mamba Net (Cao et al. 2025, reimplemented; docs/pmn.md)";
  infer::writePmnManifest(a.out, m);
  std::printf("PMN bundle written to %s: best epoch %d, validation AUC %.3f (%s)\n", a.out.c_str(), rep.bestEpoch,
              rep.bestAuc, m.synthetic ? "synthetic" : "trained on the given cohort");
}

}  // namespace

void addTrainPmnCommand(CLI::App& train, CommandContext& ctx) {
  auto args = std::make_shared<TrainPmnArgs>();
  auto* cmd = train.add_subcommand("pmn", "Train the Prototype Mamba Net on a cohort manifest (CSV; docs/pmn.md)");
  cmd->add_option("--cohort", args->cohort, "Cohort CSV (case_id, arterial, portal_venous, labels, proliferative, ...)")
      ->required();
  cmd->add_option("--out", args->out, "PMN bundle folder to write (created)")->required();
  cmd->add_option("--epochs", args->epochs, "Epochs (the paper: 800)")->capture_default_str();
  cmd->add_option("--batch", args->batch, "Batch size (the paper: 32)")->capture_default_str();
  cmd->add_option("--lr", args->lr, "Adam learning rate (the paper: 1e-5)")->capture_default_str();
  cmd->add_option("--patience", args->patience, "Stop after N epochs without a better validation AUC (0: never)")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the initialisation, split, order and augmentation")->capture_default_str();
  cmd->add_option("--validation-fraction", args->validationFraction,
                  "Share of each class held out for validation when the CSV has no split column")
      ->capture_default_str();
  cmd->add_option("--roi", args->roi, "ROI side in voxels (multiple of 3)")->capture_default_str();
  cmd->add_option("--spacing", args->spacing, "ROI spacing in mm (isotropic)")->capture_default_str();
  cmd->add_option("--window", args->window, "HU window LOW,HIGH")->delimiter(',')->capture_default_str();
  cmd->add_option("--embed-dim", args->embed, "Channels after the patch embedding")->capture_default_str();
  cmd->add_option("--prototypes", args->prototypes, "Prototypes per class and head")->capture_default_str();
  cmd->add_option("--proto-dim", args->protoDim, "Dimension of the prototype space")->capture_default_str();
  cmd->add_option("--conv-blocks", args->convBlocks, "Residual blocks of the convolutional branch")->capture_default_str();
  cmd->add_option("--mamba-layers", args->mambaLayers, "Mamba layers")->capture_default_str();
  cmd->add_option("--d-state", args->dState, "Mamba state size N")->capture_default_str();
  cmd->add_flag("--no-mask-channel", args->noMask, "Do not give the network the lesion mask as a channel");
  cmd->add_flag("--no-augment", args->noAugment, "No flips, rotations or intensity jitter");
  cmd->add_option("--rotate-degrees", args->rotate,
                  "Also rotate each sample by U(-D, D) degrees in the axial plane (0: only 90-degree turns)")
      ->capture_default_str();
  cmd->add_flag("--synthetic", args->synthetic, "The cohort is synthetic (phantoms): the bundle says so everywhere");
  cmd->add_option("--name", args->name, "Model name")->capture_default_str();
  cmd->add_option("--data-description", args->dataDescription, "What the training data is (recorded in the bundle)");
  cmd->add_option("--checkpoint-dir", args->checkpointDir, "Checkpoint folder (default OUT/checkpoints)");
  cmd->add_flag("--resume", args->resume, "Continue from the last checkpoint");
  cmd->add_option("--device", args->device, "auto (CUDA when available), cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--threads", args->threads, "CPU threads for LibTorch (0: every core)")->capture_default_str();
  cmd->callback([args, cmd, &ctx] {
    args->commandLine = inference_errors::commandLineOf(*cmd, "hccws train pmn");
    inference_errors::reportFailures(args->out, "training the PMN", [&] { run(*args, ctx); });
  });
}

}  // namespace hccws::cli
