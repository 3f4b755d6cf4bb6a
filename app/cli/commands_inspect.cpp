// Registration of `hccws inspect`. Filled in by the inspect work; until then the command says so and fails.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace hccws::cli {

void addInspectCommand(CLI::App& app, CommandContext&) {
  app.add_subcommand("inspect", "(not available in this build yet)")->callback([] {
    throw std::runtime_error("'hccws inspect' is not available in this build yet");
  });
}

}  // namespace hccws::cli
