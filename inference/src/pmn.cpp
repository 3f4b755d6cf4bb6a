// PmnNetwork: the Torch-free face of the PMN (hccws/inference/pmn.h). The network runs in fp32 on the chosen
// device (the selective scan must be fp32; the network is small enough that autocast would gain little).
#include <hccws/inference/pmn.h>

#include <hccws/inference/limits.h>

#include "pmn_net.h"
#include "torch_device.h"
#include "unet.h"  // readStateDict

#include <algorithm>
#include <set>

namespace hccws::infer {

namespace {
std::vector<float> toVector(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}
std::vector<double> toDoubles(const torch::Tensor& t) {
  const auto f = toVector(t);
  return {f.begin(), f.end()};
}
}  // namespace

struct PmnNetwork::Impl {
  PmnNetworkConfig cfg;
  DeviceChoice device;
  torch::Device torchDevice{torch::kCPU};
  mutable detail::PmnNet net{nullptr};
  std::string weightsPath;
};

PmnNetwork::PmnNetwork(const PmnNetworkConfig& cfg, const std::string& weightsPath, const DeviceChoice& device)
    : impl_(std::make_unique<Impl>()) {
  validatePmnNetworkConfig(cfg, weightsPath);
  impl_->cfg = cfg;
  impl_->device = device;
  impl_->weightsPath = weightsPath;
  try {
    impl_->torchDevice = detail::torchDevice(device);
    impl_->net = detail::PmnNet(cfg);
    detail::loadPmnStateDict(impl_->net, detail::readStateDict(weightsPath), weightsPath);
    for (auto& p : impl_->net->parameters()) p.set_requires_grad(false);
    impl_->net->to(impl_->torchDevice);
    impl_->net->eval();
  } catch (...) {
    detail::rethrowAsInferenceError(weightsPath, "loading the PMN weights");
  }
}

PmnNetwork::~PmnNetwork() = default;

const PmnNetworkConfig& PmnNetwork::config() const { return impl_->cfg; }

PmnOutput PmnNetwork::run(const PmnInput& in, bool withMaps, const ProgressSink& progress) const {
  const auto& cfg = impl_->cfg;
  if (in.channels != cfg.inChannels)
    throw InferenceError(impl_->weightsPath, "the ROI has " + std::to_string(in.channels) + " channels; the network takes " +
                                                 std::to_string(cfg.inChannels));
  std::uint64_t n = 1;
  for (auto d : in.dims) {
    if (d <= 0 || d % cfg.patchStride != 0 || d > 1024)
      throw InferenceError(impl_->weightsPath, "ROI size " + std::to_string(d) + " is not a positive multiple of the patch stride " +
                                                   std::to_string(cfg.patchStride) + " (at most 1024)");
    n *= static_cast<std::uint64_t>(d);
  }
  if (in.values.size() != n * static_cast<std::uint64_t>(in.channels))
    throw InferenceError(impl_->weightsPath, "the ROI holds " + std::to_string(in.values.size()) + " values; expected " +
                                                 std::to_string(n * in.channels));
  checkTensorBytes(impl_->weightsPath, "the ROI", n * in.channels, 4);
  if (progress && !progress(0.0, "pmn")) throw Cancelled();
  PmnOutput result;
  try {
    // tensor (1, C, k, j, i): the buffer is channel-major, i fastest
    const torch::Tensor x = torch::from_blob(const_cast<float*>(in.values.data()),
                                             {1, in.channels, in.dims[2], in.dims[1], in.dims[0]}, torch::kFloat32)
                                .to(impl_->torchDevice);
    detail::PmnForward out;
    detail::PmnMaps maps;
    if (withMaps) {
      maps = detail::pmnMaps(impl_->net, x, &out);
    } else {
      torch::NoGradGuard noGrad;
      out = impl_->net->forward(x);
    }
    if (progress && !progress(0.9, "pmn")) throw Cancelled();
    result.pProliferative = out.prob.at("subtype")[0][1].item<double>();
    result.subtypeDistances = toDoubles(out.dist.at("subtype")[0]);
    for (const auto& arm : cfg.arms) {
      const std::string l = pmnHeadName(arm);
      PmnArmOutput a;
      a.arm = arm;
      a.pResponse = out.prob.at(l)[0][0].item<double>();
      a.riskScore = 1.0 - a.pResponse;
      a.distances = toDoubles(out.dist.at(l)[0]);
      result.arms.push_back(std::move(a));
    }
    if (withMaps) {
      result.proliferativeMap = toVector(maps.prolif[0][0]);
      result.gradCam = toVector(maps.cam[0][0]);
      for (int64_t k = 0; k < maps.share.size(1); ++k) result.prototypeMaps.push_back(toVector(maps.share[0][k]));
    }
  } catch (...) {
    detail::rethrowAsInferenceError(impl_->weightsPath, "running the PMN network");
  }
  if (progress) progress(1.0, "pmn");
  return result;
}

}  // namespace hccws::infer
