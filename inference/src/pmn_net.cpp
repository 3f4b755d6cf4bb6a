#include "pmn_net.h"

#include "selective_scan.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <set>

namespace hccws::infer::detail {

namespace {
namespace F = torch::nn::functional;

const std::map<std::string, std::string>& directionSuffix() {
  static const std::map<std::string, std::string> m{{"forward", ""}, {"backward", "_b"}, {"slice", "_s"}};
  return m;
}

torch::Tensor leaky(const torch::Tensor& x) { return F::leaky_relu(x, F::LeakyReLUFuncOptions().negative_slope(0.01)); }

// A module that only groups others under a name ("conv_branch", "heads", ...), as nn.Module() does in Python.
std::shared_ptr<torch::nn::Module> group(torch::nn::Module& parent, const std::string& name) {
  return parent.register_module(name, std::make_shared<torch::nn::Module>());
}
}  // namespace

torch::Tensor tokenOrder(const std::string& direction, int64_t d, int64_t h, int64_t w) {
  torch::Tensor idx = torch::arange(d * h * w, torch::kLong);
  if (direction == "forward") return idx;
  if (direction == "backward") return idx.flip(0);
  if (direction == "slice") return idx.view({d, h, w}).permute({1, 2, 0}).reshape({-1});
  TORCH_CHECK(false, "unknown scan direction ", direction);
}

PmnMixerImpl::PmnMixerImpl(int dim, const PmnNetworkConfig& cfg)
    : cfg_(cfg), dInner_(cfg.expand * dim), dtRank_(cfg.effectiveDtRank()) {
  const int n = cfg.dState;
  inProj_ = register_module("in_proj", torch::nn::Linear(torch::nn::LinearOptions(dim, 2 * dInner_).bias(false)));
  for (const auto& name : cfg.directions) {
    const std::string s = directionSuffix().at(name);
    Direction dir;
    dir.name = name;
    dir.conv1d = register_module("conv1d" + s, torch::nn::Conv1d(torch::nn::Conv1dOptions(dInner_, dInner_, cfg.dConv)
                                                                     .groups(dInner_)
                                                                     .padding(cfg.dConv - 1)
                                                                     .bias(true)));
    dir.xProj = register_module("x_proj" + s, torch::nn::Linear(torch::nn::LinearOptions(dInner_, dtRank_ + 2 * n).bias(false)));
    dir.dtProj = register_module("dt_proj" + s, torch::nn::Linear(torch::nn::LinearOptions(dtRank_, dInner_).bias(true)));
    dir.aLog = register_parameter(s.empty() ? "A_log" : "A" + s + "_log",
                                  torch::log(torch::arange(1, n + 1, torch::kFloat32)).repeat({dInner_, 1}));
    dir.d = register_parameter("D" + s, torch::ones({dInner_}));
    dirs_.push_back(std::move(dir));
  }
  outProj_ = register_module("out_proj", torch::nn::Linear(torch::nn::LinearOptions(dInner_, dim).bias(false)));
}

torch::Tensor PmnMixerImpl::forward(const torch::Tensor& t, int64_t d, int64_t h, int64_t w) {
  const int64_t L = t.size(1);
  const auto xz = inProj_(t).chunk(2, -1);
  const torch::Tensor& x = xz[0];
  const torch::Tensor& z = xz[1];
  torch::Tensor total;
  const int n = cfg_.dState;
  for (auto& dir : dirs_) {
    const torch::Tensor order = tokenOrder(dir.name, d, h, w).to(t.device());
    const torch::Tensor xd = x.index_select(1, order);
    const torch::Tensor u = F::silu(dir.conv1d(xd.transpose(1, 2)).narrow(-1, 0, L)).transpose(1, 2);
    const auto dbc = dir.xProj(u).split_with_sizes({dtRank_, n, n}, -1);
    const torch::Tensor dt = F::softplus(dir.dtProj(dbc[0]));
    const torch::Tensor A = -torch::exp(dir.aLog);
    const torch::Tensor y = (scan == ScanKind::Sequential ? selectiveScanSequential(u, dt, A, dbc[1], dbc[2])
                                                          : selectiveScanChunked(u, dt, A, dbc[1], dbc[2], cfg_.scanChunk)) +
                            dir.d * u;
    const torch::Tensor back = y.index_select(1, torch::argsort(order));
    total = total.defined() ? total + back : back;
  }
  return outProj_(total / static_cast<double>(dirs_.size()) * F::silu(z));
}

PmnMambaLayerImpl::PmnMambaLayerImpl(int dim, const PmnNetworkConfig& cfg) {
  norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  mixer = register_module("mixer", PmnMixer(dim, cfg));
}

torch::Tensor PmnMambaLayerImpl::forward(const torch::Tensor& t, int64_t d, int64_t h, int64_t w) {
  return t + mixer(norm_(t), d, h, w);
}

PmnResBlockImpl::PmnResBlockImpl(int dim) {
  const auto conv = [dim] { return torch::nn::Conv3d(torch::nn::Conv3dOptions(dim, dim, 3).padding(1)); };
  const auto norm = [dim] { return torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(dim).affine(true)); };
  conv1_ = register_module("conv1", conv());
  norm1_ = register_module("norm1", norm());
  conv2_ = register_module("conv2", conv());
  norm2_ = register_module("norm2", norm());
}

torch::Tensor PmnResBlockImpl::forward(const torch::Tensor& x) {
  const torch::Tensor y = norm2_(conv2_(leaky(norm1_(conv1_(x)))));
  return leaky(x + y);
}

std::vector<std::string> pmnHeads(const PmnNetworkConfig& cfg) {
  std::vector<std::string> heads{"subtype"};
  for (const auto& a : cfg.arms) heads.push_back(pmnHeadName(a));
  return heads;
}

PmnNetImpl::PmnNetImpl(const PmnNetworkConfig& cfg) : cfg_(cfg) {
  const int e = cfg.embedDim;
  auto embed = group(*this, "patch_embed");
  embedProj_ = embed->register_module(
      "proj", torch::nn::Conv3d(torch::nn::Conv3dOptions(cfg.inChannels, e, cfg.patchStride).stride(cfg.patchStride)));
  embedNorm_ = embed->register_module("norm", torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(e).affine(true)));
  auto blocks = group(*this, "conv_branch")->register_module("blocks", torch::nn::ModuleList());
  for (int i = 0; i < cfg.convBlocks; ++i) {
    blocks_.push_back(PmnResBlock(e));
    blocks->push_back(blocks_.back());
  }
  auto mamba = group(*this, "mamba_branch");
  auto layers = mamba->register_module("layers", torch::nn::ModuleList());
  for (int i = 0; i < cfg.mambaLayers; ++i) {
    layers_.push_back(PmnMambaLayer(e, cfg));
    layers->push_back(layers_.back());
  }
  normF_ = mamba->register_module("norm_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({e})));
  auto fusion = group(*this, "fusion");
  fusionConv_ = fusion->register_module("conv", torch::nn::Conv3d(torch::nn::Conv3dOptions(2 * e, e, 1)));
  fusionNorm_ = fusion->register_module("norm", torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(e).affine(true)));
  proj_ = register_module("proj", torch::nn::Conv3d(torch::nn::Conv3dOptions(e, cfg.protoDim, 1)));
  auto heads = group(*this, "heads");
  for (const auto& h : pmnHeads(cfg))
    prototypes_[h] = group(*heads, h)->register_parameter(
        "prototypes", 0.5 * torch::randn({2 * cfg.prototypesPerClass, cfg.protoDim}));
}

const torch::Tensor& PmnNetImpl::prototypes(const std::string& head) const { return prototypes_.at(head); }

void PmnNetImpl::setScan(ScanKind k) {
  for (auto& l : layers_) l->mixer->scan = k;
}

PmnForward PmnNetImpl::forward(const torch::Tensor& x) {
  PmnForward out;
  const torch::Tensor e = embedNorm_(embedProj_(x));
  torch::Tensor c = e;
  for (auto& b : blocks_) c = b(c);
  const int64_t b = e.size(0), ch = e.size(1), d = e.size(2), h = e.size(3), w = e.size(4);
  torch::Tensor t = e.flatten(2).transpose(1, 2);
  for (auto& l : layers_) t = l(t, d, h, w);
  t = normF_(t);
  const torch::Tensor m = t.transpose(1, 2).reshape({b, ch, d, h, w});
  out.fused = leaky(fusionNorm_(fusionConv_(torch::cat({c, m}, 1))));
  out.g = proj_(out.fused);
  if (cfg_.pooling == "mask") {
    // weights: the lesion mask (last channel) averaged over each patch, + 1e-4 so an empty mask pools uniformly
    const torch::Tensor w =
        F::avg_pool3d(x.narrow(1, x.size(1) - 1, 1), F::AvgPool3dFuncOptions(cfg_.patchStride).stride(cfg_.patchStride)) +
        1e-4;
    out.f = (out.g * w).sum({2, 3, 4}) / w.sum({2, 3, 4});
  } else {
    out.f = out.g.mean({2, 3, 4});
  }
  for (const auto& [head, protos] : prototypes_) {
    const torch::Tensor dist = (out.f.unsqueeze(1) - protos.unsqueeze(0)).pow(2).sum(-1);
    out.dist[head] = dist;
    out.prob[head] = torch::softmax(-cfg_.gamma * dist, 1).view({b, 2, -1}).sum(-1);
  }
  return out;
}

void PmnNetImpl::initialise(uint64_t seed) {
  torch::NoGradGuard noGrad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& item : named_parameters()) {
    const std::string& name = item.key();
    torch::Tensor& p = item.value();
    const std::string last = name.substr(name.rfind('.') + 1);
    if (last.size() > 4 && last[0] == 'A' && last.compare(last.size() - 4, 4, "_log") == 0) {
      p.copy_(torch::log(torch::arange(1, p.size(1) + 1, torch::kFloat32)).repeat({p.size(0), 1}));
    } else if (last == "D" || last.rfind("D_", 0) == 0) {
      p.fill_(1.0);
    } else if (name.find("dt_proj") != std::string::npos && last == "bias") {
      const torch::Tensor dt = torch::exp(at::rand(p.sizes(), gen) * (std::log(0.1) - std::log(0.001)) + std::log(0.001));
      p.copy_(dt + torch::log(-torch::expm1(-dt)));  // softplus^-1(dt)
    } else if (last == "prototypes") {
      p.copy_(0.5 * at::randn(p.sizes(), gen));
    } else if (name.find("norm") != std::string::npos) {
      p.fill_(last == "weight" ? 1.0 : 0.0);
    } else if (last == "bias") {
      p.zero_();
    } else {
      const double fan = static_cast<double>(p.dim() > 1 ? p[0].numel() : p.numel());
      const double bound = 1.0 / std::sqrt(std::max(fan, 1.0));
      p.copy_(at::rand(p.sizes(), gen) * (2 * bound) - bound);
    }
  }
}

torch::Tensor dceLoss(const torch::Tensor& dist, const torch::Tensor& y, double gamma, double lambda, int perClass) {
  const int64_t b = dist.size(0);
  const torch::Tensor rows = torch::arange(b, torch::TensorOptions().dtype(torch::kLong).device(dist.device()));
  const torch::Tensor share = torch::softmax(-gamma * dist, 1).view({b, 2, perClass}).sum(-1);
  const torch::Tensor nll = -torch::log(share.index({rows, y}).clamp_min(1e-12));
  const torch::Tensor own = std::get<0>(dist.view({b, 2, perClass}).index({rows, y}).min(-1));
  return (nll + lambda * own).mean();
}

torch::Tensor pmnLoss(PmnNet& net, const PmnForward& out, const torch::Tensor& subtype,
                      const std::map<std::string, torch::Tensor>& armLabels) {
  const auto& cfg = net->config();
  torch::Tensor loss = torch::zeros({}, out.f.options());
  // One head's DCE loss over the samples whose label is known (-1: unknown, not in the loss).
  const auto add = [&](const torch::Tensor& dist, const torch::Tensor& labels) {
    const torch::Tensor keep = labels >= 0;
    if (!keep.any().item<bool>()) return;
    loss = loss + dceLoss(dist.index({keep}), labels.index({keep}), cfg.gamma, cfg.prototypeLossWeight,
                          cfg.prototypesPerClass);
  };
  add(out.dist.at("subtype"), subtype);
  for (const auto& [arm, labels] : armLabels) add(out.dist.at(pmnHeadName(arm)), labels);
  return loss;
}

PmnMaps pmnMaps(PmnNet& net, const torch::Tensor& xIn, PmnForward* outputs) {
  torch::AutoGradMode grad(true);
  const auto& cfg = net->config();
  // The input requires a gradient so that the graph exists even when the parameters do not.
  const torch::Tensor x = xIn.detach().requires_grad_(true);
  PmnForward out = net->forward(x);
  const torch::Tensor logp = torch::log(out.prob.at("subtype").select(1, 1)).sum();
  const torch::Tensor g = torch::autograd::grad({logp}, {out.fused}, {}, /*retain_graph=*/false)[0];
  PmnMaps maps;
  const torch::Tensor fused = out.fused.detach();
  const torch::Tensor weights = g.mean({2, 3, 4}, /*keepdim=*/true);
  torch::Tensor cam = torch::relu((weights * fused).sum(1, /*keepdim=*/true));
  const torch::Tensor peak = cam.amax({2, 3, 4}, /*keepdim=*/true);
  cam = torch::where(peak > 0, cam / peak.clamp_min(1e-30), cam);
  const torch::Tensor gp = out.g.detach();
  const torch::Tensor m = net->prototypes("subtype").detach();
  const int64_t K = m.size(0);
  const torch::Tensor dist = (gp.unsqueeze(1) - m.view({1, K, m.size(1), 1, 1, 1})).pow(2).sum(2);
  maps.share = torch::softmax(-cfg.gamma * dist, 1);
  maps.prolif = maps.share.narrow(1, cfg.prototypesPerClass, cfg.prototypesPerClass).sum(1, /*keepdim=*/true);
  const std::vector<int64_t> size{x.size(2), x.size(3), x.size(4)};
  const auto up = [&size](const torch::Tensor& t) {
    return F::interpolate(t, F::InterpolateFuncOptions().size(size).mode(torch::kTrilinear).align_corners(false));
  };
  maps.share = up(maps.share);
  maps.prolif = up(maps.prolif);
  maps.cam = up(cam);
  if (outputs) {
    for (auto& [k, v] : out.dist) v = v.detach();
    for (auto& [k, v] : out.prob) v = v.detach();
    out.fused = fused;
    out.g = gp;
    out.f = out.f.detach();
    *outputs = std::move(out);
  }
  return maps;
}

void loadPmnStateDict(PmnNet& net, const std::map<std::string, torch::Tensor>& sd, const std::string& source) {
  torch::NoGradGuard noGrad;
  std::set<std::string> used;
  for (auto& item : net->named_parameters()) {
    const auto it = sd.find(item.key());
    if (it == sd.end()) throw InferenceError(source, "has no tensor '" + item.key() + "' that this PMN network needs");
    if (it->second.sizes() != item.value().sizes())
      throw InferenceError(source, "tensor '" + item.key() + "' has shape " + c10::str(it->second.sizes()) +
                                       "; the network's manifest needs " + c10::str(item.value().sizes()));
    item.value().copy_(it->second);
    used.insert(item.key());
  }
  for (const auto& [k, v] : sd)
    if (!used.count(k))
      throw InferenceError(source, "holds tensor '" + k + "' that this PMN network does not have: the manifest's "
                                   "'network' does not describe these weights");
}

}  // namespace hccws::infer::detail
