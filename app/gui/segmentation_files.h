#pragma once
// Segmentation files by type: label images (NIfTI .nii/.nii.gz, NRRD .nrrd/.nhdr, MetaImage .mha/.mhd) with
// their label table through core::readLabelMap/writeLabelMap, and DICOM Segmentation objects (.dcm, or any
// file with the DICOM preamble) through core::readDicomSeg/writeDicomSeg.
// Writes are atomic (the core writers write a temporary file and rename it), so a failed save never
// damages an earlier file. Errors: core::ImagingError (or std::exception) naming the file and the problem.
// Threading: any thread (pure functions of their arguments).
#include <hccws/core/label_map.h>
#include <hccws/core/study.h>

#include <cstddef>
#include <optional>
#include <string>

namespace hccws::gui {

bool isDicomSegmentationPath(const std::string& path);

// DICOM context of a SEG written for a series (UIDs and patient, copied from the CT shown); may be null.
void saveSegmentationFile(const core::LabelMap& labels, const std::string& path,
                          const core::SeriesSource* referencedSeries = nullptr);
// overlapVoxels (SEG only): voxels claimed by more than one segment (later segments win). loaded (SEG only):
// the series shown; a SEG of another frame of reference is refused (core::checkSegBelongsTo).
core::LabelMap readSegmentationFile(const std::string& path, const std::optional<core::Geometry>& referenceGrid,
                                    std::size_t* overlapVoxels = nullptr, const core::SeriesSource* loaded = nullptr);

}  // namespace hccws::gui
