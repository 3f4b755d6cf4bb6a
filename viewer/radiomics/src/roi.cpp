#include "roi.h"

#include <hccws/core/limits.h>
#include <hccws/core/resample.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace hccws::radiomics::detail {
namespace {

using core::Geometry;

// The box of the ROI's voxels, widened by `pad` voxels per axis and clamped to the grid.
struct Box {
  std::array<long, 3> lo{0, 0, 0}, hi{-1, -1, -1};  // inclusive
  bool empty() const { return hi[0] < lo[0]; }
};

Box maskBox(const core::Volume<std::uint8_t>& m) {
  Box b;
  const auto& d = m.dims();
  b.lo = {static_cast<long>(d[0]), static_cast<long>(d[1]), static_cast<long>(d[2])};
  const std::uint8_t* p = m.data();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j)
      for (std::size_t i = 0; i < d[0]; ++i, ++p)
        if (*p) {
          const long ijk[3] = {static_cast<long>(i), static_cast<long>(j), static_cast<long>(k)};
          for (int a = 0; a < 3; ++a) {
            b.lo[a] = std::min(b.lo[a], ijk[a]);
            b.hi[a] = std::max(b.hi[a], ijk[a]);
          }
        }
  return b;
}

template <typename T>
core::Volume<T> crop(const core::Volume<T>& v, const Box& b) {
  Geometry g = v.geometry();
  for (int a = 0; a < 3; ++a) g.dims[a] = static_cast<std::size_t>(b.hi[a] - b.lo[a] + 1);
  g.originLps = v.geometry().indexToWorld({double(b.lo[0]), double(b.lo[1]), double(b.lo[2])});
  core::Volume<T> out(g);
  for (long k = 0; k < long(g.dims[2]); ++k)
    for (long j = 0; j < long(g.dims[1]); ++j) {
      const T* src = &v.at(std::size_t(b.lo[0]), std::size_t(b.lo[1] + j), std::size_t(b.lo[2] + k));
      std::copy(src, src + g.dims[0], &out.at(0, std::size_t(j), std::size_t(k)));
    }
  return out;
}

Box padBox(Box b, const core::Dims3& dims, const std::array<long, 3>& pad) {
  for (int a = 0; a < 3; ++a) {
    b.lo[a] = std::max(0L, b.lo[a] - pad[a]);
    b.hi[a] = std::min(static_cast<long>(dims[a]) - 1, b.hi[a] + pad[a]);
  }
  return b;
}

// IBSI's local intensity sphere has a radius of 6.2 mm (1 cm3); the box keeps that much image around the ROI.
constexpr double kPeakRadiusMm = 6.2035049089940;

}  // namespace

long long Roi::countMorph() const { return std::count(morph.begin(), morph.end(), std::uint8_t(1)); }
long long Roi::countIntensity() const { return std::count(intensity.begin(), intensity.end(), std::uint8_t(1)); }

Roi prepareRoi(const core::FloatVolume& image, const core::Volume<std::uint8_t>& mask, const Settings& s,
               const core::ProgressScope& progress) {
  s.validate();
  if (!image.geometry().sameGrid(mask.geometry()))
    throw std::invalid_argument("the ROI mask (" + mask.geometry().describe() + ") is not on the image's grid (" +
                                image.geometry().describe() + ")");
  Box box = maskBox(mask);
  if (box.empty()) throw std::invalid_argument("the ROI is empty");
  progress.report(0.0, "preparing the ROI");

  // The image and mask the ROI is cut from: the caller's own, or their interpolated copies (no copy otherwise).
  core::FloatVolume interpolated;
  core::Volume<std::uint8_t> interpolatedMask;
  const core::FloatVolume* img = &image;
  const core::Volume<std::uint8_t>* roi = &mask;
  const auto& sp = image.geometry().spacingMm;
  if (s.isotropicMm) {
    // Crop with room for interpolation and the peak sphere, then interpolate the crop onto an isotropic grid
    // sharing the crop's centre.
    const double iso = *s.isotropicMm;
    std::array<long, 3> pad{};
    for (int a = 0; a < 3; ++a) pad[a] = static_cast<long>(std::ceil((kPeakRadiusMm + 2 * iso) / sp[a])) + 1;
    const Box b = padBox(box, image.dims(), pad);
    const core::FloatVolume ci = crop(image, b);
    const core::Volume<std::uint8_t> cm = crop(mask, b);
    Geometry g = ci.geometry();
    Geometry ng = g;
    for (int a = 0; a < 3; ++a) {
      ng.spacingMm[a] = iso;
      ng.dims[a] = static_cast<std::size_t>(std::max(1.0, std::ceil(g.dims[a] * g.spacingMm[a] / iso - 1e-9)));
    }
    // The new grid is checked against the memory budget before anything is allocated (a 0.01 mm request on a
    // large ROI would ask for terabytes); the image, the mask and the work copies take about 16 bytes a voxel.
    core::checkAllocation("radiomics", "interpolation to " + std::to_string(iso) + " mm voxels", ng.voxelCount(), 16);
    const core::Vec3 centre = g.indexToWorld({(g.dims[0] - 1) / 2.0, (g.dims[1] - 1) / 2.0, (g.dims[2] - 1) / 2.0});
    ng.originLps = centre;
    const core::Vec3 off = ng.indexToWorld({-(double(ng.dims[0]) - 1) / 2.0, -(double(ng.dims[1]) - 1) / 2.0,
                                            -(double(ng.dims[2]) - 1) / 2.0});
    ng.originLps = off;  // with the origin at the centre, index -c lies at centre - D S c: the new origin
    core::ResampleOptions ro;
    ro.interpolation = core::Interpolation::Linear;
    ro.fillValue = *std::min_element(ci.buffer().begin(), ci.buffer().end());
    core::ProgressScope ps(progress.sink(), 0.0, 0.5);
    interpolated = core::resample(ci, ng, core::AffineTransform{}, ro, ps.sink());
    if (s.roundIntensities)
      for (float& v : interpolated.buffer()) v = std::round(v);
    img = &interpolated;
    core::FloatVolume fm(cm.geometry());
    std::transform(cm.buffer().begin(), cm.buffer().end(), fm.buffer().begin(),
                   [](std::uint8_t v) { return v ? 1.0f : 0.0f; });
    core::ResampleOptions mo;
    mo.interpolation = core::Interpolation::Linear;
    mo.fillValue = 0.0;
    const core::FloatVolume rm = core::resample(fm, ng, core::AffineTransform{}, mo, {});
    interpolatedMask = core::Volume<std::uint8_t>(ng);
    std::transform(rm.buffer().begin(), rm.buffer().end(), interpolatedMask.buffer().begin(),
                   [t = s.maskThreshold](float v) { return v >= t ? 1 : 0; });
    roi = &interpolatedMask;
    box = maskBox(interpolatedMask);
    if (box.empty()) throw std::invalid_argument("the ROI is empty after interpolation to " + std::to_string(iso) + " mm");
  }

  const auto& sp2 = img->geometry().spacingMm;
  std::array<long, 3> pad{};
  for (int a = 0; a < 3; ++a) pad[a] = static_cast<long>(std::ceil(kPeakRadiusMm / sp2[a])) + 1;
  const Box b = padBox(box, img->dims(), pad);
  const core::FloatVolume ci = crop(*img, b);
  const core::Volume<std::uint8_t> cm = crop(*roi, b);

  Roi r;
  for (int a = 0; a < 3; ++a) {
    r.dims[a] = static_cast<long>(ci.dims()[a]);
    r.spacing[a] = ci.geometry().spacingMm[a];
  }
  r.sliceAxis = s.sliceAxis;
  r.image = ci.buffer();
  r.morph.resize(cm.size());
  std::transform(cm.buffer().begin(), cm.buffer().end(), r.morph.begin(), [](std::uint8_t v) { return v ? 1 : 0; });
  r.intensity = r.morph;
  for (std::size_t n = 0; n < r.size(); ++n) {
    if (!r.intensity[n]) continue;
    const double x = r.image[n];
    if (!std::isfinite(x) || (s.resegmentLower && x < *s.resegmentLower) || (s.resegmentUpper && x > *s.resegmentUpper))
      r.intensity[n] = 0;
  }
  if (r.countIntensity() == 0) throw std::invalid_argument("no ROI voxel lies in the re-segmentation range");

  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (std::size_t n = 0; n < r.size(); ++n)
    if (r.intensity[n]) {
      lo = std::min(lo, double(r.image[n]));
      hi = std::max(hi, double(r.image[n]));
    }
  r.level.assign(r.size(), 0);
  if (s.discretisation == Discretisation::FixedBinNumber) {
    r.ng = s.binNumber;
    r.levelLower = lo;
    r.levelWidth = hi > lo ? (hi - lo) / s.binNumber : 1.0;
    for (std::size_t n = 0; n < r.size(); ++n)
      if (r.intensity[n]) {
        int l = hi > lo ? static_cast<int>(std::floor(s.binNumber * (r.image[n] - lo) / (hi - lo))) + 1 : 1;
        r.level[n] = std::min(l, s.binNumber);
      }
  } else {
    r.levelLower = s.resegmentLower ? *s.resegmentLower : lo;
    r.levelWidth = s.binWidth;
    int mx = 1;
    for (std::size_t n = 0; n < r.size(); ++n)
      if (r.intensity[n]) {
        const int l = static_cast<int>(std::floor((r.image[n] - r.levelLower) / s.binWidth)) + 1;
        r.level[n] = std::max(l, 1);
        mx = std::max(mx, r.level[n]);
      }
    if (mx > kMaxGreyLevels)
      throw std::invalid_argument("the bin width " + std::to_string(s.binWidth) + " gives " + std::to_string(mx) +
                                  " grey levels (at most " + std::to_string(kMaxGreyLevels) + "): choose a wider bin");
    r.ng = mx;
  }
  progress.report(1.0, "preparing the ROI");
  return r;
}

std::vector<double> roiIntensities(const Roi& roi) {
  std::vector<double> v;
  for (std::size_t n = 0; n < roi.size(); ++n)
    if (roi.intensity[n]) v.push_back(roi.image[n]);
  return v;
}

Bounds boundsOf(const Roi& roi, long slice) {
  Bounds b{{0, 0, 0}, {roi.dims[0], roi.dims[1], roi.dims[2]}};
  if (slice >= 0) b.lo[roi.sliceAxis] = slice, b.hi[roi.sliceAxis] = slice + 1;
  return b;
}

std::vector<std::array<int, 3>> neighbourOffsets(bool full, int sliceAxis, bool inSlice) {
  std::vector<std::array<int, 3>> o;
  for (int dk = -1; dk <= 1; ++dk)
    for (int dj = -1; dj <= 1; ++dj)
      for (int di = -1; di <= 1; ++di) {
        const int d[3] = {di, dj, dk};
        const int nz = (di != 0) + (dj != 0) + (dk != 0);
        if (nz == 0 || (!full && nz != 1) || (inSlice && d[sliceAxis] != 0)) continue;
        o.push_back({di, dj, dk});
      }
  return o;
}

const std::vector<std::array<int, 3>>& directions3d() {
  static const std::vector<std::array<int, 3>> d = {
      {1, 0, 0},  {0, 1, 0},  {0, 0, 1},   {1, 1, 0},  {1, -1, 0}, {1, 0, 1},   {1, 0, -1},
      {0, 1, 1},  {0, 1, -1}, {1, 1, 1},   {1, 1, -1}, {1, -1, 1}, {1, -1, -1}};
  return d;
}

std::vector<std::array<int, 3>> directions2d(int sliceAxis) {
  std::vector<std::array<int, 3>> out;
  for (const auto& d : directions3d())
    if (d[sliceAxis] == 0) out.push_back(d);
  return out;
}

}  // namespace hccws::radiomics::detail
