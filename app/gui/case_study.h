#pragma once
// The study of a case folder: its sources loaded (each path once), each series matched to the case's source
// (same path and SeriesInstanceUID), the case's phase decisions kept (the user's overrides, and the phase the
// case's results were computed for when detection now says otherwise). Used by the window (StudyLoader) and
// the report. Throws std::runtime_error naming a source that cannot be loaded; core::Cancelled when the sink
// says stop. Qt-free; any thread.
#include <hccws/case/case_folder.h>
#include <hccws/core/progress.h>
#include <hccws/core/study.h>

#include <vector>

namespace hccws::gui {

struct CaseStudy {
  core::Study study;
  std::vector<int> sourceOf;  // per phase of `study`: its index in the case's sources
};

CaseStudy loadCaseStudy(const cases::CaseFolder& folder, const core::ProgressSink& progress = {});

}  // namespace hccws::gui
