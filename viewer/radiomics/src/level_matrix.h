#pragma once
// Private: the matrices of GLRLM, GLSZM, GLDZM and NGLDM share one shape (grey level i x "size" j: run length,
// zone size, zone distance, dependence count) and one set of 16 features (IBSI 4.8-4.12 use the same formulas
// under different names). This holds the sparse counts and computes those features once for all four.
#include "families.h"

#include <cstdint>
#include <unordered_map>

namespace hccws::radiomics::detail {

struct LevelMatrix {
  std::unordered_map<std::uint64_t, double> counts;  // key: level << 32 | j
  double voxels = 0;  // Nv: voxels the matrix describes (summed over merged matrices)
  void add(int level, long j, double c = 1.0) {
    counts[(static_cast<std::uint64_t>(level) << 32) | static_cast<std::uint64_t>(j)] += c;
  }
  void merge(const LevelMatrix& o) {
    for (const auto& [k, c] : o.counts) counts[k] += c;
    voxels += o.voxels;
  }
  bool empty() const { return counts.empty(); }
};

struct LevelMatrixNames {
  const char* family;
  // 16 (name, code) pairs in the order: small j emphasis, large j emphasis, low grey level emphasis, high grey
  // level emphasis, small-low, small-high, large-low, large-high, grey level non-uniformity, its normalised
  // form, j non-uniformity, its normalised form, percentage, grey level variance, j variance, j entropy; and a
  // 17th (energy) for NGLDM, nullptr otherwise.
  const char* names[17][2];
};

// Features of one matrix: 16 or 17 values; false when the matrix is empty.
bool levelMatrixFeatures(const LevelMatrix& m, bool withEnergy, std::vector<double>& f);

// Emits one aggregation: `units` are the matrices of the aggregation's units. average: features per unit,
// averaged (2D, *:avg); otherwise one merged matrix (2.5D, 3D, *:mrg).
void emitLevelMatrix(const LevelMatrixNames& names, const std::string& aggregation,
                     const std::vector<LevelMatrix>& units, bool average, std::vector<Feature>& out);

}  // namespace hccws::radiomics::detail
