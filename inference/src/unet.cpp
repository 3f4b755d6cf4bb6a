// nnU-Net v2 networks in LibTorch (see unet.h for the key-name contract).
#include "unet.h"

#include <hccws/inference/tensor_file.h>

#include <set>
#include <sstream>

namespace hccws::infer::detail {
namespace {

torch::ExpandingArray<3> ea(const std::array<int, 3>& a) { return torch::ExpandingArray<3>({a[0], a[1], a[2]}); }

bool anyStride(const std::array<int, 3>& s) { return s[0] != 1 || s[1] != 1 || s[2] != 1; }

}  // namespace

ConvNormActImpl::ConvNormActImpl(int cin, int cout, std::array<int, 3> kernel, std::array<int, 3> stride, bool bias,
                                 const NetworkConfig& cfg, bool nonlin)
    : slope_(cfg.leakySlope), nonlin_(nonlin) {
  const std::array<int, 3> pad{(kernel[0] - 1) / 2, (kernel[1] - 1) / 2, (kernel[2] - 1) / 2};
  conv_ = register_module("conv", torch::nn::Conv3d(torch::nn::Conv3dOptions(cin, cout, ea(kernel))
                                                        .stride(ea(stride)).padding(ea(pad)).bias(bias)));
  norm_ = register_module("norm", torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(cout)
                                                                .eps(cfg.normEps).affine(true)
                                                                .track_running_stats(false)));
}

torch::Tensor ConvNormActImpl::forward(const torch::Tensor& x) {
  auto y = norm_(conv_(x));
  return nonlin_ ? torch::leaky_relu_(y, slope_) : y;
}

StackedConvBlocksImpl::StackedConvBlocksImpl(int n, int cin, int cout, std::array<int, 3> kernel,
                                             std::array<int, 3> stride, const NetworkConfig& cfg) {
  torch::nn::ModuleList list;
  for (int i = 0; i < n; ++i) {
    convs_.emplace_back(i == 0 ? cin : cout, cout, kernel, i == 0 ? stride : std::array<int, 3>{1, 1, 1},
                        cfg.convBias, cfg, true);
    list->push_back(convs_.back().ptr());
  }
  register_module("convs", list);
}

torch::Tensor StackedConvBlocksImpl::forward(torch::Tensor x) {
  for (auto& c : convs_) x = c(x);
  return x;
}

BasicBlockDImpl::BasicBlockDImpl(int cin, int cout, std::array<int, 3> kernel, std::array<int, 3> stride,
                                 const NetworkConfig& cfg)
    : slope_(cfg.leakySlope) {
  conv1_ = register_module("conv1", ConvNormAct(cin, cout, kernel, stride, cfg.convBias, cfg, true));
  conv2_ = register_module("conv2", ConvNormAct(cout, cout, kernel, std::array<int, 3>{1, 1, 1}, cfg.convBias, cfg, false));
  if (anyStride(stride) || cin != cout) {
    // nnU-Net's skip path is an nn.Sequential: [AvgPool3d(stride, stride)] then [1x1 conv (no bias) + norm].
    torch::nn::ModuleList skip;
    if (anyStride(stride)) {
      skipPool_ = torch::nn::AvgPool3d(torch::nn::AvgPool3dOptions(ea(stride)).stride(ea(stride)));
      skip->push_back(skipPool_.ptr());
    }
    if (cin != cout) {
      skipConv_ = ConvNormAct(cin, cout, std::array<int, 3>{1, 1, 1}, std::array<int, 3>{1, 1, 1}, false, cfg, false);
      skip->push_back(skipConv_.ptr());
    }
    register_module("skip", skip);
  }
}

torch::Tensor BasicBlockDImpl::forward(const torch::Tensor& x) {
  torch::Tensor residual = x;
  if (skipPool_) residual = skipPool_(residual);
  if (skipConv_) residual = skipConv_(residual);
  auto out = conv2_(conv1_(x));
  out += residual;
  return torch::leaky_relu_(out, slope_);
}

UNetImpl::UNetImpl(const NetworkConfig& cfg) : cfg_(cfg) {
  cfg.validate("network configuration");
  const int n = cfg.nStages();
  auto encoder = std::make_shared<torch::nn::Module>("encoder");
  torch::nn::ModuleList stages;
  int cin = cfg.inputChannels;
  if (cfg.networkClass == NetworkClass::ResidualEncoderUNet) {
    stem_ = encoder->register_module("stem", StackedConvBlocks(1, cin, cfg.featuresPerStage[0], cfg.kernelSizes[0],
                                                               std::array<int, 3>{1, 1, 1}, cfg));
    cin = cfg.featuresPerStage[0];
  }
  for (int s = 0; s < n; ++s) {
    const int cout = cfg.featuresPerStage[s];
    if (cfg.networkClass == NetworkClass::PlainConvUNet) {
      // nnU-Net wraps each stage's StackedConvBlocks in an nn.Sequential: key "stages.<s>.0.convs...".
      torch::nn::ModuleList stage;
      plainStages_.emplace_back(cfg.nConvPerStage[s], cin, cout, cfg.kernelSizes[s], cfg.strides[s], cfg);
      stage->push_back(plainStages_.back().ptr());
      stages->push_back(stage.ptr());
    } else {
      auto stage = std::make_shared<torch::nn::Module>("StackedResidualBlocks");
      torch::nn::ModuleList blocks;
      residualStages_.emplace_back();
      for (int b = 0; b < cfg.nConvPerStage[s]; ++b) {
        residualStages_.back().emplace_back(b == 0 ? cin : cout, cout, cfg.kernelSizes[s],
                                            b == 0 ? cfg.strides[s] : std::array<int, 3>{1, 1, 1}, cfg);
        blocks->push_back(residualStages_.back().back().ptr());
      }
      stage->register_module("blocks", blocks);
      stages->push_back(stage);
    }
    cin = cout;
  }
  encoder->register_module("stages", stages);
  register_module("encoder", encoder);

  auto decoder = std::make_shared<torch::nn::Module>("decoder");
  torch::nn::ModuleList dstages, tconvs, segs;
  for (int s = 1; s < n; ++s) {
    const int below = cfg.featuresPerStage[n - s];
    const int skip = cfg.featuresPerStage[n - s - 1];
    const auto& st = cfg.strides[n - s];
    transpconvs_.emplace_back(torch::nn::ConvTranspose3dOptions(below, skip, ea(st)).stride(ea(st)).bias(cfg.convBias));
    tconvs->push_back(transpconvs_.back().ptr());
    decStages_.emplace_back(cfg.nConvPerStageDecoder[s - 1], 2 * skip, skip, cfg.kernelSizes[n - s - 1],
                            std::array<int, 3>{1, 1, 1}, cfg);
    dstages->push_back(decStages_.back().ptr());
    segLayers_.emplace_back(torch::nn::Conv3dOptions(skip, cfg.numClasses, 1).bias(true));
    segs->push_back(segLayers_.back().ptr());
  }
  decoder->register_module("stages", dstages);
  decoder->register_module("transpconvs", tconvs);
  decoder->register_module("seg_layers", segs);
  register_module("decoder", decoder);
}

std::vector<torch::Tensor> UNetImpl::encode(torch::Tensor x) {
  std::vector<torch::Tensor> skips;
  if (stem_) x = stem_(x);
  if (cfg_.networkClass == NetworkClass::PlainConvUNet) {
    for (auto& st : plainStages_) skips.push_back(x = st(x));
  } else {
    for (auto& blocks : residualStages_) {
      for (auto& b : blocks) x = b(x);
      skips.push_back(x);
    }
  }
  return skips;
}

torch::Tensor UNetImpl::forward(const torch::Tensor& input) {
  auto skips = encode(input);
  torch::Tensor lres = skips.back();
  const std::size_t nDec = decStages_.size();
  for (std::size_t s = 0; s < nDec; ++s) {
    auto x = transpconvs_[s](lres);
    x = torch::cat({x, skips[skips.size() - s - 2]}, 1);
    lres = decStages_[s](x);
    skips[skips.size() - s - 1] = torch::Tensor();  // free the consumed skip early (peak memory)
  }
  return segLayers_.back()(lres);
}

StateDict readStateDict(const std::string& path) {
  const TensorFile f = readSafetensors(path);
  StateDict sd;
  for (const auto& [name, raw] : f.tensors) {
    const auto values = raw.toFloat();
    sd.emplace(name, torch::from_blob(const_cast<float*>(values.data()), raw.shape, torch::kFloat32).clone());
  }
  return sd;
}

namespace {

std::string canonicalKey(std::string k) {
  for (const std::string& prefix : {std::string("_orig_mod."), std::string("module.")})
    if (k.rfind(prefix, 0) == 0) k = k.substr(prefix.size());
  return k;
}

// nnU-Net's state_dict holds every ConvDropoutNormReLU's modules twice (conv/norm and all_modules.N), and the
// decoder's reference to the encoder (decoder.encoder.*): both are copies of keys we load.
bool isKnownDuplicate(const std::string& k) {
  return k.find(".all_modules.") != std::string::npos || k.rfind("decoder.encoder.", 0) == 0;
}

}  // namespace

void loadStateDict(UNet& net, const StateDict& sdIn, const std::string& source) {
  StateDict sd;
  for (const auto& [k, v] : sdIn) sd.emplace(canonicalKey(k), v);
  std::set<std::string> used;
  torch::NoGradGuard noGrad;
  for (auto& item : net->named_parameters(true)) {
    const auto it = sd.find(item.key());
    if (it == sd.end())
      throw InferenceError(source, "weights lack '" + item.key() +
                                       "': the checkpoint does not match the architecture in plans.json");
    if (it->second.sizes() != item.value().sizes()) {
      std::ostringstream m;
      m << "weights '" << item.key() << "' have shape " << it->second.sizes() << ", the network expects "
        << item.value().sizes();
      throw InferenceError(source, m.str());
    }
    item.value().copy_(it->second.to(item.value().device()));
    item.value().set_requires_grad(false);
    used.insert(item.key());
  }
  for (const auto& [k, v] : sd) {
    if (used.count(k) || isKnownDuplicate(k)) continue;
    throw InferenceError(source, "weights hold '" + k + "', which this network does not have: "
                                 "the checkpoint does not match the architecture in plans.json");
  }
}

}  // namespace hccws::infer::detail
