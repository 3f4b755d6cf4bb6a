// `hccws measure LABELS`: liver volume, tumour count, volumes, diameters and burden from a label map.
#include "cli/commands.h"

#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace hccws::cli {

namespace {

struct MeasureArgs {
  std::string labels;
  bool json = false;
  double minTumourMl = 0.1;
  int connectivity = 26;
  std::optional<int> liver, tumour, pvtt;  // explicit values override the segment names
};

nlohmann::json toJson(const core::Measurements& m, const std::string& path) {
  nlohmann::json j = {{"file", path}};
  j.update(nlohmann::json::parse(core::measurementsJson(m)));
  return j;
}

void run(const MeasureArgs& a) {
  const core::LabelMap labels = core::readLabelMap(a.labels);
  core::MeasurementOptions o;
  o.minTumourMl = a.minTumourMl;
  o.connectivity = a.connectivity == 6 ? core::Connectivity::Face6 : core::Connectivity::Full26;
  if (a.liver) o.liverLabel = static_cast<std::uint8_t>(*a.liver);
  if (a.tumour) o.tumourLabel = static_cast<std::uint8_t>(*a.tumour);
  if (a.pvtt) o.pvttLabel = static_cast<std::uint8_t>(*a.pvtt);
  const core::Measurements m = core::measure(labels, o);
  if (a.json) {
    std::printf("%s\n", toJson(m, a.labels).dump(2).c_str());
    return;
  }
  using core::LabelRole;
  std::printf("%s\n  grid %s\n", a.labels.c_str(), labels.labels.geometry().describe().c_str());
  std::printf("  segments: liver = %s; tumour = %s; PVTT = %s\n", m.roles.describe(LabelRole::Liver).c_str(),
              m.roles.describe(LabelRole::Tumour).c_str(), m.roles.describe(LabelRole::Pvtt).c_str());
  for (const auto& s : m.roles.other)
    std::printf("  segment %d '%s': no role (not measured)\n", s.value, s.name.c_str());
  if (m.liverMeasured) std::printf("  liver volume        %10.1f mL (tumour excluded)\n", m.liverVolumeMl);
  else std::printf("  liver volume        not measured (no liver segment)\n");
  if (m.tumourMeasured) {
    std::printf("  tumours             %10d (%d-connected, >= %.2f mL, %s", m.tumourCount, a.connectivity == 6 ? 6 : 26,
                o.minTumourMl, m.countedInsideLiver ? "touching the liver" : "NOT checked against a liver segment");
    if (m.ignoredComponents) std::printf("; %d smaller ignored, %.2f mL", m.ignoredComponents, m.ignoredVolumeMl);
    std::printf(")\n  tumour volume       %10.1f mL\n", m.tumourVolumeMl);
    if (m.liverMeasured) std::printf("  tumour burden       %10.1f %% of liver + tumour\n", m.tumourBurdenPercent);
    std::printf("  largest diameter    %10.1f mm (3D), %.1f mm (axial)\n", m.largestDiameter3dMm,
                m.largestAxialDiameterMm);
  } else {
    std::printf("  tumours             not measured (no tumour segment)\n");
  }
  if (m.pvttMeasured) {
    std::printf("  PVTT                %10s", m.pvttPresent ? "present" : "absent");
    if (m.pvttPresent) std::printf(" (%.1f mL)", m.pvttVolumeMl);
    std::printf("\n");
  } else {
    std::printf("  PVTT                not measured (no PVTT segment)\n");
  }
  for (const auto& t : m.tumours)
    std::printf("  tumour %-3d %8.1f mL  %6.1f mm 3D  %6.1f mm axial  at (%.1f, %.1f, %.1f) LPS\n", t.id, t.volumeMl,
                t.diameter3dMm, t.axialDiameterMm, t.centroidLps[0], t.centroidLps[1], t.centroidLps[2]);
  for (const auto& t : m.outsideLiver)
    std::printf("  outside the liver %-3d %8.1f mL at (%.1f, %.1f, %.1f) LPS: not counted\n", t.id, t.volumeMl,
                t.centroidLps[0], t.centroidLps[1], t.centroidLps[2]);
}

}  // namespace

void addMeasureCommand(CLI::App& app, CommandContext&) {
  auto args = std::make_shared<MeasureArgs>();
  auto* cmd = app.add_subcommand("measure", "Liver/tumour measurements from a label map (NIfTI, NRRD, MHA)");
  cmd->add_option("labels", args->labels,
                  "Label map file; segments found by their names (NRRD/DICOM SEG; a file without names: 1 liver, "
                  "2 tumour, 3 PVTT for the values present)")
      ->required();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->add_option("--min-tumour-ml", args->minTumourMl, "Ignore tumour components smaller than this (mL)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--connectivity", args->connectivity, "6 or 26")->capture_default_str()->check(CLI::IsMember({6, 26}));
  cmd->add_option("--liver-label", args->liver, "Liver label value (overrides the segment names)")->check(CLI::Range(1, 255));
  cmd->add_option("--tumour-label", args->tumour, "Tumour label value (overrides the segment names)")->check(CLI::Range(1, 255));
  cmd->add_option("--pvtt-label", args->pvtt, "PVTT label value (overrides the segment names)")->check(CLI::Range(1, 255));
  cmd->callback([args] { run(*args); });
}

}  // namespace hccws::cli
