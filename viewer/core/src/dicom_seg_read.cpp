// Reading DICOM SEG with DCMTK's dcmseg: the segments' descriptions, then every frame placed by its own
// functional groups (Segment Identification, Plane Position/Orientation, Pixel Measures) onto a grid.
// Frames are never assumed to be in any order, complete, or one per slice.
#include "dicom_seg_dcmtk.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/errors.h>
#include <hccws/core/limits.h>

#include <dcmtk/config/osconfig.h>  // must come first among DCMTK headers
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmfg/fginterface.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

namespace hccws::core {
namespace {

constexpr double kGridTolerance = 0.02;  // voxels: DS strings round positions, a real misplacement is >> this
constexpr double kDirTolerance = 1e-3;   // direction cosines

std::string trimmed(const OFString& s) {
  std::string t = s.c_str();
  while (!t.empty() && (t.back() == ' ' || t.back() == '\0')) t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  return t;
}

Vec3 unit(const Vec3& v) {
  const double n = norm(v);
  return n > 0 ? Vec3{v[0] / n, v[1] / n, v[2] / n} : v;
}

bool near(const Vec3& a, const Vec3& b, double tol) {
  return std::abs(a[0] - b[0]) <= tol && std::abs(a[1] - b[1]) <= tol && std::abs(a[2] - b[2]) <= tol;
}

std::string vecText(const Vec3& v) {
  return "(" + dcmseg::decimalString(v[0]) + ", " + dcmseg::decimalString(v[1]) + ", " + dcmseg::decimalString(v[2]) + ")";
}

// What one frame says about itself.
struct FrameInfo {
  Uint16 segment = 0;
  Vec3 position{0, 0, 0};
  Vec3 row{1, 0, 0}, col{0, 1, 0};
  double spacingI = 0, spacingJ = 0;  // along i (between columns) and j (between rows)
  double sliceSpacing = 0;            // SpacingBetweenSlices, else 0
};

struct SegDeleter {
  void operator()(DcmSegmentation* s) const { delete s; }
};

FrameInfo frameInfo(FGInterface& fg, std::size_t f, const std::string& path) {
  FrameInfo info;
  const std::string frameName = "frame " + std::to_string(f + 1);
  OFBool perFrame = OFFalse;
  const Uint32 fn = static_cast<Uint32>(f);
  auto* seg = OFstatic_cast(FGSegmentation*, fg.get(fn, DcmFGTypes::EFG_SEGMENTATION, perFrame));
  if (!seg || seg->getReferencedSegmentNumber(info.segment).bad() || info.segment == 0)
    throw ImagingError(path, frameName + " has no valid Segment Identification (ReferencedSegmentNumber)");
  auto* pos = OFstatic_cast(FGPlanePosPatient*, fg.get(fn, DcmFGTypes::EFG_PLANEPOSPATIENT, perFrame));
  Float64 x = 0, y = 0, z = 0;
  if (!pos || pos->getImagePositionPatient(x, y, z).bad())
    throw ImagingError(path, frameName + " has no Plane Position (ImagePositionPatient)");
  if (!plausiblePositionMm(x) || !plausiblePositionMm(y) || !plausiblePositionMm(z))
    throw ImagingError(path, frameName + " has an implausible ImagePositionPatient (" + dcmseg::decimalString(x) + ", " +
                                 dcmseg::decimalString(y) + ", " + dcmseg::decimalString(z) +
                                 "): each coordinate must be finite and within 1e6 mm");
  info.position = {x, y, z};
  auto* ori = OFstatic_cast(FGPlaneOrientationPatient*, fg.get(fn, DcmFGTypes::EFG_PLANEORIENTPATIENT, perFrame));
  Float64 o[6] = {};
  if (!ori || ori->getImageOrientationPatient(o[0], o[1], o[2], o[3], o[4], o[5]).bad())
    throw ImagingError(path, frameName + " has no Plane Orientation (ImageOrientationPatient)");
  for (double c : o)
    if (!std::isfinite(c) || std::abs(c) > 1.01)
      throw ImagingError(path, frameName + " has an implausible ImageOrientationPatient (values must be in [-1, 1])");
  info.row = unit({o[0], o[1], o[2]});
  info.col = unit({o[3], o[4], o[5]});
  if (norm(cross(info.row, info.col)) < 0.5)
    throw ImagingError(path, frameName + " has a degenerate ImageOrientationPatient");
  auto* pm = OFstatic_cast(FGPixelMeasures*, fg.get(fn, DcmFGTypes::EFG_PIXELMEASURES, perFrame));
  Float64 rowSpacing = 0, colSpacing = 0;
  if (!pm || pm->getPixelSpacing(rowSpacing, 0).bad() || pm->getPixelSpacing(colSpacing, 1).bad() ||
      !plausibleSpacingMm(rowSpacing) || !plausibleSpacingMm(colSpacing))
    throw ImagingError(path, frameName + " has no valid Pixel Measures (PixelSpacing must be finite, 1e-4..1e4 mm)");
  info.spacingJ = rowSpacing;  // DICOM: distance between rows first
  info.spacingI = colSpacing;
  Float64 between = 0;
  if (pm->getSpacingBetweenSlices(between).good() && between != 0) {
    if (!plausibleSpacingMm(between))
      throw ImagingError(path, frameName + " has an implausible SpacingBetweenSlices " + dcmseg::decimalString(between) +
                                   " mm (finite, 1e-4..1e4 mm)");
    info.sliceSpacing = between;
  }
  return info;
}

Segment segmentDescription(DcmSegmentation& doc, std::size_t number, const std::string& path) {
  DcmSegment* s = doc.getSegment(number);
  if (!s) throw ImagingError(path, "segment " + std::to_string(number) + " is missing from the Segment Sequence");
  Segment out;
  OFString v;
  if (s->getSegmentLabel(v).good()) out.label = trimmed(v);
  if (out.label.empty()) out.label = "segment " + std::to_string(number);
  if (s->getSegmentDescription(v).good()) out.description = trimmed(v);
  Uint16 L = 0, a = 0, b = 0;
  if (s->getRecommendedDisplayCIELabValue(L, a, b).good()) out.rgb = dcmseg::dicomLabToRgb({L, a, b});
  CodeSequenceMacro& cat = s->getSegmentedPropertyCategoryCode();
  if (cat.getCodeValue(v).good()) out.categoryCode = trimmed(v);
  if (cat.getCodingSchemeDesignator(v).good()) out.categoryScheme = trimmed(v);
  if (cat.getCodeMeaning(v).good()) out.categoryMeaning = trimmed(v);
  CodeSequenceMacro& type = s->getSegmentedPropertyTypeCode();
  if (type.getCodeValue(v).good()) out.typeCode = trimmed(v);
  if (type.getCodingSchemeDesignator(v).good()) out.typeScheme = trimmed(v);
  if (type.getCodeMeaning(v).good()) out.typeMeaning = trimmed(v);
  const auto algo = s->getSegmentAlgorithmType();
  out.algorithmType = algo == DcmSegTypes::SAT_UNKNOWN ? "MANUAL" : trimmed(DcmSegTypes::algoType2OFString(algo));
  if (s->getSegmentAlgorithmName(v).good()) out.algorithmName = trimmed(v);
  out.labelValue = number <= 255 ? static_cast<std::uint8_t>(number) : 0;
  return out;
}

// The grid the frames span when no reference grid is given.
Geometry deriveGrid(const std::vector<FrameInfo>& frames, std::size_t rows, std::size_t cols, const std::string& path) {
  const FrameInfo& first = frames.front();
  Vec3 normal = unit(cross(first.row, first.col));
  // k follows the order the frames are stored in: the first two distinct positions decide the sign.
  for (const FrameInfo& f : frames) {
    const double d = dot(f.position, normal) - dot(first.position, normal);
    if (std::abs(d) > 1e-3) {
      if (d < 0) normal = {-normal[0], -normal[1], -normal[2]};
      break;
    }
  }
  std::vector<double> along;
  for (const FrameInfo& f : frames) along.push_back(dot(f.position, normal));
  std::vector<double> sorted = along;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end(), [](double a, double b) { return std::abs(a - b) < 1e-3; }),
               sorted.end());
  double step = first.sliceSpacing;
  if (!(step > 0)) {
    step = 0;
    for (std::size_t n = 1; n < sorted.size(); ++n)
      step = step > 0 ? std::min(step, sorted[n] - sorted[n - 1]) : sorted[n] - sorted[n - 1];
    if (!(step > 0)) step = 1.0;
  }
  const double extent = sorted.back() - sorted.front();
  const double count = extent / step + 1;
  // Positions and steps are plausible (checked per frame), but their ratio may still be absurd.
  const long slices = std::isfinite(count) && count < 1e6 ? std::lround(count) : 1000000;
  if (slices > static_cast<long>(8 * frames.size() + 8) || slices > 100000)
    throw ImagingError(path, "the frames spread over " + std::to_string(slices) + " slices of " +
                                 dcmseg::decimalString(step) + " mm; the SEG does not describe a regular grid");
  Geometry g;
  g.dims = {cols, rows, static_cast<std::size_t>(slices)};
  g.spacingMm = {first.spacingI, first.spacingJ, step};
  const double shift = sorted.front() - dot(first.position, normal);
  g.originLps = {first.position[0] + shift * normal[0], first.position[1] + shift * normal[1],
                 first.position[2] + shift * normal[2]};
  g.direction = {first.row[0], first.col[0], normal[0], first.row[1], first.col[1], normal[1],
                 first.row[2], first.col[2], normal[2]};
  return g;
}

}  // namespace

SegmentSet readDicomSeg(const std::string& path, const std::optional<Geometry>& referenceGrid,
                        const ProgressSink& progress) {
  ProgressScope scope(progress, 0.0, 1.0);
  dcmseg::quietDcmtkWarnings();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ImagingError(path, "does not exist");
  if (std::filesystem::is_directory(path, ec)) throw ImagingError(path, "is a folder, not a DICOM SEG file");
  scope.report(0.0, "reading DICOM SEG");

  DcmFileFormat ff;
  OFCondition cond = ff.loadFile(path.c_str());
  if (cond.bad()) throw ImagingError(path, "not a readable DICOM file", cond.text());
  OFString sopClass;
  ff.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
  if (trimmed(sopClass) != UID_SegmentationStorage) {
    const std::string uid = trimmed(sopClass);
    const char* name = uid.empty() ? nullptr : dcmFindNameOfUID(uid.c_str(), nullptr);
    throw ImagingError(path, "not a DICOM Segmentation object (SOP class " +
                                 (uid.empty() ? std::string("missing") : uid + (name ? " " + std::string(name) : "")) +
                                 ")");
  }
  OFString typeText;
  ff.getDataset()->findAndGetOFString(DCM_SegmentationType, typeText);
  const std::string segType = trimmed(typeText);
  if (segType != "BINARY" && segType != "FRACTIONAL")
    throw ImagingError(path, "unsupported SegmentationType '" + segType + "' (BINARY and FRACTIONAL are supported)");

  // RLE Lossless is the one compression SEG writers use (binary masks compress well with it).
  const E_TransferSyntax xfer = ff.getDataset()->getOriginalXfer();
  if (DcmXfer(xfer).isEncapsulated()) {
    DcmRLEDecoderRegistration::registerCodecs();  // idempotent, process-wide registry
    if (ff.getDataset()->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
        !ff.getDataset()->canWriteXfer(EXS_LittleEndianExplicit))
      throw ImagingError(path, std::string("compressed DICOM SEG pixel data (") + DcmXfer(xfer).getXferName() +
                                   ") cannot be decompressed; RLE Lossless and uncompressed are supported");
  }

  DcmSegmentation* raw = nullptr;
  cond = DcmSegmentation::loadDataset(*ff.getDataset(), raw);
  std::unique_ptr<DcmSegmentation, SegDeleter> doc(raw);
  if (cond.bad() || !doc) throw ImagingError(path, "damaged or unsupported DICOM SEG", cond.text());

  const bool binary = doc->getSegmentationType() == DcmSegTypes::ST_BINARY;
  Uint16 maxFraction = 0;
  if (!binary) {
    const auto ft = doc->getSegmentationFractionalType();
    if (ft != DcmSegTypes::SFT_PROBABILITY && ft != DcmSegTypes::SFT_OCCUPANCY)
      throw ImagingError(path, "unsupported FRACTIONAL SEG: SegmentationFractionalType is neither PROBABILITY nor OCCUPANCY");
    if (ff.getDataset()->findAndGetUint16(DCM_MaximumFractionalValue, maxFraction).bad() || maxFraction == 0)
      throw ImagingError(path, "FRACTIONAL SEG without a valid MaximumFractionalValue");
  }

  Uint16 rows16 = 0, cols16 = 0;
  ff.getDataset()->findAndGetUint16(DCM_Rows, rows16);
  ff.getDataset()->findAndGetUint16(DCM_Columns, cols16);
  const std::size_t rows = rows16, cols = cols16;
  if (rows == 0 || cols == 0) throw ImagingError(path, "DICOM SEG without Rows/Columns");

  SegmentSet set;
  const std::size_t nSegments = doc->getNumberOfSegments();
  if (nSegments == 0) throw ImagingError(path, "DICOM SEG without segments");
  // One uint8 label per segment in the workstation; each segment also needs a mask of the whole grid.
  if (nSegments > 255)
    throw ImagingError(path, "DICOM SEG with " + std::to_string(nSegments) +
                                 " segments; at most 255 can be loaded as labels");
  for (std::size_t n = 1; n <= nSegments; ++n) set.segments.push_back(segmentDescription(*doc, n, path));

  FGInterface& fg = doc->getFunctionalGroups();
  const std::size_t nFrames = doc->getNumberOfFrames();
  if (nFrames == 0 || fg.getNumberOfFrames() != nFrames)
    throw ImagingError(path, "DICOM SEG frames and functional groups disagree (" + std::to_string(nFrames) +
                                 " frames, " + std::to_string(fg.getNumberOfFrames()) + " functional group items)");
  std::vector<FrameInfo> frames;
  frames.reserve(nFrames);
  for (std::size_t f = 0; f < nFrames; ++f) {
    frames.push_back(frameInfo(fg, f, path));
    if (frames.back().segment > nSegments)
      throw ImagingError(path, "frame " + std::to_string(f + 1) + " refers to segment " +
                                   std::to_string(frames.back().segment) + ", but there are only " +
                                   std::to_string(nSegments));
  }

  set.geometry = referenceGrid ? *referenceGrid : deriveGrid(frames, rows, cols, path);
  const Geometry& g = set.geometry;
  if (g.voxelCount() == 0) throw ImagingError(path, "the reference grid is empty");
  const Vec3 gi = g.axisDirection(0), gj = g.axisDirection(1);
  checkAllocation(path, std::to_string(nSegments) + " segment masks on the " + g.describe() + " grid",
                  static_cast<std::uint64_t>(g.voxelCount()), nSegments);
  for (Segment& s : set.segments) s.mask = Volume<std::uint8_t>(g, std::uint8_t{0});

  // Where each frame goes: an in-plane offset (whole voxels) and a slice.
  for (std::size_t f = 0; f < nFrames; ++f) {
    const FrameInfo& fi = frames[f];
    const std::string frameName = "frame " + std::to_string(f + 1);
    if (!near(fi.row, gi, kDirTolerance) || !near(fi.col, gj, kDirTolerance))
      throw ImagingError(path, frameName + " is not parallel to the " + std::string(referenceGrid ? "reference " : "") +
                                   "grid (orientation " + vecText(fi.row) + " " + vecText(fi.col) + ", grid " +
                                   vecText(gi) + " " + vecText(gj) + ")");
    if (std::abs(fi.spacingI - g.spacingMm[0]) > 1e-3 * g.spacingMm[0] + 1e-4 ||
        std::abs(fi.spacingJ - g.spacingMm[1]) > 1e-3 * g.spacingMm[1] + 1e-4)
      throw ImagingError(path, frameName + " has pixel spacing " + dcmseg::decimalString(fi.spacingJ) + "\\" +
                                   dcmseg::decimalString(fi.spacingI) + " mm, the grid " +
                                   dcmseg::decimalString(g.spacingMm[1]) + "\\" + dcmseg::decimalString(g.spacingMm[0]) +
                                   " mm");
  }

  // BINARY frames are unpacked here from the raw Pixel Data (see dicom_seg_dcmtk.h for why not DCMTK's).
  const std::uint8_t* packed = nullptr;
  std::vector<std::uint8_t> packedCopy;
  if (binary) {
    DcmElement* pixelData = nullptr;
    if (ff.getDataset()->findAndGetElement(DCM_PixelData, pixelData).bad() || !pixelData)
      throw ImagingError(path, "DICOM SEG without Pixel Data");
    Uint8* bytes = nullptr;
    Uint16* words = nullptr;
    const unsigned long length = pixelData->getLength();
    if (pixelData->getUint8Array(bytes).good() && bytes) {
      packed = bytes;
    } else if (pixelData->getUint16Array(words).good() && words) {
      // OW: DCMTK keeps words in host order; the bit stream is the little-endian byte sequence.
      packedCopy.resize(length);
      for (unsigned long n = 0; n < length / 2; ++n) {
        packedCopy[2 * n] = static_cast<std::uint8_t>(words[n] & 0xff);
        packedCopy[2 * n + 1] = static_cast<std::uint8_t>(words[n] >> 8);
      }
      packed = packedCopy.data();
    } else {
      throw ImagingError(path, "cannot access the SEG pixel data (compressed or damaged)");
    }
    if (static_cast<std::uint64_t>(length) * 8 < static_cast<std::uint64_t>(nFrames) * rows * cols)
      throw ImagingError(path, "truncated pixel data: " + std::to_string(length) + " bytes for " +
                                   std::to_string(nFrames) + " frames of " + std::to_string(rows) + "x" +
                                   std::to_string(cols) + " bits");
  }

  const std::size_t nx = g.dims[0], ny = g.dims[1];
  for (std::size_t f = 0; f < nFrames; ++f) {
    const FrameInfo& fi = frames[f];
    const std::string frameName = "frame " + std::to_string(f + 1);
    const Vec3 ijk = g.worldToIndex(fi.position);
    // Far outside any grid (or not a number): refused before lround, whose result would be undefined.
    const auto inRange = [](double x) { return std::isfinite(x) && std::abs(x) < 1e7; };
    if (!inRange(ijk[0]) || !inRange(ijk[1]) || !inRange(ijk[2]))
      throw ImagingError(path, frameName + " at " + vecText(fi.position) + " LPS mm lies far outside the " +
                                   (referenceGrid ? "reference " : "") + "grid (" + g.describe() + ")");
    const long i0 = std::lround(ijk[0]), j0 = std::lround(ijk[1]), k = std::lround(ijk[2]);
    if (std::abs(ijk[0] - i0) > kGridTolerance || std::abs(ijk[1] - j0) > kGridTolerance ||
        std::abs(ijk[2] - k) > kGridTolerance)
      throw ImagingError(path, frameName + " at " + vecText(fi.position) + " LPS mm is off the " +
                                   (referenceGrid ? "reference " : "") + "grid (voxel index " + vecText(ijk) +
                                   " is not whole)");
    if (i0 < 0 || j0 < 0 || k < 0 || static_cast<std::size_t>(i0) + cols > nx ||
        static_cast<std::size_t>(j0) + rows > ny || static_cast<std::size_t>(k) >= g.dims[2])
      throw ImagingError(path, frameName + " at " + vecText(fi.position) + " LPS mm lies outside the " +
                                   (referenceGrid ? "reference " : "") + "grid (" + g.describe() + ")");
    const Uint8* bytes = nullptr;
    if (!binary) {
      const DcmIODTypes::Frame* frame = doc->getFrame(f);
      if (!frame || !frame->pixData || frame->length < rows * cols)
        throw ImagingError(path, frameName + " has missing or truncated pixel data");
      bytes = frame->pixData;
    }
    std::uint8_t* mask = set.segments[fi.segment - 1].mask.data();
    const std::size_t firstBit = f * rows * cols;
    for (std::size_t r = 0; r < rows; ++r) {
      std::uint8_t* dst = mask + g.linearIndex(static_cast<std::size_t>(i0), static_cast<std::size_t>(j0) + r,
                                               static_cast<std::size_t>(k));
      const std::size_t rowBit = firstBit + r * cols;
      for (std::size_t c = 0; c < cols; ++c) {
        if (binary) {
          const std::size_t bit = rowBit + c;
          // Masks are mostly empty: skip whole zero bytes.
          if ((bit & 7) == 0 && c + 8 <= cols && packed[bit >> 3] == 0) {
            c += 7;
            continue;
          }
          if (dcmseg::getBit(packed, bit)) dst[c] = 1;
        } else if (2u * bytes[r * cols + c] >= maxFraction) {  // at least half of MaximumFractionalValue
          dst[c] = 1;
        }
      }
    }
    if (f % 16 == 0) scope.report(double(f + 1) / nFrames, "reading DICOM SEG frames");
  }

  // DICOM context, so that a set read and written again keeps its references.
  DcmDataset* ds = ff.getDataset();
  OFString v;
  if (ds->findAndGetOFString(DCM_SeriesDescription, v).good()) set.seriesDescription = trimmed(v);
  if (ds->findAndGetOFString(DCM_StudyInstanceUID, v).good()) set.studyInstanceUid = trimmed(v);
  if (ds->findAndGetOFString(DCM_FrameOfReferenceUID, v).good()) set.frameOfReferenceUid = trimmed(v);
  if (ds->findAndGetOFString(DCM_PatientName, v).good()) set.patientName = trimmed(v);
  if (ds->findAndGetOFString(DCM_PatientID, v).good()) set.patientId = trimmed(v);
  if (ds->findAndGetOFString(DCM_StudyDate, v).good()) set.studyDate = trimmed(v);
  Sint32 number = 0;
  if (ds->findAndGetSint32(DCM_SeriesNumber, number).good()) set.seriesNumber = number;
  DcmItem* refSeries = nullptr;
  if (ds->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good() && refSeries) {
    if (refSeries->findAndGetOFString(DCM_SeriesInstanceUID, v).good()) set.referencedSeriesInstanceUid = trimmed(v);
    DcmItem* inst = nullptr;
    for (signed long n = 0; refSeries->findAndGetSequenceItem(DCM_ReferencedInstanceSequence, inst, n).good() && inst;
         ++n) {
      ReferencedImage ref;
      if (inst->findAndGetOFString(DCM_ReferencedSOPClassUID, v).good()) ref.sopClassUid = trimmed(v);
      if (inst->findAndGetOFString(DCM_ReferencedSOPInstanceUID, v).good()) ref.sopInstanceUid = trimmed(v);
      set.referencedImages.push_back(std::move(ref));
    }
  }
  scope.report(1.0, "reading DICOM SEG");
  return set;
}

}  // namespace hccws::core
