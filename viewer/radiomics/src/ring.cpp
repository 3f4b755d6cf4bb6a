#include <hccws/radiomics/ring.h>

#include <hccws/core/label_edit.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace hccws::radiomics {

core::Volume<std::uint8_t> peritumoralRing(const core::LabelMap& labels, const RingRequest& request,
                                           const core::ProgressSink& progress) {
  if (!(request.widthMm > 0 && request.widthMm <= 50))
    throw std::invalid_argument("peritumoral ring: width " + std::to_string(request.widthMm) +
                                " mm must lie in (0, 50]");
  const auto& src = labels.labels.buffer();
  bool any = false;
  for (std::uint8_t v : src) any = any || v == request.tumourLabel;
  if (!any) throw std::invalid_argument("peritumoral ring: the segmentation has no tumour voxel");
  core::LabelMap work;
  work.labels = labels.labels;
  work.table = labels.table;
  for (auto& e : work.table.entries()) e.locked = false;  // the copy only measures; locks guard the user's map
  core::EditRules rules;
  rules.label = request.tumourLabel;
  if (request.liverLabel) rules.editable = {*request.liverLabel};
  core::margin(work, request.widthMm, rules, nullptr, progress);
  core::Volume<std::uint8_t> ring(labels.labels.geometry(), 0);
  const auto& grown = work.labels.buffer();
  for (std::size_t n = 0; n < src.size(); ++n)
    ring.buffer()[n] = (grown[n] == request.tumourLabel && src[n] != request.tumourLabel) ? 1 : 0;
  return ring;
}

RingWidth measureRingWidth(const core::Volume<std::uint8_t>& ring, const core::LabelMap& labels,
                           std::uint8_t tumourLabel, std::optional<std::uint8_t> liverLabel) {
  const core::Geometry& g = ring.geometry();
  const auto& lab = labels.labels.buffer();
  const long nx = static_cast<long>(g.dims[0]), ny = static_cast<long>(g.dims[1]), nz = static_cast<long>(g.dims[2]);
  auto idx = [&](long i, long j, long k) { return static_cast<std::size_t>(i + nx * (j + ny * k)); };
  const long d6[6][3] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
  // Tumour surface voxels (the nearest tumour voxel centre to an outside point is always one of them).
  std::vector<std::array<double, 3>> surface;
  for (long k = 0; k < nz; ++k)
    for (long j = 0; j < ny; ++j)
      for (long i = 0; i < nx; ++i) {
        if (lab[idx(i, j, k)] != tumourLabel) continue;
        bool edge = false;
        for (const auto& d : d6) {
          const long a = i + d[0], b = j + d[1], c = k + d[2];
          edge = edge || !g.containsIndex(a, b, c) || lab[idx(a, b, c)] != tumourLabel;
        }
        if (edge) surface.push_back({i * g.spacingMm[0], j * g.spacingMm[1], k * g.spacingMm[2]});
      }
  auto nearest = [&](long i, long j, long k) {
    const std::array<double, 3> p{i * g.spacingMm[0], j * g.spacingMm[1], k * g.spacingMm[2]};
    double best = std::numeric_limits<double>::max();
    for (const auto& s : surface) {
      const double dx = p[0] - s[0], dy = p[1] - s[1], dz = p[2] - s[2];
      best = std::min(best, dx * dx + dy * dy + dz * dz);
    }
    return std::sqrt(best);
  };
  RingWidth w;
  double sum = 0, extent = 0;
  for (long k = 0; k < nz; ++k)
    for (long j = 0; j < ny; ++j)
      for (long i = 0; i < nx; ++i) {
        if (!ring.buffer()[idx(i, j, k)]) continue;
        double dIn = -1;
        for (int q = 0; q < 6; ++q) {
          const long a = i + d6[q][0], b = j + d6[q][1], c = k + d6[q][2];
          if (!g.containsIndex(a, b, c)) continue;
          const std::size_t m = idx(a, b, c);
          const bool cut = liverLabel && lab[m] != *liverLabel && lab[m] != tumourLabel;
          if (ring.buffer()[m] || lab[m] == tumourLabel || cut) continue;
          // The outer boundary lies between this ring voxel and its outside neighbour: take the mean of their
          // distances to the tumour (an unbiased estimate of the boundary's distance on any spacing).
          if (dIn < 0) dIn = nearest(i, j, k);
          sum += (dIn + nearest(a, b, c)) / 2;
          extent += g.spacingMm[q / 2];
          ++w.edgeVoxels;
        }
      }
  if (w.edgeVoxels) {
    w.meanMm = sum / w.edgeVoxels;
    w.meanVoxelExtentMm = extent / w.edgeVoxels;
  }
  return w;
}

}  // namespace hccws::radiomics
