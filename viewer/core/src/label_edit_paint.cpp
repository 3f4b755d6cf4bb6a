// Paint and erase with a disc or sphere brush swept along a segment (a capsule). Only the index bounding box
// of the capsule is visited, so a dab costs O(brush volume) whatever the size of the map.
#include <hccws/core/label_edit.h>

#include "label_edit_rules.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hccws::core {

namespace {

bool finite(const Vec3& v) { return std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]); }

}  // namespace

EditResult paintLine(LabelMap& labels, const Vec3& aLps, const Vec3& bLps, const Brush& brush, const EditRules& rules,
                     ChangeRecorder* recorder, bool erase) {
  const char* op = erase ? "erase" : "paint";
  detail::validateRules(labels, rules, op);
  if (!(brush.radiusMm > 0) || !std::isfinite(brush.radiusMm))
    throw std::invalid_argument(std::string(op) + ": brush radius " + std::to_string(brush.radiusMm) +
                                " mm must be > 0");
  if (!finite(aLps) || !finite(bLps)) throw std::invalid_argument(std::string(op) + ": brush centre is not finite");
  const bool disc = brush.shape == BrushShape::Disc;
  if (disc) detail::checkAxis(brush.sliceAxis, op);

  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  // world = origin + M ijk with M = direction * diag(spacing).
  Mat3 m;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m[3 * r + c] = g.direction[3 * r + c] * g.spacingMm[c];
  const Mat3 minv = inverse(m);
  Vec3 ia = g.worldToIndex(aLps), ib = g.worldToIndex(bLps);

  EditResult result;
  const double r = brush.radiusMm;
  // Index extent of a ball of radius r along axis a: r * |row a of M^-1|.
  Vec3 ext;
  for (int a = 0; a < 3; ++a)
    ext[a] = r * std::sqrt(minv[3 * a] * minv[3 * a] + minv[3 * a + 1] * minv[3 * a + 1] + minv[3 * a + 2] * minv[3 * a + 2]);
  IndexBox box;
  for (int a = 0; a < 3; ++a) {
    const double lo = std::ceil(std::min(ia[a], ib[a]) - ext[a] - 1e-9);
    const double hi = std::floor(std::max(ia[a], ib[a]) + ext[a] + 1e-9) + 1;
    if (hi <= 0 || lo >= double(g.dims[a])) return result;
    box.lo[a] = static_cast<std::size_t>(std::max(0.0, lo));
    box.hi[a] = static_cast<std::size_t>(std::min(double(g.dims[a]), hi));
  }
  if (disc) {
    // The disc lies in the index slice nearest to a; both ends are projected onto it.
    const int ax = brush.sliceAxis;
    const double s = std::round(ia[ax]);
    if (s < 0 || s >= double(g.dims[ax])) return result;
    ia[ax] = ib[ax] = s;
    box.lo[ax] = static_cast<std::size_t>(s);
    box.hi[ax] = box.lo[ax] + 1;
  }
  if (box.empty()) return result;

  const detail::WriteFilter f = erase ? detail::eraseFilter(labels, rules) : detail::paintFilter(labels, rules);
  if (!f.anything()) return result;
  if (recorder) recorder->aboutToChange(box);

  const Vec3 d = matVec(m, {ib[0] - ia[0], ib[1] - ia[1], ib[2] - ia[2]});
  const double l2 = dot(d, d);
  const double r2 = r * r * (1 + 1e-12);  // voxel centres on the sphere (to rounding) are inside
  const Vec3 col0{m[0], m[3], m[6]};
  IndexBox t{g.dims, {0, 0, 0}};
  std::uint8_t* data = v.data();
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      Vec3 w = matVec(m, {double(box.lo[0]) - ia[0], double(j) - ia[1], double(k) - ia[2]});
      std::size_t idx = g.linearIndex(box.lo[0], j, k);
      bool rowChanged = false;
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i, ++idx, w[0] += col0[0], w[1] += col0[1], w[2] += col0[2]) {
        double e2;
        if (l2 > 0) {
          const double s = std::clamp(dot(w, d) / l2, 0.0, 1.0);
          const Vec3 e{w[0] - s * d[0], w[1] - s * d[1], w[2] - s * d[2]};
          e2 = dot(e, e);
        } else {
          e2 = dot(w, w);
        }
        if (e2 > r2 || !f.allows(idx, data[idx])) continue;
        data[idx] = f.to;
        ++result.changedVoxels;
        t.lo[0] = std::min(t.lo[0], i);
        t.hi[0] = std::max(t.hi[0], i + 1);
        rowChanged = true;
      }
      if (!rowChanged) continue;
      t.lo[1] = std::min(t.lo[1], j);
      t.hi[1] = std::max(t.hi[1], j + 1);
      t.lo[2] = std::min(t.lo[2], k);
      t.hi[2] = std::max(t.hi[2], k + 1);
    }
  if (result.changedVoxels) result.box = t;
  return result;
}

}  // namespace hccws::core
