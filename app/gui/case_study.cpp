#include "case_study.h"

#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace hccws::gui {

CaseStudy loadCaseStudy(const cases::CaseFolder& folder, const core::ProgressSink& sink) {
  const cases::CaseManifest& m = folder.manifest();
  auto resolved = [&](const std::string& path) {
    const std::filesystem::path p(path);
    return p.is_relative() ? (std::filesystem::path(folder.dir()) / p).string() : path;
  };
  std::vector<std::string> paths;
  for (const auto& s : m.sources)
    if (std::find(paths.begin(), paths.end(), s.path) == paths.end()) paths.push_back(s.path);
  CaseStudy out;
  out.study.patientId = m.patientId;
  out.study.studyInstanceUid = m.studyInstanceUid;
  std::vector<bool> found(m.sources.size(), false);
  for (std::size_t n = 0; n < paths.size(); ++n) {
    const double a = double(n) / double(paths.size()), b = double(n + 1) / double(paths.size());
    core::Study s = core::loadStudy(resolved(paths[n]), [&](double f, std::string_view stage) {
      return sink ? sink(a + (b - a) * f, stage) : true;
    });
    for (auto& phase : s.phases) {
      for (std::size_t k = 0; k < m.sources.size(); ++k) {
        const auto& src = m.sources[k];
        if (found[k] || src.path != paths[n] ||
            (!src.seriesInstanceUid.empty() && src.seriesInstanceUid != phase.source.seriesInstanceUid))
          continue;
        found[k] = true;
        const auto kind = core::phaseKindFromString(src.phase).value_or(core::PhaseKind::Unknown);
        if (src.phaseUserOverride) phase.decision = core::userPhaseDecision(kind, src.phaseReason);
        else if (phase.decision.kind != kind) phase.decision = {kind, src.phaseConfidence, src.phaseReason, false, {}};
        out.study.phases.push_back(std::move(phase));
        out.sourceOf.push_back(static_cast<int>(k));
        break;
      }
    }
  }
  for (std::size_t k = 0; k < m.sources.size(); ++k)
    if (!found[k])
      throw std::runtime_error("the case's source " + m.sources[k].path + " (" + m.sources[k].description +
                               ") could not be loaded: it was moved, deleted or changed");
  return out;
}

}  // namespace hccws::gui
