#include <hccws/radiomics/settings.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hccws::radiomics {

const std::vector<std::string>& allAggregations() {
  static const std::vector<std::string> a = {"2D:avg", "2D:mrg", "2.5D:avg", "2.5D:mrg", "3D:avg",
                                             "3D:mrg", "2D",     "2.5D",      "3D"};
  return a;
}

void Settings::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("radiomics settings: " + what); };
  if (isotropicMm && !(*isotropicMm > 0 && *isotropicMm <= 50)) bad("isotropic_mm must lie in (0, 50]");
  if (!(maskThreshold > 0 && maskThreshold <= 1)) bad("mask_threshold must lie in (0, 1]");
  if (resegmentLower && resegmentUpper && *resegmentLower > *resegmentUpper)
    bad("resegment_lower is above resegment_upper");
  if ((resegmentLower && !std::isfinite(*resegmentLower)) || (resegmentUpper && !std::isfinite(*resegmentUpper)))
    bad("re-segmentation bounds must be finite");
  if (discretisation == Discretisation::FixedBinNumber && (binNumber < 1 || binNumber > 1024))
    bad("bin_number must lie in [1, 1024]");
  if (discretisation == Discretisation::FixedBinSize && !(binWidth > 0 && std::isfinite(binWidth)))
    bad("bin_width must be positive");
  if (!(ivhBinWidth >= 0 && std::isfinite(ivhBinWidth))) bad("ivh_bin_width must be 0 or positive");
  if (spatialMaxVoxels < 0) bad("spatial_max_voxels must not be negative");
  if (sliceAxis < 0 || sliceAxis > 2) bad("slice_axis must be 0, 1 or 2");
  for (const auto& a : aggregations)
    if (std::find(allAggregations().begin(), allAggregations().end(), a) == allAggregations().end())
      bad("unknown aggregation \"" + a + "\"");
}

std::string Settings::toJson() const {
  nlohmann::ordered_json j;
  j["standard"] = "IBSI 1 (image biomarker standardisation initiative), feature names and codes";
  j["isotropic_mm"] = isotropicMm ? nlohmann::ordered_json(*isotropicMm) : nlohmann::ordered_json(nullptr);
  j["image_interpolation"] = "trilinear";
  j["mask_interpolation"] = "trilinear";
  j["mask_threshold"] = maskThreshold;
  j["round_intensities"] = roundIntensities;
  j["grid_alignment"] = "centre of the ROI's bounding box";
  j["resegment_lower"] = resegmentLower ? nlohmann::ordered_json(*resegmentLower) : nlohmann::ordered_json(nullptr);
  j["resegment_upper"] = resegmentUpper ? nlohmann::ordered_json(*resegmentUpper) : nlohmann::ordered_json(nullptr);
  j["discretisation"] = discretisation == Discretisation::FixedBinNumber ? "fixed_bin_number" : "fixed_bin_size";
  j["bin_number"] = binNumber;
  j["bin_width"] = binWidth;
  j["ivh_bin_width"] = ivhBinWidth;
  j["spatial_max_voxels"] = spatialMaxVoxels;
  j["aggregations"] = aggregations.empty() ? std::vector<std::string>{"3D:avg", "3D:mrg", "3D"} : aggregations;
  j["slice_axis"] = sliceAxis;
  j["glcm_distance"] = 1;
  j["neighbourhood"] = "Chebyshev distance 1 (26 voxels in 3D, 8 in a slice)";
  j["ngldm_alpha"] = 0;
  j["gldzm_distance"] = "city block to the morphological mask's edge";
  return j.dump(2) + "\n";
}

Settings Settings::fromJson(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("radiomics settings: not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object()) throw std::invalid_argument("radiomics settings: not a JSON object");
  Settings s;
  static const std::vector<std::string> fixed = {"standard", "image_interpolation", "mask_interpolation",
                                                 "grid_alignment", "glcm_distance", "neighbourhood",
                                                 "ngldm_alpha", "gldzm_distance"};
  auto num = [&](const std::string& key) -> double {
    if (!j[key].is_number()) throw std::invalid_argument("radiomics settings: \"" + key + "\" must be a number");
    const double v = j[key].get<double>();
    if (!std::isfinite(v)) throw std::invalid_argument("radiomics settings: \"" + key + "\" must be finite");
    return v;
  };
  // Whole numbers checked before the conversion (a huge value would be an undefined cast).
  auto whole = [&](const std::string& key, double lo, double hi) -> double {
    const double v = num(key);
    if (v != std::floor(v) || v < lo || v > hi)
      throw std::invalid_argument("radiomics settings: \"" + key + "\" must be a whole number in [" +
                                  std::to_string(static_cast<long long>(lo)) + ", " + std::to_string(static_cast<long long>(hi)) + "]");
    return v;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "isotropic_mm") {
      if (!it->is_null()) s.isotropicMm = num(k);
    } else if (k == "mask_threshold") {
      s.maskThreshold = num(k);
    } else if (k == "round_intensities") {
      if (!it->is_boolean()) throw std::invalid_argument("radiomics settings: \"round_intensities\" must be true or false");
      s.roundIntensities = it->get<bool>();
    } else if (k == "resegment_lower") {
      if (!it->is_null()) s.resegmentLower = num(k);
    } else if (k == "resegment_upper") {
      if (!it->is_null()) s.resegmentUpper = num(k);
    } else if (k == "discretisation") {
      const std::string v = it->is_string() ? it->get<std::string>() : "";
      if (v == "fixed_bin_number") s.discretisation = Discretisation::FixedBinNumber;
      else if (v == "fixed_bin_size") s.discretisation = Discretisation::FixedBinSize;
      else throw std::invalid_argument("radiomics settings: \"discretisation\" must be fixed_bin_number or fixed_bin_size");
    } else if (k == "bin_number") {
      s.binNumber = static_cast<int>(whole(k, 1, 1024));
    } else if (k == "bin_width") {
      s.binWidth = num(k);
    } else if (k == "ivh_bin_width") {
      s.ivhBinWidth = num(k);
    } else if (k == "spatial_max_voxels") {
      s.spatialMaxVoxels = static_cast<long long>(whole(k, 0, 1e12));
    } else if (k == "slice_axis") {
      s.sliceAxis = static_cast<int>(whole(k, 0, 2));
    } else if (k == "aggregations") {
      if (!it->is_array()) throw std::invalid_argument("radiomics settings: \"aggregations\" must be a list");
      for (const auto& a : *it) {
        if (!a.is_string()) throw std::invalid_argument("radiomics settings: \"aggregations\" must hold names");
        s.aggregations.push_back(a.get<std::string>());
      }
    } else if (std::find(fixed.begin(), fixed.end(), k) == fixed.end()) {
      throw std::invalid_argument("radiomics settings: unknown key \"" + k + "\"");
    }
  }
  s.validate();
  return s;
}

}  // namespace hccws::radiomics
