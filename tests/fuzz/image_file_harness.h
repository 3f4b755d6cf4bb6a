#pragma once
// Shared body of the single-file image targets (nifti, nrrd, mha): the input written with the format's
// extension and read every way the workstation reads such a file (viewer/core image_io.cpp): as CT
// (readCtImage, `hccws inspect FILE`, loadStudy), as a float image, and as a label map that is measured.
#include "fuzz_core.h"

namespace hccws::fuzz {

inline int readImageFile(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const auto dir = freshDir("image");
  const auto file = dir / name;
  writeFile(file, data, size);
  const std::string path = file.string();
  coreCall([&] { (void)sumStudy(core::loadStudy(path)); });
  coreCall([&] {
    const core::FloatVolume v = core::readFloatImage(path);
    double sum = 0;
    for (std::size_t n = 0; n < v.size(); ++n) sum += v.data()[n];
    (void)sum;
  });
  coreCall([&] { measureLoaded(core::readLabelMap(path)); });
  return 0;
}

}  // namespace hccws::fuzz
