// nnU-Net v2 plans.json / dataset.json reading (see plans.h).
#include <hccws/inference/plans.h>

#include "json_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace hccws::infer {
namespace {

using nlohmann::json;

std::array<int, 3> int3(const json& j, const std::string& source, const std::string& key) {
  if (!j.is_array() || j.size() != 3)
    throw InferenceError(source, "'" + key + "' must hold 3 values (only 3D configurations are supported)");
  return {j[0].get<int>(), j[1].get<int>(), j[2].get<int>()};
}

std::vector<std::array<int, 3>> int3List(const json& j, const std::string& source, const std::string& key) {
  std::vector<std::array<int, 3>> out;
  if (!j.is_array()) throw InferenceError(source, "'" + key + "' must be a list");
  for (const auto& e : j) {
    if (e.is_number()) {  // nnU-Net accepts a scalar kernel/stride meaning "the same on every axis"
      const int v = e.get<int>();
      out.push_back({v, v, v});
    } else {
      out.push_back(int3(e, source, key));
    }
  }
  return out;
}

std::vector<int> intList(const json& j, int n, const std::string& source, const std::string& key) {
  if (j.is_number()) return std::vector<int>(static_cast<std::size_t>(n), j.get<int>());
  if (!j.is_array()) throw InferenceError(source, "'" + key + "' must be a list or a number");
  return j.get<std::vector<int>>();
}

const json& require(const json& j, const std::string& key, const std::string& source) {
  if (!j.contains(key)) throw InferenceError(source, "has no '" + key + "'");
  return j.at(key);
}

// Resolves "inherits_from" chains: the child's keys override the parent's.
json resolvedConfiguration(const json& plans, const std::string& name, const std::string& source, int depth = 0) {
  const json& confs = require(plans, "configurations", source);
  if (!confs.contains(name)) {
    std::string known;
    for (auto it = confs.begin(); it != confs.end(); ++it) known += (known.empty() ? "" : ", ") + it.key();
    throw InferenceError(source, "has no configuration '" + name + "' (it has: " + known + ")");
  }
  json c = confs.at(name);
  if (c.contains("inherits_from") && depth < 8) {
    json merged = resolvedConfiguration(plans, c.at("inherits_from").get<std::string>(), source, depth + 1);
    for (auto it = c.begin(); it != c.end(); ++it) merged[it.key()] = it.value();
    return merged;
  }
  return c;
}

NetworkClass networkClassFrom(const std::string& full, const std::string& source) {
  const std::string cls = full.substr(full.find_last_of('.') == std::string::npos ? 0 : full.find_last_of('.') + 1);
  if (cls == "PlainConvUNet") return NetworkClass::PlainConvUNet;
  if (cls == "ResidualEncoderUNet") return NetworkClass::ResidualEncoderUNet;
  throw InferenceError(source, "network class '" + full +
                                   "' is not supported (PlainConvUNet and ResidualEncoderUNet are)");
}

void readArchitecture(const json& conf, NetworkConfig& net, const std::string& source) {
  if (conf.contains("architecture")) {
    const json& arch = conf.at("architecture");
    net.networkClass = networkClassFrom(require(arch, "network_class_name", source).get<std::string>(), source);
    const json& kw = require(arch, "arch_kwargs", source);
    const int n = require(kw, "n_stages", source).get<int>();
    net.featuresPerStage = intList(require(kw, "features_per_stage", source), n, source, "features_per_stage");
    net.kernelSizes = int3List(require(kw, "kernel_sizes", source), source, "kernel_sizes");
    net.strides = int3List(require(kw, "strides", source), source, "strides");
    const char* encKey = net.networkClass == NetworkClass::PlainConvUNet ? "n_conv_per_stage" : "n_blocks_per_stage";
    net.nConvPerStage = intList(require(kw, encKey, source), n, source, encKey);
    net.nConvPerStageDecoder =
        intList(require(kw, "n_conv_per_stage_decoder", source), n - 1, source, "n_conv_per_stage_decoder");
    net.convBias = kw.value("conv_bias", true);
    if (kw.contains("norm_op_kwargs") && kw["norm_op_kwargs"].is_object())
      net.normEps = kw["norm_op_kwargs"].value("eps", 1e-5);
    if (kw.contains("nonlin_kwargs") && kw["nonlin_kwargs"].is_object())
      net.leakySlope = kw["nonlin_kwargs"].value("negative_slope", 0.01);
    if (kw.contains("norm_op") && kw["norm_op"].is_string() &&
        kw["norm_op"].get<std::string>().find("InstanceNorm") == std::string::npos)
      throw InferenceError(source, "norm_op '" + kw["norm_op"].get<std::string>() +
                                       "' is not supported (InstanceNorm3d is)");
    if (kw.contains("nonlin") && kw["nonlin"].is_string() &&
        kw["nonlin"].get<std::string>().find("LeakyReLU") == std::string::npos)
      throw InferenceError(source, "nonlin '" + kw["nonlin"].get<std::string>() + "' is not supported (LeakyReLU is)");
    // dynamic_network_architectures options this engine does not build: refuse instead of loading a network
    // that computes something else.
    if (kw.contains("conv_op") && kw["conv_op"].is_string() &&
        kw["conv_op"].get<std::string>().find("Conv3d") == std::string::npos)
      throw InferenceError(source, "conv_op '" + kw["conv_op"].get<std::string>() +
                                       "' is not supported (3D configurations with Conv3d are)");
    if (kw.contains("norm_op_kwargs") && kw["norm_op_kwargs"].is_object() &&
        !kw["norm_op_kwargs"].value("affine", true))
      throw InferenceError(source, "InstanceNorm without affine parameters is not supported (affine: true is)");
    if (kw.value("nonlin_first", false))
      throw InferenceError(source, "nonlin_first (conv -> nonlin -> norm) is not supported");
    if (kw.contains("block") && kw["block"].is_string() &&
        kw["block"].get<std::string>().find("BasicBlockD") == std::string::npos)
      throw InferenceError(source, "residual block '" + kw["block"].get<std::string>() +
                                       "' is not supported (BasicBlockD is)");
    if (kw.contains("stem_channels") && kw["stem_channels"].is_number() &&
        kw["stem_channels"].get<int>() != net.featuresPerStage.at(0))
      throw InferenceError(source, "stem_channels different from features_per_stage[0] is not supported");
    return;
  }
  // Older plans layout (nnU-Net v2 before dynamic arch_kwargs).
  net.networkClass = networkClassFrom(require(conf, "UNet_class_name", source).get<std::string>(), source);
  net.kernelSizes = int3List(require(conf, "conv_kernel_sizes", source), source, "conv_kernel_sizes");
  net.strides = int3List(require(conf, "pool_op_kernel_sizes", source), source, "pool_op_kernel_sizes");
  const int n = static_cast<int>(net.kernelSizes.size());
  const int base = require(conf, "UNet_base_num_features", source).get<int>();
  const int maxf = conf.value("unet_max_num_features", 320);
  net.featuresPerStage.clear();
  for (int s = 0; s < n; ++s) net.featuresPerStage.push_back(std::min(base << s, maxf));
  net.nConvPerStage = intList(require(conf, "n_conv_per_stage_encoder", source), n, source, "n_conv_per_stage_encoder");
  net.nConvPerStageDecoder =
      intList(require(conf, "n_conv_per_stage_decoder", source), n - 1, source, "n_conv_per_stage_decoder");
  net.convBias = true;
}

}  // namespace

void NetworkConfig::validate(const std::string& source) const {
  const auto n = featuresPerStage.size();
  if (n < 2) throw InferenceError(source, "the network needs at least 2 stages");
  if (kernelSizes.size() != n || strides.size() != n || nConvPerStage.size() != n ||
      nConvPerStageDecoder.size() != n - 1)
    throw InferenceError(source, "features_per_stage, kernel_sizes, strides and n_conv_per_stage must have n_stages "
                                 "entries and n_conv_per_stage_decoder n_stages - 1");
  for (std::size_t s = 0; s < n; ++s) {
    if (featuresPerStage[s] <= 0 || nConvPerStage[s] <= 0) throw InferenceError(source, "non-positive stage size");
    for (int a = 0; a < 3; ++a)
      if (kernelSizes[s][a] <= 0 || strides[s][a] <= 0 || kernelSizes[s][a] % 2 == 0)
        throw InferenceError(source, "kernel sizes must be odd and positive, strides positive");
  }
  if (inputChannels <= 0 || numClasses <= 0) throw InferenceError(source, "input channels and classes must be > 0");
}

NnunetPlan parseNnunetPlan(const std::string& plansJson, const std::string& datasetJson,
                           const std::string& configuration, const std::string& source) {
  const json plans = parseJsonText(plansJson, source);
  const json conf = resolvedConfiguration(plans, configuration, source);
  NnunetPlan p;
  p.configuration = configuration;
  if (conf.contains("previous_stage") && !conf["previous_stage"].is_null())
    throw InferenceError(source, "configuration '" + configuration + "' is a cascade stage (it needs the prediction of '" +
                                     conf["previous_stage"].dump() + "' as input): not supported");
  readArchitecture(conf, p.network, source);
  p.patchSize = int3(require(conf, "patch_size", source), source, "patch_size");
  const json& sp = require(conf, "spacing", source);
  if (!sp.is_array() || sp.size() != 3) throw InferenceError(source, "'spacing' must hold 3 values");
  // Target spacing stays double (nnU-Net uses the JSON floats); the image spacing is the one read as float32.
  for (int a = 0; a < 3; ++a) p.spacing[a] = sp[a].get<double>();
  if (plans.contains("transpose_forward")) p.transposeForward = int3(plans["transpose_forward"], source, "transpose_forward");
  if (plans.contains("transpose_backward"))
    p.transposeBackward = int3(plans["transpose_backward"], source, "transpose_backward");

  const auto schemes = require(conf, "normalization_schemes", source).get<std::vector<std::string>>();
  std::vector<bool> useMask(schemes.size(), false);
  if (conf.contains("use_mask_for_norm")) useMask = conf["use_mask_for_norm"].get<std::vector<bool>>();
  const json fg = plans.value("foreground_intensity_properties_per_channel", json::object());
  for (std::size_t c = 0; c < schemes.size(); ++c) {
    ChannelNormalization n;
    const std::string& s = schemes[c];
    if (s == "CTNormalization") {
      n.scheme = Normalization::CT;
      const std::string key = std::to_string(c);
      if (!fg.contains(key))
        throw InferenceError(source, "CTNormalization of channel " + key +
                                         " needs foreground_intensity_properties_per_channel." + key);
      const json& st = fg.at(key);
      n.mean = require(st, "mean", source).get<double>();
      n.stddev = require(st, "std", source).get<double>();
      n.lower = require(st, "percentile_00_5", source).get<double>();
      n.upper = require(st, "percentile_99_5", source).get<double>();
    } else if (s == "ZScoreNormalization") {
      n.scheme = Normalization::ZScore;
    } else if (s == "NoNormalization") {
      n.scheme = Normalization::None;
    } else {
      throw InferenceError(source, "normalization scheme '" + s + "' is not supported "
                                   "(CTNormalization, ZScoreNormalization, NoNormalization are)");
    }
    n.useMaskForNorm = c < useMask.size() && useMask[c];
    p.normalization.push_back(n);
  }
  p.network.inputChannels = static_cast<int>(schemes.size());

  if (!datasetJson.empty()) {
    const json ds = parseJsonText(datasetJson, source + " (dataset.json)");
    const json& labels = require(ds, "labels", source + " (dataset.json)");
    std::map<int, std::string> byValue;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      if (!it.value().is_number_integer())
        throw InferenceError(source + " (dataset.json)",
                             "region-based labels ('" + it.key() + "') are not supported yet");
      byValue[it.value().get<int>()] = it.key();
    }
    for (const auto& [v, name] : byValue) {
      if (v != static_cast<int>(p.labelNames.size()))
        throw InferenceError(source + " (dataset.json)", "label values must be consecutive from 0");
      p.labelNames.push_back(name);
    }
    p.network.numClasses = static_cast<int>(p.labelNames.size());
    const char* chKey = ds.contains("channel_names") ? "channel_names" : "modality";
    if (ds.contains(chKey) && static_cast<int>(ds[chKey].size()) != p.network.inputChannels)
      throw InferenceError(source, "dataset.json lists " + std::to_string(ds[chKey].size()) +
                                       " channels but the plans normalise " + std::to_string(p.network.inputChannels));
  }
  p.network.validate(source);
  return p;
}

NnunetPlan readNnunetPlan(const std::string& plansJsonPath, const std::string& datasetJsonPath,
                          const std::string& configuration) {
  const std::string ds = datasetJsonPath.empty() ? std::string() : readTextFile(datasetJsonPath);
  return parseNnunetPlan(readTextFile(plansJsonPath), ds, configuration, plansJsonPath);
}

}  // namespace hccws::infer
