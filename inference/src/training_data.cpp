// Training data: nnU-Net's foreground intensity statistics, the Segmenter's preprocessing applied to training
// cases, and the small training plan (see training.h).
#include <hccws/inference/training.h>

#include "preprocessing.h"

#include <algorithm>
#include <cmath>

namespace hccws::infer {
namespace {

// numpy.percentile with the default 'linear' method on sorted values.
double percentileSorted(const std::vector<float>& sorted, double q) {
  const double pos = q / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double f = pos - static_cast<double>(lo);
  return static_cast<double>(sorted[lo]) + f * (static_cast<double>(sorted[hi]) - static_cast<double>(sorted[lo]));
}

void checkCase(const TrainingCase& c, std::size_t channels) {
  if (c.channels.size() != channels)
    throw InferenceError(c.id, "has " + std::to_string(c.channels.size()) + " channels, the plan needs " +
                                   std::to_string(channels));
  const auto& d = c.channels[0].dims;
  const auto n = static_cast<std::size_t>(d[0] * d[1] * d[2]);
  if (n == 0) throw InferenceError(c.id, "has an empty grid");
  for (const auto& ch : c.channels)
    if (ch.dims != d || ch.voxels.size() != n)
      throw InferenceError(c.id, "channels are not on one grid (register them onto the first phase)");
  if (c.labels.size() != n) throw InferenceError(c.id, "labels are not on the channels' grid");
}

}  // namespace

IntensityStats foregroundIntensityStats(const std::vector<TrainingCase>& cases, int channel) {
  // nnU-Net samples at most 10^7 / n_cases foreground voxels per case; these cases are small enough to use
  // all of them, which gives the same statistics up to sampling noise.
  std::vector<float> values;
  for (const auto& c : cases) {
    if (channel < 0 || channel >= static_cast<int>(c.channels.size()))
      throw InferenceError(c.id, "has no channel " + std::to_string(channel));
    const auto& v = c.channels[static_cast<std::size_t>(channel)].voxels;
    if (v.size() != c.labels.size()) throw InferenceError(c.id, "labels are not on the channels' grid");
    for (std::size_t i = 0; i < v.size(); ++i)
      if (c.labels[i] > 0) values.push_back(v[i]);
  }
  if (values.empty()) throw InferenceError("", "no foreground voxel (label > 0) in the training cases");
  IntensityStats s;
  s.voxels = static_cast<std::int64_t>(values.size());
  double sum = 0;
  for (float x : values) sum += x;
  s.mean = sum / static_cast<double>(values.size());
  double ss = 0;
  for (float x : values) ss += (x - s.mean) * (x - s.mean);
  s.stddev = std::sqrt(ss / static_cast<double>(values.size()));  // numpy std (ddof 0), as nnU-Net
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.median = percentileSorted(values, 50);
  s.percentile005 = percentileSorted(values, 0.5);
  s.percentile995 = percentileSorted(values, 99.5);
  return s;
}

PreparedCase prepareTrainingCase(const TrainingCase& c, const NnunetPlan& plan) {
  checkCase(c, static_cast<std::size_t>(plan.network.inputChannels));
  for (std::uint8_t l : c.labels)
    if (l >= plan.network.numClasses)
      throw InferenceError(c.id, "has label value " + std::to_string(l) + " but the plan has " +
                                     std::to_string(plan.network.numClasses) + " classes");
  torch::NoGradGuard noGrad;
  const auto& d = c.channels[0].dims;
  std::vector<torch::Tensor> chans;
  for (const auto& ch : c.channels)
    chans.push_back(torch::from_blob(const_cast<float*>(ch.voxels.data()), {d[2], d[1], d[0]}, torch::kFloat));
  const auto& sp = c.channels[0].spacingMm;
  std::vector<std::string> log;
  // The very code the Segmenter runs: training sees what inference will see.
  const auto pp = detail::preprocess(torch::stack(chans), {sp[2], sp[1], sp[0]}, plan, log);

  const auto& tf = plan.transposeForward;
  auto seg = torch::from_blob(const_cast<std::uint8_t*>(c.labels.data()), {d[2], d[1], d[0]}, torch::kUInt8)
                 .permute({tf[0], tf[1], tf[2]});
  using torch::indexing::Slice;
  seg = seg.index({Slice(pp.bbox[0], pp.bbox[1]), Slice(pp.bbox[2], pp.bbox[3]), Slice(pp.bbox[4], pp.bbox[5])});
  // nnU-Net resamples segmentations per label with linear interpolation (resize_segmentation, order 1);
  // one-hot linear resampling followed by argmax is the same rule for non-overlapping labels.
  const std::array<std::int64_t, 3> target{pp.data.size(1), pp.data.size(2), pp.data.size(3)};
  torch::Tensor out;
  if (seg.sizes() == torch::IntArrayRef(target.data(), 3)) {
    out = seg.contiguous();
  } else {
    auto onehot = torch::one_hot(seg.to(torch::kLong), plan.network.numClasses).permute({3, 0, 1, 2}).to(torch::kFloat);
    out = detail::resampleToShape(onehot.contiguous(), target, pp.spacing, plan.spacing, 1).argmax(0).to(torch::kUInt8);
  }
  out = out.contiguous();

  PreparedCase p;
  p.id = c.id;
  p.channels = static_cast<int>(c.channels.size());
  p.shapeZyx = target;
  auto data = pp.data.contiguous();
  p.data.assign(data.data_ptr<float>(), data.data_ptr<float>() + data.numel());
  p.labels.assign(out.data_ptr<std::uint8_t>(), out.data_ptr<std::uint8_t>() + out.numel());
  return p;
}

NnunetPlan makeTrainingPlan(const std::vector<int>& features, const std::array<int, 3>& patchZyx,
                            const std::array<double, 3>& spacingZyx, const std::vector<IntensityStats>& stats,
                            const std::vector<std::string>& labelNames) {
  NnunetPlan p;
  p.configuration = "3d_fullres";
  auto& n = p.network;
  n.networkClass = NetworkClass::PlainConvUNet;
  n.inputChannels = static_cast<int>(stats.size());
  n.numClasses = static_cast<int>(labelNames.size());
  n.featuresPerStage = features;
  const std::size_t s = features.size();
  n.kernelSizes.assign(s, {3, 3, 3});
  n.strides.assign(s, {2, 2, 2});
  if (s > 0) n.strides[0] = {1, 1, 1};
  n.nConvPerStage.assign(s, 2);
  n.nConvPerStageDecoder.assign(s > 0 ? s - 1 : 0, 2);
  n.validate("training plan");
  const int down = 1 << (s - 1);
  for (int a = 0; a < 3; ++a)
    if (patchZyx[a] <= 0 || patchZyx[a] % down != 0)
      throw InferenceError("training plan", "patch size " + std::to_string(patchZyx[a]) +
                                                " must be a positive multiple of " + std::to_string(down) +
                                                " (the network's total stride)");
  for (int a = 0; a < 3; ++a)
    if (!(spacingZyx[a] > 0)) throw InferenceError("training plan", "target spacing must be positive");
  p.patchSize = patchZyx;
  p.spacing = spacingZyx;
  for (const auto& st : stats) {
    ChannelNormalization cn;
    cn.scheme = Normalization::CT;
    cn.mean = st.mean;
    cn.stddev = st.stddev;
    cn.lower = st.percentile005;
    cn.upper = st.percentile995;
    p.normalization.push_back(cn);
  }
  p.labelNames = labelNames;
  return p;
}

}  // namespace hccws::infer
