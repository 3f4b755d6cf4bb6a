#include "isolated_parse.h"

#include <hccws/core/limits.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HCCWS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HCCWS_ASAN 1
#endif
#endif

namespace hccws::core::isolation {
namespace {

class InProcessSink : public RecordSink {
 public:
  explicit InProcessSink(const std::function<bool(std::string_view)>& f) : f_(f) {}
  void send(std::string_view bytes) override {
    if (!cancelled_ && !f_(bytes)) cancelled_ = true;
  }
  bool cancelled() const { return cancelled_; }

 private:
  const std::function<bool(std::string_view)>& f_;
  bool cancelled_ = false;
};

class PipeSink : public RecordSink {
 public:
  explicit PipeSink(int fd) : fd_(fd) {}
  void send(std::string_view bytes) override {
    const std::uint32_t n = static_cast<std::uint32_t>(bytes.size());
    writeAll(reinterpret_cast<const char*>(&n), sizeof n);
    writeAll(bytes.data(), bytes.size());
  }

 private:
  void writeAll(const char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) ::_exit(0);  // the parent stopped listening (cancel): nothing left to do
      p += w;
      n -= static_cast<std::size_t>(w);
    }
  }
  int fd_;
};

void limitChild(unsigned long long extra) {
  rlimit core{0, 0};
  ::setrlimit(RLIMIT_CORE, &core);
#ifndef HCCWS_ASAN  // ASan reserves terabytes of shadow address space: an address-space cap would break it
  // Current virtual size + twice the per-volume budget: a decoder that believes a header claiming 16 GB fails
  // with an allocation error in the child instead of pushing the machine into swap or the OOM killer.
  unsigned long long pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%llu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  if (pages > 0) {
    const unsigned long long have = pages * static_cast<unsigned long long>(::sysconf(_SC_PAGESIZE));
    const unsigned long long budget = volumeByteBudget();
    const unsigned long long cap = have + (extra ? extra : budget > (1ull << 62) ? (1ull << 62) : 2 * budget);
    rlimit as{cap, cap};
    ::setrlimit(RLIMIT_AS, &as);
  }
#endif
}

std::string describeStatus(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    return "signal " + std::to_string(sig) + (name ? " (" + std::string(name) + ")" : std::string());
  }
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  return "unknown status " + std::to_string(status);
}

}  // namespace

Outcome runIsolated(const std::function<void(RecordSink&)>& work, const std::function<bool(std::string_view)>& onRecord,
                    double idleTimeoutS, unsigned long long extraAddressSpace) {
  const char* off = std::getenv("HCCWS_NO_ISOLATION");
  int fds[2] = {-1, -1};
  const bool isolate = !(off && *off && std::strcmp(off, "0") != 0) && ::pipe2(fds, O_CLOEXEC) == 0;
  pid_t pid = -1;
  pid_t parentPid = -1;
  if (isolate) {
    std::fflush(nullptr);  // nothing buffered is written twice
    parentPid = ::getpid();
    pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
    }
  }
  if (pid < 0) {  // in-process: no isolation asked for, or fork failed
    InProcessSink sink(onRecord);
    work(sink);
    return {sink.cancelled() ? Outcome::Kind::Cancelled : Outcome::Kind::Finished, {}};
  }
  if (pid == 0) {
    ::close(fds[0]);
    // End with the parent: a child whose parent was killed would otherwise go on parsing (or sleep on a lock
    // held by another thread at fork time) for minutes (seen while fuzzing, tests/fuzz/FINDINGS.md).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parentPid) ::_exit(3);  // the parent died before prctl
    // The parent's crash handlers (a test framework's, a crash reporter's) must not run in the child: a crash
    // here is the expected failure the parent reports, not the parent's own.
    for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM}) std::signal(sig, SIG_DFL);
    std::signal(SIGPIPE, SIG_IGN);
    limitChild(extraAddressSpace);
    PipeSink sink(fds[1]);
    try {
      work(sink);
    } catch (...) {
      ::_exit(3);  // `work` reports expected failures as records; anything else is a crash of the child
    }
    ::_exit(0);
  }

  ::close(fds[1]);
  const int fd = fds[0];
  Outcome out;
  std::vector<char> buffer;
  std::size_t consumed = 0;
  bool stop = false;
  const int timeoutMs = static_cast<int>(idleTimeoutS * 1000);
  char chunk[1 << 16];
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      out = {Outcome::Kind::TimedOut, "no answer for " + std::to_string(static_cast<int>(idleTimeoutS)) + " s"};
      break;
    }
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child exited (or closed its end)
    buffer.insert(buffer.end(), chunk, chunk + n);
    while (buffer.size() - consumed >= sizeof(std::uint32_t)) {
      std::uint32_t len = 0;
      std::memcpy(&len, buffer.data() + consumed, sizeof len);
      if (buffer.size() - consumed - sizeof len < len) break;
      const std::string_view record(buffer.data() + consumed + sizeof len, len);
      consumed += sizeof len + len;
      if (!onRecord(record)) {
        out = {Outcome::Kind::Cancelled, "cancelled"};
        stop = true;
        break;
      }
    }
    if (consumed > (1u << 20) || consumed == buffer.size()) {
      buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(consumed));
      consumed = 0;
    }
  }
  ::close(fd);
  int status = 0;
  if (out.kind == Outcome::Kind::TimedOut || out.kind == Outcome::Kind::Cancelled) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (out.kind == Outcome::Kind::Finished && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    out = {Outcome::Kind::Crashed, describeStatus(status)};
  return out;
}

}  // namespace hccws::core::isolation
