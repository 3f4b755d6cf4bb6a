// The synthetic phantom: determinism, anatomy, enhancement per phase and subtype, truth labels and the
// transform convention. Small grids keep it fast.
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>
#include <hccws/core/resample.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace hccws::core;

namespace {

PhantomOptions small() {
  PhantomOptions o;
  o.dims = {96, 96, 48};
  o.spacingMm = {3.5, 3.5, 4.5};
  o.phases = {PhaseKind::Arterial, PhaseKind::PortalVenous};
  return o;
}

// Mean HU of `ct` over voxels whose label is `label`.
double meanIn(const CtVolume& ct, const LabelMap& labels, std::uint8_t label) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t v = 0; v < ct.size(); ++v)
    if (labels.labels.data()[v] == label) sum += ct.data()[v], ++n;
  return n ? sum / n : std::nan("");
}

double valueAtWorld(const CtVolume& ct, const Vec3& w) {
  const Vec3 ijk = ct.geometry().worldToIndex(w);
  return ct.at(std::size_t(std::lround(ijk[0])), std::size_t(std::lround(ijk[1])), std::size_t(std::lround(ijk[2])));
}

}  // namespace

TEST_CASE("the phantom is deterministic by seed and independent of the thread count", "[phantom]") {
  PhantomOptions o = small();
  o.threads = 1;
  const Phantom a = generatePhantom(o);
  o.threads = 3;
  const Phantom b = generatePhantom(o);
  REQUIRE(a.phases.size() == 2);
  CHECK(a.phases[0].volume.buffer() == b.phases[0].volume.buffer());
  CHECK(a.phases[1].volume.buffer() == b.phases[1].volume.buffer());
  CHECK(a.truthLabels.labels.buffer() == b.truthLabels.labels.buffer());
  o.seed = 8;
  const Phantom c = generatePhantom(o);
  CHECK(a.phases[0].volume.buffer() != c.phases[0].volume.buffer());
}

TEST_CASE("non-proliferative phantom: anatomy, enhancement and washout", "[phantom]") {
  PhantomOptions o = small();
  o.phases = {PhaseKind::Native, PhaseKind::Arterial, PhaseKind::PortalVenous, PhaseKind::Delayed};
  o.portalVenousMotion = {};  // aligned, so that the arterial labels index every phase
  o.tumourDiametersMm = {50};
  const Phantom ph = generatePhantom(o);
  const Measurements m = measure(ph.truthLabels);
  CHECK(m.tumourCount == 1);
  CHECK(m.liverVolumeMl > 1000);
  CHECK(m.liverVolumeMl < 2500);
  CHECK(std::abs(m.largestDiameter3dMm - 50) <= 4.5);  // within one voxel (4.5 mm slices)
  CHECK(m.tumours[0].volumeMl == Approx(4.0 / 3 * M_PI * 25 * 25 * 25 / 1000).epsilon(0.08));

  const auto& L = ph.truthLabels;
  const double liverN = meanIn(ph.find(PhaseKind::Native)->volume, L, 1);
  const double liverA = meanIn(ph.find(PhaseKind::Arterial)->volume, L, 1);
  const double liverP = meanIn(ph.find(PhaseKind::PortalVenous)->volume, L, 1);
  const double tumA = meanIn(ph.find(PhaseKind::Arterial)->volume, L, 2);
  const double tumP = meanIn(ph.find(PhaseKind::PortalVenous)->volume, L, 2);
  const double tumD = meanIn(ph.find(PhaseKind::Delayed)->volume, L, 2);
  // Liver values include intrahepatic portal branches, hence the margins.
  CHECK(liverN == Approx(55).margin(6));
  CHECK(liverA == Approx(75).margin(12));
  CHECK(liverP == Approx(112).margin(10));
  CHECK(tumA == Approx(120).margin(5));
  CHECK(tumP == Approx(80).margin(5));
  CHECK(tumD == Approx(60).margin(5));
  CHECK(tumA > liverA);  // arterial hyperenhancement
  CHECK(tumP < liverP);  // portal venous washout

  // The aorta (anatomy x = 12, y = 18 mm from the grid centre) is bright in the arterial phase only.
  const Geometry& g = ph.geometry;
  const Vec3 c = g.indexToWorld({(g.dims[0] - 1) / 2.0, (g.dims[1] - 1) / 2.0, (g.dims[2] - 1) / 2.0});
  const Vec3 aorta{c[0] + 12, c[1] + 18, c[2]};
  CHECK(valueAtWorld(ph.find(PhaseKind::Arterial)->volume, aorta) > 280);
  CHECK(valueAtWorld(ph.find(PhaseKind::PortalVenous)->volume, aorta) < 230);
  CHECK(valueAtWorld(ph.find(PhaseKind::Native)->volume, aorta) < 90);
  // Air outside the body at the corner.
  CHECK(ph.find(PhaseKind::Arterial)->volume.at(0, 0, 0) < -900);
}

TEST_CASE("proliferative-like phantom: larger, necrotic, higher portal-venous signal, PVTT", "[phantom]") {
  PhantomOptions o = small();
  o.subtype = TumourSubtype::Proliferative;
  o.pvtt = true;
  o.portalVenousMotion = {};
  const Phantom ph = generatePhantom(o);
  const Measurements m = measure(ph.truthLabels);
  CHECK(m.tumourCount == 1);
  CHECK(m.largestDiameter3dMm > 70);  // default 80 mm, lobulated
  CHECK(m.pvttPresent);
  REQUIRE(ph.tumours.size() == 1);
  CHECK(ph.tumours[0].necrotic);
  const double tumA = meanIn(ph.find(PhaseKind::Arterial)->volume, ph.truthLabels, 2);
  const double tumP = meanIn(ph.find(PhaseKind::PortalVenous)->volume, ph.truthLabels, 2);
  CHECK(tumP > 80);          // more than the non-proliferative washout
  CHECK(tumP >= tumA - 10);  // does not wash out like the non-proliferative type
  // Heterogeneous: the spread inside the tumour is far above the noise.
  const auto& v = ph.find(PhaseKind::Arterial)->volume;
  double s = 0, s2 = 0, n = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (ph.truthLabels.labels.data()[i] == 2) s += v.data()[i], s2 += double(v.data()[i]) * v.data()[i], ++n;
  CHECK(std::sqrt(s2 / n - (s / n) * (s / n)) > 25);
}

TEST_CASE("several tumours of given sizes", "[phantom]") {
  PhantomOptions o = small();
  o.tumourCount = 3;
  o.tumourDiametersMm = {45, 25};
  o.phases = {PhaseKind::Arterial};
  const Phantom ph = generatePhantom(o);
  REQUIRE(ph.tumours.size() == 3);
  CHECK(ph.tumours[2].nominalDiameterMm == Approx(15.75));
  CHECK(measure(ph.truthLabels).tumourCount == 3);
}

TEST_CASE("the portal venous phase moves by the stated transform", "[phantom]") {
  PhantomOptions o = small();
  o.noiseSigmaHu = 0;
  const Phantom ph = generatePhantom(o);
  const PhantomPhase& pv = *ph.find(PhaseKind::PortalVenous);
  CHECK(!pv.arterialToPhase.isIdentity());
  // Resampling PV with arterial->PV onto the arterial grid puts the liver under the arterial labels.
  const CtVolume aligned = resample(pv.volume, ph.geometry, pv.arterialToPhase);
  const double before = meanIn(pv.volume, ph.truthLabels, 2);
  const double after = meanIn(aligned, ph.truthLabels, 2);
  CHECK(after == Approx(80).margin(4));
  CHECK(std::abs(before - 80) > std::abs(after - 80));
  const double liverAfter = meanIn(aligned, ph.truthLabels, 1);
  CHECK(liverAfter == Approx(112).margin(8));
}

TEST_CASE("impossible phantom options are rejected with a message", "[phantom]") {
  PhantomOptions o = small();
  o.tumourDiametersMm = {140};
  CHECK_THROWS_AS(generatePhantom(o), std::invalid_argument);
  o = small();
  o.dims = {0, 10, 10};
  CHECK_THROWS_AS(generatePhantom(o), std::invalid_argument);
  o = small();
  o.phases = {PhaseKind::Unknown};
  CHECK_THROWS_AS(generatePhantom(o), std::invalid_argument);
}

TEST_CASE("the phantom reports progress and can be cancelled", "[phantom]") {
  PhantomOptions o = small();
  int calls = 0;
  CHECK_THROWS_AS(generatePhantom(o, [&](double, std::string_view) { return ++calls < 5; }), Cancelled);
  CHECK(calls == 5);
}
