#pragma once
// Writes a CtVolume as a real DICOM CT series (one file per slice, Explicit VR Little Endian, int16 with
// RescaleIntercept/Slope, ImagePositionPatient/ImageOrientationPatient from the geometry, fresh UIDs unless
// given). Used by the phantom generator, tests and benchmarks.
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <cstdint>
#include <string>

namespace hccws::core {

struct DicomWriteOptions {
  std::string patientId = "PHANTOM";
  std::string patientName = "Phantom^Synthetic";
  std::string studyInstanceUid;   // generated when empty
  std::string seriesInstanceUid;  // generated when empty
  std::string frameOfReferenceUid;  // generated when empty
  std::string studyDate = "20260101", studyTime = "080000";
  std::string studyDescription = "CT ABDOMEN";
  std::string seriesDescription;    // e.g. "ARTERIAL PHASE"
  std::string contrastBolusAgent;   // empty for native phase
  std::string contrastBolusStartTime;  // HHMMSS(.frac)
  std::string acquisitionTime;         // HHMMSS(.frac)
  int seriesNumber = 1;
  std::string imageType = "ORIGINAL\\PRIMARY\\AXIAL";
  double windowCenter = 60, windowWidth = 400;
};

// A fresh, globally unique DICOM UID (GDCM's generator: root prefix + time + random part).
std::string newDicomUid();

// Writes files named IMG0001.dcm ... into `folder` (created). Returns the SeriesInstanceUID used.
std::string writeDicomSeries(const CtVolume& volume, const DicomWriteOptions& options, const std::string& folder,
                             const ProgressSink& progress = {});
// The same as an MR series: Modality MR, MR Image Storage, unsigned 16-bit pixels (the full 0..65535 range, as
// scanners store them), no rescale and no HU. For tests of the MRI path; the window fields are written as given.
std::string writeDicomMrSeries(const Volume<std::uint16_t>& volume, const DicomWriteOptions& options,
                               const std::string& folder, const ProgressSink& progress = {});

}  // namespace hccws::core
