#pragma once
// Private: the region of interest after IBSI's image processing (interpolation, re-segmentation,
// discretisation), cropped to the ROI's bounding box plus a margin wide enough for the local-intensity
// sphere. Every family reads this one structure.
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/radiomics/settings.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hccws::radiomics::detail {

// Texture matrices are dense in the grey levels (a GLCM is Ng x Ng): more levels than this are refused.
constexpr int kMaxGreyLevels = 1024;

struct Roi {
  std::array<long, 3> dims{0, 0, 0};       // cropped box
  std::array<double, 3> spacing{1, 1, 1};  // mm
  std::vector<float> image;                // every voxel of the box (also outside the ROI)
  std::vector<std::uint8_t> morph;         // morphological mask (the ROI)
  std::vector<std::uint8_t> intensity;     // intensity mask (ROI after re-segmentation)
  std::vector<int> level;                  // discretised grey level 1..ng inside the intensity mask, else 0
  int ng = 0;
  double levelLower = 0, levelWidth = 1;   // level l covers [lower + (l-1) width, lower + l width)
  int sliceAxis = 2;

  std::size_t index(long i, long j, long k) const {
    return static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k));
  }
  bool inside(long i, long j, long k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2];
  }
  std::size_t size() const { return image.size(); }
  double voxelVolume() const { return spacing[0] * spacing[1] * spacing[2]; }
  long long countMorph() const;
  long long countIntensity() const;
};

// Throws std::invalid_argument (mask on another grid, empty ROI, nothing left after re-segmentation).
Roi prepareRoi(const core::FloatVolume& image, const core::Volume<std::uint8_t>& mask, const Settings& s,
               const core::ProgressScope& progress);

// The ROI's intensities (intensity mask), in box order.
std::vector<double> roiIntensities(const Roi& roi);

// Voxel bounds [lo, hi) of one slice along the ROI's slice axis (slice >= 0), or of the whole box (slice < 0).
struct Bounds {
  long lo[3], hi[3];
};
Bounds boundsOf(const Roi& roi, long slice);

// Neighbour offsets of a voxel: Chebyshev distance 1 (full: 26, or 8 in a slice) or city-block distance 1 (6, or
// 4 in a slice); a slice is normal to `sliceAxis`.
std::vector<std::array<int, 3>> neighbourOffsets(bool full, int sliceAxis, bool inSlice);

// Neighbour offsets: the 13 unique directions of a 26-neighbourhood (IBSI's order is irrelevant for the
// features: they are symmetric), and those lying in the slice plane normal to `sliceAxis` (4).
const std::vector<std::array<int, 3>>& directions3d();
std::vector<std::array<int, 3>> directions2d(int sliceAxis);

}  // namespace hccws::radiomics::detail
