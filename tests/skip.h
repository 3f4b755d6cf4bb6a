#pragma once
// A test that cannot run (shared data, a tool or a display missing) is never reported as passed:
// - in CI (environment CI=true) it FAILS, naming what is missing;
// - elsewhere the test executable prints "SKIPPED: <why>" and exits with 77, which CTest reports as skipped
//   (SKIP_RETURN_CODE 77 is set for every test by hccws_add_test in tests/CMakeLists.txt; tests/run-all.sh
//   prints the skip count).
// Catch2 2.x (Debian 12) has no per-test skip, so the whole executable is reported skipped: the first missing
// item ends it. That is coarse but honest: nothing after it is counted as passed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace hccws::test {

inline bool inCi() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

inline constexpr int kSkipExitCode = 77;

// Ends the executable as skipped (outside CI). Outside a Catch2 test case (own main) use skipProcess().
[[noreturn]] inline void skipProcess(const std::string& why) {
  std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(kSkipExitCode);
}

// Inside a test case: a failure in CI, a skip elsewhere.
inline void skipTest(const std::string& why) {
  if (inCi()) FAIL("cannot run in CI (CI=true), so this is a failure: " << why);
  skipProcess(why);
}

// The path, when it exists; otherwise skipTest("<what> not found: <path>").
inline std::string requirePath(const std::string& path, const std::string& what = "required file") {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) skipTest(what + " not found: " + path);
  return path;
}

// ../shared/data (HCCWS_SHARED_DATA) + relative, required to exist.
inline std::string requireSharedData(const std::string& relative) {
  const char* env = std::getenv("HCCWS_SHARED_DATA");
  const std::filesystem::path root = env ? env : "../shared/data";
  return requirePath(relative.empty() ? root.string() : (root / relative).string(), "shared data");
}

}  // namespace hccws::test
