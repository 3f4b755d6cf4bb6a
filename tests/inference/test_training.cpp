// Training in the inference layer: foreground statistics against hand-computed values, preprocessing of
// training cases, a tiny training run (deterministic by seed, loss goes down), argument errors, and the
// written bundle loading and running through loadBundle + Segmenter unchanged.
#include "support.h"
#include <hccws/inference/bundle.h>
#include <hccws/inference/segmenter.h>
#include <hccws/inference/tensor_file.h>
#include <hccws/inference/training.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>

using namespace hccws::infer;

namespace {

using hccws::test::tmpDir;

// A one-channel case: background ~0 HU, a bright ball (label 1) of radius r around the centre.
TrainingCase ballCase(std::uint64_t seed, std::array<std::int64_t, 3> dims, double radius) {
  std::mt19937 rng(static_cast<unsigned>(seed));
  std::normal_distribution<float> noise(0.f, 15.f);
  TrainingCase c;
  c.id = "ball " + std::to_string(seed);
  InputImage im;
  im.dims = dims;
  im.spacingMm = {1.0, 1.0, 1.0};
  im.phase = "portal_venous";
  const auto n = static_cast<std::size_t>(dims[0] * dims[1] * dims[2]);
  im.voxels.resize(n);
  c.labels.resize(n);
  const double ci = dims[0] / 2.0 + (seed % 3) - 1, cj = dims[1] / 2.0, ck = dims[2] / 2.0;
  for (std::int64_t k = 0; k < dims[2]; ++k)
    for (std::int64_t j = 0; j < dims[1]; ++j)
      for (std::int64_t i = 0; i < dims[0]; ++i) {
        const auto v = static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k));
        const bool in = (i - ci) * (i - ci) + (j - cj) * (j - cj) + (k - ck) * (k - ck) <= radius * radius;
        im.voxels[v] = (in ? 150.f : 20.f) + noise(rng);
        c.labels[v] = in ? 1 : 0;
      }
  c.channels.push_back(std::move(im));
  return c;
}

NnunetPlan tinyPlan(const std::vector<TrainingCase>& cases) {
  return makeTrainingPlan({4, 8}, {8, 16, 16}, {1.0, 1.0, 1.0}, {foregroundIntensityStats(cases, 0)},
                          {"background", "liver"});
}

TrainingOptions tinyOptions(std::uint64_t seed) {
  TrainingOptions o;
  o.epochs = 4;
  o.iterationsPerEpoch = 6;
  o.batchSize = 2;
  o.initialLr = 1e-2;
  o.seed = seed;
  o.device.kind = DeviceKind::Cpu;
  o.device.cpuThreads = 1;
  return o;
}

}  // namespace

TEST_CASE("Foreground intensity statistics follow nnU-Net's fingerprint (numpy percentiles)", "[training]") {
  TrainingCase a, b;
  a.id = "a";
  b.id = "b";
  InputImage im;
  im.dims = {3, 1, 1};
  im.voxels = {1.f, 100.f, 2.f};
  a.channels = {im};
  a.labels = {1, 0, 2};
  im.voxels = {4.f, 3.f, -50.f};
  b.channels = {im};
  b.labels = {1, 1, 0};
  const IntensityStats s = foregroundIntensityStats({a, b}, 0);  // foreground values 1, 2, 4, 3
  CHECK(s.voxels == 4);
  CHECK(s.mean == Approx(2.5));
  CHECK(s.stddev == Approx(std::sqrt(1.25)));
  CHECK(s.median == Approx(2.5));
  CHECK(s.min == 1.0);
  CHECK(s.max == 4.0);
  CHECK(s.percentile005 == Approx(1.0 + 0.005 * 3));  // numpy: position 0.005 * (n - 1), linear
  CHECK(s.percentile995 == Approx(3.0 + 0.985));
  CHECK_THROWS_WITH(foregroundIntensityStats({a}, 1), Catch::Contains("a") && Catch::Contains("no channel 1"));
  a.labels = {0, 0, 0};
  CHECK_THROWS_WITH(foregroundIntensityStats({a}, 0), Catch::Contains("no foreground voxel"));
}

TEST_CASE("Training cases are preprocessed like the Segmenter's input, labels on the same grid", "[training]") {
  std::vector<TrainingCase> cases{ballCase(1, {20, 18, 10}, 4.5)};
  NnunetPlan plan = tinyPlan(cases);
  plan.spacing = {2.0, 1.0, 0.5};  // zyx: halve z, keep y, double x
  const PreparedCase p = prepareTrainingCase(cases[0], plan);
  CHECK(p.shapeZyx == std::array<std::int64_t, 3>{5, 18, 40});
  REQUIRE(p.data.size() == 5u * 18 * 40);
  REQUIRE(p.labels.size() == p.data.size());
  // Normalised: the ball is above the foreground mean minus 2 sd, background far below; labels follow it.
  std::size_t fg = 0;
  double fgMean = 0, bgMean = 0;
  for (std::size_t v = 0; v < p.labels.size(); ++v) {
    if (p.labels[v] == 1) {
      ++fg;
      fgMean += p.data[v];
    } else {
      bgMean += p.data[v];
    }
  }
  REQUIRE(fg > 0);
  fgMean /= static_cast<double>(fg);
  bgMean /= static_cast<double>(p.labels.size() - fg);
  CHECK(std::abs(fgMean) < 0.5);  // foreground statistics normalise the ball to ~N(0, 1)
  CHECK(bgMean < -2.0);           // background clipped to the 0.5 percentile, several sd below
  // The ball's volume (4/3 pi 4.5^3 = 382 voxels of 1 mm^3) is kept within the resampling error (voxel 1 mm^3).
  CHECK(std::abs(static_cast<double>(fg) - 381.7) < 60);

  TrainingCase bad = cases[0];
  bad.labels[0] = 5;
  CHECK_THROWS_WITH(prepareTrainingCase(bad, plan), Catch::Contains("ball 1") && Catch::Contains("label value 5"));
  bad = cases[0];
  bad.labels.pop_back();
  CHECK_THROWS_WITH(prepareTrainingCase(bad, plan), Catch::Contains("not on the channels' grid"));
}

TEST_CASE("A tiny training run is deterministic by seed and reduces the loss", "[training]") {
  std::vector<TrainingCase> raw{ballCase(1, {20, 20, 12}, 4), ballCase(2, {20, 20, 12}, 5), ballCase(3, {20, 20, 12}, 3)};
  const NnunetPlan plan = tinyPlan(raw);
  std::vector<PreparedCase> cases;
  for (const auto& c : raw) cases.push_back(prepareTrainingCase(c, plan));

  std::vector<double> fractions;
  TrainingOptions o = tinyOptions(42);
  int epochsSeen = 0;
  o.onEpoch = [&](int epoch, double loss, double) {
    ++epochsSeen;
    CHECK(epoch == epochsSeen);
    CHECK(std::isfinite(loss));
  };
  const TrainingReport a = trainSegmentationNetwork(cases, plan, o, "", [&](double f, std::string_view) {
    fractions.push_back(f);
    return true;
  });
  const TrainingReport b = trainSegmentationNetwork(cases, plan, tinyOptions(42), "");
  const TrainingReport c = trainSegmentationNetwork(cases, plan, tinyOptions(7), "");
  REQUIRE(a.iterationLoss.size() == 24);
  CHECK(epochsSeen == 4);
  CHECK(a.iterationLoss == b.iterationLoss);  // bit-identical with the same seed
  CHECK(a.iterationLoss != c.iterationLoss);  // the seed matters
  INFO("epoch losses " << a.epochLoss[0] << " " << a.epochLoss[1] << " " << a.epochLoss[2] << " " << a.epochLoss[3]);
  CHECK(a.epochLoss.back() < 0.8 * a.epochLoss.front());
  CHECK(a.parameters > 0);
  REQUIRE(!fractions.empty());
  CHECK(fractions.back() == 1.0);
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));

  // Cancel after a few iterations.
  int calls = 0;
  CHECK_THROWS_AS(trainSegmentationNetwork(cases, plan, tinyOptions(1), "",
                                           [&](double, std::string_view) { return ++calls < 3; }),
                  Cancelled);
  CHECK(calls == 3);
}

TEST_CASE("Bad training arguments give clear errors", "[training]") {
  std::vector<TrainingCase> raw{ballCase(1, {20, 20, 12}, 4)};
  const NnunetPlan plan = tinyPlan(raw);
  const std::vector<PreparedCase> cases{prepareTrainingCase(raw[0], plan)};
  CHECK_THROWS_WITH(trainSegmentationNetwork({}, plan, tinyOptions(1), ""), Catch::Contains("no training cases"));
  TrainingOptions o = tinyOptions(1);
  o.epochs = 0;
  CHECK_THROWS_WITH(trainSegmentationNetwork(cases, plan, o, ""), Catch::Contains("epochs must be at least 1"));
  o = tinyOptions(1);
  o.iterationsPerEpoch = 0;
  CHECK_THROWS_WITH(trainSegmentationNetwork(cases, plan, o, ""), Catch::Contains("iterations per epoch"));
  const std::string missing = tmpDir("train_bad") + "/no/such/folder/fold_0.safetensors";
  CHECK_THROWS_WITH(trainSegmentationNetwork(cases, plan, tinyOptions(1), missing),
                    Catch::Contains(missing) && Catch::Contains("cannot be written"));
  CHECK_THROWS_WITH(makeTrainingPlan({4, 8}, {8, 15, 16}, {1, 1, 1}, {IntensityStats{}}, {"background", "liver"}),
                    Catch::Contains("multiple of 2"));
  PreparedCase wrong = cases[0];
  wrong.labels.pop_back();
  CHECK_THROWS_WITH(trainSegmentationNetwork({wrong}, plan, tinyOptions(1), ""),
                    Catch::Contains("ball 1") && Catch::Contains("do not match"));
}

TEST_CASE("A trained bundle loads with loadBundle and segments through the Segmenter", "[training]") {
  std::vector<TrainingCase> raw{ballCase(1, {20, 20, 12}, 4), ballCase(2, {20, 20, 12}, 5)};
  const NnunetPlan plan = tinyPlan(raw);
  std::vector<PreparedCase> cases;
  for (const auto& c : raw) cases.push_back(prepareTrainingCase(c, plan));
  const std::string dir = tmpDir("trained_bundle");
  TrainingOptions o = tinyOptions(3);
  o.epochs = 6;
  const TrainingReport rep = trainSegmentationNetwork(cases, plan, o, dir + "/fold_0.safetensors");
  TrainedBundleInfo info;
  info.name = "tiny ball";
  info.provenance = "trained on synthetic phantoms, not for clinical use";
  info.trainingData = "3 balls";
  info.channelPhases = {"portal_venous"};
  info.stats = {foregroundIntensityStats(raw, 0)};
  info.trainingCases = 2;
  info.trainingRecordJson = R"({"command": "test", "seed": 3})";
  writeTrainedBundle(dir, plan, info);

  const ModelBundle b = loadBundle(dir);  // checksums verified
  CHECK(b.manifest.provenance == "trained on synthetic phantoms, not for clinical use");
  CHECK(b.plan.network.featuresPerStage == std::vector<int>{4, 8});
  CHECK(b.plan.normalization.at(0).mean == Approx(info.stats[0].mean));
  CHECK(b.plan.normalization.at(0).upper == Approx(info.stats[0].percentile995));
  CHECK(readSafetensors(dir + "/fold_0.safetensors").metadata.at("seed") == "3");

  RunOptions ro;
  ro.device.kind = DeviceKind::Cpu;
  ro.postprocess = false;
  Segmenter seg(b, ro);
  const auto r = seg.segment({raw[0].channels[0]});
  REQUIRE(r.labels.size() == raw[0].labels.size());
  std::size_t both = 0, na = 0, nb = 0;
  for (std::size_t v = 0; v < r.labels.size(); ++v) {
    na += r.labels[v] == 1;
    nb += raw[0].labels[v] == 1;
    both += r.labels[v] == 1 && raw[0].labels[v] == 1;
  }
  const double dice = 2.0 * static_cast<double>(both) / static_cast<double>(na + nb);
  INFO("tiny model Dice on a training ball " << dice << ", final loss " << rep.epochLoss.back());
  CHECK(dice > 0.5);  // a few dozen iterations learn "bright ball"; the test is that the bundle round-trips

  CHECK_THROWS_WITH(writeTrainedBundle(dir + "/missing-folder", plan, info),
                    Catch::Contains("missing-folder") && Catch::Contains("cannot be written"));
}
