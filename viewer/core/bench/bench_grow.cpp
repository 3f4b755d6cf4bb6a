// bench_grow: time of "Grow from seeds" updates on the real HCC_048 portal-venous CT (512 x 512 x 89).
// A user's session is replayed: a first liver stroke and a background outline on one slice (the first, whole
// computation), then strokes added one at a time on other slices and inside the first ROI (live updates). For
// each update: wall time, whether it was whole or incremental, voxels settled; the baseline is a whole
// computation from the same seeds in the same process (ratio), so the figures survive a noisy machine.
// Not a test: build-dir/viewer/core/bench/bench_grow [DICOM folder] [--dump LABELS.nii.gz] (default folder
// ../shared/data/hcc048_pv; --dump writes the grown result, background as 0, to look at).
// Goal (issue 15): < 1 s per update on 2 cores. The strokes are placed by eye on the series (pixel columns and
// rows of 512 x 512 slices, slice numbers from the bottom); they only need to be plausible for timing.
#include "bench_util.h"

#include <hccws/core/grow_from_seeds.h>
#include <hccws/core/image_io.h>
#include <hccws/core/seed_strokes.h>
#include <hccws/core/study.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace hccws::core;
using namespace hccws::bench;

namespace {

struct PixelStroke {
  std::uint8_t value;
  int slice;
  std::vector<std::pair<double, double>> colRow;
};

// Liver (1) and background (255) strokes on slices 32, 44, 56, 68 of HCC_048 (by eye), then a few more.
const std::vector<PixelStroke> kSession = {
    {1, 44, {{110, 180}, {140, 230}, {170, 260}}},
    {255, 44, {{70, 150}, {80, 300}, {160, 330}, {230, 300}, {240, 230}, {300, 200}, {290, 150}, {200, 110}, {90, 110}}},
    {1, 56, {{120, 170}, {160, 220}, {220, 210}}},
    {255, 56, {{80, 140}, {85, 280}, {200, 300}, {280, 250}, {320, 190}, {250, 110}, {90, 110}}},
    {1, 32, {{95, 150}, {110, 200}, {120, 235}}},
    {255, 32, {{60, 130}, {60, 230}, {130, 265}, {180, 220}, {185, 140}, {150, 110}}},
    {1, 68, {{120, 180}, {180, 200}, {240, 190}}},
    {255, 68, {{70, 160}, {100, 300}, {250, 280}, {330, 200}, {280, 120}, {100, 120}}},
    {1, 50, {{130, 200}, {180, 240}}},
    {255, 50, {{240, 260}, {260, 300}}},
    {1, 62, {{140, 190}, {200, 210}}},
    {255, 38, {{200, 250}, {230, 280}}},
};

}  // namespace

int main(int argc, char** argv) {
  std::string dir = std::string(HCCWS_SHARED_DATA_DIR) + "/hcc048_pv", dump;
  for (int a = 1; a < argc; ++a) {
    if (std::string(argv[a]) == "--dump" && a + 1 < argc)
      dump = argv[++a];
    else
      dir = argv[a];
  }
  const Study study = loadStudy(dir);
  if (study.phases.empty()) {
    std::fprintf(stderr, "bench_grow: no series in %s\n", dir.c_str());
    return 2;
  }
  const CtVolume& ct = study.phases.front().volume;
  const Geometry& g = ct.geometry();
  std::printf("bench_grow: %s, %zu x %zu x %zu voxels\n", dir.c_str(), g.dims[0], g.dims[1], g.dims[2]);
  Volume<std::uint8_t> seeds(g, 0);
  SeedGrower grower(ct);
  std::vector<double> incremental;
  std::size_t n = 0;
  for (const PixelStroke& s : kSession) {
    SeedStroke stroke;
    stroke.value = s.value;
    stroke.brush.shape = BrushShape::Disc;
    stroke.brush.radiusMm = 3;
    for (auto [c, r] : s.colRow) stroke.pointsLps.push_back(g.indexToWorld({c, r, double(s.slice)}));
    paintSeedStrokes(seeds, {stroke});
    if (++n < 2) continue;  // growing needs two labels
    const auto t0 = std::chrono::steady_clock::now();
    const GrowUpdate u = grower.update(seeds);
    const double sec = secondsSince(t0);
    const auto t1 = std::chrono::steady_clock::now();
    SeedGrower whole(ct);
    whole.update(seeds);
    const double wholeSec = secondsSince(t1);
    const IndexBox r = grower.roi();
    std::printf("stroke %2zu (slice %2d, %s): %-11s %.3f s, %9zu voxels settled, ROI %zu x %zu x %zu; whole run %.3f s "
                "(ratio %.2f)\n",
                n, s.slice, s.value == 1 ? "liver" : "background", u.full ? "whole" : "incremental", sec,
                u.visitedVoxels, r.hi[0] - r.lo[0], r.hi[1] - r.lo[1], r.hi[2] - r.lo[2], wholeSec, sec / wholeSec);
    if (!u.full) incremental.push_back(sec);
  }
  std::sort(incremental.begin(), incremental.end());
  if (!incremental.empty())
    std::printf("incremental updates: %zu, median %.3f s, max %.3f s\n", incremental.size(),
                incremental[incremental.size() / 2], incremental.back());
  std::printf("peak RSS %.0f MB\n", peakRssMb());
  if (!dump.empty()) {
    LabelMap out;
    out.labels = grower.resultVolume();
    for (auto& v : out.labels.buffer())
      if (v == kBackgroundSeed) v = 0;
    writeLabelMap(out, dump);
  }
  return 0;
}
