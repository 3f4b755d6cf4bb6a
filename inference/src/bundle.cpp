// Model bundle loading, validation and manifest writing (see bundle.h, docs/inference.md).
#include <hccws/inference/bundle.h>
#include <hccws/inference/sha256.h>

#include "input_file.h"
#include "json_file.h"

#include <hccws/inference/limits.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace hccws::infer {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "hccws-model-bundle";

std::string joinPath(const std::string& dir, const std::string& file) {
  if (!file.empty() && file[0] == '/') return file;
  return dir.empty() || dir.back() == '/' ? dir + file : dir + "/" + file;
}

// Existing regular file, or why not (input_file.h: stat only, so a FIFO is never opened).
void requireRegularFile(const std::string& path, const std::string& role) {
  const std::string why = detail::notRegularFileReason(path);
  if (why == "does not exist") throw InferenceError(path, "is listed in manifest.json but missing from the bundle");
  if (!why.empty()) throw InferenceError(path, role + " " + why);
}

void verify(const std::string& path, const std::string& expected, bool hash, const std::string& role) {
  requireRegularFile(path, role);
  if (!hash) return;
  if (expected.empty()) throw InferenceError(path, "has no sha256 in manifest.json");
  const std::string got = sha256File(path);
  if (got != expected)
    throw InferenceError(path, "checksum mismatch: the file is corrupt or not the one the manifest describes",
                         "sha256 " + got + ", manifest says " + expected);
}

// A label value written as a JSON key ("0", "1", ...): 1 to 3 digits, 0..kMaxClasses-1. Parsed here rather
// than with std::stoi, whose failure says only "stoi".
int labelValue(const std::string& key, const std::string& file) {
  int v = 0;
  bool ok = !key.empty() && key.size() <= 3;
  for (char c : key) {
    if (!ok) break;  // stop before a long key overflows v (UBSan finding, docs/reliability.md)
    ok = c >= '0' && c <= '9';
    v = v * 10 + (c - '0');
  }
  if (!ok || v >= kMaxClasses)
    throw InferenceError(file, "labels: key '" + key.substr(0, 40) + "' is not a label value (0.." +
                                   std::to_string(kMaxClasses - 1) + ")");
  return v;
}

}  // namespace

void validateChannels(const ModelManifest& m, const std::string& where) {
  if (m.channels.empty()) throw InferenceError(where, "lists no input channels");
  if (m.channels.size() > static_cast<std::size_t>(kMaxInputChannels))
    throw InferenceError(where, "lists " + std::to_string(m.channels.size()) + " channels; allowed: 1.." +
                                    std::to_string(kMaxInputChannels));
  std::set<int> indices;
  std::set<std::string> phases;
  for (const auto& c : m.channels) {
    if (c.index < 0 || c.index >= static_cast<int>(m.channels.size()) || !indices.insert(c.index).second)
      throw InferenceError(where, "channels[].index " + std::to_string(c.index) + " is out of range or repeated: "
                                  "channel indices must be 0.." + std::to_string(m.channels.size() - 1) + ", each once");
    if (c.phase.empty() || !phases.insert(c.phase).second)
      throw InferenceError(where, "each channel needs its own phase name ('" + c.phase + "' is empty or repeated)");
  }
}

ModelBundle loadBundle(const std::string& directory, bool verifyChecksums) {
  const std::string manifestPath = joinPath(directory, "manifest.json");
  {
    const std::string why = detail::notRegularFileReason(directory);
    if (why == "does not exist") throw InferenceError(directory, "model folder does not exist");
    if (why != "is a folder, not a file") throw InferenceError(directory, "is not a model folder");
  }
  if (detail::notRegularFileReason(manifestPath) == "does not exist")
    throw InferenceError(manifestPath, "is missing: the folder is not a model bundle");
  const json root = parseJsonText(readTextFile(manifestPath, "manifest"), manifestPath);
  const JsonField j(root, manifestPath);
  ModelBundle b;
  b.directory = directory;
  ModelManifest& m = b.manifest;
  std::vector<int> mirrorAxes{0, 1, 2};
  if (!j.isObject() || j.str("format", "") != kFormat)
    throw InferenceError(manifestPath, std::string("is not an hccws model manifest (\"format\" must be \"") + kFormat + "\")");
  m.formatVersion = j.has("format_version") ? j["format_version"].integer32(0, 1 << 30) : 0;
  if (m.formatVersion != 1)
    throw InferenceError(manifestPath, "format_version " + std::to_string(m.formatVersion) +
                                           " is not supported by this build (1 is)");
  m.name = j["name"].str();
  m.version = j.str("version", "");
  m.task = j.str("task", "");
  m.architecture = j.str("architecture", "");
  m.description = j.str("description", "");
  m.provenance = j.str("provenance", "");
  m.trainingData = j.str("training_data", "");
  m.license = j.str("license", "");
  const JsonField nn = j["nnunet"];
  m.plansFile = nn.str("plans", "plans.json");
  m.datasetFile = nn.str("dataset", "dataset.json");
  m.configuration = nn.str("configuration", "3d_fullres");
  if (nn.has("allowed_mirroring_axes")) {
    mirrorAxes.clear();
    std::set<int> seen;
    for (const auto& a : nn["allowed_mirroring_axes"].list(0, 3)) {
      mirrorAxes.push_back(a.integer32(0, 2));
      if (!seen.insert(mirrorAxes.back()).second) a.fail("repeats axis " + std::to_string(mirrorAxes.back()));
    }
  }
  for (const auto& c : j["channels"].list(1, kMaxInputChannels)) {
    // The index is range-checked here (it addresses the ordered inputs); validateChannels checks the set.
    m.channels.push_back({c["index"].integer32(0, kMaxInputChannels - 1), c["phase"].str(), c.str("normalization", "")});
  }
  const auto sp = j["target_spacing_zyx_mm"].list(3, 3);
  const auto ps = j["patch_size_zyx"].list(3, 3);
  for (std::size_t a = 0; a < 3; ++a) {
    m.targetSpacingZyx[a] = sp[a].number(kMinSpacingMm, kMaxSpacingMm);
    m.patchSizeZyx[a] = ps[a].integer32(1, kMaxPatchAxis);
  }
  std::map<int, std::string> labels;
  for (const auto& [key, value] : j["labels"].members()) labels[labelValue(key, manifestPath)] = value.str();
  for (const auto& [v, name] : labels) {
    if (v != static_cast<int>(m.labels.size())) throw InferenceError(manifestPath, "label values must be 0..N-1");
    m.labels.push_back(name);
  }
  for (const auto& w : j["weights"].list(1, kMaxFolds))
    m.weights.push_back({w.has("fold") ? w["fold"].integer32(0, kMaxFolds - 1) : 0, w["file"].str(), w.str("sha256", "")});
  validateChannels(m, manifestPath);
  std::sort(m.channels.begin(), m.channels.end(),
            [](const BundleChannel& a, const BundleChannel& b) { return a.index < b.index; });

  const json noChecksums = json::object();
  const JsonField checksums = j.has("checksums") ? j["checksums"] : JsonField(noChecksums, manifestPath, "checksums");
  for (const std::string& f : {m.plansFile, m.datasetFile})
    verify(joinPath(directory, f), checksums.str(f, ""), verifyChecksums && checksums.has(f), "JSON file");
  for (auto& w : m.weights) {
    w.file = joinPath(directory, w.file);
    verify(w.file, w.sha256, verifyChecksums, "weights file");
  }

  b.plan = readNnunetPlan(joinPath(directory, m.plansFile), joinPath(directory, m.datasetFile), m.configuration);
  b.plan.mirrorAxes = mirrorAxes;
  const auto& plan = b.plan;
  if (static_cast<int>(m.channels.size()) != plan.network.inputChannels)
    throw InferenceError(manifestPath, "lists " + std::to_string(m.channels.size()) + " channels but " + m.plansFile +
                                           " has " + std::to_string(plan.network.inputChannels));
  for (int a = 0; a < 3; ++a) {
    if (std::abs(m.targetSpacingZyx[a] - plan.spacing[a]) > 1e-6 || m.patchSizeZyx[a] != plan.patchSize[a])
      throw InferenceError(manifestPath, "target spacing / patch size disagree with " + m.plansFile + " (" +
                                             m.configuration + "); the manifest was edited or belongs to other plans");
  }
  if (!m.labels.empty() && m.labels.size() != plan.labelNames.size())
    throw InferenceError(manifestPath, "lists " + std::to_string(m.labels.size()) + " labels but " + m.datasetFile +
                                           " has " + std::to_string(plan.labelNames.size()));
  if (m.labels.empty()) m.labels = plan.labelNames;
  return b;
}

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& e : v) s += (s.empty() ? "" : ", ") + (e.empty() ? std::string("(unnamed)") : e);
  return s;
}

}  // namespace

std::vector<std::string> requiredPhases(const ModelManifest& m) {
  std::vector<const BundleChannel*> byIndex;
  for (const auto& c : m.channels) byIndex.push_back(&c);
  std::sort(byIndex.begin(), byIndex.end(), [](const auto* a, const auto* b) { return a->index < b->index; });
  std::vector<std::string> out;
  for (const auto* c : byIndex) out.push_back(c->phase);
  return out;
}

std::vector<std::string> missingPhases(const ModelManifest& m, const std::vector<std::string>& available) {
  std::vector<std::string> out;
  for (const auto& p : requiredPhases(m))
    if (std::find(available.begin(), available.end(), p) == available.end()) out.push_back(p);
  return out;
}

std::vector<const InputImage*> orderInputs(const ModelBundle& b, const std::vector<InputImage>& inputs) {
  const auto& ch = b.manifest.channels;
  const std::string where = b.directory + "/manifest.json";
  // The indices address `out` below: checked here too, for bundles not made by loadBundle.
  validateChannels(b.manifest, where);
  const std::string model = "model '" + b.manifest.name + "' needs " + std::to_string(ch.size()) + " phase(s) (" +
                            joined(requiredPhases(b.manifest)) + ")";
  std::vector<std::string> given;
  for (const auto& in : inputs) given.push_back(in.phase);
  if (inputs.empty()) throw InferenceError(where, model + "; no phase given");
  std::vector<const InputImage*> out(ch.size(), nullptr);
  if (ch.size() == 1 && inputs.size() == 1 && inputs[0].phase.empty()) {
    out[0] = &inputs[0];
  } else {
    for (const auto& in : inputs) {
      if (in.phase.empty())
        throw InferenceError(where, model + "; name each phase given (" + std::to_string(inputs.size()) +
                                        " given, one unnamed)");
      std::size_t k = 0;
      while (k < ch.size() && ch[k].phase != in.phase) ++k;
      if (k == ch.size())
        throw InferenceError(where, model + "; it has no '" + in.phase + "' channel (given: " + joined(given) + ")");
      if (out[static_cast<std::size_t>(ch[k].index)])
        throw InferenceError(where, "phase '" + in.phase + "' given twice");
      out[static_cast<std::size_t>(ch[k].index)] = &in;
    }
    const auto missing = missingPhases(b.manifest, given);
    if (!missing.empty())
      throw InferenceError(where, model + "; missing: " + joined(missing) + " (given: " + joined(given) + ")");
  }
  for (const auto* p : out) {
    for (int a = 0; a < 3; ++a) {
      if (p->dims[a] < 1 || p->dims[a] > (std::int64_t{1} << 20))
        throw InferenceError("", "input phase '" + p->phase + "' has " + std::to_string(p->dims[a]) +
                                     " voxels along an axis; allowed: 1..1048576");
      if (!(p->spacingMm[a] >= kMinSpacingMm && p->spacingMm[a] <= kMaxSpacingMm))
        throw InferenceError("", "input phase '" + p->phase + "' has a spacing of " + std::to_string(p->spacingMm[a]) +
                                     " mm; allowed: 0.0001..10000 mm");
    }
    const auto n = p->dims[0] * p->dims[1] * p->dims[2];  // each factor <= 2^20: no overflow
    if (n <= 0 || static_cast<std::int64_t>(p->voxels.size()) != n)
      throw InferenceError("", "input phase '" + p->phase + "' has " + std::to_string(p->voxels.size()) +
                                   " voxels for its dims");
    if (p->dims != out[0]->dims)
      throw InferenceError("", "phases '" + out[0]->phase + "' and '" + p->phase +
                                   "' are on different grids: register them onto one grid first");
    for (int a = 0; a < 3; ++a)
      if (std::abs(p->spacingMm[a] - out[0]->spacingMm[a]) > 1e-3)
        throw InferenceError("", "phases '" + out[0]->phase + "' and '" + p->phase + "' have different spacings");
  }
  return out;
}

void writeManifest(const std::string& directory, ModelManifest m) {
  validateChannels(m, joinPath(directory, "manifest.json"));
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["format_version"] = 1;
  j["name"] = m.name;
  j["version"] = m.version;
  j["task"] = m.task;
  j["architecture"] = m.architecture;
  j["description"] = m.description;
  j["nnunet"] = {{"plans", m.plansFile}, {"dataset", m.datasetFile}, {"configuration", m.configuration}};
  j["channels"] = nlohmann::ordered_json::array();
  for (const auto& c : m.channels)
    j["channels"].push_back({{"index", c.index}, {"phase", c.phase}, {"normalization", c.normalization}});
  j["target_spacing_zyx_mm"] = m.targetSpacingZyx;
  j["patch_size_zyx"] = m.patchSizeZyx;
  j["labels"] = nlohmann::ordered_json::object();
  for (std::size_t v = 0; v < m.labels.size(); ++v) j["labels"][std::to_string(v)] = m.labels[v];
  j["weights"] = nlohmann::ordered_json::array();
  for (const auto& w : m.weights)
    j["weights"].push_back({{"fold", w.fold}, {"file", w.file}, {"sha256", sha256File(joinPath(directory, w.file))}});
  j["checksums"] = {{m.plansFile, sha256File(joinPath(directory, m.plansFile))},
                    {m.datasetFile, sha256File(joinPath(directory, m.datasetFile))}};
  j["provenance"] = m.provenance;
  j["training_data"] = m.trainingData;
  j["license"] = m.license;
  writeJsonFile(joinPath(directory, "manifest.json"), j);
}

}  // namespace hccws::infer
