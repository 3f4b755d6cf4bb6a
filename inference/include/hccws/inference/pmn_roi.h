#pragma once
// Cutting the PMN's input from a case (docs/pmn.md "Input"): a cube of roiVoxels^3 at an isotropic spacing,
// centred on the chosen lesion's bounding box, axes along the CT's own index axes (so the ROI keeps the CT's
// direction cosines), from every phase on one grid (register the phases first), resampled trilinearly,
// HU-windowed and scaled to [-1, 1]; optionally the lesion mask as the last channel (0/1, resampled
// trilinearly). Where the cube leaves the volume it is padded with the window's lower bound (the ROI is never
// shifted, so the lesion stays centred). Torch-free, standard library only.
#include <hccws/inference/pmn.h>
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hccws::infer {

struct PmnInputSpec {
  std::vector<std::string> phases{"arterial", "portal_venous"};  // channel order
  bool maskChannel = true;
  int roiVoxels = 48;          // cube side in voxels, a multiple of the network's patch stride
  double spacingMm = 2.0;      // isotropic ROI spacing
  std::array<double, 2> windowHu{-100, 300};  // clip, then map linearly to [-1, 1]
};

// Where the ROI sits in the CT's continuous index space (i, j, k): voxel (a, b, c) of the ROI (a fastest) is at
// index centreIndex + ((a, b, c) - (n - 1) / 2) * spacingMm / ctSpacing per axis.
struct PmnRoiPlacement {
  std::array<double, 3> centreIndex{0, 0, 0};
  std::array<double, 3> firstVoxelIndex{0, 0, 0};  // ROI voxel (0, 0, 0) in CT index coordinates
  std::array<double, 3> stepIndex{1, 1, 1};        // CT index units per ROI voxel along i, j, k
  int roiVoxels = 0;
  double spacingMm = 0;
  std::array<std::int64_t, 3> lesionBoxMin{0, 0, 0}, lesionBoxMax{0, 0, 0};  // inclusive, CT voxels
  std::int64_t lesionVoxels = 0;
  double lesionFractionInside = 1;  // fraction of the lesion's voxels that fall inside the ROI cube
  std::int64_t paddedVoxels = 0;    // ROI voxels outside the CT (filled with the window's lower bound)
};

struct PmnRoi {
  PmnInput input;
  PmnRoiPlacement placement;
};

// phases: one InputImage per spec phase (matched by InputImage::phase; extra phases ignored), all on the
// grid of `lesionMask` (dims and spacing). lesionMask: non-zero on the lesion, ni * nj * nk values.
// Throws InferenceError naming `source` (e.g. the case or label file) when a phase is missing, the grids
// differ, the mask is empty, or a phase holds NaN or infinite values inside the ROI.
PmnRoi cutPmnRoi(const std::vector<InputImage>& phases, const std::vector<std::uint8_t>& lesionMask,
                 const std::array<std::int64_t, 3>& dims, const std::array<double, 3>& spacingMm,
                 const PmnInputSpec& spec, const std::string& source);

}  // namespace hccws::infer
