#pragma once
// Segmentation of a multi-phase CT case with an nnU-Net-compatible model bundle: the bridge between the
// imaging core (Volume, LabelMap, LPS world frame) and the inference engine's plain types. Qt-free and
// Torch-free (the engine hides LibTorch), so the GUI and the command line share it.
//
// Contract:
// - Phases are CT volumes in HU with their phase name ("arterial", "portal_venous", ...). The first phase's
//   grid is the reference: the labels come back on it.
// - Other phases are put on the reference grid: with registerPhases, rigidly registered onto phases[0]
//   (hccws/core/registration.h) and resampled through the result; otherwise, when their grid differs,
//   resampled through the world frame with the identity (phases of one study share the scanner frame).
// - Voxel order is used as stored (no reorientation), as nnU-Net does with SimpleITK: the network sees the
//   core's buffer viewed as (k, j, i) = nnU-Net's (z, y, x) with spacing reversed.
// - Threading: synchronous on the calling thread. Progress: preprocessing of the phases 0-5 %, the engine
//   5-100 %; returning false cancels (core::Cancelled).
// - Failures: a wrong bundle or inputs that do not fit it throw core::ImagingError naming the file and the
//   problem (detail: the engine's technical message); CUDA requested without a GPU likewise.
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/inference/types.h>
#include <hccws/pipeline/phase_alignment.h>

#include <string>
#include <vector>

namespace hccws::pipeline {


struct SegmentationRequest {
  std::string modelDir;
  std::vector<PhaseImage> phases;
  infer::RunOptions options;
  bool verifyChecksums = true;
  bool registerPhases = false;  // register phases[1..] onto phases[0] before segmenting
};

struct SegmentationOutput {
  core::LabelMap labels;             // on phases[0]'s grid
  // With options.returnProbabilities: softmax probability per class (index = label value), on phases[0]'s
  // grid, before any post-processing (as nnU-Net's --save_probabilities); outside the cropped box background
  // is 1. Empty otherwise.
  std::vector<core::FloatVolume> probabilities;
  std::vector<std::string> labelNames;  // the model's class names, index = label value
  std::vector<std::string> log;      // device choice, resampling, tiles, post-processing
  infer::DeviceChoice device;
  double seconds = 0;
};

SegmentationOutput segmentCase(const SegmentationRequest& request, const core::ProgressSink& progress = {});

// Plain conversion (exposed for tests); toInputImage is in phase_alignment.h.
core::LabelMap toLabelMap(const infer::SegmentationResult& result, const core::Geometry& grid);

}  // namespace hccws::pipeline
