// `hccws case create|info|verify|recover`: case folders from the command line (docs/case-files.md).
#include "cli/commands.h"

#include <hccws/case/case_folder.h>
#include <hccws/case/source_hash.h>
#include <hccws/core/image_io.h>
#include <hccws/core/study.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hccws::cli {

namespace {

const char* const kProgram = "hccws 0.1.0";

struct CaseArgs {
  std::vector<std::string> sources;
  std::string labels, out, dir, note;
  bool json = false;
};

void create(const CaseArgs& a, CommandContext& ctx) {
  cases::CaseManifest m;
  std::vector<std::pair<core::SeriesSource, core::Geometry>> series;  // per source: the DICOM series and its grid
  for (const auto& path : a.sources) {
    const core::Study study = core::loadStudy(path, ctx.progress());
    if (m.patientId.empty()) m.patientId = study.patientId;
    if (m.studyInstanceUid.empty()) m.studyInstanceUid = study.studyInstanceUid;
    for (const auto& p : study.phases) {
      cases::SourceSeries s;
      s.path = std::filesystem::absolute(path).lexically_normal().string();
      s.seriesInstanceUid = p.source.seriesInstanceUid;
      s.description = p.source.seriesDescription;
      s.modality = p.source.modality;
      s.phase = core::toString(p.decision.kind);
      s.phaseReason = p.decision.reason;
      s.phaseConfidence = p.decision.confidence;
      if (m.patientName.empty()) m.patientName = p.source.patientName;
      if (m.studyDate.empty()) m.studyDate = p.source.studyDate;
      m.sources.push_back(s);
      series.emplace_back(p.source, p.volume.geometry());
    }
  }
  if (m.sources.empty()) throw std::runtime_error("no series found in the given sources");
  m.note = a.note;
  std::unique_ptr<core::LabelMap> labels;
  const core::SeriesSource* segOf = nullptr;  // the DICOM series the labels lie on: a DICOM SEG references it
  if (!a.labels.empty()) {
    labels = std::make_unique<core::LabelMap>(core::readLabelMap(a.labels));
    m.segmentation = cases::SegmentationRecord{};
    m.segmentation->madeBy = "imported from " + a.labels;
    for (std::size_t k = 0; k < series.size(); ++k)
      if (labels->labels.geometry().sameGrid(series[k].second)) {
        m.segmentation->gridOf = static_cast<int>(k);
        if (!series[k].first.files.empty()) segOf = &series[k].first;
        break;
      }
  }
  const cases::CaseFolder c = cases::CaseFolder::create(a.out, m, labels.get(), kProgram, segOf);
  std::printf("%s: case created with %zu series%s%s\n", a.out.c_str(), c.manifest().sources.size(),
              labels ? " and a segmentation" : "", segOf ? " (also as a DICOM SEG referencing its series)" : "");
}

void info(const CaseArgs& a) {
  const cases::CaseFolder c = cases::CaseFolder::open(a.dir, true);  // looks only: never takes the lock
  const auto& m = c.manifest();
  const auto stale = cases::staleResults(m);
  if (a.json) {
    nlohmann::json j = nlohmann::json::parse(cases::manifestToJson(m));
    j["stale_results"] = stale;
    j["pending_journal"] = {{"label_edits", c.pending().labelPatches}, {"manifest_edits", c.pending().manifestSnapshots},
                            {"torn_record", c.pending().tornTail}};
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%s\n  patient %s, study %s; saved %s by %s (generation %llu)%s\n", a.dir.c_str(),
              m.patientId.empty() ? "(none)" : m.patientId.c_str(), m.studyDate.empty() ? "(no date)" : m.studyDate.c_str(),
              m.saved.c_str(), m.program.c_str(), static_cast<unsigned long long>(m.generation),
              m.migratedFrom ? (" - read from format version " + std::to_string(m.migratedFrom)).c_str() : "");
  for (std::size_t n = 0; n < m.sources.size(); ++n) {
    const auto& s = m.sources[n];
    std::printf("  source %zu  %s  %s (%s%s)\n           %s, %llu file(s), sha256 %s\n", n, s.description.c_str(),
                s.phase.c_str(), s.phaseUserOverride ? "set by the user" : s.phaseReason.c_str(), "", s.path.c_str(),
                static_cast<unsigned long long>(s.files), s.sha256.empty() ? "(not recorded)" : s.sha256.substr(0, 16).c_str());
  }
  if (m.segmentation)
    std::printf("  segmentation %s (version %llu, %s)\n", m.segmentation->file.c_str(),
                static_cast<unsigned long long>(m.segmentation->version), m.segmentation->madeBy.c_str());
  for (const auto& [name, r] : m.results) {
    const bool isStale = std::find(stale.begin(), stale.end(), name) != stale.end();
    std::printf("  result %-14s %s, by %s at %s\n", name.c_str(), isStale ? "STALE (an input changed since)" : "current",
                r.madeBy.c_str(), r.computedAt.c_str());
  }
  for (const auto& in : m.nomogramInputs)
    std::printf("  input  %-14s %s = %g (%s)%s\n", in.name.c_str(), in.state.c_str(), in.value, in.source.c_str(),
                in.stale ? " STALE" : "");
  if (!m.note.empty()) std::printf("  note   %s\n", m.note.c_str());
  if (c.pending().any() || c.pending().tornTail)
    std::printf("  journal: %zu label edit(s) and %zu other edit(s) after the last save%s - `hccws case recover %s`\n",
                c.pending().labelPatches, c.pending().manifestSnapshots,
                c.pending().tornTail ? " (and one edit that was being written when the program stopped: lost)" : "",
                a.dir.c_str());
}

void verify(const CaseArgs& a, CommandContext& ctx) {
  const cases::CaseFolder c = cases::CaseFolder::open(a.dir, true);
  int bad = 0;
  for (const auto& s : c.checkSources()) {
    const char* state = s.state == cases::SourceCheck::State::Same      ? "unchanged"
                        : s.state == cases::SourceCheck::State::Changed ? "CHANGED"
                        : s.state == cases::SourceCheck::State::Missing ? "MISSING"
                                                                        : "not recorded";
    std::printf("  source %d %s: %s (%s)\n", s.source, s.path.c_str(), state, s.detail.c_str());
    bad += s.state == cases::SourceCheck::State::Changed || s.state == cases::SourceCheck::State::Missing;
  }
  if (bad) {
    std::fprintf(stderr, "hccws: %s: %d source(s) changed or missing since the case was made; its results may not "
                         "describe the images now there\n", a.dir.c_str(), bad);
    ctx.exitCode = static_cast<int>(ExitCode::DataWarnings);
  }
}

void recover(const CaseArgs& a) {
  cases::CaseFolder c = cases::CaseFolder::open(a.dir);
  if (c.readOnly()) throw std::runtime_error(a.dir + ": " + c.readOnlyReason());
  if (!c.pending().any()) {
    std::printf("%s: nothing to recover (the journal holds no edit after the last save)\n", a.dir.c_str());
    return;
  }
  const auto pending = c.pending();
  std::optional<core::LabelMap> labels = c.readSavedSegmentation();
  if (!labels && pending.labelPatches)
    throw std::runtime_error(a.dir + ": the journal holds label edits but the case has no saved segmentation to apply "
                                     "them to; open it in the window");
  c.recover(labels ? &*labels : nullptr);
  c.save(labels ? &*labels : nullptr, kProgram);
  std::printf("%s: recovered %zu label edit(s) and %zu other edit(s)%s; saved as generation %llu\n", a.dir.c_str(),
              pending.labelPatches, pending.manifestSnapshots,
              pending.tornTail ? " (the edit being written when the program stopped was lost)" : "",
              static_cast<unsigned long long>(c.manifest().generation));
}

}  // namespace

void addCaseCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<CaseArgs>();
  auto* cmd = app.add_subcommand("case", "Case folders: create one from series, show, verify the sources, recover edits");
  cmd->require_subcommand(1);
  auto* c = cmd->add_subcommand("create", "Make a case folder from one or more series (DICOM folders or image files)");
  c->add_option("--source", args->sources, "A DICOM folder or NIfTI/NRRD/MHA file (repeat for more phases)")->required();
  c->add_option("--labels", args->labels, "A segmentation to keep in the case (label map)");
  c->add_option("--note", args->note, "A note for the tumour board");
  c->add_option("--out", args->out, "The new case folder (new or empty)")->required();
  c->callback([args, &ctx] { create(*args, ctx); });
  auto* i = cmd->add_subcommand("info", "Show a case: sources, segmentation, results (stale or current), inputs, journal");
  i->add_option("dir", args->dir, "Case folder")->required();
  i->add_flag("--json", args->json, "The manifest as JSON with the stale results and the journal's state");
  i->callback([args] { info(*args); });
  auto* v = cmd->add_subcommand("verify", "Re-hash the case's source series; exit 4 when one changed or is missing");
  v->add_option("dir", args->dir, "Case folder")->required();
  v->callback([args, &ctx] { verify(*args, ctx); });
  auto* r = cmd->add_subcommand("recover", "Apply the edits the journal holds after the last save, and save");
  r->add_option("dir", args->dir, "Case folder")->required();
  r->callback([args] { recover(*args); });
}

}  // namespace hccws::cli
