#pragma once
// Slices and a 3D overview of a CT and its segmentation, drawn for the tumour-board report and presentation mode
// with QPainter only (no OpenGL, so they are made the same way with or without a display, on any thread):
// - renderSlice: an axial, coronal or sagittal slice of the CT in a window, the segmentation's labels as a
//   translucent fill with an opaque outline in the label table's colours, optionally a heatmap (a PMN map on its
//   own grid, placed in the world) above a threshold in a colour ramp, a scale bar, the orientation letters in the
//   radiological convention (patient's right on the left, anterior up / superior up) and the slice's number and
//   position. Pixels are square in millimetres: the image's aspect follows the voxel spacing.
// - renderSegmentationProjection: the segmentation seen from the front (anterior view, patient's right on the
//   left), each segment's surface shaded by its depth and slope, the liver translucent over what lies behind it
//   (as in the window's 3D view) - a 3D snapshot that needs no graphics card.
// Grids are assumed close to axis-aligned (the slice is taken along the grid's index axis nearest the plane's
// normal).
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>

#include <QImage>
#include <QString>

#include <optional>

namespace hccws::gui {

enum class SlicePlane { Axial, Coronal, Sagittal };

struct ReportSliceOptions {
  double windowWidth = 150, windowLevel = 90;  // liver window (HU)
  int widthPx = 900;                           // the image's width; its height follows the slice's aspect
  double labelOpacity = 0.35;
  QString caption;                              // drawn in the top-left corner (e.g. the phase)
  const core::Heatmap* heatmap = nullptr;       // drawn over the labels where its value >= heatThreshold
  double heatThreshold = 0.3;                   // as a fraction of the heatmap's value range
};

// The grid index axis (0, 1, 2) a plane holds fixed: the one whose direction is closest to the plane's normal.
int fixedAxis(const core::Geometry& g, SlicePlane plane);
// The index along fixedAxis() through `lps`, clamped to the volume.
std::size_t sliceIndexThrough(const core::CtVolume& ct, SlicePlane plane, const core::Vec3& lps);

// `index` runs along fixedAxis(); labels (optional) must be on the CT's grid. Throws std::invalid_argument for an
// index outside the volume or labels on another grid.
QImage renderSlice(const core::CtVolume& ct, const core::LabelMap* labels, SlicePlane plane, std::size_t index,
                   const ReportSliceOptions& options = {});
QImage renderAxialSlice(const core::CtVolume& ct, const core::LabelMap* labels, std::size_t k,
                        const ReportSliceOptions& options = {});

// The key slice of a volume: the axial index through `lesionLps` (the largest tumour's centre), clamped to the
// volume; the middle slice when there is no lesion.
std::size_t keySliceIndex(const core::CtVolume& ct, const core::Vec3* lesionLps);

// The anterior 3D overview of `labels` (see the header comment); labels that are hidden in the table are left out.
QImage renderSegmentationProjection(const core::LabelMap& labels, int widthPx, const QString& caption = {});

// The world point of a heatmap's largest value (the centre of its voxel); nullopt for an empty map.
std::optional<core::Vec3> heatmapPeak(const core::Heatmap& heatmap);

}  // namespace hccws::gui
