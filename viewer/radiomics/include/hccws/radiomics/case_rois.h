#pragma once
// The regions a case's radiomics are computed on, from its segmentation: all tumour voxels, each lesion (the
// same lesions as the measurements: 26-connected tumour components touching the liver, largest first), the
// liver (its own label, tumour excluded) and the peritumoral ring. Segments are found by their names through
// the label-role table (core/label_roles.h), so any segmentation with named segments works.
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/radiomics/features.h>
#include <hccws/radiomics/ring.h>

#include <string>
#include <vector>

namespace hccws::radiomics {

struct RoiRequest {
  bool tumour = true;
  bool lesions = true;
  bool liver = true;
  double ringMm = 6.0;  // 0: no ring
  bool ringCutToLiver = true;
  double minLesionMl = 0.1;  // as the measurements
};

struct CaseRoi {
  std::string id;           // "tumour", "lesion_1", "liver", "ring_6mm" (file and column friendly)
  std::string description;  // "all tumour voxels (segment 'Tumour', value 2)", ...
  core::Volume<std::uint8_t> mask;
};

// Throws std::invalid_argument when a requested ROI's segment is missing (naming the role and the segments
// found); empty ROIs (a ring without liver around the tumour) are left out with a note in `skipped`.
std::vector<CaseRoi> caseRois(const core::LabelMap& labels, const RoiRequest& request, std::vector<std::string>* skipped,
                              const core::ProgressSink& progress = {});

// The features of every ROI on one phase's image (real values: HU for CT, MRI's own units). A ROI on another grid
// is carried over in world coordinates (nearest neighbour; `resampled` says so). A ROI that cannot be computed on
// this phase (empty after re-segmentation, ...) comes back with `error` set and no table. Cancelled propagates.
struct RoiFeatures {
  const CaseRoi* roi = nullptr;
  bool resampled = false;
  FeatureTable table;
  std::string error;
};
std::vector<RoiFeatures> computeRoiFeatures(const core::FloatVolume& image, const std::vector<CaseRoi>& rois,
                                            const Settings& settings, const core::ProgressSink& progress = {});

// A ring ROI as a one-label map ("Peritumoral ring <w> mm", amber) for display and files.
core::LabelMap ringLabelMap(const CaseRoi& ring, double widthMm);

}  // namespace hccws::radiomics
