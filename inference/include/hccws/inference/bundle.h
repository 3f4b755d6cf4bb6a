#pragma once
// Model bundle: a folder holding manifest.json, the nnU-Net plans.json and dataset.json it was trained with,
// and one safetensors weights file per fold. Format documented in docs/inference.md. Torch-free.
//
// loadBundle() refuses a wrong bundle with InferenceError naming the file: missing manifest or listed file,
// unreadable or non-UTF-8 JSON, a missing key or a value of the wrong type or out of its range (named by key,
// limits.h), unknown format version, a listed file that is not a regular file (FIFO, device), SHA-256
// mismatch, plans that disagree with the manifest (spacing, patch size, channel count). orderInputs()
// refuses inputs whose phases do not match the channels.
#include <hccws/inference/plans.h>
#include <hccws/inference/types.h>

#include <string>
#include <vector>

namespace hccws::infer {

struct BundleChannel {
  int index = 0;
  std::string phase;          // "arterial", "portal_venous", "delayed", "native"
  std::string normalization;  // "CTNormalization", ...
};

struct BundleWeights {
  int fold = 0;
  std::string file;    // absolute path after loading
  std::string sha256;  // lower-case hex, from the manifest
};

struct ModelManifest {
  int formatVersion = 1;
  std::string name, version, task, architecture;
  std::string description, provenance, trainingData, license;
  std::string configuration = "3d_fullres";
  std::string plansFile = "plans.json", datasetFile = "dataset.json";
  std::vector<BundleChannel> channels;
  std::array<double, 3> targetSpacingZyx{1, 1, 1};
  std::array<int, 3> patchSizeZyx{128, 128, 128};
  std::vector<std::string> labels;  // index = value
  std::vector<BundleWeights> weights;
};

struct ModelBundle {
  std::string directory;
  ModelManifest manifest;
  NnunetPlan plan;
};

// Channel declarations: at least one, at most kMaxInputChannels (limits.h), indices 0..n-1 each once, a
// non-empty phase name each, each name once. Throws InferenceError(where, ...) naming the index or phase.
// loadBundle, orderInputs and writeManifest call it: the indices address the ordered inputs.
void validateChannels(const ModelManifest& manifest, const std::string& where);

// verifyChecksums=false skips hashing (a few seconds for large weights); the files must still exist.
ModelBundle loadBundle(const std::string& directory, bool verifyChecksums = true);

// The phases the bundle needs, in channel order: manifest.json's "channels" is the bundle's declaration of its
// inputs (one CT phase per network input channel; a single-channel CT model lists one phase).
std::vector<std::string> requiredPhases(const ModelManifest& manifest);
// The required phases that `available` lacks, in channel order (empty: the bundle can run on them). Phases in
// `available` that the bundle does not use are ignored here (orderInputs refuses them).
std::vector<std::string> missingPhases(const ModelManifest& manifest, const std::vector<std::string>& available);

// Orders `inputs` as the bundle's channels by their phase names (an input without a phase is accepted for a
// single-channel bundle). Throws InferenceError when a phase is missing (the message names the missing ones
// and the phases given), duplicated or not used by the bundle, or when the grids differ.
std::vector<const InputImage*> orderInputs(const ModelBundle& bundle, const std::vector<InputImage>& inputs);

// Writes manifest.json for `m` into `directory` (used by the training command and tests); computes the
// SHA-256 of every weights file listed (paths relative to the directory).
void writeManifest(const std::string& directory, ModelManifest m);

}  // namespace hccws::infer
