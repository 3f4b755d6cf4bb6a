// Measurements on shapes whose answers are known analytically.
#include "support.h"
#include <hccws/core/measurements.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace hccws::core;

namespace {

LabelMap emptyMap(Dims3 dims, Vec3 spacing) { return hccws::test::emptyLabelMap(dims, spacing, {-10, 20, -300}); }

// Voxel centres within `radius` mm of `centre` (index space scaled by spacing) get `label`.
void paintSphere(LabelMap& m, Vec3 centreMm, double radius, std::uint8_t label) {
  const Geometry& g = m.labels.geometry();
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = i * g.spacingMm[0] - centreMm[0], y = j * g.spacingMm[1] - centreMm[1],
                     z = k * g.spacingMm[2] - centreMm[2];
        if (x * x + y * y + z * z <= radius * radius) m.labels.at(i, j, k) = label;
      }
}

void paintBox(LabelMap& m, Dims3 lo, Dims3 size, std::uint8_t label) {
  for (std::size_t k = lo[2]; k < lo[2] + size[2]; ++k)
    for (std::size_t j = lo[1]; j < lo[1] + size[1]; ++j)
      for (std::size_t i = lo[0]; i < lo[0] + size[0]; ++i) m.labels.at(i, j, k) = label;
}

}  // namespace

TEST_CASE("a voxelised sphere: volume within 2%, diameters within one voxel", "[measure]") {
  const double s = 0.5, d = 30.0;
  LabelMap m = emptyMap({72, 72, 72}, {s, s, s});
  // Off-grid centre so that the sphere is not symmetric about voxel centres.
  paintSphere(m, {17.8, 18.1, 17.55}, d / 2, 2);
  MeasurementOptions o;
  o.minTumourMl = 0;
  const Measurements r = measure(m, o);
  REQUIRE(r.tumourCount == 1);
  const double trueMl = 4.0 / 3.0 * M_PI * std::pow(d / 2, 3) / 1000.0;
  CHECK(r.tumourVolumeMl == Approx(trueMl).epsilon(0.02));
  CHECK(std::abs(r.largestDiameter3dMm - d) <= s);
  CHECK(std::abs(r.largestAxialDiameterMm - d) <= s);
  CHECK(r.tumours[0].centroidLps[0] == Approx(-10 + 17.8).margin(0.05));
}

TEST_CASE("an anisotropic sphere (0.7 x 0.7 x 2 mm): volume within 2%, diameters within one voxel", "[measure]") {
  const Vec3 s{0.7, 0.7, 2.0};
  const double d = 50.0;
  LabelMap m = emptyMap({90, 90, 34}, s);
  paintSphere(m, {31.3, 31.0, 33.2}, d / 2, 2);
  const Measurements r = measure(m);
  REQUIRE(r.tumourCount == 1);
  const double trueMl = 4.0 / 3.0 * M_PI * std::pow(d / 2, 3) / 1000.0;
  CHECK(r.tumourVolumeMl == Approx(trueMl).epsilon(0.02));
  CHECK(std::abs(r.largestDiameter3dMm - d) <= 2.0);  // one voxel along the coarsest axis
  CHECK(std::abs(r.largestAxialDiameterMm - d) <= 0.7);
}

TEST_CASE("a box: exact volume, diagonal diameters within one voxel", "[measure]") {
  LabelMap m = emptyMap({40, 30, 20}, {1, 1, 1});
  paintBox(m, {5, 5, 5}, {20, 10, 6}, 2);
  MeasurementOptions o;
  o.minTumourMl = 0;
  const Measurements r = measure(m, o);
  REQUIRE(r.tumourCount == 1);
  CHECK(r.tumourVolumeMl == Approx(1.2));
  CHECK(std::abs(r.largestDiameter3dMm - std::sqrt(20.0 * 20 + 10 * 10 + 6 * 6)) <= 1.0);
  CHECK(std::abs(r.largestAxialDiameterMm - std::sqrt(20.0 * 20 + 10 * 10)) <= 1.0);
}

TEST_CASE("two separate spheres in a liver: count, per-tumour volume, burden", "[measure]") {
  LabelMap m = emptyMap({80, 60, 50}, {1, 1, 1});
  paintBox(m, {2, 2, 2}, {76, 56, 46}, 1);  // liver
  paintSphere(m, {20, 30, 25}, 10, 2);
  paintSphere(m, {55, 30, 25}, 6, 2);
  const Measurements r = measure(m);
  REQUIRE(r.tumourCount == 2);
  CHECK(r.tumours[0].volumeMl == Approx(4.0 / 3 * M_PI * 1000 / 1000).epsilon(0.02));
  CHECK(r.tumours[1].volumeMl == Approx(4.0 / 3 * M_PI * 216 / 1000).epsilon(0.03));
  CHECK(std::abs(r.tumours[0].diameter3dMm - 20) <= 1.0);
  CHECK(std::abs(r.tumours[1].diameter3dMm - 12) <= 1.0);
  CHECK(r.largestDiameter3dMm == r.tumours[0].diameter3dMm);
  const double liver = 76.0 * 56 * 46 / 1000 - r.tumourVolumeMl;
  CHECK(r.liverVolumeMl == Approx(liver));
  CHECK(r.tumourBurdenPercent == Approx(100 * r.tumourVolumeMl / (liver + r.tumourVolumeMl)));
}

TEST_CASE("connectivity and minimum size", "[measure]") {
  LabelMap m = emptyMap({20, 20, 20}, {1, 1, 1});
  paintBox(m, {2, 2, 2}, {5, 5, 5}, 2);
  paintBox(m, {7, 7, 7}, {5, 5, 5}, 2);  // touches the first only at a corner
  paintBox(m, {15, 15, 15}, {2, 2, 2}, 2);  // 8 uL: a speck
  MeasurementOptions o;
  o.minTumourMl = 0.05;
  Measurements r = measure(m, o);
  CHECK(r.tumourCount == 1);  // 26-connected: one lesion
  CHECK(r.tumours[0].voxels == 250);
  CHECK(r.ignoredComponents == 1);
  CHECK(r.ignoredVolumeMl == Approx(0.008));
  o.connectivity = Connectivity::Face6;
  r = measure(m, o);
  CHECK(r.tumourCount == 2);
  o.minTumourMl = 0;
  r = measure(m, o);
  CHECK(r.tumourCount == 3);
}

TEST_CASE("empty and tumour-free maps", "[measure]") {
  LabelMap m = emptyMap({10, 10, 10}, {1, 1, 1});
  Measurements r = measure(m);
  CHECK(r.tumourCount == 0);
  CHECK(r.tumourBurdenPercent == 0);
  paintBox(m, {0, 0, 0}, {10, 10, 10}, 1);
  m.labels.at(3, 3, 3) = 3;
  r = measure(m);
  CHECK(r.liverVolumeMl == Approx(0.999));
  CHECK(r.pvttPresent);
  CHECK(r.pvttVolumeMl == Approx(0.001));
  // A single voxel tumour has a diameter of one voxel.
  m.labels.at(5, 5, 5) = 2;
  MeasurementOptions o;
  o.minTumourMl = 0;
  r = measure(m, o);
  CHECK(r.tumours.at(0).diameter3dMm == Approx(1.0));
  CHECK(r.tumours.at(0).axialDiameterMm == Approx(1.0));
}
