// hccws: HCC Workstation. Without a subcommand (or with `view`) it opens the workstation window; the other
// subcommands are Qt-free and run without a display.
#include "cli/commands.h"

#include <hccws/core/errors.h>
#include <hccws/core/progress.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

#ifdef HCCWS_HAVE_GUI
#include "gui/run_gui.h"
#endif

int main(int argc, char** argv) {
  using hccws::cli::ExitCode;
  CLI::App app{
      "HCC Workstation: multi-phase CT, liver/tumour segmentation, proliferative-subtype estimation and "
      "TACE/HAIC survival nomograms.\nRESEARCH USE ONLY - not for clinical decisions.",
      "hccws"};
  app.set_version_flag("--version", "hccws 0.1.0");
  hccws::cli::CommandContext ctx;
  app.add_flag("-q,--quiet", ctx.quiet, "No progress output");

  std::string viewPath;
  auto* view = app.add_subcommand("view", "Open the workstation window (the default without a subcommand)");
  view->add_option("path", viewPath, "A DICOM folder, a NIfTI/NRRD/MHA file or a saved case to open");

  hccws::cli::addPhantomCommand(app, ctx);
  hccws::cli::addInspectCommand(app, ctx);
  hccws::cli::addMeasureCommand(app, ctx);
  hccws::cli::addRegisterCommand(app, ctx);
  hccws::cli::addSurvivalCommands(app, ctx);
#ifdef HCCWS_HAVE_INFERENCE
  hccws::cli::addInferenceCommands(app, ctx);
  hccws::cli::addTrainCommands(app, ctx);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : static_cast<int>(ExitCode::Usage);
  } catch (const hccws::core::Cancelled& e) {
    std::fprintf(stderr, "hccws: %s\n", e.what());
    return static_cast<int>(ExitCode::Cancelled);
  } catch (const hccws::core::ImagingError& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    if (!e.detail().empty()) std::fprintf(stderr, "  detail: %s\n", e.detail().c_str());
    return static_cast<int>(ExitCode::BadInput);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return static_cast<int>(ExitCode::Failure);
  }

  if (app.get_subcommands().empty() || view->parsed()) {
#ifdef HCCWS_HAVE_GUI
    return hccws::gui::runGui(argc, argv, viewPath);
#else
    std::fprintf(stderr, "hccws: this build has no GUI (configured with HCCWS_WITH_GUI=OFF); see hccws --help\n");
    return static_cast<int>(ExitCode::Usage);
#endif
  }
  return ctx.exitCode;
}
