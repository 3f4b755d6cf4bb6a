#pragma once
// The Prototype Mamba Net (PMN) of Cao et al. 2025 (../shared/docs/science.md; architecture, choices and
// scales in docs/pmn.md): from an ROI of the arterial and portal venous CT around a tumour (and optionally
// its mask), p(proliferative subtype), the DL risk score per treatment arm, the distance to every prototype,
// and heatmaps (per-prototype shares, per-position p(proliferative), Grad-CAM) on the ROI grid.
// Torch-free (pimpl): the GUI and the command line include it.
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hccws::infer {

// The network's hyper-parameters (manifest.json "network" of a PMN bundle). Defaults are the shipped demo
// model's; where the paper is silent the choice is ours and says so in docs/pmn.md.
struct PmnNetworkConfig {
  int inChannels = 3;        // arterial, portal venous, tumour mask
  int patchStride = 3;       // the paper's H/3 x W/3 x D/3 patch embedding
  int embedDim = 24;         // E: channels after the embedding
  int convBlocks = 2;        // residual blocks of the convolutional branch
  int mambaLayers = 1;       // Mamba layers of the state-space branch
  int dState = 16;           // N (Mamba default)
  int dConv = 4;             // causal depthwise convolution width (Mamba default)
  int expand = 2;            // inner width = expand x E (Mamba default)
  int dtRank = 0;            // 0: ceil(E / 16) (Mamba default)
  std::vector<std::string> directions{"forward", "backward", "slice"};
  int protoDim = 32;         // P: the prototype space
  int prototypesPerClass = 3;  // J prototypes per class and head
  std::vector<std::string> arms{"HAIC", "TACE"};
  double gamma = 1.0;        // DCE temperature: p = softmax(-gamma d)
  double prototypeLossWeight = 0.001;  // lambda of the prototype loss (Yang et al.'s default)
  int scanChunk = 64;        // tokens per chunk of the chunked selective scan
  // How the per-position features become one: "mask" = weighted by the lesion mask (the last input channel,
  // averaged over each patch; uniform where the mask is empty), "mean" = over every position of the ROI.
  std::string pooling = "mask";

  int effectiveDtRank() const { return dtRank > 0 ? dtRank : (embedDim + 15) / 16; }
};

// The name of an arm's head and output keys: the arm in lower case ("HAIC" -> "haic").
std::string pmnHeadName(const std::string& arm);

// Checks ranges and combinations; throws InferenceError(file, "'network.<key>' ...") on the first problem.
void validatePmnNetworkConfig(const PmnNetworkConfig& cfg, const std::string& file);

// Reads the configuration from a JSON file: the object at `key` ("network" in a bundle's manifest.json; the
// whole file when key is empty). Keys: in_channels, patch_stride, embed_dim, conv_blocks, mamba_layers, d_state,
// d_conv, expand, dt_rank, directions, proto_dim, prototypes_per_class, arms, gamma, prototype_loss_weight,
// scan_chunk; a missing key keeps its default. Validated; errors name the file and the key.
PmnNetworkConfig readPmnNetworkConfig(const std::string& jsonPath, const std::string& key = {});

// One ROI, ready for the network: `channels` blocks of dims[0] x dims[1] x dims[2] values (i fastest), each
// dimension a multiple of patchStride, already windowed and normalised.
struct PmnInput {
  std::array<std::int64_t, 3> dims{0, 0, 0};
  int channels = 0;
  std::vector<float> values;
};

struct PmnArmOutput {
  std::string arm;            // "HAIC", "TACE"
  double pResponse = 0;       // p(class "response") of the arm's prototype head
  double riskScore = 0;       // DL risk score = 1 - pResponse: in [0, 1], higher = less benefit (docs/pmn.md)
  std::vector<double> distances;  // squared distances to the arm's 2J prototypes (response j.., none j..)
};

struct PmnOutput {
  double pProliferative = 0;
  std::vector<double> subtypeDistances;  // 2J: non-proliferative prototypes first, then proliferative
  std::vector<PmnArmOutput> arms;
  // Heatmaps on the ROI grid (dims as the input, i fastest); empty unless asked for.
  std::vector<float> proliferativeMap;               // per-position p(proliferative), [0, 1]
  std::vector<float> gradCam;                        // Grad-CAM of log p(proliferative), max 1
  std::vector<std::vector<float>> prototypeMaps;     // 2J maps: each prototype's share, [0, 1]
};

// A network with its weights on a device. Not thread-safe: one run at a time.
class PmnNetwork {
 public:
  // weightsPath: safetensors with the keys of docs/pmn.md; every key must be present with its shape.
  PmnNetwork(const PmnNetworkConfig& cfg, const std::string& weightsPath, const DeviceChoice& device);
  ~PmnNetwork();
  PmnNetwork(const PmnNetwork&) = delete;
  PmnNetwork& operator=(const PmnNetwork&) = delete;

  const PmnNetworkConfig& config() const;
  // Runs one ROI. withMaps adds the heatmaps (one backward pass for Grad-CAM). progress may be empty.
  PmnOutput run(const PmnInput& input, bool withMaps, const ProgressSink& progress = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hccws::infer
