// bench_segment: time and peak memory of nnU-Net's sliding-window prediction in hccws_inference, on a
// synthetic two-phase case (default 300x512x512 zyx) with random weights of a realistic 3d_fullres plan
// (6 stages, 32..320 features, 3x3x3 kernels, patch 128^3), with and without mirroring, on the CPU and on
// CUDA when available. Prints one JSON line per run (the same fields as nnunet_reference.py bench), so
// run_bench.sh can put the PyTorch reference next to it.
//
//   bench_segment [--plans plans.json] [--weights w.safetensors] [--save-weights out.safetensors]
//                 [--size Z Y X] [--patch Z Y X] [--device cpu|cuda|auto] [--mode fast|exact]
//                 [--mirroring on|off|both] [--threads N] [--repeat N]
// Scope: the prediction on preprocessed data plus argmax (what dominates a case); preprocessing and
// export are not timed here.
#include <hccws/inference/device.h>
#include <hccws/inference/network_runner.h>
#include <hccws/inference/plans.h>

#include <torch/torch.h>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#define HCCWS_BENCH_CUDA_STATS 1
#endif

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace hccws::infer;

namespace {

NetworkConfig realisticPlan() {
  NetworkConfig c;
  c.networkClass = NetworkClass::PlainConvUNet;
  c.inputChannels = 2;
  c.numClasses = 3;
  c.featuresPerStage = {32, 64, 128, 256, 320, 320};
  c.kernelSizes.assign(6, {3, 3, 3});
  c.strides = {{1, 1, 1}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}};
  c.nConvPerStage.assign(6, 2);
  c.nConvPerStageDecoder.assign(5, 2);
  return c;
}

double peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr, "bench_segment: %s\n(see the header of inference/bench/bench_segment.cpp)\n", msg);
  std::exit(64);
}

}  // namespace

int main(int argc, char** argv) {
  std::string plansPath, weights, saveWeights, device = "auto", mode = "fast", mirroring = "both";
  std::array<std::int64_t, 3> size{300, 512, 512};
  std::array<int, 3> patch{0, 0, 0};
  int threads = 0, repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--plans") plansPath = next();
    else if (a == "--weights") weights = next();
    else if (a == "--save-weights") saveWeights = next();
    else if (a == "--device") device = next();
    else if (a == "--mode") mode = next();
    else if (a == "--mirroring") mirroring = next();
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--repeat") repeat = std::stoi(next());
    else if (a == "--size") for (auto& v : size) v = std::stoll(next());
    else if (a == "--patch") for (auto& v : patch) v = std::stoi(next());
    else usage(("unknown argument " + a).c_str());
  }
  try {
    NetworkConfig cfg = realisticPlan();
    std::array<int, 3> planPatch{128, 128, 128};
    if (!plansPath.empty()) {
      const auto p = readNnunetPlan(plansPath, "");
      cfg = p.network;
      cfg.inputChannels = 2;
      cfg.numClasses = 3;
      planPatch = p.patchSize;
    }
    if (patch[0] == 0) patch = planPatch;
    DeviceRequest req = parseDeviceRequest(device);
    req.cpuThreads = threads;
    torch::manual_seed(0);
    NetworkRunner runner(cfg, weights, req);
    if (!saveWeights.empty()) runner.saveWeights(saveWeights);
    std::fprintf(stderr, "bench_segment: %s; %lld parameters; case %lldx%lldx%lld (zyx), patch %dx%dx%d\n",
                 describe(runner.device()).c_str(), static_cast<long long>(runner.parameterCount()),
                 static_cast<long long>(size[0]), static_cast<long long>(size[1]), static_cast<long long>(size[2]),
                 patch[0], patch[1], patch[2]);
    // Two phases of smooth random "tissue" (normalised units), seeded.
    const std::size_t n = static_cast<std::size_t>(2 * size[0] * size[1] * size[2]);
    std::vector<float> input(n);
    std::mt19937 rng(0);
    std::normal_distribution<float> dist(0.f, 1.f);
    for (auto& v : input) v = dist(rng);

    std::vector<bool> mirrorRuns;
    if (mirroring == "both" || mirroring == "off") mirrorRuns.push_back(false);
    if (mirroring == "both" || mirroring == "on") mirrorRuns.push_back(true);
    for (bool mirror : mirrorRuns) {
      for (int r = 0; r < repeat; ++r) {
        WindowOptions o;
        o.patchZyx = patch;
        o.mirroring = mirror;
        o.mode = mode == "exact" ? Mode::Exact : Mode::Fast;
#ifdef HCCWS_BENCH_CUDA_STATS
        if (runner.device().kind == DeviceKind::Cuda)
          c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(runner.device().cudaIndex));
#endif
        const auto t0 = std::chrono::steady_clock::now();
        const auto logits = runner.slidingWindow(input, size, o);
        // argmax over classes on the host (the reference does the same after .cpu()).
        const std::size_t vox = logits.size() / static_cast<std::size_t>(cfg.numClasses);
        long long checksum = 0;
        for (std::size_t v = 0; v < vox; ++v) {
          int best = 0;
          for (int k = 1; k < cfg.numClasses; ++k)
            if (logits[k * vox + v] > logits[best * vox + v]) best = k;
          checksum += best;
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double gpuPeak = -1;
#ifdef HCCWS_BENCH_CUDA_STATS
        if (runner.device().kind == DeviceKind::Cuda) {
          const auto st = c10::cuda::CUDACachingAllocator::getDeviceStats(
              static_cast<c10::DeviceIndex>(runner.device().cudaIndex));
          gpuPeak = static_cast<double>(st.allocated_bytes[0].peak) / (1024.0 * 1024.0);
        }
#endif
        std::printf("{\"impl\": \"hccws-libtorch\", \"device\": \"%s\", \"size\": [%lld, %lld, %lld], "
                    "\"patch\": [%d, %d, %d], \"mirroring\": %s, \"mode\": \"%s\", \"seconds\": %.3f, "
                    "\"peak_rss_mib\": %.0f, \"peak_gpu_mib\": %.0f, \"checksum\": %lld}\n",
                    runner.device().kind == DeviceKind::Cuda ? "cuda" : "cpu", static_cast<long long>(size[0]),
                    static_cast<long long>(size[1]), static_cast<long long>(size[2]), patch[0], patch[1], patch[2],
                    mirror ? "true" : "false", mode.c_str(), secs, peakRssMiB(), gpuPeak, checksum);
        std::fflush(stdout);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_segment: %s\n", e.what());
    return 1;
  }
  return 0;
}
