#pragma once
// Private: the ROI's surface mesh for IBSI's morphology family (IBSI 4.1: a mesh of the mask at iso-level 0.5,
// vertices at edge midpoints). Written here rather than taken from VTK because the imaging core must not link
// VTK and ITK has no mesher for label maps in Debian's build; the case table is derived at start-up from the
// cube's geometry (below) instead of being typed in, so it cannot hold a typo.
//
// Ambiguous faces (two diagonal corners inside) join the inside corners (as the asymptotic decider's tie on a
// 0/1 mask does in scikit-image's Lewiner implementation), the same on both cubes sharing the face, so the mesh
// is closed and consistently oriented (normals point out of the ROI).
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace hccws::radiomics::detail {

// Triangles of one cube configuration (bit c set = corner c inside; corner c at (c&1, c>>1&1, c>>2&1)), as edge
// ids 0..11; edge e joins corners cubeEdges()[e].
const std::vector<std::array<int, 3>>& cubeTriangles(int config);
const std::array<std::array<int, 2>, 12>& cubeEdges();

struct MeshSummary {
  double area = 0;    // mm2
  double volume = 0;  // mm3 (signed tetrahedra: positive for outward normals)
  // Unique vertices in half-voxel units (2 i, 2 j, 2 k; an edge midpoint is odd along its axis).
  std::vector<std::array<long, 3>> vertices;
};

// Mesh of a binary mask (dims, i fastest); voxels outside the box count as outside.
MeshSummary meshMask(const std::vector<std::uint8_t>& mask, const std::array<long, 3>& dims,
                     const std::array<double, 3>& spacing);

}  // namespace hccws::radiomics::detail
