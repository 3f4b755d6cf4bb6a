// Target dicom_image: one DICOM file read the other ways the workstation reads it: ITK's GDCM reader
// (viewer/core image_io.cpp: readCtImage, the single-file fallback) and loadStudy on the file (which scans
// the folder holding it, here a folder with only this file).
#include "fuzz_core.h"

HCCWS_FUZZ_TARGET(dicom_image) {
  using namespace hccws;
  const auto dir = fuzz::freshDir("image");
  const auto file = dir / "slice.dcm";
  fuzz::writeFile(file, data, size);
  fuzz::coreCall([&] {
    const core::CtVolume v = core::readCtImage(file.string());
    long long sum = 0;
    for (std::size_t n = 0; n < v.size(); ++n) sum += v.data()[n];
    (void)sum;
  });
  fuzz::coreCall([&] { (void)fuzz::sumStudy(core::loadStudy(file.string())); });
  return 0;
}
