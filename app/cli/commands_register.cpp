// Registration of `hccws register`. Filled in by the register work; until then the command says so and fails.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace hccws::cli {

void addRegisterCommand(CLI::App& app, CommandContext&) {
  app.add_subcommand("register", "(not available in this build yet)")->callback([] {
    throw std::runtime_error("'hccws register' is not available in this build yet");
  });
}

}  // namespace hccws::cli
