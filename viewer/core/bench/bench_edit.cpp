// bench_edit: segment-editor latency and delta-undo memory on a 512x512x500 label map holding the synthetic
// phantom's liver and tumour (core API only). Prints:
// - one 10 mm sphere dab and one disc dab (median of many),
// - 100 paint strokes (20 dabs each, radius 5-10 mm, a random walk inside the liver, alternating plain and
//   HU-limited "tumour only inside the liver" rules), each one EditHistory step: per-stroke latency
//   median/p95 including begin/commit,
// - undo memory after the 100 strokes against the baseline a full-copy-per-step undo would hold (ratio), and
//   against storing each step's box uncompressed (old + new),
// - undo and redo of all 100 steps (time, and a bit-identical check),
// - fill between slices, margin (+/-), islands, smoothing and their step sizes on the phantom as generated,
// - peak RSS.
// Not a test: run it by hand, build-dir/viewer/core/bench/bench_edit [--size 512,512,500] [--spacing
// 0.7,0.7,0.8] [--strokes 100] [--seed N]. Target (issue 4): undo memory under 50 MB after 100 strokes.
#include "bench_util.h"

#include <hccws/core/edit_history.h>
#include <hccws/core/label_edit.h>
#include <hccws/core/phantom.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace hccws::core;
using namespace hccws::bench;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size() - 1) + 0.5));
  return v[i];
}


double mb(std::size_t bytes) { return double(bytes) / (1024.0 * 1024.0); }

// Times one whole-structure operation recorded as a step, then undoes it (the map is as before afterwards).
void timeOperation(const char* name, EditHistory& h, LabelMap& m,
                   const std::function<EditResult(ChangeRecorder*)>& op) {
  const auto t0 = Clock::now();
  ChangeRecorder& rec = h.begin(m, name);
  const EditResult r = op(&rec);
  const EditStepInfo info = h.commit(m);
  const double ms = msSince(t0);
  const auto t1 = Clock::now();
  if (info.changedVoxels) h.undo(m);  // a step that changed nothing was not stored
  const double undoMs = msSince(t1);
  std::printf("  %-34s %9.1f ms  %9zu voxels changed  step %8.1f KB  undo %6.1f ms\n", name, ms, r.changedVoxels,
              double(info.bytes) / 1024.0, undoMs);
}

}  // namespace

int main(int argc, char** argv) {
  PhantomOptions po;
  po.dims = {512, 512, 500};
  po.spacingMm = {0.7, 0.7, 0.8};
  po.phases = {PhaseKind::PortalVenous};
  int strokes = 100;
  unsigned seed = 11;
  for (int i = 1; i + 1 < argc; i += 2) {
    bool ok = true;
    if (!std::strcmp(argv[i], "--size")) ok = parseTriple(argv[i + 1], po.dims.data());
    else if (!std::strcmp(argv[i], "--spacing")) ok = parseTriple(argv[i + 1], po.spacingMm.data());
    else if (!std::strcmp(argv[i], "--strokes")) strokes = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--seed")) seed = unsigned(std::atoi(argv[i + 1]));
    else ok = false;
    if (!ok) {
      std::fprintf(stderr, "bench_edit: bad argument %s %s\n", argv[i], argv[i + 1]);
      return 2;
    }
  }

  auto t0 = Clock::now();
  Phantom ph = generatePhantom(po);
  LabelMap m = std::move(ph.truthLabels);
  const CtVolume& ct = ph.phases.front().volume;
  const Geometry& g = m.labels.geometry();
  std::printf("bench_edit: label map %s, phantom generated in %.1f s\n", g.describe().c_str(), msSince(t0) / 1000);
  std::size_t liverVoxels = 0;
  for (std::uint8_t v : m.labels.buffer()) liverVoxels += v == 1;
  std::printf("  liver %.0f mL, tumours %zu\n", double(liverVoxels) * g.voxelVolumeMm3() / 1000, ph.tumours.size());

  // Liver voxels to start strokes from.
  std::mt19937 rng(seed);
  std::vector<std::size_t> liver;
  for (std::size_t v = 0; v < m.labels.size(); v += 97)
    if (m.labels.data()[v] == 1) liver.push_back(v);
  auto liverPoint = [&] {
    const std::size_t v = liver[rng() % liver.size()];
    const std::size_t nx = g.dims[0], nxy = g.dims[0] * g.dims[1];
    return g.indexToWorld({double(v % nx), double((v / nx) % g.dims[1]), double(v / nxy)});
  };
  std::uniform_real_distribution<double> u(0, 1);

  // Single dabs (not recorded): the brush cost alone.
  {
    EditRules rules;
    std::vector<double> sphere, disc;
    LabelMap scratch;  // dabs go into a copy so that the stroke benchmark starts from the phantom
    scratch.labels = m.labels;
    for (int n = 0; n < 200; ++n) {
      const Vec3 c = liverPoint();
      Brush b;
      b.radiusMm = 10;
      auto t = Clock::now();
      paintDab(scratch, c, b, rules, nullptr);
      sphere.push_back(msSince(t));
      b.shape = BrushShape::Disc;
      t = Clock::now();
      paintDab(scratch, c, b, rules, nullptr, true);
      disc.push_back(msSince(t));
    }
    std::printf("single dab, radius 10 mm: sphere median %.3f ms (p95 %.3f), disc median %.3f ms (p95 %.3f)\n",
                percentile(sphere, 0.5), percentile(sphere, 0.95), percentile(disc, 0.5), percentile(disc, 0.95));
  }

  // The full-copy baseline's unit: one snapshot of the map, timed.
  const Volume<std::uint8_t> initial = m.labels;
  t0 = Clock::now();
  Volume<std::uint8_t> snapshot = m.labels;
  const double snapshotMs = msSince(t0);
  snapshot = Volume<std::uint8_t>();

  EditHistory h;
  std::vector<double> strokeMs, dabMs;
  std::size_t boxBytes = 0, changed = 0;
  for (int s = 0; s < strokes; ++s) {
    EditRules rules;
    if (s % 2) {  // HU-limited, tumour only inside the liver
      rules.editable = {1, 2};
      rules.ct = &ct;
      rules.huRange = HuRange{-50, 250};
    }
    Brush b;
    b.radiusMm = 5 + 5 * u(rng);
    b.shape = s % 5 == 4 ? BrushShape::Disc : BrushShape::Sphere;
    Vec3 p = liverPoint();
    const auto ts = Clock::now();
    ChangeRecorder& rec = h.begin(m, "Paint stroke " + std::to_string(s + 1));
    for (int d = 0; d < 20; ++d) {
      Vec3 q = p;
      for (double& c : q) c += (u(rng) - 0.5) * 2 * b.radiusMm * 0.6;  // mouse moves ~ a brush radius per event
      const auto td = Clock::now();
      paintLine(m, p, q, b, rules, &rec);
      dabMs.push_back(msSince(td));
      p = q;
    }
    const EditStepInfo info = h.commit(m);
    strokeMs.push_back(msSince(ts));
    boxBytes += 2 * info.box.voxelCount();
    changed += info.changedVoxels;
  }
  const std::size_t stepCount = h.steps().size();
  const std::size_t fullCopy = stepCount * m.labels.size();
  std::printf("%d strokes x 20 dabs (radius 5-10 mm), %zu steps, %zu voxels changed in all:\n", strokes, stepCount,
              changed);
  std::printf("  stroke latency (begin + 20 segments + commit): median %.2f ms, p95 %.2f ms, max %.2f ms\n",
              percentile(strokeMs, 0.5), percentile(strokeMs, 0.95), percentile(strokeMs, 1.0));
  std::printf("  per segment: median %.3f ms, p95 %.3f ms\n", percentile(dabMs, 0.5), percentile(dabMs, 0.95));
  std::printf("  undo memory: %.2f MB (target < 50 MB)\n", mb(h.bytes()));
  std::printf("  baseline full copy per step: %.1f MB -> delta undo uses %.0fx less\n", mb(fullCopy),
              double(fullCopy) / double(std::max<std::size_t>(1, h.bytes())));
  std::printf("  baseline uncompressed boxes (old + new): %.1f MB -> run-length coding saves %.1fx\n", mb(boxBytes),
              double(boxBytes) / double(std::max<std::size_t>(1, h.bytes())));
  std::printf("  one full snapshot of the map takes %.1f ms (a snapshot undo pays this per stroke: %.1fx the "
              "median stroke)\n",
              snapshotMs, snapshotMs / percentile(strokeMs, 0.5));

  const Volume<std::uint8_t> final = m.labels;
  std::vector<double> undoMs, redoMs;
  while (h.canUndo()) {
    const auto t = Clock::now();
    h.undo(m);
    undoMs.push_back(msSince(t));
  }
  const bool undoOk = m.labels.buffer() == initial.buffer();
  while (h.canRedo()) {
    const auto t = Clock::now();
    h.redo(m);
    redoMs.push_back(msSince(t));
  }
  const bool redoOk = m.labels.buffer() == final.buffer();
  double undoSum = 0, redoSum = 0;
  for (double x : undoMs) undoSum += x;
  for (double x : redoMs) redoSum += x;
  std::printf("  undo all: %.1f ms (median %.3f ms/step), bit-identical to the start: %s\n", undoSum,
              percentile(undoMs, 0.5), undoOk ? "yes" : "NO");
  std::printf("  redo all: %.1f ms (median %.3f ms/step), bit-identical to the end: %s\n", redoSum,
              percentile(redoMs, 0.5), redoOk ? "yes" : "NO");

  // The whole-structure operations run on the phantom as generated (one tumour), not on the strokes' spatter.
  while (h.canUndo()) h.undo(m);
  std::printf("whole-structure operations on the phantom (each one step, then undone):\n");
  {
    // Fill between slices: two discs of a new label 20 slices (16 mm) apart inside the liver.
    const Vec3 c = liverPoint();
    const Vec3 ci = g.worldToIndex(c);
    EditRules r4;
    r4.label = 4;
    Brush disc{BrushShape::Disc, 15, 2};
    ChangeRecorder& rec = h.begin(m, "discs");
    paintDab(m, c, disc, r4, &rec);
    disc.radiusMm = 25;
    paintDab(m, g.indexToWorld({ci[0], ci[1], ci[2] + 20}), disc, r4, &rec);
    h.commit(m);
    timeOperation("fill between slices (20 slices)", h, m,
                  [&](ChangeRecorder* rc) { return fillBetweenSlices(m, 2, r4, rc); });
    h.undo(m);
  }
  EditRules tumour;
  tumour.eraseTo = 1;
  timeOperation("margin tumour +5 mm", h, m, [&](ChangeRecorder* rc) { return margin(m, 5, tumour, rc); });
  timeOperation("margin tumour -3 mm", h, m, [&](ChangeRecorder* rc) { return margin(m, -3, tumour, rc); });
  timeOperation("smooth tumour (closing 3 mm)", h, m,
                [&](ChangeRecorder* rc) { return smooth(m, SmoothMethod::Closing, 3, tumour, rc); });
  EditRules liverRules;
  liverRules.label = 1;
  timeOperation("margin liver +3 mm", h, m, [&](ChangeRecorder* rc) { return margin(m, 3, liverRules, rc); });
  timeOperation("islands liver: keep largest", h, m,
                [&](ChangeRecorder* rc) { return islands(m, IslandMode::KeepLargest, 0, liverRules, rc); });
  timeOperation("smooth liver (median 3 mm)", h, m,
                [&](ChangeRecorder* rc) { return smooth(m, SmoothMethod::Median, 3, liverRules, rc); });
  timeOperation("logical: clear liver", h, m,
                [&](ChangeRecorder* rc) { return logical(m, LogicalOp::Clear, {}, liverRules, rc); });
  std::printf("peak RSS %.0f MB (label map %.0f MB, CT %.0f MB, two reference copies %.0f MB)\n", peakRssMb(),
              mb(m.labels.size()), mb(ct.size() * 2), mb(2 * m.labels.size()));
  return undoOk && redoOk ? 0 : 1;
}
