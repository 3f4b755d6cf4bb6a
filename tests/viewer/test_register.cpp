// Registration recovers the phantom's known portal-venous motion; resampling follows ITK's convention.
#include <hccws/core/phantom.h>
#include <hccws/core/registration.h>
#include <hccws/core/resample.h>

#include <hccws/core/intensity_map.h>

#include <catch2/catch.hpp>

#include <algorithm>

#include <cmath>

using namespace hccws::core;

namespace {

std::vector<Vec3> liverPoints(const Phantom& ph) {
  std::vector<Vec3> pts;
  const auto& l = ph.truthLabels.labels;
  const Geometry& g = l.geometry();
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i)
        if (l.at(i, j, k) != 0) pts.push_back(g.indexToWorld({double(i), double(j), double(k)}));
  return pts;
}

// Arterial and portal-venous phases; the PV phase moved by 2 / -1.5 / 3 degrees and 4 / -5 / 7 mm.
Phantom movingPhantom() {
  PhantomOptions o;
  o.dims = {128, 128, 64};
  o.spacingMm = {2.7, 2.7, 3.2};
  o.phases = {PhaseKind::Arterial, PhaseKind::PortalVenous};
  o.portalVenousMotion = {{2.0, -1.5, 3.0}, {4.0, -5.0, 7.0}};
  return generatePhantom(o);
}

}  // namespace

TEST_CASE("affine transforms: rigid construction, inverse, composition", "[register]") {
  const Vec3 c{10, -20, 30};
  const AffineTransform t = AffineTransform::rigid({3, -2, 5}, {1, 2, 3}, c);
  const Vec3 tc = t.apply(c);
  CHECK(tc[0] == Approx(11));
  CHECK(tc[1] == Approx(-18));
  CHECK(tc[2] == Approx(33));
  const Vec3 angles = eulerAnglesDeg(t.matrix);
  CHECK(angles[0] == Approx(3));
  CHECK(angles[1] == Approx(-2));
  CHECK(angles[2] == Approx(5));
  CHECK(compose(t.inverse(), t).isIdentity(1e-9));
}

TEST_CASE("resampling with a pure translation shifts the image by whole voxels", "[register]") {
  Geometry g;
  g.dims = {8, 6, 4};
  g.spacingMm = {2, 2, 3};
  CtVolume v(g, 0);
  for (std::size_t n = 0; n < v.size(); ++n) v.data()[n] = static_cast<std::int16_t>(n);
  AffineTransform shift;
  shift.translation = {2, 0, 3};  // output point p samples the source at p + (1 voxel in i, 1 in k)
  ResampleOptions o;
  o.fillValue = -5;
  const CtVolume out = resample(v, g, shift, o);
  CHECK(out.at(0, 0, 0) == v.at(1, 0, 1));
  CHECK(out.at(6, 5, 2) == v.at(7, 5, 3));
  CHECK(out.at(7, 0, 0) == -5);  // beyond the source
  o.interpolation = Interpolation::Nearest;
  shift.translation = {1.2, 0, 0};  // 0.6 voxel: nearest picks the next voxel, linear interpolates
  CHECK(resample(v, g, shift, o).at(2, 2, 2) == v.at(3, 2, 2));
  o.interpolation = Interpolation::Linear;
  CHECK(resample(v, g, shift, o).at(2, 2, 2) == v.at(2, 2, 2) + 1);  // 0.6 of a step of 1 rounds to 1
  const auto labels = resampleLabels(Volume<std::uint8_t>(g, 7), g, shift);
  CHECK(labels.at(0, 0, 0) == 7);
  CHECK(labels.at(7, 0, 0) == 0);
}

TEST_CASE("registration recovers the phantom's portal-venous motion within 1.5 mm", "[register]") {
  const Phantom ph = movingPhantom();
  const PhantomPhase& pv = *ph.find(PhaseKind::PortalVenous);
  const auto pts = liverPoints(ph);
  const TransformDifference initial = compareTransforms(AffineTransform{}, pv.arterialToPhase, pts);
  CHECK(initial.meanMm > 5);

  int reports = 0;
  RegistrationOptions ro;
  ro.levelVoxelMm = {6.0, 3.0};
  const RegistrationResult r =
      registerImages(ph.find(PhaseKind::Arterial)->volume, pv.volume, ro, [&](double, std::string_view) { ++reports; return true; });
  const TransformDifference err = compareTransforms(r.fixedToMoving, pv.arterialToPhase, pts);
  INFO("mean error " << err.meanMm << " mm, max " << err.maxMm << " mm, " << r.iterations << " iterations, "
                     << r.seconds << " s, NMI " << r.nmiBefore << " -> " << r.nmiAfter);
  CHECK(err.meanMm < 1.5);
  CHECK(r.nmiAfter > r.nmiBefore);
  CHECK(reports > 5);
  CHECK(r.rotationDeg[2] == Approx(3.0).margin(0.5));
  CHECK(r.translationMm[2] == Approx(7.0).margin(1.5));
  CHECK(r.transformType == "VersorRigid3D");
  CHECK(r.parameters.size() == 6);
}

TEST_CASE("MRI: registration without HU recovers the motion (values through an intensity map)", "[register][mri]") {
  const Phantom ph = movingPhantom();
  const PhantomPhase& pv = *ph.find(PhaseKind::PortalVenous);
  // MR-like values: no HU, 0 outside the body, up to ~50000 (do not fit int16: stored through a map).
  auto toMr = [](const CtVolume& ct, IntensityMap* map) {
    FloatVolume f(ct.geometry());
    for (std::size_t n = 0; n < ct.size(); ++n) f.buffer()[n] = std::clamp((ct.buffer()[n] + 300.0f) * 80.0f, 0.0f, 60000.0f);
    return quantiseToInt16(f, map);
  };
  IntensityMap fixedMap, movingMap;
  const CtVolume fixed = toMr(ph.find(PhaseKind::Arterial)->volume, &fixedMap);
  const CtVolume moving = toMr(pv.volume, &movingMap);
  REQUIRE_FALSE(fixedMap.identity());
  RegistrationOptions ro;
  ro.levelVoxelMm = {6.0, 3.0};
  ro.hounsfield = false;
  const RegistrationResult r = registerImages(fixed, moving, ro);
  const TransformDifference err = compareTransforms(r.fixedToMoving, pv.arterialToPhase, liverPoints(ph));
  INFO("mean error " << err.meanMm << " mm, NMI " << r.nmiBefore << " -> " << r.nmiAfter);
  CHECK(err.meanMm < 1.5);
  CHECK(r.nmiAfter > r.nmiBefore);
  // With CT's HU rules on these values the body mask would be everything above -500 stored units: the MR
  // rules are what make the report's NMI meaningful (bins over the image's own percentiles).
  CHECK(r.nmiBefore > 1.0);
}

TEST_CASE("the affine stage keeps a rigid motion rigid", "[register]") {
  PhantomOptions o;
  o.dims = {96, 96, 48};
  o.spacingMm = {3.5, 3.5, 4.5};
  o.phases = {PhaseKind::Arterial, PhaseKind::PortalVenous};
  const Phantom ph = generatePhantom(o);
  const PhantomPhase& pv = *ph.find(PhaseKind::PortalVenous);
  RegistrationOptions ro;
  ro.levelVoxelMm = {7.0, 3.5};
  ro.affine = true;
  const RegistrationResult r = registerImages(ph.find(PhaseKind::Arterial)->volume, pv.volume, ro);
  const TransformDifference err = compareTransforms(r.fixedToMoving, pv.arterialToPhase, liverPoints(ph));
  INFO("mean error " << err.meanMm << " mm, max " << err.maxMm);
  CHECK(r.transformType == "Affine");
  CHECK(r.parameters.size() == 12);
  CHECK(err.meanMm < 1.5);
  CHECK(r.levels.size() == 3);
}

TEST_CASE("registration can be cancelled and rejects empty input", "[register]") {
  PhantomOptions o;
  o.dims = {64, 64, 32};
  o.spacingMm = {5.5, 5.5, 6};
  o.phases = {PhaseKind::Arterial, PhaseKind::PortalVenous};
  const Phantom ph = generatePhantom(o);
  int calls = 0;
  CHECK_THROWS_AS(registerImages(ph.phases[0].volume, ph.phases[1].volume, {},
                                 [&](double, std::string_view) { return ++calls < 3; }),
                  Cancelled);
  CHECK_THROWS_AS(registerImages(CtVolume{}, ph.phases[1].volume), ImagingError);
}

TEST_CASE("a registration between phases of one examination is checked for plausibility", "[register]") {
  RegistrationResult r;
  r.nmiBefore = 1.15;
  r.nmiAfter = 1.23;
  r.rotationDeg = {1.5, -1.0, 2.5};
  r.translationMm = {3, -4, 6};
  CHECK(checkPhaseRegistration(r).plausible);
  CHECK(checkPhaseRegistration(r).reason.empty());
  auto fell = r;
  fell.nmiAfter = 1.10;
  CHECK_FALSE(checkPhaseRegistration(fell).plausible);
  CHECK(checkPhaseRegistration(fell).reason.find("NMI 1.150 -> 1.100") != std::string::npos);
  fell.nmiAfter = 1.149;  // within the tolerance
  CHECK(checkPhaseRegistration(fell).plausible);
  auto turned = r;
  turned.rotationDeg[1] = -20;
  CHECK_FALSE(checkPhaseRegistration(turned).plausible);
  CHECK(checkPhaseRegistration(turned).reason.find("-20.0 deg") != std::string::npos);
  CHECK(checkPhaseRegistration(turned, 25).plausible);
  auto shifted = r;
  shifted.translationMm = {0, 0, 80};
  CHECK_FALSE(checkPhaseRegistration(shifted).plausible);
  CHECK(checkPhaseRegistration(shifted).reason.find("80.0 mm") != std::string::npos);
  CHECK(checkPhaseRegistration(shifted, 15, 100).plausible);
}
