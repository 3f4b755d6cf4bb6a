#pragma once
// Training the demo liver/tumour model on synthetic phantoms, and evaluating a bundle on phantoms: the
// orchestration behind `hccws train segmentation` (Qt-free, Torch-free: the engine hides LibTorch).
//
// Contract:
// - Cases: core::generatePhantom with seeds firstSeed .. firstSeed + cases - 1, varied by phantomForSeed()
//   (subtype, tumour count and size, patient motion between phases). Arterial and portal venous only.
// - One frame: the portal venous phase is resampled onto the arterial grid with the phantom's TRUTH
//   transform (arterialToPhase), not with the registration core: the labels are drawn on the arterial grid,
//   and a registration error would shift the portal venous channel against them, teaching the network to
//   ignore misalignment that the truth lets us avoid for free. At inference (evaluateOnPhantoms, `hccws
//   segment --register`) the registration core is used, as on patient data.
// - Labels: 1 liver, 2 tumour; PVTT (3) is not generated (the model has no thrombus class).
// - Preprocessing as nnU-Net: CT normalisation statistics over the training cases' foreground (labels > 0),
//   then the Segmenter's own crop/normalise/resample to the target spacing (infer::prepareTrainingCase).
// - Threading: synchronous. Progress: phantoms 0-25 %, preparation 25-30 %, training 30-95 %, evaluation
//   95-100 %; returning false throws core::Cancelled.
// - Failures: bad arguments (no cases, zero epochs, an out folder that cannot be created or written) throw
//   core::ImagingError naming the argument or folder BEFORE any phantom is generated.
#include <hccws/core/phantom.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/inference/training.h>
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hccws::pipeline {

// Phantom options of one seed: `base` (grid, noise) with seed-dependent subtype (odd: proliferative),
// tumour count (1 or 2), first tumour diameter and portal-venous motion (up to 3 degrees, 8 mm). Training and
// evaluation shrink a first diameter that does not fit the seed's liver by 10 % steps until it does.
core::PhantomOptions phantomForSeed(std::uint64_t seed, const core::PhantomOptions& base = {});

// The arterial + portal venous channels (HU, arterial grid) and labels of a phantom (see the contract).
infer::TrainingCase trainingCaseFromPhantom(const core::Phantom& phantom);

struct TrainSegmentationRequest {
  std::string outDir;
  int cases = 16;
  std::uint64_t firstSeed = 1;
  // Grid and noise of every case (seed etc. per case): 160x160x96 at 2x2x2.5 mm, so that the liver dome
  // stays inside the grid after the portal-venous motion.
  core::PhantomOptions phantom = [] {
    core::PhantomOptions o;
    o.dims = {160, 160, 96};
    return o;
  }();
  std::array<double, 3> targetSpacingZyx{4.0, 4.0, 4.0};
  std::array<int, 3> patchZyx{32, 48, 48};
  std::vector<int> featuresPerStage{8, 16, 32, 64};
  infer::TrainingOptions training;
  int evalCases = 0;    // unseen seeds after the training range, segmented with the written bundle
  std::string command;  // the exact command line, recorded in manifest.json
};

struct CaseEvaluation {
  std::uint64_t seed = 0;
  std::string description;  // subtype, tumours
  double liverDice = 0, tumourDice = 0;
  double seconds = 0;
  std::string registration;  // the registration log line
};

struct TrainSegmentationResult {
  infer::TrainingReport training;
  std::vector<infer::IntensityStats> stats;  // per channel
  std::vector<CaseEvaluation> evaluation;
  double seconds = 0;                         // everything, phantoms included
};

// `log` receives one line per step (for the terminal); it may be empty.
TrainSegmentationResult trainSegmentationOnPhantoms(const TrainSegmentationRequest& request,
                                                    const core::ProgressSink& progress = {},
                                                    const std::function<void(const std::string&)>& log = {});

struct PhantomEvaluationRequest {
  std::string modelDir;
  std::vector<std::uint64_t> seeds;
  core::PhantomOptions phantom;  // grid and noise (seed etc. per case by phantomForSeed)
  infer::RunOptions options;
  bool registerPhases = true;    // portal venous registered onto arterial by the registration core
};

// Segments each seed's phantom through segmentCase() (the path of `hccws segment`) and scores it against
// the truth labels. Throws core::ImagingError for a wrong bundle.
std::vector<CaseEvaluation> evaluateOnPhantoms(const PhantomEvaluationRequest& request,
                                               const core::ProgressSink& progress = {});

// Dice of `label` between two label volumes on one grid: 2|A and B| / (|A| + |B|); 1 when both are empty.
// Throws std::invalid_argument when the sizes differ.
double diceCoefficient(const core::Volume<std::uint8_t>& a, const core::Volume<std::uint8_t>& b, std::uint8_t label);

}  // namespace hccws::pipeline
