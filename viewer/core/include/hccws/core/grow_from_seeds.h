#pragma once
// Grow from seeds (Qt-free): the user paints a few strokes per label (liver, tumour, ..., and background) on
// any slices; every label then competes for the voxels of a region of interest along minimum-cost paths, as
// in 3D Slicer's "Grow from seeds" (the shortest-path form of GrowCut, Zhu et al. 2014). Written here from
// that description, not from Slicer's code.
//
// Cost of a path = the sum over its steps between 6-neighbours p -> q of
//   min(|I(p) - I(q)|, maxStepHu) + distanceCostPerMm * step length in mm,
// I = the CT in HU after a Gaussian pre-smoothing (ITK, sigma in mm, so anisotropic grids are handled). Each
// voxel takes the seed value of its cheapest path (ties: the first found). Costs are integers in 1/4 HU, so
// the search is Dial's bucket queue (O(1) per step) instead of a binary heap: on a 512 x 512 x 89 CT this
// is what keeps an update under a second on 2 cores (viewer/core/bench/bench_grow.cpp).
//
// Region of interest: the bounding box of all seeds grown by marginMm on every side (clipped to the grid);
// voxels outside it are not labelled. Memory: 2 bytes per CT voxel (the smoothed CT, made once) and 7 per ROI voxel (cost, winner, smoothed CT).
//
// Incremental updates (live preview): seeds added since the last run only start paths that are cheaper than
// the ones found so far, so an update touches the region where the result can change and the cost is
// proportional to it. A removed or changed seed, or a seed outside the ROI, runs the whole computation again.
// The result is then identical to a full computation from the same seeds (tested).
//
// Seeds: a Volume<uint8_t> on the CT grid: 0 = no seed, kBackgroundSeed = background, any other value = that
// label. At least two different seed values are needed (growing is a competition); otherwise
// std::invalid_argument. Progress/cancel: a ProgressSink is polled every 2^18 voxels; Cancelled is thrown and
// the grower is left empty (the next update is a full one).
#include <hccws/core/index_box.h>
#include <hccws/core/label_edit.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace hccws::core {

inline constexpr std::uint8_t kBackgroundSeed = 255;

struct GrowOptions {
  double smoothingSigmaMm = 2.0;   // Gaussian pre-smoothing of the CT (0 = none)
  double marginMm = 15.0;          // the ROI around the seeds' bounding box
  // HU-equivalents per mm of path: prefers the nearer seed in flat regions. 0 by default: on the real CT of
  // the test (liver Dice from 5 slices of strokes) any distance term lowered the Dice (1.0: 0.92 -> 0.88).
  double distanceCostPerMm = 0.0;
  int maxStepHu = 400;             // cap on one step's intensity difference
};

struct GrowUpdate {
  IndexBox changed;            // voxels whose winner changed (grid indices)
  std::size_t visitedVoxels = 0;  // voxels settled by the search (the work done)
  bool full = false;           // a whole computation (not an incremental one)
};

class SeedGrower {
 public:
  explicit SeedGrower(const CtVolume& ct, GrowOptions options = {});
  ~SeedGrower();
  SeedGrower(const SeedGrower&) = delete;
  SeedGrower& operator=(const SeedGrower&) = delete;

  // Brings the result up to date with `seeds` (same grid as the CT): incremental when only seeds were added
  // inside the current ROI, else a whole computation (forceFull: always).
  GrowUpdate update(const Volume<std::uint8_t>& seeds, const ProgressSink& progress = {}, bool forceFull = false);

  bool hasResult() const;
  IndexBox roi() const;
  const Geometry& geometry() const;  // the CT's grid
  // The seed values of the current result other than the background (the labels that can win a voxel).
  const std::vector<std::uint8_t>& seedLabels() const;
  // Winning seed value of a grid voxel (0 outside the ROI or before the first update).
  std::uint8_t winner(std::size_t i, std::size_t j, std::size_t k) const;
  // The result on the CT grid: the winning seed value inside the ROI (kBackgroundSeed where the background
  // won), 0 outside it.
  Volume<std::uint8_t> resultVolume() const;
  const GrowOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

// Writes the grower's result into the label map as one edit: inside the ROI, a voxel that holds 0 or one of
// the seeded labels becomes the label that won it (0 where the background won); other labels' voxels and
// locked labels are never changed; rules.editable / huRange limit the writes as for every edit
// (rules.label is ignored). Throws std::invalid_argument when the grower has no result or another grid.
EditResult applyGrowResult(LabelMap& labels, const SeedGrower& grower, const EditRules& rules,
                           ChangeRecorder* recorder);

}  // namespace hccws::core
