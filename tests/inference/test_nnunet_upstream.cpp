// The nnU-Net checkpoint converter and the C++ networks against UPSTREAM nnU-Net v2 (not the project's own
// Python re-implementation): tests/inference/data/nnunet_upstream/ holds checkpoint_final.pth files written the
// way nnUNetTrainer.save_checkpoint writes them, plans.json / dataset.json in nnU-Net's format, and the
// upstream network's forward output on a fixed input (make_fixtures.py and README.md there say how).
// Each fixture goes through inference/python/convert_nnunet_checkpoint.py (Debian's python3-torch), loadBundle
// (checksums verified) and the C++ network; the logits must equal upstream's within
//   max |C++ - upstream| <= 1e-4 * max(1, max |upstream|)   (float32, CPU)
// and the argmax labels must be identical. The measured differences are printed.
#include <hccws/inference/bundle.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/plans.h>
#include <hccws/inference/segmenter.h>
#include <hccws/inference/tensor_file.h>

#include "skip.h"
#include "support.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace hccws::infer;

namespace {

using hccws::test::readText;
using hccws::test::sourceDir;

struct Fixture {
  std::string name, results;  // results: nnU-Net's trainer folder inside the fixture
  std::vector<std::string> phases;
  std::string architecture;
};

const std::vector<Fixture> kFixtures = {
    {"plain_ct1_legacy_plans", "nnUNetTrainer__nnUNetPlans__3d_fullres", {"portal_venous"}, "PlainConvUNet"},
    {"plain_ct2", "nnUNetTrainer__nnUNetPlans__3d_fullres", {"arterial", "portal_venous"}, "PlainConvUNet"},
    {"resenc_ct1", "nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres", {"portal_venous"}, "ResidualEncoderUNet"},
    {"resenc_ct2", "nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres", {"arterial", "portal_venous"},
     "ResidualEncoderUNet"},
};


std::string fixtureDir(const Fixture& f) {
  return sourceDir() + "/tests/inference/data/nnunet_upstream/" + f.name;
}


// Debian's python3-torch runs the converter (it unpickles the checkpoint); without it the test cannot run:
// a failure in CI (CI=true), exit code 77 (CTest: skipped) elsewhere (tests/skip.h).
void requirePythonTorch() {
  static int ok = -1;
  if (ok < 0) ok = std::system((std::string(HCCWS_PYTHON_TORCH) + " -c 'import torch' >/dev/null 2>&1").c_str()) == 0;
  if (ok) return;
  hccws::test::skipTest(std::string(HCCWS_PYTHON_TORCH) +
                        " with torch (Debian: apt install python3-torch) is needed to run the converter");
}

// Runs the converter; returns its exit status, stdout+stderr in `output`.
int convert(const Fixture& f, const std::string& out, const std::vector<std::string>& phases, std::string& output) {
  std::string cmd = std::string(HCCWS_PYTHON_TORCH) + " '" + sourceDir() + "/inference/python/convert_nnunet_checkpoint.py'" +
                    " --results '" + fixtureDir(f) + "/" + f.results + "' --out '" + out + "' --name '" + f.name + "'";
  for (const auto& p : phases) cmd += " --phase " + p;
  const std::string log = out + ".log";
  const int rc = std::system((cmd + " > '" + log + "' 2>&1").c_str());
  output = readText(log);
  return rc;
}

struct Diff {
  double maxAbs = 0, maxRef = 0;
  std::int64_t labelMismatches = 0, voxels = 0;
};

Diff compareLogits(const std::vector<float>& got, const RawTensor& ref) {
  const auto want = ref.toFloat();
  REQUIRE(got.size() == want.size());
  const std::int64_t k = ref.shape[1];
  const std::int64_t n = static_cast<std::int64_t>(want.size()) / k;
  Diff d;
  d.voxels = n;
  for (std::size_t i = 0; i < want.size(); ++i) {
    REQUIRE(std::isfinite(got[i]));
    d.maxAbs = std::max(d.maxAbs, static_cast<double>(std::abs(got[i] - want[i])));
    d.maxRef = std::max(d.maxRef, static_cast<double>(std::abs(want[i])));
  }
  for (std::int64_t v = 0; v < n; ++v) {
    std::int64_t a = 0, b = 0;
    for (std::int64_t c = 1; c < k; ++c) {
      if (got[c * n + v] > got[a * n + v]) a = c;
      if (want[c * n + v] > want[b * n + v]) b = c;
    }
    d.labelMismatches += a != b;
  }
  return d;
}

}  // namespace

TEST_CASE("nnU-Net v2 checkpoints written by upstream convert and reproduce upstream's logits", "[upstream]") {
  requirePythonTorch();
  DeviceRequest cpu;
  cpu.kind = DeviceKind::Cpu;
  cpu.cpuThreads = 1;
  for (const auto& f : kFixtures) {
    SECTION(f.name) {
      const std::string out = hccws::test::tmpDir("nnunet_upstream_" + f.name);
      std::string log;
      const int rc = convert(f, out, f.phases, log);
      INFO("converter output:\n" << log);
      REQUIRE(rc == 0);

      const ModelBundle b = loadBundle(out, true);
      CHECK(b.manifest.architecture == "nnunetv2:" + f.architecture);
      CHECK(b.plan.network.networkClass ==
            (f.architecture == "PlainConvUNet" ? NetworkClass::PlainConvUNet : NetworkClass::ResidualEncoderUNet));
      REQUIRE(b.manifest.channels.size() == f.phases.size());
      CHECK(requiredPhases(b.manifest) == f.phases);
      CHECK(b.plan.network.inputChannels == static_cast<int>(f.phases.size()));
      CHECK(b.manifest.labels == std::vector<std::string>{"background", "liver", "tumor"});
      CHECK(b.plan.mirrorAxes == std::vector<int>{0, 1, 2});
      CHECK(b.manifest.configuration == "3d_fullres");
      REQUIRE(b.manifest.weights.size() == 1);
      // nnU-Net's aliases (all_modules, decoder.encoder) are not written twice.
      for (const auto& [key, t] : readSafetensors(b.manifest.weights[0].file).tensors) {
        CHECK(key.find(".all_modules.") == std::string::npos);
        CHECK(key.rfind("decoder.encoder.", 0) != 0);
      }

      const TensorFile io = readSafetensors(fixtureDir(f) + "/reference_io.safetensors");
      const RawTensor& input = io.tensors.at("input");
      const RawTensor& output = io.tensors.at("output");
      REQUIRE(input.shape.size() == 5);
      REQUIRE(input.shape[1] == static_cast<std::int64_t>(f.phases.size()));
      const std::array<std::int64_t, 3> zyx{input.shape[2], input.shape[3], input.shape[4]};
      for (int a = 0; a < 3; ++a) CHECK(zyx[a] == b.plan.patchSize[a]);

      const NetworkRunner runner(b.plan.network, b.manifest.weights[0].file, cpu);
      const auto logits = runner.predictTile(input.toFloat(), zyx, false, Mode::Fast);
      const Diff d = compareLogits(logits, output);
      std::printf("[upstream] %-24s %-20s %lld params: max |C++ - nnU-Net| = %.3g (max |logit| %.3g, rel %.3g), "
                  "argmax differs at %lld of %lld voxels; fixture from nnU-Net %s\n",
                  f.name.c_str(), f.architecture.c_str(), static_cast<long long>(runner.parameterCount()), d.maxAbs,
                  d.maxRef, d.maxAbs / std::max(1.0, d.maxRef), static_cast<long long>(d.labelMismatches),
                  static_cast<long long>(d.voxels), io.metadata.count("nnunet_commit") ? io.metadata.at("nnunet_commit").c_str() : "?");
      std::fflush(stdout);
      CHECK(d.maxAbs <= 1e-4 * std::max(1.0, d.maxRef));
      CHECK(d.labelMismatches == 0);
    }
  }
}

TEST_CASE("Converter refuses phase lists that do not fit dataset.json", "[upstream]") {
  requirePythonTorch();
  const Fixture& two = kFixtures[1];
  const std::string out = hccws::test::tmpDir("nnunet_upstream_refusals");
  std::string log;
  CHECK(convert(two, out + "/a", {"portal_venous"}, log) != 0);
  CHECK(log.find("2 channel(s)") != std::string::npos);
  CHECK(convert(two, out + "/b", {"arterial", "arterial"}, log) != 0);
  CHECK(log.find("one channel only") != std::string::npos);
}

TEST_CASE("Single-channel upstream bundle segments one phase; a two-phase bundle names the missing phase", "[upstream]") {
  requirePythonTorch();
  std::string log;
  const std::string one = hccws::test::tmpDir("nnunet_upstream_seg1");
  REQUIRE(convert(kFixtures[2], one, {"portal_venous"}, log) == 0);
  const std::string two = hccws::test::tmpDir("nnunet_upstream_seg2");
  REQUIRE(convert(kFixtures[1], two, {"arterial", "portal_venous"}, log) == 0);

  InputImage pv;
  pv.dims = {20, 18, 10};
  pv.spacingMm = {1.0, 1.0, 1.5};
  pv.phase = "portal_venous";
  pv.voxels.resize(20 * 18 * 10);
  for (std::size_t i = 0; i < pv.voxels.size(); ++i) pv.voxels[i] = static_cast<float>((i * 37) % 200) - 20.0f;

  RunOptions o;
  o.device.kind = DeviceKind::Cpu;
  o.device.cpuThreads = 1;
  o.mirroring = false;
  o.returnProbabilities = true;
  {
    Segmenter seg(loadBundle(one), o);
    const auto r = seg.segment({pv});
    CHECK(r.labels.size() == pv.voxels.size());
    CHECK(r.probabilities.size() == 3 * pv.voxels.size());
    InputImage unnamed = pv;
    unnamed.phase.clear();  // a single-channel model takes an unnamed image too
    CHECK(seg.segment({unnamed}).labels == r.labels);
  }
  {
    Segmenter seg(loadBundle(two), o);
    try {
      seg.segment({pv});
      FAIL("a two-phase model ran on one phase");
    } catch (const InferenceError& e) {
      const std::string m = e.what();
      INFO(m);
      CHECK(m.find("missing: arterial") != std::string::npos);
    }
    CHECK(missingPhases(seg.bundle().manifest, {"portal_venous"}) == std::vector<std::string>{"arterial"});
    CHECK(missingPhases(seg.bundle().manifest, {"portal_venous", "arterial", "delayed"}).empty());
  }
}

TEST_CASE("Plans options the engine does not build are refused, not silently mis-built", "[upstream]") {
  const Fixture& f = kFixtures[2];
  const std::string dir = fixtureDir(f) + "/" + f.results;
  const std::string plans = readText(dir + "/plans.json"), dataset = readText(dir + "/dataset.json");
  REQUIRE(!plans.empty());
  CHECK_NOTHROW(parseNnunetPlan(plans, dataset, "3d_fullres", "plans.json"));
  auto edited = [&](const std::string& from, const std::string& to) {
    std::string s = plans;
    const auto at = s.find(from, s.find("\"3d_fullres\": {"));
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK_THROWS_WITH(parseNnunetPlan(edited("\"affine\": true", "\"affine\": false"), dataset, "3d_fullres", "plans.json"),
                    Catch::Contains("affine"));
  CHECK_THROWS_WITH(parseNnunetPlan(edited("\"nonlin_kwargs\": {", "\"nonlin_first\": true, \"nonlin_kwargs\": {"),
                                    dataset, "3d_fullres", "plans.json"),
                    Catch::Contains("nonlin_first"));
  CHECK_THROWS_WITH(parseNnunetPlan(edited("\"nonlin_kwargs\": {", "\"stem_channels\": 7, \"nonlin_kwargs\": {"),
                                    dataset, "3d_fullres", "plans.json"),
                    Catch::Contains("stem_channels"));
  CHECK_THROWS_WITH(parseNnunetPlan(edited("\"data_identifier\"", "\"previous_stage\": \"3d_lowres\", \"data_identifier\""),
                                    dataset, "3d_fullres", "plans.json"),
                    Catch::Contains("cascade"));
}
