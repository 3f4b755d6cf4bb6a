#include <hccws/core/measurements.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <climits>
#include <map>
#include <stdexcept>

namespace hccws::core {

namespace {

using P2 = std::array<long, 2>;

long cross2(const P2& o, const P2& a, const P2& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

// Andrew's monotone chain on integer points: exact, O(n log n). Returns the hull vertices (collinear
// points dropped); a single point or a segment comes back as its extreme points.
std::vector<P2> convexHull(std::vector<P2> pts) {
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.size() <= 2) return pts;
  std::vector<P2> h(2 * pts.size());
  std::size_t k = 0;
  for (const auto& p : pts) {
    while (k >= 2 && cross2(h[k - 2], h[k - 1], p) <= 0) --k;
    h[k++] = p;
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross2(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
    h[k++] = pts[i];
  }
  h.resize(k - 1);
  return h;
}

// Width of a voxel along unit direction u given in scaled-index (mm) coordinates.
double voxelWidth(const Vec3& u, const Vec3& s) {
  const double q = (u[0] / s[0]) * (u[0] / s[0]) + (u[1] / s[1]) * (u[1] / s[1]) + (u[2] / s[2]) * (u[2] / s[2]);
  return q > 0 ? 1.0 / std::sqrt(q) : std::max({s[0], s[1], s[2]});
}

// Boundary voxels of an object (6-neighbourhood), grouped by slice k, as integer (i, j) points.
std::map<long, std::vector<P2>> boundaryBySlice(const Geometry& g, const std::vector<std::size_t>& voxels) {
  std::map<long, std::vector<P2>> out;
  if (voxels.empty()) return out;
  const std::size_t nx = g.dims[0], nxy = g.dims[0] * g.dims[1];
  std::array<long, 3> lo{LONG_MAX, LONG_MAX, LONG_MAX}, hi{LONG_MIN, LONG_MIN, LONG_MIN};
  for (std::size_t v : voxels) {
    const long c[3] = {long(v % nx), long((v / nx) % g.dims[1]), long(v / nxy)};
    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a]);
  }
  // A mask of the bounding box padded by one voxel, so that every neighbour test is in range.
  const long bx = hi[0] - lo[0] + 3, by = hi[1] - lo[1] + 3, bz = hi[2] - lo[2] + 3;
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(bx * by * bz), 0);
  auto at = [&](long i, long j, long k) { return static_cast<std::size_t>((i + 1) + bx * ((j + 1) + by * (k + 1))); };
  for (std::size_t v : voxels)
    mask[at(long(v % nx) - lo[0], long((v / nx) % g.dims[1]) - lo[1], long(v / nxy) - lo[2])] = 1;
  for (std::size_t v : voxels) {
    const long i = long(v % nx) - lo[0], j = long((v / nx) % g.dims[1]) - lo[1], k = long(v / nxy) - lo[2];
    const std::size_t c = at(i, j, k);
    const bool boundary = !mask[c - 1] || !mask[c + 1] || !mask[c - bx] || !mask[c + bx] ||
                          !mask[c - bx * by] || !mask[c + bx * by];
    if (boundary) out[k + lo[2]].push_back({i + lo[0], j + lo[1]});
  }
  return out;
}

}  // namespace

double largestDiameter3dMm(const Geometry& g, const std::vector<std::size_t>& voxels) {
  if (voxels.empty()) return 0;
  const Vec3& s = g.spacingMm;
  // Every vertex of the 3D convex hull is a vertex of its slice's 2D hull, so these are all candidates.
  std::vector<Vec3> cand;
  for (auto& [k, pts] : boundaryBySlice(g, voxels))
    for (const auto& p : convexHull(pts)) cand.push_back({p[0] * s[0], p[1] * s[1], k * s[2]});
  Vec3 c{0, 0, 0};
  for (const auto& p : cand)
    for (int a = 0; a < 3; ++a) c[a] += p[a] / cand.size();
  std::vector<std::pair<double, Vec3>> byRadius;
  for (const auto& p : cand) byRadius.push_back({norm({p[0] - c[0], p[1] - c[1], p[2] - c[2]}), p});
  std::sort(byRadius.begin(), byRadius.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  double best = 0;
  Vec3 bestDir{0, 0, 0};
  for (std::size_t i = 0; i < byRadius.size(); ++i) {
    if (byRadius[i].first + byRadius[0].first <= best) break;
    for (std::size_t j = i + 1; j < byRadius.size(); ++j) {
      if (byRadius[i].first + byRadius[j].first <= best) break;  // triangle inequality through the centroid
      const Vec3& p = byRadius[i].second;
      const Vec3& q = byRadius[j].second;
      const Vec3 d{q[0] - p[0], q[1] - p[1], q[2] - p[2]};
      const double l = norm(d);
      if (l > best) best = l, bestDir = {d[0] / l, d[1] / l, d[2] / l};
    }
  }
  return best + voxelWidth(bestDir, s);
}

double largestAxialDiameterMm(const Geometry& g, const std::vector<std::size_t>& voxels) {
  if (voxels.empty()) return 0;
  const Vec3& s = g.spacingMm;
  double bestTotal = 0;
  for (auto& [k, pts] : boundaryBySlice(g, voxels)) {
    const auto hull = convexHull(pts);
    double best = 0;
    Vec3 dir{0, 0, 0};
    for (std::size_t a = 0; a < hull.size(); ++a)
      for (std::size_t b = a + 1; b < hull.size(); ++b) {
        const double dx = (hull[b][0] - hull[a][0]) * s[0], dy = (hull[b][1] - hull[a][1]) * s[1];
        const double l = std::sqrt(dx * dx + dy * dy);
        if (l > best) best = l, dir = {dx / l, dy / l, 0};
      }
    const double w = best > 0 ? voxelWidth(dir, s) : std::max(s[0], s[1]);
    bestTotal = std::max(bestTotal, best + w);
  }
  return bestTotal;
}

std::string Measurements::source(LabelRole role) const {
  const bool measured = role == LabelRole::Liver ? liverMeasured : role == LabelRole::Tumour ? tumourMeasured : pvttMeasured;
  if (!measured) return std::string("not measured: no ") + roleName(role) + " segment in this segmentation";
  return roles.describe(role) + " of this segmentation";
}

Measurements measure(const LabelMap& labelMap, const MeasurementOptions& options) {
  const auto& vol = labelMap.labels;
  const Geometry& g = vol.geometry();
  const double voxelMl = g.voxelVolumeMm3() / 1000.0;
  Measurements m;
  m.options = options;
  m.roles = resolveLabelRoles(labelMap.table);
  if (options.liverLabel) overrideRole(m.roles, LabelRole::Liver, *options.liverLabel, labelMap.table);
  if (options.tumourLabel) overrideRole(m.roles, LabelRole::Tumour, *options.tumourLabel, labelMap.table);
  if (options.pvttLabel) overrideRole(m.roles, LabelRole::Pvtt, *options.pvttLabel, labelMap.table);
  m.liverMeasured = m.roles.has(LabelRole::Liver);
  m.tumourMeasured = m.roles.has(LabelRole::Tumour);
  m.pvttMeasured = m.roles.has(LabelRole::Pvtt);
  std::array<std::uint8_t, 256> isLiver{}, isTumour{}, isPvtt{};
  for (const auto& s : m.roles.liver) isLiver[s.value] = 1;
  for (const auto& s : m.roles.tumour) isTumour[s.value] = 1;
  for (const auto& s : m.roles.pvtt) isPvtt[s.value] = 1;

  std::size_t liver = 0, pvtt = 0;
  std::array<long, 3> lo{LONG_MAX, LONG_MAX, LONG_MAX}, hi{-1, -1, -1};
  const std::uint8_t* d = vol.data();
  const long nx = long(g.dims[0]), ny = long(g.dims[1]), nz = long(g.dims[2]);
  for (long k = 0, v = 0; k < nz; ++k)
    for (long j = 0; j < ny; ++j)
      for (long i = 0; i < nx; ++i, ++v) {
        const std::uint8_t l = d[v];
        liver += isLiver[l];
        pvtt += isPvtt[l];
        if (isTumour[l]) {
          lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
          hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
        }
      }
  m.liverVolumeMl = liver * voxelMl;
  m.pvttVolumeMl = pvtt * voxelMl;
  m.pvttPresent = pvtt > 0;
  // The inside-the-liver rule needs a liver that was drawn: an empty liver segment checks nothing.
  m.countedInsideLiver = m.liverMeasured && liver > 0;

  // Does one of these voxels have a liver voxel among its 6 face neighbours (anywhere in the grid)?
  auto touchesLiver = [&](const std::vector<std::size_t>& voxels) {
    for (std::size_t v : voxels) {
      const long i = long(v % g.dims[0]), j = long((v / g.dims[0]) % g.dims[1]), k = long(v / (g.dims[0] * g.dims[1]));
      if ((i > 0 && isLiver[d[v - 1]]) || (i + 1 < nx && isLiver[d[v + 1]]) ||
          (j > 0 && isLiver[d[v - nx]]) || (j + 1 < ny && isLiver[d[v + nx]]) ||
          (k > 0 && isLiver[d[v - nx * ny]]) || (k + 1 < nz && isLiver[d[v + nx * ny]]))
        return true;
    }
    return false;
  };

  if (hi[0] >= 0) {
    // Flood fill inside the tumour bounding box only (volumes can be 512x512x500 with a small tumour).
    const long bx = hi[0] - lo[0] + 1, by = hi[1] - lo[1] + 1, bz = hi[2] - lo[2] + 1;
    std::vector<std::uint8_t> seen(static_cast<std::size_t>(bx * by * bz), 0);
    const bool full = options.connectivity == Connectivity::Full26;
    std::vector<std::array<long, 3>> stack;
    std::vector<TumourMeasurement> found, outside;
    for (long k = 0; k < bz; ++k)
      for (long j = 0; j < by; ++j)
        for (long i = 0; i < bx; ++i) {
          const std::size_t b = static_cast<std::size_t>(i + bx * (j + by * k));
          if (seen[b] || !isTumour[d[g.linearIndex(i + lo[0], j + lo[1], k + lo[2])]]) continue;
          std::vector<std::size_t> voxels;
          seen[b] = 1;
          stack.push_back({i, j, k});
          while (!stack.empty()) {
            const auto c = stack.back();
            stack.pop_back();
            voxels.push_back(g.linearIndex(c[0] + lo[0], c[1] + lo[1], c[2] + lo[2]));
            for (long dz = -1; dz <= 1; ++dz)
              for (long dy = -1; dy <= 1; ++dy)
                for (long dx = -1; dx <= 1; ++dx) {
                  const int nonZero = (dx != 0) + (dy != 0) + (dz != 0);
                  if (nonZero == 0 || (!full && nonZero > 1)) continue;
                  const long x = c[0] + dx, y = c[1] + dy, z = c[2] + dz;
                  if (x < 0 || y < 0 || z < 0 || x >= bx || y >= by || z >= bz) continue;
                  const std::size_t nb = static_cast<std::size_t>(x + bx * (y + by * z));
                  if (seen[nb] || !isTumour[d[g.linearIndex(x + lo[0], y + lo[1], z + lo[2])]]) continue;
                  seen[nb] = 1;
                  stack.push_back({x, y, z});
                }
          }
          const double ml = voxels.size() * voxelMl;
          if (ml < options.minTumourMl) {
            ++m.ignoredComponents;
            m.ignoredVolumeMl += ml;
            continue;
          }
          TumourMeasurement t;
          t.voxels = voxels.size();
          t.volumeMl = ml;
          Vec3 sum{0, 0, 0};
          for (std::size_t v : voxels) {
            const Vec3 ijk{double(v % g.dims[0]), double((v / g.dims[0]) % g.dims[1]),
                           double(v / (g.dims[0] * g.dims[1]))};
            for (int a = 0; a < 3; ++a) sum[a] += ijk[a];
          }
          t.centroidLps = g.indexToWorld({sum[0] / voxels.size(), sum[1] / voxels.size(), sum[2] / voxels.size()});
          t.diameter3dMm = largestDiameter3dMm(g, voxels);
          t.axialDiameterMm = largestAxialDiameterMm(g, voxels);
          t.touchesLiver = m.countedInsideLiver && touchesLiver(voxels);
          if (options.keepVoxelIndices) t.voxelIndices = std::move(voxels);
          (m.countedInsideLiver && !t.touchesLiver ? outside : found).push_back(t);
        }
    const auto byVolume = [](const auto& a, const auto& b) { return a.voxels > b.voxels; };
    std::stable_sort(found.begin(), found.end(), byVolume);
    std::stable_sort(outside.begin(), outside.end(), byVolume);
    for (std::size_t n = 0; n < found.size(); ++n) {
      found[n].id = static_cast<int>(n + 1);
      m.tumourVolumeMl += found[n].volumeMl;
      m.largestDiameter3dMm = std::max(m.largestDiameter3dMm, found[n].diameter3dMm);
      m.largestAxialDiameterMm = std::max(m.largestAxialDiameterMm, found[n].axialDiameterMm);
    }
    for (std::size_t n = 0; n < outside.size(); ++n) outside[n].id = static_cast<int>(n + 1);
    m.tumourCount = static_cast<int>(found.size());
    m.tumours = std::move(found);
    m.outsideLiver = std::move(outside);
  }
  const double total = m.liverVolumeMl + m.tumourVolumeMl;
  m.tumourBurdenPercent = total > 0 ? 100.0 * m.tumourVolumeMl / total : 0.0;
  return m;
}

}  // namespace hccws::core
