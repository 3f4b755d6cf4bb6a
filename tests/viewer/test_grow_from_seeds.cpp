// Grow from seeds (grow_from_seeds.h) and seed strokes (seed_strokes.h): exact results on constructed images,
// incremental updates equal to whole runs, the editing rules on apply, cancellation, bad stroke files, and the
// liver on real CT from strokes on 5 slices (Dice against the reference mask).
#include <hccws/core/edit_history.h>
#include <hccws/core/grow_from_seeds.h>
#include <hccws/core/image_io.h>
#include <hccws/core/seed_strokes.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <random>
#include <set>

using namespace hccws::core;
using hccws::test::scratchDir;
using hccws::test::sharedData;

namespace {

Geometry grid(Dims3 dims, Vec3 spacing = {1, 1, 1}) {
  Geometry g;
  g.dims = dims;
  g.spacingMm = spacing;
  return g;
}

// Background 0 HU with two boxes: A (100 HU) and B (200 HU) touching along i = 20, plus noise (seeded).
CtVolume twoBoxes(double noise, unsigned seed = 7) {
  CtVolume ct(grid({40, 30, 20}, {0.8, 0.8, 2.0}), 0);
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0, noise);
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 30; ++j)
      for (std::size_t i = 0; i < 40; ++i) {
        double v = 0;
        if (j >= 5 && j < 25 && k >= 4 && k < 16 && i >= 5 && i < 35) v = i < 20 ? 100 : 200;
        ct.at(i, j, k) = static_cast<std::int16_t>(std::lround(v + (noise > 0 ? n(rng) : 0)));
      }
  return ct;
}

double dice(const Volume<std::uint8_t>& a, std::uint8_t va, const Volume<std::uint8_t>& b, std::uint8_t vb) {
  std::size_t na = 0, nb = 0, both = 0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    const bool x = a.data()[n] == va, y = b.data()[n] == vb;
    na += x;
    nb += y;
    both += x && y;
  }
  return na + nb ? 2.0 * double(both) / double(na + nb) : 1.0;
}

}  // namespace

TEST_CASE("grow from seeds: two regions with sharp edges are recovered exactly", "[grow]") {
  const CtVolume ct = twoBoxes(0);
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  seeds.at(10, 15, 10) = 1;
  seeds.at(30, 15, 10) = 2;
  seeds.at(1, 1, 1) = kBackgroundSeed;
  GrowOptions opt;
  opt.smoothingSigmaMm = 0;
  opt.marginMm = 100;  // the whole grid
  SeedGrower grower(ct, opt);
  const GrowUpdate u = grower.update(seeds);
  CHECK(u.full);
  CHECK(grower.roi() == IndexBox::whole(ct.dims()));
  std::size_t wrong = 0;
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 30; ++j)
      for (std::size_t i = 0; i < 40; ++i) {
        const bool inside = j >= 5 && j < 25 && k >= 4 && k < 16 && i >= 5 && i < 35;
        const std::uint8_t want = !inside ? kBackgroundSeed : i < 20 ? 1 : 2;
        wrong += grower.winner(i, j, k) != want;
      }
  CHECK(wrong == 0);
}

TEST_CASE("grow from seeds: the region of interest is the seeds' box plus the margin in mm", "[grow]") {
  const CtVolume ct = twoBoxes(0);
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  seeds.at(10, 15, 10) = 1;
  seeds.at(12, 15, 10) = kBackgroundSeed;
  GrowOptions opt;
  opt.marginMm = 4;  // 5 voxels along i and j (0.8 mm), 2 along k (2 mm)
  SeedGrower grower(ct, opt);
  grower.update(seeds);
  CHECK(grower.roi().lo == Dims3{5, 10, 8});
  CHECK(grower.roi().hi == Dims3{18, 21, 13});
  CHECK(grower.winner(4, 15, 10) == 0);  // outside: not labelled
  CHECK(grower.winner(5, 15, 10) != 0);
}

TEST_CASE("grow from seeds: added strokes update incrementally and equal a whole run", "[grow]") {
  const CtVolume ct = twoBoxes(25.0);
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  // Stage 1: seeds spanning the final box so that the ROI stays the same.
  seeds.at(8, 8, 6) = 1;
  seeds.at(32, 22, 14) = 2;
  seeds.at(2, 2, 2) = kBackgroundSeed;
  seeds.at(38, 28, 18) = kBackgroundSeed;
  SeedGrower inc(ct);
  REQUIRE(inc.update(seeds).full);
  std::mt19937 rng(3);
  for (int stage = 0; stage < 6; ++stage) {
    for (int n = 0; n < 5; ++n) {
      const std::size_t i = 3 + rng() % 34, j = 3 + rng() % 24, k = 3 + rng() % 14;
      if (seeds.at(i, j, k)) continue;
      const bool inside = j >= 5 && j < 25 && k >= 4 && k < 16 && i >= 5 && i < 35;
      seeds.at(i, j, k) = !inside ? kBackgroundSeed : i < 20 ? 1 : 2;
    }
    const GrowUpdate u = inc.update(seeds);
    CHECK_FALSE(u.full);
    CHECK(u.visitedVoxels < inc.roi().voxelCount());
    SeedGrower whole(ct);
    whole.update(seeds);
    const Volume<std::uint8_t> a = inc.resultVolume(), b = whole.resultVolume();
    CHECK(a.buffer() == b.buffer());
  }
  // A removed seed: the next update is a whole computation.
  seeds.at(8, 8, 6) = 0;
  seeds.at(9, 8, 6) = 1;
  CHECK(inc.update(seeds).full);
  SeedGrower whole(ct);
  whole.update(seeds);
  CHECK(inc.resultVolume().buffer() == whole.resultVolume().buffer());
}

TEST_CASE("grow from seeds: refusals and cancellation", "[grow]") {
  const CtVolume ct = twoBoxes(0);
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  SeedGrower grower(ct);
  CHECK_THROWS_AS(grower.update(seeds), std::invalid_argument);
  seeds.at(10, 15, 10) = 1;
  CHECK_THROWS_WITH(grower.update(seeds), Catch::Contains("at least two labels"));
  seeds.at(30, 15, 10) = kBackgroundSeed;
  Volume<std::uint8_t> other(grid({10, 10, 10}), 0);
  CHECK_THROWS_WITH(grower.update(other), Catch::Contains("differs from the CT"));
  GrowOptions bad;
  bad.maxStepHu = 0;
  CHECK_THROWS_AS(SeedGrower(ct, bad), std::invalid_argument);
  // Cancel during the search: no half result is kept.
  CHECK_THROWS_AS(grower.update(seeds, [](double f, std::string_view) { return f < 0.2; }), Cancelled);
  CHECK_FALSE(grower.hasResult());
  CHECK_NOTHROW(grower.update(seeds));
  CHECK(grower.hasResult());
}

TEST_CASE("grow from seeds: apply writes one undo step and keeps other and locked labels", "[grow]") {
  const CtVolume ct = twoBoxes(0);
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  seeds.at(10, 15, 10) = 1;
  seeds.at(30, 15, 10) = 2;
  seeds.at(1, 1, 1) = kBackgroundSeed;
  GrowOptions opt;
  opt.smoothingSigmaMm = 0;
  opt.marginMm = 100;
  SeedGrower grower(ct, opt);
  grower.update(seeds);

  LabelMap map;
  map.labels = Volume<std::uint8_t>(ct.geometry(), 0);
  map.labels.at(0, 0, 0) = 1;    // liver where the background wins: erased
  map.labels.at(10, 10, 10) = 3; // an unseeded label (PVTT): kept
  map.labels.at(30, 10, 10) = 1; // liver inside B: becomes 2 unless 1 is locked
  SECTION("unlocked") {
    EditHistory history;
    ChangeRecorder& rec = history.begin(map, "Grow from seeds");
    const EditResult r = applyGrowResult(map, grower, EditRules{}, &rec);
    const EditStepInfo step = history.commit(map);
    CHECK(step.changedVoxels == r.changedVoxels);
    CHECK(map.labels.at(0, 0, 0) == 0);
    CHECK(map.labels.at(10, 10, 10) == 3);
    CHECK(map.labels.at(30, 10, 10) == 2);
    CHECK(map.labels.at(10, 15, 10) == 1);
    history.undo(map);
    CHECK(map.labels.at(0, 0, 0) == 1);
    CHECK(map.labels.at(10, 15, 10) == 0);
  }
  SECTION("liver locked") {
    map.table.find(1)->locked = true;
    applyGrowResult(map, grower, EditRules{}, nullptr);
    CHECK(map.labels.at(0, 0, 0) == 1);
    CHECK(map.labels.at(30, 10, 10) == 1);
    CHECK(map.labels.at(30, 15, 10) == 2);
  }
}

TEST_CASE("seed strokes: round trip and bad files named", "[grow]") {
  const std::string dir = scratchDir("seed_strokes");
  SeedStroke s;
  s.label = "liver";
  s.value = 1;
  s.brush.shape = BrushShape::Disc;
  s.brush.radiusMm = 2.5;
  s.pointsLps = {{1, 2, 3}, {4, 5, 6}};
  writeSeedStrokes(dir + "/s.json", {s});
  const auto back = readSeedStrokes(dir + "/s.json");
  REQUIRE(back.size() == 1);
  CHECK(back[0].value == 1);
  CHECK(back[0].brush.shape == BrushShape::Disc);
  CHECK(back[0].brush.radiusMm == 2.5);
  CHECK(back[0].pointsLps[1] == Vec3{4, 5, 6});
  const auto bad = [&](const std::string& text, const std::string& msg) {
    std::ofstream(dir + "/bad.json") << text;
    CHECK_THROWS_WITH(readSeedStrokes(dir + "/bad.json"), Catch::Contains(dir + "/bad.json") && Catch::Contains(msg));
  };
  bad("{", "not valid JSON");
  bad("{\"strokes\": 3}", "\"strokes\" array");
  bad("{\"strokes\": [{\"value\": 0, \"points_lps\": [[0,0,0]]}]}", "strokes[0].value");
  bad("{\"strokes\": [{\"value\": 1, \"points_lps\": [[0,0]]}]}", "strokes[0].points_lps");
  bad("{\"strokes\": [{\"value\": 1, \"radius_mm\": -1, \"points_lps\": [[0,0,0]]}]}", "radius_mm");
  bad("{\"brush\": {\"slice_axis\": 7}, \"strokes\": []}", "slice_axis");
  CHECK_THROWS_WITH(readSeedStrokes(dir + "/missing.json"), Catch::Contains("missing.json"));
}

TEST_CASE("grow from seeds on real CT: the liver from strokes on 5 slices", "[grow][real]") {
  const CtVolume ct = readCtImage(sharedData("totalseg_example/example_ct.nii.gz"));
  const LabelMap ref = readLabelMap(sharedData("totalseg_example/example_ct_liver_ref_5de6e4d.nii.gz"));
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  REQUIRE(root);
  const auto strokes = readSeedStrokes(std::string(root) + "/tests/viewer/data/grow_strokes_totalseg.json");
  Volume<std::uint8_t> seeds(ct.geometry(), 0);
  paintSeedStrokes(seeds, strokes);
  std::set<std::size_t> slices;
  for (std::size_t n = 0; n < seeds.size(); ++n)
    if (seeds.data()[n]) slices.insert(n / (ct.dims()[0] * ct.dims()[1]));
  CHECK(slices.size() <= 5);
  SeedGrower grower(ct);  // the default options, as the window uses them
  const auto t0 = std::chrono::steady_clock::now();
  grower.update(seeds);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double d = dice(grower.resultVolume(), 1, ref.labels, 1);
  std::printf("grow from seeds, totalseg example: %zu strokes on %zu slices, liver Dice %.4f (%.2f s)\n",
              strokes.size(), slices.size(), d, s);
  if (const char* dump = std::getenv("HCCWS_GROW_DUMP")) {  // for looking at the result: a label file
    LabelMap out;
    out.labels = grower.resultVolume();
    writeLabelMap(out, dump);
    out.labels = seeds;
    writeLabelMap(out, std::string(dump) + ".seeds.nii.gz");
  }
  CHECK(d >= 0.90);
}
