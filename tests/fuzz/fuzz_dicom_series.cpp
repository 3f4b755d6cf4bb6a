// Target dicom_series: series assembly (viewer/core dicom_series.cpp: assembleSeries) on headers built from
// the input: grouping by UID, splitting by grid, sorting along the normal, gaps, duplicates, tilt, spacing.
// No files: the headers' numbers come straight from the input (NaN, inf, 1e300, 0, negative sizes...).
#include "fuzz_core.h"

#include <hccws/core/dicom_series.h>

HCCWS_FUZZ_TARGET(dicom_series) {
  using namespace hccws;
  fuzz::ByteReader in(data, size);
  std::vector<core::DicomSliceHeader> headers;
  const std::size_t count = 1 + in.byte() % 24;
  // A few UIDs and sizes shared between slices, so grouping and splitting are exercised.
  const std::string uids[] = {"1.2.3.1", "1.2.3.2", "", " 1.2.3.1 "};
  for (std::size_t n = 0; n < count && !in.empty(); ++n) {
    core::DicomSliceHeader h;
    h.file = "f" + std::to_string(n) + ".dcm";
    const std::uint8_t flags = in.byte();
    h.seriesInstanceUid = uids[flags & 3];
    h.studyInstanceUid = (flags & 4) ? "9.8.7" : "";
    h.modality = (flags & 8) ? "CT" : ((flags & 16) ? "SEG" : in.text(4));
    h.imageType = (flags & 32) ? "ORIGINAL\\PRIMARY\\AXIAL" : in.text(24);
    h.hasPosition = (flags & 64) != 0;
    h.hasOrientation = (flags & 128) != 0;
    h.sopClassUid = in.byte() < 200 ? "1.2.840.10008.5.1.4.1.1.2" : in.text(40);
    h.seriesNumber = static_cast<int>(in.raw<std::int8_t>());
    h.instanceNumber = static_cast<int>(in.raw<std::int16_t>());
    h.acquisitionNumber = static_cast<int>(in.raw<std::int8_t>());
    h.numberOfFrames = in.byte() < 240 ? 1 : static_cast<int>(in.raw<std::int32_t>());
    const std::uint8_t sizes = in.byte();
    h.rows = sizes < 200 ? 16 : in.raw<std::uint32_t>();
    h.columns = sizes < 200 ? 16 : in.raw<std::uint32_t>();
    h.positionLps = {in.number(), in.number(), in.byte() < 128 ? double(n) * 2.5 : in.number()};
    if (in.byte() >= 200) {
      h.rowDirection = {in.number(), in.number(), in.number()};
      h.columnDirection = {in.number(), in.number(), in.number()};
    }
    if (in.byte() >= 128) {
      h.rowSpacingMm = in.number();
      h.columnSpacingMm = in.number();
    }
    h.sliceThicknessMm = in.number();
    h.gantryTiltDeg = in.byte() < 230 ? 0 : in.number();
    h.rescaleSlope = in.byte() < 230 ? 1 : in.number();
    h.rescaleIntercept = in.byte() < 230 ? -1024 : in.number();
    h.seriesDescription = in.text(16);
    h.acquisitionTime = in.text(14);
    headers.push_back(std::move(h));
  }
  fuzz::coreCall([&] {
    const auto series = core::assembleSeries(std::move(headers), "fuzz");
    for (const auto& s : series) {
      (void)core::toString(s.kind);
      (void)s.geometry.voxelCount();
      for (const auto& d : s.diagnostics) (void)core::severityName(d.severity);
    }
  });
  return 0;
}
