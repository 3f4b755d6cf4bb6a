// nnU-Net v2 sliding-window prediction (predict_sliding_window_return_logits and its helpers).
#include "sliding_window.h"

#include "torch_device.h"

#include <hccws/inference/limits.h>

#include <cmath>
#include <cstdio>

namespace hccws::infer {

std::vector<std::vector<std::int64_t>> slidingWindowSteps(const std::array<std::int64_t, 3>& image,
                                                          const std::array<int, 3>& patch, double step) {
  // NaN fails both comparisons; a tiny step would mean billions of tiles (limits.h).
  if (!(step >= kMinTileStep && step <= kMaxTileStep))
  {
    char text[32];
    std::snprintf(text, sizeof text, "%g", step);
    throw InferenceError("", std::string("tile step ") + text + " is outside the allowed range 0.05..1");
  }
  std::vector<std::vector<std::int64_t>> steps(3);
  for (int d = 0; d < 3; ++d) {
    if (image[d] < patch[d]) throw InferenceError("", "image smaller than the patch (pad it first)");
    const double target = patch[d] * step;
    const auto n = static_cast<std::int64_t>(std::ceil(static_cast<double>(image[d] - patch[d]) / target)) + 1;
    const double actual = n > 1 ? static_cast<double>(image[d] - patch[d]) / static_cast<double>(n - 1) : 99999999999.0;
    // np.round rounds half to even; std::nearbyint does too under the default rounding mode.
    for (std::int64_t i = 0; i < n; ++i) steps[d].push_back(static_cast<std::int64_t>(std::nearbyint(actual * i)));
  }
  return steps;
}

std::vector<float> gaussianImportanceMap(const std::array<int, 3>& patch, bool float16) {
  auto g = detail::gaussianMap(patch, float16 ? torch::kHalf : torch::kFloat, torch::kCPU).to(torch::kFloat).contiguous();
  return std::vector<float>(g.data_ptr<float>(), g.data_ptr<float>() + g.numel());
}

namespace detail {

// nnU-Net's compute_gaussian: scipy's gaussian_filter (truncate 4) of a centred delta is the product of the
// 1D kernels, zero beyond int(4 sigma + 0.5); divided by its maximum and scaled to 10; cast to `dtype`; zeros
// (outside the radius, or underflowed in float16) replaced by the smallest non-zero value.
torch::Tensor gaussianMap(const std::array<int, 3>& patch, torch::ScalarType dtype, const torch::Device& device) {
  std::array<std::vector<double>, 3> ax;
  for (int d = 0; d < 3; ++d) {
    const double sigma = patch[d] / 8.0;
    const int radius = static_cast<int>(4.0 * sigma + 0.5);
    for (int i = 0; i < patch[d]; ++i) {
      const double x = i - patch[d] / 2;
      ax[d].push_back(std::abs(x) > radius ? 0.0 : std::exp(-0.5 * x * x / (sigma * sigma)));
    }
  }
  auto m = torch::empty({patch[0], patch[1], patch[2]}, torch::kFloat64);
  auto* p = m.data_ptr<double>();
  double maxv = 0;
  for (int z = 0; z < patch[0]; ++z)
    for (int y = 0; y < patch[1]; ++y)
      for (int x = 0; x < patch[2]; ++x) {
        const double v = ax[0][z] * ax[1][y] * ax[2][x];
        *p++ = v;
        maxv = std::max(maxv, v);
      }
  m = (m / maxv * 10.0).to(dtype);
  auto zero = m == 0;
  if (zero.any().item<bool>()) m.masked_fill_(zero, m.masked_select(~zero).min());
  return m.to(device);
}

torch::Tensor predictTile(UNet& net, const torch::Tensor& x, const WindowOptions& o, const WindowContext& ctx) {
  AutocastGuard autocast(ctx.choice);
  const bool fast = o.mode == Mode::Fast;
  std::vector<std::vector<std::int64_t>> combos;  // itertools.combinations order, as nnU-Net
  if (o.mirroring) {
    std::vector<std::int64_t> axes;
    for (int a : o.mirrorAxes) axes.push_back(a + 2);
    const int n = static_cast<int>(axes.size());
    for (int k = 1; k <= n; ++k) {
      std::vector<int> idx(k);
      for (int i = 0; i < k; ++i) idx[i] = i;
      while (true) {
        std::vector<std::int64_t> c;
        for (int i : idx) c.push_back(axes[i]);
        combos.push_back(c);
        int i = k - 1;
        while (i >= 0 && idx[i] == n - k + i) --i;
        if (i < 0) break;
        ++idx[i];
        for (int j = i + 1; j < k; ++j) idx[j] = idx[j - 1] + 1;
      }
    }
  }
  const int total = static_cast<int>(combos.size()) + 1;
  const int batch = fast ? (o.mirrorBatch <= 0 ? total : std::min(o.mirrorBatch, total)) : 1;
  std::vector<torch::Tensor> outs;
  for (int start = 0; start < total; start += batch) {
    std::vector<torch::Tensor> inputs;
    for (int i = start; i < std::min(total, start + batch); ++i) inputs.push_back(i == 0 ? x : torch::flip(x, combos[i - 1]));
    auto y = net(inputs.size() == 1 ? inputs[0] : torch::cat(inputs, 0));
    for (std::int64_t i = 0; i < y.size(0); ++i) outs.push_back(y.narrow(0, i, 1));
  }
  torch::Tensor pred = fast ? outs[0].to(torch::kFloat) : outs[0];
  for (int i = 1; i < total; ++i) {
    auto back = torch::flip(outs[i], combos[i - 1]);
    pred = pred.add_(fast ? back.to(torch::kFloat) : back);
  }
  if (total > 1) pred.div_(total);
  return pred[0];
}

torch::Tensor slidingWindow(UNet& net, const torch::Tensor& dataIn, const WindowOptions& o, const WindowContext& ctx,
                            const std::function<void(int, int)>& tick) {
  const auto& patch = o.patchZyx;
  // pad_nd_image: constant 0 up to the patch size, below = diff // 2, above = the rest.
  std::array<std::int64_t, 3> shape{dataIn.size(1), dataIn.size(2), dataIn.size(3)}, lo{}, padded{};
  std::vector<std::int64_t> pad;  // torch order: last dim first
  for (int d = 2; d >= 0; --d) {
    const std::int64_t diff = std::max<std::int64_t>(0, patch[d] - shape[d]);
    lo[d] = diff / 2;
    pad.push_back(lo[d]);
    pad.push_back(diff - lo[d]);
  }
  for (int d = 0; d < 3; ++d) padded[d] = std::max<std::int64_t>(shape[d], patch[d]);
  torch::Tensor data = dataIn;
  if (padded != shape) data = torch::constant_pad_nd(dataIn, pad, 0.0);

  const auto steps = slidingWindowSteps(padded, patch, o.step);
  const bool exact = o.mode == Mode::Exact;
  const auto accType = exact ? torch::kHalf : torch::kFloat;
  const auto gauss = gaussianMap(patch, accType, ctx.resultsDevice);
  torch::Tensor logits;
  auto weights = torch::zeros({padded[0], padded[1], padded[2]}, torch::TensorOptions(accType).device(ctx.resultsDevice));
  const int total = static_cast<int>(steps[0].size() * steps[1].size() * steps[2].size());
  int done = 0;
  using torch::indexing::Slice;
  for (auto sz : steps[0])
    for (auto sy : steps[1])
      for (auto sx : steps[2]) {
        const auto sl = {Slice(sz, sz + patch[0]), Slice(sy, sy + patch[1]), Slice(sx, sx + patch[2])};
        // Built with emplace_back: GCC 12 warns (falsely) inside TensorIndex's copy from an init-list.
        std::vector<torch::indexing::TensorIndex> idx;
        idx.reserve(4);
        idx.emplace_back(Slice());
        for (const auto& s : sl) idx.emplace_back(s);
        auto x = data.index(idx).unsqueeze(0).to(ctx.device);
        auto p = predictTile(net, x, o, ctx).to(ctx.resultsDevice);
        if (!logits.defined())
          logits = torch::zeros({p.size(0), padded[0], padded[1], padded[2]},
                                torch::TensorOptions(accType).device(ctx.resultsDevice));
        // Same dtype sequence as nnU-Net: prediction *= gaussian (in the prediction's dtype), then added
        // into the accumulator (float16 in Exact mode: each sum rounded to half).
        p.mul_(gauss);
        logits.index(idx).add_(p);
        weights.index({Slice(sz, sz + patch[0]), Slice(sy, sy + patch[1]), Slice(sx, sx + patch[2])}).add_(gauss);
        if (tick) tick(++done, total);
      }
  logits.div_(weights);
  if (torch::isinf(logits).any().item<bool>())
    throw InferenceError("", "the network produced infinite logits (float16 overflow); run in fp32 (--device cpu or "
                             "precision fp32)");
  if (padded != shape)
    logits = logits.index({Slice(), Slice(lo[0], lo[0] + shape[0]), Slice(lo[1], lo[1] + shape[1]),
                           Slice(lo[2], lo[2] + shape[2])});
  return logits;
}

}  // namespace detail
}  // namespace hccws::infer
