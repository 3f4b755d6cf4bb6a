#pragma once
// IndexBox: an axis-aligned box of voxel indices, lo inclusive, hi exclusive (empty when any hi <= lo).
// Edits report the box they changed; undo steps store their deltas over one box.
#include <hccws/core/geometry.h>

#include <algorithm>
#include <cstddef>

namespace hccws::core {

struct IndexBox {
  Dims3 lo{0, 0, 0};
  Dims3 hi{0, 0, 0};

  static IndexBox whole(const Dims3& dims) { return {{0, 0, 0}, dims}; }
  bool empty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
  std::size_t voxelCount() const {
    return empty() ? 0 : (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  }
  bool contains(std::size_t i, std::size_t j, std::size_t k) const {
    return i >= lo[0] && i < hi[0] && j >= lo[1] && j < hi[1] && k >= lo[2] && k < hi[2];
  }
  bool containsBox(const IndexBox& b) const {
    if (b.empty()) return true;
    for (int a = 0; a < 3; ++a)
      if (b.lo[a] < lo[a] || b.hi[a] > hi[a]) return false;
    return true;
  }
  // Smallest box holding both (an empty box is neutral).
  IndexBox united(const IndexBox& b) const {
    if (empty()) return b;
    if (b.empty()) return *this;
    IndexBox r;
    for (int a = 0; a < 3; ++a) {
      r.lo[a] = std::min(lo[a], b.lo[a]);
      r.hi[a] = std::max(hi[a], b.hi[a]);
    }
    return r;
  }
  IndexBox clippedTo(const Dims3& dims) const {
    IndexBox r = *this;
    for (int a = 0; a < 3; ++a) {
      r.hi[a] = std::min(r.hi[a], dims[a]);
      r.lo[a] = std::min(r.lo[a], r.hi[a]);
    }
    return r;
  }
  bool operator==(const IndexBox& o) const { return lo == o.lo && hi == o.hi; }
  bool operator!=(const IndexBox& o) const { return !(*this == o); }
};

}  // namespace hccws::core
