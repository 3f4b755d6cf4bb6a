// Training the PMN (see pmn_training.h).
#include <hccws/inference/pmn_training.h>

#include <hccws/inference/device.h>
#include <hccws/inference/tensor_file.h>

#include "pmn_net.h"
#include "torch_device.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <random>

namespace hccws::infer {

namespace {

// Portable uniform draws (std distributions differ between standard libraries).
struct Draw {
  explicit Draw(std::uint64_t seed) : engine(seed) {}
  double uniform() { return static_cast<double>(engine() >> 11) * (1.0 / 9007199254740992.0); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)) % n; }
  std::mt19937_64 engine;
};

void checkSamples(const PmnNetworkConfig& cfg, const std::vector<PmnSample>& samples, const std::string& set) {
  for (const auto& s : samples) {
    if (s.input.channels != cfg.inChannels)
      throw InferenceError(s.id, set + " sample has " + std::to_string(s.input.channels) + " channels; the network takes " +
                                     std::to_string(cfg.inChannels));
    if (s.input.dims != samples.front().input.dims)
      throw InferenceError(s.id, set + " sample's ROI size differs from the first sample's");
    for (const auto& [arm, r] : s.response) {
      bool known = false;
      for (const auto& a : cfg.arms) known = known || pmnHeadName(a) == pmnHeadName(arm);
      if (!known) throw InferenceError(s.id, "response for arm '" + arm + "', which the network has no head for");
      if (r != 0 && r != 1) throw InferenceError(s.id, "response must be 0 or 1");
    }
  }
}

// (N, C, k, j, i) float tensor of the samples, on the CPU.
torch::Tensor stackInputs(const std::vector<PmnSample>& samples) {
  const auto& d = samples.front().input.dims;
  const int64_t c = samples.front().input.channels;
  torch::Tensor x = torch::empty({static_cast<int64_t>(samples.size()), c, d[2], d[1], d[0]});
  for (std::size_t n = 0; n < samples.size(); ++n)
    std::copy(samples[n].input.values.begin(), samples[n].input.values.end(), x[static_cast<int64_t>(n)].data_ptr<float>());
  return x;
}

struct Labels {
  torch::Tensor subtype;                      // (N) long, -1 unknown
  std::map<std::string, torch::Tensor> arms;  // lower-case arm -> (N) long: 0 response, 1 none, -1 unknown
};

Labels labelsOf(const PmnNetworkConfig& cfg, const std::vector<PmnSample>& samples) {
  Labels l;
  const auto n = static_cast<int64_t>(samples.size());
  l.subtype = torch::full({n}, -1, torch::kLong);
  for (const auto& arm : cfg.arms) l.arms[pmnHeadName(arm)] = torch::full({n}, -1, torch::kLong);
  for (int64_t i = 0; i < n; ++i) {
    const auto& s = samples[static_cast<std::size_t>(i)];
    l.subtype[i] = s.proliferative;
    for (const auto& [arm, r] : s.response) l.arms[pmnHeadName(arm)][i] = r == 1 ? 0 : 1;  // class 0 = response
  }
  return l;
}

torch::Tensor lossOn(detail::PmnNet& net, const detail::PmnForward& out, const Labels& labels, const torch::Tensor& idx,
                     const torch::Device& dev) {
  std::map<std::string, torch::Tensor> arms;
  for (const auto& [arm, t] : labels.arms) arms[arm] = t.index_select(0, idx).to(dev);
  return detail::pmnLoss(net, out, labels.subtype.index_select(0, idx).to(dev), arms);
}

void saveWeights(detail::PmnNet& net, const std::string& path, const std::map<std::string, std::string>& meta) {
  std::map<std::string, RawTensor> tensors;
  for (const auto& item : net->named_parameters()) {
    const torch::Tensor t = item.value().detach().to(torch::kCPU, torch::kFloat32).contiguous();
    tensors[item.key()] = makeF32(t.sizes().vec(), std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel()));
  }
  writeSafetensors(path, tensors, meta);
}

}  // namespace

double rocAuc(const std::vector<double>& scores, const std::vector<int>& labels) {
  std::vector<std::pair<double, int>> v;
  for (std::size_t i = 0; i < scores.size() && i < labels.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) v.emplace_back(scores[i], labels[i]);
  std::sort(v.begin(), v.end());
  double pos = 0, neg = 0, rankSum = 0;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && v[j].first == v[i].first) ++j;
    const double midRank = (static_cast<double>(i) + static_cast<double>(j - 1)) / 2 + 1;  // 1-based average rank
    for (std::size_t k = i; k < j; ++k)
      if (v[k].second == 1) rankSum += midRank;
    i = j;
  }
  for (const auto& p : v) (p.second == 1 ? pos : neg) += 1;
  if (pos == 0 || neg == 0) return std::numeric_limits<double>::quiet_NaN();
  return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
}

PmnTrainingReport trainPmn(const PmnNetworkConfig& cfg, const std::vector<PmnSample>& train,
                           const std::vector<PmnSample>& validation, const PmnTrainingOptions& o,
                           const std::string& weightsPath, const std::function<void(const PmnEpochReport&)>& onEpoch,
                           const ProgressSink& progress) {
  validatePmnNetworkConfig(cfg, "PMN training");
  if (train.empty()) throw InferenceError("", "PMN training: no training samples");
  if (o.epochs < 1 || o.epochs > 100000) throw InferenceError("", "PMN training: epochs must be 1..100000");
  if (o.batchSize < 1 || o.batchSize > 4096) throw InferenceError("", "PMN training: batch size must be 1..4096");
  if (!(o.lr > 0 && o.lr < 10)) throw InferenceError("", "PMN training: learning rate must be in (0, 10)");
  checkSamples(cfg, train, "training");
  checkSamples(cfg, validation, "validation");
  if (!validation.empty() && validation.front().input.dims != train.front().input.dims)
    throw InferenceError(validation.front().id, "validation ROI size differs from the training ROIs'");

  PmnTrainingReport report;
  const auto t0 = std::chrono::steady_clock::now();
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  try {
    report.device = selectDevice(o.device);
    const torch::Device dev = detail::torchDevice(report.device);
    torch::manual_seed(o.seed);
    detail::PmnNet net(cfg);
    net->initialise(o.seed);
    net->to(dev);
    for (const auto& p : net->parameters()) report.parameters += p.numel();
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(o.lr).weight_decay(o.weightDecay));

    const torch::Tensor xTrain = stackInputs(train);
    const Labels yTrain = labelsOf(cfg, train);
    const torch::Tensor xVal = validation.empty() ? torch::Tensor() : stackInputs(validation);
    const Labels yVal = validation.empty() ? Labels() : labelsOf(cfg, validation);

    int startEpoch = 1;
    double bestAuc = -1;
    const std::string ckpt = o.checkpointDir.empty() ? "" : (std::filesystem::path(o.checkpointDir) / "last.pt").string();
    if (o.resume) {
      if (ckpt.empty() || !std::filesystem::exists(ckpt))
        throw InferenceError(ckpt.empty() ? o.checkpointDir : ckpt, "no checkpoint to resume from");
      torch::serialize::InputArchive in;
      in.load_from(ckpt, dev);
      torch::serialize::InputArchive model, opt;
      in.read("model", model);
      in.read("optimizer", opt);
      net->load(model);
      adam.load(opt);
      torch::Tensor epoch, best, bestEpoch;
      in.read("epoch", epoch);
      in.read("best_auc", best);
      in.read("best_epoch", bestEpoch);
      startEpoch = static_cast<int>(epoch.item<int64_t>()) + 1;
      bestAuc = best.item<double>();
      report.bestEpoch = static_cast<int>(bestEpoch.item<int64_t>());
      report.bestAuc = bestAuc;
      report.resumedFromEpoch = startEpoch - 1;
    }
    const auto writeCheckpoint = [&](int epoch) {
      if (ckpt.empty()) return;
      std::filesystem::create_directories(o.checkpointDir);
      torch::serialize::OutputArchive out, model, opt;
      net->save(model);
      adam.save(opt);
      out.write("model", model);
      out.write("optimizer", opt);
      out.write("epoch", torch::tensor(static_cast<int64_t>(epoch)));
      out.write("best_auc", torch::tensor(bestAuc, torch::kFloat64));
      out.write("best_epoch", torch::tensor(static_cast<int64_t>(report.bestEpoch)));
      out.save_to(ckpt + ".tmp");
      std::filesystem::rename(ckpt + ".tmp", ckpt);
    };

    // class balancing: indices by subtype
    std::vector<std::size_t> cls[2], unknown;
    for (std::size_t i = 0; i < train.size(); ++i)
      (train[i].proliferative == 0 ? cls[0] : train[i].proliferative == 1 ? cls[1] : unknown).push_back(i);
    const int imageChannels = std::max(0, cfg.inChannels - std::max(0, o.maskChannels));
    int patienceLeft = o.patience;

    for (int epoch = startEpoch; epoch <= o.epochs; ++epoch) {
      Draw draw(o.seed * 1000003ull + static_cast<std::uint64_t>(epoch));
      std::vector<std::size_t> order(unknown);
      const std::size_t major = std::max(cls[0].size(), cls[1].size());
      for (int c = 0; c < 2; ++c) {
        if (cls[c].empty()) continue;
        if (!o.balanceClasses || cls[c].size() == major) {
          order.insert(order.end(), cls[c].begin(), cls[c].end());
        } else {
          const auto& pool = cls[c];
          for (std::size_t k = 0; k < major; ++k) order.push_back(pool[k < pool.size() ? k : draw.below(pool.size())]);
        }
      }
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[draw.below(i)]);

      net->train();
      double lossSum = 0;
      int batches = 0;
      const std::size_t nb = (order.size() + static_cast<std::size_t>(o.batchSize) - 1) / static_cast<std::size_t>(o.batchSize);
      for (std::size_t b = 0; b < nb; ++b) {
        if (progress && !progress((epoch - 1 + static_cast<double>(b) / static_cast<double>(nb)) / o.epochs, "training PMN"))
          throw Cancelled();
        const std::size_t lo = b * static_cast<std::size_t>(o.batchSize), hi = std::min(order.size(), lo + o.batchSize);
        std::vector<int64_t> ids(order.begin() + static_cast<std::ptrdiff_t>(lo), order.begin() + static_cast<std::ptrdiff_t>(hi));
        const torch::Tensor idx = torch::tensor(ids, torch::kLong);
        torch::Tensor x = xTrain.index_select(0, idx).clone();
        if (o.augment) {
          std::vector<torch::Tensor> parts;
          for (int64_t s = 0; s < x.size(0); ++s) {
            torch::Tensor xs = x[s];  // (C, k, j, i)
            for (int64_t axis = 1; axis <= 3; ++axis)
              if (draw.uniform() < 0.5) xs = xs.flip({axis});
            const int64_t turns = static_cast<int64_t>(draw.below(4));
            if (turns > 0 && xs.size(2) == xs.size(3)) xs = torch::rot90(xs, turns, {2, 3});
            if (o.rotateDegrees > 0) {
              // a small rotation about the slice axis: (x, y) of affine_grid's (x, y, z) order
              const double a = (2 * draw.uniform() - 1) * o.rotateDegrees * M_PI / 180;
              const torch::Tensor theta = torch::tensor({std::cos(a), -std::sin(a), 0.0, 0.0, std::sin(a), std::cos(a), 0.0,
                                                         0.0, 0.0, 0.0, 1.0, 0.0},
                                                        torch::kFloat32)
                                              .view({1, 3, 4});
              const auto sizes = xs.unsqueeze(0).sizes().vec();
              const torch::Tensor grid = torch::nn::functional::affine_grid(theta, sizes, false);
              xs = torch::nn::functional::grid_sample(
                       xs.unsqueeze(0), grid,
                       torch::nn::functional::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false))
                       .squeeze(0);
            }
            if (imageChannels > 0) {
              const double scale = 1 + (2 * draw.uniform() - 1) * o.intensityScale;
              const double shift = (2 * draw.uniform() - 1) * o.intensityShift;
              xs = xs.clone();
              xs.narrow(0, 0, imageChannels).mul_(scale).add_(shift);
            }
            parts.push_back(xs);
          }
          x = torch::stack(parts);
        }
        x = x.to(dev);
        adam.zero_grad();
        const detail::PmnForward out = net->forward(x);
        const torch::Tensor loss = lossOn(net, out, yTrain, idx, dev);
        if (loss.requires_grad()) {
          loss.backward();
          adam.step();
        }
        lossSum += loss.item<double>();
        ++batches;
      }

      PmnEpochReport er;
      er.epoch = epoch;
      er.trainLoss = batches ? lossSum / batches : 0;
      er.validationAuc = std::numeric_limits<double>::quiet_NaN();
      if (!validation.empty()) {
        net->eval();
        torch::NoGradGuard noGrad;
        std::vector<double> scores;
        double vloss = 0;
        int vb = 0;
        for (int64_t lo = 0; lo < xVal.size(0); lo += o.batchSize) {
          const int64_t hi = std::min<int64_t>(xVal.size(0), lo + o.batchSize);
          const torch::Tensor idx = torch::arange(lo, hi, torch::kLong);
          const detail::PmnForward out = net->forward(xVal.index_select(0, idx).to(dev));
          vloss += lossOn(net, out, yVal, idx, dev).item<double>();
          ++vb;
          const torch::Tensor p = out.prob.at("subtype").select(1, 1).to(torch::kCPU, torch::kFloat64).contiguous();
          scores.insert(scores.end(), p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
        }
        er.validationLoss = vb ? vloss / vb : 0;
        std::vector<int> labels;
        for (const auto& s : validation) labels.push_back(s.proliferative);
        er.validationAuc = rocAuc(scores, labels);
      }
      // the best epoch: highest validation AUC (lowest training loss without validation)
      const double figure = validation.empty() ? -er.trainLoss : (std::isnan(er.validationAuc) ? -er.validationLoss : er.validationAuc);
      if (figure > bestAuc || report.bestEpoch == 0) {
        bestAuc = figure;
        report.bestEpoch = epoch;
        report.bestAuc = er.validationAuc;
        er.best = true;
        patienceLeft = o.patience;
        saveWeights(net, weightsPath, {{"format", "hccws-pmn-weights"}, {"epoch", std::to_string(epoch)},
                                       {"seed", std::to_string(o.seed)}});
      } else if (o.patience > 0 && --patienceLeft <= 0) {
        report.stoppedEarly = true;
      }
      er.seconds = seconds();
      report.epochs.push_back(er);
      writeCheckpoint(epoch);
      if (onEpoch) onEpoch(er);
      if (report.stoppedEarly) break;
    }
  } catch (...) {
    detail::rethrowAsInferenceError(weightsPath, "training the PMN");
  }
  report.seconds = seconds();
  return report;
}

}  // namespace hccws::infer
