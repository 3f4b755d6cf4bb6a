// Connected-component post-processing on plain label buffers (see postprocess.h).
#include <hccws/inference/postprocess.h>

#include <cstdlib>
#include <stdexcept>

namespace hccws::infer {
namespace {

struct Neighbours {
  std::vector<std::array<int, 3>> offsets;
  explicit Neighbours(bool full) {
    for (int dz = -1; dz <= 1; ++dz)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int n = std::abs(dx) + std::abs(dy) + std::abs(dz);
          if (n == 0 || (!full && n > 1)) continue;
          offsets.push_back({dx, dy, dz});
        }
  }
};

void checkSize(std::size_t n, const std::array<std::int64_t, 3>& d) {
  if (static_cast<std::int64_t>(n) != d[0] * d[1] * d[2])
    throw std::invalid_argument("postprocess: buffer size does not match the dims");
}

}  // namespace

std::vector<std::int32_t> labelComponents(const std::vector<std::uint8_t>& mask, const std::array<std::int64_t, 3>& d,
                                          std::vector<std::int64_t>& sizes) {
  checkSize(mask.size(), d);
  const Neighbours nb(true);
  std::vector<std::int32_t> comp(mask.size(), 0);
  sizes.assign(1, 0);
  std::vector<std::int64_t> stack;
  for (std::int64_t start = 0; start < static_cast<std::int64_t>(mask.size()); ++start) {
    if (!mask[static_cast<std::size_t>(start)] || comp[static_cast<std::size_t>(start)]) continue;
    const auto id = static_cast<std::int32_t>(sizes.size());
    sizes.push_back(0);
    stack.push_back(start);
    comp[static_cast<std::size_t>(start)] = id;
    while (!stack.empty()) {
      const std::int64_t v = stack.back();
      stack.pop_back();
      ++sizes.back();
      const std::int64_t x = v % d[0], y = (v / d[0]) % d[1], z = v / (d[0] * d[1]);
      for (const auto& o : nb.offsets) {
        const std::int64_t nx = x + o[0], ny = y + o[1], nz = z + o[2];
        if (nx < 0 || ny < 0 || nz < 0 || nx >= d[0] || ny >= d[1] || nz >= d[2]) continue;
        const auto w = static_cast<std::size_t>(nx + d[0] * (ny + d[1] * nz));
        if (mask[w] && !comp[w]) {
          comp[w] = id;
          stack.push_back(static_cast<std::int64_t>(w));
        }
      }
    }
  }
  return comp;
}

PostprocessReport postprocessLabels(std::vector<std::uint8_t>& labels, const std::array<std::int64_t, 3>& d,
                                    const PostprocessOptions& o) {
  checkSize(labels.size(), d);
  PostprocessReport r;
  std::vector<std::int64_t> sizes;
  if (o.largestLiverComponent) {
    // Liver including its tumours: a tumour on the liver surface must not split the organ.
    std::vector<std::uint8_t> organ(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) organ[i] = labels[i] == o.liverLabel || labels[i] == o.tumourLabel;
    const auto comp = labelComponents(organ, d, sizes);
    r.liverComponents = static_cast<std::int64_t>(sizes.size()) - 1;
    std::int32_t keep = 0;
    for (std::size_t c = 1; c < sizes.size(); ++c)
      if (keep == 0 || sizes[c] > sizes[static_cast<std::size_t>(keep)]) keep = static_cast<std::int32_t>(c);
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (comp[i] && comp[i] != keep) {
        labels[i] = 0;
        ++r.removedLiverVoxels;
      }
  }
  if (o.tumourInsideLiver) {
    std::vector<std::uint8_t> tumour(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) tumour[i] = labels[i] == o.tumourLabel;
    const auto comp = labelComponents(tumour, d, sizes);
    r.tumourComponents = static_cast<std::int64_t>(sizes.size()) - 1;
    std::vector<char> touches(sizes.size(), 0);
    const Neighbours face(false);
    for (std::int64_t v = 0; v < static_cast<std::int64_t>(labels.size()); ++v) {
      const auto c = comp[static_cast<std::size_t>(v)];
      if (!c || touches[static_cast<std::size_t>(c)]) continue;
      const std::int64_t x = v % d[0], y = (v / d[0]) % d[1], z = v / (d[0] * d[1]);
      for (const auto& off : face.offsets) {
        const std::int64_t nx = x + off[0], ny = y + off[1], nz = z + off[2];
        if (nx < 0 || ny < 0 || nz < 0 || nx >= d[0] || ny >= d[1] || nz >= d[2]) continue;
        if (labels[static_cast<std::size_t>(nx + d[0] * (ny + d[1] * nz))] == o.liverLabel) {
          touches[static_cast<std::size_t>(c)] = 1;
          break;
        }
      }
    }
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (comp[i] && !touches[static_cast<std::size_t>(comp[i])]) {
        labels[i] = 0;
        ++r.removedTumourVoxels;
      }
  }
  return r;
}

}  // namespace hccws::infer
