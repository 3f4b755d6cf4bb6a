#pragma once
// One axial slice of a CT, drawn for the tumour-board report with QPainter only (no OpenGL, so the report is
// made the same way with or without a display): the CT in a window, the segmentation's labels as a translucent
// fill with an opaque outline in the label table's colours, a scale bar, the orientation letters in the
// radiological convention (patient's right on the left) and the slice's number and position.
// Square pixels in millimetres: the image's aspect follows the voxel spacing.
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>

#include <QImage>
#include <QString>

namespace hccws::gui {

struct ReportSliceOptions {
  double windowWidth = 150, windowLevel = 90;  // liver window (HU)
  int widthPx = 900;                           // the image's width; its height follows the slice's aspect
  double labelOpacity = 0.35;
  QString caption;                              // drawn in the top-left corner (e.g. the phase)
};

// `k` is the axial index; labels (optional) must be on the CT's grid. Throws std::invalid_argument for an
// index outside the volume or labels on another grid.
QImage renderAxialSlice(const core::CtVolume& ct, const core::LabelMap* labels, std::size_t k,
                        const ReportSliceOptions& options = {});

// The key slice of a volume: the axial index through `lesionLps` (the largest tumour's centre), clamped to the
// volume; the middle slice when there is no lesion.
std::size_t keySliceIndex(const core::CtVolume& ct, const core::Vec3* lesionLps);

}  // namespace hccws::gui
