#pragma once
// The Prototype Mamba Net on a case (docs/pmn.md): the bridge between the imaging core (phases, label map in
// the LPS world frame, lesions as measured) and the engine's PMN (hccws/inference/pmn*.h). Qt-free and
// Torch-free, shared by `hccws pmn` and the workstation's Analyse > Run PMN.
//
// Contract:
// - The label map's grid is the reference: the phases are put on it (phase_alignment.h; registered onto the
//   first phase the bundle needs when registerPhases). The lesion is a tumour component counted by
//   core::measure (inside the liver when a liver segment exists), by id (1 = largest, as `hccws measure`
//   lists them); the ROI is cut around it (pmn_roi.h).
// - Heatmaps come back on the ROI grid with their own world geometry (the CT's direction cosines, the ROI's
//   isotropic spacing and origin), so written as NIfTI they open aligned with the CT in any viewer.
// - Failures: InferenceError/ImagingError become core::ImagingError naming the file (the bundle, the label
//   map) and the problem: no tumour segment, no lesion, a lesion id that does not exist, a missing phase.
//   Cancel: core::Cancelled. Progress: phases 0-10 %, ROI 10-15 %, network 15-100 %.
#include <hccws/core/label_map.h>
#include <hccws/core/measurements.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/inference/pmn.h>
#include <hccws/inference/pmn_bundle.h>
#include <hccws/pipeline/phase_alignment.h>

#include <string>
#include <vector>

namespace hccws::pipeline {

struct PmnCaseRequest {
  std::string modelDir;
  bool verifyChecksums = true;
  std::vector<PhaseImage> phases;
  core::LabelMap labels;
  std::string labelsSource;  // the label map's file, for messages
  int lesionId = 1;          // 1 = the largest lesion
  bool registerPhases = false;
  bool withMaps = true;
  infer::DeviceRequest device;
};

struct PmnHeatmap {
  std::string name;         // "p_proliferative", "gradcam", "prototype_nonprolif_1", ...
  std::string description;  // one line for legends and the JSON
  core::FloatVolume volume;  // on the ROI grid, world geometry set
};

struct PmnCaseResult {
  infer::PmnManifest model;
  std::string modelDir;
  infer::PmnOutput output;
  bool proliferative = false;  // output.pProliferative >= model.classThreshold
  infer::PmnRoiPlacement placement;
  core::Geometry roiGeometry;   // the ROI grid in the world frame
  core::TumourMeasurement lesion;
  int lesionCount = 0;
  std::string lesionSegment;    // "segment 2 'tumour'"
  std::vector<PmnHeatmap> heatmaps;
  infer::DeviceChoice device;
  double seconds = 0;
  std::vector<std::string> log;
};

PmnCaseResult runPmnCase(const PmnCaseRequest& request, const core::ProgressSink& progress = {});

// The network's input for one lesion of a case (what runPmnCase and training share): the lesion chosen as
// above, the spec's phases aligned onto the label map's grid, the ROI cut. manifestPath names the model in
// messages about missing phases.
struct PmnCaseInput {
  infer::PmnRoi roi;
  core::Geometry roiGeometry;
  core::TumourMeasurement lesion;
  int lesionCount = 0;
  std::string lesionSegment;
};
PmnCaseInput preparePmnCase(const std::vector<PhaseImage>& phases, const core::LabelMap& labels,
                            const std::string& labelsSource, int lesionId, const infer::PmnInputSpec& spec,
                            const std::string& manifestPath, bool registerPhases, std::vector<std::string>& log,
                            const core::ProgressSink& progress = {});

// The result as JSON (the one schema of `hccws pmn` and case files): probability, class, threshold, per-arm
// risk scores with their definition, distances, ROI box in world coordinates, lesion, model provenance
// (synthetic or not), heatmap files (`heatmapFiles` name -> path, may be empty).
std::string pmnResultJson(const PmnCaseResult& r, const std::vector<std::pair<std::string, std::string>>& heatmapFiles,
                          int indent = 2);

}  // namespace hccws::pipeline
