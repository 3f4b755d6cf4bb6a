#pragma once
// Progress and cancellation for long, synchronous work. The sink gets a fraction in [0, 1] and a short
// stage name; returning false asks the work to stop (it then throws hccws::core::Cancelled).
// A default-constructed (empty) sink means "no reporting, never cancel".
#include <functional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace hccws::core {

using ProgressSink = std::function<bool(double fraction, std::string_view stage)>;

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled by the user") {}
};

// Maps progress of a sub-step onto [begin, end] of the parent's range, and turns "false" into Cancelled.
// Holds a copy of the parent sink, so scopes can nest on temporaries: ProgressScope(outer.sink(), 0, 0.5).
class ProgressScope {
 public:
  ProgressScope(ProgressSink parent, double begin, double end) : parent_(std::move(parent)), b_(begin), e_(end) {}
  // Reports and throws Cancelled when the sink says stop.
  void report(double fraction, std::string_view stage) const {
    if (parent_ && !parent_(b_ + (e_ - b_) * fraction, stage)) throw Cancelled();
  }
  ProgressSink sink() const {
    return [p = parent_, b = b_, e = e_](double f, std::string_view s) { return !p || p(b + (e - b) * f, s); };
  }

 private:
  ProgressSink parent_;
  double b_, e_;
};

}  // namespace hccws::core
