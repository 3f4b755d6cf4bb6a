// `hccws phantom`: writes a synthetic multi-phase HCC case (NIfTI, DICOM, truth labels, truth.json).
#include "cli/commands.h"

#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include <CLI/CLI.hpp>

#include <array>
#include <chrono>
#include <cstdio>
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
  bool pvtt = false, noDicom = false, noNifti = false;
  double noise = 10.0;
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
  cmd->callback([args, &ctx] {
    try {
      run(*args, ctx);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
  });
}

}  // namespace hccws::cli
