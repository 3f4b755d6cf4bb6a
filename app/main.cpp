// hccws: HCC Workstation. One source, built as several executables so that each command loads only what it
// uses (docs/survival.md "Start-up"; shared docs/architecture.md "Commands load what they use"):
//
//   hccws            the dispatcher: runs `survival ...` itself (nomogram core, CLI11, JSON: no Qt, VTK, ITK
//                    or LibTorch) and `--help` / `--version`; every other command is handed, with the same
//                    arguments, to the sibling executable in the same folder that has it (execv, so exit codes,
//                    signals and standard streams are the sibling's own):
//   hccws-imaging    phantom, inspect, measure, register, grow, case, pacs, radiomics (ITK, DCMTK)
//   hccws-inference  segment, analyze, train                           (ITK, LibTorch)
//   hccws-gui        view, and no subcommand: the window      (Qt, VTK, ITK, LibTorch)
//
// The siblings can also be run directly; they parse the same command line as `hccws`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#if defined(HCCWS_PART_DISPATCH)
#include "cli/survival_cli.h"

#include <hccws/survival/types.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>
#else
#include "cli/commands.h"

#include <hccws/core/errors.h>
#include <hccws/pacs/dicomweb.h>
#include <hccws/core/progress.h>
#endif

#if defined(HCCWS_PART_GUI)
#include "gui/run_gui.h"
#endif

namespace {

// Exit codes of hccws (the same values as hccws::cli::ExitCode, cli/command_context.h).
enum Exit : int { kOk = 0, kFailure = 1, kBadInput = 2, kCancelled = 3, kUsage = 64 };

constexpr const char* kDescription =
    "HCC Workstation: multi-phase liver CT (and contrast MRI) viewer, liver/tumour segmentation with "
    "nnU-Net-format models, measurements, IBSI radiomics with the peritumoral ring, the Prototype Mamba Net "
    "(proliferative-subtype probability, DL risk score per arm, heatmaps), survival statistics with TACE/HAIC "
    "nomograms and binary-outcome models. The shipped PMN is a demo trained on synthetic phantoms: "
    "its numbers are labelled synthetic, and on a real patient the nomogram's DL score and subtype are typed "
    "in unless a model of the site is given (hccws pmn --model).\n"
    "RESEARCH USE ONLY - not for clinical decisions.";

#if !defined(HCCWS_PART_DISPATCH)
static_assert(kOk == static_cast<int>(hccws::cli::ExitCode::Ok) &&
                  kFailure == static_cast<int>(hccws::cli::ExitCode::Failure) &&
                  kBadInput == static_cast<int>(hccws::cli::ExitCode::BadInput) &&
                  kCancelled == static_cast<int>(hccws::cli::ExitCode::Cancelled) &&
                  kUsage == static_cast<int>(hccws::cli::ExitCode::Usage),
              "main.cpp's exit codes must be cli::ExitCode's");
#endif

#if defined(HCCWS_PART_DISPATCH)

struct Part {
  const char* command;
  const char* executable;
  const char* help;
};

// Every command that is not run by the dispatcher itself. The help texts repeat the siblings' own (short)
// descriptions so that `hccws --help` lists every command without starting a sibling; the surv_cli test
// checks that this list and the siblings' commands agree.
constexpr Part kParts[] = {
    {"view", "hccws-gui", "Open the workstation window (the default without a subcommand)"},
    {"report", "hccws-gui", "Write the tumour-board PDF report of a case folder (no display needed)"},
    {"cohort-summary", "hccws-gui", "A model validated on a cohort drawn as one page: PDF, PNG or SVG (no display needed)"},
    {"model-summary", "hccws-gui", "A binary model evaluated on a table drawn as one page: ROC, calibration, decision curve, nomogram"},
    {"phantom", "hccws-imaging", "Write a synthetic multi-phase HCC CT case with ground truth (not patient data)"},
    {"inspect", "hccws-imaging",
     "Show the series, phases (with reasons), geometry and warnings of a DICOM folder or a NIfTI/NRRD/MHA file"},
    {"measure", "hccws-imaging", "Liver/tumour measurements from a label map (NIfTI, NRRD, MHA)"},
    {"register", "hccws-imaging", "Register a moving phase onto a fixed one (rigid Mattes MI, optional affine)"},
    {"grow", "hccws-imaging", "Grow a segmentation from recorded seed strokes (semi-automatic, no model)"},
    {"case", "hccws-imaging", "Case folders: create one from series, show, verify the sources, recover edits"},
    {"pacs", "hccws-imaging", "A DICOMweb PACS: echo, find, retrieve (resumable), store, store a report"},
    {"radiomics", "hccws-imaging", "IBSI radiomic features of the tumour, each lesion, the liver and the peritumoral ring"},
    {"segment", "hccws-inference", "Segment liver and tumour with an nnU-Net-compatible model bundle"},
    {"train", "hccws-inference", "Train models"},
    {"analyze", "hccws-inference", "The whole pipeline into a case folder: segment, measure, PMN (headless)"},
    {"batch", "hccws-inference", "The pipeline over a cohort manifest, resumable and shardable (Slurm arrays): run, merge"},
    {"pmn", "hccws-inference",
     "Proliferative-subtype probability, DL risk scores and heatmaps (Prototype Mamba Net)"},
};

std::string siblingPath(const char* executable) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ((ec ? std::filesystem::path(".") : self.parent_path()) / executable).string();
}

// Hands the command line to `part`'s executable. Returns only on failure.
int handOver(const Part& part, int argc, char** argv) {
  const std::string exe = siblingPath(part.executable);
  std::vector<char*> args(argv, argv + argc);
  args.push_back(nullptr);
  args[0] = const_cast<char*>(exe.c_str());
  // LibTorch's OpenMP workers spin while they wait by default; with the GUI and other work on the same cores
  // that doubled the time of a 2-thread run here (docs/inference.md, agreement section: 28.1 s -> 14.4 s).
  // Before the heavy executable loads OpenMP, and only when the user has not chosen otherwise.
  ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  ::execv(exe.c_str(), args.data());
  const int err = errno;
  if (err == ENOENT)
    std::fprintf(stderr,
                 "hccws: '%s' is not available in this build: it runs in %s, which is not in %s (configured "
                 "without it: HCCWS_WITH_GUI / HCCWS_WITH_INFERENCE)\n",
                 part.command, part.executable, std::filesystem::path(exe).parent_path().c_str());
  else
    std::fprintf(stderr, "hccws: cannot start %s: %s\n", exe.c_str(), std::strerror(err));
  return kUsage;
}

// The command word: the first argument that is not a global flag. Empty when there is none (the window).
std::string commandWord(int argc, char** argv, bool& helpOrVersion) {
  helpOrVersion = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-q" || a == "--quiet") continue;
    if (a == "-h" || a == "--help" || a == "--version") {
      helpOrVersion = true;
      return {};
    }
    return a;
  }
  return {};
}

#endif

}  // namespace

int main(int argc, char** argv) {
#if defined(HCCWS_PART_DISPATCH)
  bool helpOrVersion = false;
  const std::string word = commandWord(argc, argv, helpOrVersion);
  if (!helpOrVersion) {
    const std::string target = word.empty() ? "view" : word;
    for (const auto& part : kParts)
      if (target == part.command) return handOver(part, argc, argv);
  }
#endif

  CLI::App app{kDescription, "hccws"};
  app.set_version_flag("--version", "hccws 0.1.0");
  bool quiet = false;

#if defined(HCCWS_PART_DISPATCH)
  app.add_flag("-q,--quiet", quiet, "No progress output");
  hccws::cli::survival::addSurvivalCommands(app);
  hccws::cli::survival::addCohortCommands(app);
  hccws::cli::survival::addModelCommands(app);
  // The other commands, for --help only: a command line naming one never reaches the parser (handOver above).
  for (const auto& part : kParts) app.add_subcommand(part.command, part.help)->allow_extras();
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  } catch (const hccws::surv::SurvivalError& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return kFailure;
  }
  (void)quiet;
  return kOk;
#else
  hccws::cli::CommandContext ctx;
  app.add_flag("-q,--quiet", ctx.quiet, "No progress output");
  (void)quiet;
#if defined(HCCWS_PART_GUI)
  std::string viewPath;
  auto* view = app.add_subcommand("view", "Open the workstation window (the default without a subcommand)");
  view->add_option("path", viewPath, "A DICOM folder, a NIfTI/NRRD/MHA file or a saved case to open");
  std::string viewLabels;
  view->add_option("--labels", viewLabels, "A segmentation (label map or DICOM SEG) to open with the study");
  std::string viewBoard;
  view->add_option("--board", viewBoard, "Presentation mode: a case folder or a folder of case folders, full screen");
  std::string reportCase, reportOut;
  bool reportDeidentify = false;
  auto* report = app.add_subcommand("report", "Write the tumour-board PDF report of a case folder (no display needed)");
  report->add_option("--case", reportCase, "The case folder (its last save is reported)")->required();
  report->add_option("--out", reportOut, "The PDF to write")->required();
  report->add_flag("--deidentify", reportDeidentify, "Leave out the patient's name, ID, dates and the case folder");
  std::string sumMapping, sumCsv, sumModel, sumOut;
  auto* summary = app.add_subcommand("cohort-summary", "A model validated on a cohort drawn as one page: PDF, PNG or SVG (no display needed)");
  summary->add_option("--mapping", sumMapping, "Cohort mapping file (resources/cohorts/*.json)")->required();
  summary->add_option("--csv", sumCsv, "The cohort's table")->required();
  summary->add_option("--model", sumModel, "Nomogram model file")->required();
  summary->add_option("--out", sumOut, "The page to write (.pdf, .png or .svg)")->required();
  std::string msModel, msCsv, msCompare, msTitle, msOut;
  auto* modelSummary = app.add_subcommand("model-summary", "A binary model evaluated on a table drawn as one page: ROC, calibration, decision curve, nomogram");
  modelSummary->add_option("--model", msModel, "Model file (hccws model fit)")->required();
  modelSummary->add_option("--csv", msCsv, "Table with the model's columns and its outcome")->required();
  modelSummary->add_option("--compare", msCompare, "A second model file, compared by DeLong's test");
  modelSummary->add_option("--title", msTitle, "Title of the page");
  modelSummary->add_option("--out", msOut, "The page to write (.pdf, .png or .svg)")->required();
#endif
#if defined(HCCWS_PART_IMAGING)
  hccws::cli::addPhantomCommand(app, ctx);
  hccws::cli::addInspectCommand(app, ctx);
  hccws::cli::addMeasureCommand(app, ctx);
  hccws::cli::addRegisterCommand(app, ctx);
  hccws::cli::addGrowCommand(app, ctx);
  hccws::cli::addCaseCommand(app, ctx);
  hccws::cli::addPacsCommand(app, ctx);
  hccws::cli::addRadiomicsCommand(app, ctx);
  app.require_subcommand(1);
#endif
#if defined(HCCWS_PART_INFERENCE)
  hccws::cli::addInferenceCommands(app, ctx);
  hccws::cli::addTrainCommands(app, ctx);
  hccws::cli::addPmnCommand(app, ctx);
  hccws::cli::addAnalyzeCommand(app, ctx);
  hccws::cli::addBatchCommand(app, ctx);
  app.require_subcommand(1);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  } catch (const hccws::core::Cancelled& e) {
    std::fprintf(stderr, "hccws: %s\n", e.what());
    return kCancelled;
  } catch (const hccws::pacs::PacsError& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return kBadInput;
  } catch (const hccws::core::ImagingError& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    if (!e.detail().empty()) std::fprintf(stderr, "  detail: %s\n", e.detail().c_str());
    return kBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return kFailure;
  }

#if defined(HCCWS_PART_GUI)
  if (report->parsed()) return hccws::gui::runReport(argc, argv, reportCase, reportOut, reportDeidentify, ctx.quiet);
  if (summary->parsed()) return hccws::gui::runCohortSummary(argc, argv, sumMapping, sumCsv, sumModel, sumOut, ctx.quiet);
  if (modelSummary->parsed())
    return hccws::gui::runModelSummary(argc, argv, msModel, msCsv, msCompare, msTitle, msOut, ctx.quiet);
  if (app.get_subcommands().empty() || view->parsed()) return hccws::gui::runGui(argc, argv, viewPath, viewLabels, viewBoard);
#endif
  return ctx.exitCode;
#endif
}
