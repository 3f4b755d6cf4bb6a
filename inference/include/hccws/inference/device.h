#pragma once
// Device selection for the inference engine (Torch-free header).
//
// Rules: Auto picks CUDA when LibTorch sees a CUDA device, else the CPU. An explicit Cuda request fails with
// InferenceError when no CUDA device is visible (never a silent CPU fallback: the user asked for the GPU).
// Precision: Auto = fp16 autocast on CUDA, fp32 on the CPU; fp16/bf16 asked on the CPU fall back to fp32
// (said in DeviceChoice::reason). cpuThreads > 0 sets LibTorch's intra-op thread count, which is
// process-wide in LibTorch (the last Segmenter created wins).
#include <hccws/inference/types.h>

#include <string>

namespace hccws::infer {

DeviceChoice selectDevice(const DeviceRequest& request);

// Parses "cpu", "cuda", "cuda:1", "auto" (for command lines); throws InferenceError otherwise.
DeviceRequest parseDeviceRequest(const std::string& text);
// "CPU, fp32, 2 threads: no CUDA device visible" - one line for logs.
std::string describe(const DeviceChoice& choice);

}  // namespace hccws::infer
