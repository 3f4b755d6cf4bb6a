// `hccws phantom`: writes a synthetic multi-phase HCC case (NIfTI, DICOM, truth labels, truth.json).
#include "cli/commands.h"
#include "cli/text_file.h"

#include <hccws/core/errors.h>
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include <CLI/CLI.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::cli {

namespace {

struct PhantomArgs {
  std::string out;
  std::uint64_t seed = 7;
  std::vector<std::size_t> size;
  std::vector<double> spacing, diameters, rotation, translation;
  int tumours = 1;
  std::string subtype = "nonproliferative";
  std::vector<std::string> phases;
  bool pvtt = false, noDicom = false, noNifti = false, vary = false;
  double noise = 10.0;
  int cohort = 0;
};

template <typename T>
std::array<T, 3> triple(const std::vector<T>& v, const char* name) {
  if (v.size() != 3) throw CLI::ValidationError(name, "expects three comma-separated values, e.g. 1,2,3");
  return {v[0], v[1], v[2]};
}

void run(const PhantomArgs& a, const CommandContext& ctx) {
  core::PhantomOptions o;
  o.seed = a.seed;
  if (!a.size.empty()) o.dims = triple(a.size, "--size");
  if (!a.spacing.empty()) o.spacingMm = triple(a.spacing, "--spacing");
  o.tumourCount = a.tumours;
  o.tumourDiametersMm = a.diameters;
  const auto subtype = core::tumourSubtypeFromString(a.subtype);
  if (!subtype) throw CLI::ValidationError("--subtype", "must be proliferative or nonproliferative, not '" + a.subtype + "'");
  o.subtype = *subtype;
  o.pvtt = a.pvtt;
  o.noiseSigmaHu = a.noise;
  o.varyTumourFeatures = a.vary;
  if (!a.phases.empty()) {
    o.phases.clear();
    for (const auto& p : a.phases) {
      const auto k = core::phaseKindFromString(p);
      if (!k || *k == core::PhaseKind::Unknown)
        throw CLI::ValidationError("--phases", "unknown phase '" + p + "' (native, arterial, portal_venous, delayed)");
      o.phases.push_back(*k);
    }
  }
  if (!a.rotation.empty()) o.portalVenousMotion.rotationDeg = triple(a.rotation, "--pv-rotation");
  if (!a.translation.empty()) o.portalVenousMotion.translationMm = triple(a.translation, "--pv-translation");

  const auto t0 = std::chrono::steady_clock::now();
  const auto sink = ctx.progress();
  const core::ProgressScope gen(sink, 0.0, 0.4);
  const core::Phantom ph = core::generatePhantom(o, gen.sink());
  const double genS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  core::PhantomWriteOptions wo;
  wo.writeDicom = !a.noDicom;
  wo.writeNifti = !a.noNifti;
  const core::ProgressScope write(sink, 0.4, 1.0);
  core::writePhantomCase(ph, a.out, wo, write.sink());
  const double totalS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const core::Measurements m = core::measure(ph.truthLabels, [] {
    core::MeasurementOptions mo;
    mo.minTumourMl = 0;
    return mo;
  }());
  std::printf("Synthetic phantom (not patient data) written to %s\n", a.out.c_str());
  std::printf("  grid      %s\n", ph.geometry.describe().c_str());
  std::printf("  phases   ");
  for (const auto& p : ph.phases) std::printf(" %s", core::toString(p.kind).c_str());
  std::printf("%s\n", wo.writeDicom ? "  (NIfTI + DICOM series under dicom/)" : "  (NIfTI only)");
  std::printf("  subtype   %s%s, seed %llu\n", core::toString(o.subtype).c_str(), o.pvtt ? " with PVTT" : "",
              static_cast<unsigned long long>(o.seed));
  std::printf("  liver     %.1f mL; tumours %d, %.1f mL, largest %.1f mm (3D) / %.1f mm (axial); burden %.1f%%\n",
              m.liverVolumeMl, m.tumourCount, m.tumourVolumeMl, m.largestDiameter3dMm, m.largestAxialDiameterMm,
              m.tumourBurdenPercent);
  if (const auto* pv = ph.find(core::PhaseKind::PortalVenous)) {
    std::printf("  PV motion rotation (%.2f, %.2f, %.2f) deg, translation (%.2f, %.2f, %.2f) mm (truth.json)\n",
                pv->motion.rotationDeg[0], pv->motion.rotationDeg[1], pv->motion.rotationDeg[2],
                pv->motion.translationMm[0], pv->motion.translationMm[1], pv->motion.translationMm[2]);
  }
  std::printf("  time      %.2f s (synthesis %.2f s)\n", totalS, genS);
}

// A synthetic PMN cohort: `count` cases (seeds seed .. seed + count - 1), each with one tumour whose subtype
// and features are drawn (varied features), arterial and portal venous phases on one grid without motion (as
// after registration), NIfTI only, and cohort.csv: the manifest `hccws train pmn` reads (docs/pmn.md).
void runCohort(const PhantomArgs& a, const CommandContext& ctx) {
  if (a.cohort < 1 || a.cohort > 100000) throw CLI::ValidationError("--cohort", "must be 1..100000");
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec) throw core::ImagingError(a.out, "cannot create the cohort folder: " + ec.message());
  const std::string csvPath = (std::filesystem::path(a.out) / "cohort.csv").string();
  std::string csv = "case_id,arterial,portal_venous,labels,proliferative,arm,response,p_response_synthetic,"
                    "diameter_mm,seed\n";
  const auto sink = ctx.progress();
  int prolif = 0;
  for (int n = 0; n < a.cohort; ++n) {
    const std::uint64_t seed = a.seed + static_cast<std::uint64_t>(n);
    const core::PhantomCohortDraw draw = core::phantomCohortDraw(seed);
    core::PhantomOptions o;
    o.seed = seed;
    if (!a.size.empty()) o.dims = triple(a.size, "--size");
    if (!a.spacing.empty()) o.spacingMm = triple(a.spacing, "--spacing");
    o.subtype = draw.subtype;
    o.tumourCount = 1;
    o.varyTumourFeatures = true;
    o.noiseSigmaHu = a.noise;
    o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
    o.portalVenousMotion = {};
    const core::ProgressScope scope(sink, double(n) / a.cohort, double(n + 1) / a.cohort);
    const core::Phantom ph = core::generatePhantom(o, scope.sink());
    char id[32];
    std::snprintf(id, sizeof id, "case_%05d", n + 1);
    core::PhantomWriteOptions wo;
    wo.writeDicom = false;
    core::writePhantomCase(ph, (std::filesystem::path(a.out) / id).string(), wo);
    const double diameter = ph.tumours.empty() ? 0.0 : ph.tumours[0].nominalDiameterMm;
    const core::SyntheticResponse resp = core::syntheticArmResponse(draw.subtype, diameter, seed);
    const bool tace = draw.arm == "TACE";
    const bool p = draw.subtype == core::TumourSubtype::Proliferative;
    prolif += p ? 1 : 0;
    char line[512];
    std::snprintf(line, sizeof line, "%s,%s/arterial.nii.gz,%s/portal_venous.nii.gz,%s/truth_labels.nii.gz,%d,%s,%d,%.4f,%.1f,%llu\n",
                  id, id, id, id, p ? 1 : 0, draw.arm.c_str(), (tace ? resp.tace : resp.haic) ? 1 : 0,
                  tace ? resp.pTace : resp.pHaic, diameter, static_cast<unsigned long long>(seed));
    csv += line;
  }
  writeTextAtomically(csvPath, csv);
  std::printf("Synthetic PMN cohort (not patient data): %d cases (%d proliferative), seeds %llu..%llu, in %s\n",
              a.cohort, prolif, static_cast<unsigned long long>(a.seed),
              static_cast<unsigned long long>(a.seed + static_cast<std::uint64_t>(a.cohort) - 1), csvPath.c_str());
}

}  // namespace

void addPhantomCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<PhantomArgs>();
  auto* cmd = app.add_subcommand("phantom",
                                 "Write a synthetic multi-phase HCC CT case with ground truth (not patient data)");
  cmd->add_option("-o,--out", args->out, "Output folder (created)")->required();
  cmd->add_option("--seed", args->seed, "Random seed; the same seed gives the same voxels")->capture_default_str();
  cmd->add_option("--size", args->size, "Grid size i,j,k (default 160,160,80)")->delimiter(',');
  cmd->add_option("--spacing", args->spacing, "Voxel size in mm i,j,k (default 2,2,2.5)")->delimiter(',');
  cmd->add_option("--tumours", args->tumours, "Number of tumours")->capture_default_str()->check(CLI::Range(0, 20));
  cmd->add_option("--diameter", args->diameters,
                  "Tumour diameters in mm, comma-separated (default 55 mm, or 80 mm proliferative; satellites 35%)")
      ->delimiter(',');
  cmd->add_option("--subtype", args->subtype, "proliferative | nonproliferative")->capture_default_str();
  cmd->add_flag("--pvtt", args->pvtt, "Add a portal vein tumour thrombus (label 3)");
  cmd->add_option("--phases", args->phases, "Phases to write (default native,arterial,portal_venous,delayed)")
      ->delimiter(',');
  cmd->add_option("--pv-rotation", args->rotation, "Portal-venous rotation in degrees about L,P,S (default 1.5,-1,2.5)")
      ->delimiter(',');
  cmd->add_option("--pv-translation", args->translation, "Portal-venous translation in mm (default 3,-4,6)")
      ->delimiter(',');
  cmd->add_option("--noise", args->noise, "Noise sigma in HU")->capture_default_str();
  cmd->add_flag("--no-dicom", args->noDicom, "Skip the DICOM series");
  cmd->add_flag("--no-nifti", args->noNifti, "Skip the per-phase NIfTI volumes");
  cmd->add_flag("--vary-features", args->vary,
                "Draw the tumour's imaging features (and diameter) from overlapping subtype distributions");
  cmd->add_option("--cohort", args->cohort,
                  "Write a synthetic PMN training cohort of N cases (subtype, arm and response drawn per seed; "
                  "arterial + portal venous NIfTI on one grid) with cohort.csv");
  cmd->callback([args, &ctx] {
    try {
      if (args->cohort > 0) runCohort(*args, ctx);
      else run(*args, ctx);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
  });
}

}  // namespace hccws::cli
