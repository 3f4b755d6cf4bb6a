#include "case_edits.h"

namespace hccws::test {

core::LabelMap caseGrid() {
  core::Geometry g;
  g.dims = {40, 36, 12};
  g.spacingMm = {1.0, 1.0, 2.5};
  g.originLps = {-20, -18, 10};
  core::LabelMap m;
  m.labels = core::Volume<std::uint8_t>(g, 0);
  return m;
}

core::IndexBox editBox(std::uint64_t n) {
  // a small LCG per edit: boxes of 1-12 voxels a side anywhere in the grid
  std::uint64_t x = n * 6364136223846793005ULL + 1442695040888963407ULL;
  auto next = [&](std::size_t mod) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((x >> 33) % mod);
  };
  const core::Dims3 d{40, 36, 12};
  core::IndexBox b;
  for (int a = 0; a < 3; ++a) {
    const std::size_t size = 1 + next(a == 2 ? 4 : 12);
    b.lo[a] = next(d[a] - size + 1);
    b.hi[a] = b.lo[a] + size;
  }
  return b;
}

std::uint8_t editLabel(std::uint64_t n) { return static_cast<std::uint8_t>(n % 4); }  // 0 erases

void applyEdit(std::uint64_t n, core::LabelMap& labels) {
  const core::IndexBox b = editBox(n);
  for (std::size_t k = b.lo[2]; k < b.hi[2]; ++k)
    for (std::size_t j = b.lo[1]; j < b.hi[1]; ++j)
      for (std::size_t i = b.lo[0]; i < b.hi[0]; ++i) labels.labels.at(i, j, k) = editLabel(n);
}

core::LabelMap afterEdits(std::uint64_t count) {
  core::LabelMap m = caseGrid();
  for (std::uint64_t n = 1; n <= count; ++n) applyEdit(n, m);
  return m;
}

}  // namespace hccws::test
