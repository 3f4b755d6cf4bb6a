#pragma once
// Key images of a case (cases::KeyImage): the slices and views the user marked for the tumour board, or - while
// the user has marked none - a proposed set:
//   the axial slice through the largest tumour's centre in every phase on the segmentation's grid (arterial and
//   portal venous) with the overlay; the slice through the peak of the first PMN heatmap with that heatmap over
//   the segmentation; the 3D overview (the segmentation seen from the front).
// renderKeyImage draws one for the report and presentation mode with report_slice.h (QPainter only: any thread,
// no display); a "3d" key image with a snapshot file (taken from the window's 3D view) shows that file.
// Errors: renderKeyImage returns a null image with `why` set (a source the case no longer has, a heatmap not in
// the case, an unreadable snapshot) - one bad key image never stops a report.
#include <hccws/case/case_manifest.h>
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/measurements.h>
#include <hccws/core/study.h>

#include <QImage>
#include <QString>

#include <string>
#include <vector>

namespace hccws::gui {

// What key images are drawn from: the phases (each with its index in the case's sources), the segmentation (on
// one phase's grid) and the PMN heatmaps. Pointers: the caller keeps them alive while they are used.
struct KeyImagePhase {
  const core::CtVolume* volume = nullptr;
  core::PhaseKind kind = core::PhaseKind::Unknown;
  int source = -1;  // its source in the case (-1: none)
  bool hu = true;   // false for MRI: drawn in a window from its own values (1st to 99th percentile), not CT's
};
struct KeyImageSources {
  std::vector<KeyImagePhase> phases;
  const core::LabelMap* labels = nullptr;
  const std::vector<core::Heatmap>* heatmaps = nullptr;
  std::string caseDir;  // where snapshot files are
};

// The phases of a study whose phase i is the case's source sourceOf[i].
std::vector<KeyImagePhase> keyImagePhases(const core::Study& study, const std::vector<int>& sourceOf);

std::vector<cases::KeyImage> proposeKeyImages(const KeyImageSources& from, const core::Measurements* measurements);

struct RenderedKeyImage {
  QImage image;
  QString caption;  // what it shows: view, phase, layer, position; "chosen" or "proposed"
  QString why;      // set when it cannot be drawn
};
RenderedKeyImage renderKeyImage(const cases::KeyImage& key, const KeyImageSources& from, int widthPx);

// The heatmaps of the case's PMN result (its files, read as float images), named as in the result; a file that
// cannot be read is skipped and named in `problems`.
std::vector<core::Heatmap> readCaseHeatmaps(const cases::CaseManifest& manifest, const std::string& caseDir,
                                            std::vector<std::string>* problems = nullptr);

// A short description of a key image for lists: "axial, Portal venous, z -12.0 mm, heatmap p_proliferative".
QString describeKeyImage(const cases::KeyImage& key, const KeyImageSources& from);

}  // namespace hccws::gui
