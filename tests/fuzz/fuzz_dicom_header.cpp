// Target dicom_header: one DICOM file's header as the folder scan reads it (viewer/core dicom_scan.cpp:
// readDicomSliceHeader) and the SEG sniffing every label-map load does first (isDicomSegFile).
#include "fuzz_core.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/dicom_series.h>

HCCWS_FUZZ_TARGET(dicom_header) {
  using namespace hccws;
  const std::string path = fuzz::writeInput("slice.dcm", data, size);
  fuzz::coreCall([&] {
    const core::DicomSliceHeader h = core::readDicomSliceHeader(path);
    // What grouping does with the header next: one series of one slice.
    (void)core::assembleSeries({h}, "fuzz");
  });
  fuzz::coreCall([&] { (void)core::isDicomSegFile(path); });
  return 0;
}
