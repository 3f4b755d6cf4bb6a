// Target dicom_seg: DICOM Segmentation import (viewer/core dicom_seg_read.cpp through DCMTK, and
// dicom_seg_convert.cpp): on the grid its frames span, onto a reference CT grid, and as a label map that is
// then measured (`hccws measure liver.dcm`).
#include "fuzz_core.h"

#include <hccws/core/dicom_seg.h>

HCCWS_FUZZ_TARGET(dicom_seg) {
  using namespace hccws;
  const std::string path = fuzz::writeInput("seg.dcm", data, size);
  std::optional<core::Geometry> spanned;
  fuzz::coreCall([&] {
    const core::SegmentSet set = core::readDicomSeg(path);
    spanned = set.geometry;
    std::size_t overlap = 0;
    (void)core::labelMapFromSegmentSet(set, &overlap);
  });
  if (spanned && spanned->voxelCount() <= 256u * 256u * 64u) {
    // A reference grid one voxel larger on each side: the frames must land on it (the CT-grid path).
    core::Geometry ref = *spanned;
    for (int a = 0; a < 3; ++a) ref.dims[a] += 2;
    ref.originLps = spanned->indexToWorld({-1, -1, -1});
    fuzz::coreCall([&] { (void)core::readLabelMap(path, ref); });
  }
  fuzz::coreCall([&] { fuzz::measureLoaded(core::readLabelMap(path)); });
  return 0;
}
