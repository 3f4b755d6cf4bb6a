// Feature computation beyond the IBSI phantom: threads do not change results, cancellation, MRI-like data
// (float, no HU), interpolation to isotropic voxels on an anisotropic grid, bad input.
#include <hccws/radiomics/features.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hccws;

namespace {

struct Sample {
  core::FloatVolume image;
  core::Volume<std::uint8_t> mask;
};

// A textured ellipsoidal lesion (radius r mm) on a grid of the given spacing; intensities scaled by `scale`
// plus `offset` (MRI-like when offset >= 0 and the values are not integers).
Sample lesion(const core::Vec3& spacing, double r, double scale, double offset, unsigned seed) {
  core::Geometry g;
  g.spacingMm = spacing;
  for (int a = 0; a < 3; ++a) g.dims[a] = static_cast<std::size_t>(std::ceil(2.6 * r / spacing[a]));
  Sample s{core::FloatVolume(g, 0.0f), core::Volume<std::uint8_t>(g, 0)};
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0, 1);
  const double c[3] = {g.dims[0] * spacing[0] / 2, g.dims[1] * spacing[1] / 2, g.dims[2] * spacing[2] / 2};
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = i * spacing[0] - c[0], y = j * spacing[1] - c[1], z = k * spacing[2] - c[2];
        const bool in = x * x + y * y + z * z <= r * r;
        const double v = in ? 3 + std::sin(x / 3) * std::cos(y / 4) + 0.3 * noise(rng) : 0.5 * noise(rng);
        s.image.at(i, j, k) = static_cast<float>(offset + scale * v);
        s.mask.at(i, j, k) = in;
      }
  return s;
}

}  // namespace

TEST_CASE("Radiomics: the number of threads does not change any value", "[radiomics]") {
  const Sample s = lesion({0.8, 0.8, 2.0}, 12, 40, -50, 1);
  radiomics::Settings st;
  st.aggregations = radiomics::allAggregations();
  st.binWidth = 10;
  const auto a = radiomics::computeFeatures(s.image, s.mask, st, {}, 1);
  const auto b = radiomics::computeFeatures(s.image, s.mask, st, {}, 2);
  REQUIRE(a.features.size() == b.features.size());
  REQUIRE(a.features.size() > 400);
  for (std::size_t i = 0; i < a.features.size(); ++i) {
    INFO(a.features[i].code << " " << a.features[i].aggregation);
    CHECK(a.features[i].code == b.features[i].code);
    CHECK((a.features[i].value == b.features[i].value || (std::isnan(a.features[i].value) && std::isnan(b.features[i].value))));
  }
}

TEST_CASE("Radiomics: cancelling stops with Cancelled and reports stages", "[radiomics]") {
  const Sample s = lesion({1, 1, 1}, 10, 1, 0, 2);
  int calls = 0;
  CHECK_THROWS_AS(radiomics::computeFeatures(s.image, s.mask, {},
                                             [&](double, std::string_view) { return ++calls < 3; }),
                  core::Cancelled);
  std::vector<std::string> stages;
  radiomics::computeFeatures(s.image, s.mask, {}, [&](double f, std::string_view st) {
    CHECK(f >= 0);
    CHECK(f <= 1);
    stages.emplace_back(st);
    return true;
  });
  CHECK(stages.size() >= 3);
}

TEST_CASE("Radiomics on MRI-like data: float intensities without HU, fixed bin number", "[radiomics][mri]") {
  // Unsigned-range intensities in the thousands with fractions: nothing may assume HU or integers.
  const Sample s = lesion({0.7, 0.7, 3.0}, 15, 350.5, 1200.25, 3);
  radiomics::Settings st;
  st.discretisation = radiomics::Discretisation::FixedBinNumber;
  st.binNumber = 32;
  const auto t = radiomics::computeFeatures(s.image, s.mask, st);
  CHECK(t.roi.greyLevels == 32);
  const double mean = t.find("Q4LE")->value;
  CHECK(mean > 1200.25 + 350.5 * 2);
  CHECK(mean < 1200.25 + 350.5 * 4);
  CHECK(t.find("3NCY")->value == 32);  // the maximum falls into the last bin
  int finite = 0;
  for (const auto& f : t.features) finite += std::isfinite(f.value) ? 1 : 0;
  CHECK(finite >= static_cast<int>(t.features.size()) - 2);  // Moran/Geary may be skipped on a large ROI
}

TEST_CASE("Radiomics: interpolation to isotropic voxels keeps the volume and doubles nothing", "[radiomics]") {
  const Sample s = lesion({0.7, 0.7, 2.5}, 14, 10, 0, 4);
  radiomics::Settings st;
  st.isotropicMm = 1.0;
  const auto t = radiomics::computeFeatures(s.image, s.mask, st);
  CHECK(t.roi.spacingMm[0] == 1.0);
  CHECK(t.roi.spacingMm[2] == 1.0);
  const double v = 4.0 / 3.0 * 3.14159265358979 * 14 * 14 * 14;
  CHECK(t.find("RNU0")->value == Approx(v).epsilon(0.04));
  // The mesh lies half a (1 mm) voxel outside the voxel centres at both ends: 28 + 1 mm, give or take the
  // staircase of the 2.5 mm slices.
  CHECK(t.find("L0JK")->value == Approx(29).margin(2.0));
  CHECK(t.find("QCFX")->value > 0.85);
}

TEST_CASE("Radiomics: bad input is refused with a reason", "[radiomics]") {
  const Sample s = lesion({1, 1, 1}, 5, 1, 0, 5);
  core::Volume<std::uint8_t> empty(s.mask.geometry(), 0);
  CHECK_THROWS_WITH(radiomics::computeFeatures(s.image, empty, {}), Catch::Contains("empty"));
  core::Geometry other = s.mask.geometry();
  other.spacingMm[0] = 2;
  core::Volume<std::uint8_t> shifted(other, s.mask.buffer());
  CHECK_THROWS_WITH(radiomics::computeFeatures(s.image, shifted, {}), Catch::Contains("not on the image's grid"));
  radiomics::Settings st;
  st.resegmentLower = 1e6;
  CHECK_THROWS_WITH(radiomics::computeFeatures(s.image, s.mask, st), Catch::Contains("re-segmentation"));
  st = {};
  st.binWidth = 1e-9;
  CHECK_THROWS_WITH(radiomics::computeFeatures(s.image, s.mask, st), Catch::Contains("grey levels"));
}
