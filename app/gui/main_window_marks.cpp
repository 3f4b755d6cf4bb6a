// MainWindow: measurement marks (rulers, angles) - the shared model, the Marks dock, the tools in the Analyse
// menu, and the marks file kept beside the segmentation (<segmentation>.marks.json, core/marks.h).
#include "main_window.h"

#include "marks_panel.h"
#include "view_layout.h"

#include <hccws/core/marks.h>
#include <hccws/widgets/slice_view.h>

#include <QDockWidget>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include <exception>

namespace hccws::gui {

void MainWindow::buildMarks() {
  marks_ = new widgets::MarksModel(this);
  for (auto* v : views_->allSliceViews()) v->setMarks(marks_);
  auto* dock = new QDockWidget(tr("Marks"), this);
  dock->setObjectName(QStringLiteral("marksDock"));
  marksPanel_ = new MarksPanel(marks_, dock);
  dock->setWidget(marksPanel_);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  if (auto* measure = findChild<QDockWidget*>(QStringLiteral("measurementsDock"))) tabifyDockWidget(measure, dock);
  if (QMenu* analyse = menuBar()->findChild<QMenu*>(QStringLiteral("analyseMenu"))) {
    analyse->addSeparator();
    analyse->addAction(marksPanel_->rulerAction());
    analyse->addAction(marksPanel_->angleAction());
  }
  // One tool at a time: a mark tool ends the segment editor's tool and the other way round.
  connect(marks_, &widgets::MarksModel::toolChanged, this, [this, dock](widgets::MarkTool t) {
    if (t == widgets::MarkTool::None) return;
    if (editor_->tool() != widgets::EditTool::None) editor_->setTool(widgets::EditTool::None);
    dock->raise();
  });
  connect(editor_, &widgets::LabelEditor::toolChanged, this, [this](widgets::EditTool t) {
    if (t != widgets::EditTool::None) marks_->setTool(widgets::MarkTool::None);
  });
  // A new study: the marks belonged to the previous one.
  connect(this, &MainWindow::studyShown, this, [this] {
    marks_->setMarks({});
    marksFor_.clear();
  });
}

void MainWindow::loadMarksBeside(const QString& segmentationPath) {
  const std::string path = core::marksSidecarPath(segmentationPath.toStdString());
  if (!QFileInfo::exists(QString::fromStdString(path))) {
    marks_->setMarks({});
    return;
  }
  try {
    marks_->setMarks(core::readMarks(path));
    statusBar()->showMessage(tr("%n mark(s) loaded from %1", nullptr, marks_->count()).arg(QString::fromStdString(path)), 8000);
  } catch (const std::exception& e) {
    marks_->setMarks({});
    reportError(tr("Could not read the marks"), QString::fromStdString(e.what()));
  }
}

bool MainWindow::saveMarksBeside(const QString& segmentationPath) {
  // Nothing drawn and nothing loaded: no file. Marks cleared after loading: an empty file, so the old ones do
  // not come back with the segmentation.
  const std::string path = core::marksSidecarPath(segmentationPath.toStdString());
  if (marks_->marks().empty() && !marks_->modified() && !QFileInfo::exists(QString::fromStdString(path))) return true;
  try {
    core::writeMarks(path, marks_->marks());
  } catch (const std::exception& e) {
    reportError(tr("Could not save the marks"), QString::fromStdString(e.what()));
    return false;
  }
  marks_->markSaved();
  return true;
}

}  // namespace hccws::gui
