#include <hccws/render/surface_builder.h>

#include <hccws/core/label_map.h>
#include <hccws/render/vtk_image.h>

#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkFlyingEdges3D.h>
#include <vtkPolyDataAlgorithm.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricDecimation.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

namespace hccws::render {

namespace {

// Eight voxels at once: label maps are mostly background, and most of two snapshots are equal.
std::uint64_t word(const std::uint8_t* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

core::IndexBox grown(const core::IndexBox& box, std::size_t margin, const core::Dims3& dims) {
  core::IndexBox r;
  for (int a = 0; a < 3; ++a) {
    r.lo[a] = box.lo[a] > margin ? box.lo[a] - margin : 0;
    r.hi[a] = std::min(box.hi[a] + margin, dims[a]);
  }
  return r;
}

std::string dimsText(const core::Dims3& d) {
  return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
}

// Marks, over `box` (the tight box of label `absorbed`), the 6-connected components of `absorbed` that touch
// a voxel of `toucher`: 2 = joins the region, 1 = does not, 0 = other labels. Grows `tight` by the joining
// components. Hand-written flood fill: vtkImageConnectivityFilter lives in VTK::ImagingMorphological, which
// the project does not link, and the "touches another label" test needs the neighbours anyway.
std::vector<std::uint8_t> markTouchingComponents(const core::Volume<std::uint8_t>& labels, std::uint8_t absorbed,
                                                 std::uint8_t toucher, const core::IndexBox& box,
                                                 core::IndexBox& tight) {
  const std::size_t bx = box.hi[0] - box.lo[0], by = box.hi[1] - box.lo[1], bz = box.hi[2] - box.lo[2];
  std::vector<std::uint8_t> state(bx * by * bz, 0);
  auto local = [&](std::size_t i, std::size_t j, std::size_t k) {
    return (i - box.lo[0]) + bx * ((j - box.lo[1]) + by * (k - box.lo[2]));
  };
  std::vector<std::size_t> component;  // local indices
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
        if (labels.at(i, j, k) != absorbed || state[local(i, j, k)] != 0) continue;
        component.clear();
        component.push_back(local(i, j, k));
        state[component.back()] = 1;
        bool touches = false;
        core::IndexBox cbox{{i, j, k}, {i + 1, j + 1, k + 1}};
        for (std::size_t n = 0; n < component.size(); ++n) {
          const std::size_t l = component[n];
          const std::size_t ci = box.lo[0] + l % bx, cj = box.lo[1] + (l / bx) % by, ck = box.lo[2] + l / (bx * by);
          cbox = cbox.united({{ci, cj, ck}, {ci + 1, cj + 1, ck + 1}});
          const long nb[6][3] = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
          for (const auto& o : nb) {
            const long ni = static_cast<long>(ci) + o[0], nj = static_cast<long>(cj) + o[1],
                       nk = static_cast<long>(ck) + o[2];
            if (!labels.geometry().containsIndex(ni, nj, nk)) continue;
            const auto ui = static_cast<std::size_t>(ni), uj = static_cast<std::size_t>(nj),
                       uk = static_cast<std::size_t>(nk);
            const std::uint8_t v = labels.at(ui, uj, uk);
            if (v == toucher) touches = true;
            if (v == absorbed && box.contains(ui, uj, uk) && state[local(ui, uj, uk)] == 0) {
              state[local(ui, uj, uk)] = 1;
              component.push_back(local(ui, uj, uk));
            }
          }
        }
        if (!touches) continue;
        for (std::size_t l : component) state[l] = 2;
        tight = tight.united(cbox);
      }
  return state;
}

// The shared pipeline: contour `value` in a Local-frame image (its extent may be a sub-box of the grid),
// smooth, decimate, place in LPS, normals.
// discrete: labels (vtkDiscreteFlyingEdges3D, the faces between `value` and the rest); otherwise the
// iso-surface of a continuous map at `value` (vtkFlyingEdges3D, interpolated).
vtkSmartPointer<vtkPolyData> contourPipeline(vtkImageData* image, double value, const core::Geometry& grid,
                                             const SurfaceOptions& options, const core::ProgressScope& scope,
                                             bool discrete = true) {
  const auto configured = [value](auto c) {  // the two filters share these settings, not a base class
    c->SetValue(0, value);
    c->ComputeNormalsOff();
    c->ComputeGradientsOff();
    c->ComputeScalarsOff();
    return vtkSmartPointer<vtkPolyDataAlgorithm>(c);
  };
  const vtkSmartPointer<vtkPolyDataAlgorithm> contour =
      discrete ? configured(vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New())
               : configured(vtkSmartPointer<vtkFlyingEdges3D>::New());
  contour->SetInputData(image);
  contour->Update();
  if (contour->GetOutput()->GetNumberOfPoints() == 0) return vtkSmartPointer<vtkPolyData>::New();
  scope.report(0.25, "surface: contour");
  vtkAlgorithm* last = contour;

  auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
  if (options.smoothingIterations > 0) {
    smooth->SetInputConnection(last->GetOutputPort());
    smooth->SetNumberOfIterations(options.smoothingIterations);
    smooth->SetPassBand(options.passBand);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    smooth->Update();
    scope.report(0.5, "surface: smoothing");
    last = smooth;
  }
  auto decimate = vtkSmartPointer<vtkQuadricDecimation>::New();
  if (options.targetReduction > 0) {
    decimate->SetInputConnection(last->GetOutputPort());
    decimate->SetTargetReduction(options.targetReduction);
    decimate->VolumePreservationOn();
    decimate->Update();
    scope.report(0.85, "surface: decimation");
    last = decimate;
  }
  auto transform = vtkSmartPointer<vtkTransform>::New();
  transform->SetMatrix(localToWorld(grid));
  auto place = vtkSmartPointer<vtkTransformPolyDataFilter>::New();
  place->SetInputConnection(last->GetOutputPort());
  place->SetTransform(transform);
  auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
  normals->SetInputConnection(place->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOn();
  normals->AutoOrientNormalsOff();
  normals->Update();
  scope.report(1.0, "surface: normals");

  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(normals->GetOutput());
  return out;
}

}  // namespace

LabelBoxes labelBoxes(const core::Volume<std::uint8_t>& labels) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::array<core::Dims3, 256> lo, hi;
  lo.fill({kNone, kNone, kNone});
  hi.fill({0, 0, 0});
  const core::Dims3& d = labels.dims();
  const std::uint8_t* data = labels.data();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j) {
      const std::uint8_t* row = data + d[0] * (j + d[1] * k);
      std::size_t i = 0;
      while (i < d[0]) {
        if (i + 8 <= d[0] && word(row + i) == 0) {
          i += 8;
          continue;
        }
        const std::uint8_t v = row[i];
        if (v == 0) {
          ++i;
          continue;
        }
        std::size_t end = i + 1;
        while (end < d[0] && row[end] == v) ++end;  // one update per run of equal labels
        auto& l = lo[v];
        auto& h = hi[v];
        l = {std::min(l[0], i), std::min(l[1], j), std::min(l[2], k)};
        h = {std::max(h[0], end), std::max(h[1], j + 1), std::max(h[2], k + 1)};
        i = end;
      }
    }
  LabelBoxes boxes{};
  for (int v = 1; v < 256; ++v)
    if (lo[v][0] != kNone) boxes[v] = {lo[v], hi[v]};
  return boxes;
}

SurfaceRegion surfaceRegionFor(std::uint8_t value, bool organEnvelope) {
  constexpr auto liver = static_cast<std::uint8_t>(core::StandardLabel::Liver);
  constexpr auto tumour = static_cast<std::uint8_t>(core::StandardLabel::Tumour);
  return {value, organEnvelope && value == liver ? tumour : std::uint8_t{0}};
}

RegionMask regionMask(const core::Volume<std::uint8_t>& labels, const SurfaceRegion& region, const LabelBoxes& boxes,
                      bool crop) {
  RegionMask mask;
  if (region.value == 0 || boxes[region.value].empty()) return mask;
  core::IndexBox tight = boxes[region.value];
  const bool absorbs = region.absorbed != 0 && region.absorbed != region.value && !boxes[region.absorbed].empty();
  const core::IndexBox absorbedBox = absorbs ? boxes[region.absorbed] : core::IndexBox{};
  std::vector<std::uint8_t> joins;
  if (absorbs) joins = markTouchingComponents(labels, region.absorbed, region.value, absorbedBox, tight);
  const core::Dims3& d = labels.dims();
  mask.box = crop ? grown(tight, 1, d) : core::IndexBox::whole(d);
  const core::IndexBox& b = mask.box;
  const std::size_t bx = b.hi[0] - b.lo[0];
  const std::size_t ax = absorbedBox.hi[0] - absorbedBox.lo[0], ay = absorbedBox.hi[1] - absorbedBox.lo[1];
  mask.inside.assign(b.voxelCount(), 0);
  std::uint8_t* out = mask.inside.data();
  for (std::size_t k = b.lo[2]; k < b.hi[2]; ++k)
    for (std::size_t j = b.lo[1]; j < b.hi[1]; ++j, out += bx) {
      const std::uint8_t* row = labels.data() + d[0] * (j + d[1] * k);
      for (std::size_t i = b.lo[0]; i < b.hi[0]; ++i) {
        const std::uint8_t v = row[i];
        if (v == region.value) {
          out[i - b.lo[0]] = 1;
        } else if (absorbs && v == region.absorbed) {
          const std::size_t l =
              (i - absorbedBox.lo[0]) + ax * ((j - absorbedBox.lo[1]) + ay * (k - absorbedBox.lo[2]));
          out[i - b.lo[0]] = joins[l] == 2 ? 1 : 0;
        }
      }
    }
  return mask;
}

vtkSmartPointer<vtkPolyData> buildRegionSurface(const core::Geometry& grid, const RegionMask& mask,
                                                const SurfaceOptions& options, const core::ProgressSink& progress) {
  if (mask.empty()) return vtkSmartPointer<vtkPolyData>::New();
  if (mask.inside.size() != mask.box.voxelCount() || mask.box.hi[0] > grid.dims[0] || mask.box.hi[1] > grid.dims[1] ||
      mask.box.hi[2] > grid.dims[2])
    throw std::invalid_argument("buildRegionSurface: mask does not fit the label grid " + dimsText(grid.dims));
  const core::ProgressScope scope(progress, 0, 1);
  // The mask keeps the grid's indices (extent = box) in the Local frame (origin 0): flying edges then places
  // the points exactly where it would on the whole grid.
  auto image = vtkSmartPointer<vtkImageData>::New();
  const auto& b = mask.box;
  image->SetExtent(static_cast<int>(b.lo[0]), static_cast<int>(b.hi[0]) - 1, static_cast<int>(b.lo[1]),
                   static_cast<int>(b.hi[1]) - 1, static_cast<int>(b.lo[2]), static_cast<int>(b.hi[2]) - 1);
  image->SetSpacing(grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2]);
  image->SetOrigin(0, 0, 0);
  auto scalars = vtkSmartPointer<vtkUnsignedCharArray>::New();
  // Zero-copy (save = 1: VTK never frees it); the mask outlives the pipeline, which ends in this function.
  scalars->SetArray(const_cast<std::uint8_t*>(mask.inside.data()), static_cast<vtkIdType>(mask.inside.size()), 1);
  image->GetPointData()->SetScalars(scalars);
  return contourPipeline(image, 1.0, grid, options, scope);
}

vtkSmartPointer<vtkPolyData> buildLabelSurface(const core::Volume<std::uint8_t>& labels, std::uint8_t value,
                                               const SurfaceOptions& options, const core::ProgressSink& progress) {
  if (labels.empty() || value == 0) return vtkSmartPointer<vtkPolyData>::New();
  if (options.cropToLabel) {
    const LabelBoxes boxes = labelBoxes(labels);
    return buildRegionSurface(labels.geometry(), regionMask(labels, {value, 0}, boxes), options, progress);
  }
  // Reference: the raw labels over the whole grid.
  if (std::find(labels.buffer().begin(), labels.buffer().end(), value) == labels.buffer().end())
    return vtkSmartPointer<vtkPolyData>::New();
  return contourPipeline(toVtkImage(labels), value, labels.geometry(), options, core::ProgressScope(progress, 0, 1));
}

vtkSmartPointer<vtkPolyData> buildIsoSurface(const core::FloatVolume& map, double value, const SurfaceOptions& options,
                                             const core::ProgressSink& progress) {
  return contourPipeline(toVtkImage(map), value, map.geometry(), options, core::ProgressScope(progress, 0, 1), false);
}

LabelDiff diffLabels(const core::Volume<std::uint8_t>& before, const core::Volume<std::uint8_t>& after) {
  if (before.dims() != after.dims())
    throw std::invalid_argument("diffLabels: label maps of different dimensions (" + dimsText(before.dims()) +
                                " and " + dimsText(after.dims()) + ")");
  LabelDiff diff;
  const std::uint8_t* a = before.data();
  const std::uint8_t* b = after.data();
  const std::size_t n = before.size();
  const core::Dims3& d = before.dims();
  for (std::size_t x = 0; x < n;) {
    if (x + 8 <= n && word(a + x) == word(b + x)) {
      x += 8;
      continue;
    }
    for (const std::size_t end = std::min(n, x + 8); x < end; ++x) {
      if (a[x] == b[x]) continue;
      diff.values.set(a[x]);
      diff.values.set(b[x]);
      ++diff.voxels;
      const std::size_t i = x % d[0], j = (x / d[0]) % d[1], k = x / (d[0] * d[1]);
      diff.box = diff.box.united({{i, j, k}, {i + 1, j + 1, k + 1}});
    }
  }
  return diff;
}

SurfacePlan planSurfaces(const core::Volume<std::uint8_t>* before, const LabelBoxes* beforeBoxes,
                         const core::Volume<std::uint8_t>& after, bool organEnvelope, bool crop,
                         const core::ProgressSink& progress) {
  const core::ProgressScope scope(progress, 0, 1);
  if (before && before->dims() != after.dims())
    throw std::invalid_argument("planSurfaces: label maps of different dimensions (" + dimsText(before->dims()) +
                                " and " + dimsText(after.dims()) + ")");
  SurfacePlan plan;
  plan.afterBoxes = labelBoxes(after);
  scope.report(0.3, "surfaces: label boxes");
  LabelBoxes ownBefore;
  if (before) {
    if (!beforeBoxes) {
      ownBefore = labelBoxes(*before);
      beforeBoxes = &ownBefore;
    }
    plan.diff = diffLabels(*before, after);
    scope.report(0.6, "surfaces: changed voxels");
  }
  for (int value = 1; value < 256; ++value) {
    const auto v = static_cast<std::uint8_t>(value);
    const bool inAfter = !plan.afterBoxes[v].empty();
    const bool inBefore = before && !(*beforeBoxes)[v].empty();
    if (!inAfter && !inBefore) continue;
    const SurfaceRegion region = surfaceRegionFor(v, organEnvelope);
    if (before) {
      const bool touched = plan.diff.values[v] || (region.absorbed != 0 && plan.diff.values[region.absorbed]);
      if (!touched) continue;
    }
    RegionMask next = inAfter ? regionMask(after, region, plan.afterBoxes, crop) : RegionMask{};
    // A plain label among the values did change; an envelope may not have (tumour painted inside the liver).
    if (before && region.absorbed != 0 && inBefore && inAfter &&
        regionMask(*before, region, *beforeBoxes, crop) == next)
      continue;
    plan.changed.emplace_back(v, std::move(next));
  }
  scope.report(1.0, "surfaces: plan");
  return plan;
}

}  // namespace hccws::render
