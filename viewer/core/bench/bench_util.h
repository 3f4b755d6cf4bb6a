#pragma once
// Helpers shared by the core benchmarks (bench_load, bench_register, bench_edit): peak memory, wall time and
// "x,y,z" command-line triples. Linux only (getrusage reports ru_maxrss in kilobytes there).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

namespace hccws::bench {

inline double peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

inline double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// "a,b,c" -> out[0..2]; false when the text is not three numbers.
template <typename T>
bool parseTriple(const char* text, T out[3]) {
  double v[3];
  if (std::sscanf(text, "%lf,%lf,%lf", &v[0], &v[1], &v[2]) != 3) return false;
  for (int a = 0; a < 3; ++a) out[a] = static_cast<T>(v[a]);
  return true;
}

}  // namespace hccws::bench
