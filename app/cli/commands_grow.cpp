// `hccws grow IMAGE --seeds SEEDS --out LABELS`: Grow from seeds without the window - recorded strokes
// (seed_strokes.h) or a seed label map saved by the window, replayed on a CT, the grown labels written as a label
// map, volumes measured on the result. For scripted and reproducible semi-automatic segmentations.
#include "cli/commands.h"
#include "cli/read_ct.h"

#include <hccws/core/grow_from_seeds.h>
#include <hccws/core/image_io.h>
#include <hccws/core/seed_strokes.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

namespace hccws::cli {

namespace {

struct GrowArgs {
  std::string image, seeds, out, labels;
  double sigmaMm = core::GrowOptions{}.smoothingSigmaMm;
  double marginMm = core::GrowOptions{}.marginMm;
  bool json = false;
};

void run(const GrowArgs& a, const CommandContext& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto sink = ctx.progress();
  const core::CtVolume ct = readOneCt(a.image, core::ProgressScope(sink, 0.0, 0.2).sink());
  // Recorded strokes (JSON) are painted; a seed label map (as the window saves it) is read onto the CT grid.
  const bool isJson = a.seeds.size() > 5 && a.seeds.compare(a.seeds.size() - 5, 5, ".json") == 0;
  std::vector<core::SeedStroke> strokes;
  core::Volume<std::uint8_t> seeds(ct.geometry(), 0);
  if (isJson) {
    strokes = core::readSeedStrokes(a.seeds);
    core::paintSeedStrokes(seeds, strokes);
  } else {
    seeds = core::readLabelMap(a.seeds, ct.geometry()).labels;
  }
  core::GrowOptions o;
  o.smoothingSigmaMm = a.sigmaMm;
  o.marginMm = a.marginMm;
  core::SeedGrower grower(ct, o);
  const auto tg = std::chrono::steady_clock::now();
  grower.update(seeds, core::ProgressScope(sink, 0.2, 0.95).sink());
  const double growS = std::chrono::duration<double>(std::chrono::steady_clock::now() - tg).count();

  // Into the given segmentation (labels that were not seeded kept) or an empty one with the standard names.
  core::LabelMap map;
  if (!a.labels.empty()) {
    map = core::readLabelMap(a.labels, ct.geometry());
  } else {
    map.labels = core::Volume<std::uint8_t>(ct.geometry(), 0);
  }
  const core::EditResult r = core::applyGrowResult(map, grower, core::EditRules{}, nullptr);
  core::writeLabelMap(map, a.out);

  std::array<std::size_t, 256> counts{};
  for (std::uint8_t v : map.labels.buffer()) ++counts[v];
  const auto& sp = ct.geometry().spacingMm;
  const double voxelMl = sp[0] * sp[1] * sp[2] / 1000.0;
  const core::IndexBox roi = grower.roi();
  nlohmann::json segments = nlohmann::json::array();
  for (int v = 1; v < 255; ++v) {
    if (!counts[v]) continue;
    const core::LabelInfo* info = map.table.find(static_cast<std::uint8_t>(v));
    segments.push_back({{"value", v},
                        {"name", info ? info->name : ""},
                        {"voxels", counts[v]},
                        {"volume_ml", counts[v] * voxelMl},
                        {"provenance", "measured on the grown segmentation (grow from seeds: " + a.seeds + ")"}});
  }
  const double totalS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j = {{"image", a.image},
                      {"seeds", a.seeds},
                      {"strokes", strokes.size()},
                      {"out", a.out},
                      {"smoothing_sigma_mm", o.smoothingSigmaMm},
                      {"margin_mm", o.marginMm},
                      {"roi_index", {{"lo", {roi.lo[0], roi.lo[1], roi.lo[2]}}, {"hi", {roi.hi[0], roi.hi[1], roi.hi[2]}}}},
                      {"changed_voxels", r.changedVoxels},
                      {"segments", segments},
                      {"grow_seconds", growS},
                      {"total_seconds", totalS}};
  if (a.json) {
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%s: grown from %s in %.2f s; region %zu x %zu x %zu voxels around the seeds\n", a.out.c_str(),
              a.seeds.c_str(), growS, roi.hi[0] - roi.lo[0], roi.hi[1] - roi.lo[1],
              roi.hi[2] - roi.lo[2]);
  for (const auto& s : segments)
    std::printf("  %-12s %10.1f mL  (measured on the grown segmentation)\n", s["name"].get<std::string>().c_str(),
                s["volume_ml"].get<double>());
}

}  // namespace

void addGrowCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<GrowArgs>();
  auto* cmd = app.add_subcommand("grow", "Grow a segmentation from recorded seed strokes (semi-automatic, no model)");
  cmd->add_option("image", args->image, "CT: a DICOM folder of one series or a NIfTI/NRRD/MHA file")->required();
  cmd->add_option("--seeds", args->seeds,
                  "Seeds: recorded strokes (.json: polylines in LPS mm per label) or a seed label map as the window's "
                  "\"Save seeds\" writes it (value = label, 255 = background)")
      ->required();
  cmd->add_option("--out", args->out, "Label map to write (.nrrd keeps the segment names, .nii.gz)")->required();
  cmd->add_option("--labels", args->labels, "Existing segmentation to grow into (labels not seeded are kept)");
  cmd->add_option("--sigma-mm", args->sigmaMm, "Gaussian pre-smoothing of the CT (mm)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 20.0));
  cmd->add_option("--margin-mm", args->marginMm, "Region of interest: the seeds' box plus this margin (mm)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 500.0));
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &ctx] { run(*args, ctx); });
}

}  // namespace hccws::cli
