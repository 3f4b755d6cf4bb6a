#pragma once
// The network and nnU-Net's sliding-window prediction on already preprocessed data, without the rest of the
// pipeline: for parity tests against the PyTorch reference and for benchmarks. Torch-free header (pimpl).
//
// Tensors are plain float buffers in C order: input (C, Z, Y, X), output logits (K, Z, Y, X), zyx as in
// nnU-Net (see types.h). Not thread-safe: one call at a time per runner (the network is stateful on CUDA).
#include <hccws/inference/plans.h>
#include <hccws/inference/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hccws::infer {

struct WindowOptions {
  std::array<int, 3> patchZyx{128, 128, 128};
  double step = 0.5;
  bool mirroring = true;
  std::vector<int> mirrorAxes{0, 1, 2};
  Mode mode = Mode::Fast;
  // Fast mode: how many mirrored copies of a tile go through the network together (1..8); 0 = all.
  int mirrorBatch = 0;
  // Where the accumulated logits live: false = on the compute device; true = host memory (the OOM fallback).
  bool accumulateOnHost = false;
};

class NetworkRunner {
 public:
  // weightsFile: safetensors with nnU-Net key names; empty = LibTorch's default random initialisation.
  NetworkRunner(const NetworkConfig& config, const std::string& weightsFile, const DeviceRequest& device = {});
  ~NetworkRunner();
  NetworkRunner(NetworkRunner&&) noexcept;
  NetworkRunner& operator=(NetworkRunner&&) noexcept;

  const DeviceChoice& device() const;
  std::int64_t parameterCount() const;
  // Writes the current weights (nnU-Net key names, float32) as safetensors.
  void saveWeights(const std::string& path) const;

  // One tile (network input size), with nnU-Net's test-time mirroring when asked. Returns (K, Z, Y, X).
  std::vector<float> predictTile(const std::vector<float>& input, const std::array<std::int64_t, 3>& zyx,
                                 bool mirroring, Mode mode = Mode::Fast) const;
  // nnU-Net's predict_sliding_window_return_logits. Returns (K, Z, Y, X) as float (float16 values in Exact mode).
  std::vector<float> slidingWindow(const std::vector<float>& input, const std::array<std::int64_t, 3>& zyx,
                                   const WindowOptions& options, const ProgressSink& progress = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// nnU-Net's compute_steps_for_sliding_window: tile start positions per axis (round half to even).
std::vector<std::vector<std::int64_t>> slidingWindowSteps(const std::array<std::int64_t, 3>& imageZyx,
                                                          const std::array<int, 3>& patchZyx, double step);
// nnU-Net's Gaussian importance map (sigma = patch / 8, 10 at the centre, zeros replaced by the smallest
// non-zero value), as float16 values (Exact) or float32 (Fast). (Z, Y, X) C order.
std::vector<float> gaussianImportanceMap(const std::array<int, 3>& patchZyx, bool float16);

}  // namespace hccws::infer
