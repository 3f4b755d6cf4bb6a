#pragma once
// Registration of the hccws subcommands, one function per command family and file.
#include "cli/command_context.h"

namespace CLI {
class App;
}

namespace hccws::cli {

// inspect (commands_inspect.cpp)
void addInspectCommand(CLI::App& app, CommandContext& ctx);
// phantom, measure, register (commands_phantom.cpp, commands_measure.cpp, commands_register.cpp)
void addPhantomCommand(CLI::App& app, CommandContext& ctx);
void addMeasureCommand(CLI::App& app, CommandContext& ctx);
void addRegisterCommand(CLI::App& app, CommandContext& ctx);
// grow (commands_grow.cpp)
void addGrowCommand(CLI::App& app, CommandContext& ctx);
// case create|info|verify|recover (commands_case.cpp)
void addCaseCommand(CLI::App& app, CommandContext& ctx);
void addPacsCommand(CLI::App& app, CommandContext& ctx);
// radiomics (commands_radiomics.cpp)
void addRadiomicsCommand(CLI::App& app, CommandContext& ctx);
// survival fit|km|evaluate|predict (commands_survival.cpp)
void addSurvivalCommands(CLI::App& app, CommandContext& ctx);
#ifdef HCCWS_HAVE_INFERENCE
// segment (commands_segment.cpp), train segmentation (commands_train.cpp)
void addInferenceCommands(CLI::App& app, CommandContext& ctx);
void addTrainCommands(CLI::App& app, CommandContext& ctx);
// pmn (commands_pmn.cpp), train pmn (commands_train_pmn.cpp, called by addTrainCommands)
void addPmnCommand(CLI::App& app, CommandContext& ctx);
void addTrainPmnCommand(CLI::App& train, CommandContext& ctx);
// analyze (commands_analyze.cpp): segment, measure, PMN into a case folder
void addAnalyzeCommand(CLI::App& app, CommandContext& ctx);
void addBatchCommand(CLI::App& app, CommandContext& ctx);
#endif

}  // namespace hccws::cli
