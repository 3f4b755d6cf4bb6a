#pragma once
// Private to viewer/core: runs fn(k) for k in [0, count) on a few std::threads, blocks of slices at a time.
// The calling thread works too and is the only one that calls the progress sink (sinks need not be
// thread-safe). When the sink says stop, running blocks finish and Cancelled is thrown. fn must not throw.
#include <hccws/core/progress.h>

#include <algorithm>
#include <atomic>
#include <string_view>
#include <thread>
#include <vector>

namespace hccws::core::detail {

inline unsigned workerCount(unsigned requested) {
  const unsigned n = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return std::min(n, 8u);
}

template <typename Fn>
void parallelSlices(long count, unsigned threads, const ProgressSink& progress, std::string_view stage, Fn&& fn) {
  constexpr long kBlock = 2;
  std::atomic<long> next{0};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    for (long k0; !stop && (k0 = next.fetch_add(kBlock)) < count;)
      for (long k = k0; k < std::min(count, k0 + kBlock); ++k) fn(k);
  };
  std::vector<std::thread> pool;
  const unsigned n = workerCount(threads);
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  bool cancelled = false;
  for (long k0; !stop && (k0 = next.fetch_add(kBlock)) < count;) {
    for (long k = k0; k < std::min(count, k0 + kBlock); ++k) fn(k);
    if (progress && !progress(std::min(1.0, double(k0 + kBlock) / double(count)), stage)) {
      cancelled = true;
      stop = true;
    }
  }
  for (auto& t : pool) t.join();
  if (cancelled) throw Cancelled();
}

}  // namespace hccws::core::detail
