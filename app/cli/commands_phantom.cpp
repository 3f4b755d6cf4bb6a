// Registration of `hccws phantom`. Filled in by the phantom work; until then the command says so and fails.
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <stdexcept>

namespace hccws::cli {

void addPhantomCommand(CLI::App& app, CommandContext&) {
  app.add_subcommand("phantom", "(not available in this build yet)")->callback([] {
    throw std::runtime_error("'hccws phantom' is not available in this build yet");
  });
}

}  // namespace hccws::cli
