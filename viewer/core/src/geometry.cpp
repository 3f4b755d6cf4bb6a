#include <hccws/core/geometry.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace hccws::core {

Vec3 matVec(const Mat3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

Mat3 matMul(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}

Mat3 transpose(const Mat3& m) { return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]}; }

Mat3 inverse(const Mat3& m) {
  const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                     m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (std::abs(det) < 1e-12) throw std::invalid_argument("inverse: singular 3x3 matrix");
  const double s = 1.0 / det;
  return {(m[4] * m[8] - m[5] * m[7]) * s, (m[2] * m[7] - m[1] * m[8]) * s, (m[1] * m[5] - m[2] * m[4]) * s,
          (m[5] * m[6] - m[3] * m[8]) * s, (m[0] * m[8] - m[2] * m[6]) * s, (m[2] * m[3] - m[0] * m[5]) * s,
          (m[3] * m[7] - m[4] * m[6]) * s, (m[1] * m[6] - m[0] * m[7]) * s, (m[0] * m[4] - m[1] * m[3]) * s};
}

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Vec3& v) { return std::sqrt(dot(v, v)); }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

Vec3 Geometry::indexToWorld(const Vec3& ijk) const {
  const Vec3 scaled{ijk[0] * spacingMm[0], ijk[1] * spacingMm[1], ijk[2] * spacingMm[2]};
  const Vec3 d = matVec(direction, scaled);
  return {originLps[0] + d[0], originLps[1] + d[1], originLps[2] + d[2]};
}

Vec3 Geometry::worldToIndex(const Vec3& w) const {
  const Vec3 rel{w[0] - originLps[0], w[1] - originLps[1], w[2] - originLps[2]};
  const Vec3 s = matVec(inverse(direction), rel);
  return {s[0] / spacingMm[0], s[1] / spacingMm[1], s[2] / spacingMm[2]};
}

Vec3 Geometry::sliceNormal() const {
  Vec3 n = cross(axisDirection(0), axisDirection(1));
  const double l = norm(n);
  return l > 0 ? Vec3{n[0] / l, n[1] / l, n[2] / l} : Vec3{0, 0, 1};
}

bool Geometry::sameGrid(const Geometry& o, double tolMm, double tolDir) const {
  if (dims != o.dims) return false;
  for (int a = 0; a < 3; ++a) {
    if (std::abs(spacingMm[a] - o.spacingMm[a]) > tolMm) return false;
    if (std::abs(originLps[a] - o.originLps[a]) > tolMm) return false;
  }
  for (int e = 0; e < 9; ++e)
    if (std::abs(direction[e] - o.direction[e]) > tolDir) return false;
  return true;
}

std::string Geometry::describe() const {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%zux%zux%zu, %.4gx%.4gx%.4g mm, origin (%.2f, %.2f, %.2f) LPS mm, %s", dims[0],
                dims[1], dims[2], spacingMm[0], spacingMm[1], spacingMm[2], originLps[0], originLps[1],
                originLps[2], orientationCode().c_str());
  return buf;
}

std::string Geometry::orientationCode() const {
  // For each index axis, the LPS world axis it is closest to, with its sign: + is L/P/S, - is R/A/I.
  static const char pos[3] = {'L', 'P', 'S'};
  static const char neg[3] = {'R', 'A', 'I'};
  std::string code;
  for (int a = 0; a < 3; ++a) {
    const Vec3 d = axisDirection(a);
    int best = 0;
    for (int w = 1; w < 3; ++w)
      if (std::abs(d[w]) > std::abs(d[best])) best = w;
    code += d[best] >= 0 ? pos[best] : neg[best];
  }
  return code;
}

}  // namespace hccws::core
