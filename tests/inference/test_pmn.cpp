// The Prototype Mamba Net against its PyTorch reference (inference/python/pmn_reference.py, Debian's
// python3-torch) on the same random weights and input: outputs, distances, heatmaps and one training step's
// gradients within 1e-4; the chunked selective scan against the sequential one for lengths 1 to 40,000
// within 1e-5. White-box (links LibTorch, includes inference/src). The reference files are written by the
// CTest fixture `inference_pmn_reference_files`.
#include <hccws/inference/pmn.h>
#include <hccws/inference/tensor_file.h>

#include "pmn_net.h"
#include "selective_scan.h"
#include "unet.h"  // readStateDict

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace hccws::infer;
using namespace hccws::infer::detail;

namespace {

const std::string kRefDir = HCCWS_INFER_REF_DIR;

std::string refFile(const std::string& name) {
  const std::string path = kRefDir + "/" + name;
  if (!std::ifstream(path))
    FAIL("reference file " << path << " is missing. It is written by the CTest setup test "
                           "'inference_pmn_reference_files' (" HCCWS_PYTHON_TORCH
                           " inference/python/pmn_reference.py parity --out " << kRefDir << "; Debian's python3-torch).");
  return path;
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  REQUIRE(a.sizes() == b.sizes());
  REQUIRE(torch::isfinite(a).all().item<bool>());
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

void check(const std::string& what, const torch::Tensor& cpp, const torch::Tensor& ref, double tol) {
  const double d = maxAbsDiff(cpp, ref);
  std::printf("[pmn parity] %-46s max |C++ - PyTorch| = %.3g (max |ref| %.3g)\n", what.c_str(), d,
              ref.abs().max().item<double>());
  INFO(what << ": " << d);
  CHECK(d <= tol);
}

struct Reference {
  PmnNetworkConfig cfg;
  std::map<std::string, torch::Tensor> weights, expected;
};

const Reference& reference() {
  static const Reference r = [] {
    Reference ref;
    ref.cfg = readPmnNetworkConfig(refFile("pmn_config.json"));
    ref.weights = readStateDict(refFile("pmn_weights.safetensors"));
    ref.expected = readStateDict(refFile("pmn_expected.safetensors"));
    return ref;
  }();
  return r;
}

PmnNet referenceNet() {
  PmnNet net(reference().cfg);
  loadPmnStateDict(net, reference().weights, "pmn_weights.safetensors");
  return net;
}

}  // namespace

TEST_CASE("PMN forward, distances and heatmaps equal the PyTorch reference", "[pmn][parity]") {
  const auto& ref = reference();
  const auto& e = ref.expected;
  for (ScanKind scan : {ScanKind::Chunked, ScanKind::Sequential}) {
    const std::string tag = scan == ScanKind::Chunked ? " (chunked scan)" : " (sequential scan)";
    PmnNet net = referenceNet();
    net->setScan(scan);
    PmnForward out;
    const PmnMaps maps = pmnMaps(net, e.at("input"), &out);
    check("p(subtype)" + tag, out.prob.at("subtype"), e.at("out.subtype_prob"), 1e-4);
    check("subtype distances" + tag, out.dist.at("subtype"), e.at("out.subtype_dist"), 1e-4);
    check("HAIC p" + tag, out.prob.at("haic"), e.at("out.haic_prob"), 1e-4);
    check("HAIC distances" + tag, out.dist.at("haic"), e.at("out.haic_dist"), 1e-4);
    check("TACE p" + tag, out.prob.at("tace"), e.at("out.tace_prob"), 1e-4);
    check("TACE distances" + tag, out.dist.at("tace"), e.at("out.tace_dist"), 1e-4);
    check("pooled feature" + tag, out.f, e.at("out.f"), 1e-4);
    check("fused features" + tag, out.fused, e.at("out.fused"), 1e-4);
    check("prototype share maps" + tag, maps.share, e.at("map.share"), 1e-4);
    check("p(proliferative) map" + tag, maps.prolif, e.at("map.prolif"), 1e-4);
    check("Grad-CAM" + tag, maps.cam, e.at("map.cam"), 1e-4);
  }
}

TEST_CASE("one PMN training step's gradients equal PyTorch's", "[pmn][parity]") {
  const auto& e = reference().expected;
  PmnNet net = referenceNet();
  for (auto& p : net->parameters()) p.set_requires_grad(true);
  net->zero_grad();
  const PmnForward out = net->forward(e.at("input"));
  const torch::Tensor loss = pmnLoss(net, out, torch::tensor({1, 0}, torch::kLong),
                                     {{"HAIC", torch::tensor({0, -1}, torch::kLong)},
                                      {"TACE", torch::tensor({1, 1}, torch::kLong)}});
  loss.backward();
  check("loss", loss.reshape({1}), e.at("loss"), 1e-5);
  int compared = 0;
  for (const auto& item : net->named_parameters()) {
    const auto it = e.find("grad." + item.key());
    INFO(item.key());
    REQUIRE(it != e.end());
    REQUIRE(item.value().grad().defined());
    check("d loss / d " + item.key(), item.value().grad(), it->second, 1e-4);
    ++compared;
  }
  CHECK(compared == static_cast<int>(net->parameters().size()));
  CHECK(compared > 30);
}

TEST_CASE("the selective scans equal PyTorch's sequential scan (fp64 reference)", "[pmn][scan]") {
  const auto& e = reference().expected;
  const auto args = [&](const char* k) { return e.at(std::string("scan.") + k); };
  for (int64_t chunk : {1, 7, 64, 512}) {
    check("chunked scan, chunk " + std::to_string(chunk),
          selectiveScanChunked(args("u"), args("dt"), args("A"), args("B"), args("C"), chunk), args("y"), 1e-4);
  }
  check("sequential scan", selectiveScanSequential(args("u"), args("dt"), args("A"), args("B"), args("C")), args("y"), 1e-4);
}

TEST_CASE("the chunked scan equals the sequential scan within 1e-5 for lengths 1 to 40,000", "[pmn][scan]") {
  torch::manual_seed(7);
  for (int64_t L : {1, 2, 3, 63, 64, 65, 129, 1000, 4097, 40000}) {
    const int64_t d = 3, n = 4;
    const torch::Tensor u = torch::randn({1, L, d});
    const torch::Tensor dt = torch::nn::functional::softplus(torch::randn({1, L, d}) - 2);  // ~0.1: long memory
    const torch::Tensor A = -torch::exp(torch::randn({d, n}));
    const torch::Tensor B = torch::randn({1, L, n}), C = torch::randn({1, L, n});
    const torch::Tensor seq = selectiveScanSequential(u, dt, A, B, C);
    const torch::Tensor chunked = selectiveScanChunked(u, dt, A, B, C, 64);
    const double diff = maxAbsDiff(chunked, seq);
    const double scale = std::max(1.0, seq.abs().max().item<double>());
    std::printf("[pmn scan] L = %6lld: max |chunked - sequential| = %.3g (max |y| %.3g)\n", static_cast<long long>(L),
                diff, seq.abs().max().item<double>());
    INFO("L = " << L);
    CHECK(diff <= 1e-5 * scale);
  }
}

TEST_CASE("PmnNetwork runs the bundle weights and refuses what does not fit", "[pmn][api]") {
  const auto& ref = reference();
  DeviceChoice cpu;
  const PmnNetwork net(ref.cfg, refFile("pmn_weights.safetensors"), cpu);
  const torch::Tensor x = ref.expected.at("input")[0];  // (C, k, j, i)
  PmnInput in;
  in.channels = static_cast<int>(x.size(0));
  in.dims = {x.size(3), x.size(2), x.size(1)};
  const torch::Tensor c = x.contiguous();
  in.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  const PmnOutput o = net.run(in, true);
  CHECK(o.pProliferative == Approx(ref.expected.at("out.subtype_prob")[0][1].item<double>()).margin(1e-5));
  REQUIRE(o.arms.size() == 2);
  CHECK(o.arms[0].arm == "HAIC");
  CHECK(o.arms[0].pResponse == Approx(ref.expected.at("out.haic_prob")[0][0].item<double>()).margin(1e-5));
  CHECK(o.arms[1].riskScore == Approx(1 - ref.expected.at("out.tace_prob")[0][0].item<double>()).margin(1e-5));
  REQUIRE(o.subtypeDistances.size() == 4);
  CHECK(o.subtypeDistances[3] == Approx(ref.expected.at("out.subtype_dist")[0][3].item<double>()).epsilon(1e-5));
  const auto voxels = static_cast<std::size_t>(in.dims[0] * in.dims[1] * in.dims[2]);
  REQUIRE(o.proliferativeMap.size() == voxels);
  REQUIRE(o.gradCam.size() == voxels);
  REQUIRE(o.prototypeMaps.size() == 4);
  const torch::Tensor prolifRef = ref.expected.at("map.prolif")[0][0].contiguous();
  for (std::size_t v = 0; v < voxels; v += 37) CHECK(o.proliferativeMap[v] == Approx(prolifRef.data_ptr<float>()[v]).margin(1e-4));
  const PmnOutput plain = net.run(in, false);
  CHECK(plain.pProliferative == Approx(o.pProliferative).margin(1e-6));
  CHECK(plain.proliferativeMap.empty());

  PmnInput wrong = in;
  wrong.channels = 2;
  CHECK_THROWS_WITH(net.run(wrong, false), Catch::Contains("channels"));
  wrong = in;
  wrong.dims[0] += 1;
  CHECK_THROWS_WITH(net.run(wrong, false), Catch::Contains("multiple of the patch stride"));
  wrong = in;
  wrong.values.pop_back();
  CHECK_THROWS_WITH(net.run(wrong, false), Catch::Contains("values"));

  // weights that do not match the configuration: the file and the key are named
  PmnNetworkConfig bigger = ref.cfg;
  bigger.embedDim += 2;
  CHECK_THROWS_WITH(PmnNetwork(bigger, refFile("pmn_weights.safetensors"), cpu),
                    Catch::Contains("pmn_weights.safetensors") && Catch::Contains("shape"));
  PmnNetworkConfig fewer = ref.cfg;
  fewer.directions = {"forward", "backward"};
  CHECK_THROWS_WITH(PmnNetwork(fewer, refFile("pmn_weights.safetensors"), cpu),
                    Catch::Contains("_s") && Catch::Contains("does not have"));
  PmnNetworkConfig bad = ref.cfg;
  bad.directions = {"forward", "sideways"};
  CHECK_THROWS_WITH(validatePmnNetworkConfig(bad, "m.json"), Catch::Contains("m.json") && Catch::Contains("sideways"));
  bad = ref.cfg;
  bad.embedDim = 100000;
  CHECK_THROWS_WITH(validatePmnNetworkConfig(bad, "m.json"), Catch::Contains("embed_dim"));
}

TEST_CASE("a freshly initialised PMN is deterministic for a seed and trains on a toy task", "[pmn][train]") {
  PmnNetworkConfig cfg;
  cfg.inChannels = 1;
  cfg.embedDim = 8;
  cfg.convBlocks = 1;
  cfg.dState = 4;
  cfg.protoDim = 4;
  cfg.prototypesPerClass = 1;
  cfg.arms = {};
  cfg.pooling = "mean";  // one channel: no mask to pool over
  PmnNet a(cfg), b(cfg);
  a->initialise(11);
  b->initialise(11);
  const auto pa = a->named_parameters(), pb = b->named_parameters();
  for (const auto& item : pa) CHECK(torch::equal(item.value(), pb[item.key()]));
  // bright vs dark cubes: a few Adam steps separate them
  torch::manual_seed(3);
  const torch::Tensor x = torch::randn({8, 1, 9, 9, 9}) * 0.2 +
                          torch::tensor({1, -1, 1, -1, 1, -1, 1, -1}).view({8, 1, 1, 1, 1}).to(torch::kFloat32);
  const torch::Tensor y = torch::tensor({1, 0, 1, 0, 1, 0, 1, 0}, torch::kLong);
  torch::optim::Adam opt(a->parameters(), torch::optim::AdamOptions(1e-2));
  double first = 0, last = 0;
  for (int step = 0; step < 30; ++step) {
    opt.zero_grad();
    const torch::Tensor loss = pmnLoss(a, a->forward(x), y, {});
    loss.backward();
    opt.step();
    (step == 0 ? first : last) = loss.item<double>();
  }
  INFO("loss " << first << " -> " << last);
  CHECK(last < 0.5 * first);
}
