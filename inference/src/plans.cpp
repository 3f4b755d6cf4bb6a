// nnU-Net v2 plans.json / dataset.json reading (see plans.h).
#include <hccws/inference/plans.h>

#include "json_file.h"

#include <hccws/inference/limits.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace hccws::infer {
namespace {

using nlohmann::json;

// One size per axis: a list of 3 whole numbers in [lo, hi] (nnU-Net also accepts one number meaning "the same
// on every axis" for kernels and strides: allowScalar).
std::array<int, 3> int3(const JsonField& f, int lo, int hi, bool allowScalar = false) {
  if (allowScalar && f.isNumber()) {
    const int v = f.integer32(lo, hi);
    return {v, v, v};
  }
  if (!f.isArray() || f.raw().size() != 3)
    f.fail("must hold 3 values (z, y, x; only 3D configurations are supported)");
  return {f.at(0).integer32(lo, hi), f.at(1).integer32(lo, hi), f.at(2).integer32(lo, hi)};
}

std::vector<std::array<int, 3>> int3List(const JsonField& f, int lo, int hi, std::size_t count) {
  std::vector<std::array<int, 3>> out;
  for (const auto& e : f.list(count, count)) out.push_back(int3(e, lo, hi, true));
  return out;
}

// A per-stage list of `count` whole numbers in [lo, hi], or one number for every stage.
std::vector<int> intList(const JsonField& f, std::size_t count, int lo, int hi) {
  if (f.isNumber()) return std::vector<int>(count, f.integer32(lo, hi));
  std::vector<int> out;
  for (const auto& e : f.list(count, count)) out.push_back(e.integer32(lo, hi));
  return out;
}

// A permutation of 0, 1, 2 (transpose_forward / transpose_backward).
std::array<int, 3> permutation(const JsonField& f) {
  const auto p = int3(f, 0, 2);
  if (p[0] == p[1] || p[0] == p[2] || p[1] == p[2]) f.fail("must be a permutation of 0, 1, 2");
  return p;
}

// Resolves "inherits_from" chains: the child's keys override the parent's.
json resolvedConfiguration(const JsonField& plans, const std::string& name, int depth = 0) {
  const JsonField confs = plans["configurations"];
  if (!confs.has(name)) {
    std::string known;
    for (const auto& [key, value] : confs.members()) known += (known.empty() ? "" : ", ") + key;
    throw InferenceError(plans.file(), "has no configuration '" + name + "' (it has: " + known + ")");
  }
  const JsonField c = confs[name];
  if (!c.isObject()) c.fail(std::string("must be an object, not ") + c.raw().type_name());
  if (c.has("inherits_from")) {
    if (depth >= 8) c["inherits_from"].fail("chain is longer than 8 configurations (a cycle?)");
    json merged = resolvedConfiguration(plans, c["inherits_from"].str(), depth + 1);
    for (auto it = c.raw().begin(); it != c.raw().end(); ++it) merged[it.key()] = it.value();
    return merged;
  }
  return c.raw();
}

NetworkClass networkClassFrom(const JsonField& f) {
  const std::string full = f.str();
  const auto dot = full.find_last_of('.');
  const std::string cls = dot == std::string::npos ? full : full.substr(dot + 1);
  if (cls == "PlainConvUNet") return NetworkClass::PlainConvUNet;
  if (cls == "ResidualEncoderUNet") return NetworkClass::ResidualEncoderUNet;
  f.fail("is '" + full + "': not supported (PlainConvUNet and ResidualEncoderUNet are)");
}

// An optional string option that must contain `needed` (e.g. norm_op must be an InstanceNorm).
void requireKind(const JsonField& kw, const char* key, const char* needed, const std::string& supported) {
  if (!kw.has(key) || !kw[key].isString()) return;
  const std::string v = kw[key].str();
  if (v.find(needed) == std::string::npos) kw[key].fail("is '" + v + "': not supported (" + supported + " is)");
}

void readArchitecture(const JsonField& conf, NetworkConfig& net) {
  if (conf.has("architecture")) {
    const JsonField arch = conf["architecture"];
    net.networkClass = networkClassFrom(arch["network_class_name"]);
    const JsonField kw = arch["arch_kwargs"];
    // n_stages first: every per-stage list is checked against it before anything is allocated.
    const auto n = static_cast<std::size_t>(kw["n_stages"].integer32(kMinStages, kMaxStages));
    net.featuresPerStage = intList(kw["features_per_stage"], n, 1, kMaxFeaturesPerStage);
    net.kernelSizes = int3List(kw["kernel_sizes"], 1, kMaxKernelSize, n);
    net.strides = int3List(kw["strides"], 1, kMaxStride, n);
    const char* encKey = net.networkClass == NetworkClass::PlainConvUNet ? "n_conv_per_stage" : "n_blocks_per_stage";
    net.nConvPerStage = intList(kw[encKey], n, 1, kMaxConvPerStage);
    net.nConvPerStageDecoder = intList(kw["n_conv_per_stage_decoder"], n - 1, 1, kMaxConvPerStage);
    net.convBias = kw.boolean("conv_bias", true);
    if (kw.has("norm_op_kwargs") && kw["norm_op_kwargs"].isObject()) {
      const JsonField nk = kw["norm_op_kwargs"];
      if (nk.has("eps")) net.normEps = nk["eps"].number(0, 1);
      // dynamic_network_architectures options this engine does not build: refuse instead of loading a network
      // that computes something else.
      if (!nk.boolean("affine", true)) nk["affine"].fail("is false: InstanceNorm without affine parameters is not supported");
    }
    if (kw.has("nonlin_kwargs") && kw["nonlin_kwargs"].isObject() && kw["nonlin_kwargs"].has("negative_slope"))
      net.leakySlope = kw["nonlin_kwargs"]["negative_slope"].number(-1e3, 1e3);
    requireKind(kw, "norm_op", "InstanceNorm", "InstanceNorm3d");
    requireKind(kw, "nonlin", "LeakyReLU", "LeakyReLU");
    requireKind(kw, "conv_op", "Conv3d", "Conv3d: 3D configurations");
    if (kw.has("nonlin_first") && kw["nonlin_first"].boolean())
      kw["nonlin_first"].fail("is true: conv -> nonlin -> norm is not supported");
    requireKind(kw, "block", "BasicBlockD", "BasicBlockD");
    if (kw.has("stem_channels") && kw["stem_channels"].isNumber() &&
        kw["stem_channels"].integer(0, kMaxFeaturesPerStage) != net.featuresPerStage.at(0))
      kw["stem_channels"].fail("differs from features_per_stage[0]: not supported");
    return;
  }
  // Older plans layout (nnU-Net v2 before dynamic arch_kwargs).
  net.networkClass = networkClassFrom(conf["UNet_class_name"]);
  const auto n = conf["conv_kernel_sizes"].list(kMinStages, kMaxStages).size();
  net.kernelSizes = int3List(conf["conv_kernel_sizes"], 1, kMaxKernelSize, n);
  net.strides = int3List(conf["pool_op_kernel_sizes"], 1, kMaxStride, n);
  const int base = conf["UNet_base_num_features"].integer32(1, kMaxFeaturesPerStage);
  const int maxf = conf.has("unet_max_num_features") ? conf["unet_max_num_features"].integer32(1, kMaxFeaturesPerStage)
                                                     : 320;
  net.featuresPerStage.clear();
  for (std::size_t s = 0; s < n; ++s) {
    const std::int64_t f = s < 31 ? static_cast<std::int64_t>(base) << s : std::int64_t{maxf};
    net.featuresPerStage.push_back(static_cast<int>(std::min<std::int64_t>(f, maxf)));
  }
  net.nConvPerStage = intList(conf["n_conv_per_stage_encoder"], n, 1, kMaxConvPerStage);
  net.nConvPerStageDecoder = intList(conf["n_conv_per_stage_decoder"], n - 1, 1, kMaxConvPerStage);
  net.convBias = true;
}

std::string range(std::int64_t lo, std::int64_t hi) { return std::to_string(lo) + ".." + std::to_string(hi); }

}  // namespace

void NetworkConfig::validate(const std::string& source) const {
  const auto n = featuresPerStage.size();
  if (n < static_cast<std::size_t>(kMinStages) || n > static_cast<std::size_t>(kMaxStages))
    throw InferenceError(source, "n_stages is " + std::to_string(n) + "; allowed: " + range(kMinStages, kMaxStages));
  if (kernelSizes.size() != n || strides.size() != n || nConvPerStage.size() != n ||
      nConvPerStageDecoder.size() != n - 1)
    throw InferenceError(source, "features_per_stage, kernel_sizes, strides and n_conv_per_stage must have n_stages "
                                 "entries and n_conv_per_stage_decoder n_stages - 1");
  auto inRange = [&](const char* key, std::size_t s, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw InferenceError(source, std::string(key) + "[" + std::to_string(s) + "] is " + std::to_string(v) +
                                       "; allowed: " + range(lo, hi));
  };
  for (std::size_t s = 0; s < n; ++s) {
    inRange("features_per_stage", s, featuresPerStage[s], 1, kMaxFeaturesPerStage);
    inRange("n_conv_per_stage", s, nConvPerStage[s], 1, kMaxConvPerStage);
    if (s + 1 < n) inRange("n_conv_per_stage_decoder", s, nConvPerStageDecoder[s], 1, kMaxConvPerStage);
    for (int a = 0; a < 3; ++a) {
      inRange("kernel_sizes", s, kernelSizes[s][a], 1, kMaxKernelSize);
      inRange("strides", s, strides[s][a], 1, kMaxStride);
      if (kernelSizes[s][a] % 2 == 0)
        throw InferenceError(source, "kernel_sizes[" + std::to_string(s) + "] holds " + std::to_string(kernelSizes[s][a]) +
                                         ": kernel sizes must be odd");
    }
  }
  if (inputChannels < 1 || inputChannels > kMaxInputChannels)
    throw InferenceError(source, "the network has " + std::to_string(inputChannels) + " input channels; allowed: " +
                                     range(1, kMaxInputChannels));
  if (numClasses < 1 || numClasses > kMaxClasses)
    throw InferenceError(source, "the network has " + std::to_string(numClasses) + " classes; allowed: " +
                                     range(1, kMaxClasses) + " (labels are stored in 8 bits)");
  // The parameters the network would hold, counted before anything is built (every factor is bounded above,
  // so the sums fit in 64 bits): each tensor against the per-tensor budget, all of them against the model's.
  std::uint64_t total = 0;
  auto conv = [&](std::uint64_t cin, std::uint64_t cout, const std::array<int, 3>& k, const char* key, std::size_t s) {
    const std::uint64_t weights = cin * cout * static_cast<std::uint64_t>(k[0]) * k[1] * k[2];
    checkTensorBytes(source, std::string("one convolution of ") + key + "[" + std::to_string(s) + "]", weights, 4);
    total += weights + 3 * cout;  // weights, bias, InstanceNorm weight and bias
  };
  std::uint64_t cin = static_cast<std::uint64_t>(inputChannels);
  for (std::size_t s = 0; s < n; ++s) {
    const auto cout = static_cast<std::uint64_t>(featuresPerStage[s]);
    for (int c = 0; c < nConvPerStage[s]; ++c) {
      conv(c == 0 ? cin : cout, cout, kernelSizes[s], "n_conv_per_stage", s);
      if (networkClass == NetworkClass::ResidualEncoderUNet) conv(cout, cout, kernelSizes[s], "n_blocks_per_stage", s);
    }
    cin = cout;
  }
  for (std::size_t s = 1; s < n; ++s) {
    const auto below = static_cast<std::uint64_t>(featuresPerStage[n - s]);
    const auto skip = static_cast<std::uint64_t>(featuresPerStage[n - s - 1]);
    conv(below, skip, strides[n - s], "strides", n - s);  // transposed convolution
    for (int c = 0; c < nConvPerStageDecoder[s - 1]; ++c)
      conv(c == 0 ? 2 * skip : skip, skip, kernelSizes[n - s - 1], "n_conv_per_stage_decoder", s - 1);
    total += skip * static_cast<std::uint64_t>(numClasses) + static_cast<std::uint64_t>(numClasses);
  }
  checkModelBytes(source, "the network's parameters (" + std::to_string(total) + " values)", total, 4);
}

namespace {

NnunetPlan parsePlan(const std::string& plansJson, const std::string& datasetJson, const std::string& configuration,
                     const std::string& source, const std::string& datasetSource);

}  // namespace

NnunetPlan parseNnunetPlan(const std::string& plansJson, const std::string& datasetJson,
                           const std::string& configuration, const std::string& source) {
  return parsePlan(plansJson, datasetJson, configuration, source, source + " (dataset.json)");
}

namespace {

NnunetPlan parsePlan(const std::string& plansJson, const std::string& datasetJson, const std::string& configuration,
                     const std::string& source, const std::string& datasetSource) {
  const json plansRoot = parseJsonText(plansJson, source);
  const JsonField plans(plansRoot, source);
  const json confRoot = resolvedConfiguration(plans, configuration);
  const JsonField conf(confRoot, source, "configurations." + configuration);
  NnunetPlan p;
  p.configuration = configuration;
  if (conf.has("previous_stage"))
    throw InferenceError(source, "configuration '" + configuration + "' is a cascade stage (it needs the prediction of " +
                                     (conf["previous_stage"].isString() ? "'" + conf["previous_stage"].str() + "'"
                                                                        : std::string("another configuration")) +
                                     " as input): not supported");
  readArchitecture(conf, p.network);
  p.patchSize = int3(conf["patch_size"], 1, kMaxPatchAxis);
  const std::uint64_t patchVoxels =
      static_cast<std::uint64_t>(p.patchSize[0]) * p.patchSize[1] * static_cast<std::uint64_t>(p.patchSize[2]);
  if (patchVoxels > kMaxPatchVoxels)
    conf["patch_size"].fail("holds " + std::to_string(patchVoxels) + " voxels; allowed: at most " +
                            std::to_string(kMaxPatchVoxels));
  // The network halves (strides) each axis stage by stage and the decoder concatenates with the skips: the patch
  // must be divisible by the product of the strides on every axis, or the network cannot run on it.
  for (int a = 0; a < 3; ++a) {
    std::int64_t total = 1;
    for (const auto& st : p.network.strides) total *= st[a];
    // A stride of 0 (a legacy pool_op_kernel_sizes entry of 0) reaches here only from old plans: never divide
    // by it (SIGFPE, a fuzz finding).
    if (total <= 0)
      conf["patch_size"].at(static_cast<std::size_t>(a)).fail("cannot be checked: a stride on that axis is 0");
    if (p.patchSize[a] % total != 0)
      conf["patch_size"].at(static_cast<std::size_t>(a)).fail(
          "is " + std::to_string(p.patchSize[a]) + ": not divisible by the product of the strides on that axis (" +
          std::to_string(total) + ")");
  }
  // One feature map of the first stage over the whole patch: the smallest activation a tile allocates.
  checkTensorBytes(source, "one activation of the patch (patch_size x features_per_stage[0])", patchVoxels,
                   4 * static_cast<std::uint64_t>(p.network.featuresPerStage.at(0)));
  const JsonField sp = conf["spacing"];
  if (!sp.isArray() || sp.raw().size() != 3) sp.fail("must hold 3 values (z, y, x)");
  // Target spacing stays double (nnU-Net uses the JSON floats); the image spacing is the one read as float32.
  for (int a = 0; a < 3; ++a) p.spacing[a] = sp.at(static_cast<std::size_t>(a)).number(kMinSpacingMm, kMaxSpacingMm);
  if (plans.has("transpose_forward")) p.transposeForward = permutation(plans["transpose_forward"]);
  if (plans.has("transpose_backward")) p.transposeBackward = permutation(plans["transpose_backward"]);
  for (int a = 0; a < 3; ++a)
    if (p.transposeBackward[static_cast<std::size_t>(p.transposeForward[static_cast<std::size_t>(a)])] != a)
      throw InferenceError(source, "transpose_backward is not the inverse of transpose_forward");

  std::vector<std::string> schemes;
  for (const auto& e : conf["normalization_schemes"].list(1, kMaxInputChannels)) schemes.push_back(e.str());
  std::vector<bool> useMask(schemes.size(), false);
  if (conf.has("use_mask_for_norm")) {
    useMask.clear();
    for (const auto& e : conf["use_mask_for_norm"].list(0, kMaxInputChannels)) useMask.push_back(e.boolean());
  }
  for (std::size_t c = 0; c < schemes.size(); ++c) {
    ChannelNormalization n;
    const std::string& s = schemes[c];
    if (s == "CTNormalization") {
      n.scheme = Normalization::CT;
      const std::string key = std::to_string(c);
      if (!plans.has("foreground_intensity_properties_per_channel") ||
          !plans["foreground_intensity_properties_per_channel"].has(key))
        throw InferenceError(source, "CTNormalization of channel " + key +
                                         " needs foreground_intensity_properties_per_channel." + key);
      const JsonField st = plans["foreground_intensity_properties_per_channel"][key];
      constexpr double kBig = 1e12;  // HU statistics; anything beyond is not an intensity
      n.mean = st["mean"].number(-kBig, kBig);
      n.stddev = st["std"].number(0, kBig);
      n.lower = st["percentile_00_5"].number(-kBig, kBig);
      n.upper = st["percentile_99_5"].number(-kBig, kBig);
      if (n.lower > n.upper) st.fail("has percentile_00_5 above percentile_99_5");
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
    const std::string& dsSource = datasetSource;
    const json dsRoot = parseJsonText(datasetJson, dsSource);
    const JsonField ds(dsRoot, dsSource);
    std::map<std::int64_t, std::string> byValue;
    for (const auto& [name, value] : ds["labels"].members()) {
      if (!value.isNumber())
        throw InferenceError(dsSource, "region-based labels ('" + value.name() + "') are not supported yet");
      const auto v = value.integer(0, kMaxClasses - 1);
      if (!byValue.emplace(v, name).second) value.fail("repeats label value " + std::to_string(v));
    }
    for (const auto& [v, name] : byValue) {
      if (v != static_cast<std::int64_t>(p.labelNames.size()))
        throw InferenceError(dsSource, "label values must be consecutive from 0");
      p.labelNames.push_back(name);
    }
    p.network.numClasses = static_cast<int>(p.labelNames.size());
    const char* chKey = ds.has("channel_names") ? "channel_names" : "modality";
    if (ds.has(chKey)) {
      const JsonField ch = ds[chKey];
      const std::size_t nch = ch.isObject() || ch.isArray() ? ch.raw().size() : 0;
      if (static_cast<int>(nch) != p.network.inputChannels)
        throw InferenceError(source, "dataset.json lists " + std::to_string(nch) + " channels but the plans normalise " +
                                         std::to_string(p.network.inputChannels));
    }
  }
  p.network.validate(source);
  return p;
}

}  // namespace

NnunetPlan readNnunetPlan(const std::string& plansJsonPath, const std::string& datasetJsonPath,
                          const std::string& configuration) {
  const std::string ds = datasetJsonPath.empty() ? std::string() : readTextFile(datasetJsonPath);
  return parsePlan(readTextFile(plansJsonPath), ds, configuration, plansJsonPath, datasetJsonPath);
}

}  // namespace hccws::infer
