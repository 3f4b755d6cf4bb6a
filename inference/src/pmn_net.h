#pragma once
// The Prototype Mamba Net (docs/pmn.md): stride-3 patch embedding, a convolutional branch (residual blocks,
// InstanceNorm) and a Mamba branch (forward, backward and inter-slice selective scans over the tokens), fused,
// projected per position into the prototype space; prototype heads for the subtype (non-proliferative /
// proliferative) and for each arm's efficacy (response / no response), trained with Yang et al.'s
// distance-based cross-entropy plus the prototype loss.
// Registered names reproduce the PyTorch reference's state_dict (inference/python/pmn_reference.py) and,
// inside a Mamba layer, the public Mamba implementations' names (in_proj, conv1d, x_proj, dt_proj, A_log, D,
// out_proj; conv1d_b / A_b_log / D_b backward, conv1d_s / A_s_log / D_s inter-slice).
// Private header (Torch).
#include <hccws/inference/pmn.h>

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace hccws::infer::detail {

enum class ScanKind { Chunked, Sequential };

// The W-fastest flattening of a (D, H, W) token grid reordered for one scan direction, as an index tensor.
torch::Tensor tokenOrder(const std::string& direction, int64_t d, int64_t h, int64_t w);

class PmnMixerImpl : public torch::nn::Module {
 public:
  PmnMixerImpl(int dim, const PmnNetworkConfig& cfg);
  // t: (b, L, dim) tokens of a (d, h, w) grid, W fastest.
  torch::Tensor forward(const torch::Tensor& t, int64_t d, int64_t h, int64_t w);
  ScanKind scan = ScanKind::Chunked;

 private:
  struct Direction {
    std::string name;
    torch::nn::Conv1d conv1d{nullptr};
    torch::nn::Linear xProj{nullptr}, dtProj{nullptr};
    torch::Tensor aLog, d;
  };
  PmnNetworkConfig cfg_;
  int dInner_, dtRank_;
  torch::nn::Linear inProj_{nullptr}, outProj_{nullptr};
  std::vector<Direction> dirs_;
};
TORCH_MODULE(PmnMixer);

class PmnMambaLayerImpl : public torch::nn::Module {
 public:
  PmnMambaLayerImpl(int dim, const PmnNetworkConfig& cfg);
  torch::Tensor forward(const torch::Tensor& t, int64_t d, int64_t h, int64_t w);
  PmnMixer mixer{nullptr};

 private:
  torch::nn::LayerNorm norm_{nullptr};
};
TORCH_MODULE(PmnMambaLayer);

class PmnResBlockImpl : public torch::nn::Module {
 public:
  explicit PmnResBlockImpl(int dim);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv3d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::InstanceNorm3d norm1_{nullptr}, norm2_{nullptr};
};
TORCH_MODULE(PmnResBlock);

struct PmnForward {
  torch::Tensor fused;  // (b, E, d, h, w): the last fused features (Grad-CAM's layer)
  torch::Tensor g;      // (b, P, d, h, w): per-position features in the prototype space
  torch::Tensor f;      // (b, P): pooled feature
  // per head ("subtype", then the arms in lower case): distances (b, 2J) and class probabilities (b, 2)
  std::map<std::string, torch::Tensor> dist, prob;
};

class PmnNetImpl : public torch::nn::Module {
 public:
  explicit PmnNetImpl(const PmnNetworkConfig& cfg);
  // x: (b, C, D, H, W), each size a multiple of the patch stride.
  PmnForward forward(const torch::Tensor& x);
  const PmnNetworkConfig& config() const { return cfg_; }
  const torch::Tensor& prototypes(const std::string& head) const;  // (2J, P)
  void setScan(ScanKind k);
  // Mamba-style initialisation for training from scratch (A_log = log 1..n, D = 1, dt in [1e-3, 0.1]
  // log-uniform through the softplus inverse, prototypes N(0, 0.5^2)); deterministic for a seed.
  void initialise(uint64_t seed);

 private:
  PmnNetworkConfig cfg_;
  torch::nn::Conv3d embedProj_{nullptr}, fusionConv_{nullptr}, proj_{nullptr};
  torch::nn::InstanceNorm3d embedNorm_{nullptr}, fusionNorm_{nullptr};
  std::vector<PmnResBlock> blocks_;
  std::vector<PmnMambaLayer> layers_;
  torch::nn::LayerNorm normF_{nullptr};
  std::map<std::string, torch::Tensor> prototypes_;
};
TORCH_MODULE(PmnNet);

// The heads in output order: "subtype", then each arm in lower case.
std::vector<std::string> pmnHeads(const PmnNetworkConfig& cfg);

// Yang et al.'s DCE loss for one head: mean over the batch of -log p(y) + lambda * min_j ||f - m_{y,j}||^2.
// dist (b, 2J); y (b) int64 in {0, 1}.
torch::Tensor dceLoss(const torch::Tensor& dist, const torch::Tensor& y, double gamma, double lambda, int perClass);

// The training objective: the subtype head's DCE loss over the samples with a known subtype (subtype: (b) int64,
// -1 where unknown) plus each arm's over the samples with a known response (armLabels[arm]: (b) int64, -1 where
// unknown); 0 (without a gradient) when no label is known.
torch::Tensor pmnLoss(PmnNet& net, const PmnForward& out, const torch::Tensor& subtype,
                      const std::map<std::string, torch::Tensor>& armLabels);

struct PmnMaps {
  torch::Tensor share;   // (b, 2J, D, H, W): each prototype's share of the softmax at each position
  torch::Tensor prolif;  // (b, 1, D, H, W): per-position p(proliferative)
  torch::Tensor cam;     // (b, 1, D, H, W): Grad-CAM of log p(proliferative) on the fused features, max 1
};
// Runs the network with gradients for Grad-CAM (parameters are not changed); maps upsampled trilinearly to
// the input size.
PmnMaps pmnMaps(PmnNet& net, const torch::Tensor& x, PmnForward* outputs = nullptr);

// Loads every parameter from a state dict (keys as named_parameters); a missing, extra or misshapen key
// throws InferenceError naming `source` and the key.
void loadPmnStateDict(PmnNet& net, const std::map<std::string, torch::Tensor>& sd, const std::string& source);

}  // namespace hccws::infer::detail
