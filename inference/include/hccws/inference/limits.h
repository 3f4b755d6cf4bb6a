#pragma once
// Bounds on everything a model bundle or a command line can ask the inference engine to allocate or build
// (issue 13). A bundle comes from outside (a collaborator, a download, a USB stick): plans.json can claim
// 100,000 convolutions per stage, a safetensors header 10^12 elements, a manifest a FIFO as weights file.
// Every such number is checked here, against a documented limit, before anything is allocated or built, and
// the refusal names the file, the key and the allowed range (docs/inference.md, docs/reliability.md).
//
// Why not hccws/core/limits.h: the inference layer links LibTorch, the standard library and nlohmann-json
// only (it builds alone on the GPU machine, inference/CMakeLists.txt), so it cannot include the viewer core.
// This is its own small equivalent, with budgets that fit weights rather than volumes.
//
// Budgets (bytes; the environment variables take a byte count or a number with a K/M/G suffix, e.g. "4G";
// a value that is not such a number is refused with a message naming the variable):
// - tensorByteBudget(): one tensor of a weights file, one parameter tensor of a network, one activation of a
//   patch. Default 2 GiB; HCCWS_MAX_TENSOR_BYTES.
// - modelByteBudget(): all tensors of one weights file, all parameters of one network. Default 8 GiB (the
//   largest nnU-Net v2 networks, ResEnc XL, hold about 0.4 GB per fold); HCCWS_MAX_MODEL_BYTES.
// Fixed limits (no nnU-Net v2 configuration comes near them) are the constants below.
// Threading: pure functions; the environment is read on each call.
#include <cstdint>
#include <string>

namespace hccws::infer {

std::uint64_t tensorByteBudget();
std::uint64_t modelByteBudget();

// Throws InferenceError(file, "<what> would need N bytes, over the limit of ... (set VAR to allow more)") when
// count x bytesPerItem exceeds `budget` (an overflowing product counts as over). `variable` names the
// environment variable that raises the budget.
void checkBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem,
                std::uint64_t budget, const char* variable);
void checkTensorBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem);
void checkModelBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem);

// "2.0 GB" style text for messages.
std::string formatBytes(std::uint64_t bytes);

// JSON files of a bundle (manifest.json, plans.json, dataset.json): at most this size, this nesting depth.
constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;
constexpr int kMaxJsonDepth = 64;
// safetensors: the JSON header at most 100 MB (the limit of the reference implementation).
constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100ull << 20;
// Tensor rank (nnU-Net's conv weights have 5 dimensions).
constexpr int kMaxTensorRank = 8;

// Network architecture (plans.json), per key. nnU-Net v2's own plans use 4-8 stages, 32-320 (512) features,
// kernels of 1 or 3, strides of 1 or 2, 2 convolutions (up to 6 residual blocks) per stage.
constexpr int kMinStages = 2, kMaxStages = 12;
constexpr int kMaxFeaturesPerStage = 4096;
constexpr int kMaxKernelSize = 15;  // odd, 1..15
constexpr int kMaxStride = 8;
constexpr int kMaxConvPerStage = 64;  // convolutions (PlainConvUNet) or residual blocks per stage, decoder too
constexpr int kMaxPatchAxis = 1024;   // voxels per patch axis
constexpr std::uint64_t kMaxPatchVoxels = 1ull << 27;  // 512 x 512 x 512
constexpr int kMaxInputChannels = 64;
constexpr int kMaxClasses = 256;  // labels are stored as 8 bits (values 0..255)
constexpr int kMaxFolds = 100;    // weights files listed in one manifest
// Spacing in mm (target spacing, image spacing given to the engine): finite and in this range.
constexpr double kMinSpacingMm = 1e-4, kMaxSpacingMm = 1e4;
// Sliding-window tile step (fraction of the patch): nnU-Net uses 0.5; smaller steps multiply the tile count by
// (1/step)^3, so below 0.05 (8,000 x the tiles of step 1) a run would not end in any useful time.
constexpr double kMinTileStep = 0.05, kMaxTileStep = 1.0;

// LibTorch CPU threads: 1..maxCpuThreads() (0 = every core, or OMP_NUM_THREADS when set). 4 x the hardware threads (at least 4):
// more only adds scheduling overhead, and LibTorch creates the threads up front (100,000 of them exhaust the
// process before any work starts).
int maxCpuThreads();

}  // namespace hccws::infer
