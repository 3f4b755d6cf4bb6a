// Segment-editor operations (label_edit.h): exact voxel sets checked against geometry computed here
// independently, the editing rules (editable area, HU range, locks), and the recorder contract (every
// written voxel lies in a box announced before the write).
#include <hccws/core/label_edit.h>
#include <hccws/core/measurements.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace hccws::core;

namespace {

// A rotation about an oblique axis: a direction matrix far from identity (columns = index axes in LPS).
Mat3 obliqueDirection() {
  const double a = 0.4, b = -0.3;
  const Mat3 rz = {std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
  const Mat3 rx = {1, 0, 0, 0, std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b)};
  return matMul(rz, rx);
}

LabelMap makeMap(Dims3 dims, Vec3 spacing, Mat3 dir = kIdentity3, std::uint8_t fill = 0) {
  Geometry g;
  g.dims = dims;
  g.spacingMm = spacing;
  g.originLps = {-31.5, 12.25, -140.0};
  g.direction = dir;
  LabelMap m;
  m.labels = Volume<std::uint8_t>(g, fill);
  return m;
}

// World position of voxel (i, j, k), written out here rather than through Geometry::indexToWorld.
Vec3 centreOf(const Geometry& g, std::size_t i, std::size_t j, std::size_t k) {
  const double s[3] = {i * g.spacingMm[0], j * g.spacingMm[1], k * g.spacingMm[2]};
  Vec3 w;
  for (int r = 0; r < 3; ++r)
    w[r] = g.originLps[r] + g.direction[3 * r] * s[0] + g.direction[3 * r + 1] * s[1] + g.direction[3 * r + 2] * s[2];
  return w;
}

double dist(const Vec3& a, const Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

// Distance from p to segment a-b.
double distToSegment(const Vec3& p, const Vec3& a, const Vec3& b) {
  const Vec3 d{b[0] - a[0], b[1] - a[1], b[2] - a[2]}, w{p[0] - a[0], p[1] - a[1], p[2] - a[2]};
  const double l2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  const double t = l2 > 0 ? std::clamp((w[0] * d[0] + w[1] * d[1] + w[2] * d[2]) / l2, 0.0, 1.0) : 0.0;
  return dist(p, {a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2]});
}

std::size_t countValue(const LabelMap& m, std::uint8_t v) {
  std::size_t n = 0;
  for (std::uint8_t x : m.labels.buffer()) n += x == v;
  return n;
}

// Voxels whose centre lies within r mm of `c` get `value` (voxel-centre definition, as the editor).
void fillSphere(LabelMap& m, const Vec3& c, double r, std::uint8_t value) {
  const Geometry& g = m.labels.geometry();
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i)
        if (dist(centreOf(g, i, j, k), c) <= r) m.labels.at(i, j, k) = value;
}

// Radius of the sphere with the label's volume.
double equivalentRadius(const LabelMap& m, std::uint8_t v) {
  return std::cbrt(3.0 * double(countValue(m, v)) * m.labels.geometry().voxelVolumeMm3() / (4 * M_PI));
}

// Checks the recorder contract: at each announcement nothing outside the boxes announced so far has changed
// yet; at the end, every changed voxel lies in an announced box.
struct CheckingRecorder : ChangeRecorder {
  const LabelMap* map;
  Volume<std::uint8_t> original;
  std::vector<IndexBox> boxes;
  bool violated = false;
  explicit CheckingRecorder(const LabelMap& m) : map(&m), original(m.labels) {}
  bool covered(std::size_t i, std::size_t j, std::size_t k) const {
    for (const auto& b : boxes)
      if (b.contains(i, j, k)) return true;
    return false;
  }
  bool allChangesCovered() const {
    const Dims3& d = original.dims();
    for (std::size_t k = 0; k < d[2]; ++k)
      for (std::size_t j = 0; j < d[1]; ++j)
        for (std::size_t i = 0; i < d[0]; ++i)
          if (map->labels.at(i, j, k) != original.at(i, j, k) && !covered(i, j, k)) return false;
    return true;
  }
  void aboutToChange(const IndexBox& box) override {
    if (!allChangesCovered()) violated = true;
    boxes.push_back(box);
  }
  bool ok() const { return !violated && allChangesCovered(); }
};

// Tight box and count of differences between two volumes.
EditResult diff(const Volume<std::uint8_t>& a, const Volume<std::uint8_t>& b) {
  EditResult r;
  const Dims3& d = a.dims();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j)
      for (std::size_t i = 0; i < d[0]; ++i)
        if (a.at(i, j, k) != b.at(i, j, k)) {
          ++r.changedVoxels;
          r.box = r.box.united({{i, j, k}, {i + 1, j + 1, k + 1}});
        }
  return r;
}

}  // namespace

TEST_CASE("a sphere dab changes exactly the voxels whose centre is within r mm (anisotropic, oblique grid)",
          "[label_edit]") {
  LabelMap m = makeMap({60, 56, 30}, {0.7, 0.8, 1.9}, obliqueDirection());
  const Geometry& g = m.labels.geometry();
  const Vec3 centre = g.indexToWorld({27.31, 25.77, 14.42});
  Brush brush;
  brush.radiusMm = 7.3;
  EditRules rules;  // tumour, no limits
  CheckingRecorder rec(m);
  const EditResult r = paintDab(m, centre, brush, rules, &rec);
  CHECK(rec.ok());

  std::size_t expected = 0, ambiguous = 0, wrong = 0;
  IndexBox box;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double d = dist(centreOf(g, i, j, k), centre);
        if (std::abs(d - brush.radiusMm) < 1e-6) ++ambiguous;
        const bool inside = d <= brush.radiusMm;
        if (inside) {
          ++expected;
          box = box.united({{i, j, k}, {i + 1, j + 1, k + 1}});
        }
        if ((m.labels.at(i, j, k) == 2) != inside) ++wrong;
      }
  REQUIRE(ambiguous == 0);  // the centre is off-grid: no voxel sits on the sphere itself
  CHECK(wrong == 0);
  CHECK(r.changedVoxels == expected);
  CHECK(r.box == box);
  // About the analytic volume (a 7.3 mm sphere is ~1630 mm^3).
  CHECK(double(expected) * g.voxelVolumeMm3() == Approx(4.0 / 3.0 * M_PI * std::pow(7.3, 3)).epsilon(0.05));
}

TEST_CASE("a stroke paints the capsule around the segment, exactly", "[label_edit]") {
  LabelMap m = makeMap({50, 50, 24}, {0.9, 0.9, 2.1}, obliqueDirection());
  const Geometry& g = m.labels.geometry();
  const Vec3 a = g.indexToWorld({10.2, 12.7, 8.3}), b = g.indexToWorld({38.6, 33.1, 15.45});
  Brush brush;
  brush.radiusMm = 4.1;
  EditRules rules;
  rules.label = 3;
  const EditResult r = paintLine(m, a, b, brush, rules, nullptr);
  std::size_t expected = 0, wrong = 0, ambiguous = 0;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double d = distToSegment(centreOf(g, i, j, k), a, b);
        ambiguous += std::abs(d - brush.radiusMm) < 1e-6;
        expected += d <= brush.radiusMm;
        wrong += (m.labels.at(i, j, k) == 3) != (d <= brush.radiusMm);
      }
  REQUIRE(ambiguous == 0);
  CHECK(wrong == 0);
  CHECK(r.changedVoxels == expected);
}

TEST_CASE("a disc paints only in its slice, within r mm in the plane", "[label_edit]") {
  LabelMap m = makeMap({40, 40, 20}, {0.75, 0.75, 2.5});
  const Geometry& g = m.labels.geometry();
  for (int axis = 0; axis < 3; ++axis) {
    m.labels.buffer().assign(m.labels.size(), 0);
    const Vec3 ci{19.3, 20.6, 9.4};
    const Vec3 centre = g.indexToWorld(ci);
    Brush brush{BrushShape::Disc, 6.2, axis};
    const EditResult r = paintDab(m, centre, brush, EditRules{}, nullptr);
    const std::size_t slice = std::size_t(std::lround(ci[axis]));
    std::size_t expected = 0, wrong = 0;
    for (std::size_t k = 0; k < g.dims[2]; ++k)
      for (std::size_t j = 0; j < g.dims[1]; ++j)
        for (std::size_t i = 0; i < g.dims[0]; ++i) {
          const std::size_t c[3] = {i, j, k};
          // Distance within the slice: the centre projected onto the slice.
          Vec3 cp = ci;
          cp[axis] = double(slice);
          const bool inside = c[axis] == slice && dist(centreOf(g, i, j, k), g.indexToWorld(cp)) <= brush.radiusMm;
          expected += inside;
          wrong += (m.labels.at(i, j, k) == 2) != inside;
        }
    INFO("axis " << axis);
    CHECK(wrong == 0);
    CHECK(r.changedVoxels == expected);
    CHECK(r.box.lo[axis] == slice);
    CHECK(r.box.hi[axis] == slice + 1);
    CHECK(expected > 10);
  }
}

TEST_CASE("threshold-limited paint writes only voxels in the HU range", "[label_edit]") {
  LabelMap m = makeMap({40, 40, 16}, {1.0, 1.0, 2.0});
  const Geometry& g = m.labels.geometry();
  CtVolume ct(g, 0);
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) ct.at(i, j, k) = static_cast<std::int16_t>(i * 10 - 100 + j % 3);
  EditRules rules;
  rules.ct = &ct;
  rules.huRange = HuRange{40, 120};
  const Vec3 centre = g.indexToWorld({20.2, 19.8, 8.1});
  Brush brush;
  brush.radiusMm = 9;
  const EditResult r = paintDab(m, centre, brush, rules, nullptr);
  std::size_t expected = 0, wrong = 0;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const int hu = ct.at(i, j, k);
        const bool inside = dist(centreOf(g, i, j, k), centre) <= 9 && hu >= 40 && hu <= 120;
        expected += inside;
        wrong += (m.labels.at(i, j, k) == 2) != inside;
      }
  CHECK(wrong == 0);
  CHECK(r.changedVoxels == expected);
  CHECK(expected > 100);

  CtVolume other(Geometry{{40, 40, 15}, {1, 1, 2}, {}, kIdentity3}, 0);
  rules.ct = &other;
  CHECK_THROWS_AS(paintDab(m, centre, brush, rules, nullptr), std::invalid_argument);
  rules.ct = nullptr;
  CHECK_THROWS_AS(paintDab(m, centre, brush, rules, nullptr), std::invalid_argument);
}

TEST_CASE("the editable area, locked labels and overwriteOtherLabels are respected", "[label_edit]") {
  LabelMap m = makeMap({48, 48, 20}, {1.0, 1.0, 1.5});
  const Geometry& g = m.labels.geometry();
  // Left half liver (1), a PVTT block (3) in the middle, the rest background.
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        if (i < 24) m.labels.at(i, j, k) = 1;
        if (i >= 20 && i < 28 && j >= 20 && j < 28) m.labels.at(i, j, k) = 3;
      }
  const LabelMap before = m;
  const Vec3 centre = g.indexToWorld({24.1, 23.9, 10.2});
  Brush brush;
  brush.radiusMm = 10;

  SECTION("paint only inside the liver") {
    EditRules rules;
    rules.editable = {1, 2};
    paintDab(m, centre, brush, rules, nullptr);
    std::size_t wrong = 0, painted = 0;
    for (std::size_t v = 0; v < m.labels.size(); ++v) {
      const std::uint8_t was = before.labels.data()[v], now = m.labels.data()[v];
      if (now != was) {
        ++painted;
        wrong += !(was == 1 && now == 2);
      }
    }
    CHECK(wrong == 0);
    CHECK(painted > 100);
  }
  SECTION("a locked label is never overwritten") {
    m.table.find(3)->locked = true;
    EditRules rules;
    const EditResult r = paintDab(m, centre, brush, rules, nullptr);
    CHECK(countValue(m, 3) == countValue(before, 3));
    CHECK(r.changedVoxels > 100);
    // Erasing a locked label does nothing either.
    rules.label = 3;
    CHECK(paintDab(m, centre, brush, rules, nullptr, true).changedVoxels == 0);
    CHECK(countValue(m, 3) == countValue(before, 3));
  }
  SECTION("without overwriteOtherLabels only background changes") {
    EditRules rules;
    rules.overwriteOtherLabels = false;
    const EditResult r = paintDab(m, centre, brush, rules, nullptr);
    CHECK(countValue(m, 1) == countValue(before, 1));
    CHECK(countValue(m, 3) == countValue(before, 3));
    CHECK(countValue(m, 0) == countValue(before, 0) - r.changedVoxels);
    CHECK(r.changedVoxels > 100);
  }
}

TEST_CASE("erase writes eraseTo, only where the map holds the label", "[label_edit]") {
  LabelMap m = makeMap({40, 40, 20}, {1.0, 1.0, 2.0}, kIdentity3, 1);
  const Geometry& g = m.labels.geometry();
  const Vec3 c = g.indexToWorld({20, 20, 10});
  fillSphere(m, c, 8.0, 2);
  for (std::size_t i = 0; i < 40; ++i) m.labels.at(i, 20, 10) = 3;  // a line of another label through it
  const LabelMap before = m;
  EditRules rules;
  rules.eraseTo = 1;
  Brush brush;
  brush.radiusMm = 4.5;
  const Vec3 e = g.indexToWorld({22.4, 19.6, 10.3});
  CheckingRecorder rec(m);
  const EditResult r = paintDab(m, e, brush, rules, &rec, true);
  CHECK(rec.ok());
  std::size_t wrong = 0, expected = 0;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const std::uint8_t was = before.labels.at(i, j, k);
        const bool erased = was == 2 && dist(centreOf(g, i, j, k), e) <= 4.5;
        expected += erased;
        wrong += m.labels.at(i, j, k) != (erased ? 1 : was);
      }
  CHECK(wrong == 0);
  CHECK(r.changedVoxels == expected);
  CHECK(countValue(m, 3) == 40);
}

TEST_CASE("fill and erase a connected region within one slice", "[label_edit]") {
  LabelMap m = makeMap({30, 30, 6}, {1.0, 1.0, 3.0});
  // A closed square outline of label 3 in slice 2 and 3; inside it background, an isolated pocket too.
  for (std::size_t k = 2; k <= 3; ++k)
    for (std::size_t t = 5; t <= 20; ++t) {
      m.labels.at(t, 5, k) = m.labels.at(t, 20, k) = 3;
      m.labels.at(5, t, k) = m.labels.at(20, t, k) = 3;
    }
  const LabelMap before = m;
  EditRules rules;
  CheckingRecorder rec(m);
  const EditResult r = fillRegionInSlice(m, {10, 12, 2}, 2, rules, &rec);
  CHECK(rec.ok());
  CHECK(r.changedVoxels == 14 * 14);
  CHECK(r.box == IndexBox{{6, 6, 2}, {20, 20, 3}});
  for (std::size_t j = 6; j < 20; ++j)
    for (std::size_t i = 6; i < 20; ++i) CHECK(m.labels.at(i, j, 2) == 2);
  CHECK(countValue(m, 2) == 14 * 14);  // slice 3 and the outside untouched
  CHECK(countValue(m, 3) == countValue(before, 3));

  // Fill outside the square: the background around it in slice 2 only.
  const EditResult outside = fillRegionInSlice(m, {0, 0, 2}, 2, rules, nullptr);
  CHECK(outside.changedVoxels == 30 * 30 - 16 * 16);

  // Erase the inner region back to background: exactly the 14 x 14 square (the outline separates it from
  // the outer region, which keeps its label).
  rules.eraseTo = 0;
  const EditResult erased = fillRegionInSlice(m, {8, 8, 2}, 2, rules, nullptr, true);
  CHECK(erased.changedVoxels == 14 * 14);
  CHECK(countValue(m, 2) == 30 * 30 - 16 * 16);
  // A seed on another value erases nothing.
  CHECK(fillRegionInSlice(m, {5, 5, 2}, 2, rules, nullptr, true).changedVoxels == 0);
  CHECK_THROWS_AS(fillRegionInSlice(m, {30, 0, 2}, 2, rules, nullptr), std::invalid_argument);
  CHECK_THROWS_AS(fillRegionInSlice(m, {1, 1, 1}, 3, rules, nullptr), std::invalid_argument);
}

TEST_CASE("islands: keep the largest, or remove those below a volume in mL", "[label_edit]") {
  LabelMap m = makeMap({64, 64, 32}, {1.0, 1.0, 2.0}, kIdentity3, 1);
  const Geometry& g = m.labels.geometry();
  fillSphere(m, g.indexToWorld({16, 16, 10}), 10.0, 2);  // ~4.2 mL
  fillSphere(m, g.indexToWorld({46, 20, 16}), 6.0, 2);   // ~0.9 mL
  fillSphere(m, g.indexToWorld({30, 50, 20}), 3.0, 2);   // ~0.11 mL
  m.labels.at(60, 60, 30) = 2;                           // one voxel, 0.002 mL
  m.labels.at(61, 61, 31) = 2;                           // touches it at a corner: the same island
  const LabelMap before = m;
  const double mlPerVoxel = g.voxelVolumeMm3() / 1000;
  // Sizes computed here: the three spheres separately.
  LabelMap big = makeMap({64, 64, 32}, {1.0, 1.0, 2.0}), mid = big, small = big;
  fillSphere(big, g.indexToWorld({16, 16, 10}), 10.0, 2);
  fillSphere(mid, g.indexToWorld({46, 20, 16}), 6.0, 2);
  fillSphere(small, g.indexToWorld({30, 50, 20}), 3.0, 2);
  const std::size_t nBig = countValue(big, 2), nMid = countValue(mid, 2), nSmall = countValue(small, 2);
  REQUIRE(countValue(m, 2) == nBig + nMid + nSmall + 2);

  EditRules rules;
  rules.eraseTo = 1;
  SECTION("keep largest") {
    CheckingRecorder rec(m);
    const EditResult r = islands(m, IslandMode::KeepLargest, 0, rules, &rec);
    CHECK(rec.ok());
    CHECK(countValue(m, 2) == nBig);
    CHECK(r.changedVoxels == nMid + nSmall + 2);
    for (std::size_t v = 0; v < m.labels.size(); ++v)
      if (big.labels.data()[v] == 2) REQUIRE(m.labels.data()[v] == 2);
    CHECK(countValue(m, 1) == countValue(before, 1) + r.changedVoxels);
  }
  SECTION("remove smaller than 0.5 mL") {
    const EditResult r = islands(m, IslandMode::RemoveSmall, 0.5, rules, nullptr);
    CHECK(countValue(m, 2) == nBig + nMid);
    CHECK(r.changedVoxels == nSmall + 2);
    CHECK(double(nMid) * mlPerVoxel > 0.5);
    CHECK(double(nSmall) * mlPerVoxel < 0.5);
    const EditResult d = diff(before.labels, m.labels);
    CHECK(r.box == d.box);  // spans the small sphere and the specks
    CHECK(r.box.hi[0] == 62);
  }
  SECTION("remove smaller than 0.05 mL keeps the 0.11 mL sphere") {
    islands(m, IslandMode::RemoveSmall, 0.05, rules, nullptr);
    CHECK(countValue(m, 2) == nBig + nMid + nSmall);
  }
}

TEST_CASE("margin grows and shrinks a sphere by the distance in mm, within a voxel", "[label_edit]") {
  const Vec3 spacing{0.8, 0.8, 1.6};
  LabelMap m = makeMap({80, 80, 40}, spacing, obliqueDirection(), 1);
  const Geometry& g = m.labels.geometry();
  const Vec3 c = g.indexToWorld({40.3, 39.6, 19.8});
  const double r0 = 12.0;
  fillSphere(m, c, r0, 2);
  const LabelMap before = m;
  EditRules rules;
  rules.eraseTo = 1;
  auto radiusRange = [&](const LabelMap& map) {
    // Smallest distance of a non-label voxel and largest distance of a label voxel from the centre.
    double inMax = 0, outMin = 1e9;
    for (std::size_t k = 0; k < g.dims[2]; ++k)
      for (std::size_t j = 0; j < g.dims[1]; ++j)
        for (std::size_t i = 0; i < g.dims[0]; ++i) {
          const double d = dist(centreOf(g, i, j, k), c);
          if (map.labels.at(i, j, k) == 2) inMax = std::max(inMax, d);
          else outMin = std::min(outMin, d);
        }
    return std::pair<double, double>{inMax, outMin};
  };
  const double voxel = 1.6;
  for (double mm : {3.0, 5.5, -3.0, -5.5}) {
    m = before;
    CheckingRecorder rec(m);
    const EditResult r = margin(m, mm, rules, &rec);
    INFO("margin " << mm << " mm");
    CHECK(rec.ok());
    const auto [inMax, outMin] = radiusRange(m);
    CHECK(std::abs(inMax - (r0 + mm)) <= voxel);
    CHECK(std::abs(outMin - (r0 + mm)) <= voxel);
    CHECK(std::abs(equivalentRadius(m, 2) - (r0 + mm)) <= 0.5 * voxel);
    CHECK(r.changedVoxels == diff(before.labels, m.labels).changedVoxels);
    // Growing only adds, shrinking only removes; the background never changes (all of it is liver here).
    for (std::size_t v = 0; v < m.labels.size(); ++v) {
      const std::uint8_t was = before.labels.data()[v], now = m.labels.data()[v];
      if (mm > 0) REQUIRE((now == was || (was == 1 && now == 2)));
      else REQUIRE((now == was || (was == 2 && now == 1)));
    }
  }
  // Growing inside an editable area stops at its border: a background slab is not painted.
  m = before;
  for (std::size_t j = 0; j < g.dims[1]; ++j)
    for (std::size_t i = 0; i < g.dims[0]; ++i) m.labels.at(i, j, 30) = 0;
  rules.editable = {1};
  margin(m, 6.0, rules, nullptr);
  for (std::size_t j = 0; j < g.dims[1]; ++j)
    for (std::size_t i = 0; i < g.dims[0]; ++i) REQUIRE(m.labels.at(i, j, 30) == 0);
  CHECK(countValue(m, 2) > countValue(before, 2));
}

TEST_CASE("smoothing: opening removes a thin spike, closing fills a hole, median removes a speck", "[label_edit]") {
  LabelMap m = makeMap({60, 60, 30}, {1.0, 1.0, 1.0});
  const Geometry& g = m.labels.geometry();
  const Vec3 c = g.indexToWorld({30, 30, 15});
  fillSphere(m, c, 10.0, 2);
  const LabelMap ball = m;
  // A 1-voxel-thin spike sticking out of the ball along i.
  for (std::size_t i = 40; i < 50; ++i) m.labels.at(i, 30, 15) = 2;
  EditRules rules;

  SECTION("opening") {
    LabelMap o = m;
    const EditResult r = smooth(o, SmoothMethod::Opening, 3.0, rules, nullptr);
    for (std::size_t i = 42; i < 50; ++i) CHECK(o.labels.at(i, 30, 15) == 0);
    CHECK(r.changedVoxels > 0);
    // The ball itself survives nearly unchanged (an opening of a ball by a smaller ball is the ball).
    CHECK(diff(o.labels, ball.labels).changedVoxels < countValue(ball, 2) / 20);
    CHECK(o.labels.at(30, 30, 15) == 2);
  }
  SECTION("closing") {
    LabelMap h = ball;
    h.labels.at(30, 30, 15) = 0;  // a one-voxel hole
    h.labels.at(31, 30, 15) = 0;
    CheckingRecorder rec(h);
    smooth(h, SmoothMethod::Closing, 3.0, rules, &rec);
    CHECK(rec.ok());
    CHECK(h.labels.at(30, 30, 15) == 2);
    CHECK(h.labels.at(31, 30, 15) == 2);
    CHECK(diff(h.labels, ball.labels).changedVoxels < countValue(ball, 2) / 20);
  }
  SECTION("median") {
    LabelMap s = ball;
    s.labels.at(5, 5, 5) = 2;     // a speck far from the ball
    s.labels.at(30, 30, 15) = 0;  // a hole inside it
    smooth(s, SmoothMethod::Median, 3.0, rules, nullptr);
    CHECK(s.labels.at(5, 5, 5) == 0);
    CHECK(s.labels.at(30, 30, 15) == 2);
  }
  CHECK_THROWS_AS(smooth(m, SmoothMethod::Median, 0.0, rules, nullptr), std::invalid_argument);
}

TEST_CASE("the median is the majority vote over the box, computed here by brute force", "[label_edit]") {
  LabelMap m = makeMap({36, 30, 16}, {1.0, 1.0, 1.5}, kIdentity3, 1);
  const Geometry& g = m.labels.geometry();
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  fillSphere(m, g.indexToWorld({10, 10, 8}), 7, 2);
  fillSphere(m, g.indexToWorld({34, 28, 15}), 6, 2);  // touches the volume border
  for (int n = 0; n < 900; ++n) m.labels.at(next() % 36, next() % 30, next() % 16) = (next() % 2) ? 2 : 1;
  const LabelMap before = m;
  smooth(m, SmoothMethod::Median, 3.0, EditRules{}, nullptr);  // radius round(1.5 / s): 2, 2, 1 voxels
  const long r[3] = {2, 2, 1};
  const long n[3] = {36, 30, 16};
  std::size_t wrong = 0, changed = 0;
  for (long k = 0; k < n[2]; ++k)
    for (long j = 0; j < n[1]; ++j)
      for (long i = 0; i < n[0]; ++i) {
        long in = 0, all = 0;
        for (long dk = -r[2]; dk <= r[2]; ++dk)
          for (long dj = -r[1]; dj <= r[1]; ++dj)
            for (long di = -r[0]; di <= r[0]; ++di) {
              // Outside the volume the edge value repeats.
              const long ii = std::clamp(i + di, 0L, n[0] - 1), jj = std::clamp(j + dj, 0L, n[1] - 1),
                         kk = std::clamp(k + dk, 0L, n[2] - 1);
              in += before.labels.at(ii, jj, kk) == 2;
              ++all;
            }
        const std::uint8_t expected = 2 * in > all ? 2 : 0;
        const std::uint8_t was = before.labels.at(i, j, k);
        // Voxels that become tumour get 2; tumour voxels that leave get eraseTo (0); others keep their value.
        const std::uint8_t want = expected == 2 ? 2 : (was == 2 ? 0 : was);
        wrong += m.labels.at(i, j, k) != want;
        changed += m.labels.at(i, j, k) != was;
      }
  CHECK(wrong == 0);
  CHECK(changed > 100);
}

TEST_CASE("logical operations with another label or mask", "[label_edit]") {
  LabelMap m = makeMap({20, 20, 10}, {1.0, 1.0, 1.0});
  // Tumour (2) fills i < 10; label 3 fills j < 8; they overlap nowhere (one label per voxel): 3 wins there.
  for (std::size_t k = 0; k < 10; ++k)
    for (std::size_t j = 0; j < 20; ++j)
      for (std::size_t i = 0; i < 20; ++i) {
        if (i < 10) m.labels.at(i, j, k) = 2;
        if (j < 8) m.labels.at(i, j, k) = 3;
      }
  const LabelMap before = m;
  // Operand: a box i in [5, 15), all j, k < 5.
  Volume<std::uint8_t> operand(m.labels.geometry(), 0);
  for (std::size_t k = 0; k < 5; ++k)
    for (std::size_t j = 0; j < 20; ++j)
      for (std::size_t i = 5; i < 15; ++i) operand.at(i, j, k) = 1;
  EditRules rules;  // label 2, eraseTo 0
  auto expectEach = [&](LogicalOp op, auto expected) {
    LabelMap x = before;
    CheckingRecorder rec(x);
    const EditResult r = logical(x, op, operand, rules, &rec);
    CHECK(rec.ok());
    std::size_t wrong = 0;
    for (std::size_t k = 0; k < 10; ++k)
      for (std::size_t j = 0; j < 20; ++j)
        for (std::size_t i = 0; i < 20; ++i)
          wrong += x.labels.at(i, j, k) != expected(i, j, k, before.labels.at(i, j, k), operand.at(i, j, k) != 0);
    CHECK(wrong == 0);
    CHECK(r.changedVoxels == diff(before.labels, x.labels).changedVoxels);
    CHECK(r.changedVoxels > 0);
  };
  expectEach(LogicalOp::Union, [](auto, auto, auto, std::uint8_t v, bool in) -> std::uint8_t { return in ? 2 : v; });
  expectEach(LogicalOp::Intersect,
             [](auto, auto, auto, std::uint8_t v, bool in) -> std::uint8_t { return v == 2 && !in ? 0 : v; });
  expectEach(LogicalOp::Subtract,
             [](auto, auto, auto, std::uint8_t v, bool in) -> std::uint8_t { return v == 2 && in ? 0 : v; });
  expectEach(LogicalOp::Invert, [](auto, auto, auto, std::uint8_t v, bool) -> std::uint8_t {
    return v == 2 ? 0 : v == 0 ? 2 : v;
  });
  expectEach(LogicalOp::Clear, [](auto, auto, auto, std::uint8_t v, bool) -> std::uint8_t { return v == 2 ? 0 : v; });

  // maskOf and a locked operand label: union with label 3 (locked) changes nothing.
  const Volume<std::uint8_t> three = maskOf(before, 3);
  CHECK(std::count(three.buffer().begin(), three.buffer().end(), 1) == long(countValue(before, 3)));
  LabelMap x = before;
  x.table.find(3)->locked = true;
  CHECK(logical(x, LogicalOp::Union, three, rules, nullptr).changedVoxels == 0);
  Volume<std::uint8_t> wrongGrid(Geometry{{20, 20, 9}, {1, 1, 1}, {}, kIdentity3}, 0);
  CHECK_THROWS_AS(logical(x, LogicalOp::Union, wrongGrid, rules, nullptr), std::invalid_argument);
}

TEST_CASE("bad arguments throw std::invalid_argument with a message", "[label_edit]") {
  LabelMap m = makeMap({10, 10, 10}, {1, 1, 1});
  EditRules rules;
  Brush brush;
  brush.radiusMm = 0;
  CHECK_THROWS_AS(paintDab(m, {0, 0, 0}, brush, rules, nullptr), std::invalid_argument);
  brush.radiusMm = 2;
  brush.shape = BrushShape::Disc;
  brush.sliceAxis = 3;
  CHECK_THROWS_AS(paintDab(m, {0, 0, 0}, brush, rules, nullptr), std::invalid_argument);
  brush.sliceAxis = 2;
  rules.label = 0;
  CHECK_THROWS_WITH(paintDab(m, {0, 0, 0}, brush, rules, nullptr), Catch::Contains("label 0"));
  CHECK_THROWS_AS(margin(m, 2.0, rules, nullptr), std::invalid_argument);
  CHECK_THROWS_AS(fillBetweenSlices(m, -1, EditRules{}, nullptr), std::invalid_argument);
  // A dab entirely outside the grid changes nothing.
  brush.shape = BrushShape::Sphere;
  CHECK(paintDab(m, {100, 100, 100}, brush, EditRules{}, nullptr).changedVoxels == 0);
}

TEST_CASE("a cancelled operation throws Cancelled and leaves the map untouched", "[label_edit]") {
  LabelMap m = makeMap({40, 40, 20}, {1, 1, 1});
  fillSphere(m, m.labels.geometry().indexToWorld({20, 20, 10}), 6, 2);
  const LabelMap before = m;
  const ProgressSink stop = [](double, std::string_view) { return false; };
  CHECK_THROWS_AS(margin(m, 3.0, EditRules{}, nullptr, stop), Cancelled);
  CHECK_THROWS_AS(smooth(m, SmoothMethod::Closing, 3.0, EditRules{}, nullptr, stop), Cancelled);
  CHECK_THROWS_AS(islands(m, IslandMode::KeepLargest, 0, EditRules{}, nullptr, stop), Cancelled);
  CHECK(m.labels.buffer() == before.labels.buffer());
}


TEST_CASE("erase region in 3D removes the whole lesion; in the slice it split it in two (issue 15)", "[label_edit][region3d]") {
  LabelMap m = makeMap({40, 40, 20}, {1.0, 1.0, 2.0}, kIdentity3, 1);  // liver everywhere
  m.table = LabelTable::standard();
  const Geometry& g = m.labels.geometry();
  fillSphere(m, g.indexToWorld({20, 20, 10}), 9.0, 2);  // one lesion over several slices
  fillSphere(m, g.indexToWorld({6, 6, 4}), 3.0, 2);     // and a second one elsewhere
  REQUIRE(measure(m).tumourCount == 2);
  EditRules rules;
  rules.label = 2;
  rules.eraseTo = 1;
  {
    LabelMap slice = m;
    fillRegionInSlice(slice, {20, 20, 10}, 2, rules, nullptr, true);
    CHECK(measure(slice).tumourCount == 3);  // the old behaviour: the lesion is cut in two
  }
  CheckingRecorder rec(m);
  const EditResult r = fillRegion3d(m, {20, 20, 10}, rules, &rec, true);
  CHECK(rec.ok());
  CHECK(r.changedVoxels > 100);
  const Measurements after = measure(m);
  CHECK(after.tumourCount == 1);  // the other lesion stays
  CHECK(m.labels.at(6, 6, 4) == 2);
  CHECK(m.labels.at(20, 20, 10) == 1);
  CHECK(m.labels.at(20, 20, 6) == 1);  // slices above and below too
  CHECK(m.labels.at(20, 20, 14) == 1);
}

TEST_CASE("fill region in 3D fills an enclosed cavity and refuses an open region without writing", "[label_edit][region3d]") {
  LabelMap m = makeMap({30, 30, 30}, {1.0, 1.0, 1.0});
  const Geometry& g = m.labels.geometry();
  fillSphere(m, g.indexToWorld({15, 15, 15}), 10.0, 1);
  fillSphere(m, g.indexToWorld({15, 15, 15}), 6.0, 0);  // a hollow shell
  EditRules rules;
  rules.label = 2;
  rules.overwriteOtherLabels = false;
  CheckingRecorder rec(m);
  const EditResult r = fillRegion3d(m, {15, 15, 15}, rules, &rec);
  CHECK(rec.ok());
  CHECK(r.changedVoxels > 500);
  CHECK(m.labels.at(15, 15, 15) == 2);
  CHECK(m.labels.at(0, 0, 0) == 0);  // outside the shell untouched
  const LabelMap before = m;
  CHECK_THROWS_WITH(fillRegion3d(m, {0, 0, 0}, rules, nullptr), Catch::Contains("not enclosed in 3D"));
  CHECK(m.labels.buffer() == before.labels.buffer());
}
