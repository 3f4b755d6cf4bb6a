// readOneCt (commands.h): one CT from a file or from a folder holding exactly one series.
#include "cli/read_ct.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/study.h>

#include <filesystem>
#include <string>

namespace hccws::cli {

core::CtVolume readOneCt(const std::string& path, const core::ProgressSink& progress, core::SeriesSource* source) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return core::readCtImage(path);
  core::Study study = core::loadStudy(path, progress);
  if (study.phases.size() != 1)
    throw core::ImagingError(path, "holds " + std::to_string(study.phases.size()) +
                                       " CT series; name the folder of one series (see hccws inspect)");
  if (source) *source = study.phases.front().source;
  return std::move(study.phases.front().volume);
}

}  // namespace hccws::cli
