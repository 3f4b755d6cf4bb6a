#pragma once
// nnU-Net v2 preprocessing and export on tensors (private, Torch). All shapes and spacings zyx, after
// plans.transpose_forward.
#include <hccws/inference/plans.h>
#include <hccws/inference/types.h>

#include <torch/torch.h>

#include <array>
#include <string>
#include <vector>

namespace hccws::infer::detail {

struct Preprocessed {
  torch::Tensor data;                       // (C, Z, Y, X) float32: cropped, normalised, resampled
  std::array<std::int64_t, 3> shapeBeforeCrop{};  // transposed input shape
  std::array<std::int64_t, 6> bbox{};       // [z0, z1, y0, y1, x0, x1) of the crop, in that shape
  std::array<double, 3> spacing{};          // transposed input spacing (float32-rounded, as nnU-Net)
};

// channels: (C, Z, Y, X) float32 on the CPU (the core's buffers viewed as [k][j][i]), spacing zyx.
// Crop to the non-zero bounding box of all channels, normalise per plan, resample to the plan's spacing
// (resampleToShape order 3 in `mode`).
Preprocessed preprocess(torch::Tensor channels, const std::array<double, 3>& spacingZyx, const NnunetPlan& plan,
                        std::vector<std::string>& log, Mode mode = Mode::Exact);

// nnU-Net's resample_data_or_seg_to_shape for data (order 3) or logits (order 1): with anisotropy
// (max/min spacing > 3 in the current or the new spacing, one low-resolution axis) each slice across that
// axis is resampled in-plane and the axis itself by nearest neighbour (order_z 0); otherwise all three
// axes together.
// - Mode::Exact: nnU-Net's numerics (resample_spline.h): skimage/scipy cubic B-spline with prefilter (order 3)
//   or linear (order 1), mode "edge", clipped per channel or per slice, in float64 on the CPU; the result has
//   the input's dtype (float or double; others are computed as float) and device.
// - Mode::Fast: separable cubic convolution (Keys, a = -0.75, torch bicubic) clipped like skimage (order 3),
//   linear (order 1), in the input's dtype on its device. docs/inference.md "Resampling: exact and fast".
torch::Tensor resampleToShape(const torch::Tensor& data, const std::array<std::int64_t, 3>& newShape,
                              const std::array<double, 3>& currentSpacing, const std::array<double, 3>& newSpacing,
                              int order, std::vector<std::string>* log = nullptr, Mode mode = Mode::Exact);

// numpy's float64 -> float16 cast, as nnU-Net stores resampled logits into its float16 array (exact mode):
// rounded once from float64 (torch's .to(kHalf) of a double tensor rounds through float32). CPU tensor in,
// kHalf tensor out.
torch::Tensor toFloat16AsNumpy(const torch::Tensor& x);

// nnU-Net's compute_new_shape: round(old_spacing / new_spacing * old_shape).
std::array<std::int64_t, 3> newShapeFor(const std::array<std::int64_t, 3>& shape, const std::array<double, 3>& spacing,
                                        const std::array<double, 3>& target);

}  // namespace hccws::infer::detail
