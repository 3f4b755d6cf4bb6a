#pragma once
// nnU-Net v2 sliding-window prediction on preprocessed data (private, Torch).
#include <hccws/inference/network_runner.h>

#include "unet.h"

#include <functional>

namespace hccws::infer::detail {

struct WindowContext {
  DeviceChoice choice;                      // compute device and autocast precision
  torch::Device device{torch::kCPU};        // compute device
  torch::Device resultsDevice{torch::kCPU}; // where logits accumulate
};

torch::Tensor gaussianMap(const std::array<int, 3>& patch, torch::ScalarType dtype, const torch::Device& device);

// x: (1, C, z, y, x) on the compute device. Returns (K, z, y, x): float32 in Fast mode; the network's output
// dtype in Exact mode (float16 under CUDA autocast, as nnU-Net).
torch::Tensor predictTile(UNet& net, const torch::Tensor& x, const WindowOptions& o, const WindowContext& ctx);

// data: (C, Z, Y, X) float32 on any device. Returns (K, Z, Y, X) on ctx.resultsDevice, float16 (Exact) or
// float32 (Fast). tick(done, total) after each tile; it throws to cancel.
torch::Tensor slidingWindow(UNet& net, const torch::Tensor& data, const WindowOptions& o, const WindowContext& ctx,
                            const std::function<void(int, int)>& tick);

}  // namespace hccws::infer::detail
