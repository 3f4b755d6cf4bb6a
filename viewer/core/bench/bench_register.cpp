// bench_register: registration of a 512x512x300 synthetic phantom pair (portal venous onto arterial, known
// rigid motion): time, error against the truth (mean/max displacement over liver voxels) and peak RSS, for
// the default schedule (4 mm then 2 mm) against a single coarse level (4 mm only) as the in-run baseline,
// plus the affine variant, full-resolution resampling and measuring the truth labels. Not a test: run it by hand,
//   build-dir/viewer/core/bench/bench_register [--size 512,512,300] [--spacing 0.7,0.7,0.7] [--threads N]
// Targets (issue 2): under 15 s and under 3 GB on 2 cores, error under 1.5 mm.
#include "bench_util.h"

#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>
#include <hccws/core/registration.h>
#include <hccws/core/resample.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace hccws::core;
using namespace hccws::bench;

namespace {




struct Run {
  const char* name;
  RegistrationOptions options;
};

}  // namespace

int main(int argc, char** argv) {
  PhantomOptions po;
  po.dims = {512, 512, 300};
  po.spacingMm = {0.7, 0.7, 0.7};
  po.phases = {PhaseKind::Arterial, PhaseKind::PortalVenous};
  po.portalVenousMotion = {{2.0, -1.5, 3.0}, {4.0, -5.0, 7.0}};
  unsigned threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    bool ok = true;
    if (!std::strcmp(argv[i], "--size")) ok = parseTriple(argv[i + 1], po.dims.data());
    else if (!std::strcmp(argv[i], "--spacing")) ok = parseTriple(argv[i + 1], po.spacingMm.data());
    else if (!std::strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else ok = false;
    if (!ok) {
      std::fprintf(stderr, "usage: bench_register [--size X,Y,Z] [--spacing X,Y,Z] [--threads N]\n");
      return 64;
    }
  }
  po.threads = threads;

  auto t0 = std::chrono::steady_clock::now();
  const Phantom ph = generatePhantom(po);
  std::printf("phantom pair   %s: generated in %.2f s, peak RSS %.0f MB\n", ph.geometry.describe().c_str(),
              secondsSince(t0), peakRssMb());
  const CtVolume& fixed = ph.find(PhaseKind::Arterial)->volume;
  const PhantomPhase& pv = *ph.find(PhaseKind::PortalVenous);

  // Error over liver voxel centres (every 4th voxel along each axis is plenty).
  std::vector<Vec3> liver;
  const Geometry& g = ph.geometry;
  for (std::size_t k = 0; k < g.dims[2]; k += 4)
    for (std::size_t j = 0; j < g.dims[1]; j += 4)
      for (std::size_t i = 0; i < g.dims[0]; i += 4)
        if (ph.truthLabels.labels.at(i, j, k) == 1) liver.push_back(g.indexToWorld({double(i), double(j), double(k)}));
  const TransformDifference start = compareTransforms(AffineTransform{}, pv.arterialToPhase, liver);
  std::printf("misalignment   mean %.2f mm, max %.2f mm over %zu liver points\n", start.meanMm, start.maxMm,
              liver.size());

  std::vector<Run> runs;
  {
    RegistrationOptions coarse;
    coarse.levelVoxelMm = {4.0};
    coarse.iterationsPerLevel = {300};
    coarse.samplingFractionPerLevel = {0.2};
    runs.push_back({"baseline: one level, 4 mm", coarse});
  }
  runs.push_back({"default: 4 mm + 2 mm", RegistrationOptions{}});
  {
    RegistrationOptions aff;
    aff.affine = true;
    runs.push_back({"default + affine", aff});
  }
  double baselineS = 0;
  AffineTransform best;  // the default schedule's result, used for the resampling timing
  for (auto& r : runs) {
    r.options.threads = threads;
    const RegistrationResult res = registerImages(fixed, pv.volume, r.options);
    const TransformDifference err = compareTransforms(res.fixedToMoving, pv.arterialToPhase, liver);
    if (baselineS == 0) baselineS = res.seconds;
    std::printf("%-27s %6.2f s (x%.2f of baseline), %3d iterations, error mean %.2f / max %.2f mm, NMI %.3f -> %.3f, "
                "peak RSS %.0f MB\n",
                r.name, res.seconds, res.seconds / baselineS, res.iterations, err.meanMm, err.maxMm, res.nmiBefore,
                res.nmiAfter, peakRssMb());
    if (&r == &runs[1]) best = res.fixedToMoving;
  }

  t0 = std::chrono::steady_clock::now();
  const CtVolume moved = resample(pv.volume, g, best, {});
  std::printf("resample       full resolution, linear: %.2f s\n", secondsSince(t0));
  t0 = std::chrono::steady_clock::now();
  const Measurements m = measure(ph.truthLabels);
  std::printf("measure        truth labels: %.2f s (liver %.1f mL, %d tumour(s), largest %.1f mm)\n", secondsSince(t0),
              m.liverVolumeMl, m.tumourCount, m.largestDiameter3dMm);
  std::printf("peak RSS       %.0f MB (targets: registration < 15 s, < 3 GB, error < 1.5 mm)\n", peakRssMb());
  return moved.empty() ? 1 : 0;
}
