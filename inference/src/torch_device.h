#pragma once
// Torch-side helpers of device.cpp (private).
#include <hccws/inference/types.h>

#include <torch/torch.h>

#include <exception>
#include <string>

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

// Called inside a catch block: rethrows the exception in flight as an InferenceError naming `file` and what was
// being done, so that no LibTorch message reaches a user with its C++ backtrace (a c10::Error's what() holds
// one): InferenceError and Cancelled pass unchanged; c10::Error keeps only the first line of its message
// (without the backtrace); std::bad_alloc (and LibTorch's allocation failures) becomes "out of memory".
[[noreturn]] void rethrowAsInferenceError(const std::string& file, const std::string& doing);
// The first line of a message, at most 300 characters.
std::string firstLine(const std::string& message);

}  // namespace hccws::infer::detail
