#pragma once
// Putting the phases of a case on one reference grid before a network sees them (segmentation and PMN share
// it): a phase already on the grid is taken as is; with registerPhases, a phase is rigidly registered onto
// the reference image (hccws/core/registration.h) and resampled through the result when it is plausible (as
// acquired otherwise, which the log says); without, a phase on another grid is resampled through the world
// frame (phases of one study share the scanner frame), outside filled with -1024 HU. Qt-free, Torch-free.
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/inference/types.h>

#include <string>
#include <vector>

namespace hccws::pipeline {

struct PhaseImage {
  std::string phase;  // "arterial", "portal_venous", ...
  core::CtVolume volume;
};

// Plain conversion: HU as float, same grid.
infer::InputImage toInputImage(const core::CtVolume& volume, const std::string& phase);

// registrationReference: the image the others are registered onto (on `grid`); null disables registration.
// Appends one line per phase that was moved to `log`.
std::vector<infer::InputImage> alignPhases(const std::vector<PhaseImage>& phases, const core::Geometry& grid,
                                           const core::CtVolume* registrationReference, const std::string& referenceName,
                                           std::vector<std::string>& log, const core::ProgressSink& progress = {});

}  // namespace hccws::pipeline
