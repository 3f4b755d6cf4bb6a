// `hccws register`: rigid (+ affine) Mattes-MI registration of a moving phase onto a fixed one, then
// resampling of the moving CT (linear) and optionally its labels (nearest) onto the fixed grid.
#include "cli/commands.h"
#include "cli/read_ct.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/registration.h>
#include <hccws/core/resample.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace hccws::cli {

namespace {

struct RegisterArgs {
  std::string fixed, moving, out, labels, labelsOut;
  bool affine = false, json = false, noMask = false;
  std::vector<double> levels;
  std::vector<int> iterations;
};

nlohmann::json vec(const core::Vec3& v) { return {v[0], v[1], v[2]}; }

void run(const RegisterArgs& a, const CommandContext& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto sink = ctx.progress();
  core::SeriesSource fixedSource;
  const core::CtVolume fixed = readOneCt(a.fixed, core::ProgressScope(sink, 0.0, 0.1).sink(), &fixedSource, true);
  const core::CtVolume moving = readOneCt(a.moving, core::ProgressScope(sink, 0.1, 0.2).sink(), nullptr, true);
  const double loadS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  core::RegistrationOptions o;
  o.hounsfield = fixedSource.modality != "MR";  // MRI: body mask and report bins from the image's percentiles
  o.affine = a.affine;
  o.useBodyMask = !a.noMask;
  if (!a.levels.empty()) {
    o.levelVoxelMm = a.levels;
    o.iterationsPerLevel.assign(a.levels.size(), 150);
    o.samplingFractionPerLevel.assign(a.levels.size(), 0.05);
    o.samplingFractionPerLevel.front() = 0.2;
  }
  if (!a.iterations.empty()) {
    if (a.iterations.size() != o.levelVoxelMm.size())
      throw CLI::ValidationError("--iterations", "needs one value per level (" + std::to_string(o.levelVoxelMm.size()) + ")");
    o.iterationsPerLevel = a.iterations;
  }
  const core::RegistrationResult r = core::registerImages(fixed, moving, o, core::ProgressScope(sink, 0.2, 0.8).sink());

  const auto t1 = std::chrono::steady_clock::now();
  const core::CtVolume moved =
      core::resample(moving, fixed.geometry(), r.fixedToMoving, {}, core::ProgressScope(sink, 0.8, 0.95).sink());
  core::writeImage(moved, a.out);
  if (!a.labels.empty()) {
    core::LabelMap labels = core::readLabelMap(a.labels);
    labels.labels = core::resampleLabels(labels.labels, fixed.geometry(), r.fixedToMoving);
    const std::string out = a.labelsOut.empty()
                                ? (std::filesystem::path(a.out).parent_path() / "moved_labels.nii.gz").string()
                                : a.labelsOut;
    core::writeLabelMap(labels, out);
  }
  if (sink) sink(1.0, "done");
  const double resampleS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();

  if (a.json) {
    nlohmann::json j;
    j["fixed"] = a.fixed;
    j["moving"] = a.moving;
    j["output"] = a.out;
    j["transform_type"] = r.transformType;
    j["convention"] = "fixed_to_moving maps fixed world points (LPS mm) to moving world points (ITK convention)";
    const auto m = r.fixedToMoving.toMatrix4();
    j["fixed_to_moving"] = {{m[0], m[1], m[2], m[3]}, {m[4], m[5], m[6], m[7]}, {m[8], m[9], m[10], m[11]}, {0, 0, 0, 1}};
    j["rotation_deg"] = vec(r.rotationDeg);
    j["translation_mm"] = vec(r.translationMm);
    j["rotation_centre_lps"] = vec(r.rotationCentreLps);
    j["parameters"] = r.parameters;
    j["metric_mattes_mi"] = r.metricValue;
    j["iterations"] = r.iterations;
    j["nmi_before"] = r.nmiBefore;
    j["nmi_after"] = r.nmiAfter;
    j["ncc_before"] = r.nccBefore;
    j["ncc_after"] = r.nccAfter;
    j["seconds"] = {{"load", loadS}, {"registration", r.seconds}, {"resample_and_write", resampleS}};
    auto& levels = j["levels"] = nlohmann::json::array();
    for (const auto& l : r.levels)
      levels.push_back({{"stage", l.stage}, {"voxel_mm", vec(l.voxelMm)}, {"dims", {l.dims[0], l.dims[1], l.dims[2]}},
                        {"iterations", l.iterations}, {"metric", l.metric}, {"stop", l.stopCondition}});
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("Registered %s onto %s (%s)\n", a.moving.c_str(), a.fixed.c_str(), r.transformType.c_str());
  std::printf("  rotation     (%.3f, %.3f, %.3f) deg about (%.1f, %.1f, %.1f) LPS\n", r.rotationDeg[0],
              r.rotationDeg[1], r.rotationDeg[2], r.rotationCentreLps[0], r.rotationCentreLps[1], r.rotationCentreLps[2]);
  std::printf("  translation  (%.3f, %.3f, %.3f) mm\n", r.translationMm[0], r.translationMm[1], r.translationMm[2]);
  std::printf("  fixed->moving matrix (LPS mm):\n");
  const auto m = r.fixedToMoving.toMatrix4();
  for (int row = 0; row < 3; ++row)
    std::printf("    [% .6f % .6f % .6f | % 9.3f]\n", m[4 * row], m[4 * row + 1], m[4 * row + 2], m[4 * row + 3]);
  std::printf("  quality      in body: NMI %.4f -> %.4f, NCC %.4f -> %.4f; Mattes MI %.4f; %d iterations\n",
              r.nmiBefore, r.nmiAfter, r.nccBefore, r.nccAfter, r.metricValue, r.iterations);
  for (const auto& l : r.levels)
    std::printf("    %-6s %zux%zux%zu at %.2f mm: %d iterations, MI %.4f\n", l.stage.c_str(), l.dims[0], l.dims[1],
                l.dims[2], l.voxelMm[0], l.iterations, l.metric);
  std::printf("  time         load %.2f s, registration %.2f s, resample + write %.2f s\n", loadS, r.seconds, resampleS);
  std::printf("  wrote        %s\n", a.out.c_str());
}

}  // namespace

void addRegisterCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<RegisterArgs>();
  auto* cmd = app.add_subcommand("register", "Register a moving phase onto a fixed one (rigid Mattes MI, optional affine)");
  cmd->add_option("--fixed", args->fixed, "Fixed image (file or single-series DICOM folder), e.g. arterial")->required();
  cmd->add_option("--moving", args->moving, "Moving image, e.g. portal venous")->required();
  cmd->add_option("-o,--out", args->out, "Output: the moving CT resampled onto the fixed grid")->required();
  cmd->add_option("--labels", args->labels, "Labels on the moving grid to resample too (nearest neighbour)");
  cmd->add_option("--labels-out", args->labelsOut, "Where to write them (default moved_labels.nii.gz beside --out)");
  cmd->add_flag("--affine", args->affine, "Add an affine stage after the rigid one");
  cmd->add_flag("--no-mask", args->noMask, "Do not restrict the metric to the body mask");
  cmd->add_option("--levels", args->levels, "Voxel size (mm) per pyramid level, coarse to fine (default 4,2)")
      ->delimiter(',');
  cmd->add_option("--iterations", args->iterations, "Iterations per level (default 200,100)")->delimiter(',');
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args, &ctx] { run(*args, ctx); });
}

}  // namespace hccws::cli
