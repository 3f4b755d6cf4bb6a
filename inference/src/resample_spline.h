#pragma once
// nnU-Net v2's default resampling (nnunetv2/preprocessing/resampling/default_resampling.py), reproduced from its
// definition: resample_data_or_seg(is_seg=False) with the separate-z rule, on top of what
// skimage.transform.resize(order, mode="edge", anti_aliasing=False) computes (scikit-image 0.19-0.26:
// scipy.ndimage.zoom(grid_mode=True, mode="nearest") followed by clip=True) and scipy.ndimage.map_coordinates
// (order_z, mode="nearest") along the low-resolution axis. docs/inference.md "Resampling: exact and fast".
//
// Standard library only in this header (the tests include it without LibTorch); the .cpp parallelises with
// at::parallel_for.
//
// Arrays are C order (axis 0 slowest), one channel at a time, as nnU-Net loops over channels.
#include <array>
#include <cstdint>

namespace hccws::infer::spline {

using Shape3 = std::array<std::int64_t, 3>;

// nnU-Net's determine_do_sep_z_and_axis(force_separate_z=None, threshold ANISO_THRESHOLD = 3):
// separate z when max/min of the current spacing > 3 (low-res axes taken from the current spacing), else when
// max/min of the new spacing > 3 (axes from the new spacing); the low-res axes are those with
// max(spacing) / spacing == 1 exactly. Two or three such axes: no separate z. Returns the axis, or -1.
int separateZAxis(const std::array<double, 3>& currentSpacing, const std::array<double, 3>& newSpacing,
                  double anisotropyThreshold = 3.0);

// One channel of nnU-Net's resample_data_or_seg(data, new_shape, is_seg=False, axis, order, do_separate_z,
// order_z) in float64, written as Tout (nnU-Net writes the float64 result into an array of the input's dtype).
// - axis < 0: skimage.resize of the whole 3-D channel, clipped to the channel's [min, max].
// - axis >= 0: skimage.resize of every 2-D slice across `axis` (clipped to that slice's range), then, when the
//   axis changes size, map_coordinates(order=orderZ, mode="nearest") along it with the pixel-centre map
//   scale * (k + 0.5) - 0.5 (orderZ 0 for nnU-Net's default plans; 1 and 3 are supported too, unclipped).
// order: 1 (linear) or 3 (cubic B-spline with scipy's prefilter). Shapes must be >= 1 on every axis.
// Instantiated for (float, float) and (double, double).
template <class Tin, class Tout>
void resampleChannel(const Tin* in, const Shape3& inShape, Tout* out, const Shape3& outShape, int order, int axis,
                     int orderZ = 0);

// skimage.transform.resize(x, outShape, order, mode="edge", anti_aliasing=False, clip=clip) of one 3-D array
// (a 2-D image is a 3-D array with a leading 1). Exposed for the tests; resampleChannel uses the same passes.
template <class Tin, class Tout>
void resize(const Tin* in, const Shape3& inShape, Tout* out, const Shape3& outShape, int order, bool clip = true);

// numpy's float64 -> float16 cast (nnU-Net stores resampled float16 logits that way): the nearest float16
// value, ties to even, overflow to infinity, computed from the double directly. Casting through float32 (what
// torch's .to(kHalf) does for a double tensor) rounds twice and differs for about 6 in 100,000 values.
double roundToFloat16(double v);

}  // namespace hccws::infer::spline
