// IBSI 1 grey level run length matrix (4.8). Runs along each of the 13 directions (3D) or the 4 in-slice
// directions (2D); aggregations as for the GLCM. Nv of a merged matrix is the sum of its parts' Nv (IBSI note
// on run percentage).
#include "level_matrix.h"

namespace hccws::radiomics::detail {
namespace {

const LevelMatrixNames kNames = {
    "glrlm",
    {{"Short runs emphasis", "22OV"},
     {"Long runs emphasis", "W4KF"},
     {"Low grey level run emphasis", "V3SW"},
     {"High grey level run emphasis", "G3QZ"},
     {"Short run low grey level emphasis", "HTZT"},
     {"Short run high grey level emphasis", "GD3A"},
     {"Long run low grey level emphasis", "IVPO"},
     {"Long run high grey level emphasis", "3KUM"},
     {"Grey level non-uniformity", "R5YN"},
     {"Normalised grey level non-uniformity", "OVBL"},
     {"Run length non-uniformity", "W92Y"},
     {"Normalised run length non-uniformity", "IC23"},
     {"Run percentage", "9ZK5"},
     {"Grey level variance", "8CE5"},
     {"Run length variance", "SXLW"},
     {"Run entropy", "HJ9O"},
     {nullptr, nullptr}}};

// Runs along d; slice >= 0 keeps one slice (d must lie in the slice plane then).
LevelMatrix runs(const Roi& roi, const std::array<int, 3>& d, long slice) {
  LevelMatrix m;
  const Bounds b = boundsOf(roi, slice);
  for (long k = b.lo[2]; k < b.hi[2]; ++k)
    for (long j = b.lo[1]; j < b.hi[1]; ++j)
      for (long i = b.lo[0]; i < b.hi[0]; ++i) {
        const int a = roi.level[roi.index(i, j, k)];
        if (!a) continue;
        m.voxels += 1;
        // A run starts where the previous voxel along d is outside or of another level.
        const long pi = i - d[0], pj = j - d[1], pk = k - d[2];
        if (roi.inside(pi, pj, pk) && roi.level[roi.index(pi, pj, pk)] == a) continue;
        long len = 1, ni = i + d[0], nj = j + d[1], nk = k + d[2];
        while (roi.inside(ni, nj, nk) && roi.level[roi.index(ni, nj, nk)] == a) {
          ++len;
          ni += d[0], nj += d[1], nk += d[2];
        }
        m.add(a, len);
      }
  return m;
}

}  // namespace

void glrlmFeatures(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  if (wants(aggs, "2D:avg") || wants(aggs, "2D:mrg") || wants(aggs, "2.5D:avg") || wants(aggs, "2.5D:mrg")) {
    const auto dirs = directions2d(roi.sliceAxis);
    std::vector<LevelMatrix> units, sliceMerged, dirMerged(dirs.size());
    for (long s = 0; s < sliceCount(roi); ++s) {
      LevelMatrix perSlice;
      for (std::size_t q = 0; q < dirs.size(); ++q) {
        LevelMatrix m = runs(roi, dirs[q], s);
        if (m.empty()) continue;
        perSlice.merge(m);
        dirMerged[q].merge(m);
        units.push_back(std::move(m));
      }
      if (!perSlice.empty()) sliceMerged.push_back(std::move(perSlice));
    }
    if (wants(aggs, "2D:avg")) emitLevelMatrix(kNames, "2D:avg", units, true, out);
    if (wants(aggs, "2D:mrg")) emitLevelMatrix(kNames, "2D:mrg", sliceMerged, true, out);
    if (wants(aggs, "2.5D:avg")) emitLevelMatrix(kNames, "2.5D:avg", dirMerged, true, out);
    if (wants(aggs, "2.5D:mrg")) emitLevelMatrix(kNames, "2.5D:mrg", units, false, out);
  }
  if (wants(aggs, "3D:avg") || wants(aggs, "3D:mrg")) {
    std::vector<LevelMatrix> units;
    for (const auto& d : directions3d()) units.push_back(runs(roi, d, -1));
    if (wants(aggs, "3D:avg")) emitLevelMatrix(kNames, "3D:avg", units, true, out);
    if (wants(aggs, "3D:mrg")) emitLevelMatrix(kNames, "3D:mrg", units, false, out);
  }
}

}  // namespace hccws::radiomics::detail
