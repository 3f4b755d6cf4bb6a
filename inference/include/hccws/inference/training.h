#pragma once
// Training of the engine's own networks (nnU-Net v2's PlainConvUNet, the class the Segmenter runs, with
// nnU-Net's state_dict key names) on in-memory cases, and writing the result as a model bundle that
// loadBundle()/Segmenter load unchanged. Torch-free header (LibTorch stays in src/training*.cpp).
//
// Data flow (nnU-Net's, docs/inference.md "Training"):
//   TrainingCase (channels in HU + labels on the original grid)
//     -> foregroundIntensityStats()      CT normalisation statistics (labels > 0) as nnU-Net's fingerprint
//     -> prepareTrainingCase(plan)       the Segmenter's own preprocessing (crop, normalise, resample to the
//                                        plan's spacing); labels resampled one-hot linear + argmax
//     -> trainSegmentationNetwork()      patches with foreground oversampling, cheap augmentation,
//                                        Dice + CE loss, Adam or SGD (Nesterov) with poly learning rate
//     -> writeTrainedBundle()            manifest.json, plans.json, dataset.json, fold_0.safetensors
// Axes: every "zyx" is nnU-Net's order (see types.h): the core's (i, j, k) buffer viewed as [k][j][i].
//
// Determinism: for a given seed, device and CPU thread count the weights and losses are repeatable:
// torch::manual_seed(seed) before the network is built, and every sampling/augmentation draw comes from an
// own std::mt19937_64 with portable conversions (no std distributions). On CUDA cuDNN is switched to its
// deterministic algorithms for the run (process-wide LibTorch state, restored afterwards).
// Threading: synchronous on the calling thread; LibTorch uses DeviceRequest::cpuThreads intra-op threads
// (process-wide, as for the Segmenter). Progress is reported per iteration; returning false throws Cancelled.
// Failures: bad arguments (no cases, zero epochs, cases that do not fit the plan, labels outside the classes)
// throw InferenceError naming the argument or case; an unwritable output throws InferenceError naming the file.
#include <hccws/inference/plans.h>
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hccws::infer {

// One case on its original grid: channels in the bundle's channel order, all on one grid (InputImage's
// dims/spacing, i fastest), labels on the same grid with values 0 .. numClasses - 1.
struct TrainingCase {
  std::string id;  // for messages, e.g. "phantom seed 12"
  std::vector<InputImage> channels;
  std::vector<std::uint8_t> labels;
};

// nnU-Net's foreground_intensity_properties_per_channel entry (DatasetFingerprintExtractor): statistics of
// the channel's values where labels > 0, over all cases. Percentiles as numpy.percentile (linear).
struct IntensityStats {
  double mean = 0, stddev = 0, median = 0, min = 0, max = 0, percentile005 = 0, percentile995 = 0;
  std::int64_t voxels = 0;
};
// Throws InferenceError when no case has a foreground voxel or the channel index is out of range.
IntensityStats foregroundIntensityStats(const std::vector<TrainingCase>& cases, int channel);

// A case preprocessed exactly as the Segmenter preprocesses its input (transpose, crop to non-zero,
// normalisation, resampling to plan.spacing), with its labels on the same grid.
struct PreparedCase {
  std::string id;
  int channels = 0;
  std::array<std::int64_t, 3> shapeZyx{0, 0, 0};
  std::vector<float> data;            // (C, Z, Y, X) C order
  std::vector<std::uint8_t> labels;   // (Z, Y, X) C order
};
PreparedCase prepareTrainingCase(const TrainingCase& c, const NnunetPlan& plan);

enum class OptimizerKind { Adam, SgdNesterov };

struct TrainingOptions {
  int epochs = 30;
  int iterationsPerEpoch = 40;
  int batchSize = 2;
  OptimizerKind optimizer = OptimizerKind::Adam;
  double initialLr = 3e-3;       // nnU-Net's SGD: 1e-2 (momentum 0.99, Nesterov)
  double weightDecay = 3e-5;
  double polyExponent = 0.9;     // lr = initialLr * (1 - iteration / total) ^ polyExponent
  double gradientClipNorm = 12;  // nnU-Net's clip_grad_norm_
  // Probability that a patch is centred on a foreground voxel (class drawn uniformly among the foreground
  // classes present in the case, as nnU-Net's oversample_foreground_percent = 0.33).
  double foregroundFraction = 1.0 / 3.0;
  // Augmentation (cheap, per patch): flips along these zyx axes with p = 0.5 each (empty: none); intensity
  // scale U(1 - s, 1 + s) and shift U(-t, t) per channel (normalised units); Gaussian noise with sigma
  // U(0, noiseSigma) with probability noiseProbability.
  std::vector<int> mirrorAxes{0, 1, 2};
  double intensityScale = 0.1, intensityShift = 0.1, noiseSigma = 0.1, noiseProbability = 0.15;
  std::uint64_t seed = 1;
  DeviceRequest device;  // Auto: CUDA when visible
  // Called after each epoch (same thread) with the 1-based epoch, its mean loss and the seconds so far.
  std::function<void(int epoch, double meanLoss, double seconds)> onEpoch;
};

struct TrainingReport {
  std::vector<double> iterationLoss;  // every iteration, in order
  std::vector<double> epochLoss;      // mean per epoch
  std::int64_t parameters = 0;
  DeviceChoice device;
  double seconds = 0;
};

// Trains plan.network on patches of plan.patchSize and writes the weights (nnU-Net keys, float32
// safetensors with the seed in the metadata) to weightsPath, unless it is empty.
TrainingReport trainSegmentationNetwork(const std::vector<PreparedCase>& cases, const NnunetPlan& plan,
                                        const TrainingOptions& options, const std::string& weightsPath,
                                        const ProgressSink& progress = {});

// A small nnU-Net 3d_fullres plan for training: PlainConvUNet, 3x3x3 kernels, stride 2 after stage 0,
// two convolutions per stage, InstanceNorm + LeakyReLU; CT normalisation from `stats` (one per channel).
NnunetPlan makeTrainingPlan(const std::vector<int>& featuresPerStage, const std::array<int, 3>& patchZyx,
                            const std::array<double, 3>& spacingZyx, const std::vector<IntensityStats>& stats,
                            const std::vector<std::string>& labelNames);

// What the bundle says about itself besides the plan (see docs/inference.md, manifest.json).
struct TrainedBundleInfo {
  std::string name, version = "1.0.0", description, provenance, trainingData, license;
  std::string datasetName = "Dataset900_HccwsPhantom";
  std::vector<std::string> channelPhases;  // phase per channel, e.g. {"arterial", "portal_venous"}
  std::vector<IntensityStats> stats;       // per channel, written into plans.json
  int trainingCases = 0;
  std::string trainingRecordJson;          // JSON object stored as manifest "training" (command, seed, time)
};

// Writes plans.json, dataset.json and manifest.json (with SHA-256 of every file) into `directory`, which
// must already hold `weightsFile` (relative name, e.g. "fold_0.safetensors"). Throws InferenceError naming
// the file that cannot be written.
void writeTrainedBundle(const std::string& directory, const NnunetPlan& plan, const TrainedBundleInfo& info,
                        const std::string& weightsFile = "fold_0.safetensors");

}  // namespace hccws::infer
