// IBSI 1 digital phantom: every feature the workstation computes, against IBSI's published reference values
// (tests/radiomics/data/ibsi1_digital_phantom.json, from the IBSI reference manual; see its README.md).
// Writes the comparison as a Markdown table to $HCCWS_TEST_TMP/ibsi_digital_phantom.md
// (tests/radiomics/make_ibsi_table.sh copies it to docs/radiomics-ibsi.md).
#include <hccws/radiomics/features.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

using namespace hccws;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

nlohmann::json reference() {
  std::ifstream f(env("HCCWS_SOURCE_DIR") + "/tests/radiomics/data/ibsi1_digital_phantom.json");
  REQUIRE(f.good());
  return nlohmann::json::parse(f);
}

// IBSI's reference values are given to 3 significant digits.
double round3(double x) {
  if (x == 0 || !std::isfinite(x)) return x;
  const double e = std::floor(std::log10(std::abs(x))) - 2;
  const double s = std::pow(10.0, e);
  return std::round(x / s) * s;
}

bool withinTolerance(double value, double ref, double tol) {
  if (!std::isfinite(value)) return false;
  const double eps = 1e-9 * std::max(1.0, std::abs(ref));
  return std::abs(round3(value) - ref) <= tol + eps || std::abs(value - ref) <= tol + eps;
}

}  // namespace

TEST_CASE("IBSI 1 digital phantom: every reference value within IBSI's tolerance", "[radiomics][ibsi]") {
  const nlohmann::json ref = reference();
  const auto& ph = ref["phantom"];
  core::Geometry g;
  g.dims = {5, 4, 4};
  g.spacingMm = {2, 2, 2};
  std::vector<float> img;
  std::vector<std::uint8_t> msk;
  for (double v : ph["image"]) img.push_back(static_cast<float>(v));
  for (int v : ph["mask"]) msk.push_back(static_cast<std::uint8_t>(v));
  REQUIRE(img.size() == 80);
  const core::FloatVolume image(g, img);
  const core::Volume<std::uint8_t> mask(g, msk);

  radiomics::Settings s;
  s.discretisation = radiomics::Discretisation::FixedBinSize;  // IBSI: the phantom's grey levels as they are
  s.binWidth = 1.0;
  s.ivhBinWidth = 0.0;
  s.aggregations = radiomics::allAggregations();
  const radiomics::FeatureTable t = radiomics::computeFeatures(image, mask, s);
  CHECK(t.roi.morphologicalVoxels == 74);
  CHECK(t.roi.greyLevels == 6);

  std::ostringstream md;
  md << "| Family | Feature | IBSI code | Aggregation | IBSI value | Tolerance | Workstation | Match |\n"
     << "|---|---|---|---|---|---|---|---|\n";
  int matched = 0, total = 0;
  std::map<std::string, std::pair<int, int>> perFamily;
  for (const auto& r : ref["reference_values"]) {
    const std::string code = r["code"], agg = r["aggregation"], family = r["family"];
    const double value = r["value"], tol = r["tolerance"];
    const radiomics::Feature* f = t.find(code, agg);
    ++total;
    const bool ok = f && withinTolerance(f->value, value, tol);
    matched += ok;
    perFamily[family].first += ok;
    perFamily[family].second += 1;
    std::ostringstream ours;
    if (f) ours.precision(6), ours << f->value;
    md << "| " << family << " | " << std::string(r["name"]) << " | " << code << " | " << (agg.empty() ? "-" : agg)
       << " | " << r["value"].dump() << " | " << tol << " | " << (f ? ours.str() : "not computed") << " | "
       << (ok ? "yes" : "**no**") << " |\n";
    INFO(family << " " << std::string(r["name"]) << " (" << code << ", " << agg << "): IBSI " << value << " +- " << tol
                << ", computed " << (f ? ours.str() : "nothing"));
    CHECK(ok);
    if (f) CHECK(f->name == std::string(r["name"]));
  }
  std::ostringstream head;
  head << "**" << matched << " of " << total << "** reference values of the IBSI 1 digital phantom are matched.\n\n"
       << "| Family | Matched |\n|---|---|\n";
  for (const auto& [fam, c] : perFamily) head << "| " << fam << " | " << c.first << " / " << c.second << " |\n";
  std::ofstream(env("HCCWS_TEST_TMP") + "/ibsi_digital_phantom.md") << head.str() << "\n" << md.str();
  CHECK(matched == total);
}

TEST_CASE("Radiomics settings round-trip and refuse bad values", "[radiomics]") {
  radiomics::Settings s;
  s.isotropicMm = 1.0;
  s.resegmentLower = -100;
  s.resegmentUpper = 300;
  s.discretisation = radiomics::Discretisation::FixedBinNumber;
  s.binNumber = 16;
  s.aggregations = {"3D:avg", "2D"};
  const radiomics::Settings r = radiomics::Settings::fromJson(s.toJson());
  CHECK(r.isotropicMm == s.isotropicMm);
  CHECK(*r.resegmentLower == -100);
  CHECK(r.binNumber == 16);
  CHECK(r.aggregations == s.aggregations);
  CHECK(r.toJson() == s.toJson());
  CHECK_THROWS_WITH(radiomics::Settings::fromJson("{\"bin_width\": -1}"), Catch::Contains("bin_width"));
  CHECK_THROWS_WITH(radiomics::Settings::fromJson("{\"colour\": 1}"), Catch::Contains("unknown key \"colour\""));
  CHECK_THROWS_WITH(radiomics::Settings::fromJson("{\"aggregations\": [\"4D\"]}"), Catch::Contains("4D"));
  CHECK_THROWS_WITH(radiomics::Settings::fromJson("[1,"), Catch::Contains("not valid JSON"));
}
