#pragma once
// PlainConvUNet and ResidualEncoderUNet (nnU-Net v2 / dynamic_network_architectures), 3D only, inference only.
// Module registration names reproduce nnU-Net's state_dict keys exactly, e.g.
//   encoder.stages.0.0.convs.0.conv.weight   (PlainConvUNet: stage -> [StackedConvBlocks] -> convs -> conv/norm)
//   encoder.stem.convs.0.conv.weight, encoder.stages.2.blocks.1.conv1.norm.bias, ...skip.1.conv.weight
//   decoder.transpconvs.0.weight, decoder.stages.0.convs.0.conv.weight, decoder.seg_layers.4.weight
// The decoder computes only the highest-resolution head (nnU-Net's inference with deep supervision off);
// the other heads still exist so that a checkpoint's keys all map.
// Private header (includes Torch); used by the Torch translation units of hccws_inference only.
#include <hccws/inference/plans.h>

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace hccws::infer::detail {

// Conv3d -> InstanceNorm3d(affine) -> LeakyReLU (nnU-Net's ConvDropoutNormReLU, no dropout at inference).
class ConvNormActImpl : public torch::nn::Module {
 public:
  ConvNormActImpl(int cin, int cout, std::array<int, 3> kernel, std::array<int, 3> stride, bool bias,
                  const NetworkConfig& cfg, bool nonlin);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv3d conv_{nullptr};
  torch::nn::InstanceNorm3d norm_{nullptr};
  double slope_;
  bool nonlin_;
};
TORCH_MODULE(ConvNormAct);

class StackedConvBlocksImpl : public torch::nn::Module {
 public:
  StackedConvBlocksImpl(int n, int cin, int cout, std::array<int, 3> kernel, std::array<int, 3> stride,
                        const NetworkConfig& cfg);
  torch::Tensor forward(torch::Tensor x);

 private:
  std::vector<ConvNormAct> convs_;
};
TORCH_MODULE(StackedConvBlocks);

// BasicBlockD: conv1 (with nonlin) -> conv2 (no nonlin) + skip (AvgPool if strided, 1x1 conv-norm if the
// channel count changes) -> LeakyReLU.
class BasicBlockDImpl : public torch::nn::Module {
 public:
  BasicBlockDImpl(int cin, int cout, std::array<int, 3> kernel, std::array<int, 3> stride, const NetworkConfig& cfg);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ConvNormAct conv1_{nullptr}, conv2_{nullptr}, skipConv_{nullptr};
  torch::nn::AvgPool3d skipPool_{nullptr};
  double slope_;
};
TORCH_MODULE(BasicBlockD);

class UNetImpl : public torch::nn::Module {
 public:
  explicit UNetImpl(const NetworkConfig& cfg);
  // x: (N, C, Z, Y, X), each spatial size divisible by the product of the strides. Returns (N, K, Z, Y, X).
  torch::Tensor forward(const torch::Tensor& x);
  const NetworkConfig& config() const { return cfg_; }

 private:
  std::vector<torch::Tensor> encode(torch::Tensor x);
  NetworkConfig cfg_;
  StackedConvBlocks stem_{nullptr};
  std::vector<StackedConvBlocks> plainStages_;          // PlainConvUNet: one stack per stage
  std::vector<std::vector<BasicBlockD>> residualStages_;  // ResidualEncoderUNet: blocks per stage
  std::vector<torch::nn::ConvTranspose3d> transpconvs_;
  std::vector<StackedConvBlocks> decStages_;
  std::vector<torch::nn::Conv3d> segLayers_;
};
TORCH_MODULE(UNet);

// Named tensors as read from a weights file (float32, CPU).
using StateDict = std::map<std::string, torch::Tensor>;

// Reads a safetensors file (F32/F16/BF16 tensors) into float32 CPU tensors. Throws InferenceError naming it.
StateDict readStateDict(const std::string& path);

// Copies every parameter of `net` from `sd` (keys as nnU-Net's). nnU-Net's duplicate keys (`.all_modules.`,
// `decoder.encoder.`) and `_orig_mod.`/`module.` prefixes are accepted; a missing key, a shape mismatch or an
// unexpected key throws InferenceError naming `source` and the key. Parameters end with requires_grad false.
void loadStateDict(UNet& net, const StateDict& sd, const std::string& source);

}  // namespace hccws::infer::detail
