#include <hccws/inference/pmn_bundle.h>

#include <hccws/inference/sha256.h>

#include "input_file.h"
#include "json_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace hccws::infer {

namespace {
constexpr const char* kFormat = "hccws-pmn-bundle";

std::string joinPath(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}
}  // namespace

std::vector<PmnCutoff> publishedPmnCutoffs() {
  const std::string scale = "total score of the published nomogram (Cao et al. 2025, X-tile); not this model's "
                            "risk-score scale";
  const std::string source = "Cao F et al. NPJ Digit Med 2025;8:692 (../shared/docs/science.md)";
  return {{"HAIC", -22.34, scale, source}, {"TACE", -26.25, scale, source}};
}

PmnBundle loadPmnBundle(const std::string& directory, bool verifyChecksum) {
  const std::string path = joinPath(directory, "manifest.json");
  const nlohmann::json doc = readJsonFile(path);
  const JsonField root(doc, path);
  if (!root.isObject()) root.fail("must be a JSON object");
  if (!root.has("format") || root["format"].str() != kFormat)
    throw InferenceError(path, std::string("is not a PMN bundle manifest ('format' must be \"") + kFormat + "\")");
  PmnBundle b;
  b.directory = directory;
  PmnManifest& m = b.manifest;
  m.formatVersion = root["format_version"].integer32(1, 1000);
  if (m.formatVersion != 1)
    throw InferenceError(path, "format_version " + std::to_string(m.formatVersion) +
                                   " is newer than this workstation reads (1): update the workstation");
  m.name = root["name"].str();
  m.version = root.str("version", "");
  m.description = root.str("description", "");
  m.synthetic = root["synthetic"].boolean();
  m.intendedUse = root.str("intended_use", "");
  m.provenance = root.str("provenance", "");
  m.trainingData = root.str("training_data", "");
  m.license = root.str("license", "");
  m.network = readPmnNetworkConfig(path, "network");
  const JsonField in = root["input"];
  m.input.phases.clear();
  for (const auto& p : in["phases"].list(1, 4)) m.input.phases.push_back(p.str());
  m.input.maskChannel = in["mask_channel"].boolean();
  m.input.roiVoxels = in["roi_voxels"].integer32(3, 256);
  m.input.spacingMm = in["spacing_mm"].number(0.05, 50);
  const auto w = in["window_hu"].list(2, 2);
  m.input.windowHu = {w[0].number(-5000, 50000), w[1].number(-5000, 50000)};
  if (!(m.input.windowHu[1] > m.input.windowHu[0])) in["window_hu"].fail("must be [low, high] with low < high");
  const int channels = static_cast<int>(m.input.phases.size()) + (m.input.maskChannel ? 1 : 0);
  if (channels != m.network.inChannels)
    throw InferenceError(path, "'input' gives " + std::to_string(channels) + " channels (phases" +
                                   (m.input.maskChannel ? " + mask" : "") + ") but 'network.in_channels' is " +
                                   std::to_string(m.network.inChannels));
  if (m.network.pooling == "mask" && !m.input.maskChannel)
    throw InferenceError(path, "'network.pooling' is 'mask' but 'input.mask_channel' is false: the network pools over "
                               "the lesion mask channel");
  if (m.input.roiVoxels % m.network.patchStride != 0)
    throw InferenceError(path, "'input.roi_voxels' " + std::to_string(m.input.roiVoxels) +
                                   " is not a multiple of 'network.patch_stride' " + std::to_string(m.network.patchStride));
  const JsonField out = root["outputs"];
  m.classThreshold = out["class_threshold"].number(0, 1);
  m.cutoffs.clear();
  if (out.has("nomogram_cutoffs"))
    for (const auto& c : out["nomogram_cutoffs"].list(0, 8))
      m.cutoffs.push_back({c["arm"].str(), c["value"].number(-1e6, 1e6), c["scale"].str(), c["source"].str()});
  const JsonField wt = root["weights"];
  m.weightsFile = wt["file"].str();
  m.weightsSha256 = wt["sha256"].str();
  if (m.weightsFile.empty() || m.weightsFile.find("..") != std::string::npos || m.weightsFile[0] == '/')
    wt["file"].fail("must be a file name inside the bundle folder");
  b.weightsPath = std::filesystem::absolute(joinPath(directory, m.weightsFile)).string();
  const std::string why = detail::notRegularFileReason(b.weightsPath);
  if (!why.empty()) throw InferenceError(b.weightsPath, "weights file " + why);
  if (verifyChecksum) {
    const std::string got = sha256File(b.weightsPath);
    if (got != m.weightsSha256)
      throw InferenceError(b.weightsPath, "checksum mismatch: the file is corrupt or not the one the manifest describes",
                           "sha256 " + got + ", manifest says " + m.weightsSha256);
  }
  return b;
}

void writePmnManifest(const std::string& directory, PmnManifest m) {
  const std::string path = joinPath(directory, "manifest.json");
  validatePmnNetworkConfig(m.network, path);
  const auto& n = m.network;
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["format_version"] = 1;
  j["name"] = m.name;
  j["version"] = m.version;
  j["description"] = m.description;
  j["synthetic"] = m.synthetic;
  j["intended_use"] = m.intendedUse;
  j["network"] = {{"in_channels", n.inChannels},   {"patch_stride", n.patchStride},
                  {"embed_dim", n.embedDim},       {"conv_blocks", n.convBlocks},
                  {"mamba_layers", n.mambaLayers}, {"d_state", n.dState},
                  {"d_conv", n.dConv},             {"expand", n.expand},
                  {"dt_rank", n.dtRank},           {"directions", n.directions},
                  {"proto_dim", n.protoDim},       {"prototypes_per_class", n.prototypesPerClass},
                  {"arms", n.arms},                {"gamma", n.gamma},
                  {"prototype_loss_weight", n.prototypeLossWeight}, {"scan_chunk", n.scanChunk},
                  {"pooling", n.pooling}};
  j["input"] = {{"phases", m.input.phases},
                {"mask_channel", m.input.maskChannel},
                {"roi_voxels", m.input.roiVoxels},
                {"spacing_mm", m.input.spacingMm},
                {"window_hu", m.input.windowHu}};
  j["outputs"]["class_threshold"] = m.classThreshold;
  j["outputs"]["risk_score"] = "per arm: 1 - p(response) of the arm's prototype head, in [0, 1], higher = less benefit";
  j["outputs"]["nomogram_cutoffs"] = nlohmann::ordered_json::array();
  for (const auto& c : m.cutoffs)
    j["outputs"]["nomogram_cutoffs"].push_back({{"arm", c.arm}, {"value", c.value}, {"scale", c.scale}, {"source", c.source}});
  j["weights"] = {{"file", m.weightsFile}, {"sha256", sha256File(joinPath(directory, m.weightsFile))}};
  j["provenance"] = m.provenance;
  j["training_data"] = m.trainingData;
  j["license"] = m.license;
  writeJsonFile(path, j);
}

}  // namespace hccws::infer
