#pragma once
// DICOM Segmentation objects (binary SEG) through DCMTK's dcmseg, and the segment set they carry.
//
// A SegmentSet keeps every segment as its own binary mask on one grid, so segments may overlap and may be
// empty: both survive a write/read round trip (OHIF loses them; we do not). A LabelMap holds one value per
// voxel, so converting a set with overlaps to a LabelMap reports the overlapping voxels (later segments win).
//
// Geometry: masks live on the grid of the referenced CT (LPS mm). Frame pixel (row r, column c) is voxel
// (i = c, j = r); ImageOrientationPatient holds the i and j axes, ImagePositionPatient the centre of pixel
// (0, 0); PixelSpacing is "spacing along j \ spacing along i" (DICOM's row spacing first).
// Reading places each frame by its ImagePositionPatient / ImageOrientationPatient onto `referenceGrid` when
// given (frames may be a whole-voxel in-plane crop of it; frames that do not fall on voxels of that grid are
// an error naming the file and frame), else onto the grid the frames span: i, j from the orientation, k along
// the slice normal in the order the frames are stored (so a left-handed grid we wrote comes back as it was),
// spacing along k from SpacingBetweenSlices, else the smallest step between frames.
// Label values: a SEG numbers its segments 1..n; reading gives Segment::labelValue = the segment number.
//
// Threading: no shared state of ours; DCMTK's logger and dictionary are process-wide but read-only here.
// Errors: core::ImagingError naming the file and the problem (not DICOM, not a SEG, unsupported
// segmentation type, frames off the grid, damaged pixel data, unwritable target, ...). Progress sinks may
// cancel (Cancelled).
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

struct Segment {
  std::string label;                     // SegmentLabel, e.g. "liver"
  std::string description;               // SegmentDescription (optional)
  std::array<std::uint8_t, 3> rgb{255, 255, 255};  // sRGB; stored as RecommendedDisplayCIELabValue
  // Coded anatomy (SegmentedPropertyCategory/Type), e.g. category "123037004"/"SCT"/"Anatomical Structure",
  // type "10200004"/"SCT"/"Liver". Empty codes are filled on write from the label name for the standard
  // labels (see standardSegmentCodes), else "Tissue".
  std::string categoryCode, categoryScheme = "SCT", categoryMeaning;
  std::string typeCode, typeScheme = "SCT", typeMeaning;
  std::string algorithmType = "MANUAL";  // MANUAL, SEMIAUTOMATIC, AUTOMATIC
  std::string algorithmName;             // required for non-manual types
  // Value this segment takes in a LabelMap (0: its position in the set + 1). Not stored in the file: a SEG
  // read back gives the segment number.
  std::uint8_t labelValue = 0;
  Volume<std::uint8_t> mask;             // 0/1 on SegmentSet::geometry; may be all zero
};

// One image of the referenced CT series (for the SEG's Referenced Series and per-frame Derivation Image).
struct ReferencedImage {
  std::string sopClassUid, sopInstanceUid;
  long sliceIndex = -1;  // k on SegmentSet::geometry, -1 when the image is not a slice of it
};

struct SegmentSet {
  Geometry geometry;
  std::vector<Segment> segments;
  // DICOM context used when writing (copied from the referenced CT series when known; see
  // referenceDicomSeries). Empty UIDs are generated on write (the SEG then stands alone).
  std::string seriesDescription = "HCC Workstation segmentation";
  int seriesNumber = 300;
  std::string referencedSeriesInstanceUid, frameOfReferenceUid, studyInstanceUid;
  std::string patientName, patientId, studyDate;
  // A DICOM file of the referenced series: when set and readable, the Patient, General Study and Frame of
  // Reference modules are copied from it whole (birth date, sex, accession number, ...); the fields above
  // still win where they are non-empty.
  std::string referenceFile;
  std::vector<ReferencedImage> referencedImages;
};

// Standard coded concepts for the workstation's labels, chosen by name through the role synonyms of
// label_roles.h (liver; tumour/tumor/lesion/HCC ...; PVTT/portal vein (tumour) thrombus); nullopt otherwise. Only the code fields of
// the returned Segment are set.
std::optional<Segment> standardSegmentCodes(const std::string& labelName);

// One segment per label of the table that is present or listed (empty labels are kept as empty segments),
// in increasing label value, with the label's name, colour and value.
SegmentSet segmentSetFromLabelMap(const LabelMap& labels);
// Later segments win where segments overlap; overlapVoxels (when given) receives how many voxels were claimed
// by more than one segment. Segment i becomes label value labelValue (i + 1 when 0) with the segment's name
// and colour. Throws std::invalid_argument when two segments ask for the same value or masks are off-grid.
LabelMap labelMapFromSegmentSet(const SegmentSet& set, std::size_t* overlapVoxels = nullptr);

// Fills the DICOM context of `set` from the CT series it was drawn on: UIDs, patient, referenceFile and one
// ReferencedImage per file (SOP class/instance UIDs read from the headers, slice index from the file's
// ImagePositionPatient on set.geometry). Throws ImagingError naming a file that cannot be read.
void referenceDicomSeries(SegmentSet& set, const SeriesSource& source);

// True when `path` is a DICOM file whose SOP class is Segmentation Storage (1.2.840.10008.5.1.4.1.1.66.4).
// Reads the header only; false for anything unreadable or not DICOM.
bool isDicomSegFile(const std::string& path);

// Whether a SEG read from `path` belongs to the `loaded` series: when both name their frame of reference and
// they differ, and the SEG references another series, it was drawn in another coordinate system (another
// examination or patient) and is refused with an ImagingError naming both UIDs. Another series of the SAME
// frame of reference (the arterial SEG over the portal venous phase) shares world coordinates and is
// accepted. Missing UIDs on either side: nothing to compare, accepted.
void checkSegBelongsTo(const SegmentSet& set, const SeriesSource& loaded, const std::string& path);

// Reads a DICOM SEG file (BINARY, or FRACTIONAL PROBABILITY/OCCUPANCY thresholded at 0.5).
SegmentSet readDicomSeg(const std::string& path, const std::optional<Geometry>& referenceGrid = std::nullopt,
                        const ProgressSink& progress = {});
// Writes atomically (temporary file + rename). Every segment gets all frames of the grid, so empty segments
// survive. Refuses sets whose masks are not on set.geometry, empty sets, and non-manual segments without an
// algorithm name.
void writeDicomSeg(const SegmentSet& set, const std::string& path, const ProgressSink& progress = {});

}  // namespace hccws::core
