#include <hccws/render/slice_geometry.h>

#include <vtkMatrix4x4.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::render {

using core::Vec3;

std::string displayName(SliceOrientation o) {
  switch (o) {
    case SliceOrientation::Axial: return "Axial";
    case SliceOrientation::Coronal: return "Coronal";
    case SliceOrientation::Sagittal: return "Sagittal";
  }
  return "Slice";
}

Vec3 SliceAxes::toPlane(const Vec3& p) const { return {core::dot(right, p), core::dot(up, p), core::dot(normal, p)}; }

Vec3 SliceAxes::toWorld(const Vec3& q) const {
  Vec3 p{};
  for (int a = 0; a < 3; ++a) p[a] = q[0] * right[a] + q[1] * up[a] + q[2] * normal[a];
  return p;
}

SliceAxes sliceAxes(SliceOrientation o) {
  SliceAxes ax;
  switch (o) {
    case SliceOrientation::Axial: ax.right = {1, 0, 0}; ax.up = {0, -1, 0}; break;
    case SliceOrientation::Coronal: ax.right = {1, 0, 0}; ax.up = {0, 0, 1}; break;
    case SliceOrientation::Sagittal: ax.right = {0, 1, 0}; ax.up = {0, 0, 1}; break;
  }
  ax.normal = core::cross(ax.right, ax.up);
  return ax;
}

namespace {
// Index axis whose world direction is most parallel to `dir`.
int closestAxis(const core::Geometry& g, const Vec3& dir) {
  int best = 0;
  double bestDot = -1;
  for (int a = 0; a < 3; ++a) {
    const double d = std::abs(core::dot(g.axisDirection(a), dir));
    if (d > bestDot) bestDot = d, best = a;
  }
  return best;
}
}  // namespace

double sliceStepMm(const core::Geometry& g, const Vec3& normal) { return g.spacingMm[closestAxis(g, normal)]; }

SliceGrid sliceGridFor(const core::Geometry& g, const SliceAxes& axes) {
  // Bounds of the voxel-centre box projected on (u, v); half a voxel added so edge voxels show fully.
  double lo[2] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  double hi[2] = {-lo[0], -lo[1]};
  for (int c = 0; c < 8; ++c) {
    const Vec3 ijk{(c & 1) ? g.dims[0] - 0.5 : -0.5, (c & 2) ? g.dims[1] - 0.5 : -0.5,
                   (c & 4) ? g.dims[2] - 0.5 : -0.5};
    const Vec3 uvw = axes.toPlane(g.indexToWorld(ijk));
    for (int a = 0; a < 2; ++a) lo[a] = std::min(lo[a], uvw[a]), hi[a] = std::max(hi[a], uvw[a]);
  }
  SliceGrid grid;
  const Vec3 screen[2] = {axes.right, axes.up};
  for (int a = 0; a < 2; ++a) {
    const double s = g.spacingMm[closestAxis(g, screen[a])];
    grid.spacingMm[a] = s;
    grid.size[a] = std::max(1, static_cast<int>(std::floor((hi[a] - lo[a]) / s + 1e-6)));
    // Centre the raster on the box so an axis-aligned volume samples exactly at voxel centres.
    grid.originUv[a] = 0.5 * (lo[a] + hi[a]) - 0.5 * (grid.size[a] - 1) * s;
  }
  return grid;
}

vtkSmartPointer<vtkMatrix4x4> resliceAxes(const core::Geometry& g, const SliceAxes& axes, double w) {
  // local = D^T (world - origin), world = u*right + v*up + w*normal (plane at depth w, output z = 0).
  const core::Mat3 dt = core::transpose(g.direction);
  const Vec3 cols[3] = {core::matVec(dt, axes.right), core::matVec(dt, axes.up), core::matVec(dt, axes.normal)};
  Vec3 t{};
  for (int a = 0; a < 3; ++a) t[a] = w * axes.normal[a] - g.originLps[a];
  const Vec3 tl = core::matVec(dt, t);
  auto m = vtkSmartPointer<vtkMatrix4x4>::New();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m->SetElement(r, c, cols[c][r]);
    m->SetElement(r, 3, tl[r]);
  }
  return m;
}

char anatomicalLetter(const Vec3& d) {
  int a = 0;
  for (int i = 1; i < 3; ++i)
    if (std::abs(d[i]) > std::abs(d[a])) a = i;
  static constexpr char pos[3] = {'L', 'P', 'S'};
  static constexpr char neg[3] = {'R', 'A', 'I'};
  return d[a] >= 0 ? pos[a] : neg[a];
}

double niceLengthMm(double maxMm) {
  if (!(maxMm > 0)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(maxMm)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= maxMm) return m * p;
  return p;
}

}  // namespace hccws::render
