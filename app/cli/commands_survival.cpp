// Registration of `hccws survival`. Filled in by the survival work; until then the command says so and fails.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace hccws::cli {

void addSurvivalCommands(CLI::App& app, CommandContext&) {
  app.add_subcommand("survival", "(not available in this build yet)")->callback([] {
    throw std::runtime_error("'hccws survival' is not available in this build yet");
  });
}

}  // namespace hccws::cli
