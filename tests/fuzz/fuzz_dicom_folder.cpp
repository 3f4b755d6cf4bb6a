// Target dicom_folder: a folder of up to 4 DICOM files (the input split at kFileSeparator) scanned, grouped
// and read as a study with its pixels (viewer/core dicom_scan.cpp, dicom_series.cpp, dicom_read.cpp through
// GDCM, load_study.cpp, phase detection): what `hccws inspect FOLDER` and the workstation's Open do.
#include "fuzz_core.h"

#include <hccws/core/dicom_series.h>

HCCWS_FUZZ_TARGET(dicom_folder) {
  using namespace hccws;
  const auto parts = fuzz::splitFiles(data, size, 4);
  const auto dir = fuzz::freshDir("folder");
  for (std::size_t n = 0; n < parts.size(); ++n)
    fuzz::writeFile(dir / ("IMG" + std::to_string(n + 1) + ".dcm"),
                    reinterpret_cast<const std::uint8_t*>(parts[n].data()), parts[n].size());
  fuzz::coreCall([&] {
    const core::DicomScan scan = core::scanDicomFolder(dir.string());
    const core::Study study = core::loadDicomStudy(scan);
    (void)fuzz::sumStudy(study);
  });
  return 0;
}
