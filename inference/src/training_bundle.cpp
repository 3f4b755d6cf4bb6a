// Writing a trained network as a model bundle (see training.h, docs/inference.md): nnU-Net v2's plans.json and
// dataset.json layouts, so that nnU-Net's own tools could read them, and manifest.json via writeManifest().
#include <hccws/inference/bundle.h>
#include <hccws/inference/training.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace hccws::infer {
namespace {

using Json = nlohmann::ordered_json;

void writeText(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::trunc);
    if (!o) throw InferenceError(path, "cannot be written (folder missing or not writable)");
    o << text;
    if (!o) throw InferenceError(path, "write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw InferenceError(path, "cannot be replaced");
}

Json int3(const std::array<int, 3>& a) { return Json::array({a[0], a[1], a[2]}); }

std::string plansJson(const NnunetPlan& p, const TrainedBundleInfo& info) {
  const auto& n = p.network;
  Json kernels = Json::array(), strides = Json::array();
  for (const auto& k : n.kernelSizes) kernels.push_back(int3(k));
  for (const auto& s : n.strides) strides.push_back(int3(s));
  Json arch;
  arch["network_class_name"] = "dynamic_network_architectures.architectures.unet.PlainConvUNet";
  arch["arch_kwargs"] = {{"n_stages", n.nStages()},
                         {"features_per_stage", n.featuresPerStage},
                         {"conv_op", "torch.nn.modules.conv.Conv3d"},
                         {"kernel_sizes", kernels},
                         {"strides", strides},
                         {"n_conv_per_stage", n.nConvPerStage},
                         {"n_conv_per_stage_decoder", n.nConvPerStageDecoder},
                         {"conv_bias", n.convBias},
                         {"norm_op", "torch.nn.modules.instancenorm.InstanceNorm3d"},
                         {"norm_op_kwargs", {{"eps", n.normEps}, {"affine", true}}},
                         {"dropout_op", nullptr},
                         {"dropout_op_kwargs", nullptr},
                         {"nonlin", "torch.nn.LeakyReLU"},
                         {"nonlin_kwargs", {{"inplace", true}, {"negative_slope", n.leakySlope}}}};
  arch["_kw_requires_import"] = {"conv_op", "norm_op", "dropout_op", "nonlin"};

  Json conf;
  conf["data_identifier"] = "nnUNetPlans_3d_fullres";
  conf["preprocessor_name"] = "DefaultPreprocessor";
  conf["batch_size"] = 2;
  conf["patch_size"] = int3(p.patchSize);
  conf["spacing"] = p.spacing;
  Json schemes = Json::array(), masks = Json::array();
  for (const auto& cn : p.normalization) {
    schemes.push_back(cn.scheme == Normalization::CT       ? "CTNormalization"
                      : cn.scheme == Normalization::ZScore ? "ZScoreNormalization"
                                                           : "NoNormalization");
    masks.push_back(false);
  }
  conf["normalization_schemes"] = schemes;
  conf["use_mask_for_norm"] = masks;
  conf["resampling_fn_data"] = "resample_data_or_seg_to_shape";
  conf["resampling_fn_seg"] = "resample_data_or_seg_to_shape";
  conf["resampling_fn_data_kwargs"] = {{"is_seg", false}, {"order", 3}, {"order_z", 0}, {"force_separate_z", nullptr}};
  conf["resampling_fn_seg_kwargs"] = {{"is_seg", true}, {"order", 1}, {"order_z", 0}, {"force_separate_z", nullptr}};
  conf["resampling_fn_probabilities"] = "resample_data_or_seg_to_shape";
  conf["resampling_fn_probabilities_kwargs"] = {
      {"is_seg", false}, {"order", 1}, {"order_z", 0}, {"force_separate_z", nullptr}};
  conf["architecture"] = arch;
  conf["batch_dice"] = true;

  Json fg = Json::object();
  for (std::size_t c = 0; c < info.stats.size(); ++c) {
    const auto& s = info.stats[c];
    fg[std::to_string(c)] = {{"max", s.max},       {"mean", s.mean},
                             {"median", s.median}, {"min", s.min},
                             {"percentile_00_5", s.percentile005}, {"percentile_99_5", s.percentile995},
                             {"std", s.stddev}};
  }
  Json j;
  j["dataset_name"] = info.datasetName;
  j["plans_name"] = "nnUNetPlans";
  j["original_median_spacing_after_transp"] = p.spacing;
  j["image_reader_writer"] = "SimpleITKIO";
  j["transpose_forward"] = int3(p.transposeForward);
  j["transpose_backward"] = int3(p.transposeBackward);
  j["configurations"] = {{p.configuration, conf}};
  j["experiment_planner_used"] = "hccws train segmentation (nnU-Net v2 plans layout)";
  j["label_manager"] = "LabelManager";
  j["foreground_intensity_properties_per_channel"] = fg;
  return j.dump(4, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string datasetJson(const NnunetPlan& p, const TrainedBundleInfo& info) {
  Json j;
  Json ch = Json::object();
  // nnU-Net picks the normalisation from the channel name: "CT" -> CTNormalization. The phase of each
  // channel is in manifest.json.
  for (int c = 0; c < p.network.inputChannels; ++c) ch[std::to_string(c)] = "CT";
  j["channel_names"] = ch;
  Json labels = Json::object();
  for (std::size_t v = 0; v < p.labelNames.size(); ++v) labels[p.labelNames[v]] = static_cast<int>(v);
  j["labels"] = labels;
  j["numTraining"] = info.trainingCases;
  j["file_ending"] = ".nii.gz";
  j["name"] = info.datasetName;
  j["description"] = info.description;
  j["reference"] = info.provenance;
  j["licence"] = info.license;
  return j.dump(4, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

void writeTrainedBundle(const std::string& dir, const NnunetPlan& plan, const TrainedBundleInfo& info,
                        const std::string& weightsFile) {
  if (static_cast<int>(info.channelPhases.size()) != plan.network.inputChannels)
    throw InferenceError(dir, "the bundle needs one phase name per input channel");
  if (static_cast<int>(info.stats.size()) != plan.network.inputChannels)
    throw InferenceError(dir, "the bundle needs intensity statistics per input channel");
  writeText(dir + "/plans.json", plansJson(plan, info));
  writeText(dir + "/dataset.json", datasetJson(plan, info));

  ModelManifest m;
  m.name = info.name;
  m.version = info.version;
  m.task = "liver-tumour-segmentation";
  m.architecture = "nnunetv2:PlainConvUNet";
  m.description = info.description;
  m.provenance = info.provenance;
  m.trainingData = info.trainingData;
  m.license = info.license;
  for (std::size_t c = 0; c < info.channelPhases.size(); ++c)
    m.channels.push_back({static_cast<int>(c), info.channelPhases[c], "CTNormalization"});
  m.targetSpacingZyx = plan.spacing;
  m.patchSizeZyx = plan.patchSize;
  m.labels = plan.labelNames;
  m.weights = {{0, weightsFile, ""}};
  writeManifest(dir, m);  // computes the SHA-256 of plans, dataset and weights

  // Add the training record (command, seed, time, losses); loadBundle() ignores fields it does not know.
  const std::string path = dir + "/manifest.json";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str());
  j["nnunet"]["allowed_mirroring_axes"] = plan.mirrorAxes;
  if (!info.trainingRecordJson.empty()) {
    try {
      j["training"] = Json::parse(info.trainingRecordJson);
    } catch (const Json::parse_error& e) {
      throw InferenceError(path, "the training record is not valid JSON (byte " + std::to_string(e.byte) + ")");
    }
  }
  writeText(path, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace hccws::infer
