#pragma once
// Runs the built hccws executable (HCCWS_EXE) in a shell without a display and captures what it printed.
#include <string>

namespace hccws::test {

struct CliResult {
  int exitCode = -1;
  std::string out, err;
};

// args are passed through the shell unquoted: keep them to plain paths and options.
CliResult runHccws(const std::string& args);

}  // namespace hccws::test
