#pragma once
// Smooth, decimated surfaces of labels for the 3D view, each built on its own bounding box, and the plan of
// which surfaces a change of the label map touches.
//
// Contract:
// - Pipeline per surface: binary mask of the surface's voxels on their tight index box + 1 voxel margin
//   (clipped to the grid) -> discrete flying edges -> windowed-sinc smoothing (keeps volume, unlike
//   Laplacian) -> quadric decimation -> placed in world LPS mm by the label grid's geometry -> normals.
// - Cropping does not change the mesh: the mask image keeps the grid's own indices (its VTK extent is the
//   box, origin 0, spacing of the grid), so flying edges computes the same points in the same order as on
//   the whole grid, and the margin holds every voxel edge the surface crosses. A label touching the grid's
//   border stays open there, as on the whole grid. SurfaceOptions::cropToLabel = false contours the whole
//   grid instead (the reference the tests compare with, and the benchmark's baseline).
// - Regions: a surface encloses the voxels of its label. With the organ envelope (surfaceRegionFor(1,
//   true)) the liver surface encloses liver voxels plus the tumour components (6-connected) touching the
//   liver: the organ's outline, with tumours inside it drawn by their own surfaces through the translucent
//   liver. A tumour painted inside the liver then leaves the liver surface unchanged; a tumour lying apart
//   from the liver gets no liver-coloured shell.
// - Threading: builds only its own data objects (no rendering), so it may run on a worker thread; hand the
//   results to the GUI thread. The label volumes must not be written while these functions run.
// - Progress: optional core::ProgressSink, reported between stages; a false answer throws core::Cancelled.
// - Errors: std::invalid_argument for label maps of different dimensions (diffLabels, planSurfaces).
#include <hccws/core/index_box.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <vtkSmartPointer.h>

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

class vtkPolyData;

namespace hccws::render {

struct SurfaceOptions {
  int smoothingIterations = 20;
  double passBand = 0.05;        // windowed-sinc pass band (smaller = smoother)
  double targetReduction = 0.7;  // fraction of triangles removed by decimation (0 keeps all)
  bool cropToLabel = true;       // false: contour the whole grid (reference, slower)
};

// Tight index box of every label value, from one pass over the voxels (empty box: value absent; [0], the
// background, is left empty).
using LabelBoxes = std::array<core::IndexBox, 256>;
LabelBoxes labelBoxes(const core::Volume<std::uint8_t>& labels);

// The voxels one surface encloses.
struct SurfaceRegion {
  std::uint8_t value = 0;     // the label the surface belongs to (and is coloured by)
  std::uint8_t absorbed = 0;  // 0: none; else the components of this label that touch `value` join in
};
// The workstation's convention: liver (1) with organEnvelope absorbs tumour (2); every other label alone.
SurfaceRegion surfaceRegionFor(std::uint8_t value, bool organEnvelope);

// A region as a binary mask (1 inside, 0 outside) over `box`, i fastest. The box is the region's tight box
// grown by the margin and clipped to the grid (the whole grid when not cropped); empty when the region is.
struct RegionMask {
  core::IndexBox box;
  std::vector<std::uint8_t> inside;
  bool empty() const { return box.empty(); }
  bool operator==(const RegionMask& o) const { return box == o.box && inside == o.inside; }
  bool operator!=(const RegionMask& o) const { return !(*this == o); }
};
// `boxes` = labelBoxes(labels).
RegionMask regionMask(const core::Volume<std::uint8_t>& labels, const SurfaceRegion& region, const LabelBoxes& boxes,
                      bool crop = true);

// Surface of a mask on the label grid `grid`. Empty polydata (no points) for an empty mask.
vtkSmartPointer<vtkPolyData> buildRegionSurface(const core::Geometry& grid, const RegionMask& mask,
                                                const SurfaceOptions& options = {},
                                                const core::ProgressSink& progress = {});

// Surface of one label (the label's voxels only). Empty polydata (no points) when the label is absent.
vtkSmartPointer<vtkPolyData> buildLabelSurface(const core::Volume<std::uint8_t>& labels, std::uint8_t value,
                                               const SurfaceOptions& options = {},
                                               const core::ProgressSink& progress = {});

// Iso-surface of a continuous map (a heatmap on its ROI grid) at `value`, placed in world LPS mm (the map's
// geometry). Empty polydata when no voxel reaches the value.
vtkSmartPointer<vtkPolyData> buildIsoSurface(const core::FloatVolume& map, double value, const SurfaceOptions& options = {},
                                             const core::ProgressSink& progress = {});

// Voxels that differ between two label maps of the same dimensions: every value found there (old or new),
// the box holding them and their number.
struct LabelDiff {
  std::bitset<256> values;
  core::IndexBox box;
  std::size_t voxels = 0;
};
LabelDiff diffLabels(const core::Volume<std::uint8_t>& before, const core::Volume<std::uint8_t>& after);

// Which surfaces differ between `before` and `after` (same dimensions), with the new mask of each (empty:
// the surface is gone). A plain label changes when it is among the diff's values; an envelope when its
// mask differs (compared only when its label or the absorbed one is among the values). Without `before`
// every label of `after` is listed. `afterBoxes` are returned for the next plan.
struct SurfacePlan {
  std::vector<std::pair<std::uint8_t, RegionMask>> changed;
  LabelBoxes afterBoxes;
  LabelDiff diff;  // empty without `before`
};
SurfacePlan planSurfaces(const core::Volume<std::uint8_t>* before, const LabelBoxes* beforeBoxes,
                         const core::Volume<std::uint8_t>& after, bool organEnvelope, bool crop = true,
                         const core::ProgressSink& progress = {});

}  // namespace hccws::render
