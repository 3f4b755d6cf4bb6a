#include "cli/command_context.h"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

namespace hccws::cli {

core::ProgressSink CommandContext::progress() const {
  if (quiet) return {};
  const bool tty = isatty(fileno(stderr));
  // Shared state of one bar: the last stage printed and the last percentage drawn.
  auto last = std::make_shared<std::pair<std::string, int>>(std::string(), -1);
  return [tty, last](double fraction, std::string_view stage) {
    const int pct = static_cast<int>(fraction * 100.0 + 0.5);
    if (tty) {
      if (pct == last->second && stage == last->first) return true;
      const int width = 30, filled = pct * width / 100;
      std::fprintf(stderr, "\r[%.*s%*s] %3d%% %-40.*s", filled, "##############################",
                   width - filled, "", pct, static_cast<int>(stage.size()), stage.data());
      if (pct >= 100) std::fputc('\n', stderr);
    } else if (stage != last->first || pct / 25 != last->second / 25) {
      std::fprintf(stderr, "%3d%% %.*s\n", pct, static_cast<int>(stage.size()), stage.data());
    }
    std::fflush(stderr);
    last->first = std::string(stage);
    last->second = pct;
    return true;
  };
}

}  // namespace hccws::cli
