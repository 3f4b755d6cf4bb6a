#pragma once
// Image grid geometry in the one world frame of the workstation: LPS millimetres (ITK and DICOM).
//
// Contract:
// - Index space is (i, j, k), i fastest in memory. dims are voxel counts along i, j, k.
// - spacingMm: voxel size along i, j, k in mm (> 0).
// - originLps: world position (LPS mm) of the CENTRE of voxel (0, 0, 0).
// - direction: 3x3 row-major matrix whose COLUMNS are the unit world directions of the i, j, k axes
//   (the same convention as itk::Image::GetDirection()).
//   world = origin + direction * diag(spacing) * ijk.
// Value type, thread-compatible (no shared state).
#include <array>
#include <cstddef>
#include <string>

namespace hccws::core {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>;  // row-major
using Dims3 = std::array<std::size_t, 3>;

constexpr Mat3 kIdentity3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

struct Geometry {
  Dims3 dims{0, 0, 0};
  Vec3 spacingMm{1, 1, 1};
  Vec3 originLps{0, 0, 0};
  Mat3 direction = kIdentity3;

  std::size_t voxelCount() const { return dims[0] * dims[1] * dims[2]; }
  double voxelVolumeMm3() const { return spacingMm[0] * spacingMm[1] * spacingMm[2]; }
  std::size_t linearIndex(std::size_t i, std::size_t j, std::size_t k) const {
    return i + dims[0] * (j + dims[1] * k);
  }
  bool containsIndex(long i, long j, long k) const {
    return i >= 0 && j >= 0 && k >= 0 && static_cast<std::size_t>(i) < dims[0] &&
           static_cast<std::size_t>(j) < dims[1] && static_cast<std::size_t>(k) < dims[2];
  }

  // Continuous index (voxel centres at integers) to world LPS mm, and back.
  Vec3 indexToWorld(const Vec3& ijk) const;
  Vec3 worldToIndex(const Vec3& worldLps) const;
  // Unit world direction of index axis a (0 = i, 1 = j, 2 = k).
  Vec3 axisDirection(int a) const { return {direction[a], direction[3 + a], direction[6 + a]}; }
  // Unit normal of the i-j plane (the slice normal for axial DICOM stacks).
  Vec3 sliceNormal() const;

  // Same grid within tolerances (mm for origin and spacing, absolute for direction cosines).
  bool sameGrid(const Geometry& other, double tolMm = 1e-3, double tolDir = 1e-5) const;
  // Human-readable one-line summary, e.g. "512x512x89, 0.703x0.703x2.5 mm, origin (..)".
  std::string describe() const;
  // Three-letter orientation code of the index axes, e.g. "LPS" or "RAS" (closest anatomical axis).
  std::string orientationCode() const;
};

Vec3 matVec(const Mat3& m, const Vec3& v);
Mat3 matMul(const Mat3& a, const Mat3& b);
Mat3 transpose(const Mat3& m);
// Inverse of a general 3x3 matrix; throws std::invalid_argument when singular.
Mat3 inverse(const Mat3& m);
double norm(const Vec3& v);
Vec3 cross(const Vec3& a, const Vec3& b);
double dot(const Vec3& a, const Vec3& b);

}  // namespace hccws::core
