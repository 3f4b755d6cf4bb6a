// MainWindow: Segment > Grow from seeds (grow_session.h). While a session runs, the slice views paint seeds
// into the session's seed map and show its preview; the grow bar at the bottom says what the preview holds
// (measured on the preview, with the time of the last update) and applies it as one undo step or cancels.
#include "main_window.h"

#include "grow_session.h"
#include "segment_editor_panel.h"
#include "view_layout.h"

#include <hccws/core/image_io.h>
#include <hccws/widgets/segment_names.h>
#include <hccws/widgets/slice_view.h>

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolBar>

#include <exception>

namespace hccws::gui {

void MainWindow::buildGrow() {
  QMenu* menu = menuBar()->findChild<QMenu*>(QStringLiteral("segmentMenu"));
  if (!menu) return;
  menu->addSeparator();
  QAction* start = menu->addAction(tr("&Grow from seeds..."), this, [this] { startGrowFromSeeds(); });
  start->setObjectName(QStringLiteral("growFromSeedsAction"));
  start->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
  start->setToolTip(tr("Paint a few strokes of liver, tumour and background on any slices; the labels grow over "
                       "the volume along the image's edges (a live preview), then apply them as one undo step"));

  growBar_ = new QToolBar(tr("Grow from seeds"), this);
  growBar_->setObjectName(QStringLiteral("growBar"));
  growBar_->setMovable(false);
  growBar_->setFloatable(false);
  growBar_->toggleViewAction()->setVisible(false);
  growBar_->setStyleSheet(QStringLiteral("QToolBar#growBar { background: #e3f0ff; }"));
  growBar_->addWidget(new QLabel(tr("Seed:"), growBar_));
  growSeedLabel_ = new QComboBox(growBar_);
  growSeedLabel_->setObjectName(QStringLiteral("growSeedLabel"));
  growBar_->addWidget(growSeedLabel_);
  growProgress_ = new QProgressBar(growBar_);
  growProgress_->setObjectName(QStringLiteral("growProgress"));
  growProgress_->setRange(0, 100);
  growProgress_->setMaximumWidth(120);
  growBar_->addWidget(growProgress_);
  growText_ = new QLabel(growBar_);
  growText_->setObjectName(QStringLiteral("growText"));
  growText_->setWordWrap(true);
  growBar_->addWidget(growText_);
  QAction* save = growBar_->addAction(tr("Save seeds..."), this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save seeds"), QStringLiteral("seeds.nrrd"),
                                                   tr("NRRD with label table (*.nrrd)"));
    if (!f.isEmpty()) saveGrowSeeds(f);
  });
  save->setObjectName(QStringLiteral("growSaveSeedsAction"));
  save->setToolTip(tr("The seeds as a label map (255 = background): `hccws grow CT --seeds FILE` grows the same "
                      "segmentation without the window"));
  // The seeds' own undo (the segment editor's actions are disabled during the session).
  QAction* undo = growBar_->addAction(tr("Undo seed stroke"), this, [this] {
    if (grow_) grow_->seedEditor()->undo();
  });
  undo->setObjectName(QStringLiteral("growUndoAction"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = growBar_->addAction(tr("Redo seed stroke"), this, [this] {
    if (grow_) grow_->seedEditor()->redo();
  });
  redo->setObjectName(QStringLiteral("growRedoAction"));
  redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
  QAction* apply = growBar_->addAction(tr("Apply"), this, &MainWindow::applyGrowFromSeeds);
  apply->setObjectName(QStringLiteral("growApplyAction"));
  QAction* cancel = growBar_->addAction(tr("Cancel"), this, &MainWindow::cancelGrowFromSeeds);
  cancel->setObjectName(QStringLiteral("growCancelAction"));
  addToolBar(Qt::BottomToolBarArea, growBar_);
  growBar_->hide();
  for (QAction* a : growBar_->actions()) a->setEnabled(false);
  connect(growSeedLabel_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int) {
    if (grow_) grow_->seedEditor()->setActiveLabel(static_cast<std::uint8_t>(growSeedLabel_->currentData().toInt()));
  });
  // A new study or segmentation ends the session (the seeds belong to the image shown).
  connect(this, &MainWindow::studyShown, this, [this] {
    if (grow_) cancelGrowFromSeeds();
  });
}

bool MainWindow::startGrowFromSeeds() {
  if (grow_) return true;
  if (current_ < 0 || volumes_.empty()) {
    statusBar()->showMessage(tr("Open a study before growing a segmentation"), 8000);
    return false;
  }
  if (proposal_ || editor_->busy()) {
    statusBar()->showMessage(tr("Accept or reject the proposal, or wait for the running operation, first"), 8000);
    return false;
  }
  const auto ct = volumes_[current_];
  if (editor_->hasLabels() && !editor_->labels()->labels.geometry().sameGrid(ct->geometry())) {
    reportError(tr("Grow from seeds"),
                tr("The segmentation is on another grid than the phase shown: grow from seeds works on the grid of the "
                   "CT it grows on. Show the phase the segmentation was drawn on."));
    return false;
  }
  const core::LabelTable table = editor_->hasLabels() ? editor_->labels()->table : core::LabelTable::standard();
  grow_ = new GrowSession(ct, table, this);
  widgets::LabelEditor* seeds = grow_->seedEditor();
  seeds->setBrushRadiusMm(editor_->brush().radiusMm);
  seeds->setBrushShape(editor_->brush().shape);
  seeds->setTool(widgets::EditTool::Paint);
  growSeedLabel_->blockSignals(true);
  growSeedLabel_->clear();
  for (const auto& e : grow_->display()->table.entries()) {
    const QString name = e.value == core::kBackgroundSeed ? tr("Background") : widgets::segmentDisplayName(e.name);
    growSeedLabel_->addItem(name, int(e.value));
  }
  growSeedLabel_->blockSignals(false);
  growSeedLabel_->setCurrentIndex(0);
  seeds->setActiveLabel(static_cast<std::uint8_t>(growSeedLabel_->currentData().toInt()));

  for (auto* v : views_->allSliceViews()) {
    v->setEditor(seeds);
    v->setLabels(grow_->display());
  }
  applyLabelStyle();
  if (editor_->tool() != widgets::EditTool::None) editor_->setTool(widgets::EditTool::None);
  editorPanel_->setEnabled(false);
  connect(grow_, &GrowSession::displayChanged, this, [this](const core::IndexBox& box) {
    for (auto* v : views_->allSliceViews()) v->labelsModified(box);
  });
  connect(grow_, &GrowSession::updateStarted, this, [this] {
    growProgress_->setValue(0);
    growProgress_->setFormat(tr("growing %p%"));
  });
  connect(grow_, &GrowSession::updateProgress, this, [this](double f) { growProgress_->setValue(qRound(100 * f)); });
  connect(grow_, &GrowSession::updateFinished, this, [this](double seconds, bool whole) {
    growProgress_->setValue(100);
    growProgress_->setFormat(tr("done"));
    updateGrowText(seconds, whole);
  });
  connect(grow_, &GrowSession::updateFailed, this, [this](const QString& message) {
    growProgress_->setValue(0);
    growText_->setText(message.toHtmlEscaped());
    statusBar()->showMessage(message, 8000);
  });
  growText_->setText(tr("<b>Grow from seeds</b>: paint strokes of each label and of background on a few slices "
                        "(Paint; Erase takes a stroke back; Ctrl+Z undoes one). The preview follows each stroke."));
  growBar_->show();
  for (QAction* a : growBar_->actions()) a->setEnabled(true);
  Q_EMIT growStarted();
  return true;
}

void MainWindow::updateGrowText(double seconds, bool whole) {
  if (!grow_) return;
  const auto& g = grow_->ct().geometry();
  const double voxelMl = g.spacingMm[0] * g.spacingMm[1] * g.spacingMm[2] / 1000.0;
  QStringList parts;
  for (const auto& e : grow_->display()->table.entries()) {
    if (e.value == core::kBackgroundSeed || !grow_->counts()[e.value]) continue;
    parts << tr("%1 %2 mL").arg(widgets::segmentDisplayName(e.name)).arg(grow_->counts()[e.value] * voxelMl, 0, 'f', 1);
  }
  growText_->setText(tr("<b>Grow from seeds preview</b> (%1 update, %2 s): %3, measured on the preview inside the "
                        "region around the seeds. Apply writes it into the segmentation as one undo step.")
                         .arg(whole ? tr("whole") : tr("incremental"))
                         .arg(seconds, 0, 'f', 2)
                         .arg(parts.isEmpty() ? tr("no label grown yet") : parts.join(QStringLiteral(", "))));
}

void MainWindow::applyGrowFromSeeds() {
  if (!grow_) return;
  if (grow_->updating()) {
    statusBar()->showMessage(tr("Wait for the preview to finish, then apply"), 5000);
    return;
  }
  if (!grow_->hasResult()) {
    statusBar()->showMessage(tr("Nothing to apply yet: paint seeds of two labels and wait for the preview"), 8000);
    return;
  }
  const core::EditStepInfo info = grow_->applyTo(*editor_, tr("Grow from seeds"));
  endGrowFromSeeds();
  statusBar()->showMessage(tr("Grow from seeds applied (%1 voxels changed); Undo takes it back")
                               .arg(static_cast<qulonglong>(info.changedVoxels)),
                           8000);
}

bool MainWindow::saveGrowSeeds(const QString& path) {
  if (!grow_) return false;
  try {
    core::writeLabelMap(*grow_->seedEditor()->labels(), path.toStdString());
  } catch (const std::exception& e) {
    reportError(tr("Could not save the seeds"), tr("Could not save %1: %2").arg(path, QString::fromStdString(e.what())));
    return false;
  }
  statusBar()->showMessage(tr("Seeds saved to %1").arg(path), 8000);
  return true;
}

void MainWindow::cancelGrowFromSeeds() {
  if (!grow_) return;
  endGrowFromSeeds();
  statusBar()->showMessage(tr("Grow from seeds cancelled; the segmentation is unchanged"), 8000);
}

void MainWindow::endGrowFromSeeds() {
  growBar_->hide();
  for (QAction* a : growBar_->actions()) a->setEnabled(false);
  for (auto* v : views_->allSliceViews()) v->setEditor(editor_);
  GrowSession* s = grow_;
  grow_ = nullptr;
  s->disconnect(this);
  s->deleteLater();
  editorPanel_->setEnabled(true);
  onLabelsReplaced(editor_->labels());  // the views show the segmentation again
  Q_EMIT growEnded();
}

}  // namespace hccws::gui
