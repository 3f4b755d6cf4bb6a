#pragma once
// The imaging commands' CT input (register, grow): a file, or a folder that holds exactly one series.
#include <hccws/core/progress.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <string>

namespace hccws::cli {

// Throws ImagingError naming the folder when it holds no or several CT series. `source` (optional) receives the
// DICOM series' description (files, UIDs, patient; empty for an image file).
core::CtVolume readOneCt(const std::string& path, const core::ProgressSink& progress, core::SeriesSource* source = nullptr);

}  // namespace hccws::cli
