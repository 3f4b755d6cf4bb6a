#pragma once
// Core-internal: runs third-party parsing that can abort, crash or hang (Debian's GDCM is built with
// assertions; openjpeg, CharLS and deep nested sequences have corrupted the heap or overflowed the stack on
// damaged files) in a forked child process, so that one bad file never takes the workstation down.
//
// Contract:
// - runIsolated(work, onRecord, idleTimeoutS) forks. The child runs `work(out)` and sends its results as framed
//   records (out.send(bytes)); the parent receives each record in `onRecord` as it arrives, on the calling
//   thread. The child never returns into the caller: it ends with _exit, so nothing of the parent's state
//   (buffers, atexit handlers, Qt) is run twice.
// - The child's address space is capped at its current size plus `extraAddressSpace` (default twice
//   volumeByteBudget(); header reads ask for 1 GiB) (RLIMIT_AS), so a header that claims gigabytes makes the
//   child fail, not the machine swap; it writes no core file.
// - Outcome: Finished (the child exited 0), Crashed (a signal or a non-zero exit: `detail` names it),
//   TimedOut (no record for idleTimeoutS: the child is killed), Cancelled (onRecord returned false: the
//   child is killed). Records already delivered stay delivered.
// - Why fork and not threads or prechecks: an assertion or a stack overflow ends the whole process, and no
//   precheck can foresee a decoder's heap corruption. Why not exec a helper program: the child needs nothing
//   but the code already mapped; fork costs a few milliseconds per call, and callers batch many files into
//   one child (restarting after a crash at the next file).
// - HCCWS_NO_ISOLATION=1 runs `work` in-process (for debuggers and profilers); so does a failed fork.
// - Fork and threads: only the calling thread exists in the child. glibc's malloc is fork-safe; a lock held
//   by another thread at fork time in a third-party library could block the child, which the idle timeout
//   turns into TimedOut rather than a hang.
#include <functional>
#include <string>
#include <string_view>

namespace hccws::core::isolation {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void send(std::string_view bytes) = 0;
};

struct Outcome {
  enum class Kind { Finished, Crashed, TimedOut, Cancelled } kind = Kind::Finished;
  std::string detail;  // "signal 6 (Aborted)", "exit code 3", "no answer for 30 s"
};

// extraAddressSpace: what the child may map beyond its size at fork (RLIMIT_AS); 0 = twice volumeByteBudget().
Outcome runIsolated(const std::function<void(RecordSink&)>& work, const std::function<bool(std::string_view)>& onRecord,
                    double idleTimeoutS, unsigned long long extraAddressSpace = 0);

}  // namespace hccws::core::isolation
