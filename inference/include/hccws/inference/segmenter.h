#pragma once
// Segmenter: nnU-Net v2 inference of a model bundle on one case (Torch-free header, pimpl).
//
// Pipeline (nnU-Net v2's predictor, docs/inference.md): order the phases as the bundle's channels, transpose,
// crop to the non-zero box, normalise, resample to the target spacing, sliding window (step 0.5, Gaussian
// weights, test-time mirroring) per fold, average of the folds' logits, resample logits to the cropped input
// grid, argmax, revert the crop and transpose, then the optional post-processing.
//
// Threading: segment() is synchronous and runs on the calling thread (LibTorch uses its own intra-op pool
// on the CPU). One segment() at a time per Segmenter; separate Segmenters may run concurrently on the CPU.
// Failures: InferenceError (wrong inputs for the bundle, invalid bundle), Cancelled when the progress sink
// returns false. CUDA out-of-memory is handled: the case is retried with logits accumulated in host memory
// and one tile copy per forward pass (said in SegmentationResult::log); only a second OOM is an error.
#include <hccws/inference/bundle.h>
#include <hccws/inference/types.h>

#include <memory>

namespace hccws::infer {

class Segmenter {
 public:
  // Selects the device, builds one network per selected fold and loads its weights (seconds for 5 folds).
  Segmenter(ModelBundle bundle, RunOptions options);
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  const DeviceChoice& device() const;
  const ModelBundle& bundle() const;

  // inputs: one image per bundle channel, matched by phase name (see orderInputs). Every failure is an
  // InferenceError naming the model (LibTorch errors keep only their first line, no backtrace; running out of
  // memory says so) or Cancelled.
  SegmentationResult segment(const std::vector<InputImage>& inputs, const ProgressSink& progress = {});

 private:
  SegmentationResult segmentCase(const std::vector<InputImage>& inputs, const ProgressSink& progress);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hccws::infer
