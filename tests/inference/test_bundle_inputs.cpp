// Hostile and damaged model-bundle inputs (issue 13, docs/reliability.md "Inference inputs"): every one is
// refused quickly, before anything is allocated or built, with a message that names the file and the key or
// field, and never with nlohmann-json's exception text, "stoi" or a LibTorch backtrace. All inputs are made
// here from small text; nothing comes from shared data.
// - channels[].index out of range (loadBundle, orderInputs on a hand-made bundle, writeManifest)
// - weights / manifest / plans that are /dev/zero or a FIFO (checksum, reader: no hang, no endless read)
// - plans.json with n_conv_per_stage 100,000 and other huge or mistyped architecture values
// - safetensors headers claiming 10^12 elements, overflowing shapes, offsets past the end, overlapping or short
//   data, a header length larger than the file or than 100 MB
// - JSON that is not UTF-8, nested 100,000 deep, mistyped; label keys that are not numbers
// - the budgets (HCCWS_MAX_TENSOR_BYTES, HCCWS_MAX_MODEL_BYTES) and their refusal of a bad value
// - CPU threads 100,000, a tile step of NaN or 1e-9, a LibTorch error (no backtrace in the message)
#include "support.h"

#include <hccws/inference/bundle.h>
#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/plans.h>
#include <hccws/inference/sha256.h>
#include <hccws/inference/tensor_file.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <typeinfo>

using namespace hccws::infer;
using hccws::test::tmpDir;

namespace {

using hccws::test::readText;
using hccws::test::sourceDir;

void writeText(const std::string& path, const std::string& text) {
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  o << text;
}


std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

// What no refusal may show the user.
void requireCleanMessage(const std::string& m) {
  INFO(m);
  CHECK(m.find("json.exception") == std::string::npos);
  CHECK(m.find("stoi") == std::string::npos);
  CHECK(m.find("Exception raised from") == std::string::npos);
  CHECK(m.find("bad_alloc") == std::string::npos);
  CHECK(m.find('\n') == std::string::npos);
}

// Runs `f`, which must throw InferenceError within `seconds` (a hang fails the test instead of blocking CTest:
// the process exits, since a thread blocked in a read cannot be cancelled). Returns the message.
std::string refusal(std::function<void()> f, double seconds = 10) {
  auto task = std::async(std::launch::async, [f] {
    try {
      f();
    } catch (const InferenceError& e) {
      return std::string(e.what());
    } catch (const std::exception& e) {
      return std::string("UNTYPED ") + e.what();
    }
    return std::string("NOT REFUSED");
  });
  const auto t0 = std::chrono::steady_clock::now();
  if (task.wait_for(std::chrono::duration<double>(seconds)) != std::future_status::ready) {
    std::fprintf(stderr, "FAILED: the call did not return within %.0f s (hang)\n", seconds);
    std::fflush(stderr);
    std::_Exit(1);
  }
  const std::string m = task.get();
  INFO(m);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds);
  CHECK(m.rfind("UNTYPED", 0) != 0);
  CHECK(m != "NOT REFUSED");
  requireCleanMessage(m);
  return m;
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(const std::string& n, const std::string& v) : name(n) { setenv(n.c_str(), v.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name.c_str()); }
};

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

NetworkConfig planNetwork() { return parseNnunetPlan(kPlans, kDataset, "3d_fullres", "plans.json").network; }

// A valid two-channel bundle with random weights (no checksums verified unless asked).
std::string makeBundle(const std::string& name) {
  const std::string dir = tmpDir(name);
  writeText(dir + "/plans.json", kPlans);
  writeText(dir + "/dataset.json", kDataset);
  NetworkRunner(planNetwork(), "", {DeviceKind::Cpu}).saveWeights(dir + "/fold_0.safetensors");
  ModelManifest m;
  m.name = "inputs test";
  m.channels = {{0, "arterial", "CTNormalization"}, {1, "portal_venous", "CTNormalization"}};
  m.targetSpacingZyx = {2.0, 1.0, 1.0};
  m.patchSizeZyx = {8, 16, 16};
  m.labels = {"background", "liver", "tumour"};
  m.weights = {{0, "fold_0.safetensors", ""}};
  writeManifest(dir, m);
  return dir;
}

// Little-endian 8-byte length + header + data.
std::string safetensors(const std::string& header, const std::string& data, std::uint64_t claimedLength = 0) {
  const std::uint64_t n = claimedLength ? claimedLength : header.size();
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return s + header + data;
}

}  // namespace

TEST_CASE("a valid bundle still loads (the checks refuse only what is wrong)", "[inputs]") {
  const std::string dir = makeBundle("inputs_valid");
  const ModelBundle b = loadBundle(dir, true);
  CHECK(b.manifest.channels.size() == 2);
  CHECK(b.plan.network.nConvPerStage == std::vector<int>{1, 1, 1});
}

TEST_CASE("channels[].index out of range never addresses the inputs", "[inputs][channels]") {
  const std::string dir = makeBundle("inputs_channels");
  const std::string manifest = readText(dir + "/manifest.json");
  for (const std::string bad : {"5", "-1", "1000000", "2147483648", "0.5", "\"0\"", "1e300"}) {
    writeText(dir + "/manifest.json", replaced(manifest, "\"index\": 1", "\"index\": " + bad));
    const std::string m = refusal([&] { loadBundle(dir, false); });
    CHECK_THAT(m, Catch::Contains("manifest.json") && Catch::Contains("index"));
  }
  writeText(dir + "/manifest.json", replaced(manifest, "\"index\": 1", "\"index\": 0"));
  CHECK_THAT(refusal([&] { loadBundle(dir, false); }), Catch::Contains("index 0") && Catch::Contains("each once"));

  // A bundle made by hand (not by loadBundle): orderInputs checks the indices itself.
  writeText(dir + "/manifest.json", manifest);
  ModelBundle b = loadBundle(dir, false);
  b.manifest.channels[1].index = 7;
  std::vector<InputImage> in(2);
  for (int c = 0; c < 2; ++c) {
    in[static_cast<std::size_t>(c)].dims = {4, 4, 4};
    in[static_cast<std::size_t>(c)].voxels.assign(64, 0.f);
    in[static_cast<std::size_t>(c)].phase = c == 0 ? "arterial" : "portal_venous";
  }
  CHECK_THAT(refusal([&] { orderInputs(b, in); }), Catch::Contains("index 7"));
  b.manifest.channels[1].index = -3;
  CHECK_THAT(refusal([&] { orderInputs(b, in); }), Catch::Contains("index -3"));
  CHECK_THAT(refusal([&] { writeManifest(tmpDir("inputs_channels_out"), b.manifest); }), Catch::Contains("index -3"));
  // Implausible input grids are refused too (no overflow in the voxel count).
  b.manifest.channels[1].index = 1;
  in[0].dims = {std::int64_t{1} << 40, 1 << 30, 1 << 30};
  CHECK_THAT(refusal([&] { orderInputs(b, in); }), Catch::Contains("allowed"));
  in[0].dims = {4, 4, 4};
  in[0].spacingMm = {std::nan(""), 1, 1};
  CHECK_THAT(refusal([&] { orderInputs(b, in); }), Catch::Contains("spacing"));
}

TEST_CASE("weights, manifest or plans that are /dev/zero or a FIFO are refused without reading", "[inputs][files]") {
  const std::string dir = makeBundle("inputs_devices");
  const std::string weights = dir + "/fold_0.safetensors";
  REQUIRE(std::remove(weights.c_str()) == 0);
  REQUIRE(symlink("/dev/zero", weights.c_str()) == 0);
  // With checksums (this hashed /dev/zero for ever) and without (the reader).
  CHECK_THAT(refusal([&] { loadBundle(dir, true); }), Catch::Contains("fold_0.safetensors") && Catch::Contains("device"));
  CHECK_THAT(refusal([&] { loadBundle(dir, false); }), Catch::Contains("fold_0.safetensors") && Catch::Contains("device"));
  CHECK_THAT(refusal([&] { sha256File("/dev/zero"); }), Catch::Contains("/dev/zero") && Catch::Contains("device"));
  CHECK_THAT(refusal([&] { readSafetensors("/dev/zero"); }), Catch::Contains("/dev/zero") && Catch::Contains("device"));

  // A FIFO nobody writes to: opening it for reading would block.
  REQUIRE(std::remove(weights.c_str()) == 0);
  REQUIRE(mkfifo(weights.c_str(), 0600) == 0);
  CHECK_THAT(refusal([&] { loadBundle(dir, true); }), Catch::Contains("fold_0.safetensors") && Catch::Contains("FIFO"));
  CHECK_THAT(refusal([&] { readSafetensors(weights); }), Catch::Contains("FIFO"));
  CHECK_THAT(refusal([&] { sha256File(weights); }), Catch::Contains("FIFO"));

  // The JSON files too.
  const std::string plans = dir + "/plans.json";
  REQUIRE(std::remove(plans.c_str()) == 0);
  REQUIRE(mkfifo(plans.c_str(), 0600) == 0);
  CHECK_THAT(refusal([&] { readNnunetPlan(plans, dir + "/dataset.json"); }), Catch::Contains("plans.json") && Catch::Contains("FIFO"));
  const std::string manifest = dir + "/manifest.json";
  REQUIRE(std::remove(manifest.c_str()) == 0);
  REQUIRE(symlink("/dev/zero", manifest.c_str()) == 0);
  CHECK_THAT(refusal([&] { loadBundle(dir, false); }), Catch::Contains("manifest.json") && Catch::Contains("device"));
  // A folder where a file belongs.
  REQUIRE(std::remove(manifest.c_str()) == 0);
  REQUIRE(mkdir(manifest.c_str(), 0700) == 0);
  CHECK_THAT(refusal([&] { loadBundle(dir, false); }), Catch::Contains("manifest.json") && Catch::Contains("folder"));
}

TEST_CASE("plans.json with huge or mistyped architecture values is refused by key and range", "[inputs][plans]") {
  const std::string arch = "\"n_conv_per_stage\": [1, 1, 1]";
  struct Case {
    std::string from, to, key, range;
  };
  const std::vector<Case> cases = {
      {arch, "\"n_conv_per_stage\": [100000, 1, 1]", "n_conv_per_stage[0]", "1..64"},
      {arch, "\"n_conv_per_stage\": 100000", "n_conv_per_stage", "1..64"},
      {arch, "\"n_conv_per_stage\": [1, 1e300, 1]", "n_conv_per_stage[1]", "1..64"},
      {arch, "\"n_conv_per_stage\": [1, -2, 1]", "n_conv_per_stage[1]", "1..64"},
      {arch, "\"n_conv_per_stage\": [1, \"2\", 1]", "n_conv_per_stage[1]", "string"},
      {arch, "\"n_conv_per_stage\": [1, 1.5, 1]", "n_conv_per_stage[1]", "whole number"},
      {arch, "\"n_conv_per_stage\": [1, 1]", "n_conv_per_stage", "3..3"},
      {"\"n_stages\": 3", "\"n_stages\": 100000", "n_stages", "2..12"},
      {"\"features_per_stage\": [4, 8, 8]", "\"features_per_stage\": [4, 8, 1000000]", "features_per_stage[2]", "1..4096"},
      {"\"kernel_sizes\": [[1, 3, 3]", "\"kernel_sizes\": [[1, 3, 99]", "kernel_sizes[0][2]", "1..15"},
      {"\"strides\": [[1, 1, 1], [2, 2, 2]", "\"strides\": [[1, 1, 1], [2, 200, 2]", "strides[1][1]", "1..8"},
      {"\"n_conv_per_stage_decoder\": [1, 1]", "\"n_conv_per_stage_decoder\": [1, 100000]", "n_conv_per_stage_decoder[1]", "1..64"},
      {"\"patch_size\": [8, 16, 16]", "\"patch_size\": [8, 16, 100000]", "patch_size[2]", "1..1024"},
      {"\"patch_size\": [8, 16, 16]", "\"patch_size\": [1024, 1024, 1024]", "patch_size", "at most 134217728"},
      {"\"patch_size\": [8, 16, 16]", "\"patch_size\": [8, 16, 18]", "patch_size[2]", "divisible"},
      {"\"spacing\": [2.0, 1.0, 1.0]", "\"spacing\": [2.0, 0, 1.0]", "spacing[1]", "allowed"},
      {"\"transpose_forward\": [0, 1, 2]", "\"transpose_forward\": [0, 7, 2]", "transpose_forward[1]", "0..2"},
      {"\"transpose_forward\": [0, 1, 2]", "\"transpose_forward\": [0, 0, 2]", "transpose_forward", "permutation"},
      {"\"std\": 50.0", "\"std\": \"x\"", "std", "number"},
      {"\"n_stages\": 3,", "", "n_stages", "has no"},
  };
  for (const auto& c : cases) {
    const std::string text = replaced(kPlans, c.from, c.to);
    const std::string m = refusal([&] { parseNnunetPlan(text, kDataset, "3d_fullres", "plans.json"); });
    CHECK_THAT(m, Catch::Contains("plans.json") && Catch::Contains(c.key) && Catch::Contains(c.range));
  }
  // Every value within its range, but the network would be enormous: refused by the parameter budget.
  std::string big = replaced(kPlans, "\"features_per_stage\": [4, 8, 8]", "\"features_per_stage\": [4096, 4096, 4096]");
  big = replaced(big, "\"kernel_sizes\": [[1, 3, 3], [3, 3, 3], [3, 3, 3]]", "\"kernel_sizes\": [[15, 15, 15], [15, 15, 15], [15, 15, 15]]");
  CHECK_THAT(refusal([&] { parseNnunetPlan(big, kDataset, "3d_fullres", "plans.json"); }),
             Catch::Contains("over the limit") && Catch::Contains("HCCWS_MAX_TENSOR_BYTES"));
  // NetworkConfig built in code: validate() applies the same limits.
  NetworkConfig n = planNetwork();
  n.nConvPerStage[0] = 100000;
  CHECK_THAT(refusal([&] { n.validate("config"); }), Catch::Contains("n_conv_per_stage[0]") && Catch::Contains("1..64"));
  n = planNetwork();
  n.numClasses = 1000;
  CHECK_THAT(refusal([&] { n.validate("config"); }), Catch::Contains("1..256"));
  // dataset.json: label values beyond 8 bits, repeated values.
  CHECK_THAT(refusal([&] { parseNnunetPlan(kPlans, replaced(kDataset, "\"tumour\": 2", "\"tumour\": 70000"), "3d_fullres", "plans.json"); }),
             Catch::Contains("labels.tumour") && Catch::Contains("0..255"));
  CHECK_THAT(refusal([&] { parseNnunetPlan(kPlans, replaced(kDataset, "\"tumour\": 2", "\"tumour\": 1"), "3d_fullres", "plans.json"); }),
             Catch::Contains("repeats"));
}

TEST_CASE("the model budget is documented, configurable and refuses bad values", "[inputs][budget]") {
  CHECK(tensorByteBudget() == (2ull << 30));
  CHECK(modelByteBudget() == (8ull << 30));
  {
    const ScopedEnv env("HCCWS_MAX_MODEL_BYTES", "1K");
    CHECK(modelByteBudget() == 1024);
    CHECK_THAT(refusal([&] { parseNnunetPlan(kPlans, kDataset, "3d_fullres", "plans.json"); }),
               Catch::Contains("network's parameters") && Catch::Contains("HCCWS_MAX_MODEL_BYTES"));
  }
  {
    const ScopedEnv env("HCCWS_MAX_TENSOR_BYTES", "lots");
    CHECK_THAT(refusal([&] { tensorByteBudget(); }), Catch::Contains("HCCWS_MAX_TENSOR_BYTES") && Catch::Contains("lots"));
  }
  {
    const ScopedEnv env("HCCWS_MAX_TENSOR_BYTES", "16");
    const std::string dir = tmpDir("inputs_budget");
    writeText(dir + "/w.safetensors",
              safetensors(R"({"a":{"dtype":"F32","shape":[5],"data_offsets":[0,20]}})", std::string(20, '\0')));
    CHECK_THAT(refusal([&] { readSafetensors(dir + "/w.safetensors"); }),
               Catch::Contains("w.safetensors") && Catch::Contains("tensor 'a'") && Catch::Contains("HCCWS_MAX_TENSOR_BYTES"));
  }
}

TEST_CASE("safetensors headers are checked before anything is allocated", "[inputs][safetensors]") {
  const std::string dir = tmpDir("inputs_safetensors");
  const std::string path = dir + "/w.safetensors";
  auto refused = [&](const std::string& bytes) {
    writeText(path, bytes);
    const std::string m = refusal([&] { readSafetensors(path); });
    CHECK_THAT(m, Catch::Contains(path));
    return m;
  };
  const std::string data(16, '\0');
  // A valid file reads.
  writeText(path, safetensors(R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"k":"v"}})", data));
  CHECK(readSafetensors(path).tensors.at("a").toFloat().size() == 4);
  // 10^12 elements: refused by the per-tensor budget, nothing allocated.
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,4000000000000]}})", data)),
             Catch::Contains("tensor 'a'") && Catch::Contains("over the limit"));
  // A shape whose product overflows 64 bits (and would wrap to a small byte count).
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[1099511627776,1099511627776,16],"data_offsets":[0,0]}})", data)),
             Catch::Contains("overflows"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,16]}})", data)),
             Catch::Contains("shape[0]") && Catch::Contains("allowed"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", data)),
             Catch::Contains("shape[0]"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}})", data)),
             Catch::Contains("shape") && Catch::Contains("0..8"));
  // Offsets past the end of the file, reversed, or not matching the shape (short data).
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[1000,1016]}})", data)),
             Catch::Contains("past the end"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", data)),
             Catch::Contains("before it begins"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}})", data)),
             Catch::Contains("8 bytes of data") && Catch::Contains("need 16"));
  // Two tensors sharing bytes.
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data)),
             Catch::Contains("overlap"));
  // Header length larger than the file; larger than the 100 MB header limit (a sparse file, nothing written).
  CHECK_THAT(refused(safetensors("{}", data, 1ull << 40)), Catch::Contains("larger than the file"));
  {
    const std::uint64_t claimed = 150ull << 20;
    writeText(path, safetensors("{}", "", claimed));
    REQUIRE(truncate(path.c_str(), static_cast<off_t>(claimed + 8)) == 0);
    CHECK_THAT(refusal([&] { readSafetensors(path); }), Catch::Contains("over the limit"));
  }
  CHECK_THAT(refused(std::string("\x03\x00\x00", 3)), Catch::Contains("shorter than its 8-byte header length"));
  // Header content: not an object, not UTF-8, mistyped fields, unknown dtype, non-string metadata.
  CHECK_THAT(refused(safetensors("[1, 2]", data)), Catch::Contains("must be a JSON object"));
  CHECK_THAT(refused(safetensors("{\"a\xff\":{}}", data)), Catch::Contains("not valid UTF-8 at byte 3"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":7,"shape":[4],"data_offsets":[0,16]}})", data)),
             Catch::Contains("'a.dtype' must be a string"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}})", data)),
             Catch::Contains("unsupported dtype F64"));
  CHECK_THAT(refused(safetensors(R"({"a":{"dtype":"F32","shape":[4]}})", data)), Catch::Contains("has no 'a.data_offsets'"));
  CHECK_THAT(refused(safetensors(R"({"__metadata__":{"k":1}})", data)), Catch::Contains("__metadata__.k"));
  CHECK_THAT(refused(safetensors("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}", data)),
             Catch::Contains("nested deeper than 64"));
  // RawTensor built in code: an overflowing or negative shape and mismatched bytes throw, never wrap.
  RawTensor t;
  t.shape = {std::int64_t{1} << 40, std::int64_t{1} << 40};
  CHECK_THAT(refusal([&] { t.numel(); }), Catch::Contains("overflows"));
  t.shape = {-1, -1};
  CHECK_THAT(refusal([&] { t.numel(); }), Catch::Contains("negative"));
  t.shape = {1000};
  t.bytes.assign(8, 0);
  CHECK_THAT(refusal([&] { t.toFloat(); }), Catch::Contains("8 bytes"));
}

TEST_CASE("JSON that is not UTF-8, mistyped or too deep is named, never with nlohmann's text", "[inputs][json]") {
  const std::string dir = makeBundle("inputs_json");
  const std::string path = dir + "/manifest.json";
  const std::string manifest = readText(path);
  auto refused = [&](const std::string& text) {
    writeText(path, text);
    const std::string m = refusal([&] { loadBundle(dir, false); });
    CHECK_THAT(m, Catch::Contains("manifest.json"));
    return m;
  };
  // Latin-1 "é" (0xE9) in the name: nlohmann would throw parse error 101 or type_error 316.
  const std::string latin1 = replaced(manifest, "\"inputs test\"", "\"inputs t\xe9st\"");
  const auto at = latin1.find('\xe9');
  CHECK_THAT(refused(latin1), Catch::Contains("not valid UTF-8 at byte " + std::to_string(at)));
  CHECK_THAT(refused(replaced(manifest, "\"inputs test\"", "\"\xed\xa0\x80\"")), Catch::Contains("not valid UTF-8"));
  CHECK_THAT(refused(replaced(manifest, "\"inputs test\"", "\"\xc0\xaf\"")), Catch::Contains("not valid UTF-8"));
  // Valid UTF-8 is accepted.
  writeText(path, replaced(manifest, "\"inputs test\"", "\"inputs t\xc3\xa9st \xe8\x82\x9d\""));
  CHECK(loadBundle(dir, false).manifest.name == "inputs t\xc3\xa9st \xe8\x82\x9d");
  // Syntax errors say where.
  CHECK_THAT(refused(manifest.substr(0, manifest.size() / 2)), Catch::Contains("not valid JSON") && Catch::Contains("line"));
  // Label keys that are not numbers (this was "stoi").
  CHECK_THAT(refused(replaced(manifest, "\"2\": \"tumour\"", "\"x\": \"tumour\"")), Catch::Contains("labels") && Catch::Contains("'x'"));
  CHECK_THAT(refused(replaced(manifest, "\"2\": \"tumour\"", "\"99999999999\": \"tumour\"")), Catch::Contains("labels"));
  // Wrong types name the key.
  CHECK_THAT(refused(replaced(manifest, "\"inputs test\"", "42")), Catch::Contains("'name' must be a string, not number"));
  CHECK_THAT(refused(replaced(manifest, "\"format_version\": 1", "\"format_version\": \"1\"")), Catch::Contains("format_version"));
  CHECK_THAT(refused(replaced(manifest, "\"phase\": \"arterial\"", "\"phase\": null")), Catch::Contains("channels[0]"));
  CHECK_THAT(refused("[]"), Catch::Contains("not an hccws model manifest"));
  CHECK_THAT(refused(std::string(200000, '[')), Catch::Contains("nested deeper than 64"));
  // Weights lists and mirroring axes are bounded.
  CHECK_THAT(refused(replaced(manifest, "\"configuration\": \"3d_fullres\"",
                              "\"configuration\": \"3d_fullres\", \"allowed_mirroring_axes\": [0, 5]")),
             Catch::Contains("allowed_mirroring_axes[1]") && Catch::Contains("0..2"));
  // dataset.json that is not UTF-8.
  writeText(path, manifest);
  writeText(dir + "/dataset.json", replaced(kDataset, "\"liver\"", "\"liv\xe9r\""));
  CHECK_THAT(refusal([&] { loadBundle(dir, false); }), Catch::Contains("dataset.json") && Catch::Contains("not valid UTF-8"));
}

TEST_CASE("CPU threads, device names and tile steps outside their ranges are refused", "[inputs][options]") {
  DeviceRequest r;
  r.kind = DeviceKind::Cpu;
  r.cpuThreads = 100000;
  CHECK_THAT(refusal([&] { selectDevice(r); }), Catch::Contains("100000") && Catch::Contains("1.." + std::to_string(maxCpuThreads())));
  r.cpuThreads = -1;
  CHECK_THAT(refusal([&] { selectDevice(r); }), Catch::Contains("allowed range"));
  CHECK(maxCpuThreads() >= 4);
  CHECK_THAT(refusal([&] { parseDeviceRequest("cuda:1x"); }), Catch::Contains("cuda:1x"));
  CHECK_THAT(refusal([&] { parseDeviceRequest("cuda:99999999999999"); }), Catch::Contains("not understood"));
  for (double step : {std::nan(""), 1e-9, 0.0, -1.0, 2.0, std::numeric_limits<double>::infinity()})
    CHECK_THAT(refusal([&] { slidingWindowSteps({64, 64, 64}, {8, 8, 8}, step); }), Catch::Contains("0.05..1"));
  CHECK(slidingWindowSteps({64, 64, 64}, {8, 8, 8}, 0.5)[0].size() == 15);
}

TEST_CASE("a LibTorch error reaches the caller as one line without its backtrace", "[inputs][torch]") {
  // 5 voxels per axis do not halve through a stride-2 network: LibTorch throws a c10::Error whose what() holds
  // a C++ backtrace; the engine keeps its first line.
  const NetworkRunner runner(planNetwork(), "", {DeviceKind::Cpu});
  const std::string m = refusal([&] { runner.predictTile(std::vector<float>(2 * 5 * 5 * 5, 0.f), {5, 5, 5}, false); }, 60);
  CHECK_THAT(m, Catch::Contains("predicting a tile failed"));
}

TEST_CASE("random damage to plans, manifest and weights gives typed refusals only", "[inputs][mutations]") {
  // A small deterministic mutation run (byte flips, inserted digits, truncation) over valid files: whatever
  // the damage, the readers return or throw InferenceError with a clean message, never another exception.
  std::mt19937 rng(13);
  auto mutate = [&](std::string s) {
    const int kind = static_cast<int>(rng() % 4);
    if (s.empty()) return s;
    const std::size_t at = rng() % s.size();
    if (kind == 0) s[at] = static_cast<char>(rng() & 0xff);
    if (kind == 1) s.insert(at, std::to_string(rng()) + std::to_string(rng()));
    if (kind == 2) s.resize(at);
    if (kind == 3) s[at] = "-0e.9\"[]{},:"[rng() % 12];
    return s;
  };
  int refused = 0, accepted = 0;
  auto run = [&](const std::function<void()>& f, const std::string& what) {
    try {
      f();
      ++accepted;
    } catch (const InferenceError& e) {
      ++refused;
      const std::string m = e.what();
      if (m.find("json.exception") != std::string::npos || m.find("stoi") != std::string::npos ||
          m.find('\n') != std::string::npos)
        FAIL(what << ": unclean message: " << m);
    } catch (const std::exception& e) {
      FAIL(what << ": untyped exception " << typeid(e).name() << ": " << e.what());
    }
  };
  for (int i = 0; i < 3000; ++i) {
    const std::string plans = mutate(mutate(kPlans)), dataset = i % 5 == 0 ? mutate(kDataset) : kDataset;
    run([&] { parseNnunetPlan(plans, dataset, "3d_fullres", "plans.json").network.validate("plans.json"); }, "plans");
  }
  const std::string dir = makeBundle("inputs_mutations");
  const std::string manifest = readText(dir + "/manifest.json");
  for (int i = 0; i < 1000; ++i) {
    writeText(dir + "/manifest.json", mutate(mutate(manifest)));
    run([&] {
      const ModelBundle b = loadBundle(dir, i % 2 == 0);
      (void)requiredPhases(b.manifest);
    }, "manifest");
  }
  const std::string weights = readText(dir + "/fold_0.safetensors");
  std::uint64_t headerLength = 0;
  for (int k = 7; k >= 0; --k) headerLength = (headerLength << 8) | static_cast<unsigned char>(weights[static_cast<std::size_t>(k)]);
  const std::string path = dir + "/mutated.safetensors";
  for (int i = 0; i < 1000; ++i) {
    // Damage the header mostly (the data is raw floats, any bytes are valid there).
    std::string w = weights;
    const std::string header = mutate(w.substr(8, static_cast<std::size_t>(headerLength)));
    w = weights.substr(0, 8) + header + weights.substr(8 + static_cast<std::size_t>(headerLength));
    if (i % 3 == 0) w = mutate(w);
    writeText(path, w);
    run([&] {
      const TensorFile f = readSafetensors(path);
      for (const auto& [name, t] : f.tensors) (void)t.toFloat();
    }, "safetensors");
  }
  INFO("refused " << refused << ", accepted " << accepted);
  CHECK(refused > 3000);
}
