// Parity of the C++ networks and sliding window with the PyTorch reference (inference/python/
// nnunet_reference.py), on the same random weights and input. The reference files are written by the CTest
// fixture `inference_reference_files` (Debian's python3-torch). Figures (max abs diff) are printed.
#include <hccws/inference/bundle.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/plans.h>
#include <hccws/inference/tensor_file.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

using namespace hccws::infer;

namespace {

const std::string kRefDir = HCCWS_INFER_REF_DIR;

std::string refFile(const std::string& name) {
  const std::string path = kRefDir + "/" + name;
  if (!std::ifstream(path)) {
    FAIL("reference file " << path << " is missing. It is written by the CTest setup test "
                           "'inference_reference_files', i.e. `" HCCWS_PYTHON_TORCH
                           " inference/python/nnunet_reference.py parity --out " << kRefDir
                           << "` (needs Debian's python3-torch). Run the tests through ctest.");
  }
  return path;
}

struct Diff {
  double maxAbs = 0;
  double maxRef = 0;
};

Diff compare(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  Diff d;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(std::isfinite(a[i]));
    d.maxAbs = std::max(d.maxAbs, static_cast<double>(std::abs(a[i] - b[i])));
    d.maxRef = std::max(d.maxRef, static_cast<double>(std::abs(b[i])));
  }
  return d;
}

void report(const std::string& what, const Diff& d) {
  std::printf("[parity] %-44s max |C++ - PyTorch| = %.3g (max |logit| %.3g)\n", what.c_str(), d.maxAbs, d.maxRef);
  std::fflush(stdout);
}

std::array<std::int64_t, 3> spatial(const RawTensor& t) { return {t.shape[1], t.shape[2], t.shape[3]}; }

void runCase(const std::string& name) {
  const NnunetPlan plan = readNnunetPlan(refFile(name + "_plans.json"), refFile(name + "_dataset.json"));
  DeviceRequest cpu;
  cpu.kind = DeviceKind::Cpu;
  const NetworkRunner runner(plan.network, refFile(name + "_weights.safetensors"), cpu);
  const TensorFile ref = readSafetensors(refFile(name + "_reference.safetensors"));
  const auto& tile = ref.tensors.at("tile");
  const auto& input = ref.tensors.at("input");

  SECTION("one tile, no mirroring") {
    const auto d = compare(runner.predictTile(tile.toFloat(), spatial(tile), false),
                           ref.tensors.at("tile_logits").toFloat());
    report(name + " tile", d);
    CHECK(d.maxAbs < 1e-4);
  }
  SECTION("one tile, 8 mirrors (fast: one batch of 8; exact: one at a time)") {
    for (Mode mode : {Mode::Fast, Mode::Exact}) {
      const auto d = compare(runner.predictTile(tile.toFloat(), spatial(tile), true, mode),
                             ref.tensors.at("tile_logits_mirrored").toFloat());
      report(name + " tile mirrored " + (mode == Mode::Fast ? "(fast)" : "(exact)"), d);
      CHECK(d.maxAbs < 1e-4);
    }
  }
  SECTION("whole volume, fp32 accumulation (fast mode)") {
    WindowOptions o;
    o.patchZyx = plan.patchSize;
    o.mode = Mode::Fast;
    const auto d = compare(runner.slidingWindow(input.toFloat(), spatial(input), o),
                           ref.tensors.at("volume_logits_fp32").toFloat());
    report(name + " volume, mirroring, fp32", d);
    CHECK(d.maxAbs < 1e-4);
    o.mirroring = false;
    const auto d2 = compare(runner.slidingWindow(input.toFloat(), spatial(input), o),
                            ref.tensors.at("volume_logits_nomirror").toFloat());
    report(name + " volume, no mirroring, fp32", d2);
    CHECK(d2.maxAbs < 1e-4);
  }
  SECTION("whole volume, fp16 accumulation (exact mode, as nnU-Net)") {
    WindowOptions o;
    o.patchZyx = plan.patchSize;
    o.mode = Mode::Exact;
    const auto got = runner.slidingWindow(input.toFloat(), spatial(input), o);
    const auto want = ref.tensors.at("volume_logits_fp16").toFloat();
    // Both sides round every partial sum to float16; a 1e-6 difference in a tile's fp32 logits can flip one
    // rounding, so values may differ by a few float16 ulps (relative 2^-10), never more.
    std::size_t differing = 0;
    double worstUlps = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (got[i] == want[i]) continue;
      ++differing;
      const double ulp = std::max(std::ldexp(1.0, -24), std::ldexp(1.0, std::ilogb(std::abs(want[i])) - 10));
      worstUlps = std::max(worstUlps, std::abs(got[i] - want[i]) / ulp);
    }
    std::printf("[parity] %-44s %zu of %zu values differ, worst %.1f float16 ulp\n",
                (name + " volume, mirroring, fp16 (exact)").c_str(), differing, got.size(), worstUlps);
    CHECK(worstUlps <= 4.0);
    CHECK(differing <= got.size() / 100);
  }
}

}  // namespace

TEST_CASE("PlainConvUNet matches the PyTorch reference", "[parity]") { runCase("plain"); }
TEST_CASE("ResidualEncoderUNet matches the PyTorch reference", "[parity]") { runCase("resenc"); }

TEST_CASE("Gaussian importance map and tile steps match the reference", "[parity]") {
  const TensorFile ref = readSafetensors(refFile("plain_reference.safetensors"));
  const auto want = ref.tensors.at("gaussian").toFloat();
  const auto got = gaussianImportanceMap({16, 32, 32}, true);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == want[i]);

  std::ifstream in(refFile("steps.json"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // steps.json: {"<image>_<patch>": [starts...]}; parsed by hand to keep this test JSON-library-free.
  std::size_t pos = 0;
  int checked = 0;
  while ((pos = text.find('"', pos)) != std::string::npos) {
    const auto end = text.find('"', pos + 1);
    const std::string key = text.substr(pos + 1, end - pos - 1);
    const auto us = key.find('_');
    const std::int64_t image = std::stoll(key.substr(0, us));
    const int patch = std::stoi(key.substr(us + 1));
    const auto lb = text.find('[', end), rb = text.find(']', end);
    std::vector<std::int64_t> expected;
    std::string list = text.substr(lb + 1, rb - lb - 1);
    for (std::size_t p = 0; p < list.size();) {
      std::size_t used = 0;
      expected.push_back(std::stoll(list.substr(p), &used));
      p += used;
      while (p < list.size() && (list[p] == ',' || list[p] == ' ')) ++p;
    }
    const auto steps = slidingWindowSteps({image, image, image}, {patch, patch, patch}, 0.5);
    INFO(key);
    CHECK(steps[0] == expected);
    ++checked;
    pos = rb;
  }
  CHECK(checked == 8);
}

TEST_CASE("A converted nnU-Net checkpoint loads without renaming and predicts the same logits", "[parity][bundle]") {
  for (const std::string name : {"plain", "resenc"}) {
    // Written by convert_nnunet_checkpoint.py from a pickled checkpoint with `_orig_mod.` keys and nnU-Net's
    // duplicate keys (all_modules, decoder.encoder).
    refFile(name + "_bundle/manifest.json");
    const ModelBundle b = loadBundle(kRefDir + "/" + name + "_bundle");
    CHECK(b.manifest.channels.size() == 2);
    CHECK(b.manifest.labels == std::vector<std::string>{"background", "liver", "tumour"});
    DeviceRequest cpu;
    cpu.kind = DeviceKind::Cpu;
    const NetworkRunner runner(b.plan.network, b.manifest.weights.at(0).file, cpu);
    const TensorFile ref = readSafetensors(refFile(name + "_reference.safetensors"));
    const auto& tile = ref.tensors.at("tile");
    const auto d = compare(runner.predictTile(tile.toFloat(), spatial(tile), false), ref.tensors.at("tile_logits").toFloat());
    report(name + " tile via converted checkpoint", d);
    CHECK(d.maxAbs < 1e-4);
  }
}
