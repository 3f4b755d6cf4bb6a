#pragma once
// Scanning a folder of DICOM files into checked, sorted series, and reading one series as a CtVolume.
//
// Contract:
// - scanDicomFolder() walks the folder recursively and reads headers only (no pixel data). Files are grouped
//   by their real SeriesInstanceUID (0020,000e), trimmed; files without one are grouped by study UID +
//   series number + description, with an Info diagnostic. Within a series, slices that differ in size,
//   pixel spacing or orientation are split into separate stacks (a Warning says so), so one DicomSeries
//   always has one grid. Slices are sorted by their position along the slice normal (never by file name or
//   InstanceNumber).
// - Problems come back as Diagnostics naming the files: non-DICOM and unreadable/truncated files (skipped,
//   Warning), missing slices (a gap > 1.5x the median step, Warning; whole missing steps are filled, see
//   DicomSeries::sliceIndex), uneven spacing (Warning), duplicate positions (Warning, the duplicate is
//   dropped), gantry tilt / sheared stacks (Warning), localizers and derived/secondary images (Warning;
//   localizers are not loadable), non-CT objects such as SEG (Info, not loadable), multi-frame files
//   (Warning, not loadable yet).
// - An empty folder or a folder without any DICOM image throws ImagingError naming the folder.
// - readDicomSeries() reads the pixels of one scanned series in that order, rescaled to HU (int16, clamped).
//   Pixel padding: every voxel below -1024 HU is set to -1024 HU (air). Nothing real is below air, and
//   PixelPaddingValue cannot be trusted (the real HCC series declares -2000 but stores -1024 raw, i.e.
//   -2048 HU, outside the reconstruction circle); as air, padding needs no special case downstream
//   (body masks, windowing, registration). The price: padding is not distinguishable from air.
//   Read failures throw ImagingError naming the file.
// - The geometry is LPS mm: origin = position of the first sorted slice, i = row direction (IOP[0..2]),
//   j = column direction (IOP[3..5]), k = slice normal (i x j) pointing towards increasing positions,
//   spacing = (column spacing, row spacing, median slice step).
// Threading: no shared state of ours; separate calls may run concurrently (GDCM's warning switch is
// process-wide and only ever turned off). Progress sinks may cancel (Cancelled).
// Robustness (issue 13): GDCM and the decoders it calls can abort, crash or hang on damaged files, so headers
// are read and pixels decoded in an isolated child process (src/isolated_parse.h): a file that takes the
// parser down is skipped with "the DICOM parser crashed on this file (signal ...)" and the scan goes on.
// Implausible geometry (positions beyond 1e6 mm, non-finite orientation), unsupported pixel formats
// (BitsAllocated other than 8/16/32, SamplesPerPixel != 1, colour) and images over the memory budget
// (limits.h) are refused per file with the field named. A missing PixelSpacing or slice step is never
// silently 1 mm: a Warning says the assumed value makes distances and volumes wrong.
#include <hccws/core/errors.h>
#include <hccws/core/geometry.h>
#include <hccws/core/progress.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hccws::core {

// The header facts of one DICOM image file that grouping, sorting and phase detection need.
struct DicomSliceHeader {
  std::string file;
  std::string seriesInstanceUid, studyInstanceUid, frameOfReferenceUid, sopClassUid;
  std::string patientId, patientName, studyDate, modality, manufacturer;
  std::string seriesDescription, protocolName, imageType;
  std::string contrastBolusAgent, contrastBolusRoute, contrastBolusStartTime, acquisitionTime, seriesTime;
  std::string transferSyntaxUid;
  std::uintmax_t minFileBytes = 0;  // uncompressed syntaxes: the file cannot be shorter (0: unknown)
  int seriesNumber = -1, instanceNumber = -1, acquisitionNumber = -1, numberOfFrames = 1;
  std::size_t rows = 0, columns = 0;
  Vec3 positionLps{0, 0, 0};
  Vec3 rowDirection{1, 0, 0}, columnDirection{0, 1, 0};  // ImageOrientationPatient
  bool hasPosition = false, hasOrientation = false;
  double rowSpacingMm = 1, columnSpacingMm = 1;  // PixelSpacing = row spacing \ column spacing
  bool hasPixelSpacing = false;  // false: PixelSpacing missing or implausible; 1 mm is assumed WITH a warning
  double sliceThicknessMm = 0, gantryTiltDeg = 0;
  double rescaleSlope = 1, rescaleIntercept = 0;
  bool hasPixelPadding = false;
  double pixelPaddingValue = 0;  // stored (raw) units
  double windowCenter = 0, windowWidth = 0;
};

enum class SeriesKind { Image, Localizer, Derived, NonCt };

struct DicomSeries {
  SeriesSource source;       // files are sorted along the slice normal
  std::vector<DicomSliceHeader> slices;  // same order as source.files
  // Slice index k of each file in the volume (same order). Usually 0..n-1; on a regular grid with whole
  // slices missing the files keep their true k and readDicomSeries fills the empty k's by linear
  // interpolation of the neighbours (the missing-slice warning says so). Empty means 0..n-1.
  std::vector<std::size_t> sliceIndex;
  Geometry geometry;         // the grid the volume will have
  SeriesKind kind = SeriesKind::Image;
  std::string contrastBolusRoute;   // not in SeriesSource; phase detection uses it
  std::vector<Diagnostic> diagnostics;
  // False for localizers, non-CT objects and stacks whose geometry cannot be built.
  bool loadable = true;
  std::string stackLabel;    // "" or e.g. "stack 2 of 3" when a series was split
};

struct DicomScan {
  std::string folder;
  std::size_t filesSeen = 0;
  std::vector<DicomSeries> series;      // ordered by study, then acquisition/series time, then number
  std::vector<Diagnostic> diagnostics;  // folder-level findings (skipped files, ...)
};

// recursive = false: only the files directly in `folder` (opening one file of a series scans its siblings,
// not everything below its parent).
DicomScan scanDicomFolder(const std::string& folder, const ProgressSink& progress = {}, bool recursive = true);

// Reads the header of one file; throws ImagingError when it is not a readable DICOM image.
DicomSliceHeader readDicomSliceHeader(const std::string& file);

// Groups headers into series and checks/sorts each one (pure; no file access). `folder` only labels
// diagnostics and SeriesSource::path.
std::vector<DicomSeries> assembleSeries(std::vector<DicomSliceHeader> headers, const std::string& folder);

// Reads the pixels of a scanned series (kind Image or Derived); throws ImagingError when it cannot.
// CT: HU as int16 (padding below -1024 HU becomes -1024).
CtVolume readDicomSeries(const DicomSeries& series, const ProgressSink& progress = {});
// Any modality's real values (after the rescale) as float, nothing clamped: MRI (unsigned 16-bit up to 65535,
// Philips' rescaled floats). loadDicomStudy stores them through quantiseToInt16 (intensity_map.h).
FloatVolume readDicomSeriesValues(const DicomSeries& series, const ProgressSink& progress = {});

// Reads every loadable series of a scan (in scan order) into a Study and decides the phases; folder-level
// diagnostics are copied into each phase. Throws ImagingError when no series is loadable.
Study loadDicomStudy(const DicomScan& scan, const ProgressSink& progress = {});

std::string toString(SeriesKind kind);
std::string severityName(Severity severity);  // "info", "warning", "error"

}  // namespace hccws::core
