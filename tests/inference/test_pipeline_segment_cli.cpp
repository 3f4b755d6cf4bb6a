// `hccws segment` end to end (the real executable, whole build only) with bundles converted from the
// upstream nnU-Net fixtures (tests/inference/data/nnunet_upstream): a single-phase model on one --phase (named
// or not), a two-phase model given one phase (exit 2, the message names the missing phase), a phase the model
// does not use, --save-probabilities as one image per class and as nnU-Net's (c, z, y, x) .npy array on the
// input grid, and the provenance sidecar saying whether post-processing ran.
#include <hccws/core/image_io.h>

#include "skip.h"
#include "support.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace hccws;

namespace {

using hccws::test::readText;
using hccws::test::sourceDir;



bool exists(const std::string& path) { return static_cast<bool>(std::ifstream(path)); }

struct Run {
  int code = -1;
  std::string err;
};

Run sh(const std::string& cmd, const std::string& logFile) {
  const int rc = std::system((cmd + " > '" + logFile + "' 2>&1").c_str());
  Run r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.err = readText(logFile);
  return r;
}

// Without python3-torch the converter cannot run: a failure in CI (CI=true), a skip (exit 77) elsewhere
// (tests/skip.h).
void requirePythonTorch() {
  if (std::system((std::string(HCCWS_PYTHON_TORCH) + " -c 'import torch' >/dev/null 2>&1").c_str()) == 0) return;
  hccws::test::skipTest(std::string(HCCWS_PYTHON_TORCH) + " with torch is needed to convert the fixtures");
}

std::string convert(const std::string& fixture, const std::string& results, const std::string& phases,
                    const std::string& out) {
  const std::string cmd = std::string(HCCWS_PYTHON_TORCH) + " '" + sourceDir() +
                          "/inference/python/convert_nnunet_checkpoint.py' --results '" + sourceDir() +
                          "/tests/inference/data/nnunet_upstream/" + fixture + "/" + results + "' --out '" + out +
                          "' --name " + fixture + " " + phases;
  const Run r = sh(cmd, out + ".log");
  INFO(r.err);
  REQUIRE(r.code == 0);
  return out;
}

// A small CT-like volume: body ellipsoid with a brighter "liver" blob, HU, anisotropic spacing.
core::CtVolume makeCt(int seed) {
  core::Geometry g;
  g.dims = {26, 22, 12};
  g.spacingMm = {1.2, 1.2, 2.5};
  core::CtVolume v(g, static_cast<std::int16_t>(-1000));
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = (i - 12.5) / 11.0, y = (j - 10.5) / 9.0, z = (k - 5.5) / 5.5;
        double hu = -1000;
        if (x * x + y * y + z * z < 1.0) hu = 40 + 7 * ((i * 31 + j * 17 + k * 7 + seed) % 13);
        const double lx = (i - 9.0) / 5.0, ly = (j - 9.0) / 5.0, lz = (k - 6.0) / 4.0;
        if (lx * lx + ly * ly + lz * lz < 1.0) hu = 110 + 5 * ((i + j + k + seed) % 7);
        v.at(i, j, k) = static_cast<std::int16_t>(hu);
      }
  return v;
}

// Reads a little-endian float32 C-order .npy (format 1.x); returns the shape and fills `data`.
std::vector<std::int64_t> readNpy(const std::string& path, std::vector<float>& data) {
  const std::string s = readText(path);
  REQUIRE(s.size() > 10);
  REQUIRE(s.compare(0, 6, "\x93NUMPY") == 0);
  const std::size_t hlen = static_cast<unsigned char>(s[8]) | (static_cast<unsigned char>(s[9]) << 8);
  const std::string header = s.substr(10, hlen);
  CHECK((10 + hlen) % 64 == 0);
  CHECK(header.find("'descr': '<f4'") != std::string::npos);
  CHECK(header.find("'fortran_order': False") != std::string::npos);
  std::vector<std::int64_t> shape;
  std::size_t p = header.find("'shape': (") + 10;
  while (p < header.size() && header[p] != ')') {
    shape.push_back(std::strtoll(header.c_str() + p, nullptr, 10));
    p = header.find_first_of(",)", p);
    if (header[p] == ',') p += 1;
    while (p < header.size() && header[p] == ' ') ++p;
  }
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  REQUIRE(s.size() == 10 + hlen + static_cast<std::size_t>(n) * 4);
  data.resize(static_cast<std::size_t>(n));
  std::memcpy(data.data(), s.data() + 10 + hlen, static_cast<std::size_t>(n) * 4);
  return shape;
}

}  // namespace

TEST_CASE("hccws segment: single-phase nnU-Net model, missing phases, probabilities, provenance", "[cli]") {
#ifndef HCCWS_EXE
  FAIL("built without HCCWS_EXE (tests/inference/CMakeLists.txt defines it when the hccws target exists)");
#else
  requirePythonTorch();
  const std::string dir = test::tmpDir("segment_cli");
  const std::string one = convert("resenc_ct1", "nnUNetTrainer__nnUNetResEncUNetMPlans__3d_fullres",
                                  "--phase portal_venous", dir + "/model1");
  const std::string two = convert("plain_ct2", "nnUNetTrainer__nnUNetPlans__3d_fullres",
                                  "--phase arterial --phase portal_venous", dir + "/model2");
  const core::CtVolume pv = makeCt(1), ap = makeCt(2);
  core::writeImage(pv, dir + "/pv.nii.gz");
  core::writeImage(ap, dir + "/ap.nii.gz");
  const std::string exe = std::string("'") + HCCWS_EXE + "' segment --device cpu --threads 1 --no-mirroring ";

  SECTION("one unnamed phase, exact mode, post-processing on, one probability image per class") {
    const Run r = sh(exe + "--model " + one + " --phase " + dir + "/pv.nii.gz --out " + dir +
                         "/a_labels.nii.gz --save-probabilities " + dir + "/a_prob.nii.gz",
                     dir + "/a.log");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.find("post-processing: on") != std::string::npos);
    const core::LabelMap labels = core::readLabelMap(dir + "/a_labels.nii.gz");
    CHECK(labels.labels.geometry().sameGrid(pv.geometry()));
    std::vector<core::FloatVolume> probs;
    for (const char* name : {"0_background", "1_liver", "2_tumor"}) {
      const std::string f = dir + "/a_prob_" + name + ".nii.gz";
      REQUIRE(exists(f));
      probs.push_back(core::readFloatImage(f));
      CHECK(probs.back().geometry().sameGrid(pv.geometry()));
    }
    double worst = 0;
    for (std::size_t v = 0; v < probs[0].size(); ++v) {
      const double sum = probs[0].data()[v] + probs[1].data()[v] + probs[2].data()[v];
      worst = std::max(worst, std::abs(sum - 1.0));
    }
    CHECK(worst < 1e-5);
    const std::string prov = readText(dir + "/a_labels.provenance.json");
    INFO(prov);
    CHECK(prov.find("\"format\": \"hccws-segmentation-provenance\"") != std::string::npos);
    CHECK(prov.find("\"applied\": true") != std::string::npos);
    CHECK(prov.find("\"postprocessed\": false") != std::string::npos);
    CHECK(prov.find("\"required_phases\": [\n      \"portal_venous\"\n    ]") != std::string::npos);
    CHECK(prov.find("a_prob_2_tumor.nii.gz") != std::string::npos);
    CHECK(prov.find("\"mode\": \"exact\"") != std::string::npos);
  }
  SECTION("named phase, fast mode, no post-processing: .npy probabilities whose argmax are the labels") {
    const Run r = sh(exe + "--fast --no-postprocess --model " + one + " --phase portal_venous=" + dir +
                         "/pv.nii.gz --out " + dir + "/b_labels.nii.gz --save-probabilities " + dir +
                         "/b_prob.npy --provenance " + dir + "/b_prov.json",
                     dir + "/b.log");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.find("post-processing: off (--no-postprocess)") != std::string::npos);
    std::vector<float> p;
    const auto shape = readNpy(dir + "/b_prob.npy", p);
    const auto& d = pv.geometry().dims;
    REQUIRE(shape == std::vector<std::int64_t>{3, static_cast<std::int64_t>(d[2]), static_cast<std::int64_t>(d[1]),
                                               static_cast<std::int64_t>(d[0])});
    const core::LabelMap labels = core::readLabelMap(dir + "/b_labels.nii.gz");
    const std::size_t n = labels.labels.size();
    std::size_t mismatches = 0, foreground = 0;
    for (std::size_t v = 0; v < n; ++v) {
      int best = 0;
      for (int c = 1; c < 3; ++c)
        if (p[c * n + v] > p[best * n + v]) best = c;
      mismatches += best != labels.labels.data()[v];
      foreground += labels.labels.data()[v] != 0;
    }
    CHECK(mismatches == 0);
    std::printf("[segment-cli] fast, no post-processing: %zu of %zu voxels foreground, argmax(probabilities) == "
                "labels at all but %zu\n", foreground, n, mismatches);
    const std::string prov = readText(dir + "/b_prov.json");
    INFO(prov);
    CHECK(prov.find("\"applied\": false") != std::string::npos);
    CHECK(prov.find("--no-postprocess") != std::string::npos);
    CHECK(prov.find("(class, k, j, i)") != std::string::npos);
  }
  SECTION("a two-phase model given one phase names the missing phase") {
    const Run r = sh(exe + "--model " + two + " --phase portal_venous=" + dir + "/pv.nii.gz --out " + dir + "/c.nii.gz",
                     dir + "/c.log");
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("missing: arterial") != std::string::npos);
    CHECK(r.err.find("arterial, portal_venous") != std::string::npos);
    CHECK_FALSE(exists(dir + "/c.nii.gz"));
  }
  SECTION("a two-phase model with both phases runs") {
    const Run r = sh(exe + "--fast --model " + two + " --phase arterial=" + dir + "/ap.nii.gz --phase portal_venous=" +
                         dir + "/pv.nii.gz --out " + dir + "/d.nii.gz",
                     dir + "/d.log");
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(exists(dir + "/d.provenance.json"));
  }
  SECTION("an unnamed phase for a two-phase model, or a phase the model does not use, is refused") {
    Run r = sh(exe + "--model " + two + " --phase " + dir + "/pv.nii.gz --out " + dir + "/e.nii.gz", dir + "/e.log");
    CHECK(r.code != 0);
    CHECK(r.err.find("has no phase name") != std::string::npos);
    r = sh(exe + "--model " + one + " --phase arterial=" + dir + "/ap.nii.gz --phase portal_venous=" + dir +
               "/pv.nii.gz --out " + dir + "/f.nii.gz",
           dir + "/f.log");
    CHECK(r.code == 2);
    CHECK(r.err.find("does not use phase 'arterial'") != std::string::npos);
    r = sh(exe + "--model " + one + " --phase " + dir + "/pv.nii.gz --out " + dir + "/g.nii.gz --save-probabilities " +
               dir + "/g.dcm",
           dir + "/g.log");
    CHECK(r.code == 2);
    CHECK(r.err.find("--save-probabilities needs .npy") != std::string::npos);
  }
#endif
}
