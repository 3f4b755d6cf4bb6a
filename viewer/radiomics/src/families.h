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
void glszmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void gldzmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void ngtdmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);
void ngldmFeatures(const Roi& roi, const std::vector<std::string>& aggregations, std::vector<Feature>& out);

// Helpers shared by the families.
bool wants(const std::vector<std::string>& aggregations, const std::string& a);
// Sample quantile, R's type 7 (linear between order statistics); v sorted ascending, not empty.
double quantile7(const std::vector<double>& sorted, double p);
// Number of slices along the roi's slice axis, and the slice of a voxel.
long sliceCount(const Roi& roi);

}  // namespace hccws::radiomics::detail
