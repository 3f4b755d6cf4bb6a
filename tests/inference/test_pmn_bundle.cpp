// The PMN's input and bundle: the ROI cut around a lesion (centred, isotropic, windowed, padded at the
// border rather than shifted; refusals that name the problem) and the bundle manifest (written, read back,
// refused when damaged), run through PmnNetwork with the reference weights.
#include <hccws/inference/pmn.h>
#include <hccws/inference/pmn_bundle.h>
#include <hccws/inference/pmn_roi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace hccws::infer;
namespace fs = std::filesystem;

namespace {

const std::string kRefDir = HCCWS_INFER_REF_DIR;

struct Case {
  std::array<std::int64_t, 3> dims{40, 30, 20};
  std::array<double, 3> spacing{1.0, 1.5, 2.5};
  std::vector<InputImage> phases;
  std::vector<std::uint8_t> mask;
  std::size_t at(std::int64_t i, std::int64_t j, std::int64_t k) const {
    return static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k));
  }
};

// arterial = 10 * i HU, portal venous = 100 + 5 * k HU; the lesion a box [lo, hi] (inclusive).
Case makeCase(std::array<std::int64_t, 3> lo, std::array<std::int64_t, 3> hi) {
  Case c;
  const auto n = static_cast<std::size_t>(c.dims[0] * c.dims[1] * c.dims[2]);
  for (const char* name : {"arterial", "portal_venous"}) {
    InputImage im;
    im.dims = c.dims;
    im.spacingMm = c.spacing;
    im.phase = name;
    im.voxels.resize(n);
    for (std::int64_t k = 0; k < c.dims[2]; ++k)
      for (std::int64_t j = 0; j < c.dims[1]; ++j)
        for (std::int64_t i = 0; i < c.dims[0]; ++i)
          im.voxels[c.at(i, j, k)] = std::string(name) == "arterial" ? 10.0f * i : 100.0f + 5.0f * k;
    c.phases.push_back(std::move(im));
  }
  c.mask.assign(n, 0);
  for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
    for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
      for (std::int64_t i = lo[0]; i <= hi[0]; ++i) c.mask[c.at(i, j, k)] = 2;
  return c;
}

}  // namespace

TEST_CASE("the PMN ROI is centred on the lesion, isotropic and windowed", "[pmn][roi]") {
  const Case c = makeCase({10, 10, 8}, {20, 16, 12});
  PmnInputSpec spec;
  spec.roiVoxels = 9;
  spec.spacingMm = 2.5;
  spec.windowHu = {0, 400};
  const PmnRoi roi = cutPmnRoi(c.phases, c.mask, c.dims, c.spacing, spec, "case");
  const auto& pl = roi.placement;
  CHECK(pl.centreIndex[0] == Approx(15));
  CHECK(pl.centreIndex[1] == Approx(13));
  CHECK(pl.centreIndex[2] == Approx(10));
  CHECK(pl.stepIndex[0] == Approx(2.5));
  CHECK(pl.stepIndex[1] == Approx(2.5 / 1.5));
  CHECK(pl.stepIndex[2] == Approx(1.0));
  CHECK(pl.lesionVoxels == 11 * 7 * 5);
  CHECK(pl.lesionFractionInside == Approx(1.0));
  REQUIRE(roi.input.channels == 3);
  REQUIRE(roi.input.values.size() == 3u * 9 * 9 * 9);
  const std::size_t centre = 4 + 9 * (4 + 9 * 4), per = 729;
  // arterial at i = 15: 150 HU -> (150 / 400) * 2 - 1
  CHECK(roi.input.values[centre] == Approx(150.0 / 400 * 2 - 1).margin(1e-5));
  // one ROI voxel further along i: i = 17.5 -> 175 HU (trilinear)
  CHECK(roi.input.values[centre + 1] == Approx(175.0 / 400 * 2 - 1).margin(1e-5));
  // portal venous at k = 10: 150 HU
  CHECK(roi.input.values[per + centre] == Approx(150.0 / 400 * 2 - 1).margin(1e-5));
  CHECK(roi.input.values[2 * per + centre] == Approx(1.0));  // inside the lesion
  CHECK(roi.input.values[2 * per] == Approx(0.0));           // a corner: outside it
  CHECK(pl.paddedVoxels == 0);
}

TEST_CASE("a lesion at the volume border: the ROI is padded, not shifted", "[pmn][roi]") {
  const Case c = makeCase({0, 0, 0}, {3, 3, 2});
  PmnInputSpec spec;
  spec.roiVoxels = 9;
  spec.spacingMm = 2.0;
  spec.windowHu = {-100, 300};
  const PmnRoi roi = cutPmnRoi(c.phases, c.mask, c.dims, c.spacing, spec, "case");
  CHECK(roi.placement.centreIndex[0] == Approx(1.5));
  CHECK(roi.placement.paddedVoxels > 0);
  // the first ROI voxel lies outside the CT: the window's lower bound (-1 after scaling) in each phase
  CHECK(roi.input.values[0] == Approx(-1.0));
  CHECK(roi.input.values[729] == Approx(-1.0));
  // the centre still samples the lesion's centre
  const std::size_t centre = 4 + 9 * (4 + 9 * 4);
  CHECK(roi.input.values[2 * 729 + centre] == Approx(1.0));
  CHECK(roi.input.values[centre] == Approx((15.0 + 100) / 400 * 2 - 1).margin(1e-5));  // arterial 10 * 1.5 HU
}

TEST_CASE("the PMN ROI refuses what it cannot cut, and says why", "[pmn][roi]") {
  Case c = makeCase({10, 10, 8}, {20, 16, 12});
  PmnInputSpec spec;
  spec.roiVoxels = 9;
  auto cut = [&](const Case& x) { return cutPmnRoi(x.phases, x.mask, x.dims, x.spacing, spec, "case.nrrd"); };
  {
    Case x = c;
    x.phases.pop_back();
    CHECK_THROWS_WITH(cut(x), Catch::Contains("case.nrrd") && Catch::Contains("portal_venous") &&
                                  Catch::Contains("the case has arterial"));
  }
  {
    Case x = c;
    std::fill(x.mask.begin(), x.mask.end(), 0);
    CHECK_THROWS_WITH(cut(x), Catch::Contains("no voxels"));
  }
  {
    Case x = c;
    x.phases[1].dims = {20, 30, 40};
    CHECK_THROWS_WITH(cut(x), Catch::Contains("another grid") && Catch::Contains("register"));
  }
  {
    Case x = c;
    x.phases[0].voxels[x.at(15, 13, 10)] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(cut(x), Catch::Contains("arterial") && Catch::Contains("NaN"));
  }
  {
    Case x = c;
    x.phases[0].voxels[x.at(0, 0, 0)] = std::numeric_limits<float>::quiet_NaN();  // outside the ROI: no harm
    CHECK_NOTHROW(cut(x));
  }
  {
    Case x = c;
    x.mask.pop_back();
    CHECK_THROWS_WITH(cut(x), Catch::Contains("lesion mask"));
  }
}

TEST_CASE("a PMN bundle round-trips through its manifest and runs; damaged manifests are refused", "[pmn][bundle]") {
  const std::string dir = (fs::temp_directory_path() / "hccws_pmn_bundle_test").string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kRefDir + "/pmn_weights.safetensors", dir + "/weights.safetensors");
  PmnManifest m;
  m.name = "parity-random";
  m.version = "0";
  m.synthetic = true;
  m.intendedUse = "tests only";
  m.network = readPmnNetworkConfig(kRefDir + "/pmn_config.json");
  m.input.roiVoxels = 12;
  m.input.maskChannel = true;
  m.cutoffs = publishedPmnCutoffs();
  m.provenance = "random weights of inference/python/pmn_reference.py parity --seed 1";
  writePmnManifest(dir, m);
  const PmnBundle b = loadPmnBundle(dir);
  CHECK(b.manifest.name == "parity-random");
  CHECK(b.manifest.synthetic);
  CHECK(b.manifest.network.embedDim == m.network.embedDim);
  CHECK(b.manifest.network.directions == m.network.directions);
  CHECK(b.manifest.input.roiVoxels == 12);
  REQUIRE(b.manifest.cutoffs.size() == 2);
  CHECK(b.manifest.cutoffs[0].value == Approx(-22.34));
  CHECK(b.manifest.cutoffs[1].arm == "TACE");
  CHECK(b.manifest.cutoffs[1].scale.find("not this model") != std::string::npos);

  // through the ROI and the network
  const Case c = makeCase({10, 10, 8}, {20, 16, 12});
  const PmnRoi roi = cutPmnRoi(c.phases, c.mask, c.dims, c.spacing, b.manifest.input, "case");
  const PmnNetwork net(b.manifest.network, b.weightsPath, DeviceChoice{});
  const PmnOutput o = net.run(roi.input, true);
  CHECK(o.pProliferative > 0);
  CHECK(o.pProliferative < 1);
  CHECK(o.gradCam.size() == 12u * 12 * 12);

  // damage: the weights changed, the channels do not add up, the ROI is not a multiple of the stride
  const std::string manifest = dir + "/manifest.json";
  std::string text;
  {
    std::ifstream in(manifest);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto withText = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    std::ofstream(manifest, std::ios::trunc) << t;
  };
  withText("\"mask_channel\": true", "\"mask_channel\": false");
  CHECK_THROWS_WITH(loadPmnBundle(dir), Catch::Contains("manifest.json") && Catch::Contains("in_channels"));
  withText("\"roi_voxels\": 12", "\"roi_voxels\": 13");
  CHECK_THROWS_WITH(loadPmnBundle(dir), Catch::Contains("multiple of"));
  withText("\"hccws-pmn-bundle\"", "\"hccws-model-bundle\"");
  CHECK_THROWS_WITH(loadPmnBundle(dir), Catch::Contains("not a PMN bundle"));
  withText("\"roi_voxels\": 12", "\"roi_voxels\": 1e300");
  CHECK_THROWS_WITH(loadPmnBundle(dir), Catch::Contains("roi_voxels"));
  std::ofstream(manifest, std::ios::trunc) << text;
  {
    std::fstream w(dir + "/weights.safetensors", std::ios::in | std::ios::out | std::ios::binary);
    w.seekp(-3, std::ios::end);
    w.put('\x7f');
  }
  CHECK_THROWS_WITH(loadPmnBundle(dir), Catch::Contains("checksum mismatch"));
  CHECK_NOTHROW(loadPmnBundle(dir, false));
  fs::remove_all(dir);
}
