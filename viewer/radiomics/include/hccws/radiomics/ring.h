#pragma once
// The peritumoral ring: the voxels within a given distance (mm, Euclidean in world units: anisotropic grids are
// handled) of the tumour, outside the tumour, cut to the liver when asked. Made with the segment editor's margin
// operation (hccws::core::margin, ITK's Maurer distance on the grid's spacing), so the ring is the same as the
// one a user would grow by hand. The radiomics review in ../shared/docs/science.md reports its best
// microvascular-invasion results with a 6 mm ring (the default).
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>

#include <cstdint>
#include <optional>

namespace hccws::radiomics {

struct RingRequest {
  double widthMm = 6.0;
  std::uint8_t tumourLabel = static_cast<std::uint8_t>(core::StandardLabel::Tumour);
  std::optional<std::uint8_t> liverLabel = static_cast<std::uint8_t>(core::StandardLabel::Liver);  // cut to it
};

// Binary mask (1 = ring) on the labels' grid. Throws std::invalid_argument for a width <= 0 or > 50 mm, or no
// tumour voxel; an empty ring (no liver around the tumour) is returned empty.
core::Volume<std::uint8_t> peritumoralRing(const core::LabelMap& labels, const RingRequest& request,
                                           const core::ProgressSink& progress = {});

// The ring's measured width: for every pair of a ring voxel and a 6-neighbour outside the ring (neither
// tumour nor, with liverLabel, outside the liver: the cut is not the ring's width), the mean of the two voxel
// centres' world distances to the nearest tumour voxel centre (where the boundary between them lies), averaged
// over all such pairs; and the mean voxel size (mm) along those pairs' axes, the unit "half a voxel" refers to.
struct RingWidth {
  double meanMm = 0;
  double meanVoxelExtentMm = 0;
  long long edgeVoxels = 0;  // pairs measured
};
RingWidth measureRingWidth(const core::Volume<std::uint8_t>& ring, const core::LabelMap& labels,
                           std::uint8_t tumourLabel, std::optional<std::uint8_t> liverLabel);

}  // namespace hccws::radiomics
