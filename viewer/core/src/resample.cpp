#include <hccws/core/resample.h>

#include "parallel_slices.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace hccws::core {

Vec3 AffineTransform::apply(const Vec3& p) const {
  const Vec3 m = matVec(matrix, p);
  return {m[0] + translation[0], m[1] + translation[1], m[2] + translation[2]};
}

AffineTransform AffineTransform::inverse() const {
  AffineTransform r;
  r.matrix = core::inverse(matrix);
  const Vec3 t = matVec(r.matrix, translation);
  r.translation = {-t[0], -t[1], -t[2]};
  return r;
}

std::array<double, 16> AffineTransform::toMatrix4() const {
  return {matrix[0], matrix[1], matrix[2], translation[0], matrix[3], matrix[4], matrix[5], translation[1],
          matrix[6], matrix[7], matrix[8], translation[2], 0,         0,         0,         1};
}

bool AffineTransform::isIdentity(double tol) const {
  for (int e = 0; e < 9; ++e)
    if (std::abs(matrix[e] - kIdentity3[e]) > tol) return false;
  for (int a = 0; a < 3; ++a)
    if (std::abs(translation[a]) > tol) return false;
  return true;
}

AffineTransform AffineTransform::rigid(const Vec3& rotationDeg, const Vec3& translationMm, const Vec3& c) {
  const double k = M_PI / 180.0;
  const double ax = rotationDeg[0] * k, ay = rotationDeg[1] * k, az = rotationDeg[2] * k;
  const Mat3 rx{1, 0, 0, 0, std::cos(ax), -std::sin(ax), 0, std::sin(ax), std::cos(ax)};
  const Mat3 ry{std::cos(ay), 0, std::sin(ay), 0, 1, 0, -std::sin(ay), 0, std::cos(ay)};
  const Mat3 rz{std::cos(az), -std::sin(az), 0, std::sin(az), std::cos(az), 0, 0, 0, 1};
  AffineTransform t;
  t.matrix = matMul(rz, matMul(ry, rx));
  const Vec3 rc = matVec(t.matrix, c);
  for (int a = 0; a < 3; ++a) t.translation[a] = c[a] - rc[a] + translationMm[a];
  return t;
}

AffineTransform compose(const AffineTransform& outer, const AffineTransform& inner) {
  AffineTransform r;
  r.matrix = matMul(outer.matrix, inner.matrix);
  r.translation = outer.apply(inner.translation);
  return r;
}

Vec3 eulerAnglesDeg(const Mat3& r) {
  // R = Rz Ry Rx: r[6] = -sin(ay); r[7] = cos(ay) sin(ax); r[8] = cos(ay) cos(ax); r[3]/r[0] = tan(az).
  const double k = 180.0 / M_PI;
  const double ay = std::asin(std::clamp(-r[6], -1.0, 1.0));
  const double ax = std::atan2(r[7], r[8]);
  const double az = std::atan2(r[3], r[0]);
  return {ax * k, ay * k, az * k};
}

namespace {

template <typename T>
T convertValue(double v) {
  if constexpr (std::is_integral_v<T>) {
    const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    return static_cast<T>(std::clamp(std::nearbyint(v), lo, hi));
  } else {
    return static_cast<T>(v);
  }
}

template <typename T>
Volume<T> resampleImpl(const Volume<T>& src, const Geometry& target, const AffineTransform& targetToSource,
                       Interpolation interp, double fillValue, unsigned threads, const ProgressSink& progress) {
  const Geometry& sg = src.geometry();
  if (src.empty()) throw std::invalid_argument("resample: the source volume is empty");
  Volume<T> out(target, convertValue<T>(fillValue));
  // Target index -> source continuous index is affine: srcIdx = A * ijk + b. Precompute A and b.
  const Mat3 srcWorldToIdx = [&] {
    Mat3 m = core::inverse(sg.direction);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) m[3 * r + c] /= sg.spacingMm[r];
    return m;
  }();
  Mat3 tgtIdxToWorld = target.direction;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) tgtIdxToWorld[3 * r + c] *= target.spacingMm[c];
  const Mat3 a = matMul(srcWorldToIdx, matMul(targetToSource.matrix, tgtIdxToWorld));
  const Vec3 o = targetToSource.apply(target.originLps);
  const Vec3 b = matVec(srcWorldToIdx, {o[0] - sg.originLps[0], o[1] - sg.originLps[1], o[2] - sg.originLps[2]});

  const long nx = static_cast<long>(sg.dims[0]), ny = static_cast<long>(sg.dims[1]),
             nz = static_cast<long>(sg.dims[2]);
  const T* in = src.data();
  const std::size_t sx = 1, sy = sg.dims[0], sz = sg.dims[0] * sg.dims[1];
  const T fill = convertValue<T>(fillValue);
  const long tdx = static_cast<long>(target.dims[0]), tdy = static_cast<long>(target.dims[1]),
             tdz = static_cast<long>(target.dims[2]);

  auto doSlice = [&](long k) {
    T* row = out.data() + static_cast<std::size_t>(k) * target.dims[0] * target.dims[1];
    for (long j = 0; j < tdy; ++j, row += tdx) {
      double p0 = a[1] * j + a[2] * k + b[0], p1 = a[4] * j + a[5] * k + b[1], p2 = a[7] * j + a[8] * k + b[2];
      for (long i = 0; i < tdx; ++i, p0 += a[0], p1 += a[3], p2 += a[6]) {
        // Half a voxel of tolerance beyond the outer centres, as ITK does for nearest neighbour.
        if (p0 < -0.5 || p1 < -0.5 || p2 < -0.5 || p0 > nx - 0.5 || p1 > ny - 0.5 || p2 > nz - 0.5) {
          row[i] = fill;
          continue;
        }
        if (interp == Interpolation::Nearest) {
          const long x = std::min(nx - 1, static_cast<long>(std::floor(p0 + 0.5)));
          const long y = std::min(ny - 1, static_cast<long>(std::floor(p1 + 0.5)));
          const long z = std::min(nz - 1, static_cast<long>(std::floor(p2 + 0.5)));
          row[i] = in[x * sx + y * sy + z * sz];
          continue;
        }
        // Trilinear with edge clamping inside the half-voxel border.
        const double cx = std::clamp(p0, 0.0, static_cast<double>(nx - 1));
        const double cy = std::clamp(p1, 0.0, static_cast<double>(ny - 1));
        const double cz = std::clamp(p2, 0.0, static_cast<double>(nz - 1));
        const long x0 = std::min(static_cast<long>(cx), std::max(0L, nx - 2));
        const long y0 = std::min(static_cast<long>(cy), std::max(0L, ny - 2));
        const long z0 = std::min(static_cast<long>(cz), std::max(0L, nz - 2));
        const double fx = nx > 1 ? cx - x0 : 0, fy = ny > 1 ? cy - y0 : 0, fz = nz > 1 ? cz - z0 : 0;
        const std::size_t ox = nx > 1 ? sx : 0, oy = ny > 1 ? sy : 0, oz = nz > 1 ? sz : 0;
        const T* c = in + x0 * sx + y0 * sy + z0 * sz;
        const double c00 = c[0] + fx * (double(c[ox]) - c[0]);
        const double c10 = c[oy] + fx * (double(c[oy + ox]) - c[oy]);
        const double c01 = c[oz] + fx * (double(c[oz + ox]) - c[oz]);
        const double c11 = c[oz + oy] + fx * (double(c[oz + oy + ox]) - c[oz + oy]);
        const double c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
        row[i] = convertValue<T>(c0 + fz * (c1 - c0));
      }
    }
  };

  detail::parallelSlices(tdz, threads, progress, "resampling", doSlice);
  return out;
}

}  // namespace

CtVolume resample(const CtVolume& source, const Geometry& target, const AffineTransform& t,
                  const ResampleOptions& o, const ProgressSink& progress) {
  return resampleImpl(source, target, t, o.interpolation, o.fillValue, o.threads, progress);
}

FloatVolume resample(const FloatVolume& source, const Geometry& target, const AffineTransform& t,
                     const ResampleOptions& o, const ProgressSink& progress) {
  return resampleImpl(source, target, t, o.interpolation, o.fillValue, o.threads, progress);
}

Volume<std::uint8_t> resampleLabels(const Volume<std::uint8_t>& source, const Geometry& target,
                                    const AffineTransform& t, unsigned threads, const ProgressSink& progress) {
  return resampleImpl(source, target, t, Interpolation::Nearest, 0.0, threads, progress);
}

}  // namespace hccws::core
