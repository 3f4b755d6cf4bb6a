// Torch-free pieces of the inference engine: SHA-256, half floats, plans parsing, post-processing.
#include <hccws/inference/plans.h>
#include <hccws/inference/postprocess.h>
#include <hccws/inference/sha256.h>
#include <hccws/inference/tensor_file.h>

#include <catch2/catch.hpp>

#include <string>

using namespace hccws::infer;

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[sha256]") {
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 h;  // one million 'a' fed in odd-sized pieces (exercises the block buffer)
  const std::string chunk(999, 'a');
  for (int i = 0; i < 1001; ++i) h.update(chunk.data(), chunk.size());
  h.update(chunk.data(), 1000000 - 999 * 1001);
  CHECK(Sha256::hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("float16 conversions round to nearest even", "[tensor_file]") {
  CHECK(floatToHalf(1.0f) == 0x3c00);
  CHECK(floatToHalf(-2.0f) == 0xc000);
  CHECK(floatToHalf(65504.0f) == 0x7bff);
  CHECK(floatToHalf(1e6f) == 0x7c00);
  CHECK(halfToFloat(0x0001) == Approx(5.960464477539063e-08));
  CHECK(floatToHalf(5.960464477539063e-08f) == 0x0001);
  CHECK(floatToHalf(1.0f + 1.0f / 2048) == 0x3c00);          // tie -> even
  CHECK(floatToHalf(1.0f + 3.0f / 2048) == 0x3c02);          // tie -> even (up)
  for (std::uint16_t h : {0x3c00, 0x3555, 0x0400, 0x03ff, 0x8001, 0x7bff}) CHECK(floatToHalf(halfToFloat(h)) == h);
  CHECK(bf16ToFloat(0x3f80) == 1.0f);
}

namespace {

const char* kNewPlans = R"({
 "transpose_forward": [0, 1, 2], "transpose_backward": [0, 1, 2],
 "foreground_intensity_properties_per_channel": {"0": {"mean": 99.5, "std": 40.0, "percentile_00_5": -50.0,
   "percentile_99_5": 250.0}, "1": {"mean": 120.0, "std": 45.0, "percentile_00_5": -40.0, "percentile_99_5": 260.0}},
 "configurations": {
  "3d_fullres": {"patch_size": [96, 160, 160], "spacing": [2.5, 0.78125, 0.78125],
   "normalization_schemes": ["CTNormalization", "CTNormalization"], "use_mask_for_norm": [false, false],
   "architecture": {"network_class_name": "dynamic_network_architectures.architectures.unet.ResidualEncoderUNet",
    "arch_kwargs": {"n_stages": 3, "features_per_stage": [32, 64, 128],
     "kernel_sizes": [[1, 3, 3], [3, 3, 3], [3, 3, 3]], "strides": [[1, 1, 1], [1, 2, 2], [2, 2, 2]],
     "n_blocks_per_stage": [1, 3, 4], "n_conv_per_stage_decoder": [1, 1], "conv_bias": true,
     "norm_op": "torch.nn.modules.instancenorm.InstanceNorm3d", "norm_op_kwargs": {"eps": 1e-05, "affine": true},
     "nonlin": "torch.nn.LeakyReLU", "nonlin_kwargs": {"inplace": true}}}},
  "3d_lowres": {"inherits_from": "3d_fullres", "spacing": [4.0, 2.0, 2.0]}}})";

const char* kOldPlans = R"({
 "foreground_intensity_properties_per_channel": {"0": {"mean": 1, "std": 2, "percentile_00_5": -3,
   "percentile_99_5": 4}},
 "configurations": {"3d_fullres": {"patch_size": [128, 128, 128], "spacing": [1, 1, 1],
   "normalization_schemes": ["CTNormalization"], "UNet_class_name": "PlainConvUNet", "UNet_base_num_features": 32,
   "unet_max_num_features": 320, "conv_kernel_sizes": [[3,3,3],[3,3,3],[3,3,3],[3,3,3],[3,3,3],[3,3,3]],
   "pool_op_kernel_sizes": [[1,1,1],[2,2,2],[2,2,2],[2,2,2],[2,2,2],[2,2,2]],
   "n_conv_per_stage_encoder": [2,2,2,2,2,2], "n_conv_per_stage_decoder": [2,2,2,2,2]}}})";

const char* kDataset = R"({"channel_names": {"0": "arterial", "1": "portal_venous"},
  "labels": {"background": 0, "liver": 1, "tumour": 2}, "file_ending": ".nii.gz"})";

}  // namespace

TEST_CASE("nnU-Net plans: current layout, inheritance, labels", "[plans]") {
  const auto p = parseNnunetPlan(kNewPlans, kDataset, "3d_fullres", "plans.json");
  CHECK(p.network.networkClass == NetworkClass::ResidualEncoderUNet);
  CHECK(p.network.nStages() == 3);
  CHECK(p.network.nConvPerStage == std::vector<int>{1, 3, 4});
  CHECK(p.network.kernelSizes[0] == std::array<int, 3>{1, 3, 3});
  CHECK(p.network.numClasses == 3);
  CHECK(p.network.inputChannels == 2);
  CHECK(p.patchSize == std::array<int, 3>{96, 160, 160});
  CHECK(p.normalization[1].mean == 120.0);
  CHECK(p.normalization[0].upper == 250.0);
  CHECK(p.labelNames == std::vector<std::string>{"background", "liver", "tumour"});
  const auto low = parseNnunetPlan(kNewPlans, kDataset, "3d_lowres", "plans.json");
  CHECK(low.spacing == std::array<double, 3>{4.0, 2.0, 2.0});
  CHECK(low.patchSize == p.patchSize);
  CHECK_THROWS_WITH(parseNnunetPlan(kNewPlans, kDataset, "2d", "plans.json"),
                    Catch::Contains("plans.json") && Catch::Contains("no configuration '2d'"));
}

TEST_CASE("nnU-Net plans: older layout", "[plans]") {
  const auto p = parseNnunetPlan(kOldPlans, R"({"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1}})",
                                 "3d_fullres", "old.json");
  CHECK(p.network.networkClass == NetworkClass::PlainConvUNet);
  CHECK(p.network.featuresPerStage == std::vector<int>{32, 64, 128, 256, 320, 320});
  CHECK(p.network.numClasses == 2);
}

TEST_CASE("Post-processing keeps the largest liver and tumours inside it", "[postprocess]") {
  const std::array<std::int64_t, 3> d{12, 10, 6};
  std::vector<std::uint8_t> l(static_cast<std::size_t>(d[0] * d[1] * d[2]), 0);
  auto at = [&](int i, int j, int k) -> std::uint8_t& { return l[static_cast<std::size_t>(i + d[0] * (j + d[1] * k))]; };
  for (int k = 1; k < 5; ++k)
    for (int j = 1; j < 8; ++j)
      for (int i = 1; i < 7; ++i) at(i, j, k) = 1;  // big liver (168 voxels)
  at(3, 3, 2) = 2;                                   // tumour inside
  at(10, 8, 3) = 1;                                  // small liver island (removed)
  at(10, 1, 1) = 2;                                  // tumour island (removed)
  at(7, 4, 2) = 2;                                   // tumour on the liver surface (kept)
  auto a = l;
  const auto r = postprocessLabels(a, d, PostprocessOptions{});
  CHECK(r.liverComponents == 3);
  CHECK(r.removedLiverVoxels == 2);
  CHECK(a[static_cast<std::size_t>(10 + d[0] * (8 + d[1] * 3))] == 0);
  CHECK(a[static_cast<std::size_t>(3 + d[0] * (3 + d[1] * 2))] == 2);
  CHECK(a[static_cast<std::size_t>(7 + d[0] * (4 + d[1] * 2))] == 2);

  PostprocessOptions onlyTumour;
  onlyTumour.largestLiverComponent = false;
  auto b = l;
  const auto r2 = postprocessLabels(b, d, onlyTumour);
  CHECK(r2.removedTumourVoxels == 1);                              // the isolated tumour voxel
  CHECK(b[static_cast<std::size_t>(10 + d[0] * (8 + d[1] * 3))] == 1);  // liver island kept
}
