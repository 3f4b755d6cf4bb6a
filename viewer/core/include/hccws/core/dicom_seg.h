#pragma once
// DICOM Segmentation objects (binary SEG) through DCMTK's dcmseg, and the segment set they carry.
//
// A SegmentSet keeps every segment as its own binary mask on one grid, so segments may overlap and may be
// empty: both survive a write/read round trip (OHIF loses them; we do not). A LabelMap holds one value per
// voxel, so converting a set with overlaps to a LabelMap reports the overlapping voxels (later segments win).
//
// Geometry: masks live on the grid of the referenced CT (LPS mm). Reading places each frame by its
// ImagePositionPatient / ImageOrientationPatient onto `referenceGrid` when given (frames that do not fall on
// a slice of that grid are an error naming the file and frame), else onto the grid the frames span.
// Errors: core::ImagingError naming the file and the problem.
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

struct Segment {
  std::string label;                     // SegmentLabel, e.g. "Liver"
  std::array<std::uint8_t, 3> rgb{255, 255, 255};
  // Coded anatomy (SegmentedPropertyCategory/Type), e.g. category "T-D0050"/"SRT"/"Tissue",
  // type "T-62000"/"SRT"/"Liver". Empty codes are filled from the label name for the standard labels.
  std::string categoryCode, categoryScheme = "SCT", categoryMeaning;
  std::string typeCode, typeScheme = "SCT", typeMeaning;
  std::string algorithmType = "MANUAL";  // MANUAL, SEMIAUTOMATIC, AUTOMATIC
  std::string algorithmName;             // required for non-manual types
  Volume<std::uint8_t> mask;             // 0/1 on SegmentSet::geometry; may be all zero
};

struct SegmentSet {
  Geometry geometry;
  std::vector<Segment> segments;
  // DICOM context used when writing (copied from the referenced CT series when known).
  std::string seriesDescription = "HCC Workstation segmentation";
  std::string referencedSeriesInstanceUid, frameOfReferenceUid, studyInstanceUid;
  std::string patientName, patientId;
};

// One segment per label of the table that is present or listed (empty labels are kept as empty segments).
SegmentSet segmentSetFromLabelMap(const LabelMap& labels);
// Later segments win where segments overlap; overlapVoxels (when given) receives how many voxels were claimed
// by more than one segment. Segment i becomes label value i + 1 with the segment's name and colour.
LabelMap labelMapFromSegmentSet(const SegmentSet& set, std::size_t* overlapVoxels = nullptr);

// Reads a DICOM SEG file (BINARY or FRACTIONAL thresholded at 0.5).
SegmentSet readDicomSeg(const std::string& path, const std::optional<Geometry>& referenceGrid = std::nullopt,
                        const ProgressSink& progress = {});
// Writes atomically (temporary file + rename). Every segment gets all frames of the grid, so empty segments
// survive. Refuses sets whose masks are not on set.geometry.
void writeDicomSeg(const SegmentSet& set, const std::string& path, const ProgressSink& progress = {});

}  // namespace hccws::core
