// One JSON schema for measurements, shared by the CLI, truth.json and reports.
#include "measurements_json.h"

namespace hccws::core {

namespace {
// A value measured on a segment, or null when its role has no segment (never a silent 0).
template <typename T>
nlohmann::json orNull(bool measured, T value) {
  return measured ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json tumourJson(const TumourMeasurement& t) {
  return {{"id", t.id},
          {"volume_ml", t.volumeMl},
          {"voxels", t.voxels},
          {"diameter_3d_mm", t.diameter3dMm},
          {"axial_diameter_mm", t.axialDiameterMm},
          {"centroid_lps", {t.centroidLps[0], t.centroidLps[1], t.centroidLps[2]}},
          {"touches_liver", t.touchesLiver}};
}
}  // namespace

nlohmann::json measurementsToJson(const Measurements& m) {
  nlohmann::json j;
  const bool tumour = m.tumourMeasured, both = m.tumourMeasured && m.liverMeasured;
  j["liver_volume_ml"] = orNull(m.liverMeasured, m.liverVolumeMl);
  j["tumour_count"] = orNull(tumour, m.tumourCount);
  j["tumour_count_inside_liver_only"] = m.countedInsideLiver;
  j["tumour_volume_ml"] = orNull(tumour, m.tumourVolumeMl);
  j["tumour_burden_percent"] = orNull(both, m.tumourBurdenPercent);
  j["largest_diameter_3d_mm"] = orNull(tumour, m.largestDiameter3dMm);
  j["largest_axial_diameter_mm"] = orNull(tumour, m.largestAxialDiameterMm);
  j["pvtt_present"] = orNull(m.pvttMeasured, m.pvttPresent);
  j["pvtt_volume_ml"] = orNull(m.pvttMeasured, m.pvttVolumeMl);
  auto& segs = j["segments"];
  for (LabelRole role : {LabelRole::Liver, LabelRole::Tumour, LabelRole::Pvtt}) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& s : m.roles.segments(role)) values.push_back({{"value", s.value}, {"name", s.name}});
    const std::string key = role == LabelRole::Pvtt ? "pvtt" : roleName(role);
    segs[key] = {{"measured", m.roles.has(role)}, {"source", m.source(role)}, {"values", values}};
  }
  nlohmann::json other = nlohmann::json::array();
  for (const auto& s : m.roles.other) other.push_back({{"value", s.value}, {"name", s.name}});
  segs["not_used"] = other;
  j["ignored_components"] = m.ignoredComponents;
  j["ignored_volume_ml"] = m.ignoredVolumeMl;
  j["connectivity"] = m.options.connectivity == Connectivity::Full26 ? 26 : 6;
  j["min_tumour_ml"] = m.options.minTumourMl;
  j["definitions"] =
      "volumes = voxel count x voxel volume; tumours = connected components of the tumour label (connectivity "
      "above, components below min_tumour_ml ignored); diameters = largest distance between boundary voxel "
      "centres plus one voxel width along that direction (3D, and within an axial slice); burden = tumour / "
      "(liver + tumour) x 100; segments found by name (liver, tumour/tumor/lesion/HCC, PVTT/portal vein "
      "(tumour) thrombus); with a liver segment only tumour components touching the liver are counted";
  auto& tumours = j["tumours"] = nlohmann::json::array();
  for (const auto& t : m.tumours) tumours.push_back(tumourJson(t));
  auto& outside = j["tumours_outside_liver"] = nlohmann::json::array();
  for (const auto& t : m.outsideLiver) outside.push_back(tumourJson(t));
  return j;
}

std::string measurementsJson(const Measurements& m, int indent) { return measurementsToJson(m).dump(indent); }

}  // namespace hccws::core
