#pragma once
// Torch-side helpers of device.cpp (private).
#include <hccws/inference/types.h>

#include <torch/torch.h>

#include <exception>

namespace hccws::infer::detail {

torch::Device torchDevice(const DeviceChoice& choice);

// Enables CUDA autocast (fp16 or bf16 per the choice) for the current thread while alive; no-op on the CPU
// or in fp32. Hides the API change of LibTorch 2.4 (device-typed autocast functions).
class AutocastGuard {
 public:
  explicit AutocastGuard(const DeviceChoice& choice);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_ = false;
  bool previous_ = false;
};

// True for LibTorch's CUDA (and CPU allocator) out-of-memory errors (c10::OutOfMemoryError in 2.x, a
// c10::Error whose message says "out of memory" in 1.13).
bool isOutOfMemory(const std::exception& e);

}  // namespace hccws::infer::detail
