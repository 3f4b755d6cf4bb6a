#pragma once
// Heatmap: a float map on its own grid (usually a tumour ROI, coarser than the CT), placed in the world by
// its Geometry. Values are in [0, 1] unless `valueRange` says otherwise.
#include <hccws/core/volume.h>

#include <string>

namespace hccws::core {

struct Heatmap {
  FloatVolume values;
  std::string name;        // e.g. "proliferative prototype similarity"
  std::string provenance;  // e.g. "PMN demo model trained on synthetic phantoms"
  double valueMin = 0.0;
  double valueMax = 1.0;
};

}  // namespace hccws::core
