#pragma once
// Radiomic features of one region of interest on one image, as defined by the Image Biomarker
// Standardisation Initiative (IBSI 1 reference manual): morphology, local intensity, intensity statistics,
// intensity histogram, intensity-volume histogram, GLCM, GLRLM, GLSZM, GLDZM, NGTDM and NGLDM, named with
// IBSI's feature names and four-letter codes. Checked against IBSI's digital phantom in tests
// (tests/radiomics, docs/radiomics.md lists which features match).
//
// Input: an image of any voxel type converted to float (CT in HU, MRI in arbitrary units: nothing assumes
// HU) and a binary ROI mask on the same grid. Pure function of its arguments; synchronous; progress is reported
// from the calling thread (throws hccws::core::Cancelled when the sink says stop).
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>
#include <hccws/radiomics/settings.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hccws::radiomics {

struct Feature {
  std::string family;       // IBSI family, e.g. "morphology", "glcm"
  std::string name;         // IBSI feature name, e.g. "Volume (mesh)"
  std::string code;         // IBSI code of the feature, e.g. "RNU0"
  std::string aggregation;  // "" (not a texture feature), "2D:avg", ..., "3D"
  double value = 0.0;
  std::string unit;         // "mm3", "mm2", "mm", "" (dimensionless or intensity units: see note)
  std::string note;         // why a value is absent (value is NaN), e.g. "ROI has more than 20000 voxels"
};

struct RoiSummary {
  long long morphologicalVoxels = 0;  // voxels of the ROI after interpolation
  long long intensityVoxels = 0;      // after re-segmentation
  int greyLevels = 0;                 // Ng after discretisation
  double spacingMm[3] = {0, 0, 0};    // grid the features were computed on
};

struct FeatureTable {
  std::vector<Feature> features;
  RoiSummary roi;
  const Feature* find(const std::string& code, const std::string& aggregation = {}) const;
};

// Throws std::invalid_argument when the mask is on another grid or empty, or the settings are invalid.
// The families run on `threads` threads (0: up to 2, the hardware's count); the result does not depend on it.
FeatureTable computeFeatures(const core::FloatVolume& image, const core::Volume<std::uint8_t>& roiMask,
                             const Settings& settings, const core::ProgressSink& progress = {}, unsigned threads = 0);

// Convenience: the image as float (CT, MRI of any integer type).
template <typename T>
core::FloatVolume toFloat(const core::Volume<T>& v) {
  std::vector<float> d(v.buffer().begin(), v.buffer().end());
  return core::FloatVolume(v.geometry(), std::move(d));
}

}  // namespace hccws::radiomics
