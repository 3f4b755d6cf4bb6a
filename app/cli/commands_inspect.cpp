// `hccws inspect PATH [--json] [--headers-only]`: what is in a DICOM folder or an image file. Series (also
// the ones that cannot be loaded, and why), the phase of each with its reason and confidence, geometry and
// every warning. Qt-free. Bad input throws ImagingError, which main() turns into a message and exit code 2.
#include "cli/commands.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace hccws::cli {
namespace {

using nlohmann::json;
namespace core = hccws::core;

json toJson(const core::Geometry& g) {
  return {{"dims", g.dims},        {"spacing_mm", g.spacingMm},      {"origin_lps", g.originLps},
          {"direction", g.direction}, {"orientation", g.orientationCode()}, {"summary", g.describe()}};
}

json toJson(const std::vector<core::Diagnostic>& diagnostics) {
  json out = json::array();
  for (const auto& d : diagnostics)
    out.push_back({{"severity", core::severityName(d.severity)}, {"file", d.file}, {"message", d.message}});
  return out;
}

json toJson(const core::SeriesSource& s) {
  return {{"path", s.path},
          {"files", s.files.size()},
          {"series_instance_uid", s.seriesInstanceUid},
          {"study_instance_uid", s.studyInstanceUid},
          {"frame_of_reference_uid", s.frameOfReferenceUid},
          {"patient_id", s.patientId},
          {"study_date", s.studyDate},
          {"modality", s.modality},
          {"manufacturer", s.manufacturer},
          {"series_number", s.seriesNumber},
          {"series_description", s.seriesDescription},
          {"protocol_name", s.protocolName},
          {"image_type", s.imageType},
          {"contrast_bolus_agent", s.contrastBolusAgent},
          {"contrast_bolus_start_time", s.contrastBolusStartTime},
          {"acquisition_time", s.acquisitionTime}};
}

json toJson(const core::PhaseDecision& d) {
  return {{"phase", core::toString(d.kind)}, {"confidence", d.confidence}, {"reason", d.reason},
          {"user_override", d.userOverride}};
}

// One entry per series: from the scan (with or without a loaded phase) or from a loaded image file.
struct Entry {
  core::SeriesSource source;
  core::Geometry geometry;
  std::string kind = "image", stack;
  bool loadable = true;
  const core::Phase* phase = nullptr;
  std::optional<core::PhaseDecision> headerDecision;  // --headers-only: metadata rules only
  std::vector<core::Diagnostic> diagnostics;
};

void printText(const std::string& path, const std::vector<Entry>& entries,
               const std::vector<core::Diagnostic>& folderDiagnostics, std::size_t filesSeen) {
  std::printf("%s\n", path.c_str());
  if (filesSeen) std::printf("  %zu file(s), %zu series\n", filesSeen, entries.size());
  for (const auto& d : folderDiagnostics)
    std::printf("  %s: %s\n", core::severityName(d.severity).c_str(), d.message.c_str());
  for (std::size_t n = 0; n < entries.size(); ++n) {
    const Entry& e = entries[n];
    const auto& s = e.source;
    std::printf("\n[%zu] %s%s%s\n", n + 1, s.seriesDescription.empty() ? "(no description)" : s.seriesDescription.c_str(),
                s.seriesNumber >= 0 ? ("  #" + std::to_string(s.seriesNumber)).c_str() : "",
                e.stack.empty() ? "" : ("  (" + e.stack + ")").c_str());
    if (!s.seriesInstanceUid.empty()) std::printf("    uid       %s\n", s.seriesInstanceUid.c_str());
    if (!s.modality.empty())
      std::printf("    modality  %s  %s  %zu file(s)  %s\n", s.modality.c_str(), e.kind.c_str(), s.files.size(),
                  e.loadable ? "" : "(not loaded)");
    std::printf("    geometry  %s\n", e.geometry.describe().c_str());
    if (!s.contrastBolusAgent.empty() || !s.acquisitionTime.empty())
      std::printf("    contrast  agent '%s'  bolus start '%s'  acquisition '%s'\n", s.contrastBolusAgent.c_str(),
                  s.contrastBolusStartTime.c_str(), s.acquisitionTime.c_str());
    if (e.phase) {
      const auto& m = e.phase->intensity;
      if (m.isHu()) std::printf("    values    HU (CT)\n");
      else if (m.identity()) std::printf("    values    no unit (MRI): stored as they are\n");
      else std::printf("    values    no unit (MRI): value = stored x %.6g + %.6g (the range did not fit 16 bits)\n", m.slope, m.intercept);
    }
    const core::PhaseDecision* d = e.phase ? &e.phase->decision : (e.headerDecision ? &*e.headerDecision : nullptr);
    if (d)
      std::printf("    phase     %s (confidence %.2f): %s\n", core::displayName(d->kind).c_str(), d->confidence,
                  d->reason.c_str());
    for (const auto& x : e.diagnostics)
      std::printf("    %-9s %s\n", core::severityName(x.severity).c_str(), x.message.c_str());
  }
}

bool hasProblems(const std::vector<core::Diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(), [](const core::Diagnostic& d) { return d.severity != core::Severity::Info; });
}

// Returns true when any warning or error was found (the exit code then says so: ExitCode::DataWarnings).
bool runInspect(const std::string& path, bool asJson, bool headersOnly, const CommandContext& ctx) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw core::ImagingError(path, "does not exist");
  const core::ProgressSink progress = ctx.progress();
  std::vector<Entry> entries;
  std::vector<core::Diagnostic> folderDiagnostics;
  std::size_t filesSeen = 0;
  core::Study study;

  if (std::filesystem::is_directory(path, ec)) {
    const core::DicomScan scan = core::scanDicomFolder(path, core::ProgressScope(progress, 0.0, 0.2).sink());
    filesSeen = scan.filesSeen;
    folderDiagnostics = scan.diagnostics;
    if (!headersOnly) study = core::loadDicomStudy(scan, core::ProgressScope(progress, 0.2, 1.0).sink());
    for (const auto& s : scan.series) {
      Entry e;
      e.source = s.source;
      e.geometry = s.geometry;
      e.kind = core::toString(s.kind);
      e.stack = s.stackLabel;
      e.loadable = s.loadable;
      e.diagnostics = s.diagnostics;
      for (const auto& p : study.phases)
        if (p.source.files == s.source.files) e.phase = &p;
      if (headersOnly && s.loadable)
        e.headerDecision = core::detectPhase(s.source, {s.contrastBolusRoute, {}}, core::CtVolume());
      entries.push_back(std::move(e));
    }
    if (headersOnly && std::none_of(entries.begin(), entries.end(), [](const Entry& e) { return e.loadable; }))
      throw core::ImagingError(path, "no loadable CT or MR series in the folder");
  } else {
    study = core::loadStudy(path, progress);
    for (const auto& p : study.phases) {
      Entry e;
      e.source = p.source;
      e.geometry = p.volume.geometry();
      e.phase = &p;
      e.diagnostics = p.diagnostics;
      entries.push_back(std::move(e));
    }
  }

  bool problems = hasProblems(folderDiagnostics);
  for (const auto& e : entries) problems = problems || hasProblems(e.diagnostics);
  if (!asJson) {
    printText(path, entries, folderDiagnostics, filesSeen);
    return problems;
  }
  json out = {{"path", path}, {"files", filesSeen}, {"diagnostics", toJson(folderDiagnostics)}};
  json series = json::array();
  for (const auto& e : entries) {
    json j = {{"source", toJson(e.source)}, {"geometry", toJson(e.geometry)}, {"kind", e.kind},
              {"loadable", e.loadable},     {"diagnostics", toJson(e.diagnostics)}};
    if (!e.stack.empty()) j["stack"] = e.stack;
    if (e.phase) {
      j["decision"] = toJson(e.phase->decision);
      j["intensity"] = {{"unit", e.phase->intensity.unit}, {"slope", e.phase->intensity.slope},
                        {"intercept", e.phase->intensity.intercept}};
    }
    else if (e.headerDecision) j["decision"] = toJson(*e.headerDecision);
    series.push_back(std::move(j));
  }
  out["series"] = std::move(series);
  out["problems"] = problems;
  std::cout << out.dump(2) << std::endl;
  return problems;
}

}  // namespace

void addInspectCommand(CLI::App& app, CommandContext& ctx) {
  struct Options {
    std::string path;
    bool json = false, headersOnly = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("inspect", "Show the series, phases (with reasons), geometry and warnings of a "
                                            "DICOM folder or a NIfTI/NRRD/MHA file");
  cmd->add_option("path", opts->path, "DICOM folder (searched recursively) or image file")->required();
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->add_flag("--headers-only", opts->headersOnly,
                "Read DICOM headers only (fast); phases then come from metadata alone");
  cmd->footer("Exit codes: 0 clean, 4 loaded but with warnings (missing slices, unreadable files, ...), "
              "2 nothing loadable or a bad path.");
  cmd->callback([opts, &ctx] {
    if (runInspect(opts->path, opts->json, opts->headersOnly, ctx))
      ctx.exitCode = static_cast<int>(ExitCode::DataWarnings);
  });
}

}  // namespace hccws::cli
