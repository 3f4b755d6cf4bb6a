#include "segmentation_files.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace hccws::gui {

namespace {
bool endsWith(std::string s, const std::string& suffix) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

bool isDicomSegmentationPath(const std::string& path) {
  if (endsWith(path, ".dcm")) return true;
  for (const char* image : {".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd"})
    if (endsWith(path, image)) return false;
  // DICOM files often have no suffix: the preamble's "DICM" at byte 128 says so.
  std::ifstream in(path, std::ios::binary);
  char magic[132] = {};
  return in.read(magic, sizeof magic) && std::string(magic + 128, 4) == "DICM";
}

void saveSegmentationFile(const core::LabelMap& labels, const std::string& path,
                          const core::SeriesSource* referencedSeries) {
  if (!isDicomSegmentationPath(path)) {
    core::writeLabelMap(labels, path);
    return;
  }
  core::SegmentSet set = core::segmentSetFromLabelMap(labels);
  if (referencedSeries) {
    set.referencedSeriesInstanceUid = referencedSeries->seriesInstanceUid;
    set.frameOfReferenceUid = referencedSeries->frameOfReferenceUid;
    set.studyInstanceUid = referencedSeries->studyInstanceUid;
    set.patientName = referencedSeries->patientName;
    set.patientId = referencedSeries->patientId;
  }
  core::writeDicomSeg(set, path);
}

core::LabelMap readSegmentationFile(const std::string& path, const std::optional<core::Geometry>& referenceGrid,
                                    std::size_t* overlapVoxels, const core::SeriesSource* loaded) {
  if (overlapVoxels) *overlapVoxels = 0;
  if (!isDicomSegmentationPath(path)) return core::readLabelMap(path);
  core::SegmentSet set;
  try {
    set = core::readDicomSeg(path, referenceGrid);
  } catch (const core::ImagingError&) {
    // A SEG of another series does not fall on the CT shown: read it on its own grid (the views resample).
    if (!referenceGrid) throw;
    set = core::readDicomSeg(path, std::nullopt);
  }
  if (loaded) core::checkSegBelongsTo(set, *loaded, path);
  return core::labelMapFromSegmentSet(set, overlapVoxels);
}

}  // namespace hccws::gui
