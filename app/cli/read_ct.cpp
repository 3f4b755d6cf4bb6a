// readOneCt (commands.h): one CT from a file or from a folder holding exactly one series.
#include "cli/read_ct.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/study.h>

#include <filesystem>
#include <string>

namespace hccws::cli {

core::CtVolume readOneCt(const std::string& path, const core::ProgressSink& progress, core::SeriesSource* source,
                         bool allowMr) {
  std::error_code ec;
  if (!allowMr && !std::filesystem::is_directory(path, ec)) return core::readCtImage(path);
  // Folders, and files when MRI is allowed (a file named as MRI is read with its own values: load_study.cpp).
  core::Study study = core::loadStudy(path, progress);
  if (study.phases.size() != 1)
    throw core::ImagingError(path, "holds " + std::to_string(study.phases.size()) +
                                       " series; name the folder of one series (see hccws inspect)");
  if (source) *source = study.phases.front().source;
  if (!allowMr && !study.phases.front().isCt())
    throw core::ImagingError(path, "is an MR series (no HU); this command needs CT");
  return std::move(study.phases.front().volume);
}

core::FloatVolume readOneImageValues(const std::string& path, const core::ProgressSink& progress) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return core::readFloatImage(path);
  core::Study study = core::loadStudy(path, progress);
  if (study.phases.size() != 1)
    throw core::ImagingError(path, "holds " + std::to_string(study.phases.size()) +
                                       " series; name the folder of one series (see hccws inspect)");
  return core::realValues(study.phases.front().volume, study.phases.front().intensity);
}

}  // namespace hccws::cli
