// addSurvivalCommands as cli/commands.h declares it, for executables that register every command family
// with a CommandContext; the survival commands need none (they print no progress). See survival_cli.h.
#include "cli/commands.h"
#include "cli/survival_cli.h"

namespace hccws::cli {

void addSurvivalCommands(CLI::App& app, CommandContext&) {
  survival::addSurvivalCommands(app);
  survival::addCohortCommands(app);
  survival::addModelCommands(app);
}

}  // namespace hccws::cli
