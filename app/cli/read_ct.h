#pragma once
// The imaging commands' CT input (register, grow): a file, or a folder that holds exactly one series.
#include <hccws/core/progress.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <string>

namespace hccws::cli {

// Throws ImagingError naming the folder when it holds no or several CT series. `source` (optional) receives the
// DICOM series' description (files, UIDs, patient; empty for an image file).
// An MR series is refused unless allowMr (commands that need HU); with allowMr its stored voxels come back
// (registration by mutual information does not need the real values).
core::CtVolume readOneCt(const std::string& path, const core::ProgressSink& progress, core::SeriesSource* source = nullptr,
                         bool allowMr = false);
// Any one image's real values (CT in HU, MRI in its own units): a file, or a folder holding one CT or MR series.
core::FloatVolume readOneImageValues(const std::string& path, const core::ProgressSink& progress);

}  // namespace hccws::cli
