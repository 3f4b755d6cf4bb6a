// Active contour from a seed (active_contour.h): a sphere of known size on an anisotropic noisy grid, the
// tumours of the synthetic phantom (portal venous phase), the threshold chosen from the seed, the box limit,
// apply with the editing rules, refusals and cancellation.
#include <hccws/core/active_contour.h>
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>

using namespace hccws::core;

namespace {

// Liver-like 110 HU with a 62 HU sphere of radius 12 mm at the centre; noise SD 12 HU; 0.8 x 0.8 x 2.5 mm.
struct Sphere {
  CtVolume ct;
  Volume<std::uint8_t> truth;
  Vec3 centre;
};

Sphere sphere() {
  Geometry g;
  g.dims = {80, 80, 28};
  g.spacingMm = {0.8, 0.8, 2.5};
  g.originLps = {-30, 20, -100};
  Sphere s{CtVolume(g, 0), Volume<std::uint8_t>(g, 0), g.indexToWorld({40, 40, 14})};
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 12);
  for (std::size_t k = 0; k < 28; ++k)
    for (std::size_t j = 0; j < 80; ++j)
      for (std::size_t i = 0; i < 80; ++i) {
        const double dx = (double(i) - 40) * 0.8, dy = (double(j) - 40) * 0.8, dz = (double(k) - 14) * 2.5;
        const bool in = std::sqrt(dx * dx + dy * dy + dz * dz) <= 12;
        s.truth.at(i, j, k) = in;
        s.ct.at(i, j, k) = static_cast<std::int16_t>(std::lround((in ? 62 : 110) + noise(rng)));
      }
  return s;
}

double dice(const Volume<std::uint8_t>& a, const Volume<std::uint8_t>& b, std::uint8_t vb = 1) {
  std::size_t na = 0, nb = 0, both = 0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    const bool x = a.data()[n] != 0, y = b.data()[n] == vb;
    na += x;
    nb += y;
    both += x && y;
  }
  return 2.0 * double(both) / double(na + nb);
}

}  // namespace

TEST_CASE("active contour: a sphere on an anisotropic noisy grid from its centre", "[contour]") {
  const Sphere s = sphere();
  const ActiveContourResult r = activeContour(s.ct, s.centre);
  const double d = dice(r.mask, s.truth);
  std::printf("active contour, 12 mm sphere: Dice %.3f, %d iterations, %.2f mL (true %.2f), threshold %s\n", d,
              r.iterations, r.volumeMl, 4.0 / 3.0 * M_PI * 12 * 12 * 12 / 1000, r.thresholdReason.c_str());
  CHECK(d >= 0.90);
  CHECK(r.threshold.min < 62);
  CHECK(r.threshold.max > 62);
  CHECK(r.threshold.max < 110);  // the liver is outside the range chosen from the seed
  CHECK(r.thresholdReason.find("seed mean") != std::string::npos);
  CHECK(r.box.containsBox(r.tightBox));
}

TEST_CASE("active contour: the box limits the region; a given range is used as given", "[contour]") {
  const Sphere s = sphere();
  ActiveContourOptions o;
  o.box = IndexBox{{30, 30, 10}, {50, 50, 18}};
  const ActiveContourResult r = activeContour(s.ct, s.centre, o);
  CHECK(o.box->containsBox(r.tightBox));
  o.box.reset();
  o.threshold = HuRange{-2000, 3000};  // everything: the contour fills the whole cube around the seed
  o.maxRadiusMm = 10;
  o.maxIterations = 2000;
  const ActiveContourResult all = activeContour(s.ct, s.centre, o);
  CHECK(all.thresholdReason.find("given") != std::string::npos);
  CHECK(all.voxels > r.voxels);
  CHECK(all.box.containsBox(all.tightBox));
}

TEST_CASE("active contour: the phantom's tumours in the portal venous phase", "[contour]") {
  PhantomOptions po;
  po.dims = {128, 128, 48};
  po.spacingMm = {2.5, 2.5, 4.0};
  po.seed = 31;
  po.phases = {PhaseKind::PortalVenous};
  po.portalVenousMotion = RigidMotion{};  // the truth is in the arterial frame: no motion between the phases
  const Phantom ph = generatePhantom(po);
  const Measurements m = measure(ph.truthLabels);
  REQUIRE(!m.tumours.empty());
  int tested = 0;
  for (const TumourMeasurement& t : m.tumours) {
    if (t.volumeMl < 2) continue;
    const ActiveContourResult r = activeContour(ph.phases.front().volume, t.centroidLps);
    // Dice against this tumour only (its component of the truth's tumour label near the centroid).
    Volume<std::uint8_t> mine(ph.geometry, 0);
    std::size_t both = 0, truthN = 0;
    for (std::size_t n = 0; n < mine.size(); ++n) {
      // voxels of the truth tumour inside the searched box belong to this lesion (lesions are far apart)
      const auto& g = ph.geometry;
      const std::size_t i = n % g.dims[0], j = (n / g.dims[0]) % g.dims[1], k = n / (g.dims[0] * g.dims[1]);
      const bool truth = ph.truthLabels.labels.data()[n] == 2 && r.box.contains(i, j, k);
      truthN += truth;
      both += truth && r.mask.data()[n];
    }
    const double d = 2.0 * double(both) / double(truthN + r.voxels);
    std::printf("active contour, phantom tumour %d (%.1f mL): Dice %.3f, %.1f mL, %s\n", t.id, t.volumeMl, d, r.volumeMl,
                r.thresholdReason.c_str());
    CHECK(d >= 0.85);
    ++tested;
  }
  CHECK(tested >= 1);
}

TEST_CASE("active contour: apply writes the label where the rules allow", "[contour]") {
  const Sphere s = sphere();
  const ActiveContourResult r = activeContour(s.ct, s.centre);
  LabelMap map;
  map.labels = Volume<std::uint8_t>(s.ct.geometry(), 0);
  for (std::size_t j = 0; j < 80; ++j)
    for (std::size_t i = 0; i < 40; ++i)
      for (std::size_t k = 0; k < 28; ++k) map.labels.at(i, j, k) = 1;  // liver on the left half
  EditRules rules;
  rules.label = 2;
  rules.editable = {1};  // tumour only inside the liver
  const EditResult e = applyMask(map, r.mask, r.box, rules, nullptr);
  CHECK(e.changedVoxels > 0);
  std::size_t outside = 0, inside = 0;
  for (std::size_t k = 0; k < 28; ++k)
    for (std::size_t j = 0; j < 80; ++j)
      for (std::size_t i = 0; i < 80; ++i) {
        if (map.labels.at(i, j, k) != 2) continue;
        (i < 40 ? inside : outside) += 1;
      }
  CHECK(inside == e.changedVoxels);
  CHECK(outside == 0);
}

TEST_CASE("active contour: refusals and cancellation", "[contour]") {
  const Sphere s = sphere();
  CHECK_THROWS_WITH(activeContour(s.ct, {1e4, 0, 0}), Catch::Contains("outside the image"));
  ActiveContourOptions o;
  o.box = IndexBox{{0, 0, 0}, {10, 10, 10}};
  CHECK_THROWS_WITH(activeContour(s.ct, s.centre, o), Catch::Contains("outside the box"));
  o.box.reset();
  o.maxIterations = 0;
  CHECK_THROWS_AS(activeContour(s.ct, s.centre, o), std::invalid_argument);
  CHECK_THROWS_AS(activeContour(s.ct, s.centre, {}, [](double f, std::string_view) { return f < 0.3; }), Cancelled);
}
