#pragma once
// Spatial transforms in the world frame and resampling of volumes onto another grid.
//
// Contract:
// - AffineTransform maps a world point (LPS mm) x to matrix * x + translation (LPS mm).
// - resample*() fill each voxel centre p of `target` with the value of `source` at
//   targetToSource.apply(p): the transform goes FROM the output grid TO the input image. This is ITK's
//   convention (a registration with fixed F and moving M returns the F -> M map), so a registration result
//   is passed unchanged to put the moving image onto the fixed grid.
// - Points that fall outside the source grid (beyond half a voxel of the outer voxel centres) get
//   `fillValue`. Linear interpolation rounds to the nearest integer for integer voxel types.
// - Threading: the work is split over slices on `threads` std::threads (0 = hardware concurrency, at most 8);
//   the call itself is synchronous. Progress is reported from the calling thread; cancelling throws
//   Cancelled once the running slices are done.
#include <hccws/core/geometry.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>

namespace hccws::core {

struct AffineTransform {
  Mat3 matrix = kIdentity3;
  Vec3 translation{0, 0, 0};

  Vec3 apply(const Vec3& p) const;
  // Throws std::invalid_argument when the matrix is singular.
  AffineTransform inverse() const;
  // Homogeneous 4x4, row-major: [matrix translation; 0 0 0 1].
  std::array<double, 16> toMatrix4() const;
  bool isIdentity(double tol = 1e-12) const;

  // Rotation about `centreLps` by Euler angles (degrees) about the world L, P, S axes, applied in that
  // order (R = Rz * Ry * Rx), followed by a translation in mm: x -> R (x - c) + c + t.
  static AffineTransform rigid(const Vec3& rotationDeg, const Vec3& translationMm, const Vec3& centreLps);
};

// outer(inner(x)).
AffineTransform compose(const AffineTransform& outer, const AffineTransform& inner);
// Euler angles (degrees, same convention as AffineTransform::rigid) of a rotation matrix.
Vec3 eulerAnglesDeg(const Mat3& rotation);

enum class Interpolation { Nearest, Linear };

struct ResampleOptions {
  Interpolation interpolation = Interpolation::Linear;
  double fillValue = -1024.0;  // HU of air for CT; use 0 for labels
  unsigned threads = 0;
};

CtVolume resample(const CtVolume& source, const Geometry& target, const AffineTransform& targetToSource,
                  const ResampleOptions& options = {}, const ProgressSink& progress = {});
FloatVolume resample(const FloatVolume& source, const Geometry& target, const AffineTransform& targetToSource,
                     const ResampleOptions& options = {}, const ProgressSink& progress = {});
// Labels are always resampled with nearest neighbour; outside the source they are 0.
Volume<std::uint8_t> resampleLabels(const Volume<std::uint8_t>& source, const Geometry& target,
                                    const AffineTransform& targetToSource, unsigned threads = 0,
                                    const ProgressSink& progress = {});

}  // namespace hccws::core
