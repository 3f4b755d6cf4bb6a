// The peritumoral ring on a phantom with anisotropic voxels: its width in world units, cut to the liver.
#include <hccws/radiomics/ring.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace hccws;

namespace {

// A liver (ellipsoid) holding a spherical tumour of radius rT mm, on a grid of the given spacing.
core::LabelMap phantom(const core::Vec3& spacing, double rT, const core::Vec3& tumourCentre = {0, 0, 0}) {
  core::Geometry g;
  g.spacingMm = spacing;
  for (int a = 0; a < 3; ++a) g.dims[a] = static_cast<std::size_t>(std::ceil(100.0 / spacing[a]));
  g.originLps = {-50, -50, -50};
  core::LabelMap m;
  m.labels = core::Volume<std::uint8_t>(g, 0);
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const core::Vec3 p = g.indexToWorld({double(i), double(j), double(k)});
        const double liver = (p[0] / 45) * (p[0] / 45) + (p[1] / 40) * (p[1] / 40) + (p[2] / 40) * (p[2] / 40);
        const double dx = p[0] - tumourCentre[0], dy = p[1] - tumourCentre[1], dz = p[2] - tumourCentre[2];
        std::uint8_t v = liver <= 1 ? 1 : 0;
        if (dx * dx + dy * dy + dz * dz <= rT * rT) v = 2;
        m.labels.at(i, j, k) = v;
      }
  return m;
}

}  // namespace

TEST_CASE("Peritumoral ring: mean width within half a voxel of the request on anisotropic grids",
          "[radiomics][ring]") {
  for (const core::Vec3 spacing : {core::Vec3{0.7, 0.7, 2.5}, core::Vec3{1.5, 0.8, 3.0}, core::Vec3{1, 1, 1}}) {
    for (double width : {6.0, 3.0, 10.0}) {
      const core::LabelMap m = phantom(spacing, 12.0);
      radiomics::RingRequest req;
      req.widthMm = width;
      const auto ring = radiomics::peritumoralRing(m, req);
      const auto w = radiomics::measureRingWidth(ring, m, 2, 1);
      INFO("spacing " << spacing[0] << " x " << spacing[1] << " x " << spacing[2] << " mm, width " << width
                      << " mm: measured " << w.meanMm << " mm over " << w.edgeVoxels << " boundary pairs, voxel "
                      << w.meanVoxelExtentMm << " mm");
      std::printf("ring: spacing %.1f x %.1f x %.1f mm, requested %.1f mm, measured %.2f mm over %lld boundary pairs, "
                  "half a voxel %.2f mm\n", spacing[0], spacing[1], spacing[2], width, w.meanMm, w.edgeVoxels,
                  0.5 * w.meanVoxelExtentMm);
      REQUIRE(w.edgeVoxels > 100);
      CHECK(std::abs(w.meanMm - width) <= 0.5 * w.meanVoxelExtentMm);
      // Never the tumour, never outside the liver.
      long long n = 0;
      for (std::size_t v = 0; v < ring.size(); ++v)
        if (ring.buffer()[v]) {
          ++n;
          CHECK(m.labels.buffer()[v] == 1);
        }
      // Its volume is the spherical shell's up to half a voxel on each of its two surfaces.
      const double pi = 3.14159265358979;
      const double shell = 4.0 / 3.0 * pi * (std::pow(12.0 + width, 3) - std::pow(12.0, 3));
      const double hmax = std::max({spacing[0], spacing[1], spacing[2]});
      const double slack = 0.5 * hmax * 4 * pi * (std::pow(12.0 + width, 2) + 12.0 * 12.0);
      CHECK(std::abs(n * spacing[0] * spacing[1] * spacing[2] - shell) <= slack);
    }
  }
}

TEST_CASE("Peritumoral ring: cut to the liver at the liver's edge, refused without a tumour", "[radiomics][ring]") {
  // A tumour near the liver's edge: the ring stops at the capsule; without the cut it reaches outside.
  const core::LabelMap m = phantom({1, 1, 1}, 8.0, {38, 0, 0});
  radiomics::RingRequest req;
  const auto cut = radiomics::peritumoralRing(m, req);
  req.liverLabel.reset();
  const auto uncut = radiomics::peritumoralRing(m, req);
  long long nc = 0, nu = 0, outside = 0;
  for (std::size_t v = 0; v < cut.size(); ++v) {
    nc += cut.buffer()[v];
    nu += uncut.buffer()[v];
    if (uncut.buffer()[v] && m.labels.buffer()[v] == 0) ++outside;
    if (cut.buffer()[v]) CHECK(m.labels.buffer()[v] == 1);
  }
  CHECK(outside > 0);
  CHECK(nc + outside == nu);
  core::LabelMap none = m;
  for (auto& v : none.labels.buffer())
    if (v == 2) v = 1;
  CHECK_THROWS_WITH(radiomics::peritumoralRing(none, {}), Catch::Contains("no tumour"));
  radiomics::RingRequest bad;
  bad.widthMm = -1;
  CHECK_THROWS_WITH(radiomics::peritumoralRing(m, bad), Catch::Contains("width"));
}
