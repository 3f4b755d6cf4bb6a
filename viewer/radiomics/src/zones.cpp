// IBSI 1 grey level size zone matrix (4.9) and grey level distance zone matrix (4.10). Zones: connected voxels
// of one grey level, 26-connected in 3D, 8-connected in a slice (2D). Distance of a voxel to the ROI edge:
// city-block steps (6-connected in 3D, 4 in a slice) to the nearest voxel outside the morphological mask or
// outside the image, 1 at the edge; a zone's distance is its smallest. Aggregations: 2D (per slice, averaged),
// 2.5D (slices merged), 3D.
#include "level_matrix.h"

#include <algorithm>
#include <limits>

namespace hccws::radiomics::detail {
namespace {

const LevelMatrixNames kSizeNames = {
    "glszm",
    {{"Small zone emphasis", "5QRC"},
     {"Large zone emphasis", "48P8"},
     {"Low grey level zone emphasis", "XMSY"},
     {"High grey level zone emphasis", "5GN9"},
     {"Small zone low grey level emphasis", "5RAI"},
     {"Small zone high grey level emphasis", "HW1V"},
     {"Large zone low grey level emphasis", "YH51"},
     {"Large zone high grey level emphasis", "J17V"},
     {"Grey level non-uniformity", "JNSA"},
     {"Normalised grey level non-uniformity", "Y1RO"},
     {"Zone size non-uniformity", "4JP3"},
     {"Normalised zone size non-uniformity", "VB3A"},
     {"Zone percentage", "P30P"},
     {"Grey level variance", "BYLV"},
     {"Zone size variance", "3NSA"},
     {"Zone size entropy", "GU8N"},
     {nullptr, nullptr}}};

const LevelMatrixNames kDistanceNames = {
    "gldzm",
    {{"Small distance emphasis", "0GBI"},
     {"Large distance emphasis", "MB4I"},
     {"Low grey level zone emphasis", "S1RA"},
     {"High grey level zone emphasis", "K26C"},
     {"Small distance low grey level emphasis", "RUVG"},
     {"Small distance high grey level emphasis", "DKNJ"},
     {"Large distance low grey level emphasis", "A7WM"},
     {"Large distance high grey level emphasis", "KLTH"},
     {"Grey level non-uniformity", "VFT7"},
     {"Normalised grey level non-uniformity", "7HP3"},
     {"Zone distance non-uniformity", "V294"},
     {"Normalised zone distance non-uniformity", "IATH"},
     {"Zone percentage", "VIWW"},
     {"Grey level variance", "QK93"},
     {"Zone distance variance", "7WT1"},
     {"Zone distance entropy", "GBDU"},
     {nullptr, nullptr}}};

using Offsets = std::vector<std::array<int, 3>>;

// City-block distance to the edge of the morphological mask (0 outside), in 3D or within slices.
std::vector<int> edgeDistance(const Roi& roi, bool inSlice) {
  const Offsets nb = neighbourOffsets(false, roi.sliceAxis, inSlice);
  std::vector<int> dist(roi.size(), 0);
  std::vector<std::size_t> front, next;
  for (long k = 0; k < roi.dims[2]; ++k)
    for (long j = 0; j < roi.dims[1]; ++j)
      for (long i = 0; i < roi.dims[0]; ++i) {
        const std::size_t n = roi.index(i, j, k);
        if (!roi.morph[n]) continue;
        bool edge = false;
        for (const auto& d : nb) {
          const long a = i + d[0], b = j + d[1], c = k + d[2];
          if (!roi.inside(a, b, c) || !roi.morph[roi.index(a, b, c)]) {
            edge = true;
            break;
          }
        }
        if (edge) {
          dist[n] = 1;
          front.push_back(n);
        } else {
          dist[n] = std::numeric_limits<int>::max();
        }
      }
  const long nx = roi.dims[0], nxy = roi.dims[0] * roi.dims[1];
  for (int level = 1; !front.empty(); ++level) {
    next.clear();
    for (std::size_t n : front) {
      const long k = static_cast<long>(n) / nxy, j = (static_cast<long>(n) % nxy) / nx, i = static_cast<long>(n) % nx;
      for (const auto& d : nb) {
        const long a = i + d[0], b = j + d[1], c = k + d[2];
        if (!roi.inside(a, b, c)) continue;
        const std::size_t m = roi.index(a, b, c);
        if (roi.morph[m] && dist[m] > level + 1) {
          dist[m] = level + 1;
          next.push_back(m);
        }
      }
    }
    front.swap(next);
  }
  return dist;
}

// Zones of one slice (slice >= 0, 8-connected) or of the volume (26-connected): adds (level, size) to `size`
// and (level, distance) to `distance`. `seen` (one byte per voxel, zero where the slice has not been labelled)
// is shared by the slices of one pass: they never overlap, so it is allocated once, not once per slice.
void zones(const Roi& roi, long slice, const std::vector<int>& dist, std::vector<std::uint8_t>& seen, LevelMatrix* size,
           LevelMatrix* distance) {
  const bool inSlice = slice >= 0;
  const Offsets nb = neighbourOffsets(true, roi.sliceAxis, inSlice);
  const Bounds b = boundsOf(roi, slice);
  std::vector<std::array<long, 3>> stack;
  for (long k = b.lo[2]; k < b.hi[2]; ++k)
    for (long j = b.lo[1]; j < b.hi[1]; ++j)
      for (long i = b.lo[0]; i < b.hi[0]; ++i) {
        const std::size_t n0 = roi.index(i, j, k);
        const int a = roi.level[n0];
        if (!a || seen[n0]) continue;
        long count = 0;
        int dmin = std::numeric_limits<int>::max();
        seen[n0] = 1;
        stack.push_back({i, j, k});
        while (!stack.empty()) {
          const auto v = stack.back();
          stack.pop_back();
          ++count;
          dmin = std::min(dmin, dist[roi.index(v[0], v[1], v[2])]);
          for (const auto& d : nb) {
            const long x = v[0] + d[0], y = v[1] + d[1], z = v[2] + d[2];
            if (!roi.inside(x, y, z)) continue;
            const std::size_t m = roi.index(x, y, z);
            if (seen[m] || roi.level[m] != a) continue;
            seen[m] = 1;
            stack.push_back({x, y, z});
          }
        }
        if (size) {
          size->add(a, count);
          size->voxels += count;
        }
        if (distance) {
          distance->add(a, std::max(dmin, 1));
          distance->voxels += count;
        }
      }
}

void zoneFamilies(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  // Zones are labelled once per slice (2D) or once (3D); the size and distance matrices come from the same pass.
  std::vector<Feature> sizeOut, distanceOut;
  if (wants(aggs, "2D") || wants(aggs, "2.5D")) {
    const std::vector<int> dist = edgeDistance(roi, true);
    std::vector<LevelMatrix> sizes, distances;
    std::vector<std::uint8_t> seen(roi.size(), 0);
    for (long s = 0; s < sliceCount(roi); ++s) {
      LevelMatrix sz, dz;
      zones(roi, s, dist, seen, &sz, &dz);
      if (!sz.empty()) sizes.push_back(std::move(sz));
      if (!dz.empty()) distances.push_back(std::move(dz));
    }
    for (const char* a : {"2D", "2.5D"}) {
      if (!wants(aggs, a)) continue;
      const bool average = std::string(a) == "2D";
      emitLevelMatrix(kSizeNames, a, sizes, average, sizeOut);
      emitLevelMatrix(kDistanceNames, a, distances, average, distanceOut);
    }
  }
  if (wants(aggs, "3D")) {
    const std::vector<int> dist = edgeDistance(roi, false);
    LevelMatrix sz, dz;
    std::vector<std::uint8_t> seen(roi.size(), 0);
    zones(roi, -1, dist, seen, &sz, &dz);
    emitLevelMatrix(kSizeNames, "3D", {sz}, false, sizeOut);
    emitLevelMatrix(kDistanceNames, "3D", {dz}, false, distanceOut);
  }
  out.insert(out.end(), sizeOut.begin(), sizeOut.end());
  out.insert(out.end(), distanceOut.begin(), distanceOut.end());
}

}  // namespace

void zoneFeatures(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  zoneFamilies(roi, aggs, out);
}

}  // namespace hccws::radiomics::detail
