// DCMTK helpers for DICOM SEG: colour conversion, decimal strings, the SEG file check and the references to
// the CT series a segmentation was drawn on.
#include "dicom_seg_dcmtk.h"
#include "dicom_decimal.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/errors.h>

#include <dcmtk/config/osconfig.h>  // must come first among DCMTK headers
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace hccws::core {
namespace dcmseg {

void quietDcmtkWarnings() { OFLog::getLogger("dcmtk").setLogLevel(OFLogger::ERROR_LOG_LEVEL); }

std::array<std::uint16_t, 3> rgbToDicomLab(const std::array<std::uint8_t, 3>& rgb) {
  double L = 0, a = 0, b = 0;
  IODCIELabUtil::rgb2DicomLab(L, a, b, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
  auto q = [](double v) { return static_cast<std::uint16_t>(std::clamp(std::lround(v), 0L, 65535L)); };
  return {q(L), q(a), q(b)};
}

std::array<std::uint8_t, 3> dicomLabToRgb(const std::array<std::uint16_t, 3>& lab) {
  double r = 0, g = 0, b = 0;
  IODCIELabUtil::dicomLab2RGB(r, g, b, lab[0], lab[1], lab[2]);
  auto q = [](double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v * 255.0), 0L, 255L)); };
  return {q(r), q(g), q(b)};
}

void setBit(std::uint8_t* packed, std::size_t bit) { packed[bit >> 3] |= static_cast<std::uint8_t>(1u << (bit & 7)); }

bool getBit(const std::uint8_t* packed, std::size_t bit) { return (packed[bit >> 3] >> (bit & 7)) & 1u; }

std::string decimalString(double v) { return dicomDecimalString(v); }

}  // namespace dcmseg

namespace {

std::string trimmed(const OFString& s) {
  std::string t = s.c_str();
  while (!t.empty() && (t.back() == ' ' || t.back() == '\0')) t.pop_back();
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  return t;
}

}  // namespace

bool isDicomSegFile(const std::string& path) {
  dcmseg::quietDcmtkWarnings();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  // Without the "DICM" preamble DCMTK would try to parse anything (a NIfTI file) as a bare dataset.
  char magic[4] = {};
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    const bool ok = std::fseek(f, 128, SEEK_SET) == 0 && std::fread(magic, 1, 4, f) == 4;
    std::fclose(f);
    if (!ok || std::memcmp(magic, "DICM", 4) != 0) return false;
  } else {
    return false;
  }
  DcmFileFormat ff;
  // The SOP class is near the start of the dataset: stop before the (large) functional groups.
  if (ff.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_fileOnly,
                          DCM_StudyDate).bad())
    return false;
  OFString sopClass;
  if (ff.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass).bad() || sopClass.empty())
    ff.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass);
  return trimmed(sopClass) == UID_SegmentationStorage;
}

void referenceDicomSeries(SegmentSet& set, const SeriesSource& source) {
  dcmseg::quietDcmtkWarnings();
  set.referencedSeriesInstanceUid = source.seriesInstanceUid;
  set.studyInstanceUid = source.studyInstanceUid;
  set.frameOfReferenceUid = source.frameOfReferenceUid;
  set.patientId = source.patientId;
  set.patientName = source.patientName;
  set.studyDate = source.studyDate;
  set.referencedImages.clear();
  set.referenceFile = source.files.empty() ? std::string() : source.files.front();
  for (const std::string& file : source.files) {
    DcmFileFormat ff;
    const OFCondition cond = ff.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                                 ERM_autoDetect, DCM_PixelData);
    if (cond.bad()) throw ImagingError(file, "cannot read the DICOM header of a referenced CT image", cond.text());
    DcmDataset* ds = ff.getDataset();
    OFString sopClass, sopInstance;
    ds->findAndGetOFString(DCM_SOPClassUID, sopClass);
    ds->findAndGetOFString(DCM_SOPInstanceUID, sopInstance);
    if (trimmed(sopInstance).empty())
      throw ImagingError(file, "the referenced CT image has no SOPInstanceUID");
    ReferencedImage ref{trimmed(sopClass), trimmed(sopInstance), -1};
    Float64 p[3];
    if (ds->findAndGetFloat64(DCM_ImagePositionPatient, p[0], 0).good() &&
        ds->findAndGetFloat64(DCM_ImagePositionPatient, p[1], 1).good() &&
        ds->findAndGetFloat64(DCM_ImagePositionPatient, p[2], 2).good() && set.geometry.voxelCount() > 0) {
      const Vec3 ijk = set.geometry.worldToIndex({p[0], p[1], p[2]});
      const long k = std::lround(ijk[2]);
      if (std::abs(ijk[0]) < 0.05 && std::abs(ijk[1]) < 0.05 && std::abs(ijk[2] - double(k)) < 0.05 && k >= 0 &&
          static_cast<std::size_t>(k) < set.geometry.dims[2])
        ref.sliceIndex = k;
    }
    set.referencedImages.push_back(std::move(ref));
  }
}

}  // namespace hccws::core
