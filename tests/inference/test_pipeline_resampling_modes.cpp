// Exact vs fast mode on the shipped demo model (resources/models/demo_liver_tumour): label agreement of the
// two modes on unseen phantoms, one resampled along all axes together (2 x 2 x 2.5 mm -> 4 mm) and one through
// nnU-Net's separate-z path (2 x 2 x 7 mm: 7 / 2 > 3), and one at 4 mm (no resampling) as a baseline. Exact = nnU-Net's B-spline/linear resampling, float16
// accumulation; fast = cubic convolution/float32 (docs/inference.md "Resampling: exact and fast"). Mirroring
// and post-processing off (the raw network labels), CPU. The figures are printed; the assertions are loose
// bounds (>= 99 % identical labels, liver Dice >= 0.8 in both modes) that catch a broken path.
#include <hccws/core/phantom.h>
#include <hccws/inference/bundle.h>
#include <hccws/inference/segmenter.h>
#include <hccws/pipeline/training.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace hccws;

namespace {

using hccws::test::readText;
using hccws::test::sourceDir;


double dice(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, std::uint8_t label) {
  std::size_t inter = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    inter += a[i] == label && b[i] == label;
    na += a[i] == label;
    nb += b[i] == label;
  }
  return na + nb == 0 ? 1.0 : 2.0 * static_cast<double>(inter) / static_cast<double>(na + nb);
}

struct Run {
  infer::SegmentationResult result;
  double seconds = 0;
};

Run segment(const infer::ModelBundle& bundle, infer::Mode mode, const std::vector<infer::InputImage>& inputs) {
  infer::RunOptions o;
  o.device.kind = infer::DeviceKind::Cpu;
  o.mode = mode;
  o.mirroring = false;
  o.postprocess = false;
  const auto t0 = std::chrono::steady_clock::now();
  Run r{infer::Segmenter(bundle, o).segment(inputs), 0};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

TEST_CASE("Exact and fast mode agree on the demo model's labels (isotropic and separate-z resampling)",
          "[pipeline][resampling]") {
  const infer::ModelBundle bundle = infer::loadBundle(sourceDir() + "/resources/models/demo_liver_tumour");
  struct Grid {
    std::uint64_t seed;
    core::Dims3 dims;
    core::Vec3 spacing;
  };
  // Seeds outside the training range (1..24) and the demo test's seeds.
  // The third grid is already at the model's 4 mm: no resampling, so its disagreement is the accumulation's
  // (float16 vs float32) alone, a baseline for the other two.
  for (const Grid& g : {Grid{3001, {160, 160, 96}, {2.0, 2.0, 2.5}}, Grid{3002, {160, 160, 34}, {2.0, 2.0, 7.0}},
                        Grid{3003, {80, 80, 60}, {4.0, 4.0, 4.0}}}) {
    core::PhantomOptions base;
    base.dims = g.dims;
    base.spacingMm = g.spacing;
    const auto phantom = core::generatePhantom(pipeline::phantomForSeed(g.seed, base));
    const auto tc = pipeline::trainingCaseFromPhantom(phantom);
    const Run exact = segment(bundle, infer::Mode::Exact, tc.channels);
    const Run fast = segment(bundle, infer::Mode::Fast, tc.channels);
    const auto& le = exact.result.labels;
    const auto& lf = fast.result.labels;
    REQUIRE(le.size() == lf.size());
    REQUIRE(le.size() == tc.labels.size());
    std::size_t same = 0, fg = 0, fgSame = 0;
    for (std::size_t i = 0; i < le.size(); ++i) {
      same += le[i] == lf[i];
      if (le[i] != 0 || lf[i] != 0) {
        ++fg;
        fgSame += le[i] == lf[i];
      }
    }
    const double agree = static_cast<double>(same) / static_cast<double>(le.size());
    const double agreeFg = fg ? static_cast<double>(fgSame) / static_cast<double>(fg) : 1.0;
    std::string resampling;
    for (const auto& line : exact.result.log)
      if (line.rfind("resampled", 0) == 0 && resampling.empty()) resampling = line;
    if (resampling.empty()) resampling = "no resampling (already at the target spacing)";
    std::printf("seed %llu, %lldx%lldx%lld at %.3g x %.3g x %.3g mm: %s\n", static_cast<unsigned long long>(g.seed),
                static_cast<long long>(g.dims[0]), static_cast<long long>(g.dims[1]),
                static_cast<long long>(g.dims[2]), g.spacing[0], g.spacing[1], g.spacing[2], resampling.c_str());
    std::printf("  identical labels exact vs fast: %.4f %% of all voxels, %.4f %% of voxels foreground in either "
                "(%zu differ)\n",
                100.0 * agree, 100.0 * agreeFg, le.size() - same);
    std::printf("  Dice vs truth (liver, tumour): exact %.4f %.4f (%.1f s), fast %.4f %.4f (%.1f s)\n",
                dice(le, tc.labels, 1), dice(le, tc.labels, 2), exact.seconds, dice(lf, tc.labels, 1),
                dice(lf, tc.labels, 2), fast.seconds);
    CHECK(agree >= 0.99);
    CHECK(dice(le, tc.labels, 1) >= 0.8);
    CHECK(dice(lf, tc.labels, 1) >= 0.8);
  }
}
