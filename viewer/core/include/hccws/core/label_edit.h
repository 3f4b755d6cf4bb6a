#pragma once
// Segment-editor operations on a LabelMap (Qt-free). Every operation:
// - writes only voxels its EditRules allow (editable area, HU range, never a locked label of the table),
// - announces each box to the ChangeRecorder (may be null) before writing into it,
// - returns the tight box of the voxels it changed and how many changed.
// Geometry: brush centres are world points (LPS mm); radii and margins are mm measured with the grid's
// spacing (anisotropic voxels are handled). sliceAxis is an index axis (0 = i, 1 = j, 2 = k); for an
// axial DICOM stack the axial slice is k = const (sliceAxis 2).
// Bad arguments (CT on another grid, radius <= 0, label 0 painted, unknown axis) throw std::invalid_argument.
// Locks: a voxel holding a locked label is never changed (so erasing a locked label does nothing); painting a
// locked label's value onto other voxels is allowed.
// Threading: pure functions of their arguments; one writer per label map.
// Progress: the whole-structure operations (islands, margin, smooth, fillBetweenSlices) take an optional
// ProgressSink; when it asks to stop they throw hccws::core::Cancelled before writing any voxel.
#include <hccws/core/edit_history.h>
#include <hccws/core/index_box.h>
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace hccws::core {

struct HuRange {
  double min = -1024;
  double max = 3071;
};

struct EditRules {
  std::uint8_t label = static_cast<std::uint8_t>(StandardLabel::Tumour);  // value that paint writes
  std::uint8_t eraseTo = 0;  // value that erase writes where the map holds `label` (1 = back to liver)
  // Editable area: when not empty, only voxels whose current value is in this list may change
  // (e.g. {1, 2} = "paint tumour only inside the liver"). `label` itself is always editable.
  std::vector<std::uint8_t> editable;
  // When false, paint changes only background voxels (and voxels already holding `label`).
  bool overwriteOtherLabels = true;
  // Threshold-limited editing: only voxels whose CT value lies in the range (CT on the label grid).
  std::optional<HuRange> huRange;
  const CtVolume* ct = nullptr;
};

struct EditResult {
  IndexBox box;                // tight box of changed voxels (empty when nothing changed)
  std::size_t changedVoxels = 0;
};

enum class BrushShape { Disc, Sphere };

struct Brush {
  BrushShape shape = BrushShape::Sphere;
  double radiusMm = 5.0;
  int sliceAxis = 2;  // Disc only: the disc lies in the slice through the centre, normal to this axis
};

// Paint (or erase) every voxel whose centre lies within radiusMm of the segment a-b (a == b: one dab).
// A disc is limited to the index slice nearest to a along sliceAxis.
EditResult paintLine(LabelMap& labels, const Vec3& aLps, const Vec3& bLps, const Brush& brush,
                     const EditRules& rules, ChangeRecorder* recorder, bool erase = false);
inline EditResult paintDab(LabelMap& labels, const Vec3& centreLps, const Brush& brush, const EditRules& rules,
                           ChangeRecorder* recorder, bool erase = false) {
  return paintLine(labels, centreLps, centreLps, brush, rules, recorder, erase);
}

// Fill: the region of voxels connected to seed within its slice (4-connected, normal to sliceAxis) that hold
// the seed's value (and, with huRange, lie in it) becomes `label`. Erase: the connected region of `label`
// voxels containing the seed becomes `eraseTo`.
EditResult fillRegionInSlice(LabelMap& labels, const Dims3& seedIjk, int sliceAxis, const EditRules& rules,
                             ChangeRecorder* recorder, bool erase = false);

// The same in 3D: Erase takes the 26-connected region of `label` voxels containing the seed (one lesion, as
// measurements count them), so erasing never splits a lesion into two; Fill takes the 6-connected region of the
// seed's value (and HU range). A fill region larger than maxVoxels is refused (std::invalid_argument saying it
// is not enclosed in 3D) before anything is written. Memory: one bit per voxel plus the region.
EditResult fillRegion3d(LabelMap& labels, const Dims3& seedIjk, const EditRules& rules, ChangeRecorder* recorder,
                        bool erase = false, std::size_t maxVoxels = 0 /* 0: a quarter of the grid */);

// Islands of `rules.label` (26-connected, as in measurements): keep only the largest, or remove those
// smaller than minMl. Removed voxels become rules.eraseTo.
enum class IslandMode { KeepLargest, RemoveSmall };
EditResult islands(LabelMap& labels, IslandMode mode, double minMl, const EditRules& rules,
                   ChangeRecorder* recorder, const ProgressSink& progress = {});

// Margin: grow (mm > 0) or shrink (mm < 0) `rules.label` by a Euclidean distance in mm. Growing writes only
// where the rules allow; shrinking writes rules.eraseTo.
EditResult margin(LabelMap& labels, double mm, const EditRules& rules, ChangeRecorder* recorder,
                  const ProgressSink& progress = {});

// Smoothing of `rules.label`: median (removes small extrusions and fills small holes), opening (removes
// extrusions), closing (fills holes and gaps). Opening and closing use a ball of kernelMm diameter; the
// median (ITK's BinaryMedianImageFilter, as Slicer's median) a box of the same half-width per axis in voxels,
// round(kernelMm / 2 / spacing). A kernel smaller than a voxel along every axis changes nothing.
enum class SmoothMethod { Median, Opening, Closing };
EditResult smooth(LabelMap& labels, SmoothMethod method, double kernelMm, const EditRules& rules,
                  ChangeRecorder* recorder, const ProgressSink& progress = {});

// Logical operations of `rules.label` with a binary operand (non-zero = inside) on the same grid, e.g. another
// label of this map (maskOf), a label of another segmentation, or a threshold:
// Union: operand voxels become label (where allowed). Intersect: label voxels outside the operand become
// eraseTo. Subtract: label voxels inside the operand become eraseTo. Invert: inside the editable area, label
// and eraseTo swap. Clear: every label voxel becomes eraseTo (operand ignored, may be empty).
enum class LogicalOp { Union, Intersect, Subtract, Invert, Clear };
EditResult logical(LabelMap& labels, LogicalOp op, const Volume<std::uint8_t>& operand, const EditRules& rules,
                   ChangeRecorder* recorder);
Volume<std::uint8_t> maskOf(const LabelMap& labels, std::uint8_t value);

// Fill between slices: along sliceAxis, every run of slices without `rules.label` between two slices with it
// is filled by interpolating the two contours' signed distance maps (morphological contour interpolation;
// ITK 5.2 in Debian lacks itk::MorphologicalContourInterpolator). Slices outside the first and last painted
// slice are not touched; voxels are written only where the rules allow.
EditResult fillBetweenSlices(LabelMap& labels, int sliceAxis, const EditRules& rules, ChangeRecorder* recorder,
                             const ProgressSink& progress = {});

}  // namespace hccws::core
