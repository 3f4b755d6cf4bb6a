#pragma once
// Private: the convex hull of lattice points (mesh vertices in half-voxel units) for IBSI's convex-hull volume
// and area densities. Incremental construction with exact integer orientation tests (the points are on a
// lattice, so 64-bit determinants are exact and coplanar points are common). No library in the allowed set
// offers a 3D hull without VTK (which the imaging core must not link), hence this small implementation.
#include <array>
#include <vector>

namespace hccws::radiomics::detail {

struct HullMeasures {
  double volume = 0;  // mm3
  double area = 0;    // mm2
};

// Points in half-voxel units; spacing converts to mm (a positive scaling of each axis keeps the hull's faces).
// Fewer than 4 non-coplanar points: volume and area 0.
HullMeasures convexHull(const std::vector<std::array<long, 3>>& points, const std::array<double, 3>& spacing);

}  // namespace hccws::radiomics::detail
