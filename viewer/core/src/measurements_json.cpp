// One JSON schema for measurements, shared by the CLI, truth.json and reports.
#include "measurements_json.h"

namespace hccws::core {

nlohmann::json measurementsToJson(const Measurements& m) {
  nlohmann::json j;
  j["liver_volume_ml"] = m.liverVolumeMl;
  j["tumour_count"] = m.tumourCount;
  j["tumour_volume_ml"] = m.tumourVolumeMl;
  j["tumour_burden_percent"] = m.tumourBurdenPercent;
  j["largest_diameter_3d_mm"] = m.largestDiameter3dMm;
  j["largest_axial_diameter_mm"] = m.largestAxialDiameterMm;
  j["pvtt_present"] = m.pvttPresent;
  j["pvtt_volume_ml"] = m.pvttVolumeMl;
  j["ignored_components"] = m.ignoredComponents;
  j["ignored_volume_ml"] = m.ignoredVolumeMl;
  j["connectivity"] = m.options.connectivity == Connectivity::Full26 ? 26 : 6;
  j["min_tumour_ml"] = m.options.minTumourMl;
  j["definitions"] =
      "volumes = voxel count x voxel volume; tumours = connected components of the tumour label (connectivity "
      "above, components below min_tumour_ml ignored); diameters = largest distance between boundary voxel "
      "centres plus one voxel width along that direction (3D, and within an axial slice); burden = tumour / "
      "(liver + tumour) x 100";
  auto& tumours = j["tumours"] = nlohmann::json::array();
  for (const auto& t : m.tumours)
    tumours.push_back({{"id", t.id},
                       {"volume_ml", t.volumeMl},
                       {"voxels", t.voxels},
                       {"diameter_3d_mm", t.diameter3dMm},
                       {"axial_diameter_mm", t.axialDiameterMm},
                       {"centroid_lps", {t.centroidLps[0], t.centroidLps[1], t.centroidLps[2]}}});
  return j;
}

std::string measurementsJson(const Measurements& m, int indent) { return measurementsToJson(m).dump(indent); }

}  // namespace hccws::core
