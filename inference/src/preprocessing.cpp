// nnU-Net v2 preprocessing (crop, normalise, resample) on tensors. See preprocessing.h and docs/inference.md.
#include "preprocessing.h"

#include "resample_spline.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace hccws::infer::detail {
namespace {

namespace F = torch::nn::functional;

// Clamp every (leading dims) slice of `out` to the value range of the same slice of `in` (skimage.resize's
// clip=True, which nnU-Net gets per 2D slice or per channel).
torch::Tensor clipToInputRange(torch::Tensor out, const torch::Tensor& in, std::vector<std::int64_t> reduceDims) {
  auto mn = in.amin(reduceDims, true), mx = in.amax(reduceDims, true);
  return torch::max(torch::min(out, mx), mn);
}

torch::Tensor interp2d(const torch::Tensor& x, std::int64_t h, std::int64_t w, int order) {
  auto opts = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{h, w}).align_corners(false);
  if (order >= 3)
    opts.mode(torch::kBicubic);
  else
    opts.mode(torch::kBilinear);
  return F::interpolate(x, opts);
}

// Nearest neighbour along dim 0 with scipy's map_coordinates(order 0) rule on the pixel-centre map.
torch::Tensor nearestAlongDim0(const torch::Tensor& x, std::int64_t newSize) {
  const std::int64_t n = x.size(0);
  const double scale = static_cast<double>(n) / static_cast<double>(newSize);
  std::vector<std::int64_t> idx(static_cast<std::size_t>(newSize));
  for (std::int64_t o = 0; o < newSize; ++o) {
    const double cc = scale * (static_cast<double>(o) + 0.5) - 0.5;
    idx[static_cast<std::size_t>(o)] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(cc + 0.5)), 0, n - 1);
  }
  return x.index_select(0, torch::tensor(idx, torch::kLong).to(x.device()));
}

// Mode::Exact: nnU-Net's resample_data_or_seg channel by channel (resample_spline.cpp), float64 inside.
torch::Tensor resampleExact(const torch::Tensor& data, const std::array<std::int64_t, 3>& newShape, int axis,
                            int order) {
  auto src = data.to(torch::kCPU);
  if (src.scalar_type() != torch::kDouble) src = src.to(torch::kFloat);
  src = src.contiguous();
  const std::int64_t channels = src.size(0);
  auto out = torch::empty({channels, newShape[0], newShape[1], newShape[2]}, src.options());
  const spline::Shape3 in{src.size(1), src.size(2), src.size(3)};
  const std::int64_t nIn = in[0] * in[1] * in[2], nOut = newShape[0] * newShape[1] * newShape[2];
  for (std::int64_t c = 0; c < channels; ++c) {
    if (src.scalar_type() == torch::kDouble)
      spline::resampleChannel(src.data_ptr<double>() + c * nIn, in, out.data_ptr<double>() + c * nOut, newShape,
                              order, axis, 0);
    else
      spline::resampleChannel(src.data_ptr<float>() + c * nIn, in, out.data_ptr<float>() + c * nOut, newShape,
                              order, axis, 0);
  }
  return out.to(data.device());
}

}  // namespace

std::array<std::int64_t, 3> newShapeFor(const std::array<std::int64_t, 3>& shape, const std::array<double, 3>& spacing,
                                        const std::array<double, 3>& target) {
  std::array<std::int64_t, 3> out{};
  for (int a = 0; a < 3; ++a)
    out[a] = static_cast<std::int64_t>(std::nearbyint(spacing[a] / target[a] * static_cast<double>(shape[a])));
  return out;
}

torch::Tensor toFloat16AsNumpy(const torch::Tensor& x) {
  const auto d = x.to(torch::kCPU, torch::kDouble).contiguous();
  auto out = torch::empty(d.sizes(), d.options().dtype(torch::kHalf));
  const double* src = d.data_ptr<double>();
  auto* dst = out.data_ptr<at::Half>();
  at::parallel_for(0, d.numel(), 1 << 16, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) dst[i] = at::Half(static_cast<float>(spline::roundToFloat16(src[i])));
  });
  return out;
}

torch::Tensor resampleToShape(const torch::Tensor& data, const std::array<std::int64_t, 3>& newShape,
                              const std::array<double, 3>& cur, const std::array<double, 3>& neu, int order,
                              std::vector<std::string>* log, Mode mode) {
  const std::array<std::int64_t, 3> shape{data.size(1), data.size(2), data.size(3)};
  if (shape == newShape) return data;
  const int axis = spline::separateZAxis(cur, neu);
  std::ostringstream msg;
  msg << "resampled " << shape[0] << "x" << shape[1] << "x" << shape[2] << " -> " << newShape[0] << "x" << newShape[1]
      << "x" << newShape[2] << " (zyx), ";
  torch::Tensor out;
  if (mode == Mode::Exact) {
    out = resampleExact(data, newShape, axis, order);
    msg << "exact (nnU-Net/scipy " << (order >= 3 ? "cubic B-spline" : "linear") << ", float64), ";
    if (axis >= 0)
      msg << "anisotropic: in-plane per slice, axis " << axis << " nearest";
    else
      msg << "all axes together";
  } else if (axis >= 0) {
    // Slices across the low-resolution axis: in-plane cubic/linear, then nearest along the axis.
    auto t = data.movedim(axis + 1, 0).contiguous();  // (S, C, P, Q)
    std::array<std::int64_t, 2> plane{};
    for (int a = 0, k = 0; a < 3; ++a)
      if (a != axis) plane[k++] = newShape[a];
    // Slices are resampled independently, so when the axis shrinks pick the slices first (same result).
    if (t.size(0) > newShape[axis]) t = nearestAlongDim0(t, newShape[axis]);
    auto r = interp2d(t, plane[0], plane[1], order);
    if (order >= 3) r = clipToInputRange(r, t, {2, 3});
    if (r.size(0) != newShape[axis]) r = nearestAlongDim0(r, newShape[axis]);
    out = r.movedim(0, axis + 1).contiguous();
    msg << "anisotropic: axis " << axis << " nearest, in-plane " << (order >= 3 ? "cubic (clipped per slice)" : "linear");
  } else if (order >= 3) {
    // Fast: separable cubic: in-plane over z-slices, then along z with the plane flattened (scale 1 there is exact).
    const auto c = data.size(0);
    auto t = data.movedim(1, 0).contiguous();  // (Z, C, Y, X)
    auto r = interp2d(t, newShape[1], newShape[2], 3).movedim(0, 1).contiguous();  // (C, Z, Y', X')
    r = r.reshape({1, c, shape[0], newShape[1] * newShape[2]});
    r = interp2d(r, newShape[0], newShape[1] * newShape[2], 3).reshape({c, newShape[0], newShape[1], newShape[2]});
    out = clipToInputRange(r, data, {1, 2, 3});
    msg << "isotropic: separable cubic, clipped to the input range";
  } else {
    auto opts = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{newShape[0], newShape[1], newShape[2]})
                    .mode(torch::kTrilinear).align_corners(false);
    out = F::interpolate(data.unsqueeze(0), opts)[0];
    msg << "isotropic: trilinear";
  }
  if (log) log->push_back(msg.str());
  return out;
}

Preprocessed preprocess(torch::Tensor x, const std::array<double, 3>& spacingIn, const NnunetPlan& plan,
                        std::vector<std::string>& log, Mode mode) {
  Preprocessed pp;
  const auto& tf = plan.transposeForward;
  x = x.permute({0, tf[0] + 1, tf[1] + 1, tf[2] + 1});
  for (int a = 0; a < 3; ++a) pp.spacing[a] = static_cast<double>(static_cast<float>(spacingIn[tf[a]]));
  for (int a = 0; a < 3; ++a) pp.shapeBeforeCrop[a] = x.size(a + 1);

  // crop_to_nonzero: bounding box of voxels non-zero in any channel (hole filling does not move a bbox).
  auto mask = (x != 0).any(0);
  bool empty = !mask.any().item<bool>();
  for (int a = 0; a < 3; ++a) {
    if (empty) {
      pp.bbox[2 * a] = 0;
      pp.bbox[2 * a + 1] = pp.shapeBeforeCrop[a];
      continue;
    }
    std::vector<std::int64_t> others;
    for (int b = 0; b < 3; ++b)
      if (b != a) others.push_back(b);
    auto nz = mask.any(others[1]).any(others[0]).nonzero();
    pp.bbox[2 * a] = nz.min().item<std::int64_t>();
    pp.bbox[2 * a + 1] = nz.max().item<std::int64_t>() + 1;
  }
  using torch::indexing::Slice;
  x = x.index({Slice(), Slice(pp.bbox[0], pp.bbox[1]), Slice(pp.bbox[2], pp.bbox[3]), Slice(pp.bbox[4], pp.bbox[5])})
          .to(torch::kFloat).contiguous();
  std::ostringstream c;
  c << "cropped to the non-zero box z[" << pp.bbox[0] << "," << pp.bbox[1] << ") y[" << pp.bbox[2] << "," << pp.bbox[3]
    << ") x[" << pp.bbox[4] << "," << pp.bbox[5] << ")";
  log.push_back(c.str());

  // Normalisation happens before resampling in nnU-Net v2.
  for (std::int64_t ch = 0; ch < x.size(0); ++ch) {
    const auto& n = plan.normalization.at(static_cast<std::size_t>(ch));
    auto v = x[ch];
    switch (n.scheme) {
      case Normalization::CT:
        v.clamp_(n.lower, n.upper).sub_(n.mean).div_(std::max(n.stddev, 1e-8));
        break;
      case Normalization::ZScore: {
        const double mean = v.mean().item<double>(), sd = v.std(false).item<double>();
        v.sub_(mean).div_(std::max(sd, 1e-8));
        break;
      }
      case Normalization::None:
        break;
    }
  }
  const std::array<std::int64_t, 3> cropped{x.size(1), x.size(2), x.size(3)};
  pp.data = resampleToShape(x, newShapeFor(cropped, pp.spacing, plan.spacing), pp.spacing, plan.spacing, 3, &log,
                            mode);
  return pp;
}

}  // namespace hccws::infer::detail
