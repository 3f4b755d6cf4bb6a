// MainWindow: the segment editor's docks and wiring, saving segmentations, the unsaved-edits prompt.
#include "main_window.h"

#include "label_panel.h"
#include "measurements_panel.h"
#include "segment_editor_panel.h"
#include "segmentation_files.h"
#include "shortcuts_dialog.h"

#include <hccws/core/errors.h>

#include <QApplication>
#include <QColor>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QStatusBar>
#include <QTimer>

#include <exception>

namespace hccws::gui {

void MainWindow::buildEditor() {
  editor_ = new widgets::LabelEditor(this);
  for (auto* v : views_->allSliceViews()) v->setEditor(editor_);

  auto* editDock = new QDockWidget(tr("Segment editor"), this);
  editDock->setObjectName(QStringLiteral("segmentEditorDock"));
  editorPanel_ = new SegmentEditorPanel(editor_, state_, editDock);
  auto* scroll = new QScrollArea(editDock);
  scroll->setWidget(editorPanel_);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  editDock->setWidget(scroll);
  // Tabbed with the study panel (needed mostly while loading), so the views keep their width; picking a
  // tool brings the editor to the front.
  addDockWidget(Qt::LeftDockWidgetArea, editDock);
  if (auto* studyDock = findChild<QDockWidget*>(QStringLiteral("studyDock"))) {
    tabifyDockWidget(studyDock, editDock);
    studyDock->raise();
  }
  connect(editor_, &widgets::LabelEditor::toolChanged, editDock, [editDock](widgets::EditTool tool) {
    if (tool != widgets::EditTool::None) editDock->raise();
  });

  auto* measureDock = new QDockWidget(tr("Measurements"), this);
  measureDock->setObjectName(QStringLiteral("measurementsDock"));
  measurementsPanel_ = new MeasurementsPanel(measureDock);
  measureDock->setWidget(measurementsPanel_);
  addDockWidget(Qt::LeftDockWidgetArea, measureDock);
  if (auto* segDock = findChild<QDockWidget*>(QStringLiteral("segmentationDock"))) {
    tabifyDockWidget(segDock, measureDock);
    segDock->raise();
  }

  // Edits settle in bursts (undo clicked five times, a stroke then fill-between): recompute once after.
  editRefresh_ = new QTimer(this);
  editRefresh_->setSingleShot(true);
  editRefresh_->setInterval(150);
  connect(editRefresh_, &QTimer::timeout, this, &MainWindow::refreshAfterEdit);
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, &MainWindow::onLabelsReplaced);
  connect(editor_, &widgets::LabelEditor::editFinished, this, [this] {
    measurementsPanel_->markStale();
    editRefresh_->start();
  });
  connect(editor_, &widgets::LabelEditor::tableChanged, this, [this] {
    // Colours (and locks) live in the table: recolour the slices and the surfaces shown.
    if (proposal_) return;  // the views show the proposal's own table
    for (auto* v : views_->allSliceViews()) v->labelsModified();
    views_->view3d()->tableChanged();
  });
  connect(labelPanel_, &LabelPanel::colourChanged, this, [this](std::uint8_t value, const QColor& c) {
    if (proposal_ || !editor_->hasLabels()) return;  // the panel shows a proposal's own table
    editor_->setLabelColour(value, {static_cast<std::uint8_t>(c.red()), static_cast<std::uint8_t>(c.green()),
                                    static_cast<std::uint8_t>(c.blue())});
  });
  connect(editor_, &widgets::LabelEditor::modifiedChanged, this, &QWidget::setWindowModified);
  connect(editor_, &widgets::LabelEditor::editFailed, this,
          [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(editorPanel_, &SegmentEditorPanel::statusMessage, this,
          [this](const QString& message) { statusBar()->showMessage(message, 8000); });
  connect(measurementsPanel_, &MeasurementsPanel::countsUpdated, labelPanel_, &LabelPanel::setCounts);
}

void MainWindow::refreshAfterEdit() {
  auto snapshot = editor_->snapshot();
  if (!snapshot) return;
  views_->view3d()->labelsModified(snapshot);
  measurementsPanel_->compute(snapshot, editor_->version());
}

bool MainWindow::saveSegmentation(const QString& path) {
  if (!editor_->hasLabels()) {
    statusBar()->showMessage(tr("There is no segmentation to save"), 5000);
    return false;
  }
  const core::SeriesSource* series = current_ >= 0 ? &study_.phases[current_].source : nullptr;
  QApplication::setOverrideCursor(Qt::WaitCursor);
  QString error, detail;
  try {
    saveSegmentationFile(*editor_->labels(), path.toStdString(), series);
  } catch (const core::ImagingError& e) {
    error = QString::fromStdString(e.what());
    detail = QString::fromStdString(e.detail());
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  QApplication::restoreOverrideCursor();
  if (!error.isEmpty()) {
    reportError(tr("Could not save the segmentation"), tr("Could not save %1: %2").arg(path, error), detail);
    return false;
  }
  editor_->markSaved();
  saveMarksBeside(path);  // the rulers and angles drawn with it (main_window_marks.cpp)
  statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
  Q_EMIT segmentationSaved(path);
  return true;
}

bool MainWindow::confirmDiscardEdits(const QString& action) {
  if (!editor_->modified()) return true;
  if (property("hccwsNoDialogs").toBool()) return property("hccwsDiscardEdits").toBool();
  QMessageBox box(QMessageBox::Warning, tr("Unsaved segmentation edits"),
                  tr("The segmentation has edits that are not saved. Save them before %1?").arg(action),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save: {
      const QString f = QFileDialog::getSaveFileName(this, tr("Save segmentation"), QStringLiteral("segmentation.nrrd"),
                                                     tr("NRRD with label table (*.nrrd);;NIfTI (*.nii.gz *.nii);;DICOM SEG (*.dcm)"));
      return !f.isEmpty() && saveSegmentation(f);
    }
    case QMessageBox::Discard: return true;
    default: return false;
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!confirmDiscardEdits(tr("closing"))) {
    event->ignore();
    return;
  }
  saveLayout();  // main_window_layout.cpp
  event->accept();
}

void MainWindow::showShortcuts() {
  QList<QAction*> all;
  for (QAction* menu : menuBar()->actions())
    if (menu->menu())
      for (QAction* a : menu->menu()->actions()) all << a;
  auto* dialog = new ShortcutsDialog(all, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
}

void MainWindow::reportError(const QString& title, const QString& message, const QString& detail) {
  statusBar()->showMessage(message, 10000);
  // Tests run without anyone to close a dialog: they set this property.
  if (property("hccwsNoDialogs").toBool()) return;
  QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  if (!detail.isEmpty()) box.setDetailedText(detail);
  box.exec();
}

}  // namespace hccws::gui
