#include <hccws/core/geometry.h>
#include <hccws/core/study.h>

#include <catch2/catch.hpp>

using namespace hccws::core;

TEST_CASE("index <-> world round trip with an oblique direction", "[geometry]") {
  Geometry g;
  g.dims = {10, 20, 30};
  g.spacingMm = {0.5, 0.75, 2.5};
  g.originLps = {-100, 50, -300};
  const double c = std::cos(0.3), s = std::sin(0.3);
  g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  const Vec3 ijk{3, 7, 11};
  const Vec3 w = g.indexToWorld(ijk);
  // By hand: origin + R * (1.5, 5.25, 27.5)
  CHECK(w[0] == Approx(-100 + c * 1.5 - s * 5.25));
  CHECK(w[1] == Approx(50 + s * 1.5 + c * 5.25));
  CHECK(w[2] == Approx(-300 + 27.5));
  const Vec3 back = g.worldToIndex(w);
  for (int a = 0; a < 3; ++a) CHECK(back[a] == Approx(ijk[a]).margin(1e-9));
}

TEST_CASE("orientation code names the closest anatomical axes", "[geometry]") {
  Geometry g;
  CHECK(g.orientationCode() == "LPS");
  g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
  CHECK(g.orientationCode() == "RAS");
  CHECK(g.sliceNormal()[2] == Approx(1));
}

TEST_CASE("phase names parse in every spelling the command line accepts", "[study]") {
  CHECK(phaseKindFromString("arterial") == PhaseKind::Arterial);
  CHECK(phaseKindFromString("PV") == PhaseKind::PortalVenous);
  CHECK(phaseKindFromString("portal-venous") == PhaseKind::PortalVenous);
  CHECK_FALSE(phaseKindFromString("bogus").has_value());
  CHECK(toString(PhaseKind::PortalVenous) == "portal_venous");
}
