#include "marching_cubes.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hccws::radiomics::detail {
namespace {

using V3 = std::array<double, 3>;

V3 corner(int c) { return {double(c & 1), double((c >> 1) & 1), double((c >> 2) & 1)}; }
V3 sub(const V3& a, const V3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
V3 crossp(const V3& a, const V3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dotp(const V3& a, const V3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

std::array<std::array<int, 2>, 12> makeEdges() {
  std::array<std::array<int, 2>, 12> e{};
  int n = 0;
  for (int a = 0; a < 8; ++a)
    for (int bit = 1; bit < 8; bit <<= 1)
      if (!(a & bit)) e[n++] = {a, a | bit};
  return e;
}

int edgeId(int a, int b) {
  if (a > b) std::swap(a, b);
  const auto& e = cubeEdges();
  for (int i = 0; i < 12; ++i)
    if (e[i][0] == a && e[i][1] == b) return i;
  throw std::logic_error("marching cubes: not an edge");
}

V3 edgeMid(int e) {
  const auto& ed = cubeEdges()[e];
  const V3 a = corner(ed[0]), b = corner(ed[1]);
  return {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
}

std::vector<std::array<int, 3>> triangulate(int config) {
  auto inside = [config](int c) { return ((config >> c) & 1) != 0; };
  std::array<int, 12> next;
  next.fill(-1);
  auto addSegment = [&](int ea, int eb, const V3& d, const V3& n) {
    const V3 t = sub(edgeMid(eb), edgeMid(ea));
    if (dotp(t, crossp(d, n)) < 0) std::swap(ea, eb);
    if (next[ea] != -1) throw std::logic_error("marching cubes: inconsistent face orientation");
    next[ea] = eb;
  };
  for (int axis = 0; axis < 3; ++axis)
    for (int side = 0; side < 2; ++side) {
      // The face's corners in cyclic order and its outward normal.
      const int u = (axis + 1) % 3, v = (axis + 2) % 3;
      const int base = side << axis;
      const int q[4] = {base, base | (1 << u), base | (1 << u) | (1 << v), base | (1 << v)};
      V3 n{0, 0, 0};
      n[axis] = side ? 1.0 : -1.0;
      int crossing[4], nc = 0;
      for (int s = 0; s < 4; ++s)
        if (inside(q[s]) != inside(q[(s + 1) % 4])) crossing[nc++] = s;
      if (nc == 2) {
        V3 in{0, 0, 0}, out{0, 0, 0};
        for (int s = 0; s < 4; ++s) {
          const V3 p = corner(q[s]);
          V3& acc = inside(q[s]) ? in : out;
          for (int a = 0; a < 3; ++a) acc[a] += p[a];
        }
        int nin = 0;
        for (int s = 0; s < 4; ++s) nin += inside(q[s]);
        V3 dd;  // from the inside corners' centroid to the outside corners'
        for (int a = 0; a < 3; ++a) dd[a] = out[a] / (4 - nin) - in[a] / nin;
        const int s0 = crossing[0], s1 = crossing[1];
        addSegment(edgeId(q[s0], q[(s0 + 1) % 4]), edgeId(q[s1], q[(s1 + 1) % 4]), dd, n);
      } else if (nc == 4) {
        // Two diagonal corners inside: join them across the face (cut each outside corner off on its own).
        for (int s = 0; s < 4; ++s) {
          if (inside(q[s])) continue;
          const int ea = edgeId(q[(s + 3) % 4], q[s]), eb = edgeId(q[s], q[(s + 1) % 4]);
          const V3 ma = edgeMid(ea), mb = edgeMid(eb), c = corner(q[s]);
          const V3 d = {c[0] - (ma[0] + mb[0]) / 2, c[1] - (ma[1] + mb[1]) / 2, c[2] - (ma[2] + mb[2]) / 2};
          addSegment(ea, eb, d, n);
        }
      }
    }
  std::vector<std::array<int, 3>> tris;
  std::array<bool, 12> used{};
  for (int start = 0; start < 12; ++start) {
    if (next[start] == -1 || used[start]) continue;
    std::vector<int> loop;
    for (int e = start; !used[e]; e = next[e]) {
      if (next[e] == -1) throw std::logic_error("marching cubes: open loop");
      used[e] = true;
      loop.push_back(e);
    }
    // A fan from the vertex that gives the largest area (the loops are not planar, so the start matters). With
    // this rule the mesh equals scikit-image's Lewiner marching cubes (used by IBSI's reference implementations)
    // on every configuration whose polygons that table fans; see docs/radiomics.md for the rest.
    std::size_t best = 0;
    double bestArea = -1;
    for (std::size_t s = 0; s < loop.size(); ++s) {
      double a = 0;
      for (std::size_t i = 1; i + 1 < loop.size(); ++i) {
        const V3 p0 = edgeMid(loop[s]), p1 = edgeMid(loop[(s + i) % loop.size()]), p2 = edgeMid(loop[(s + i + 1) % loop.size()]);
        const V3 c = crossp(sub(p1, p0), sub(p2, p0));
        a += std::sqrt(dotp(c, c));
      }
      if (a > bestArea + 1e-12) bestArea = a, best = s;
    }
    std::rotate(loop.begin(), loop.begin() + static_cast<long>(best), loop.end());
    for (std::size_t i = 1; i + 1 < loop.size(); ++i) tris.push_back({loop[0], loop[i], loop[i + 1]});
  }
  return tris;
}

}  // namespace

const std::array<std::array<int, 2>, 12>& cubeEdges() {
  static const auto e = makeEdges();
  return e;
}

const std::vector<std::array<int, 3>>& cubeTriangles(int config) {
  static const std::vector<std::vector<std::array<int, 3>>> table = [] {
    std::vector<std::vector<std::array<int, 3>>> t(256);
    for (int c = 0; c < 256; ++c) t[c] = triangulate(c);
    return t;
  }();
  return table.at(static_cast<std::size_t>(config));
}

MeshSummary meshMask(const std::vector<std::uint8_t>& mask, const std::array<long, 3>& dims,
                     const std::array<double, 3>& spacing) {
  MeshSummary m;
  auto at = [&](long i, long j, long k) -> int {
    if (i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) return 0;
    return mask[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] ? 1 : 0;
  };
  const auto& edges = cubeEdges();
  std::vector<std::uint64_t> keys;
  const std::uint64_t sy = static_cast<std::uint64_t>(2 * dims[1] + 4), sz = static_cast<std::uint64_t>(2 * dims[2] + 4);
  for (long k = -1; k < dims[2]; ++k)
    for (long j = -1; j < dims[1]; ++j)
      for (long i = -1; i < dims[0]; ++i) {
        int config = 0;
        for (int c = 0; c < 8; ++c)
          if (at(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))) config |= 1 << c;
        if (config == 0 || config == 255) continue;
        for (const auto& t : cubeTriangles(config)) {
          V3 p[3];
          for (int q = 0; q < 3; ++q) {
            const auto& ed = edges[t[q]];
            // Half-voxel units: corners at 2 * index, the edge midpoint at their mean.
            const long h[3] = {2 * i + (ed[0] & 1) + (ed[1] & 1), 2 * j + ((ed[0] >> 1) & 1) + ((ed[1] >> 1) & 1),
                               2 * k + ((ed[0] >> 2) & 1) + ((ed[1] >> 2) & 1)};
            for (int a = 0; a < 3; ++a) p[q][a] = h[a] * 0.5 * spacing[a];
            keys.push_back((static_cast<std::uint64_t>(h[0] + 2) * sy + static_cast<std::uint64_t>(h[1] + 2)) * sz +
                           static_cast<std::uint64_t>(h[2] + 2));
          }
          const V3 c = crossp(sub(p[1], p[0]), sub(p[2], p[0]));
          m.area += 0.5 * std::sqrt(dotp(c, c));
          m.volume += dotp(p[0], crossp(p[1], p[2])) / 6.0;
        }
      }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  m.vertices.reserve(keys.size());
  for (std::uint64_t key : keys) {
    const long z = static_cast<long>(key % sz) - 2, y = static_cast<long>((key / sz) % sy) - 2,
               x = static_cast<long>(key / sz / sy) - 2;
    m.vertices.push_back({x, y, z});
  }
  return m;
}

}  // namespace hccws::radiomics::detail
