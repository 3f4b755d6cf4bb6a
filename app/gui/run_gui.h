#pragma once
// Entry point of the workstation window, called by main() for `hccws` and `hccws view [path]`.
#include <string>

namespace hccws::gui {

// Sets the OpenGL surface format VTK needs and forces the xcb platform on Wayland (VTK 9.1's GLEW fails
// there) before creating the QApplication, shows the main window and, when openPath is not empty, starts
// loading it; labelsPath (optional) is opened as the segmentation once that study is shown. Returns the
// application's exit code.
// board (optional): a case folder or a folder of case folders shown in presentation mode.
int runGui(int argc, char** argv, const std::string& openPath, const std::string& labelsPath = {},
           const std::string& board = {});

// `hccws report`: the tumour-board PDF of a case folder (case_report.h) without a window (Qt's offscreen
// platform unless QT_QPA_PLATFORM says otherwise). Returns 0, or 2 with the problem on stderr.
int runReport(int argc, char** argv, const std::string& caseDir, const std::string& pdf, bool deidentify, bool quiet);

// `hccws cohort-summary`: a model validated on a cohort (cohort_dock.h runCohortValidation) drawn as the cohort
// view into one PDF page, PNG or SVG, without a window. Returns 0, or 2 with the problem on stderr.
int runCohortSummary(int argc, char** argv, const std::string& mapping, const std::string& table, const std::string& model,
                     const std::string& out, bool quiet);
// `hccws model-summary`: a binary model (hccws model fit) evaluated on a table, drawn as one page (ROC, calibration,
// decision curve, nomogram; PDF, PNG or SVG); no display needed.
int runModelSummary(int argc, char** argv, const std::string& model, const std::string& table, const std::string& compare,
                    const std::string& title, const std::string& out, bool quiet);

}  // namespace hccws::gui
