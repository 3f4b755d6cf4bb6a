// Model bundles and the whole Segmenter pipeline on a tiny random network: bundle validation (missing file,
// checksum, phases), axis mapping and crop reversal, progress/cancel, exact vs fast mode.
#include "support.h"
#include <hccws/inference/bundle.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/segmenter.h>
#include <hccws/inference/tensor_file.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

using namespace hccws::infer;

namespace {

using hccws::test::tmpDir;

void writeText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const char* kPlans = R"({"transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2],
 "foreground_intensity_properties_per_channel": {
   "0": {"mean": 100.0, "std": 50.0, "percentile_00_5": -100.0, "percentile_99_5": 300.0},
   "1": {"mean": 120.0, "std": 60.0, "percentile_00_5": -100.0, "percentile_99_5": 320.0}},
 "configurations": {"3d_fullres": {"patch_size": [8, 16, 16], "spacing": [2.0, 1.0, 1.0],
   "normalization_schemes": ["CTNormalization", "CTNormalization"],
   "architecture": {"network_class_name": "PlainConvUNet", "arch_kwargs": {"n_stages": 3,
     "features_per_stage": [4, 8, 8], "kernel_sizes": [[1, 3, 3], [3, 3, 3], [3, 3, 3]],
     "strides": [[1, 1, 1], [2, 2, 2], [2, 2, 2]], "n_conv_per_stage": [1, 1, 1],
     "n_conv_per_stage_decoder": [1, 1], "conv_bias": true}}}}})";
const char* kDataset = R"({"channel_names": {"0": "arterial", "1": "portal_venous"},
 "labels": {"background": 0, "liver": 1, "tumour": 2}})";

// A bundle whose network predicts `liver` wherever the input is inside the crop (seg head biased).
std::string makeBundle(const std::string& name) {
  const std::string dir = tmpDir(name);
  writeText(dir + "/plans.json", kPlans);
  writeText(dir + "/dataset.json", kDataset);
  const NnunetPlan plan = readNnunetPlan(dir + "/plans.json", dir + "/dataset.json");
  DeviceRequest cpu;
  cpu.kind = DeviceKind::Cpu;
  NetworkRunner(plan.network, "", cpu).saveWeights(dir + "/fold_0.safetensors");
  TensorFile w = readSafetensors(dir + "/fold_0.safetensors");
  w.tensors["decoder.seg_layers.1.bias"] = makeF32({3}, {0.f, 50.f, 0.f});
  writeSafetensors(dir + "/fold_0.safetensors", w.tensors, w.metadata);
  ModelManifest m;
  m.name = "test-liver";
  m.version = "0.0.1";
  m.task = "liver-tumour-segmentation";
  m.architecture = "nnunetv2:PlainConvUNet";
  m.provenance = "random weights, tests/inference/test_segmenter.cpp";
  m.trainingData = "none (not trained)";
  m.channels = {{0, "arterial", "CTNormalization"}, {1, "portal_venous", "CTNormalization"}};
  m.targetSpacingZyx = plan.spacing;
  m.patchSizeZyx = plan.patchSize;
  m.labels = plan.labelNames;
  m.weights = {{0, "fold_0.safetensors", ""}};
  writeManifest(dir, m);
  return dir;
}

std::vector<InputImage> phantom(std::array<std::int64_t, 3> dims, std::array<double, 3> spacing) {
  std::vector<InputImage> out;
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.f, 20.f);
  for (const char* phase : {"portal_venous", "arterial"}) {  // given out of order on purpose
    InputImage im;
    im.dims = dims;
    im.spacingMm = spacing;
    im.phase = phase;
    im.voxels.assign(static_cast<std::size_t>(dims[0] * dims[1] * dims[2]), 0.f);
    // Non-zero only in an asymmetric box: i in [3, 20), j in [2, 9), k in [1, 5).
    for (std::int64_t k = 1; k < 5; ++k)
      for (std::int64_t j = 2; j < 9; ++j)
        for (std::int64_t i = 3; i < 20; ++i)
          im.voxels[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] = 80.f + noise(rng);
    out.push_back(std::move(im));
  }
  return out;
}

}  // namespace

TEST_CASE("A valid bundle loads; wrong bundles are refused naming the file", "[bundle]") {
  const std::string dir = makeBundle("bundle_ok");
  const ModelBundle b = loadBundle(dir);
  CHECK(b.manifest.name == "test-liver");
  CHECK(b.plan.network.inputChannels == 2);
  CHECK(b.manifest.labels.size() == 3);

  SECTION("checksum mismatch") {
    std::fstream f(dir + "/fold_0.safetensors", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x7f');
    f.close();
    CHECK_THROWS_WITH(loadBundle(dir), Catch::Contains("fold_0.safetensors") && Catch::Contains("checksum mismatch"));
  }
  SECTION("missing weights") {
    std::remove((dir + "/fold_0.safetensors").c_str());
    CHECK_THROWS_WITH(loadBundle(dir), Catch::Contains("fold_0.safetensors") && Catch::Contains("missing"));
  }
  SECTION("missing manifest") {
    std::remove((dir + "/manifest.json").c_str());
    CHECK_THROWS_WITH(loadBundle(dir), Catch::Contains("manifest.json"));
  }
  SECTION("wrong phases or channel count") {
    auto in = phantom({24, 12, 6}, {1.0, 1.0, 2.0});
    in.pop_back();
    CHECK_THROWS_WITH(orderInputs(b, in), Catch::Contains("needs 2 phase(s)") && Catch::Contains("arterial"));
    in = phantom({24, 12, 6}, {1.0, 1.0, 2.0});
    in[0].phase = "delayed";
    CHECK_THROWS_WITH(orderInputs(b, in), Catch::Contains("no 'delayed' channel"));
    in = phantom({24, 12, 6}, {1.0, 1.0, 2.0});
    in[1].dims = {12, 24, 6};
    CHECK_THROWS_WITH(orderInputs(b, in), Catch::Contains("different grids"));
  }
}

TEST_CASE("Segmenter: axis mapping, crop reversal, progress and cancel", "[segmenter]") {
  const ModelBundle b = loadBundle(makeBundle("bundle_seg"));
  // Anisotropic input (k spacing 4 mm vs 1 mm in-plane): the separate-z resampling path.
  const std::array<std::int64_t, 3> dims{24, 12, 6};
  const auto in = phantom(dims, {1.0, 1.0, 4.0});
  for (Mode mode : {Mode::Fast, Mode::Exact}) {
    RunOptions o;
    o.device.kind = DeviceKind::Cpu;
    o.mode = mode;
    o.returnProbabilities = true;
    Segmenter seg(b, o);
    double last = -1;
    bool monotonic = true;
    const auto r = seg.segment(in, [&](double f, std::string_view) {
      monotonic = monotonic && f >= last;
      last = f;
      return true;
    });
    for (const auto& line : r.log) std::printf("[segmenter] %s\n", line.c_str());
    CHECK(monotonic);
    CHECK(last == 1.0);
    REQUIRE(r.labels.size() == static_cast<std::size_t>(dims[0] * dims[1] * dims[2]));
    REQUIRE(r.probabilities.size() == 3 * r.labels.size());
    std::size_t wrong = 0;
    for (std::int64_t k = 0; k < dims[2]; ++k)
      for (std::int64_t j = 0; j < dims[1]; ++j)
        for (std::int64_t i = 0; i < dims[0]; ++i) {
          const bool inside = i >= 3 && i < 20 && j >= 2 && j < 9 && k >= 1 && k < 5;
          wrong += r.labels[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))] != (inside ? 1 : 0);
        }
    CHECK(wrong == 0);
  }
  RunOptions o;
  o.device.kind = DeviceKind::Cpu;
  Segmenter seg(b, o);
  CHECK_THROWS_AS(seg.segment(in, [](double f, std::string_view) { return f < 0.5; }), Cancelled);
}
