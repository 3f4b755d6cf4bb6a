#pragma once
// Training the PMN on ROIs already cut (pmn_roi.h) from a cohort (docs/pmn.md "Training"). Torch-free header.
//
// - Loss: the subtype head's DCE loss + the prototype loss (Yang et al.), plus each arm's DCE loss over the
//   samples treated with that arm whose response is known.
// - Adam (the paper: lr 1e-5, batch 32, 800 epochs; every value an option), class balancing (the minority
//   subtype drawn as often as the majority in each epoch), augmentation per sample (flips along each axis,
//   rotations by multiples of 90 degrees in the axial plane, optional small rotations, small intensity
//   scale/shift), fixed seeds.
// - Each epoch: the validation AUC of p(proliferative); the best epoch's weights are kept (written to
//   weightsPath); early stopping after `patience` epochs without improvement.
// - Checkpoints: after each epoch `checkpointDir/last.pt` (weights, Adam state, epoch, best AUC, RNG state) is
//   written atomically; resume=true continues from it (the same options must be given). Cancel (the progress
//   sink returns false, e.g. on Ctrl+C) writes the checkpoint of the last complete epoch and throws Cancelled.
#include <hccws/inference/pmn.h>
#include <hccws/inference/types.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hccws::infer {

struct PmnSample {
  std::string id;
  PmnInput input;
  int proliferative = -1;              // 0 / 1 (-1: unknown, not used for the subtype loss)
  std::map<std::string, int> response;  // arm -> 1 responded / 0 did not (only the arm the case had)
};

struct PmnTrainingOptions {
  int epochs = 800;
  int batchSize = 32;
  double lr = 1e-5;
  double weightDecay = 0;
  int patience = 0;         // epochs without a better validation AUC before stopping (0: never stop early)
  bool balanceClasses = true;
  bool augment = true;
  double intensityScale = 0.05, intensityShift = 0.05;  // normalised units, leading (image) channels only
  int maskChannels = 1;     // trailing channels that are masks: flipped and rotated, never intensity-jittered
  double rotateDegrees = 0;  // small rotations in the axial plane, U(-d, d) per sample (trilinear, edge padding)
  std::uint64_t seed = 1;
  DeviceRequest device;
  std::string checkpointDir;  // empty: no checkpoints
  bool resume = false;
};

struct PmnEpochReport {
  int epoch = 0;           // 1-based
  double trainLoss = 0;
  double validationLoss = 0;
  double validationAuc = 0;  // NaN when the validation set lacks one of the classes
  bool best = false;
  double seconds = 0;        // since the start of this run
};

struct PmnTrainingReport {
  std::vector<PmnEpochReport> epochs;
  int bestEpoch = 0;
  double bestAuc = 0;
  int resumedFromEpoch = 0;
  bool stoppedEarly = false;
  std::int64_t parameters = 0;
  DeviceChoice device;
  double seconds = 0;
};

// Trains a freshly initialised network (or the checkpoint's, with resume) and writes the best epoch's weights
// to weightsPath (safetensors, the keys PmnNetwork loads). onEpoch is called after each epoch (same thread).
// Progress per batch; returning false cancels as described above.
PmnTrainingReport trainPmn(const PmnNetworkConfig& cfg, const std::vector<PmnSample>& train,
                           const std::vector<PmnSample>& validation, const PmnTrainingOptions& options,
                           const std::string& weightsPath, const std::function<void(const PmnEpochReport&)>& onEpoch = {},
                           const ProgressSink& progress = {});

// The area under the ROC curve of scores for labels 1 vs 0 (ties count 1/2); NaN without both classes.
double rocAuc(const std::vector<double>& scores, const std::vector<int>& labels);

}  // namespace hccws::infer
