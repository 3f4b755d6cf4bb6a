// Active contour from a seed (see active_contour.h): ITK's threshold level set on a crop around the seed.
#include <hccws/core/active_contour.h>

#include "itk_bridge.h"
#include "label_edit_itk.h"
#include "label_edit_rules.h"

#include <itkConnectedThresholdImageFilter.h>
#include <itkThresholdSegmentationLevelSetImageFilter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace hccws::core {

namespace {

using FloatImage = itk::Image<float, 3>;

FloatImage::Pointer cropImage(const Geometry& g, const IndexBox& box) {
  auto image = FloatImage::New();
  Geometry c = g;
  for (int a = 0; a < 3; ++a) c.dims[a] = box.hi[a] - box.lo[a];
  c.originLps = g.indexToWorld({double(box.lo[0]), double(box.lo[1]), double(box.lo[2])});
  itkbridge::applyGeometry(image.GetPointer(), c);
  image->Allocate();
  return image;
}

double distMm(const Geometry& g, std::size_t i, std::size_t j, std::size_t k, const Vec3& seedIjk) {
  const double di = (double(i) - seedIjk[0]) * g.spacingMm[0], dj = (double(j) - seedIjk[1]) * g.spacingMm[1],
               dk = (double(k) - seedIjk[2]) * g.spacingMm[2];
  return std::sqrt(di * di + dj * dj + dk * dk);
}

}  // namespace

ActiveContourResult activeContour(const CtVolume& ct, const Vec3& seedLps, const ActiveContourOptions& o,
                                  const ProgressSink& progress) {
  const Geometry& g = ct.geometry();
  if (!(o.maxRadiusMm > 0) || !(o.initialRadiusMm > 0) || !(o.seedSampleMm > 0) || o.maxIterations < 1 ||
      !(o.thresholdSds > 0) || !(o.minHalfWidthHu >= 0) || !(o.maxRmsChange > 0))
    throw std::invalid_argument("active contour: options out of range");
  const Vec3 sijk = g.worldToIndex(seedLps);
  const long si = std::lround(sijk[0]), sj = std::lround(sijk[1]), sk = std::lround(sijk[2]);
  if (!std::isfinite(sijk[0]) || !g.containsIndex(si, sj, sk))
    throw std::invalid_argument("active contour: the seed point lies outside the image");
  const Dims3 seed{std::size_t(si), std::size_t(sj), std::size_t(sk)};
  const Vec3 seedIjk{double(si), double(sj), double(sk)};

  ActiveContourResult r;
  if (o.box) {
    r.box = o.box->clippedTo(g.dims);
    if (!r.box.contains(seed[0], seed[1], seed[2]))
      throw std::invalid_argument("active contour: the seed point lies outside the box");
  } else {
    Dims3 pad{};
    for (int a = 0; a < 3; ++a) pad[a] = static_cast<std::size_t>(std::ceil(o.maxRadiusMm / g.spacingMm[a]));
    r.box = detail::padded(IndexBox{seed, {seed[0] + 1, seed[1] + 1, seed[2] + 1}}, pad, g.dims);
  }

  // 1. The HU range.
  if (o.threshold) {
    r.threshold = *o.threshold;
    char buf[120];
    std::snprintf(buf, sizeof buf, "given: %.0f..%.0f HU", r.threshold.min, r.threshold.max);
    r.thresholdReason = buf;
  } else {
    double sum = 0, sum2 = 0;
    std::size_t n = 0;
    Dims3 pad{};
    for (int a = 0; a < 3; ++a) pad[a] = static_cast<std::size_t>(std::ceil(o.seedSampleMm / g.spacingMm[a]));
    const IndexBox near = detail::padded(IndexBox{seed, {seed[0] + 1, seed[1] + 1, seed[2] + 1}}, pad, g.dims);
    for (std::size_t k = near.lo[2]; k < near.hi[2]; ++k)
      for (std::size_t j = near.lo[1]; j < near.hi[1]; ++j)
        for (std::size_t i = near.lo[0]; i < near.hi[0]; ++i)
          if (distMm(g, i, j, k, seedIjk) <= o.seedSampleMm) {
            const double v = ct.at(i, j, k);
            sum += v;
            sum2 += v * v;
            ++n;
          }
    const double mean = sum / double(n), sd = std::sqrt(std::max(0.0, sum2 / double(n) - mean * mean));
    const double half = std::max(o.thresholdSds * sd, o.minHalfWidthHu);
    r.threshold = {mean - half, mean + half};
    char buf[160];
    std::snprintf(buf, sizeof buf, "seed mean %.0f HU, SD %.0f HU within %.0f mm (%zu voxels): %.0f..%.0f HU", mean, sd,
                  o.seedSampleMm, n, r.threshold.min, r.threshold.max);
    r.thresholdReason = buf;
  }

  // 2. The level set on the crop: the CT as the feature image, a small sphere at the seed as the start.
  const ProgressScope scope(progress, 0, 1);
  scope.report(0, "active contour");
  // The starting sphere holds the seed's neighbours along every axis (a one-voxel start vanishes under the
  // curvature term on coarse grids).
  const double r0 = std::max(o.initialRadiusMm, 1.2 * std::max({g.spacingMm[0], g.spacingMm[1], g.spacingMm[2]}));
  auto feature = cropImage(g, r.box);
  auto initial = cropImage(g, r.box);
  {
    float* f = feature->GetBufferPointer();
    float* phi = initial->GetBufferPointer();
    std::size_t n = 0;
    for (std::size_t k = r.box.lo[2]; k < r.box.hi[2]; ++k)
      for (std::size_t j = r.box.lo[1]; j < r.box.hi[1]; ++j)
        for (std::size_t i = r.box.lo[0]; i < r.box.hi[0]; ++i, ++n) {
          f[n] = ct.at(i, j, k);
          phi[n] = static_cast<float>(distMm(g, i, j, k, seedIjk) - r0);
        }
  }
  using LevelSet = itk::ThresholdSegmentationLevelSetImageFilter<FloatImage, FloatImage, float>;
  auto ls = LevelSet::New();
  ls->SetInput(initial);
  ls->SetFeatureImage(feature);
  ls->SetLowerThreshold(static_cast<float>(r.threshold.min));
  ls->SetUpperThreshold(static_cast<float>(r.threshold.max));
  ls->SetCurvatureScaling(o.curvatureScaling);
  ls->SetPropagationScaling(o.propagationScaling);
  ls->SetEdgeWeight(o.edgeWeight);
  ls->SetMaximumRMSError(o.maxRmsChange);
  ls->SetNumberOfIterations(static_cast<unsigned>(o.maxIterations));
  ls->SetIsoSurfaceValue(0.0);
  detail::updateWithProgress(ls, ProgressScope(progress, 0, 0.95), "active contour");
  r.iterations = static_cast<int>(ls->GetElapsedIterations());

  // 3. The connected region (26-connected) of phi <= 0 that holds the seed.
  using Connected = itk::ConnectedThresholdImageFilter<FloatImage, itk::Image<std::uint8_t, 3>>;
  auto cc = Connected::New();
  cc->SetInput(ls->GetOutput());
  cc->SetLower(-std::numeric_limits<float>::max());
  cc->SetUpper(0.0f);
  cc->SetReplaceValue(1);
  cc->SetConnectivity(Connected::ConnectivityEnumType::FullConnectivity);
  FloatImage::IndexType idx;
  for (int a = 0; a < 3; ++a) idx[a] = static_cast<long>(seed[a] - r.box.lo[a]);
  cc->AddSeed(idx);
  cc->Update();
  const std::uint8_t* m = cc->GetOutput()->GetBufferPointer();
  r.mask = Volume<std::uint8_t>(g, 0);
  IndexBox t{g.dims, {0, 0, 0}};
  std::size_t n = 0;
  for (std::size_t k = r.box.lo[2]; k < r.box.hi[2]; ++k)
    for (std::size_t j = r.box.lo[1]; j < r.box.hi[1]; ++j)
      for (std::size_t i = r.box.lo[0]; i < r.box.hi[0]; ++i, ++n)
        if (m[n]) {
          r.mask.at(i, j, k) = 1;
          ++r.voxels;
          t.lo = {std::min(t.lo[0], i), std::min(t.lo[1], j), std::min(t.lo[2], k)};
          t.hi = {std::max(t.hi[0], i + 1), std::max(t.hi[1], j + 1), std::max(t.hi[2], k + 1)};
        }
  r.tightBox = r.voxels ? t : IndexBox{};
  r.volumeMl = double(r.voxels) * g.spacingMm[0] * g.spacingMm[1] * g.spacingMm[2] / 1000.0;
  scope.report(1, "active contour");
  return r;
}

EditResult applyMask(LabelMap& labels, const Volume<std::uint8_t>& mask, const IndexBox& within,
                     const EditRules& rules, ChangeRecorder* recorder) {
  detail::validateRules(labels, rules, "active contour");
  if (!mask.geometry().sameGrid(labels.labels.geometry()))
    throw std::invalid_argument("active contour: the mask's grid differs from the label grid");
  const detail::WriteFilter paint = detail::paintFilter(labels, rules);
  const std::uint8_t* mk = mask.data();
  const std::uint8_t label = rules.label;
  return detail::applyInBox(labels, within.clippedTo(labels.labels.dims()), recorder,
                            [&](std::size_t idx, std::size_t, std::size_t, std::size_t, std::uint8_t cur) {
                              return mk[idx] && paint.allows(idx, cur) ? label : cur;
                            });
}

}  // namespace hccws::core
