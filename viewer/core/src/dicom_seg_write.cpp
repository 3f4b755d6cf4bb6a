// Writing DICOM SEG with DCMTK's dcmseg (DcmSegmentation::createBinarySegmentation), in the way dcmqi does:
// a dimension index (segment number, ImagePositionPatient), shared Plane Orientation and Pixel Measures, and
// per frame its Plane Position, Frame Content and, when the CT image of that slice is known, a Derivation
// Image reference. Every segment gets one frame per slice of the grid, empty frames included, so empty
// segments and the full extent survive a round trip (a few hundred bytes per empty 512x512 frame packed).
#include "dicom_seg_dcmtk.h"
#include "io_atomic.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/dicom_writer.h>
#include <hccws/core/errors.h>

#include <dcmtk/config/osconfig.h>  // must come first among DCMTK headers
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrtm.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodmacro.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <memory>

namespace hccws::core {
namespace {

using dcmseg::decimalString;

struct SegDeleter {
  void operator()(DcmSegmentation* s) const { delete s; }
};

void check(const OFCondition& cond, const std::string& path, const std::string& what) {
  if (cond.bad()) throw ImagingError(path, "cannot write the DICOM SEG: " + what, cond.text());
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

DcmSegTypes::E_SegmentAlgoType algorithmType(const Segment& s, const std::string& path) {
  const std::string t = upper(s.algorithmType);
  if (t.empty() || t == "MANUAL") return DcmSegTypes::SAT_MANUAL;
  if (t != "AUTOMATIC" && t != "SEMIAUTOMATIC")
    throw ImagingError(path, "segment '" + s.label + "': algorithm type '" + s.algorithmType +
                                 "' is not MANUAL, SEMIAUTOMATIC or AUTOMATIC");
  if (s.algorithmName.empty())
    throw ImagingError(path, "segment '" + s.label + "': a " + t + " segment needs an algorithm name");
  return t == "AUTOMATIC" ? DcmSegTypes::SAT_AUTOMATIC : DcmSegTypes::SAT_SEMIAUTOMATIC;
}

// The segment's codes, filled from the standard concepts (or "Tissue") where it has none.
Segment codedSegment(const Segment& s) {
  Segment c;
  if (!s.categoryCode.empty() && !s.typeCode.empty()) {
    c.categoryCode = s.categoryCode, c.categoryScheme = s.categoryScheme, c.categoryMeaning = s.categoryMeaning;
    c.typeCode = s.typeCode, c.typeScheme = s.typeScheme, c.typeMeaning = s.typeMeaning;
  } else if (auto standard = standardSegmentCodes(s.label)) {
    c = *standard;
  } else {
    c.categoryCode = c.typeCode = "85756007";
    c.categoryMeaning = c.typeMeaning = "Tissue";
  }
  if (c.categoryScheme.empty()) c.categoryScheme = "SCT";
  if (c.typeScheme.empty()) c.typeScheme = "SCT";
  if (c.categoryMeaning.empty()) c.categoryMeaning = c.categoryCode;
  if (c.typeMeaning.empty()) c.typeMeaning = c.typeCode;
  return c;
}

// Patient, study, frame of reference and referenced series.
void writeContext(DcmSegmentation& doc, const SegmentSet& set, const std::string& path) {
  if (!set.referenceFile.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(set.referenceFile, ec))
      throw ImagingError(path, "cannot write the DICOM SEG: the reference CT file " + set.referenceFile +
                                   " does not exist");
    check(doc.importHierarchy(set.referenceFile.c_str(), OFTrue, OFTrue, OFTrue, OFFalse), path,
          "cannot copy patient and study from " + set.referenceFile);
  }
  if (!set.patientName.empty()) check(doc.getPatient().setPatientName(set.patientName.c_str()), path, "PatientName");
  if (!set.patientId.empty()) check(doc.getPatient().setPatientID(set.patientId.c_str()), path, "PatientID");
  if (!set.studyInstanceUid.empty())
    check(doc.getStudy().setStudyInstanceUID(set.studyInstanceUid.c_str()), path, "StudyInstanceUID");
  if (!set.studyDate.empty()) check(doc.getStudy().setStudyDate(set.studyDate.c_str()), path, "StudyDate");
  OFString forUid;
  if (!set.frameOfReferenceUid.empty())
    check(doc.getFrameOfReference().setFrameOfReferenceUID(set.frameOfReferenceUid.c_str()), path,
          "FrameOfReferenceUID");
  else if (doc.getFrameOfReference().getFrameOfReferenceUID(forUid).bad() || forUid.empty())
    check(doc.getFrameOfReference().setFrameOfReferenceUID(newDicomUid().c_str()), path, "FrameOfReferenceUID");
  OFString studyUid;
  if (doc.getStudy().getStudyInstanceUID(studyUid).bad() || studyUid.empty())
    check(doc.getStudy().setStudyInstanceUID(newDicomUid().c_str()), path, "StudyInstanceUID");

  check(doc.getSeries().setSeriesInstanceUID(newDicomUid().c_str()), path, "SeriesInstanceUID");
  check(doc.getSeries().setSeriesNumber(std::to_string(set.seriesNumber).c_str()), path, "SeriesNumber");
  if (!set.seriesDescription.empty())
    check(doc.getSeries().setSeriesDescription(set.seriesDescription.c_str()), path, "SeriesDescription");

  if (!set.referencedSeriesInstanceUid.empty() && !set.referencedImages.empty()) {
    auto* item = new IODSeriesAndInstanceReferenceMacro::ReferencedSeriesItem;
    doc.getCommonInstanceReference().getReferencedSeriesItems().push_back(item);  // the module owns it now
    check(item->setSeriesInstanceUID(set.referencedSeriesInstanceUid.c_str()), path, "referenced series UID");
    for (const ReferencedImage& r : set.referencedImages)
      check(item->addReference(r.sopClassUid.c_str(), r.sopInstanceUid.c_str()), path,
            "reference to " + r.sopInstanceUid);
  }
}

}  // namespace

void writeDicomSeg(const SegmentSet& set, const std::string& path, const ProgressSink& progress) {
  ProgressScope scope(progress, 0.0, 1.0);
  dcmseg::quietDcmtkWarnings();
  const Geometry& g = set.geometry;
  if (set.segments.empty()) throw ImagingError(path, "cannot write a DICOM SEG without segments");
  if (g.voxelCount() == 0) throw ImagingError(path, "cannot write a DICOM SEG on an empty grid");
  if (g.dims[0] > 65535 || g.dims[1] > 65535)
    throw ImagingError(path, "cannot write a DICOM SEG: slices of " + std::to_string(g.dims[0]) + "x" +
                                 std::to_string(g.dims[1]) + " exceed DICOM's 65535 rows/columns");
  if (set.segments.size() > 65535) throw ImagingError(path, "cannot write more than 65535 segments");
  for (const Segment& s : set.segments)
    if (!s.mask.geometry().sameGrid(g) || s.mask.size() != g.voxelCount())
      throw ImagingError(path, "cannot write the DICOM SEG: segment '" + s.label + "' (" +
                                   s.mask.geometry().describe() + ") is not on the set's grid (" + g.describe() + ")");
  if (g.dims[2] * set.segments.size() > 0x7fffffffULL) throw ImagingError(path, "too many frames for one DICOM SEG");

  const std::size_t nx = g.dims[0], ny = g.dims[1], nz = g.dims[2];
  IODGeneralEquipmentModule::EquipmentInfo equipment("HCC Workstation", "hccws", "1", "0.1.0");
  ContentIdentificationMacro content("1", "SEGMENTATION", set.seriesDescription.substr(0, 64).c_str(), "");
  DcmSegmentation* raw = nullptr;
  check(DcmSegmentation::createBinarySegmentation(raw, static_cast<Uint16>(ny), static_cast<Uint16>(nx), equipment,
                                                  content),
        path, "cannot create the segmentation object");
  std::unique_ptr<DcmSegmentation, SegDeleter> doc(raw);
  writeContext(*doc, set, path);

  // Dimensions: (segment number, position), the organisation dcmqi and 3D Slicer use.
  const std::string dimensionUid = newDicomUid();
  IODMultiframeDimensionModule& dims = doc->getDimensions();
  check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid.c_str(), DCM_SegmentIdentificationSequence,
                               "ReferencedSegmentNumber"),
        path, "dimension index (segment)");
  check(dims.addDimensionIndex(DCM_ImagePositionPatient, dimensionUid.c_str(), DCM_PlanePositionSequence,
                               "ImagePositionPatient"),
        path, "dimension index (position)");

  const Vec3 row = g.axisDirection(0), col = g.axisDirection(1), normal = g.sliceNormal();
  {
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        decimalString(row[0]).c_str(), decimalString(row[1]).c_str(), decimalString(row[2]).c_str(),
        decimalString(col[0]).c_str(), decimalString(col[1]).c_str(), decimalString(col[2]).c_str()));
    if (!orientation) throw ImagingError(path, "cannot write the DICOM SEG: plane orientation");
    check(doc->addForAllFrames(*orientation), path, "shared plane orientation");
    FGPixelMeasures measures;
    const std::string spacing = decimalString(g.spacingMm[1]) + "\\" + decimalString(g.spacingMm[0]);
    // The distance between slice centres along the normal (the k axis may be oblique to the i-j plane).
    const Vec3 kAxis = g.axisDirection(2);
    const double step = std::abs(dot(kAxis, normal)) * g.spacingMm[2];
    check(measures.setPixelSpacing(spacing.c_str()), path, "pixel spacing");
    check(measures.setSliceThickness(decimalString(step).c_str()), path, "slice thickness");
    check(measures.setSpacingBetweenSlices(decimalString(step).c_str()), path, "spacing between slices");
    check(doc->addForAllFrames(measures), path, "shared pixel measures");
  }

  std::vector<Uint16> numbers;
  for (const Segment& s : set.segments) {
    const Segment c = codedSegment(s);
    const std::string label = s.label.empty() ? "segment " + std::to_string(numbers.size() + 1) : s.label;
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(segment, label.substr(0, 64).c_str(),
                             CodeSequenceMacro(c.categoryCode.c_str(), c.categoryScheme.c_str(),
                                               c.categoryMeaning.c_str()),
                             CodeSequenceMacro(c.typeCode.c_str(), c.typeScheme.c_str(), c.typeMeaning.c_str()),
                             algorithmType(s, path), s.algorithmName.c_str()),
          path, "segment '" + label + "'");
    std::unique_ptr<DcmSegment> owned(segment);
    const auto lab = dcmseg::rgbToDicomLab(s.rgb);
    check(segment->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]), path, "segment colour");
    if (!s.description.empty()) check(segment->setSegmentDescription(s.description.c_str()), path, "segment description");
    Uint16 number = 0;
    check(doc->addSegment(segment, number), path, "segment '" + label + "'");
    owned.release();  // the document owns it now
    numbers.push_back(number);
  }

  // CT image of each slice, for the per-frame Derivation Image functional group.
  std::map<long, const ReferencedImage*> sliceImage;
  for (const ReferencedImage& r : set.referencedImages)
    if (r.sliceIndex >= 0 && !r.sopInstanceUid.empty()) sliceImage[r.sliceIndex] = &r;

  std::vector<Uint8> frame(nx * ny);
  const std::size_t totalFrames = set.segments.size() * nz;
  const std::size_t frameBits = nx * ny;
  std::vector<std::uint8_t> packed(((totalFrames * frameBits + 7) / 8 + 1) / 2 * 2, 0);
  std::size_t done = 0;
  for (std::size_t s = 0; s < set.segments.size(); ++s) {
    const std::uint8_t* mask = set.segments[s].mask.data();
    for (std::size_t k = 0; k < nz; ++k) {
      const std::uint8_t* slice = mask + k * nx * ny;
      for (std::size_t n = 0; n < frameBits; ++n) {
        frame[n] = slice[n] ? 1 : 0;
        if (slice[n]) dcmseg::setBit(packed.data(), done * frameBits + n);
      }
      const Vec3 ipp = g.indexToWorld({0.0, 0.0, double(k)});
      std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
          decimalString(ipp[0]).c_str(), decimalString(ipp[1]).c_str(), decimalString(ipp[2]).c_str()));
      FGFrameContent frameContent;
      check(frameContent.setDimensionIndexValues(numbers[s], 0), path, "frame content");
      check(frameContent.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1), path, "frame content");
      OFVector<FGBase*> perFrame;
      perFrame.push_back(position.get());
      perFrame.push_back(&frameContent);
      std::unique_ptr<FGDerivationImage> derivation;
      if (auto it = sliceImage.find(static_cast<long>(k)); it != sliceImage.end()) {
        ImageSOPInstanceReferenceMacro source;
        check(source.setReferencedSOPClassUID(it->second->sopClassUid.c_str()), path, "derivation image class");
        check(source.setReferencedSOPInstanceUID(it->second->sopInstanceUid.c_str()), path, "derivation image UID");
        OFVector<ImageSOPInstanceReferenceMacro> sources;
        sources.push_back(source);
        derivation.reset(DcmSegmentation::createDerivationImageFG(sources, ""));
        if (derivation) perFrame.push_back(derivation.get());
      }
      check(doc->addFrame(frame.data(), numbers[s], perFrame), path,
            "frame of segment " + std::to_string(numbers[s]) + ", slice " + std::to_string(k));
      if (++done % 16 == 0 || done == totalFrames) scope.report(0.8 * done / totalFrames, "encoding DICOM SEG frames");
    }
  }

  DcmFileFormat ff;
  check(doc->writeDataset(*ff.getDataset()), path, "the DICOM dataset does not validate");
  // SegmentsOverlap (0062,0013) is newer than DCMTK 3.6.7's SEG module: state it, so viewers need not scan.
  bool overlap = false;
  if (set.segments.size() > 1) {
    std::vector<std::uint8_t> claims(g.voxelCount(), 0);
    for (const Segment& s : set.segments) {
      const std::uint8_t* m = s.mask.data();
      for (std::size_t n = 0; n < claims.size() && !overlap; ++n)
        if (m[n] && claims[n]++) overlap = true;
      if (overlap) break;
    }
  }
  DcmDataset* ds = ff.getDataset();
  // Our own packing replaces DCMTK's (see dicom_seg_dcmtk.h); frames are in the order they were added.
  check(ds->putAndInsertUint8Array(DCM_PixelData, packed.data(), static_cast<unsigned long>(packed.size())), path,
        "pixel data");
  check(ds->putAndInsertString(DcmTag(0x0062, 0x0013, EVR_CS), overlap ? "YES" : "NO"), path, "SegmentsOverlap");
  OFString date, time;
  DcmDate::getCurrentDate(date);
  DcmTime::getCurrentTime(time);
  check(ds->putAndInsertString(DCM_SeriesDate, date.c_str()), path, "SeriesDate");
  check(ds->putAndInsertString(DCM_SeriesTime, time.c_str()), path, "SeriesTime");
  check(ds->putAndInsertString(DCM_ContentDate, date.c_str()), path, "ContentDate");
  check(ds->putAndInsertString(DCM_ContentTime, time.c_str()), path, "ContentTime");
  scope.report(0.85, "writing DICOM SEG");
  io::writeAtomically(path, [&](const std::string& temp) {
    const OFCondition cond = ff.saveFile(temp.c_str(), EXS_LittleEndianExplicit);
    if (cond.bad()) throw ImagingError(path, "cannot write the DICOM SEG file", cond.text());
  });
  scope.report(1.0, "writing DICOM SEG");
}

}  // namespace hccws::core
