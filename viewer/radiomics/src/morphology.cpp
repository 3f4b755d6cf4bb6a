// IBSI 1 morphological features (4.1): mesh volume and area from the marching-cubes mesh of the morphological
// mask, voxel-counting volume, shape ratios, maximum 3D diameter (between mesh vertices), principal-component
// axis lengths of the voxel centres, bounding-box and enclosing-ellipsoid densities, integrated intensity,
// convex-hull densities, Moran's I and Geary's C. Not computed (IBSI gives no consensus value): the oriented
// minimum bounding box and minimum-volume enclosing ellipsoid densities (OMBB, MVEE).
#include "families.h"
#include "convex_hull.h"
#include "marching_cubes.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace hccws::radiomics::detail {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using P2 = std::array<long, 2>;

long cross2(const P2& o, const P2& a, const P2& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

// Strict vertices of the 2D convex hull (Andrew's monotone chain, collinear points dropped); pts sorted.
std::vector<std::size_t> hull2d(const std::vector<std::pair<P2, std::size_t>>& pts) {
  if (pts.size() < 3) {
    std::vector<std::size_t> all;
    for (const auto& p : pts) all.push_back(p.second);
    return all;
  }
  std::vector<std::size_t> h(2 * pts.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (k >= 2 && cross2(pts[h[k - 2]].first, pts[h[k - 1]].first, pts[i].first) <= 0) --k;
    h[k++] = i;
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross2(pts[h[k - 2]].first, pts[h[k - 1]].first, pts[i].first) <= 0) --k;
    h[k++] = i;
  }
  h.resize(k - 1);
  std::vector<std::size_t> out;
  for (std::size_t i : h) out.push_back(pts[i].second);
  return out;
}

// Vertices that can be vertices of the 3D convex hull: a point inside the 2D hull of its plane (along any
// axis) is a convex combination of others, so only points on all three planar hulls remain.
std::vector<std::size_t> hullCandidates(const std::vector<std::array<long, 3>>& v) {
  std::vector<int> votes(v.size(), 0);
  for (int axis = 0; axis < 3; ++axis) {
    const int u = (axis + 1) % 3, w = (axis + 2) % 3;
    std::map<long, std::vector<std::pair<P2, std::size_t>>> planes;
    for (std::size_t n = 0; n < v.size(); ++n) planes[v[n][axis]].push_back({{v[n][u], v[n][w]}, n});
    for (auto& [key, pts] : planes) {
      std::sort(pts.begin(), pts.end());
      for (std::size_t n : hull2d(pts)) ++votes[n];
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t n = 0; n < v.size(); ++n)
    if (votes[n] == 3) out.push_back(n);
  return out;
}

// Surface area of an ellipsoid with semi-axes a >= b >= c (IBSI 4.1.20's Legendre series, 20 terms), written
// with Q_n = (alpha beta)^n P_n(x) so that a sphere (alpha beta = 0) needs no division.
double ellipsoidArea(double a, double b, double c) {
  const double al = std::sqrt(std::max(0.0, 1 - b * b / (a * a))), be = std::sqrt(std::max(0.0, 1 - c * c / (a * a)));
  const double s = (al * al + be * be) / 2, p2 = al * al * be * be;
  double q0 = 1, q1 = s, sum = q0 / 1.0 + q1 / (1 - 4.0);
  for (int n = 1; n < 20; ++n) {
    const double q2 = ((2 * n + 1) * s * q1 - n * p2 * q0) / (n + 1);
    sum += q2 / (1 - 4.0 * (n + 1) * (n + 1));
    q0 = q1;
    q1 = q2;
  }
  return 4 * kPi * a * b * sum;
}

}  // namespace

void morphologyFeatures(const Roi& roi, const Settings& s, std::vector<Feature>& out) {
  Sink sink{out, "morphology", ""};
  const MeshSummary mesh = meshMask(roi.morph, roi.dims, roi.spacing);
  const double V = mesh.volume, A = mesh.area;
  const long long nMorph = roi.countMorph();
  const double vVox = nMorph * roi.voxelVolume();

  // Voxel centres (world mm relative to the box) of the morphological mask, and intensity-weighted centre.
  // Two passes over the box (centre, then covariance about it) rather than a copy of a million centres.
  Eigen::Vector3d sum = Eigen::Vector3d::Zero(), wsum = Eigen::Vector3d::Zero();
  double wtot = 0;  // the intensity-mask voxels' summed intensity
  long long nInt = 0;
  auto centreOf = [&](long i, long j, long k) {
    return Eigen::Vector3d(i * roi.spacing[0], j * roi.spacing[1], k * roi.spacing[2]);
  };
  for (long k = 0; k < roi.dims[2]; ++k)
    for (long j = 0; j < roi.dims[1]; ++j)
      for (long i = 0; i < roi.dims[0]; ++i) {
        const std::size_t n = roi.index(i, j, k);
        const Eigen::Vector3d x = centreOf(i, j, k);
        if (roi.morph[n]) sum += x;
        if (roi.intensity[n]) {
          wsum += roi.image[n] * x;
          wtot += roi.image[n];
          ++nInt;
        }
      }
  const Eigen::Vector3d com = sum / double(nMorph);
  Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
  for (long k = 0; k < roi.dims[2]; ++k)
    for (long j = 0; j < roi.dims[1]; ++j)
      for (long i = 0; i < roi.dims[0]; ++i)
        if (roi.morph[roi.index(i, j, k)]) {
          const Eigen::Vector3d d = centreOf(i, j, k) - com;
          cov += d * d.transpose();
        }
  cov /= double(std::max(1LL, nMorph - 1));  // sample covariance, as IBSI's reference values
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
  const Eigen::Vector3d lam = eig.eigenvalues();  // ascending
  const double l1 = std::max(lam[2], 0.0), l2 = std::max(lam[1], 0.0), l3 = std::max(lam[0], 0.0);

  // Maximum 3D diameter between mesh vertices (candidates: possible hull vertices only).
  const std::vector<std::size_t> cand = hullCandidates(mesh.vertices);
  double dmax2 = 0;
  std::vector<std::array<double, 3>> cw;
  for (std::size_t n : cand)
    cw.push_back({mesh.vertices[n][0] * 0.5 * roi.spacing[0], mesh.vertices[n][1] * 0.5 * roi.spacing[1],
                  mesh.vertices[n][2] * 0.5 * roi.spacing[2]});
  for (std::size_t a = 0; a < cw.size(); ++a)
    for (std::size_t b = a + 1; b < cw.size(); ++b) {
      const double dx = cw[a][0] - cw[b][0], dy = cw[a][1] - cw[b][1], dz = cw[a][2] - cw[b][2];
      dmax2 = std::max(dmax2, dx * dx + dy * dy + dz * dz);
    }
  // Axis-aligned bounding box of the mesh.
  double lo[3] = {1e300, 1e300, 1e300}, hi[3] = {-1e300, -1e300, -1e300};
  for (const auto& v : mesh.vertices)
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], v[a] * 0.5 * roi.spacing[a]);
      hi[a] = std::max(hi[a], v[a] * 0.5 * roi.spacing[a]);
    }
  const double ex = hi[0] - lo[0], ey = hi[1] - lo[1], ez = hi[2] - lo[2];
  const double aabbV = ex * ey * ez, aabbA = 2 * (ex * ey + ey * ez + ex * ez);
  const double a = 2 * std::sqrt(l1), b = 2 * std::sqrt(l2), c = 2 * std::sqrt(l3);

  const double meanI = nInt ? wtot / nInt : kNaN;
  const double sphereTerm = std::cbrt(36 * kPi * V * V);
  sink.add("Volume (mesh)", "RNU0", V, "mm3");
  sink.add("Volume (voxel counting)", "YEKZ", vVox, "mm3");
  sink.add("Surface area (mesh)", "C0JK", A, "mm2");
  sink.add("Surface to volume ratio", "2PR5", A / V, "1/mm");
  sink.add("Compactness 1", "SKGS", V / (std::sqrt(kPi) * std::pow(A, 1.5)));
  sink.add("Compactness 2", "BQWJ", 36 * kPi * V * V / (A * A * A));
  sink.add("Spherical disproportion", "KRCK", A / sphereTerm);
  sink.add("Sphericity", "QCFX", sphereTerm / A);
  sink.add("Asphericity", "25C7", A / sphereTerm - 1);
  sink.add("Centre of mass shift", "KLMA", wtot != 0 ? (com - wsum / wtot).norm() : kNaN, "mm");
  sink.add("Maximum 3D diameter", "L0JK", std::sqrt(dmax2), "mm");
  sink.add("Major axis length", "TDIC", 4 * std::sqrt(l1), "mm");
  sink.add("Minor axis length", "P9VJ", 4 * std::sqrt(l2), "mm");
  sink.add("Least axis length", "7J51", 4 * std::sqrt(l3), "mm");
  sink.add("Elongation", "Q3CK", l1 > 0 ? std::sqrt(l2 / l1) : kNaN);
  sink.add("Flatness", "N17B", l1 > 0 ? std::sqrt(l3 / l1) : kNaN);
  sink.add("Volume density (axis-aligned bounding box)", "PBX1", V / aabbV);
  sink.add("Area density (axis-aligned bounding box)", "R59B", A / aabbA);
  sink.add("Volume density (approximate enclosing ellipsoid)", "6BDE", 3 * V / (4 * kPi * a * b * c));
  sink.add("Area density (approximate enclosing ellipsoid)", "RDD2", A / ellipsoidArea(a, b, c));
  std::vector<std::array<long, 3>> hullPts;
  for (std::size_t n : cand) hullPts.push_back(mesh.vertices[n]);
  const HullMeasures hull = convexHull(hullPts, roi.spacing);
  sink.add("Volume density (convex hull)", "R3ER", hull.volume > 0 ? V / hull.volume : kNaN);
  sink.add("Area density (convex hull)", "7T7F", hull.area > 0 ? A / hull.area : kNaN);
  sink.add("Integrated intensity", "99N0", V * meanI);

  // Moran's I and Geary's C over every pair of intensity-mask voxels, weights 1 / distance (mm).
  if (nInt > s.spatialMaxVoxels) {
    const std::string note = "not computed: the ROI has " + std::to_string(nInt) + " voxels, more than " +
                             std::to_string(s.spatialMaxVoxels) + " (every pair of voxels is compared)";
    sink.add("Moran's I index", "N365", kNaN, "", note);
    sink.add("Geary's C measure", "NPT7", kNaN, "", note);
    return;
  }
  std::vector<std::array<double, 4>> pts;
  for (long k = 0; k < roi.dims[2]; ++k)
    for (long j = 0; j < roi.dims[1]; ++j)
      for (long i = 0; i < roi.dims[0]; ++i) {
        const std::size_t n = roi.index(i, j, k);
        if (roi.intensity[n]) pts.push_back({i * roi.spacing[0], j * roi.spacing[1], k * roi.spacing[2], roi.image[n]});
      }
  double ss = 0;
  for (const auto& p : pts) ss += (p[3] - meanI) * (p[3] - meanI);
  double wAll = 0, moran = 0, geary = 0;
  for (std::size_t x = 0; x < pts.size(); ++x)
    for (std::size_t y = x + 1; y < pts.size(); ++y) {
      const double dx = pts[x][0] - pts[y][0], dy = pts[x][1] - pts[y][1], dz = pts[x][2] - pts[y][2];
      const double w = 1.0 / std::sqrt(dx * dx + dy * dy + dz * dz);
      wAll += 2 * w;
      moran += 2 * w * (pts[x][3] - meanI) * (pts[y][3] - meanI);
      geary += 2 * w * (pts[x][3] - pts[y][3]) * (pts[x][3] - pts[y][3]);
    }
  const double nn = static_cast<double>(pts.size());
  const bool ok = pts.size() > 1 && ss > 0;
  sink.add("Moran's I index", "N365", ok ? nn / wAll * moran / ss : kNaN, "",
           ok ? std::string() : "not defined: the ROI's intensities are all equal");
  sink.add("Geary's C measure", "NPT7", ok ? (nn - 1) * geary / (2 * wAll * ss) : kNaN, "",
           ok ? std::string() : "not defined: the ROI's intensities are all equal");
}

}  // namespace hccws::radiomics::detail
