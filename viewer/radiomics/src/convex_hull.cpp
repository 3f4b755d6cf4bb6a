#include "convex_hull.h"

#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace hccws::radiomics::detail {
namespace {

using P = std::array<long, 3>;

std::int64_t orient(const P& a, const P& b, const P& c, const P& p) {
  const std::int64_t ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
  const std::int64_t vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
  const std::int64_t wx = p[0] - a[0], wy = p[1] - a[1], wz = p[2] - a[2];
  return (uy * vz - uz * vy) * wx + (uz * vx - ux * vz) * wy + (ux * vy - uy * vx) * wz;
}

bool collinear(const P& a, const P& b, const P& c) {
  const std::int64_t ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
  const std::int64_t vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
  return uy * vz - uz * vy == 0 && uz * vx - ux * vz == 0 && ux * vy - uy * vx == 0;
}

struct Face {
  int v[3];
  bool alive = true;
};

std::uint64_t edgeKey(int a, int b) { return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint32_t>(b); }

}  // namespace

HullMeasures convexHull(const std::vector<P>& pts, const std::array<double, 3>& spacing) {
  HullMeasures m;
  const int n = static_cast<int>(pts.size());
  if (n < 4) return m;
  // A first tetrahedron of non-coplanar points.
  int i1 = -1, i2 = -1, i3 = -1;
  for (int i = 1; i < n && i1 < 0; ++i)
    if (pts[i] != pts[0]) i1 = i;
  if (i1 < 0) return m;
  for (int i = 1; i < n && i2 < 0; ++i)
    if (!collinear(pts[0], pts[i1], pts[i])) i2 = i;
  if (i2 < 0) return m;
  for (int i = 1; i < n && i3 < 0; ++i)
    if (orient(pts[0], pts[i1], pts[i2], pts[i]) != 0) i3 = i;
  if (i3 < 0) return m;
  std::vector<Face> faces;
  std::unordered_map<std::uint64_t, int> edgeFace;  // directed edge -> face holding it
  auto addFace = [&](int a, int b, int c) {
    faces.push_back({{a, b, c}});
    const int f = static_cast<int>(faces.size()) - 1;
    edgeFace[edgeKey(a, b)] = f;
    edgeFace[edgeKey(b, c)] = f;
    edgeFace[edgeKey(c, a)] = f;
  };
  int a = 0, b = i1, c = i2;
  if (orient(pts[a], pts[b], pts[c], pts[i3]) > 0) std::swap(b, c);  // faces point away from the fourth point
  addFace(a, b, c);
  addFace(a, i3, b);
  addFace(b, i3, c);
  addFace(c, i3, a);

  std::vector<int> visible;
  std::vector<std::array<int, 2>> horizon;
  for (int p = 0; p < n; ++p) {
    if (p == 0 || p == i1 || p == i2 || p == i3) continue;
    visible.clear();
    for (int f = 0; f < static_cast<int>(faces.size()); ++f)
      if (faces[f].alive && orient(pts[faces[f].v[0]], pts[faces[f].v[1]], pts[faces[f].v[2]], pts[p]) > 0)
        visible.push_back(f);
    if (visible.empty()) continue;
    for (int f : visible) faces[f].alive = false;
    horizon.clear();
    for (int f : visible)
      for (int e = 0; e < 3; ++e) {
        const int u = faces[f].v[e], w = faces[f].v[(e + 1) % 3];
        const auto it = edgeFace.find(edgeKey(w, u));
        if (it != edgeFace.end() && faces[it->second].alive) horizon.push_back({u, w});
      }
    for (int f : visible)
      for (int e = 0; e < 3; ++e) edgeFace.erase(edgeKey(faces[f].v[e], faces[f].v[(e + 1) % 3]));
    for (const auto& h : horizon) addFace(h[0], h[1], p);
  }
  for (const Face& f : faces) {
    if (!f.alive) continue;
    std::array<double, 3> q[3];
    for (int k = 0; k < 3; ++k)
      for (int ax = 0; ax < 3; ++ax) q[k][ax] = pts[f.v[k]][ax] * 0.5 * spacing[ax];
    const double ux = q[1][0] - q[0][0], uy = q[1][1] - q[0][1], uz = q[1][2] - q[0][2];
    const double vx = q[2][0] - q[0][0], vy = q[2][1] - q[0][1], vz = q[2][2] - q[0][2];
    const double cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    m.area += 0.5 * std::sqrt(cx * cx + cy * cy + cz * cz);
    m.volume += (q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) +
                 q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0])) /
                6.0;
  }
  return m;
}

}  // namespace hccws::radiomics::detail
