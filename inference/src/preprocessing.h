#pragma once
// nnU-Net v2 preprocessing and export on tensors (private, Torch). All shapes and spacings zyx, after
// plans.transpose_forward.
#include <hccws/inference/plans.h>

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
// Crop to the non-zero bounding box of all channels, normalise per plan, resample to the plan's spacing.
Preprocessed preprocess(torch::Tensor channels, const std::array<double, 3>& spacingZyx, const NnunetPlan& plan,
                        std::vector<std::string>& log);

// nnU-Net's resample_data_or_seg_to_shape for data (order 3) or logits (order 1): with anisotropy
// (max/min spacing > 3 in the current or the new spacing, one low-resolution axis) each slice across that
// axis is resampled in-plane and the axis itself by nearest neighbour (order_z 0); otherwise all three
// axes together. Order 3 here is separable cubic convolution (Keys, a = -0.75) clipped to the input's range
// (per slice in the anisotropic case); nnU-Net uses scipy's cubic B-spline (docs/inference.md). Order 1 is
// linear with the same pixel-centre mapping as skimage.resize, i.e. the same values as nnU-Net.
torch::Tensor resampleToShape(const torch::Tensor& data, const std::array<std::int64_t, 3>& newShape,
                              const std::array<double, 3>& currentSpacing, const std::array<double, 3>& newSpacing,
                              int order, std::vector<std::string>* log = nullptr);

// nnU-Net's compute_new_shape: round(old_spacing / new_spacing * old_shape).
std::array<std::int64_t, 3> newShapeFor(const std::array<std::int64_t, 3>& shape, const std::array<double, 3>& spacing,
                                        const std::array<double, 3>& target);

}  // namespace hccws::infer::detail
