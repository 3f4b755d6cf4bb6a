// Segments are found by name (label_roles.h): a role without a segment is not measured, never "absent";
// tumour components outside the liver are not counted as lesions; files without names name only the values
// they contain.
#include "support.h"

#include <hccws/core/image_io.h>
#include <hccws/core/label_roles.h>
#include <hccws/core/measurements.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace hccws::core;

namespace {
void box(LabelMap& m, Dims3 lo, Dims3 size, std::uint8_t label) {
  for (std::size_t k = lo[2]; k < lo[2] + size[2]; ++k)
    for (std::size_t j = lo[1]; j < lo[1] + size[1]; ++j)
      for (std::size_t i = lo[0]; i < lo[0] + size[0]; ++i) m.labels.at(i, j, k) = label;
}

// A liver block with one tumour inside it and one tumour far outside it (a false positive in the wall).
LabelMap liverWithTwoTumours(LabelTable table) {
  LabelMap m = hccws::test::emptyLabelMap({40, 40, 20}, {2, 2, 2}, {0, 0, 0});
  m.table = std::move(table);
  box(m, {2, 2, 2}, {20, 20, 12}, 1);
  box(m, {8, 8, 5}, {5, 5, 4}, 2);    // inside: 100 voxels
  box(m, {30, 30, 10}, {4, 4, 4}, 2);  // outside: 64 voxels
  return m;
}

LabelTable named(std::initializer_list<std::pair<int, const char*>> entries) {
  LabelTable t;
  for (const auto& [v, n] : entries) t.set({static_cast<std::uint8_t>(v), n, {200, 200, 200}, true, false});
  return t;
}
}  // namespace

TEST_CASE("segment names map to roles through the documented synonyms", "[labels][roles]") {
  CHECK(roleForName("Liver") == LabelRole::Liver);
  CHECK(roleForName("liver_parenchyma") == LabelRole::Liver);
  for (const char* n : {"tumour", "Tumor", "lesion 2", "HCC", "liver-tumor", "Hepatocellular carcinoma", "tumor_1"})
    CHECK(roleForName(n) == LabelRole::Tumour);
  for (const char* n : {"PVTT", "portal vein tumour thrombus", "Portal Vein Thrombus", "tumor thrombus"})
    CHECK(roleForName(n) == LabelRole::Pvtt);
  for (const char* n : {"label 3", "spine", "", "3", "portal vein", "kidney"}) CHECK_FALSE(roleForName(n).has_value());

  const LabelRoles r = resolveLabelRoles(named({{1, "liver"}, {4, "lesion 1"}, {5, "lesion 2"}, {7, "spine"}}));
  REQUIRE(r.tumour.size() == 2);
  CHECK(r.tumour[0].value == 4);
  CHECK(r.describe(LabelRole::Tumour) == "segments 4 'lesion 1', 5 'lesion 2'");
  CHECK_FALSE(r.has(LabelRole::Pvtt));
  CHECK(r.describe(LabelRole::Pvtt) == "no segment");
  REQUIRE(r.other.size() == 1);
  CHECK(r.other[0].name == "spine");
}

TEST_CASE("PVTT is measured only when a PVTT segment exists, whatever the voxel values", "[labels][measure]") {
  // Value 3 painted, but the table has no PVTT segment (a liver/tumour model's output): not measured.
  LabelMap m = liverWithTwoTumours(named({{1, "liver"}, {2, "tumor"}, {3, "label 3"}}));
  box(m, {3, 3, 3}, {2, 2, 2}, 3);
  const Measurements a = measure(m);
  CHECK_FALSE(a.pvttMeasured);
  CHECK_FALSE(a.pvttPresent);  // the old code said "present" for any voxel of value 3
  const auto j = nlohmann::json::parse(measurementsJson(a));
  CHECK(j["pvtt_present"].is_null());
  CHECK(j["segments"]["pvtt"]["measured"] == false);
  CHECK(j["segments"]["pvtt"]["source"].get<std::string>().find("no PVTT segment") != std::string::npos);

  // The same voxels named "portal vein thrombus" at value 3: measured present, from that segment.
  m.table = named({{1, "liver"}, {2, "tumor"}, {3, "portal vein thrombus"}});
  const Measurements b = measure(m);
  CHECK(b.pvttMeasured);
  CHECK(b.pvttPresent);
  CHECK(b.pvttVolumeMl == Approx(8 * 8 / 1000.0));
  CHECK(b.source(LabelRole::Pvtt) == "segment 3 'portal vein thrombus' of this segmentation");

  // A PVTT segment with no voxels: measured absent (the segment exists; it is empty).
  box(m, {3, 3, 3}, {2, 2, 2}, 1);
  const Measurements c = measure(m);
  CHECK(c.pvttMeasured);
  CHECK_FALSE(c.pvttPresent);
  CHECK(nlohmann::json::parse(measurementsJson(c))["pvtt_present"] == false);

  // Roles by name at any value: tumour at 5, liver at 9.
  LabelMap moved = liverWithTwoTumours(named({{9, "Liver"}, {5, "HCC"}}));
  for (auto& v : moved.labels.buffer()) v = v == 1 ? 9 : v == 2 ? 5 : v;
  const Measurements d = measure(moved);
  CHECK(d.tumourMeasured);
  CHECK(d.tumourCount == 1);
  CHECK(d.liverVolumeMl == Approx((20 * 20 * 12 - 100) * 8 / 1000.0));

  // An explicit value from the user overrides the names.
  MeasurementOptions o;
  o.pvttLabel = 3;
  LabelMap e = liverWithTwoTumours(named({{1, "liver"}, {2, "tumor"}}));
  box(e, {3, 3, 3}, {2, 2, 2}, 3);
  const Measurements f = measure(e, o);
  CHECK(f.pvttMeasured);
  CHECK(f.pvttPresent);
  CHECK(f.source(LabelRole::Pvtt).find("given by the user") != std::string::npos);
}

TEST_CASE("lesions are counted inside the liver; components outside it are listed, not counted", "[labels][measure]") {
  const Measurements m = measure(liverWithTwoTumours(named({{1, "liver"}, {2, "tumour"}})));
  CHECK(m.countedInsideLiver);
  CHECK(m.tumourCount == 1);
  REQUIRE(m.tumours.size() == 1);
  CHECK(m.tumours[0].voxels == 100);
  CHECK(m.tumours[0].touchesLiver);
  REQUIRE(m.outsideLiver.size() == 1);
  CHECK(m.outsideLiver[0].voxels == 64);
  CHECK(m.tumourVolumeMl == Approx(100 * 8 / 1000.0));
  const auto j = nlohmann::json::parse(measurementsJson(m));
  CHECK(j["tumours_outside_liver"].size() == 1);
  CHECK(j["tumour_count_inside_liver_only"] == true);

  // No liver segment: every component counts, and the output says the check was not made.
  const Measurements n = measure(liverWithTwoTumours(named({{2, "tumour"}})));
  CHECK_FALSE(n.liverMeasured);
  CHECK_FALSE(n.countedInsideLiver);
  CHECK(n.tumourCount == 2);
  const auto jn = nlohmann::json::parse(measurementsJson(n));
  CHECK(jn["liver_volume_ml"].is_null());
  CHECK(jn["tumour_burden_percent"].is_null());
  CHECK(jn["tumour_count_inside_liver_only"] == false);

  // No tumour segment at all: nothing about tumours is measured.
  const Measurements t = measure(liverWithTwoTumours(named({{1, "liver"}})));
  CHECK_FALSE(t.tumourMeasured);
  CHECK(nlohmann::json::parse(measurementsJson(t))["tumour_count"].is_null());
}

TEST_CASE("a label file without names names only the values it contains", "[labels][io]") {
  LabelMap m = liverWithTwoTumours(named({{1, "liver"}, {2, "tumour"}}));
  const std::string path = hccws::test::scratchDir("label_roles") + "/nameless.nii.gz";
  writeLabelMap(m, path);  // NIfTI carries no names
  const LabelMap back = readLabelMap(path);
  REQUIRE(back.table.find(1));
  CHECK(back.table.find(1)->name == "liver");
  REQUIRE(back.table.find(2));
  CHECK_FALSE(back.table.find(3));  // no voxel of value 3: no PVTT segment is invented
  const Measurements r = measure(back);
  CHECK_FALSE(r.pvttMeasured);
  CHECK(r.tumourCount == 1);
}
