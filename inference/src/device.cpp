// Device selection and the autocast guard (the one place that knows LibTorch 1.13 vs 2.x autocast APIs).
#include <hccws/inference/device.h>
#include <hccws/inference/limits.h>

#include "torch_device.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace hccws::infer {

DeviceRequest parseDeviceRequest(const std::string& text) {
  DeviceRequest r;
  if (text.empty() || text == "auto") return r;
  if (text == "cpu") {
    r.kind = DeviceKind::Cpu;
    return r;
  }
  if (text.rfind("cuda", 0) == 0) {
    r.kind = DeviceKind::Cuda;
    if (text.size() > 5 && text.size() <= 8 && text[4] == ':' &&
        text.find_first_not_of("0123456789", 5) == std::string::npos) {
      r.cudaIndex = 0;  // 1 to 3 digits (no std::stoi: "cuda:1x" is refused, not read as 1)
      for (std::size_t i = 5; i < text.size(); ++i) r.cudaIndex = 10 * r.cudaIndex + (text[i] - '0');
    } else if (text.size() != 4) {
      throw InferenceError("", "device '" + text + "' is not understood (cpu, cuda, cuda:N, auto)");
    }
    return r;
  }
  throw InferenceError("", "device '" + text + "' is not understood (cpu, cuda, cuda:N, auto)");
}

DeviceChoice selectDevice(const DeviceRequest& req) {
  DeviceChoice c;
  const bool cuda = torch::cuda::is_available();
  const int nCuda = cuda ? static_cast<int>(torch::cuda::device_count()) : 0;
  const std::string seen = cuda ? "CUDA available (" + std::to_string(nCuda) + " device" + (nCuda == 1 ? "" : "s") + ")"
                                : "no CUDA device visible to LibTorch " TORCH_VERSION " (CPU-only build or no driver)";
  switch (req.kind) {
    case DeviceKind::Auto:
      c.kind = cuda ? DeviceKind::Cuda : DeviceKind::Cpu;
      c.reason = seen + ", automatic choice";
      break;
    case DeviceKind::Cpu:
      c.kind = DeviceKind::Cpu;
      c.reason = "CPU requested (" + seen + ")";
      break;
    case DeviceKind::Cuda:
      if (!cuda) throw InferenceError("", "CUDA was requested but " + seen);
      if (req.cudaIndex < 0 || req.cudaIndex >= nCuda)
        throw InferenceError("", "cuda:" + std::to_string(req.cudaIndex) + " was requested but only " +
                                     std::to_string(nCuda) + " CUDA device(s) exist");
      c.kind = DeviceKind::Cuda;
      c.reason = "CUDA requested, " + seen;
      break;
  }
  c.cudaIndex = c.kind == DeviceKind::Cuda ? req.cudaIndex : 0;
  if (c.kind == DeviceKind::Cuda) {
    // Tiles all have the patch's shape, so cuDNN's autotuning pays off after the first tile (as nnU-Net sets
    // torch.backends.cudnn.benchmark). Process-wide LibTorch setting.
    at::globalContext().setBenchmarkCuDNN(true);
    c.precision = req.precision == Precision::Auto ? Precision::Float16 : req.precision;
  } else {
    c.precision = Precision::Float32;
    if (req.precision == Precision::Float16 || req.precision == Precision::BFloat16)
      c.reason += "; reduced precision is not used on the CPU (fp32)";
  }
  // Refused before LibTorch sees it: set_num_threads(100000) starts that many threads (issue 13).
  if (req.cpuThreads < 0 || req.cpuThreads > maxCpuThreads())
    throw InferenceError("", "CPU threads " + std::to_string(req.cpuThreads) + " is outside the allowed range 1.." +
                                 std::to_string(maxCpuThreads()) + " (4 x the hardware threads; 0 = every core, or OMP_NUM_THREADS)");
  if (req.cpuThreads > 0) {
    torch::set_num_threads(req.cpuThreads);
  } else if (c.kind == DeviceKind::Cpu && !std::getenv("OMP_NUM_THREADS")) {
    // 0 = every core: LibTorch's own default can be 1 on a thread that is not the process's first (the GUI's
    // worker threads ran on one core, issue 15). OpenMP's thread count is per calling thread: set it here, on
    // the thread that runs the work. OMP_NUM_THREADS, when the user set it, wins.
    torch::set_num_threads(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  }
  c.cpuThreads = torch::get_num_threads();
  c.description = describe(c);
  return c;
}

std::string describe(const DeviceChoice& c) {
  std::string s = c.kind == DeviceKind::Cuda ? "cuda:" + std::to_string(c.cudaIndex) : std::string("CPU");
  switch (c.precision) {
    case Precision::Float16: s += ", fp16 autocast"; break;
    case Precision::BFloat16: s += ", bf16 autocast"; break;
    default: s += ", fp32"; break;
  }
  if (c.kind == DeviceKind::Cpu) s += ", " + std::to_string(c.cpuThreads) + " thread(s)";
  return s;
}

namespace detail {

torch::Device torchDevice(const DeviceChoice& c) {
  return c.kind == DeviceKind::Cuda ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(c.cudaIndex))
                                    : torch::Device(torch::kCPU);
}

// LibTorch >= 2.4 takes the device type; older releases (1.13 included) have the CUDA-only functions.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define HCCWS_AUTOCAST_BY_DEVICE 1
#endif

AutocastGuard::AutocastGuard(const DeviceChoice& c) {
  if (c.kind != DeviceKind::Cuda || c.precision == Precision::Float32 || c.precision == Precision::Auto) return;
  const auto dtype = c.precision == Precision::BFloat16 ? at::kBFloat16 : at::kHalf;
  active_ = true;
#ifdef HCCWS_AUTOCAST_BY_DEVICE
  previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
  at::autocast::set_autocast_dtype(at::kCUDA, dtype);
  at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
  previous_ = at::autocast::is_enabled();
  at::autocast::set_autocast_gpu_dtype(dtype);
  at::autocast::set_enabled(true);
#endif
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
#ifdef HCCWS_AUTOCAST_BY_DEVICE
  at::autocast::set_autocast_enabled(at::kCUDA, previous_);
#else
  at::autocast::set_enabled(previous_);
#endif
  // Parameters have requires_grad false, so autocast caches no weight casts; clearing is cheap and safe.
  at::autocast::clear_cache();
}

bool isOutOfMemory(const std::exception& e) {
  const std::string what = e.what();
  return what.find("out of memory") != std::string::npos || what.find("CUDA error: out of memory") != std::string::npos;
}

std::string firstLine(const std::string& message) {
  std::string s = message.substr(0, message.find('\n'));
  if (s.size() > 300) s = s.substr(0, 297) + "...";
  return s;
}

void rethrowAsInferenceError(const std::string& file, const std::string& doing) {
  try {
    throw;
  } catch (const InferenceError&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw InferenceError(file, doing + ": out of memory");
  } catch (const c10::Error& e) {
    // what() = message + "Exception raised from ..." + backtrace; the message alone, first line.
    const std::string msg = firstLine(e.what_without_backtrace());
    if (isOutOfMemory(e) || msg.find("can't allocate memory") != std::string::npos)
      throw InferenceError(file, doing + ": out of memory (" + msg + ")");
    throw InferenceError(file, doing + " failed: " + msg);
  } catch (const std::exception& e) {
    throw InferenceError(file, doing + " failed: " + firstLine(e.what()));
  }
}

}  // namespace detail
}  // namespace hccws::infer
