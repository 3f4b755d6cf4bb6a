// Training loop of the engine's PlainConvUNet (see training.h): nnU-Net's recipe cut down to what a CPU can
// run in minutes: patches with foreground oversampling, flips + intensity augmentation, Dice + CE loss,
// Adam or SGD (Nesterov) with poly learning-rate decay, gradient clipping. No deep supervision: the network
// class the Segmenter runs computes only the full-resolution head, and training that same class keeps one
// implementation of the architecture (the lower seg_layers keep their initial weights, so every nnU-Net key
// is still present in the weights file).
#include <hccws/inference/device.h>
#include <hccws/inference/tensor_file.h>
#include <hccws/inference/training.h>

#include "torch_device.h"
#include "unet.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace hccws::infer {
namespace {

namespace F = torch::nn::functional;
using torch::indexing::Slice;

// Portable draws from std::mt19937_64's raw output (std distributions differ between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  double uniform() { return static_cast<double>(g_() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  std::int64_t below(std::int64_t n) {  // 0 .. n-1
    return std::min<std::int64_t>(n - 1, static_cast<std::int64_t>(uniform() * static_cast<double>(n)));
  }

 private:
  std::mt19937_64 g_;
};

struct CaseTensors {
  torch::Tensor data;    // (C, Z, Y, X) float, padded to at least the patch
  torch::Tensor labels;  // (Z, Y, X) uint8
  std::vector<std::vector<std::int64_t>> classVoxels;  // per class (index = label), linear indices
};

void validate(const std::vector<PreparedCase>& cases, const NnunetPlan& plan, const TrainingOptions& o) {
  if (cases.empty()) throw InferenceError("training", "no training cases given");
  if (o.epochs <= 0) throw InferenceError("training", "epochs must be at least 1 (got " + std::to_string(o.epochs) + ")");
  if (o.iterationsPerEpoch <= 0)
    throw InferenceError("training", "iterations per epoch must be at least 1 (got " +
                                         std::to_string(o.iterationsPerEpoch) + ")");
  if (o.batchSize <= 0) throw InferenceError("training", "batch size must be at least 1");
  if (!(o.initialLr > 0)) throw InferenceError("training", "the learning rate must be positive");
  if (o.foregroundFraction < 0 || o.foregroundFraction > 1)
    throw InferenceError("training", "the foreground fraction must be in [0, 1]");
  for (int a : o.mirrorAxes)
    if (a < 0 || a > 2) throw InferenceError("training", "mirror axes must be 0, 1 or 2");
  plan.network.validate("training plan");
  for (const auto& c : cases) {
    const std::int64_t n = c.shapeZyx[0] * c.shapeZyx[1] * c.shapeZyx[2];
    if (c.channels != plan.network.inputChannels)
      throw InferenceError(c.id, "has " + std::to_string(c.channels) + " channels, the network takes " +
                                     std::to_string(plan.network.inputChannels));
    if (n <= 0 || static_cast<std::int64_t>(c.data.size()) != n * c.channels ||
        static_cast<std::int64_t>(c.labels.size()) != n)
      throw InferenceError(c.id, "data or labels do not match its shape");
    for (std::uint8_t l : c.labels)
      if (l >= plan.network.numClasses)
        throw InferenceError(c.id, "has label " + std::to_string(l) + " but the network has " +
                                       std::to_string(plan.network.numClasses) + " classes");
  }
}

CaseTensors toTensors(const PreparedCase& c, const std::array<int, 3>& patch, int numClasses) {
  const auto& s = c.shapeZyx;
  CaseTensors t;
  t.data = torch::from_blob(const_cast<float*>(c.data.data()), {c.channels, s[0], s[1], s[2]}, torch::kFloat).clone();
  t.labels = torch::from_blob(const_cast<std::uint8_t*>(c.labels.data()), {s[0], s[1], s[2]}, torch::kUInt8).clone();
  // Pad (constant 0, like the sliding window's padding at inference) so that every patch fits.
  std::vector<std::int64_t> pad;
  bool any = false;
  for (int a = 2; a >= 0; --a) {
    const std::int64_t diff = std::max<std::int64_t>(0, patch[a] - s[a]);
    pad.push_back(diff / 2);
    pad.push_back(diff - diff / 2);
    any = any || diff > 0;
  }
  if (any) {
    t.data = F::pad(t.data, F::PadFuncOptions(pad));
    t.labels = F::pad(t.labels.unsqueeze(0).to(torch::kFloat), F::PadFuncOptions(pad))[0].to(torch::kUInt8);
  }
  t.classVoxels.resize(static_cast<std::size_t>(numClasses));
  const auto flat = t.labels.flatten();
  const std::uint8_t* p = flat.data_ptr<std::uint8_t>();
  for (std::int64_t v = 0; v < flat.numel(); ++v)
    if (p[v] > 0) t.classVoxels[p[v]].push_back(v);
  return t;
}

// He initialisation as nnU-Net's InitWeights_He(1e-2): kaiming normal on conv weights, zero conv biases.
void initialiseHe(detail::UNet& net) {
  torch::NoGradGuard noGrad;
  for (auto& item : net->named_parameters(true)) {
    auto& p = item.value();
    if (p.dim() == 5) {
      torch::nn::init::kaiming_normal_(p, 1e-2);
    } else if (item.key().find(".norm.") == std::string::npos &&
               item.key().size() >= 4 && item.key().compare(item.key().size() - 4, 4, "bias") == 0) {
      p.zero_();
    }
  }
}

void setLearningRate(torch::optim::Optimizer& opt, OptimizerKind kind, double lr) {
  for (auto& g : opt.param_groups()) {
    if (kind == OptimizerKind::Adam)
      static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
    else
      static_cast<torch::optim::SGDOptions&>(g.options()).lr(lr);
  }
}

// Dice (nnU-Net's MemoryEfficientSoftDiceLoss: softmax, no background, smooth 1e-5, batch dice) + CE.
torch::Tensor diceCeLoss(const torch::Tensor& logits, const torch::Tensor& target) {
  const auto ce = F::cross_entropy(logits, target);
  const auto k = logits.size(1);
  auto probs = torch::softmax(logits, 1).slice(1, 1, k);
  auto onehot = torch::one_hot(target, k).permute({0, 4, 1, 2, 3}).slice(1, 1, k).to(probs.dtype());
  const std::vector<std::int64_t> dims{0, 2, 3, 4};
  const auto intersect = (probs * onehot).sum(dims);
  const auto denom = probs.sum(dims) + onehot.sum(dims);
  const double smooth = 1e-5;
  const auto dc = (2 * intersect + smooth) / torch::clamp_min(denom + smooth, 1e-8);
  return ce + (1 - dc.mean());
}

void probeWritable(const std::string& path) {
  const std::string probe = path + ".probe";
  {
    std::ofstream o(probe, std::ios::trunc);
    if (!o) throw InferenceError(path, "cannot be written (folder missing or not writable)");
  }
  std::remove(probe.c_str());
}

// Restores LibTorch's process-wide cuDNN flags after a deterministic run.
class CudnnDeterminism {
 public:
  CudnnDeterminism()
      : det_(at::globalContext().deterministicCuDNN()), bench_(at::globalContext().benchmarkCuDNN()) {
    at::globalContext().setDeterministicCuDNN(true);
    at::globalContext().setBenchmarkCuDNN(false);
  }
  ~CudnnDeterminism() {
    at::globalContext().setDeterministicCuDNN(det_);
    at::globalContext().setBenchmarkCuDNN(bench_);
  }
  CudnnDeterminism(const CudnnDeterminism&) = delete;
  CudnnDeterminism& operator=(const CudnnDeterminism&) = delete;

 private:
  bool det_, bench_;
};

TrainingReport train(const std::vector<PreparedCase>& cases, const NnunetPlan& plan, const TrainingOptions& o,
                     const std::string& weightsPath, const ProgressSink& progress);

}  // namespace

TrainingReport trainSegmentationNetwork(const std::vector<PreparedCase>& cases, const NnunetPlan& plan,
                                        const TrainingOptions& o, const std::string& weightsPath,
                                        const ProgressSink& progress) {
  try {
    return train(cases, plan, o, weightsPath, progress);
  } catch (...) {
    // No LibTorch backtrace or bare bad_alloc reaches the user (issue 13).
    detail::rethrowAsInferenceError(weightsPath.empty() ? std::string("training") : weightsPath, "training");
  }
}

namespace {

TrainingReport train(const std::vector<PreparedCase>& cases, const NnunetPlan& plan, const TrainingOptions& o,
                     const std::string& weightsPath, const ProgressSink& progress) {
  validate(cases, plan, o);
  if (!weightsPath.empty()) probeWritable(weightsPath);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

  TrainingReport report;
  report.device = selectDevice(o.device);
  const torch::Device device = detail::torchDevice(report.device);
  CudnnDeterminism determinism;
  torch::manual_seed(o.seed);
  Rng rng(o.seed ^ 0x9e3779b97f4a7c15ULL);

  const auto& patch = plan.patchSize;
  const int k = plan.network.numClasses;
  std::vector<CaseTensors> data;
  data.reserve(cases.size());
  for (const auto& c : cases) data.push_back(toTensors(c, patch, k));

  detail::UNet net(plan.network);
  initialiseHe(net);
  net->to(device);
  net->train();
  for (const auto& p : net->parameters()) report.parameters += p.numel();
  std::unique_ptr<torch::optim::Optimizer> opt;
  if (o.optimizer == OptimizerKind::Adam)
    opt = std::make_unique<torch::optim::Adam>(net->parameters(),
                                               torch::optim::AdamOptions(o.initialLr).weight_decay(o.weightDecay));
  else
    opt = std::make_unique<torch::optim::SGD>(
        net->parameters(),
        torch::optim::SGDOptions(o.initialLr).momentum(0.99).nesterov(true).weight_decay(o.weightDecay));

  const std::int64_t total = static_cast<std::int64_t>(o.epochs) * o.iterationsPerEpoch;
  std::int64_t it = 0;
  std::string stage = "training epoch 1/" + std::to_string(o.epochs);
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    double epochSum = 0;
    for (int i = 0; i < o.iterationsPerEpoch; ++i, ++it) {
      if (progress && !progress(static_cast<double>(it) / static_cast<double>(total), stage)) throw Cancelled();
      std::vector<torch::Tensor> xs, ys;
      for (int b = 0; b < o.batchSize; ++b) {
        const auto& c = data[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(data.size())))];
        const std::array<std::int64_t, 3> shape{c.labels.size(0), c.labels.size(1), c.labels.size(2)};
        std::array<std::int64_t, 3> lo{};
        std::vector<int> present;
        for (int cls = 1; cls < k; ++cls)
          if (!c.classVoxels[static_cast<std::size_t>(cls)].empty()) present.push_back(cls);
        const bool foreground = !present.empty() && rng.uniform() < o.foregroundFraction;
        if (foreground) {
          const auto& vox = c.classVoxels[static_cast<std::size_t>(present[static_cast<std::size_t>(
              rng.below(static_cast<std::int64_t>(present.size())))])];
          std::int64_t v = vox[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(vox.size())))];
          const std::array<std::int64_t, 3> centre{v / (shape[1] * shape[2]), (v / shape[2]) % shape[1], v % shape[2]};
          for (int a = 0; a < 3; ++a)
            lo[a] = std::clamp<std::int64_t>(centre[a] - patch[a] / 2, 0, shape[a] - patch[a]);
        } else {
          for (int a = 0; a < 3; ++a) lo[a] = rng.below(shape[a] - patch[a] + 1);
        }
        auto x = c.data.index({Slice(), Slice(lo[0], lo[0] + patch[0]), Slice(lo[1], lo[1] + patch[1]),
                               Slice(lo[2], lo[2] + patch[2])}).clone();
        auto y = c.labels.index({Slice(lo[0], lo[0] + patch[0]), Slice(lo[1], lo[1] + patch[1]),
                                 Slice(lo[2], lo[2] + patch[2])});
        std::vector<std::int64_t> flips;
        for (int a : o.mirrorAxes)
          if (rng.uniform() < 0.5) flips.push_back(a);
        if (!flips.empty()) {
          std::vector<std::int64_t> xdims;
          for (auto a : flips) xdims.push_back(a + 1);
          x = x.flip(xdims);
          y = y.flip(flips);
        }
        for (std::int64_t ch = 0; ch < x.size(0); ++ch) {
          const double scale = rng.uniform(1 - o.intensityScale, 1 + o.intensityScale);
          const double shift = rng.uniform(-o.intensityShift, o.intensityShift);
          x[ch].mul_(scale).add_(shift);
        }
        if (o.noiseSigma > 0 && rng.uniform() < o.noiseProbability)
          x.add_(torch::randn(x.sizes()) * rng.uniform(0, o.noiseSigma));
        xs.push_back(x);
        ys.push_back(y.to(torch::kLong));
      }
      auto x = torch::stack(xs).to(device), y = torch::stack(ys).to(device);
      const double lr =
          o.initialLr * std::pow(1.0 - static_cast<double>(it) / static_cast<double>(total), o.polyExponent);
      setLearningRate(*opt, o.optimizer, lr);
      opt->zero_grad();
      auto loss = diceCeLoss(net(x), y);
      loss.backward();
      torch::nn::utils::clip_grad_norm_(net->parameters(), o.gradientClipNorm);
      opt->step();
      const double l = loss.item<double>();
      if (!std::isfinite(l))
        throw InferenceError("training", "the loss diverged (" + std::to_string(l) + ") at iteration " +
                                             std::to_string(it + 1) + "; lower the learning rate");
      report.iterationLoss.push_back(l);
      epochSum += l;
    }
    report.epochLoss.push_back(epochSum / o.iterationsPerEpoch);
    if (o.onEpoch) o.onEpoch(epoch, report.epochLoss.back(), elapsed());
    std::ostringstream s;
    s.precision(4);
    s << "training epoch " << std::min(epoch + 1, o.epochs) << "/" << o.epochs << " (loss " << report.epochLoss.back() << ")";
    stage = s.str();
  }
  if (progress && !progress(1.0, "training done")) throw Cancelled();

  if (!weightsPath.empty()) {
    std::map<std::string, RawTensor> out;
    for (const auto& item : net->named_parameters(true)) {
      auto t = item.value().detach().to(torch::kCPU, torch::kFloat).contiguous();
      out.emplace(item.key(), makeF32(t.sizes().vec(), std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel())));
    }
    writeSafetensors(weightsPath, out,
                     {{"format", "hccws-weights-1"}, {"source", "hccws train segmentation"},
                      {"seed", std::to_string(o.seed)}, {"epochs", std::to_string(o.epochs)},
                      {"iterations_per_epoch", std::to_string(o.iterationsPerEpoch)}});
  }
  report.seconds = elapsed();
  return report;
}

}  // namespace
}  // namespace hccws::infer
