// Registration of `hccws measure`. Filled in by the measure work; until then the command says so and fails.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace hccws::cli {

void addMeasureCommand(CLI::App& app, CommandContext&) {
  app.add_subcommand("measure", "(not available in this build yet)")->callback([] {
    throw std::runtime_error("'hccws measure' is not available in this build yet");
  });
}

}  // namespace hccws::cli
