#pragma once
// Plain types of the inference engine's public API (Torch-free: Qt code includes this under QT_NO_KEYWORDS).
//
// Axis mapping, stated once for the whole engine:
// - The imaging core's Volume is (i, j, k) with i fastest. InputImage keeps that: dims = {ni, nj, nk},
//   spacingMm = {si, sj, sk}, voxels[i + ni * (j + nj * k)].
// - The same buffer viewed as a C-order tensor is [k][j][i], i.e. nnU-Net's (z, y, x) array as its
//   SimpleITK reader produces it, with nnU-Net's spacing = (sk, sj, si) (reversed). Every "zyx" name in this
//   engine (patch sizes, target spacing in plans.json, tensors) is in that reversed order.
// Threading: every type here is a value; nothing is shared.
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hccws::infer {

// Same signature as hccws::core::ProgressSink (inference may not depend on the core): fraction in [0, 1],
// short stage name; returning false cancels (the work then throws Cancelled).
using ProgressSink = std::function<bool(double fraction, std::string_view stage)>;

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("segmentation cancelled by the user") {}
};

// Expected failures (bad bundle, wrong input, unsupported plans): a user message naming the file and the
// problem, plus a technical detail for logs.
class InferenceError : public std::runtime_error {
 public:
  InferenceError(std::string file, std::string problem, std::string detail = {})
      : std::runtime_error(file.empty() ? problem : file + ": " + problem),
        file_(std::move(file)), problem_(std::move(problem)), detail_(std::move(detail)) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string file_, problem_, detail_;
};

// One input channel (one CT phase), on its own grid; all channels of a case must share the grid (register
// them first). Values in HU for CT.
struct InputImage {
  std::array<std::int64_t, 3> dims{0, 0, 0};  // ni, nj, nk (i fastest)
  std::array<double, 3> spacingMm{1, 1, 1};   // si, sj, sk
  std::vector<float> voxels;                  // ni * nj * nk values
  std::string phase;                          // "arterial", "portal_venous", ... (matched to the bundle)
};

enum class DeviceKind { Auto, Cpu, Cuda };
// Auto: fp16 autocast on CUDA, fp32 on the CPU.
enum class Precision { Auto, Float32, Float16, BFloat16 };

// Exact: reproduces nnU-Net v2's numerics where they change labels: tile logits and weights accumulated in
//        float16, float16 Gaussian map, one tile per forward pass, logits resampled into float16 before argmax.
// Fast:  float32 accumulation on the device, the 8 mirrored copies of a tile in one batch, logits resampled in
//        float32. Same algorithm otherwise; labels differ from nnU-Net's only near ties.
enum class Mode { Exact, Fast };

struct DeviceRequest {
  DeviceKind kind = DeviceKind::Auto;
  int cudaIndex = 0;
  Precision precision = Precision::Auto;
  int cpuThreads = 0;  // 0: every core (hardware concurrency), or OMP_NUM_THREADS when set
};

// What selectDevice() decided, and why, in words for logs and the command line.
struct DeviceChoice {
  DeviceKind kind = DeviceKind::Cpu;
  int cudaIndex = 0;
  Precision precision = Precision::Float32;
  int cpuThreads = 1;
  std::string description;  // e.g. "cuda:0, fp16 autocast"
  std::string reason;       // e.g. "CUDA available (1 device), no override"
};

struct PostprocessOptions {
  bool largestLiverComponent = true;  // keep the largest connected liver(+tumour) component
  bool tumourInsideLiver = true;      // drop tumour components that touch no liver voxel
  std::uint8_t liverLabel = 1;
  std::uint8_t tumourLabel = 2;
};

struct RunOptions {
  DeviceRequest device;
  Mode mode = Mode::Fast;
  bool mirroring = true;       // test-time mirroring over the bundle's allowed axes (8 flips for 3 axes)
  double tileStep = 0.5;       // fraction of the patch between tiles
  std::vector<int> folds;      // empty: every fold in the bundle (ensemble)
  bool postprocess = true;
  PostprocessOptions post;
  bool returnProbabilities = false;
};

struct SegmentationResult {
  std::array<std::int64_t, 3> dims{0, 0, 0};  // the input grid (i fastest)
  std::array<double, 3> spacingMm{1, 1, 1};
  std::vector<std::uint8_t> labels;           // dims product, i fastest
  int numClasses = 0;
  std::vector<std::string> labelNames;        // index = label value
  // Softmax probabilities on the input grid, [class][k][j][i]; empty unless asked.
  std::vector<float> probabilities;
  DeviceChoice device;
  double seconds = 0;
  std::vector<std::string> log;  // what was done (crop, resampling rule, tiles, fallbacks)
};

}  // namespace hccws::infer
