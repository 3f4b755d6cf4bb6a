#pragma once
// Private: one function per IBSI feature family. Each appends its features (name, code, aggregation) to
// `out`; a feature that cannot be computed on this ROI is appended with NaN and a note saying why.
#include "roi.h"

#include <hccws/radiomics/features.h>

#include <string>
#include <vector>

namespace hccws::radiomics::detail {

struct Sink {
  std::vector<Feature>& out;
  std::string family;
  std::string aggregation;
  void add(const char* name, const char* code, double value, const char* unit = "", std::string note = {}) const {
    out.push_back({family, name, code, aggregation, value, unit, std::move(note)});
  }
};

void morphologyFeatures(const Roi& roi, const Settings& s, std::vector<Feature>& out);
void localIntensityFeatures(const Roi& roi, std::vector<Feature>& out);
void intensityStatistics(const Roi& roi, std::vector<Feature>& out);
void intensityHistogram(const Roi& roi, std::vector<Feature>& out);
void intensityVolumeHistogram(const Roi& roi, const Settings& s, std::vector<Feature>& out);
void glcmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void glrlmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
// GLSZM and GLDZM together: both come from one labelling of the zones.
void zoneFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void ngtdmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void ngldmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);

// Helpers shared by the families.
bool wants(const std::vector<std::string>& aggregations, const std::string& a);
// Number of slices along the roi's slice axis, and the slice of a voxel.
long sliceCount(const Roi& roi);

}  // namespace hccws::radiomics::detail
