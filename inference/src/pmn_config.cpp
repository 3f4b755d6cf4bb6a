// The PMN's configuration: reading and validating it (Torch-free, so the fuzzers and the bundle reader can use
// it without LibTorch).
#include <hccws/inference/pmn.h>

#include <hccws/inference/limits.h>

#include "json_file.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace hccws::infer {

namespace {
void bad(const std::string& file, const std::string& key, const std::string& problem) {
  throw InferenceError(file, "'network." + key + "' " + problem);
}
void range(const std::string& file, const std::string& key, int v, int lo, int hi) {
  if (v < lo || v > hi)
    bad(file, key, "is " + std::to_string(v) + "; allowed: " + std::to_string(lo) + ".." + std::to_string(hi));
}

}  // namespace

std::string pmnHeadName(const std::string& arm) {
  std::string l = arm;
  for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return l;
}

void validatePmnNetworkConfig(const PmnNetworkConfig& c, const std::string& file) {
  range(file, "in_channels", c.inChannels, 1, 8);
  range(file, "patch_stride", c.patchStride, 1, 8);
  range(file, "embed_dim", c.embedDim, 1, 512);
  range(file, "conv_blocks", c.convBlocks, 0, 16);
  range(file, "mamba_layers", c.mambaLayers, 0, 16);
  range(file, "d_state", c.dState, 1, 256);
  range(file, "d_conv", c.dConv, 1, 16);
  range(file, "expand", c.expand, 1, 8);
  range(file, "dt_rank", c.dtRank, 0, 512);
  range(file, "proto_dim", c.protoDim, 1, 1024);
  range(file, "prototypes_per_class", c.prototypesPerClass, 1, 64);
  range(file, "scan_chunk", c.scanChunk, 1, 1 << 16);
  if (c.mambaLayers > 0 && c.directions.empty()) bad(file, "directions", "is empty; use forward, backward and/or slice");
  std::set<std::string> seen;
  for (const auto& d : c.directions) {
    if (d != "forward" && d != "backward" && d != "slice")
      bad(file, "directions", "holds '" + d.substr(0, 40) + "'; allowed: forward, backward, slice");
    if (!seen.insert(d).second) bad(file, "directions", "lists '" + d + "' twice");
  }
  if (c.arms.size() > 8) bad(file, "arms", "lists " + std::to_string(c.arms.size()) + " arms; allowed: 0..8");
  std::set<std::string> arms;
  for (const auto& a : c.arms) {
    if (a.empty() || a.size() > 32 || !std::all_of(a.begin(), a.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); }))
      bad(file, "arms", "holds '" + a.substr(0, 40) + "'; an arm is 1 to 32 letters or digits (e.g. HAIC, TACE)");
    const std::string l = pmnHeadName(a);
    if (l == "subtype" || !arms.insert(l).second) bad(file, "arms", "holds '" + a + "' twice or a reserved name");
  }
  if (c.pooling != "mask" && c.pooling != "mean") bad(file, "pooling", "is '" + c.pooling.substr(0, 40) + "'; allowed: mask, mean");
  if (c.pooling == "mask" && c.inChannels < 2)
    bad(file, "pooling", "'mask' needs the lesion mask as the last of at least 2 input channels");
  if (!(c.gamma > 0 && c.gamma <= 1e6)) bad(file, "gamma", "must be > 0 (and at most 1e6)");
  if (!(c.prototypeLossWeight >= 0 && c.prototypeLossWeight <= 1e6)) bad(file, "prototype_loss_weight", "must be in 0..1e6");
  // parameters, before anything is built: the Mamba layers dominate (in/out projections and the scan weights)
  const std::uint64_t e = static_cast<std::uint64_t>(c.embedDim), di = e * static_cast<std::uint64_t>(c.expand);
  const std::uint64_t perLayer = 3 * e * di + c.directions.size() * (di * (c.dConv + 1) +
                                 di * (static_cast<std::uint64_t>(c.effectiveDtRank()) + 2 * c.dState) * 2 + di * c.dState);
  const std::uint64_t params = static_cast<std::uint64_t>(c.mambaLayers) * perLayer +
                               static_cast<std::uint64_t>(c.convBlocks) * 2 * 27 * e * e + 4 * e * e + e * c.protoDim;
  checkModelBytes(file, "the PMN network's parameters", params, 4);
}

PmnNetworkConfig readPmnNetworkConfig(const std::string& jsonPath, const std::string& key) {
  const nlohmann::json doc = readJsonFile(jsonPath);
  const JsonField root(doc, jsonPath);
  const JsonField n = key.empty() ? root : root[key];
  if (!n.isObject()) n.fail("must be an object");
  PmnNetworkConfig c;
  const auto i32 = [&](const char* k, int& v, int lo, int hi) {
    if (n.has(k)) v = n[k].integer32(lo, hi);
  };
  i32("in_channels", c.inChannels, 1, 8);
  i32("patch_stride", c.patchStride, 1, 8);
  i32("embed_dim", c.embedDim, 1, 512);
  i32("conv_blocks", c.convBlocks, 0, 16);
  i32("mamba_layers", c.mambaLayers, 0, 16);
  i32("d_state", c.dState, 1, 256);
  i32("d_conv", c.dConv, 1, 16);
  i32("expand", c.expand, 1, 8);
  i32("dt_rank", c.dtRank, 0, 512);
  i32("proto_dim", c.protoDim, 1, 1024);
  i32("prototypes_per_class", c.prototypesPerClass, 1, 64);
  i32("scan_chunk", c.scanChunk, 1, 1 << 16);
  const auto strings = [&](const char* k, std::vector<std::string>& v) {
    if (!n.has(k)) return;
    v.clear();
    for (const auto& e : n[k].list(0, 16)) v.push_back(e.str());
  };
  strings("directions", c.directions);
  strings("arms", c.arms);
  if (n.has("pooling")) c.pooling = n["pooling"].str();
  if (n.has("gamma")) c.gamma = n["gamma"].number(1e-9, 1e6);
  if (n.has("prototype_loss_weight")) c.prototypeLossWeight = n["prototype_loss_weight"].number(0, 1e6);
  validatePmnNetworkConfig(c, jsonPath);
  return c;
}


}  // namespace hccws::infer
