// hccws_fuzz_replay: every fuzz harness of tests/fuzz in one executable, built with the normal compiler and
// without libFuzzer, so the corpora and regression inputs run in the normal ctest run (fuzz_replay).
//
//   hccws_fuzz_replay --list                    the target names
//   hccws_fuzz_replay TARGET PATH...            each file (folders: every file below, sorted) once
//
// An input passes when the harness returns (expected refusals are caught inside it, see fuzz_target.h). It
// fails the run when it crashes (the signal ends the process; the file being run is printed first), runs
// longer than HCCWS_FUZZ_TIMEOUT_S seconds (default 10), or, in builds without AddressSanitizer, asks
// operator new for more than HCCWS_FUZZ_MAX_ALLOC_MB (default 4096) at once or brings the peak RSS of the
// process or of a child it waited for (an isolated parse) over HCCWS_FUZZ_MAX_RSS_MB (default 4096). Exit 0
// when every input passed.
#include "fuzz_target.h"

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iterator>
#include <map>
#include <new>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HCCWS_REPLAY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HCCWS_REPLAY_ASAN 1
#endif
#endif
#ifdef HCCWS_REPLAY_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

namespace {

std::map<std::string, hccws::fuzz::TargetFn>& targets() {
  static std::map<std::string, hccws::fuzz::TargetFn> t;
  return t;
}

char g_current[4096] = "";  // the input being run, for the timeout message

void writeStderr(const char* s) {
  const ssize_t ignored = ::write(2, s, std::strlen(s));
  (void)ignored;
}

extern "C" void onAlarm(int) {
  writeStderr("\nhccws_fuzz_replay: TIMEOUT (HCCWS_FUZZ_TIMEOUT_S) on ");
  writeStderr(g_current);
  writeStderr("\n");
  _exit(70);
}

extern "C" void onFatalSignal(int sig) {
  writeStderr("\nhccws_fuzz_replay: CRASH (fatal signal) on ");
  writeStderr(g_current);
  writeStderr("\n");
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

#ifdef HCCWS_REPLAY_ASAN
extern "C" void onDeath() {
  writeStderr("\nhccws_fuzz_replay: sanitizer report on ");
  writeStderr(g_current);
  writeStderr("\n");
}
#endif

std::size_t envSize(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
}

std::vector<std::string> inputsUnder(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file(ec) && e.path().filename().string()[0] != '.') files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  }
  return files;
}

std::vector<std::uint8_t> readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

#ifndef HCCWS_REPLAY_ASAN
// Without ASan nothing else bounds one allocation: a request above the budget is a finding, as libFuzzer's
// -malloc_limit_mb makes it in the fuzzing build.
namespace {
std::size_t maxAllocBytes() {
  static const std::size_t limit = envSize("HCCWS_FUZZ_MAX_ALLOC_MB", 4096) << 20;
  return limit;
}
void* allocateOrDie(std::size_t size, bool nothrow) {
  if (size > maxAllocBytes()) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "\nhccws_fuzz_replay: HUGE ALLOCATION of %zu bytes (over HCCWS_FUZZ_MAX_ALLOC_MB) on ",
                  size);
    writeStderr(msg);
    writeStderr(g_current);
    writeStderr("\n");
    std::abort();
  }
  void* p = std::malloc(size ? size : 1);
  if (!p && !nothrow) throw std::bad_alloc();
  return p;
}
}  // namespace
void* operator new(std::size_t size) { return allocateOrDie(size, false); }
void* operator new[](std::size_t size) { return allocateOrDie(size, false); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocateOrDie(size, true); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocateOrDie(size, true); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

bool hccws::fuzz::registerTarget(const char* name, TargetFn fn) {
  targets()[name] = fn;
  return true;
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--list") {
    for (const auto& [name, fn] : targets()) std::printf("%s\n", name.c_str());
    return 0;
  }
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s --list | TARGET FILE|DIR...\n", argv[0]);
    return 2;
  }
  const auto it = targets().find(argv[1]);
  if (it == targets().end()) {
    std::fprintf(stderr, "hccws_fuzz_replay: no target '%s' (--list)\n", argv[1]);
    return 2;
  }
  std::vector<std::string> files;
  for (int a = 2; a < argc; ++a) {
    const auto found = inputsUnder(argv[a]);
    files.insert(files.end(), found.begin(), found.end());
  }
  const unsigned timeout = static_cast<unsigned>(envSize("HCCWS_FUZZ_TIMEOUT_S", 10));
  [[maybe_unused]] const std::size_t maxRssMb = envSize("HCCWS_FUZZ_MAX_RSS_MB", 4096);
  std::signal(SIGALRM, onAlarm);
  // A crash ends the process without our say: name the input first.
#ifdef HCCWS_REPLAY_ASAN
  __sanitizer_set_death_callback(onDeath);
#else
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, onFatalSignal);
#endif
  std::signal(SIGABRT, onFatalSignal);
  const bool verbose = std::getenv("HCCWS_FUZZ_VERBOSE") != nullptr;
  for (const auto& f : files) {
    std::snprintf(g_current, sizeof g_current, "%s", f.c_str());
    if (verbose) std::fprintf(stderr, "  %s\n", f.c_str());
    const std::vector<std::uint8_t> bytes = readAll(f);
    alarm(timeout);
    it->second(bytes.data(), bytes.size());
    alarm(0);
#ifndef HCCWS_REPLAY_ASAN
    // Peak RSS so far, of this process and of the children it waited for (the forked isolated parses):
    // a high-water mark, so the first input that pushes it over the budget is the one named.
    rusage self{}, children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    const std::size_t peakMb = static_cast<std::size_t>(std::max(self.ru_maxrss, children.ru_maxrss)) / 1024;
    if (peakMb > maxRssMb) {
      std::fprintf(stderr, "\nhccws_fuzz_replay: HUGE MEMORY: peak RSS %zu MB (over HCCWS_FUZZ_MAX_RSS_MB %zu) on %s\n",
                   peakMb, maxRssMb, f.c_str());
      return 71;
    }
#endif
  }
  std::fprintf(stderr, "\nhccws_fuzz_replay %s: %zu input(s), no crash, hang or huge allocation\n", argv[1],
               files.size());
  return 0;
}
