#pragma once
// The data probe: what lies under a world point in every layer. Nearest voxel in each layer's own grid.
// Pure function; any thread (the volumes must not be written meanwhile).
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>
#include <string>

namespace hccws::render {

struct ProbeSample {
  core::Vec3 worldLps{0, 0, 0};
  bool insideImage = false;
  std::array<long, 3> ijk{0, 0, 0};  // in the CT's grid (valid when insideImage)
  int hu = 0;
  bool hasLabel = false;
  std::uint8_t label = 0;
  std::string labelName;  // empty for background
  bool hasHeat = false;
  double heat = 0;
};

ProbeSample probeAt(const core::Vec3& worldLps, const core::CtVolume* ct, const core::LabelMap* labels,
                    const core::Heatmap* heatmap);

// Nearest voxel index of a world point; false when outside the grid.
bool nearestIndex(const core::Geometry& geometry, const core::Vec3& worldLps, std::array<long, 3>& ijk);

}  // namespace hccws::render
