// bench_resample: exact (nnU-Net's skimage/scipy B-spline, resample_spline.cpp) vs fast (cubic convolution,
// torch) resampling of hccws::infer::detail::resampleToShape, on a synthetic CT-like case normalised as nnU-Net's
// CTNormalization (clip [-17, 201] HU, (v - 99.4) / 39.4), at a realistic size. Prints one JSON line per run
// and the agreement of fast with exact:
//   data (order 3): input grid -> target spacing, what the network sees: max / mean abs difference;
//   export (order 1): K-class logits on the target grid -> input grid, as the Segmenter does (exact: float64
//   into float16 per class; fast: float32; timed without the argmax), then argmax: fraction of voxels with
//   the same label.
//
//   bench_resample [--size Z Y X] [--spacing Z Y X] [--target Z Y X] [--channels C] [--classes K]
//                  [--threads N] [--only exact|fast] [--device cpu|cuda]
// Defaults: 300x512x512 at 1.5 x 0.7 x 0.7 mm -> 1.0 x 0.78 x 0.78 mm (nnU-Net's target for MSD liver),
// one channel, 3 classes. --only runs one mode (for its own peak RSS); agreement needs both.
#include "preprocessing.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace hccws::infer;

namespace {

double peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr, "bench_resample: %s\n(see the header of inference/bench/bench_resample.cpp)\n", msg);
  std::exit(64);
}

// CT-like HU (air, body ellipse, a liver-like ellipsoid with two lesions, vessels, spine) plus noise, then
// nnU-Net's CTNormalization; (C, Z, Y, X) float32.
torch::Tensor syntheticCase(const std::array<std::int64_t, 3>& s, int channels) {
  auto z = torch::linspace(-0.5, 0.5, s[0]).view({s[0], 1, 1});
  auto y = torch::linspace(-0.5, 0.5, s[1]).view({1, s[1], 1});
  auto x = torch::linspace(-0.5, 0.5, s[2]).view({1, 1, s[2]});
  std::vector<torch::Tensor> chans;
  torch::manual_seed(1);
  for (int c = 0; c < channels; ++c) {
    auto hu = torch::full({s[0], s[1], s[2]}, -1000.0f);
    hu = torch::where(y * y / 0.16 + x * x / 0.2 < 1, torch::full_like(hu, 40.0f), hu);
    auto liver = (y - 0.05) * (y - 0.05) / 0.04 + (x + 0.12) * (x + 0.12) / 0.05 + z * z / 0.12 < 1;
    hu = torch::where(liver, torch::full_like(hu, c == 0 ? 75.0f : 110.0f), hu);
    auto lesion = (y - 0.02) * (y - 0.02) + (x + 0.15) * (x + 0.15) + (z - 0.1) * (z - 0.1) < 0.004;
    hu = torch::where(lesion, torch::full_like(hu, c == 0 ? 140.0f : 70.0f), hu);
    auto vessel = (y + 0.1) * (y + 0.1) + (x - 0.05) * (x - 0.05) < 0.0009 + 0 * z;
    hu = torch::where(vessel, torch::full_like(hu, c == 0 ? 300.0f : 180.0f), hu);
    auto spine = (y + 0.28) * (y + 0.28) + x * x < 0.004 + 0 * z;
    hu = torch::where(spine, torch::full_like(hu, 700.0f), hu);
    hu.add_(torch::randn_like(hu) * 12.0);
    chans.push_back(hu.clamp_(-17.0, 201.0).sub_(99.4).div_(39.4));
  }
  return torch::stack(chans).contiguous();
}

double seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::array<std::int64_t, 3> size{300, 512, 512};
  std::array<double, 3> spacing{1.5, 0.7, 0.7}, target{1.0, 0.78, 0.78};
  int channels = 1, classes = 3, threads = 0;
  std::string only, device = "cpu";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--size") for (auto& v : size) v = std::stoll(next());
    else if (a == "--spacing") for (auto& v : spacing) v = std::stod(next());
    else if (a == "--target") for (auto& v : target) v = std::stod(next());
    else if (a == "--channels") channels = std::stoi(next());
    else if (a == "--classes") classes = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--only") only = next();
    else if (a == "--device") device = next();
    else usage(("unknown argument " + a).c_str());
  }
  if (threads > 0) torch::set_num_threads(threads);
  const bool runExact = only.empty() || only == "exact", runFast = only.empty() || only == "fast";
  if (!runExact && !runFast) usage("--only takes exact or fast");
  const torch::Device dev(device == "cuda" ? torch::kCUDA : torch::kCPU);
  torch::NoGradGuard noGrad;

  const auto data = syntheticCase(size, channels);
  const auto target3 = hccws::infer::detail::newShapeFor(size, spacing, target);
  std::printf("# case %lldx%lldx%lld x %d channel(s) at %.3g x %.3g x %.3g mm -> %lldx%lldx%lld at %.3g x %.3g x "
              "%.3g mm, %d threads, %s\n",
              static_cast<long long>(size[0]), static_cast<long long>(size[1]), static_cast<long long>(size[2]),
              channels, spacing[0], spacing[1], spacing[2], static_cast<long long>(target3[0]),
              static_cast<long long>(target3[1]), static_cast<long long>(target3[2]), target[0], target[1],
              target[2], torch::get_num_threads(), device.c_str());
  auto report = [&](const char* stage, const char* mode, double s, const std::string& log) {
    std::printf("{\"impl\": \"resample\", \"stage\": \"%s\", \"mode\": \"%s\", \"seconds\": %.3f, "
                "\"peak_rss_mib\": %.0f, \"threads\": %d, \"device\": \"%s\", \"log\": \"%s\"}\n",
                stage, mode, s, peakRssMiB(), torch::get_num_threads(), device.c_str(), log.c_str());
    std::fflush(stdout);
  };

  // Data: order 3 to the target spacing (preprocessing).
  torch::Tensor exactData, fastData;
  if (runExact) {
    std::vector<std::string> log;
    const auto t0 = std::chrono::steady_clock::now();
    exactData = hccws::infer::detail::resampleToShape(data, target3, spacing, target, 3, &log, Mode::Exact);
    report("data_order3", "exact", seconds(t0), log.empty() ? "" : log[0]);
  }
  if (runFast) {
    std::vector<std::string> log;
    auto d = data.to(dev);
    const auto t0 = std::chrono::steady_clock::now();
    fastData = hccws::infer::detail::resampleToShape(d, target3, spacing, target, 3, &log, Mode::Fast);
    if (dev.is_cuda()) fastData = fastData.cpu();  // includes the synchronisation
    report("data_order3", "fast", seconds(t0), log.empty() ? "" : log[0]);
  }
  if (runExact && runFast) {
    auto diff = (exactData - fastData).abs();
    std::printf("{\"agreement\": \"data_order3\", \"max_abs_diff\": %.4g, \"mean_abs_diff\": %.4g, "
                "\"fraction_above_0.1\": %.4g, \"value_range\": [%.3f, %.3f]}\n",
                diff.max().item<double>(), diff.mean().item<double>(), (diff > 0.1).to(torch::kDouble).mean().item<double>(),
                exactData.min().item<double>(), exactData.max().item<double>());
  }

  // Export: K-class logits on the target grid back to the input grid (order 1), argmax. Logits made from the
  // resampled case (background / soft tissue / bright structures) plus noise, so that class borders follow
  // the anatomy and ties are rare as in a real prediction.
  const auto& base = runExact ? exactData : fastData;
  torch::Tensor logits;
  {
    auto v = base[0];
    std::vector<torch::Tensor> ks;
    for (int k = 0; k < classes; ++k) {
      const double centre = -2.5 + 4.5 * k / std::max(1, classes - 1);
      ks.push_back(4.0 - 3.0 * (v - centre).abs() + 0.3 * torch::randn_like(v));
    }
    logits = torch::stack(ks).contiguous();
  }
  exactData = torch::Tensor();
  fastData = torch::Tensor();
  torch::Tensor exactLabels, fastLabels;
  if (runExact) {  // as the Segmenter: per class, float64 in, float16 out
    std::vector<std::string> log;
    auto acc = logits.to(torch::kHalf).to(torch::kFloat);  // exact mode accumulates in float16
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> parts;
    for (std::int64_t k = 0; k < acc.size(0); ++k)
      parts.push_back(hccws::infer::detail::toFloat16AsNumpy(hccws::infer::detail::resampleToShape(
          acc.narrow(0, k, 1).to(torch::kDouble), size, target, spacing, 1, k == 0 ? &log : nullptr, Mode::Exact)));
    report("export_order1", "exact", seconds(t0), log.empty() ? "" : log[0]);
    exactLabels = torch::cat(parts, 0).to(torch::kFloat).argmax(0);
  }
  if (runFast) {
    std::vector<std::string> log;
    auto l = logits.to(dev);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = hccws::infer::detail::resampleToShape(l, size, target, spacing, 1, &log, Mode::Fast);
    if (dev.is_cuda()) r = r.cpu();
    report("export_order1", "fast", seconds(t0), log.empty() ? "" : log[0]);
    fastLabels = r.argmax(0);
  }
  if (runExact && runFast)
    std::printf("{\"agreement\": \"export_labels\", \"identical_fraction\": %.6f, \"classes\": %d}\n",
                (exactLabels == fastLabels).to(torch::kDouble).mean().item<double>(), classes);
  return 0;
}
