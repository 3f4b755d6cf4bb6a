#pragma once
// Active contour for one tumour from a seed point (Qt-free), as ITK-SNAP's "snake" with region competition:
// 1. Threshold pre-segmentation chosen from the seed's HU: the mean +- max(k x SD, minHalfWidthHu) of the CT
//    within seedSampleMm of the seed (or a range given by the user).
// 2. A level set grows from a small sphere at the seed (ITK's ThresholdSegmentationLevelSetImageFilter: speed
//    > 0 inside the HU range, < 0 outside, a curvature term that keeps the surface smooth, an edge term from
//    the CT's Laplacian), inside a cube of 2 x maxRadiusMm around the seed (or a box the user gives).
// 3. The connected region (26-connected) holding the seed is the result.
// All distances are world mm on the CT's grid (anisotropic spacing handled by ITK's image spacing).
// Threading: a pure function; progress/cancel through the sink (Cancelled is thrown before any result).
#include <hccws/core/index_box.h>
#include <hccws/core/label_edit.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <optional>
#include <string>

namespace hccws::core {

struct ActiveContourOptions {
  double maxRadiusMm = 40;           // the region searched: a cube of 2 x this around the seed
  std::optional<IndexBox> box;       // or this box (grid indices; must hold the seed)
  std::optional<HuRange> threshold;  // else chosen from the seed's neighbourhood
  double seedSampleMm = 4;           // the neighbourhood sampled for the threshold
  double thresholdSds = 2.5;
  double minHalfWidthHu = 20;
  double initialRadiusMm = 2;        // the sphere the contour starts from (at least 1.2 x the largest spacing)
  double curvatureScaling = 1.0;     // smoothness
  double propagationScaling = 1.0;   // growth inside the range
  double edgeWeight = 0.0;           // Laplacian edge attraction (0 = off)
  int maxIterations = 600;
  double maxRmsChange = 0.001;
};

struct ActiveContourResult {
  Volume<std::uint8_t> mask;  // 1 inside, on the CT's grid (0 outside `box`)
  IndexBox box;               // the region searched
  IndexBox tightBox;          // of the mask's voxels
  HuRange threshold;          // the range used
  std::string thresholdReason;  // e.g. "seed mean 62 HU, SD 14 HU within 4 mm: 27..97 HU"
  int iterations = 0;
  std::size_t voxels = 0;
  double volumeMl = 0;
};

// Throws std::invalid_argument for a seed outside the grid, a box without the seed, or bad options.
ActiveContourResult activeContour(const CtVolume& ct, const Vec3& seedLps, const ActiveContourOptions& options = {},
                                  const ProgressSink& progress = {});

// Writes the mask as rules.label where the rules allow (one edit; e.g. "tumour only inside the liver").
EditResult applyMask(LabelMap& labels, const Volume<std::uint8_t>& mask, const IndexBox& within,
                     const EditRules& rules, ChangeRecorder* recorder);

}  // namespace hccws::core
