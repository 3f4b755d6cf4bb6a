#include "cli_runner.h"

#include "viewer/support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hccws::test {
namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

CliResult runHccws(const std::string& args) {
  static int counter = 0;
  // the process in the name: test executables run side by side (ctest -j) share the scratch folder
  const std::string dir = scratchDir("cli_run_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string out = dir + "/stdout.txt", err = dir + "/stderr.txt";
  // No display: Qt-free subcommands must not need one.
  const std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM= " + std::string(HCCWS_EXE) + " -q " +
                          args + " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace hccws::test
