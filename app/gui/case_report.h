#pragma once
// The tumour-board report of a case folder as a PDF (Qt's PDF writer: vector text, the fonts used embedded,
// Chinese when the interface language is Chinese), made from the case's last save:
//   identifiers (or, de-identified, none: no name, ID, dates or folder - a case code instead), key images (those
//   the user marked, else the proposed set of key_images.h: the axial slice through the largest tumour in every
//   phase with the overlay, the PMN heatmap's slice, the 3D overview; scale bars and orientation), the measurements with the segment each comes from, the PMN result with its model's
//   provenance (or "not run"), the nomogram inputs with their provenance, the nomogram of the chosen arm with
//   the patient's points, the survival curves per arm with 1/2/3-year survival and median OS and the risk
//   group, the chosen arm and the note, and on every page "Research use only" and the models' provenance.
// The same code serves File > Export report and `hccws report` (offscreen, no display needed). The PDF is
// written atomically (a temporary file renamed into place).
// Threading: prepareCaseReport reads the case (series, segmentation, heatmaps, key images drawn) on any thread,
// with progress and cancel (core::Cancelled); composeCaseReport writes the PDF on the GUI thread (it needs a
// QApplication: the nomogram widgets draw the curves and nomogram). Both throw std::runtime_error naming the case
// or the file and the problem.
#include <hccws/core/progress.h>

#include <QString>
#include <QStringList>

#include <memory>
#include <string>

namespace hccws::gui {

struct ReportOptions {
  bool deidentify = false;
  QString program = QStringLiteral("hccws 0.1.0");
};

struct ReportSummary {
  int pages = 0;
  QStringList sections;  // the headings written, in order
  QStringList notes;     // what the report could not show and why (no segmentation, unsaved journal edits ...)
};

struct ReportInputs;  // what the report shows, read from the case folder
std::shared_ptr<const ReportInputs> prepareCaseReport(const std::string& caseDir, const ReportOptions& options = {},
                                                      const core::ProgressSink& progress = {});
ReportSummary composeCaseReport(const ReportInputs& inputs, const QString& pdfPath, const ReportOptions& options = {});

}  // namespace hccws::gui
