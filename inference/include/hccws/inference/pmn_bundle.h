#pragma once
// A PMN model bundle (docs/pmn.md "Bundle"): a folder with manifest.json ("format": "hccws-pmn-bundle") and one
// safetensors weights file. The manifest holds the network's hyper-parameters, the ROI recipe, the decision
// threshold, the published nomogram cut-offs (with the scale they belong to), whether the model is synthetic,
// and how it was made. Torch-free.
#include <hccws/inference/pmn.h>
#include <hccws/inference/pmn_roi.h>

#include <string>
#include <vector>

namespace hccws::infer {

struct PmnCutoff {
  std::string arm;     // "HAIC", "TACE"
  double value = 0;    // e.g. -22.34
  std::string scale;   // what the value is measured on, e.g. the paper's nomogram total score
  std::string source;  // where it comes from
};

struct PmnManifest {
  int formatVersion = 1;
  std::string name, version, description;
  bool synthetic = true;      // trained on phantoms: shown as "synthetic" wherever its numbers appear
  std::string intendedUse;    // e.g. "demonstration only; not for clinical use"
  PmnNetworkConfig network;
  PmnInputSpec input;
  std::string weightsFile = "weights.safetensors";  // relative to the bundle
  std::string weightsSha256;
  double classThreshold = 0.5;  // p(proliferative) >= threshold: proliferative
  std::vector<PmnCutoff> cutoffs;
  std::string provenance;       // how it was made: command, seed, data, date, time taken
  std::string trainingData;
  std::string license;
};

struct PmnBundle {
  std::string directory;
  PmnManifest manifest;
  std::string weightsPath;  // absolute
};

// Refuses a wrong bundle with InferenceError naming the file and the key (format, ranges, the ROI side not a
// multiple of the patch stride, channels that do not add up to the network's input, a missing or non-regular
// weights file, a SHA-256 mismatch when verifyChecksum).
PmnBundle loadPmnBundle(const std::string& directory, bool verifyChecksum = true);

// Writes manifest.json (atomic), with the weights file's SHA-256 computed here.
void writePmnManifest(const std::string& directory, PmnManifest m);

// The published cut-offs of Cao et al. 2025 (HAIC -22.34, TACE -26.25, on their nomogram's total-score scale).
std::vector<PmnCutoff> publishedPmnCutoffs();

}  // namespace hccws::infer
