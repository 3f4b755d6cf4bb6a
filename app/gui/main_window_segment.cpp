// MainWindow: the Segment menu (model bundle on the study shown, off the UI thread) and the proposal it
// returns: shown as the overlay of every view with a non-modal Accept / Reject bar naming the model and its
// provenance. The editor's labels are not touched until Accept, which records one undo step
// ("Accept segmentation proposal"); Reject puts the editor's labels back in the views and leaves the history
// as it was. Editing is paused while a proposal is shown.
#include "main_window.h"

#include "label_panel.h"
#include "segment_controller.h"
#include "segment_editor_panel.h"
#include "study_loader.h"

#include "cli/resource_paths.h"

#include <hccws/core/resample.h>

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>
#include <array>

namespace hccws::gui {

void MainWindow::buildSegmentMenu() {
  segment_ = new SegmentController(this);
  QMenu* menu = menuBar()->addMenu(tr("&Segment"));
  menu->setObjectName(QStringLiteral("segmentMenu"));
  QAction* demo = menu->addAction(tr("Segment liver and tumours (&demo model)..."), this,
                                  &MainWindow::segmentWithDemoModel);
  demo->setObjectName(QStringLiteral("segmentDemoAction"));
  demo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
  const QString demoTip = tr("Liver and tumour with the shipped demo model (trained on synthetic phantoms - not for "
                             "clinical use) on the study's arterial and portal venous phases");
  demo->setToolTip(demoTip);
  QAction* folder = menu->addAction(tr("Segment with model &folder..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model bundle folder (manifest.json)"));
    if (!dir.isEmpty()) segmentWithModel(dir);
  });
  folder->setObjectName(QStringLiteral("segmentFolderAction"));
  if (!SegmentController::available()) {
    for (QAction* a : {demo, folder}) {
      a->setEnabled(false);
      a->setToolTip(tr("This build has no inference engine"));
    }
  }

  // The proposal bar: non-modal, above the status bar, shown only while a proposal is pending.
  proposalBar_ = new QToolBar(tr("Segmentation proposal"), this);
  proposalBar_->setObjectName(QStringLiteral("proposalBar"));
  proposalBar_->setMovable(false);
  proposalBar_->setFloatable(false);
  proposalBar_->toggleViewAction()->setVisible(false);
  proposalBar_->setStyleSheet(QStringLiteral("QToolBar#proposalBar { background: #fff3c4; }"));
  proposalText_ = new QLabel(proposalBar_);
  proposalText_->setObjectName(QStringLiteral("proposalText"));
  proposalText_->setWordWrap(true);
  proposalText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  proposalBar_->addWidget(proposalText_);
  QAction* accept = proposalBar_->addAction(tr("Accept proposal"), this, &MainWindow::acceptProposal);
  accept->setObjectName(QStringLiteral("acceptProposalAction"));
  QAction* reject = proposalBar_->addAction(tr("Reject proposal"), this, &MainWindow::rejectProposal);
  reject->setObjectName(QStringLiteral("rejectProposalAction"));
  addToolBar(Qt::BottomToolBarArea, proposalBar_);
  proposalBar_->hide();
  menu->addSeparator();
  menu->addAction(accept);
  menu->addAction(reject);
  accept->setEnabled(false);
  reject->setEnabled(false);

  connect(segment_, &SegmentController::started, this, [this](const QString& what) {
    setBusy(true, what);
    connect(cancel_, &QPushButton::clicked, segment_, &SegmentController::cancel, Qt::UniqueConnection);
  });
  connect(segment_, &SegmentController::progress, this, &MainWindow::showWorkProgress);
  connect(segment_, &SegmentController::finished, this, [this] { setBusy(false); });
  connect(segment_, &SegmentController::cancelled, this,
          [this] { statusBar()->showMessage(tr("Segmentation cancelled; nothing was changed"), 8000); });
  connect(segment_, &SegmentController::failed, this, [this](const QString& message, const QString& detail) {
    reportError(tr("Could not segment"), tr("Segmentation failed: %1").arg(message), detail);
  });
  connect(segment_, &SegmentController::proposalReady, this, &MainWindow::showProposal);
  // The demo model says up front whether it fits the study shown (its manifest names the phases it needs).
  connect(this, &MainWindow::studyShown, this, [this, demo, demoTip] {
    if (!SegmentController::available()) return;
    const QString why = SegmentController::whyNotRunnable(demoModelDir(), studyPhaseKinds());
    demo->setEnabled(why.isEmpty());
    demo->setToolTip(why.isEmpty() ? demoTip : why);
    if (!why.isEmpty()) statusBar()->showMessage(tr("Demo segmentation model: %1").arg(why), 10000);
  });
  // A new study or segmentation replaces what the proposal was made for.
  connect(this, &MainWindow::studyShown, this, [this] {
    if (proposal_) rejectProposal();
  });
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, [this] {
    if (proposal_) rejectProposal();
  });
}

QString MainWindow::demoModelDir() const {
  return QString::fromStdString(cli::resourcePath("models/demo_liver_tumour"));
}

std::vector<core::PhaseKind> MainWindow::studyPhaseKinds() const {
  std::vector<core::PhaseKind> kinds;
  for (std::size_t i = 0; i < volumes_.size() && i < study_.phases.size(); ++i) kinds.push_back(study_.phases[i].decision.kind);
  return kinds;
}

bool MainWindow::segmentWithDemoModel() { return segmentWithModel(demoModelDir()); }

bool MainWindow::segmentWithModel(const QString& bundleDir) {
  if (current_ < 0 || volumes_.empty()) {
    statusBar()->showMessage(tr("Open a study before segmenting it"), 8000);
    return false;
  }
  if (loader_->busy() || segment_->busy()) {
    statusBar()->showMessage(tr("Busy: wait for the current work or cancel it"), 5000);
    return false;
  }
  // A model that cannot run on these phases is refused before any work starts, naming what is missing.
  if (const QString why = SegmentController::whyNotRunnable(bundleDir, studyPhaseKinds()); !why.isEmpty()) {
    reportError(tr("Could not segment"), why, QString());
    return false;
  }
  if (proposal_) rejectProposal();  // one proposal at a time
  // A running editor operation would change the labels under the proposal: stop it (it changes nothing).
  if (editor_->busy()) editor_->cancelOperation();
  std::vector<SegmentInput> inputs;
  for (std::size_t i = 0; i < volumes_.size() && i < study_.phases.size(); ++i)
    inputs.push_back({study_.phases[i].decision.kind, volumes_[i]});
  // A multi-phase model needs its phases on one anatomy: unless every other phase is already registered onto
  // the shown one in the window (Study > Register phases), the pipeline registers them first (as `hccws segment
  // --register`). Unregistered, the demo model put 10.5 % of its liver outside the true liver + 2 mm on the
  // demo phantom (breathing motion between the phases), registered 0.4 % (docs/inference.md).
  SegmentSettings settings = segment_->settings();
  settings.registerPhases = false;
  for (std::size_t i = 0; i < volumes_.size(); ++i)
    if (static_cast<int>(i) != current_ && !(registered_[i] && registered_[i]->referenceIndex == current_))
      settings.registerPhases = true;
  segment_->setSettings(settings);
  segmentSource_ = volumes_[current_];
  return segment_->start(bundleDir, std::move(inputs), current_);
}

void MainWindow::showProposal(std::shared_ptr<const SegmentProposal> proposal) {
  // The study shown changed while the model ran: the proposal belongs to another image.
  const auto source = segmentSource_.lock();
  if (!proposal || !source || current_ < 0 || std::find(volumes_.begin(), volumes_.end(), source) == volumes_.end()) {
    statusBar()->showMessage(tr("The segmentation finished for a study that is no longer shown; discarded"), 8000);
    return;
  }
  proposal_ = std::move(proposal);
  const std::shared_ptr<const core::LabelMap> labels(proposal_, &proposal_->labels);
  for (auto* v : views_->allSliceViews()) v->setLabels(labels);
  views_->view3d()->setLabels(labels);
  labelPanel_->setLabels(labels.get());
  applyLabelStyle();
  // Editing is paused: an edit would go to the labels underneath, not to what the views show.
  if (editor_->busy()) editor_->cancelOperation();
  editor_->setTool(widgets::EditTool::None);
  editorPanel_->setEnabled(false);
  const QString provenance = proposal_->provenance.isEmpty() ? tr("no provenance in the manifest") : proposal_->provenance;
  // What Accept would give, measured on the proposal itself (issue 15): volumes, lesions, largest diameter.
  const core::Measurements& m = proposal_->measurements;
  QStringList measured;
  if (m.liverMeasured) measured << tr("liver %1 mL").arg(m.liverVolumeMl, 0, 'f', 0);
  if (m.tumourMeasured)
    measured << tr("%n lesion(s), %1 mL, largest %2 mm", nullptr, m.tumourCount)
                    .arg(m.tumourVolumeMl, 0, 'f', 1)
                    .arg(m.largestDiameter3dMm, 0, 'f', 0);
  proposalText_->setText(tr("<b>Segmentation proposal</b> from %1 (%2) - %3 s on %4. Measured on the proposal: %5. "
                            "Accept it to replace the segmentation (one undo step) or reject it.")
                             .arg(proposal_->modelName.toHtmlEscaped(), provenance.toHtmlEscaped())
                             .arg(proposal_->seconds, 0, 'f', 1)
                             .arg(proposal_->device.toHtmlEscaped(),
                                  measured.isEmpty() ? tr("no liver or tumour segment") : measured.join(QStringLiteral("; "))));
  proposalText_->setToolTip(proposal_->log.join(QStringLiteral("\n")));
  proposalBar_->show();
  for (QAction* a : proposalBar_->actions()) a->setEnabled(true);
  statusBar()->showMessage(tr("Segmentation proposal ready (%1 s on %2): accept or reject it")
                               .arg(proposal_->seconds, 0, 'f', 1)
                               .arg(proposal_->device));
  Q_EMIT proposalShown();
}

void MainWindow::endProposal() {
  proposalBar_->hide();
  for (QAction* a : proposalBar_->actions()) a->setEnabled(false);
  editorPanel_->setEnabled(true);
  onLabelsReplaced(editor_->labels());  // the views show the editor's labels again
}

void MainWindow::acceptProposal() {
  if (!proposal_) return;
  if (editor_->busy()) {  // the proposal stays; Accept again when the operation is done or cancelled
    statusBar()->showMessage(tr("Wait for the running segment editor operation (or cancel it), then accept"), 8000);
    return;
  }
  const auto p = std::move(proposal_);
  proposal_.reset();  // before the editor signals: they must not see a pending proposal
  core::Volume<std::uint8_t> labels = p->labels.labels;
  // A segmentation on another grid (loaded from a file) keeps its grid: the proposal is resampled onto it.
  if (editor_->hasLabels() && !editor_->labels()->labels.geometry().sameGrid(labels.geometry()))
    labels = core::resampleLabels(labels, editor_->labels()->labels.geometry(), core::AffineTransform{});
  // Segment names: the proposal's (the model's classes), plus the segments the previous map had voxels in
  // (so Undo finds their names). A segment that was never drawn and the model does not have (the standard
  // table's PVTT) is dropped: its role is then missing, not "measured absent".
  core::LabelTable table = p->labels.table;
  if (editor_->hasLabels()) {
    std::array<bool, 256> used{};
    for (std::uint8_t v : editor_->labels()->labels.buffer()) used[v] = true;
    for (const auto& e : editor_->labels()->table.entries())
      if (used[e.value] || !table.find(e.value)) {
        if (used[e.value] || e.locked) table.set(e);
      } else if (auto* mine = table.find(e.value)) {
        mine->rgb = e.rgb;  // the user's colour for a value the model also names
      }
  }
  const core::EditStepInfo info = editor_->replaceAll(tr("Accept segmentation proposal"), labels);
  editor_->setTable(std::move(table));
  endProposal();
  statusBar()->showMessage(tr("Segmentation proposal accepted (%1 voxels changed); Undo restores the previous labels")
                               .arg(static_cast<qulonglong>(info.changedVoxels)),
                           8000);
}

void MainWindow::rejectProposal() {
  if (!proposal_) return;
  proposal_.reset();
  endProposal();
  statusBar()->showMessage(tr("Segmentation proposal rejected; the labels are unchanged"), 8000);
}

}  // namespace hccws::gui
