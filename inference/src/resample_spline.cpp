// nnU-Net v2's default resampling, written from its definition (see resample_spline.h and docs/inference.md
// "Resampling: exact and fast"). What scipy.ndimage.zoom / map_coordinates (scipy 1.10) compute for
// mode="nearest" and order o, per axis:
//   order > 1: the input is padded by 12 edge values on every side (_prepad_for_spline_filter), then the
//              B-spline prefilter runs along every axis with the "reflect" initial conditions (the ones scipy
//              uses for mode "nearest"), gain (1 - z)(1 - 1/z), pole z = sqrt(3) - 2 for order 3;
//   output k:  coordinate cc = (k + 0.5) * (in / out) - 0.5 (+ 12 when padded) (grid_mode=True, as skimage's
//              resize asks for), taps floor(cc) - 1 .. + 2 for order 3 (floor(cc), + 1 for order 1,
//              floor(cc + 0.5) for order 0), each tap index clamped into the (padded) array ("nearest"),
//              weights of the centred B-spline of that order at cc - floor(cc).
// The N-D interpolation is a tensor product of these 1-D operators, so it is computed here as one 1-D pass
// per axis (pad, prefilter, evaluate, line by line); scipy sums the same products in another order, which
// changes results by rounding only (~1e-16 relative). Axes whose size does not change are skipped (scipy's
// prefilter + evaluation at the knots reproduces them up to the same rounding).
#include "resample_spline.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace hccws::infer::spline {
namespace {

constexpr std::int64_t kPad = 12;   // scipy's prepadding for mode "nearest" when order > 1
constexpr std::int64_t kLanes = 32;  // neighbouring lines filtered together (contiguous in memory)

// 1-D plan of one axis: clamped tap indices into the (padded) line and their weights, per output sample.
struct AxisPlan {
  int order = 3;
  std::int64_t inLen = 0, outLen = 0, pad = 0, bufLen = 0;
  std::vector<std::int64_t> idx;  // outLen * (order + 1)
  std::vector<double> w;          // outLen * (order + 1)
};

// scipy's get_spline_interpolation_weights for orders 0, 1, 3 (same expressions, same evaluation order).
void splineWeights(double x, int order, double* w) {
  if (order == 0) {
    w[0] = 1.0;
    return;
  }
  x -= std::floor(order & 1 ? x : x + 0.5);
  if (order == 1) {
    w[0] = 1.0 - x;
  } else {  // 3
    const double y = x, z = 1.0 - x;
    w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    w[0] = z * z * z / 6.0;
  }
  w[order] = 1.0;
  for (int i = 0; i < order; ++i) w[order] -= w[i];
}

AxisPlan planAxis(std::int64_t inLen, std::int64_t outLen, int order) {
  AxisPlan p;
  p.order = order;
  p.inLen = inLen;
  p.outLen = outLen;
  p.pad = order > 1 ? kPad : 0;
  p.bufLen = inLen + 2 * p.pad;
  const int taps = order + 1;
  p.idx.resize(static_cast<std::size_t>(outLen * taps));
  p.w.resize(static_cast<std::size_t>(outLen * taps));
  // numpy.divide(input.shape, output_shape) in zoom; nnU-Net's float(orig_dim) / dim for the z axis.
  const double zoom = static_cast<double>(inLen) / static_cast<double>(outLen);
  for (std::int64_t k = 0; k < outLen; ++k) {
    double cc = static_cast<double>(k);
    cc += 0.5;
    cc *= zoom;
    cc -= 0.5;
    cc += static_cast<double>(p.pad);
    const std::int64_t start = (order & 1) ? static_cast<std::int64_t>(std::floor(cc)) - order / 2
                                           : static_cast<std::int64_t>(std::floor(cc + 0.5)) - order / 2;
    for (int t = 0; t < taps; ++t)
      p.idx[static_cast<std::size_t>(k * taps + t)] = std::clamp<std::int64_t>(start + t, 0, p.bufLen - 1);
    splineWeights(cc, order, &p.w[static_cast<std::size_t>(k * taps)]);
  }
  return p;
}

// scipy's apply_filter for one pole with the "reflect" initial conditions (used for mode "nearest"), on `nb`
// interleaved lines (buf[i * stride + lane]). Terms of the causal initial sum below 1e-40 of a coefficient are
// dropped (scipy sums all n; they cannot change a double of the sum) so that powers of z never go subnormal.
void prefilterCubic(double* buf, std::int64_t n, std::int64_t stride, std::int64_t nb) {
  const double z = -0.267949192431122706472553658494127633;  // sqrt(3) - 2
  const double gain = (1.0 - z) * (1.0 - 1.0 / z);
  for (std::int64_t i = 0; i < n * stride; ++i) buf[i] *= gain;
  if (n <= 1) return;
  double zn = std::pow(z, static_cast<double>(n));
  if (std::abs(zn) < 1e-40) zn = 0.0;
  double sum[kLanes];
  for (std::int64_t l = 0; l < nb; ++l) sum[l] = buf[l] + zn * buf[(n - 1) * stride + l];
  double zi = z;
  for (std::int64_t i = 1; i < n && std::abs(zi) >= 1e-40; ++i) {
    const double* a = buf + i * stride;
    const double* b = buf + (n - 1 - i) * stride;
    for (std::int64_t l = 0; l < nb; ++l) sum[l] += zi * (a[l] + zn * b[l]);
    zi *= z;
  }
  const double f = z / (1.0 - zn * zn);
  for (std::int64_t l = 0; l < nb; ++l) buf[l] = sum[l] * f + buf[l];
  for (std::int64_t i = 1; i < n; ++i) {
    double* c = buf + i * stride;
    const double* prev = c - stride;
    for (std::int64_t l = 0; l < nb; ++l) c[l] += z * prev[l];
  }
  double* last = buf + (n - 1) * stride;
  const double g = z / (z - 1.0);
  for (std::int64_t l = 0; l < nb; ++l) last[l] *= g;
  for (std::int64_t i = n - 2; i >= 0; --i) {
    double* c = buf + i * stride;
    const double* next = c + stride;
    for (std::int64_t l = 0; l < nb; ++l) c[l] = z * (next[l] - c[l]);
  }
}

// One 1-D pass along `axis` of a C-order 3-D array of shape s: out has s with s[axis] = plan.outLen.
template <class Tin, class Tout>
void axisPass(const Tin* in, const Shape3& s, int axis, const AxisPlan& p, Tout* out) {
  std::int64_t outer = 1, inner = 1;
  for (int a = 0; a < axis; ++a) outer *= s[a];
  for (int a = axis + 1; a < 3; ++a) inner *= s[a];
  const std::int64_t len = s[axis], outLen = p.outLen, taps = p.order + 1;
  const std::int64_t lanes = std::min(inner, kLanes);
  const std::int64_t chunks = (inner + lanes - 1) / lanes;
  const std::int64_t items = outer * chunks;
  const std::int64_t grain = std::max<std::int64_t>(1, 65536 / std::max<std::int64_t>(1, (p.bufLen + outLen) * lanes));
  at::parallel_for(0, items, grain, [&](std::int64_t b, std::int64_t e) {
    std::vector<double> buf(static_cast<std::size_t>(p.bufLen * lanes));
    double acc[kLanes];
    for (std::int64_t it = b; it < e; ++it) {
      const std::int64_t o = it / chunks, j0 = (it % chunks) * lanes;
      const std::int64_t nb = std::min(lanes, inner - j0);
      const Tin* src = in + o * len * inner + j0;
      for (std::int64_t i = 0; i < len; ++i) {
        double* row = buf.data() + (i + p.pad) * lanes;
        const Tin* sp = src + i * inner;
        for (std::int64_t l = 0; l < nb; ++l) row[l] = static_cast<double>(sp[l]);
      }
      for (std::int64_t i = 0; i < p.pad; ++i) {  // numpy.pad(mode="edge")
        std::copy_n(buf.data() + p.pad * lanes, nb, buf.data() + i * lanes);
        std::copy_n(buf.data() + (p.pad + len - 1) * lanes, nb, buf.data() + (p.pad + len + i) * lanes);
      }
      if (p.order == 3) prefilterCubic(buf.data(), p.bufLen, lanes, nb);
      Tout* dst = out + o * outLen * inner + j0;
      for (std::int64_t k = 0; k < outLen; ++k) {
        const std::int64_t* ix = p.idx.data() + k * taps;
        const double* w = p.w.data() + k * taps;
        for (std::int64_t l = 0; l < nb; ++l) acc[l] = 0.0;
        for (std::int64_t t = 0; t < taps; ++t) {
          const double* row = buf.data() + ix[t] * lanes;
          const double wt = w[t];
          for (std::int64_t l = 0; l < nb; ++l) acc[l] += row[l] * wt;
        }
        Tout* dp = dst + k * inner;
        for (std::int64_t l = 0; l < nb; ++l) dp[l] = static_cast<Tout>(acc[l]);
      }
    }
  });
}

struct Step {
  int axis;
  std::int64_t outLen;
  int order;
};

// Runs the 1-D passes in turn, the last one writing Tout; intermediates in float64, alternating between two
// scratch buffers allocated once and never zero-filled (memory traffic dominates these passes). No step:
// a conversion.
template <class Tin, class Tout>
void runSteps(const Tin* in, Shape3 shape, const std::vector<Step>& steps, Tout* out) {
  if (steps.empty()) {
    const std::int64_t n = shape[0] * shape[1] * shape[2];
    for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<Tout>(in[i]);
    return;
  }
  std::int64_t need[2] = {0, 0};
  Shape3 s = shape;
  for (std::size_t k = 0; k + 1 < steps.size(); ++k) {
    s[steps[k].axis] = steps[k].outLen;
    need[k % 2] = std::max(need[k % 2], s[0] * s[1] * s[2]);
  }
  std::unique_ptr<double[]> scratch[2];
  for (int i = 0; i < 2; ++i)
    if (need[i] > 0) scratch[i].reset(new double[static_cast<std::size_t>(need[i])]);
  const double* cur = nullptr;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const auto& st = steps[k];
    const AxisPlan plan = planAxis(shape[st.axis], st.outLen, st.order);
    const bool last = k + 1 == steps.size();
    double* next = last ? nullptr : scratch[k % 2].get();
    if (k == 0) {
      if (last)
        axisPass(in, shape, st.axis, plan, out);
      else
        axisPass(in, shape, st.axis, plan, next);
    } else {
      if (last)
        axisPass(cur, shape, st.axis, plan, out);
      else
        axisPass(cur, shape, st.axis, plan, next);
    }
    cur = next;
    shape[st.axis] = st.outLen;
  }
}

// Interpolation steps for the axes in `axes` that change size: shrinking axes first (less work after them).
std::vector<Step> planSteps(const Shape3& in, const Shape3& out, const std::vector<int>& axes, int order) {
  std::vector<Step> steps;
  for (int a : axes)
    if (in[a] != out[a]) steps.push_back({a, out[a], order});
  std::stable_sort(steps.begin(), steps.end(), [&](const Step& x, const Step& y) {
    return static_cast<double>(x.outLen) / static_cast<double>(in[x.axis]) <
           static_cast<double>(y.outLen) / static_cast<double>(in[y.axis]);
  });
  return steps;
}

// Order 1 evaluated directly as the tensor product (2 taps per resampled axis, 1 on the others), summed in
// scipy's order (footprint in C order, coefficient times the weights of axes 0, 1, 2): no intermediate
// arrays. `axes`: the axes interpolated; the others must keep their size.
template <class Tin, class Tout>
void linearDirect(const Tin* in, const Shape3& s, Tout* out, const Shape3& o, const std::vector<int>& axes) {
  struct Taps {
    int n = 1;
    std::vector<std::int64_t> idx;  // o * 2
    std::vector<double> w;          // o * 2
  };
  std::array<Taps, 3> t;
  for (int a = 0; a < 3; ++a) {
    const bool active = std::find(axes.begin(), axes.end(), a) != axes.end() && s[a] != o[a];
    auto& ta = t[static_cast<std::size_t>(a)];
    ta.idx.assign(static_cast<std::size_t>(2 * o[a]), 0);
    ta.w.assign(static_cast<std::size_t>(2 * o[a]), 0.0);
    if (active) {
      const AxisPlan p = planAxis(s[a], o[a], 1);
      ta.n = 2;
      ta.idx = p.idx;
      ta.w = p.w;
    } else {
      for (std::int64_t k = 0; k < o[a]; ++k) {
        ta.idx[static_cast<std::size_t>(2 * k)] = k;
        ta.w[static_cast<std::size_t>(2 * k)] = 1.0;
      }
    }
  }
  const auto& tz = t[0];
  const auto& ty = t[1];
  const auto& tx = t[2];
  at::parallel_for(0, o[0] * o[1], 16, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t row = b; row < e; ++row) {
      const std::int64_t kz = row / o[1], ky = row % o[1];
      Tout* dst = out + row * o[2];
      for (std::int64_t kx = 0; kx < o[2]; ++kx) {
        double acc = 0.0;
        for (int a = 0; a < tz.n; ++a) {
          const double wz = tz.w[static_cast<std::size_t>(2 * kz + a)];
          const Tin* plane = in + tz.idx[static_cast<std::size_t>(2 * kz + a)] * s[1] * s[2];
          for (int bb = 0; bb < ty.n; ++bb) {
            const double wy = ty.w[static_cast<std::size_t>(2 * ky + bb)];
            const Tin* line = plane + ty.idx[static_cast<std::size_t>(2 * ky + bb)] * s[2];
            for (int c = 0; c < tx.n; ++c) {
              const double wx = tx.w[static_cast<std::size_t>(2 * kx + c)];
              acc += static_cast<double>(line[tx.idx[static_cast<std::size_t>(2 * kx + c)]]) * wz * wy * wx;
            }
          }
        }
        dst[kx] = static_cast<Tout>(acc);
      }
    }
  });
}

// Interpolation of `axes` (order 1 or 3) from in (shape s) to out (shape o; other axes unchanged).
template <class Tin, class Tout>
void interpolate(const Tin* in, const Shape3& s, Tout* out, const Shape3& o, const std::vector<int>& axes, int order) {
  if (order == 1)
    linearDirect(in, s, out, o, axes);
  else
    runSteps(in, s, planSteps(s, o, axes, order), out);
}

void checkArgs(const Shape3& in, const Shape3& out, int order) {
  for (int a = 0; a < 3; ++a)
    if (in[a] < 1 || out[a] < 1) throw std::invalid_argument("spline resampling: empty input or output shape");
  if (order != 0 && order != 1 && order != 3)
    throw std::invalid_argument("spline resampling: order must be 0, 1 or 3");
}

template <class Tin>
std::pair<double, double> range(const Tin* in, std::int64_t n) {
  double mn = std::numeric_limits<double>::infinity(), mx = -mn;
  for (std::int64_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(in[i]);
    mn = std::min(mn, v);
    mx = std::max(mx, v);
  }
  return {mn, mx};
}

}  // namespace

int separateZAxis(const std::array<double, 3>& cur, const std::array<double, 3>& neu, double threshold) {
  auto anisotropic = [&](const std::array<double, 3>& s) {
    return *std::max_element(s.begin(), s.end()) / *std::min_element(s.begin(), s.end()) > threshold;
  };
  auto lowresAxes = [](const std::array<double, 3>& s) {
    const double mx = *std::max_element(s.begin(), s.end());
    std::vector<int> axes;
    for (int a = 0; a < 3; ++a)
      if (mx / s[a] == 1.0) axes.push_back(a);
    return axes;
  };
  std::vector<int> axes;
  if (anisotropic(cur))
    axes = lowresAxes(cur);
  else if (anisotropic(neu))
    axes = lowresAxes(neu);
  else
    return -1;
  return axes.size() == 1 ? axes[0] : -1;
}

template <class Tin, class Tout>
void resize(const Tin* in, const Shape3& inShape, Tout* out, const Shape3& outShape, int order, bool clip) {
  checkArgs(inShape, outShape, order);
  interpolate(in, inShape, out, outShape, {0, 1, 2}, order);
  if (!clip) return;
  const auto [mn, mx] = range(in, inShape[0] * inShape[1] * inShape[2]);
  const std::int64_t n = outShape[0] * outShape[1] * outShape[2];
  const Tout lo = static_cast<Tout>(mn), hi = static_cast<Tout>(mx);
  at::parallel_for(0, n, 1 << 16, [&](std::int64_t b, std::int64_t e) {
    for (std::int64_t i = b; i < e; ++i) out[i] = std::min(std::max(out[i], lo), hi);
  });
}

template <class Tin, class Tout>
void resampleChannel(const Tin* in, const Shape3& inShape, Tout* out, const Shape3& outShape, int order, int axis,
                     int orderZ) {
  if (axis < 0) {
    resize(in, inShape, out, outShape, order, true);
    return;
  }
  checkArgs(inShape, outShape, order);
  checkArgs(inShape, outShape, orderZ);
  if (axis > 2) throw std::invalid_argument("spline resampling: separate axis must be 0, 1 or 2");
  std::vector<int> plane;
  for (int a = 0; a < 3; ++a)
    if (a != axis) plane.push_back(a);

  // Each 2-D slice across `axis` is clipped to its own input range (skimage.resize per slice).
  auto sliceOf = [](const Shape3& s, int ax, std::int64_t flat) {
    const std::int64_t inner = ax == 0 ? s[1] * s[2] : ax == 1 ? s[2] : 1;
    return (flat / inner) % s[ax];
  };
  auto sliceRanges = [&](const Tin* a, const Shape3& s) {
    std::vector<double> mn(static_cast<std::size_t>(s[axis]), std::numeric_limits<double>::infinity());
    std::vector<double> mx(mn.size(), -std::numeric_limits<double>::infinity());
    const std::int64_t n = s[0] * s[1] * s[2];
    for (std::int64_t i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(sliceOf(s, axis, i));
      const double v = static_cast<double>(a[i]);
      mn[k] = std::min(mn[k], v);
      mx[k] = std::max(mx[k], v);
    }
    return std::make_pair(mn, mx);
  };
  auto clipSlices = [&](auto* data, const Shape3& s, const std::vector<double>& mn, const std::vector<double>& mx) {
    using T = std::remove_pointer_t<decltype(data)>;
    at::parallel_for(0, s[0] * s[1] * s[2], 1 << 16, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t i = b; i < e; ++i) {
        const auto k = static_cast<std::size_t>(sliceOf(s, axis, i));
        data[i] = std::min(std::max(data[i], static_cast<T>(mn[k])), static_cast<T>(mx[k]));
      }
    });
  };

  if (orderZ == 0 && outShape[axis] < inShape[axis]) {
    // Fewer output than input slices along the axis: order 0 only copies the slices it selects, so resample
    // just those (same values as resampling every slice first, as nnU-Net does; less work).
    const AxisPlan pick = planAxis(inShape[axis], outShape[axis], 0);
    Shape3 g = inShape;
    g[axis] = outShape[axis];
    std::vector<Tin> gathered(static_cast<std::size_t>(g[0] * g[1] * g[2]));
    for (std::int64_t i0 = 0; i0 < g[0]; ++i0)
      for (std::int64_t i1 = 0; i1 < g[1]; ++i1)
        for (std::int64_t i2 = 0; i2 < g[2]; ++i2) {
          std::array<std::int64_t, 3> src{i0, i1, i2};
          src[static_cast<std::size_t>(axis)] = pick.idx[static_cast<std::size_t>(src[static_cast<std::size_t>(axis)])];
          gathered[static_cast<std::size_t>((i0 * g[1] + i1) * g[2] + i2)] =
              in[(src[0] * inShape[1] + src[1]) * inShape[2] + src[2]];
        }
    const auto [mn, mx] = sliceRanges(gathered.data(), g);
    interpolate(gathered.data(), g, out, outShape, plane, order);
    clipSlices(out, outShape, mn, mx);
    return;
  }
  Shape3 mid = outShape;
  mid[axis] = inShape[axis];
  const auto [mn, mx] = sliceRanges(in, inShape);
  if (mid == outShape) {  // the low-resolution axis keeps its size: the in-plane result is the output
    interpolate(in, inShape, out, mid, plane, order);
    clipSlices(out, mid, mn, mx);
    return;
  }
  std::unique_ptr<double[]> m(new double[static_cast<std::size_t>(mid[0] * mid[1] * mid[2])]);
  interpolate(in, inShape, m.get(), mid, plane, order);
  clipSlices(m.get(), mid, mn, mx);
  // nnU-Net's map_coordinates(reshaped_here, coord_map, order=order_z, mode="nearest"): unclipped.
  axisPass(m.get(), mid, axis, planAxis(mid[axis], outShape[axis], orderZ), out);
}

double roundToFloat16(double v) {
  if (std::isnan(v) || std::isinf(v)) return v;
  const double a = std::abs(v);
  if (a >= 65520.0) return std::copysign(std::numeric_limits<double>::infinity(), v);  // tie above 65504 -> even
  int ex = 0;
  std::frexp(a, &ex);                       // a = m * 2^ex, m in [0.5, 1)
  const int e = std::max(ex - 1, -14);      // float16 exponent (subnormals share 2^-14)
  const double q = std::ldexp(1.0, e - 10);  // spacing of float16 values there (10 fraction bits)
  return std::copysign(std::nearbyint(a / q) * q, v);  // a / q and the product are exact; ties to even
}

template void resampleChannel<float, float>(const float*, const Shape3&, float*, const Shape3&, int, int, int);
template void resampleChannel<double, double>(const double*, const Shape3&, double*, const Shape3&, int, int, int);
template void resize<float, float>(const float*, const Shape3&, float*, const Shape3&, int, bool);
template void resize<double, double>(const double*, const Shape3&, double*, const Shape3&, int, bool);

}  // namespace hccws::infer::spline
