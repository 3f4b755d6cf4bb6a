// Segmenter: the whole nnU-Net v2 prediction of one case (see segmenter.h).
#include <hccws/inference/device.h>
#include <hccws/inference/postprocess.h>
#include <hccws/inference/segmenter.h>

#include "preprocessing.h"
#include "sliding_window.h"
#include "torch_device.h"

// Debian ships the c10/cuda headers without CUDA itself: require the CUDA runtime header too.
#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#define HCCWS_HAVE_CUDA_ALLOCATOR 1
#endif

#include <chrono>
#include <sstream>

namespace hccws::infer {

struct Segmenter::Impl {
  ModelBundle bundle;
  RunOptions opt;
  detail::WindowContext ctx;
  std::vector<detail::UNet> nets;
  std::vector<int> folds;
};

Segmenter::Segmenter(ModelBundle bundle, RunOptions options) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  s.bundle = std::move(bundle);
  s.opt = std::move(options);
  s.ctx.choice = selectDevice(s.opt.device);
  s.ctx.device = detail::torchDevice(s.ctx.choice);
  s.ctx.resultsDevice = s.ctx.device;
  for (const auto& w : s.bundle.manifest.weights) {
    if (!s.opt.folds.empty() && std::find(s.opt.folds.begin(), s.opt.folds.end(), w.fold) == s.opt.folds.end()) continue;
    try {
      detail::UNet net(s.bundle.plan.network);
      detail::loadStateDict(net, detail::readStateDict(w.file), w.file);
      net->eval();
      net->to(s.ctx.device);
      s.nets.push_back(net);
    } catch (...) {
      detail::rethrowAsInferenceError(w.file, "loading the weights of fold " + std::to_string(w.fold));
    }
    s.folds.push_back(w.fold);
  }
  if (s.nets.empty())
    throw InferenceError(s.bundle.directory + "/manifest.json", "has none of the requested folds");
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
const DeviceChoice& Segmenter::device() const { return impl_->ctx.choice; }
const ModelBundle& Segmenter::bundle() const { return impl_->bundle; }

namespace {

void report(const ProgressSink& p, double f, std::string_view stage) {
  if (p && !p(f, stage)) throw Cancelled();
}

void releaseCudaCache() {
#ifdef HCCWS_HAVE_CUDA_ALLOCATOR
  c10::cuda::CUDACachingAllocator::emptyCache();
#endif
}

}  // namespace

SegmentationResult Segmenter::segment(const std::vector<InputImage>& inputs, const ProgressSink& progress) {
  try {
    return segmentCase(inputs, progress);
  } catch (...) {
    // No LibTorch backtrace or bare bad_alloc reaches the caller: the model is named (issue 13).
    detail::rethrowAsInferenceError(impl_->bundle.directory, "segmentation with model '" + impl_->bundle.manifest.name + "'");
  }
}

SegmentationResult Segmenter::segmentCase(const std::vector<InputImage>& inputs, const ProgressSink& progress) {
  auto& s = *impl_;
  const auto t0 = std::chrono::steady_clock::now();
  const NnunetPlan& plan = s.bundle.plan;
  const auto ordered = orderInputs(s.bundle, inputs);
  torch::NoGradGuard noGrad;
  SegmentationResult r;
  r.device = s.ctx.choice;
  r.dims = ordered[0]->dims;
  r.spacingMm = ordered[0]->spacingMm;
  r.numClasses = plan.network.numClasses;
  r.labelNames = s.bundle.manifest.labels;
  r.log.push_back("device: " + s.ctx.choice.description + " (" + s.ctx.choice.reason + ")");
  report(progress, 0.0, "preprocessing");

  // The core's buffer (i fastest) viewed as [k][j][i] is nnU-Net's (z, y, x) array.
  std::vector<torch::Tensor> chans;
  const auto& d = r.dims;
  for (const auto* in : ordered)
    chans.push_back(torch::from_blob(const_cast<float*>(in->voxels.data()), {d[2], d[1], d[0]}, torch::kFloat));
  auto pp = detail::preprocess(torch::stack(chans), {r.spacingMm[2], r.spacingMm[1], r.spacingMm[0]}, plan, r.log,
                               s.opt.mode);
  chans.clear();
  report(progress, 0.1, "preprocessing");

  WindowOptions wo;
  wo.patchZyx = plan.patchSize;
  wo.step = s.opt.tileStep;
  wo.mirroring = s.opt.mirroring && !plan.mirrorAxes.empty();
  wo.mirrorAxes = plan.mirrorAxes;
  wo.mode = s.opt.mode;
  auto ctx = s.ctx;
  torch::Tensor acc;
  const int nf = static_cast<int>(s.nets.size());
  for (int f = 0; f < nf; ++f) {
    auto tick = [&](int done, int total) {
      report(progress, 0.1 + 0.8 * (f + static_cast<double>(done) / total) / nf, "sliding window");
    };
    torch::Tensor logits;
    try {
      logits = detail::slidingWindow(s.nets[f], pp.data.to(ctx.resultsDevice), wo, ctx, tick);
    } catch (const c10::Error& e) {
      if (!detail::isOutOfMemory(e) || ctx.resultsDevice.is_cpu()) throw;
      // nnU-Net's fallback: keep the network on the GPU, accumulate in host memory; also one copy per pass.
      releaseCudaCache();
      ctx.resultsDevice = torch::kCPU;
      wo.mirrorBatch = 1;
      r.log.push_back("GPU out of memory: retrying with logits in host memory and one tile per forward pass");
      acc = torch::Tensor();
      f = -1;
      continue;
    }
    acc = acc.defined() ? acc.add_(logits.to(acc.device())) : logits;
  }
  if (nf > 1) acc.div_(nf);
  std::ostringstream msg;
  msg << "sliding window: patch " << plan.patchSize[0] << "x" << plan.patchSize[1] << "x" << plan.patchSize[2] << ", "
      << nf << " fold(s), mirroring " << (wo.mirroring ? "on" : "off") << ", "
      << (wo.mode == Mode::Exact ? "exact mode (fp16 accumulation)" : "fast mode (fp32 accumulation)");
  r.log.push_back(msg.str());
  report(progress, 0.9, "resampling to the input grid");

  // Export: logits back to the cropped input grid (order 1, nnU-Net's rule), argmax, revert crop/transpose.
  const std::array<std::int64_t, 3> cropShape{pp.bbox[1] - pp.bbox[0], pp.bbox[3] - pp.bbox[2], pp.bbox[5] - pp.bbox[4]};
  torch::Tensor resampled;
  if (wo.mode == Mode::Exact) {
    // nnU-Net resamples on the CPU in float64 into a float16 array; per class to bound memory.
    acc = acc.to(torch::kCPU);
    std::vector<torch::Tensor> parts;
    for (std::int64_t k = 0; k < acc.size(0); ++k)
      parts.push_back(detail::toFloat16AsNumpy(detail::resampleToShape(acc.narrow(0, k, 1).to(torch::kDouble),
                                                                       cropShape, plan.spacing, pp.spacing, 1,
                                                                       k == 0 ? &r.log : nullptr, Mode::Exact)));
    resampled = torch::cat(parts, 0).to(torch::kFloat);
  } else {
    resampled = detail::resampleToShape(acc.to(torch::kFloat), cropShape, plan.spacing, pp.spacing, 1, &r.log,
                                        Mode::Fast);
  }
  acc = torch::Tensor();
  using torch::indexing::Slice;
  std::vector<torch::indexing::TensorIndex> box;  // emplace_back: see sliding_window.cpp
  for (int a = 0; a < 3; ++a) box.emplace_back(Slice(pp.bbox[2 * a], pp.bbox[2 * a + 1]));
  const auto& sb = pp.shapeBeforeCrop;
  const auto& tb = plan.transposeBackward;
  auto seg = torch::zeros({sb[0], sb[1], sb[2]}, torch::kUInt8);
  seg.index(box).copy_(resampled.argmax(0).to(torch::kUInt8).cpu());
  seg = seg.permute({tb[0], tb[1], tb[2]}).contiguous();
  r.labels.assign(seg.data_ptr<std::uint8_t>(), seg.data_ptr<std::uint8_t>() + seg.numel());
  if (s.opt.returnProbabilities) {
    auto prob = torch::zeros({resampled.size(0), sb[0], sb[1], sb[2]}, torch::kFloat);
    prob[0].fill_(1.0);  // outside the crop: background, as nnU-Net
    std::vector<torch::indexing::TensorIndex> pbox;
    pbox.emplace_back(Slice());
    for (int a = 0; a < 3; ++a) pbox.emplace_back(Slice(pp.bbox[2 * a], pp.bbox[2 * a + 1]));
    prob.index(pbox).copy_(torch::softmax(resampled, 0).cpu());
    prob = prob.permute({0, tb[0] + 1, tb[1] + 1, tb[2] + 1}).contiguous();
    r.probabilities.assign(prob.data_ptr<float>(), prob.data_ptr<float>() + prob.numel());
  }
  if (s.opt.postprocess) {
    const auto pr = postprocessLabels(r.labels, r.dims, s.opt.post);
    std::ostringstream p;
    p << "post-processing: " << pr.liverComponents << " liver component(s), " << pr.removedLiverVoxels
      << " voxels outside the largest removed; " << pr.tumourComponents << " tumour component(s), "
      << pr.removedTumourVoxels << " voxels outside the liver removed";
    r.log.push_back(p.str());
  } else {
    r.log.push_back("post-processing: off (labels as predicted)");
  }
  if (s.opt.returnProbabilities) r.log.push_back("probabilities: softmax on the input grid, before post-processing");
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report(progress, 1.0, "done");
  return r;
}

}  // namespace hccws::infer
