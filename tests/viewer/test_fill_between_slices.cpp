// Fill between slices (contour interpolation): two painted discs give discs of linearly interpolated radius
// in the slices between them and nothing elsewhere; identical contours are copied exactly; the rules hold.
#include "support.h"
#include <hccws/core/label_edit.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace hccws::core;

namespace {

LabelMap makeMap(Dims3 dims, Vec3 spacing) { return hccws::test::emptyLabelMap(dims, spacing, {100, -50, 20}); }

// Disc of radius r (mm) around in-plane centre (cu, cw) (index units) in slice s normal to `axis`.
void disc(LabelMap& m, int axis, std::size_t s, double cu, double cw, double r, std::uint8_t v) {
  const Geometry& g = m.labels.geometry();
  const int ua = axis == 0 ? 1 : 0, wa = axis == 2 ? 1 : 2;
  for (std::size_t w = 0; w < g.dims[wa]; ++w)
    for (std::size_t u = 0; u < g.dims[ua]; ++u) {
      const double du = (double(u) - cu) * g.spacingMm[ua], dw = (double(w) - cw) * g.spacingMm[wa];
      if (du * du + dw * dw > r * r) continue;
      std::size_t c[3];
      c[axis] = s, c[ua] = u, c[wa] = w;
      m.labels.at(c[0], c[1], c[2]) = v;
    }
}

// Voxels of value v in slice s normal to axis.
std::size_t countInSlice(const LabelMap& m, int axis, std::size_t s, std::uint8_t v) {
  const Geometry& g = m.labels.geometry();
  std::size_t n = 0;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const std::size_t c[3] = {i, j, k};
        n += c[axis] == s && m.labels.at(i, j, k) == v;
      }
  return n;
}

}  // namespace

TEST_CASE("two discs: the slices between get discs of interpolated radius, nothing else changes",
          "[fill_between]") {
  for (int axis = 0; axis < 3; ++axis) {
    INFO("slice axis " << axis);
    Dims3 dims{48, 48, 48};
    dims[axis] = 24;
    Vec3 spacing{0.75, 0.75, 0.75};
    spacing[axis] = 2.5;
    LabelMap m = makeMap(dims, spacing);
    const Geometry& g = m.labels.geometry();
    const int ua = axis == 0 ? 1 : 0, wa = axis == 2 ? 1 : 2;
    const std::size_t s0 = 4, s1 = 16;
    const double r0 = 4.0, r1 = 13.0, cu = 23.6, cw = 24.3;
    disc(m, axis, s0, cu, cw, r0, 2);
    disc(m, axis, s1, cu, cw, r1, 2);
    const LabelMap before = m;

    const EditResult r = fillBetweenSlices(m, axis, EditRules{}, nullptr);
    const double px = spacing[ua];
    std::size_t total = 0;
    for (std::size_t s = 0; s < dims[axis]; ++s) {
      const std::size_t n = countInSlice(m, axis, s, 2);
      if (s < s0 || s > s1) {
        CHECK(n == 0);
        continue;
      }
      if (s == s0 || s == s1) {
        CHECK(n == countInSlice(before, axis, s, 2));
        continue;
      }
      total += n;
      const double t = double(s - s0) / double(s1 - s0);
      const double expected = (1 - t) * r0 + t * r1;
      const double measured = std::sqrt(double(n) * px * px / M_PI);
      INFO("slice " << s << ": radius " << measured << " mm, expected " << expected);
      CHECK(std::abs(measured - expected) <= px);
      // Every filled voxel lies within the expected disc plus one voxel, centred where the discs are.
      for (std::size_t k = 0; k < dims[2]; ++k)
        for (std::size_t j = 0; j < dims[1]; ++j)
          for (std::size_t i = 0; i < dims[0]; ++i) {
            const std::size_t c[3] = {i, j, k};
            if (c[axis] != s || m.labels.at(i, j, k) != 2) continue;
            const double du = (double(c[ua]) - cu) * px, dw = (double(c[wa]) - cw) * px;
            REQUIRE(std::sqrt(du * du + dw * dw) <= expected + px * 1.5);
          }
    }
    CHECK(r.changedVoxels == total);
    CHECK(r.box.lo[axis] == s0 + 1);
    CHECK(r.box.hi[axis] == s1);
    (void)g;
  }
}

TEST_CASE("identical contours are copied exactly into every slice between", "[fill_between]") {
  LabelMap m = makeMap({40, 40, 20}, {0.8, 0.8, 3.0});
  // An L-shaped (non-convex) contour in slices 3 and 12.
  for (std::size_t s : {3u, 12u})
    for (std::size_t j = 8; j < 30; ++j)
      for (std::size_t i = 6; i < 30; ++i)
        if (i < 14 || j > 22) m.labels.at(i, j, s) = 2;
  const LabelMap before = m;
  fillBetweenSlices(m, 2, EditRules{}, nullptr);
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 40; ++j)
      for (std::size_t i = 0; i < 40; ++i) {
        const bool expected = k >= 3 && k <= 12 && before.labels.at(i, j, 3) == 2;
        REQUIRE((m.labels.at(i, j, k) == 2) == expected);
      }
}

TEST_CASE("fill between slices respects the rules and leaves adjacent slices alone", "[fill_between]") {
  LabelMap m = makeMap({40, 40, 20}, {1.0, 1.0, 2.0});
  // Liver only in j < 20: "tumour only inside the liver".
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 20; ++j)
      for (std::size_t i = 0; i < 40; ++i) m.labels.at(i, j, k) = 1;
  disc(m, 2, 2, 20, 20, 8, 2);
  disc(m, 2, 3, 20, 20, 8, 2);  // adjacent slices: no gap between 2 and 3
  disc(m, 2, 10, 20, 20, 8, 2);
  const LabelMap before = m;
  EditRules rules;
  rules.editable = {1};
  const EditResult r = fillBetweenSlices(m, 2, rules, nullptr);
  CHECK(r.changedVoxels > 0);
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 40; ++j)
      for (std::size_t i = 0; i < 40; ++i) {
        const std::uint8_t was = before.labels.at(i, j, k), now = m.labels.at(i, j, k);
        if (now == was) continue;
        REQUIRE(k > 3);
        REQUIRE(k < 10);
        REQUIRE(was == 1);  // background (j >= 20) is never painted
        REQUIRE(now == 2);
      }
  // A second run changes nothing more (the gap is filled where allowed; the rest is not editable).
  CHECK(fillBetweenSlices(m, 2, rules, nullptr).changedVoxels == 0);
  // Nothing painted: nothing to do.
  LabelMap empty = makeMap({8, 8, 8}, {1, 1, 1});
  CHECK(fillBetweenSlices(empty, 2, EditRules{}, nullptr).changedVoxels == 0);
}
