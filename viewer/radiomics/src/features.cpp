#include <hccws/radiomics/features.h>

#include "families.h"
#include "roi.h"

namespace hccws::radiomics {

const Feature* FeatureTable::find(const std::string& code, const std::string& aggregation) const {
  for (const Feature& f : features)
    if (f.code == code && f.aggregation == aggregation) return &f;
  return nullptr;
}

FeatureTable computeFeatures(const core::FloatVolume& image, const core::Volume<std::uint8_t>& roiMask,
                             const Settings& settings, const core::ProgressSink& progress) {
  using namespace detail;
  const core::ProgressScope scope(progress, 0.0, 1.0);
  const Roi roi = prepareRoi(image, roiMask, settings, core::ProgressScope(scope.sink(), 0.0, 0.2));
  std::vector<std::string> aggs = settings.aggregations;
  if (aggs.empty()) aggs = {"3D:avg", "3D:mrg", "3D"};
  FeatureTable t;
  t.roi.morphologicalVoxels = roi.countMorph();
  t.roi.intensityVoxels = roi.countIntensity();
  t.roi.greyLevels = roi.ng;
  for (int a = 0; a < 3; ++a) t.roi.spacingMm[a] = roi.spacing[a];
  auto& out = t.features;
  scope.report(0.2, "morphology");
  morphologyFeatures(roi, settings, out);
  scope.report(0.35, "intensity");
  localIntensityFeatures(roi, out);
  intensityStatistics(roi, out);
  intensityHistogram(roi, out);
  intensityVolumeHistogram(roi, settings, out);
  scope.report(0.45, "GLCM");
  glcmFeatures(roi, aggs, out);
  scope.report(0.55, "GLRLM");
  glrlmFeatures(roi, aggs, out);
  scope.report(0.65, "GLSZM");
  glszmFeatures(roi, aggs, out);
  scope.report(0.75, "GLDZM");
  gldzmFeatures(roi, aggs, out);
  scope.report(0.85, "NGTDM");
  ngtdmFeatures(roi, aggs, out);
  scope.report(0.92, "NGLDM");
  ngldmFeatures(roi, aggs, out);
  scope.report(1.0, "done");
  return t;
}

}  // namespace hccws::radiomics
