// bench_pmn: the Prototype Mamba Net's speed and memory (docs/pmn.md "Speed"). Prints, per configuration:
//   - one case (batch 1) forward without maps, and with the maps (Grad-CAM backward): median seconds;
//   - one training step (forward + backward + Adam) of a batch: seconds per case;
//   - the selective scan at the network's sequence length: chunked vs sequential, and the speed-up;
//   - peak RSS of the process.
// Random weights (initialise), random input: speed does not depend on the values.
//
//   bench_pmn [--roi N] [--embed E] [--d-state N] [--batch B] [--threads T] [--device cpu|cuda] [--repeat R]
// Defaults: the demo model's configuration (resources/models/demo_pmn/manifest.json), batch 8.
#include <hccws/inference/pmn.h>

#include "pmn_net.h"
#include "selective_scan.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace hccws::infer;
using Clock = std::chrono::steady_clock;

namespace {
double peakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}
template <typename F>
double medianSeconds(int repeat, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    f();
    t.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  PmnNetworkConfig cfg;
  cfg.embedDim = 16;
  cfg.dState = 8;
  cfg.protoDim = 16;
  int roi = 36, batch = 8, threads = 0, repeat = 3;
  std::string device = "cpu";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bench_pmn: %s needs a value\n", a.c_str());
        std::exit(64);
      }
      return argv[++i];
    };
    if (a == "--roi") roi = std::stoi(next());
    else if (a == "--embed") cfg.embedDim = std::stoi(next());
    else if (a == "--d-state") cfg.dState = std::stoi(next());
    else if (a == "--batch") batch = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--device") device = next();
    else if (a == "--repeat") repeat = std::stoi(next());
    else {
      std::fprintf(stderr, "bench_pmn: unknown option %s (see the header of inference/bench/bench_pmn.cpp)\n", a.c_str());
      return 64;
    }
  }
  if (threads > 0) torch::set_num_threads(threads);
  const torch::Device dev = device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  const auto sync = [&] {
    if (dev.is_cuda()) torch::cuda::synchronize();
  };
  torch::manual_seed(1);
  hccws::infer::detail::PmnNet net(cfg);
  net->initialise(1);
  net->to(dev);
  // the last channel is the lesion mask (0/1): a centred ball
  const auto withMask = [&](torch::Tensor x) {
    const torch::Tensor r = torch::arange(roi).to(torch::kFloat32) - (roi - 1) / 2.0;
    const torch::Tensor d2 = r.view({-1, 1, 1}).pow(2) + r.view({1, -1, 1}).pow(2) + r.view({1, 1, -1}).pow(2);
    x.select(1, cfg.inChannels - 1).copy_((d2 < (roi * roi / 9.0)).to(torch::kFloat32).expand_as(x.select(1, cfg.inChannels - 1)));
    return x.to(dev);
  };
  const torch::Tensor x1 = withMask(torch::randn({1, cfg.inChannels, roi, roi, roi}));
  const int64_t tokens = (roi / cfg.patchStride) * (roi / cfg.patchStride) * (roi / cfg.patchStride);
  std::printf("bench_pmn: ROI %d^3, E %d, N %d, %lld tokens, %d threads, device %s\n", roi, cfg.embedDim, cfg.dState,
              static_cast<long long>(tokens), torch::get_num_threads(), device.c_str());
  {
    torch::NoGradGuard g;
    net->forward(x1);  // warm-up
  }
  const double fwd = medianSeconds(repeat, [&] {
    torch::NoGradGuard g;
    net->forward(x1);
    sync();
  });
  const double maps = medianSeconds(repeat, [&] {
    hccws::infer::detail::pmnMaps(net, x1);
    sync();
  });
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-4));
  const torch::Tensor xb = withMask(torch::randn({batch, cfg.inChannels, roi, roi, roi}));
  const torch::Tensor yb = (torch::arange(batch) % 2).to(torch::kLong).to(dev);
  const double step = medianSeconds(repeat, [&] {
    adam.zero_grad();
    const auto out = net->forward(xb);
    hccws::infer::detail::pmnLoss(net, out, yb, {}).backward();
    adam.step();
    sync();
  });
  // the scan alone at the network's length and width
  const int64_t di = cfg.expand * cfg.embedDim;
  const torch::Tensor u = torch::randn({1, tokens, di}).to(dev), dt = torch::rand({1, tokens, di}).to(dev) * 0.1;
  const torch::Tensor A = -torch::rand({di, cfg.dState}).to(dev) - 0.5;
  const torch::Tensor B = torch::randn({1, tokens, cfg.dState}).to(dev), C = torch::randn({1, tokens, cfg.dState}).to(dev);
  torch::NoGradGuard g;
  const double chunked = medianSeconds(repeat, [&] {
    hccws::infer::detail::selectiveScanChunked(u, dt, A, B, C, cfg.scanChunk);
    sync();
  });
  const double sequential = medianSeconds(1, [&] {
    hccws::infer::detail::selectiveScanSequential(u, dt, A, B, C);
    sync();
  });
  std::printf("{\"roi\": %d, \"embed\": %d, \"tokens\": %lld, \"forward_s\": %.4f, \"forward_with_maps_s\": %.4f, "
              "\"train_step_s_per_case\": %.4f, \"batch\": %d, \"scan_chunked_s\": %.5f, \"scan_sequential_s\": %.4f, "
              "\"scan_speedup\": %.1f, \"peak_rss_mib\": %.0f}\n",
              roi, cfg.embedDim, static_cast<long long>(tokens), fwd, maps, step / batch, batch, chunked, sequential,
              sequential / chunked, peakRssMiB());
  return 0;
}
