#pragma once
// nnU-Net v2 plans: the network architecture and the preprocessing of one configuration (e.g. 3d_fullres),
// read from plans.json (+ dataset.json for the labels). Torch-free.
//
// Supported plans layouts: the current one (configurations.X.architecture.{network_class_name, arch_kwargs})
// and the older one (UNet_class_name, UNet_base_num_features, conv_kernel_sizes, pool_op_kernel_sizes,
// n_conv_per_stage_encoder/decoder, unet_max_num_features), plus "inherits_from". Every size is in nnU-Net's
// (z, y, x) order (see types.h for the mapping to the core's i, j, k).
// Failures throw InferenceError naming the file and the missing/unsupported key.
#include <hccws/inference/types.h>

#include <array>
#include <string>
#include <vector>

namespace hccws::infer {

enum class NetworkClass { PlainConvUNet, ResidualEncoderUNet };

struct NetworkConfig {
  NetworkClass networkClass = NetworkClass::PlainConvUNet;
  int inputChannels = 1;
  int numClasses = 2;  // output channels of the segmentation head (labels incl. background)
  std::vector<int> featuresPerStage;
  std::vector<std::array<int, 3>> kernelSizes;  // per stage, zyx
  std::vector<std::array<int, 3>> strides;      // per stage, zyx (stage 0 usually 1,1,1)
  std::vector<int> nConvPerStage;               // PlainConvUNet: convs; ResidualEncoderUNet: blocks
  std::vector<int> nConvPerStageDecoder;        // n_stages - 1 entries
  bool convBias = true;
  double normEps = 1e-5;
  double leakySlope = 0.01;

  int nStages() const { return static_cast<int>(featuresPerStage.size()); }
  // Throws InferenceError(source, ...) when the lists disagree in length or hold non-positive values.
  void validate(const std::string& source) const;
};

enum class Normalization { CT, ZScore, None };

struct ChannelNormalization {
  Normalization scheme = Normalization::CT;
  // CT: clip to [lower, upper] (the dataset's foreground 0.5 / 99.5 percentiles), then (v - mean) / std.
  double mean = 0, stddev = 1, lower = -1024, upper = 3071;
  bool useMaskForNorm = false;
};

struct NnunetPlan {
  std::string configuration;                  // e.g. "3d_fullres"
  NetworkConfig network;
  std::array<int, 3> patchSize{128, 128, 128};  // zyx
  std::array<double, 3> spacing{1, 1, 1};       // target spacing, zyx, mm
  std::array<int, 3> transposeForward{0, 1, 2};
  std::array<int, 3> transposeBackward{0, 1, 2};
  std::vector<ChannelNormalization> normalization;  // one per input channel
  std::vector<int> mirrorAxes{0, 1, 2};               // allowed test-time mirroring axes (zyx after transpose)
  std::vector<std::string> labelNames;                // index = label value
};

// Reads a configuration from plans.json; dataset.json (may be empty) gives the labels and channel count.
// numClasses defaults to the number of labels in dataset.json.
NnunetPlan readNnunetPlan(const std::string& plansJsonPath, const std::string& datasetJsonPath,
                          const std::string& configuration = "3d_fullres");
// Same from JSON text (for tests); `source` names the file in errors.
NnunetPlan parseNnunetPlan(const std::string& plansJson, const std::string& datasetJson,
                           const std::string& configuration, const std::string& source);

}  // namespace hccws::infer
