#pragma once
// Clinical measurements from a label map: liver volume, tumour count, per-tumour volume and diameters,
// tumour burden. These feed the survival nomograms (lesion number, largest diameter), so they are tested
// on shapes with known answers.
//
// Definitions (all in the label map's world frame, mm and mL):
// - Volumes: voxel count x voxel volume. 1 mL = 1000 mm^3.
// - Tumours: connected components of the tumour label, 26-connected by default (a lesion that touches
//   itself only at a corner is still one lesion; 6-connectivity is available). Components smaller than
//   `minTumourMl` are ignored entirely (not counted, no volume, no diameters) and reported separately.
// - Largest 3D diameter: the largest distance between the centres of two boundary voxels of one tumour,
//   plus the voxel's width along that direction (w = 1 / |diag(1/spacing) u|, i.e. the spacing itself along
//   an index axis), so that it estimates the edge-to-edge extent a radiologist measures. On a voxelised
//   sphere of diameter D this is within one voxel of D. Exact search over the hull candidates (the union of
//   each slice's 2D convex hull), pruned by distance to the centroid.
// - Largest axial diameter: the same within one slice of the index (i, j) plane (the axial plane of an
//   axial acquisition), the maximum over slices.
// - Tumour burden: tumour volume / (liver volume + tumour volume) x 100, because the liver label excludes
//   the tumour (one label per voxel). PVTT is reported separately and in neither term.
// - Segments by name (label_roles.h): liver, tumour and PVTT are the segments whose names say so, never
//   values 1/2/3 by convention. A role without a segment is not measured (`*Measured` false, value 0 means
//   nothing); PVTT "absent" is a measurement only when a PVTT segment exists. Explicit values in the options
//   (the user's `--pvtt-label 3`) override the names.
// - Lesions inside the liver: when a liver segment exists and has voxels, a tumour component counts as a lesion only when it
//   touches the liver (a liver voxel among the 6 face neighbours of one of its voxels); components that do
//   not (a false positive in the abdominal wall) are listed in `outsideLiver`, not counted and not in the
//   tumour volume or burden. Without a (non-empty) liver segment every component counts and `countedInsideLiver` is
//   false, which every output states.
// Threading: pure function of its input; safe to call concurrently.
#include <hccws/core/geometry.h>
#include <hccws/core/label_map.h>
#include <hccws/core/label_roles.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

enum class Connectivity { Face6, Full26 };

struct MeasurementOptions {
  // Explicit values override the segment names for a role (empty: by name, the default).
  std::optional<std::uint8_t> liverLabel, tumourLabel, pvttLabel;
  Connectivity connectivity = Connectivity::Full26;
  double minTumourMl = 0.1;  // ~5.8 mm sphere: below that, usually segmentation specks
  bool keepVoxelIndices = false;  // fill TumourMeasurement::voxelIndices (the PMN cuts its ROI around one lesion)
};

struct TumourMeasurement {
  int id = 0;  // 1-based, by decreasing volume
  std::size_t voxels = 0;
  double volumeMl = 0;
  double diameter3dMm = 0;
  double axialDiameterMm = 0;
  Vec3 centroidLps{0, 0, 0};
  bool touchesLiver = false;  // false also when there is no liver segment
  std::vector<std::size_t> voxelIndices;  // linear indices (i fastest); only with keepVoxelIndices
};

struct Measurements {
  double liverVolumeMl = 0;   // liver label only (excludes tumour)
  double tumourVolumeMl = 0;  // counted tumours
  int tumourCount = 0;
  std::vector<TumourMeasurement> tumours;  // largest first
  double largestDiameter3dMm = 0;
  double largestAxialDiameterMm = 0;
  double tumourBurdenPercent = 0;  // tumour / (liver + tumour) x 100; 0 when both are empty
  double pvttVolumeMl = 0;
  bool pvttPresent = false;
  int ignoredComponents = 0;  // tumour components below minTumourMl
  double ignoredVolumeMl = 0;
  std::vector<TumourMeasurement> outsideLiver;  // tumour components that do not touch the liver (not counted)
  // Which segments were measured; a role without one is not measured and its numbers above mean nothing.
  LabelRoles roles;
  bool liverMeasured = false, tumourMeasured = false, pvttMeasured = false;
  bool countedInsideLiver = false;  // lesions counted only inside the liver (a liver segment exists)
  MeasurementOptions options;

  // Where a measured value comes from, in words: "segment 2 'tumour' of this segmentation".
  std::string source(LabelRole role) const;
};

Measurements measure(const LabelMap& labels, const MeasurementOptions& options = {});

// The measurements as JSON text (the one schema used by `hccws measure --json`, truth.json and reports):
// liver_volume_ml, tumour_count, tumour_volume_ml, tumour_burden_percent, largest_diameter_3d_mm,
// largest_axial_diameter_mm, pvtt_present, pvtt_volume_ml, ignored_components, ignored_volume_ml,
// connectivity, min_tumour_ml, definitions, tumours [{id, volume_ml, voxels, diameter_3d_mm,
// axial_diameter_mm, centroid_lps}], tumours_outside_liver [same], and `segments`: per role (liver, tumour,
// pvtt) {measured, source, values}; a role that was not measured has measured false and its values are null.
std::string measurementsJson(const Measurements& m, int indent = 2);

// Diameters of an arbitrary point set given as voxel indices on `geometry` (exposed for tests and tools).
// `voxels` are linear indices (i fastest) of one object.
double largestDiameter3dMm(const Geometry& geometry, const std::vector<std::size_t>& voxels);
double largestAxialDiameterMm(const Geometry& geometry, const std::vector<std::size_t>& voxels);

}  // namespace hccws::core
