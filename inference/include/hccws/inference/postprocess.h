#pragma once
// Post-processing of a label buffer (Torch-free, no ITK): largest connected liver component and tumours kept
// inside the liver. Buffer layout: dims {n0, n1, n2}, index i0 + n0 * (i1 + n1 * i2) (the core's i fastest).
// Connectivity: 26 neighbours (nnU-Net's remove_all_but_largest_component uses skimage's full connectivity).
// Single-threaded, O(voxels) time, 4 bytes per voxel of scratch memory.
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <vector>

namespace hccws::infer {

struct PostprocessReport {
  std::int64_t liverComponents = 0;        // liver(+tumour) components before
  std::int64_t removedLiverVoxels = 0;     // liver/tumour voxels outside the largest component, set to 0
  std::int64_t tumourComponents = 0;
  std::int64_t removedTumourVoxels = 0;    // tumour voxels in components touching no liver voxel
};

PostprocessReport postprocessLabels(std::vector<std::uint8_t>& labels, const std::array<std::int64_t, 3>& dims,
                                    const PostprocessOptions& options);

// Connected components of voxels where mask[v] != 0 (26-connectivity). Returns a component id per voxel
// (0 = outside the mask, 1..n) and fills sizes[id] (sizes[0] unused).
std::vector<std::int32_t> labelComponents(const std::vector<std::uint8_t>& mask, const std::array<std::int64_t, 3>& dims,
                                          std::vector<std::int64_t>& sizes);

}  // namespace hccws::infer
