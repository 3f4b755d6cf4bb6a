// NetworkRunner: the network + sliding window behind a Torch-free API (tests, benchmarks).
#include <hccws/inference/device.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/tensor_file.h>

#include "sliding_window.h"
#include "torch_device.h"

namespace hccws::infer {

struct NetworkRunner::Impl {
  detail::UNet net{nullptr};
  detail::WindowContext ctx;
};

NetworkRunner::NetworkRunner(const NetworkConfig& config, const std::string& weightsFile, const DeviceRequest& device)
    : impl_(std::make_unique<Impl>()) {
  impl_->ctx.choice = selectDevice(device);
  impl_->ctx.device = detail::torchDevice(impl_->ctx.choice);
  impl_->ctx.resultsDevice = impl_->ctx.device;
  try {
    impl_->net = detail::UNet(config);
    if (!weightsFile.empty()) detail::loadStateDict(impl_->net, detail::readStateDict(weightsFile), weightsFile);
  } catch (...) {
    detail::rethrowAsInferenceError(weightsFile, "building the network");
  }
  for (auto& p : impl_->net->parameters()) p.set_requires_grad(false);
  impl_->net->eval();
  impl_->net->to(impl_->ctx.device);
}

NetworkRunner::~NetworkRunner() = default;
NetworkRunner::NetworkRunner(NetworkRunner&&) noexcept = default;
NetworkRunner& NetworkRunner::operator=(NetworkRunner&&) noexcept = default;

const DeviceChoice& NetworkRunner::device() const { return impl_->ctx.choice; }

std::int64_t NetworkRunner::parameterCount() const {
  std::int64_t n = 0;
  for (const auto& p : impl_->net->parameters()) n += p.numel();
  return n;
}

void NetworkRunner::saveWeights(const std::string& path) const {
  std::map<std::string, RawTensor> out;
  for (const auto& item : impl_->net->named_parameters(true)) {
    auto t = item.value().detach().to(torch::kCPU, torch::kFloat).contiguous();
    out.emplace(item.key(), makeF32(t.sizes().vec(), std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel())));
  }
  writeSafetensors(path, out, {{"format", "hccws-weights-1"}, {"source", "NetworkRunner::saveWeights"}});
}

namespace {

torch::Tensor inputTensor(const std::vector<float>& input, const std::array<std::int64_t, 3>& zyx, int channels) {
  const std::int64_t n = channels * zyx[0] * zyx[1] * zyx[2];
  if (static_cast<std::int64_t>(input.size()) != n)
    throw InferenceError("", "input holds " + std::to_string(input.size()) + " values, expected " + std::to_string(n) +
                                 " (channels x Z x Y x X)");
  return torch::from_blob(const_cast<float*>(input.data()), {channels, zyx[0], zyx[1], zyx[2]}, torch::kFloat);
}

std::vector<float> toVector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kFloat).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

std::vector<float> NetworkRunner::predictTile(const std::vector<float>& input, const std::array<std::int64_t, 3>& zyx,
                                              bool mirroring, Mode mode) const {
  torch::NoGradGuard noGrad;
  WindowOptions o;
  o.mirroring = mirroring;
  o.mode = mode;
  try {
    auto x = inputTensor(input, zyx, impl_->net->config().inputChannels).unsqueeze(0).to(impl_->ctx.device);
    return toVector(detail::predictTile(impl_->net, x, o, impl_->ctx));
  } catch (...) {
    detail::rethrowAsInferenceError("", "predicting a tile");
  }
}

std::vector<float> NetworkRunner::slidingWindow(const std::vector<float>& input, const std::array<std::int64_t, 3>& zyx,
                                                const WindowOptions& options, const ProgressSink& progress) const {
  torch::NoGradGuard noGrad;
  auto ctx = impl_->ctx;
  if (options.accumulateOnHost) ctx.resultsDevice = torch::kCPU;
  try {
    auto data = inputTensor(input, zyx, impl_->net->config().inputChannels);
    auto logits = detail::slidingWindow(impl_->net, data.to(ctx.resultsDevice), options, ctx, [&](int done, int total) {
      if (progress && !progress(static_cast<double>(done) / total, "sliding window")) throw Cancelled();
    });
    return toVector(logits);
  } catch (...) {
    detail::rethrowAsInferenceError("", "sliding-window prediction");
  }
}

}  // namespace hccws::infer
