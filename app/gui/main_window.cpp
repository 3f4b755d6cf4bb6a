#include "main_window.h"

#include "presentation_window.h"
#include "display_names.h"

#include "label_panel.h"
#include "measurements_panel.h"
#include "study_loader.h"
#include "study_panel.h"

#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QOpenGLWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <algorithm>

namespace hccws::gui {

namespace {
QString shortPhase(core::PhaseKind k) {
  switch (k) {
    case core::PhaseKind::Native: return QStringLiteral("NC");
    case core::PhaseKind::Arterial: return QStringLiteral("AP");
    case core::PhaseKind::PortalVenous: return QStringLiteral("PV");
    case core::PhaseKind::Delayed: return QStringLiteral("DP");
    case core::PhaseKind::Hepatobiliary: return QStringLiteral("HBP");
    case core::PhaseKind::Unknown: break;
  }
  return QStringLiteral("?");
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("HCC Workstation[*] - Research use only"));
  state_ = new widgets::ViewerState(this);
  state_->setWindowLevel(render::windowFor(render::WindowPresetKind::Abdomen));
  views_ = new ViewLayout(state_, this);
  setCentralWidget(views_);
  loader_ = new StudyLoader(this);

  auto* dock = new QDockWidget(tr("Study"), this);
  dock->setObjectName(QStringLiteral("studyDock"));
  panel_ = new StudyPanel(dock);
  panel_->setMinimumWidth(380);
  dock->setWidget(panel_);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  auto* segDock = new QDockWidget(tr("Segmentation"), this);
  segDock->setObjectName(QStringLiteral("segmentationDock"));
  labelPanel_ = new LabelPanel(segDock);
  segDock->setWidget(labelPanel_);
  addDockWidget(Qt::LeftDockWidgetArea, segDock);
  connect(labelPanel_, &LabelPanel::visibilityChanged, this, [this] {
    labelStyle_.hiddenLabels = labelPanel_->hiddenLabels();
    applyLabelStyle();
    views_->view3d()->setHiddenLabels(labelStyle_.hiddenLabels);
  });
  connect(labelPanel_, &LabelPanel::opacityChanged, this, [this] {
    labelStyle_.labelOpacity = labelPanel_->labelOpacity();
    applyLabelStyle();
    views_->view3d()->setLabelOpacity(labelStyle_.labelOpacity);
  });
  resizeDocks({dock}, {430}, Qt::Horizontal);
  connect(panel_, &StudyPanel::seriesSelected, this, &MainWindow::showPhase);
  connect(panel_, &StudyPanel::phaseReassigned, this, [this](int index, core::PhaseKind kind) {
    if (index < 0 || index >= static_cast<int>(study_.phases.size())) return;
    auto& d = study_.phases[index].decision;
    d.kind = kind;
    d.userOverride = true;
    d.reason = "set by the user";
    d.why.clear();
    updateTitles();
    updateCompareViews();
    if (case_ && !caseLoading_) caseManifestTimer_->start();
  });

  buildEditor();
  buildNomogram();
  buildCase();  // main_window_case.cpp: after the editor, measurements and nomogram it listens to
  buildMenus();
  buildToolBars();
  buildStatusBar();

  for (auto* v : views_->allSliceViews()) connect(v, &widgets::SliceView::probed, this, &MainWindow::onProbe);
  connect(loader_, &StudyLoader::started, this, [this](const QString& what) { setBusy(true, what); });
  connect(loader_, &StudyLoader::progress, this, &MainWindow::showWorkProgress);
  connect(loader_, &StudyLoader::finished, this, [this] { setBusy(false); });
  connect(loader_, &StudyLoader::studyLoaded, this,
          [this](std::shared_ptr<core::Study> s) { showStudy(std::move(*s)); });
  connect(loader_, &StudyLoader::labelsLoaded, this, [this](std::shared_ptr<core::LabelMap> l) {
    showSegmentation(std::move(*l));
    if (!marksFor_.isEmpty()) loadMarksBeside(marksFor_);
    marksFor_.clear();
  });
  connect(loader_, &StudyLoader::heatmapLoaded, this,
          [this](std::shared_ptr<core::Heatmap> h) { showHeatmap(std::move(*h)); });
  connect(loader_, &StudyLoader::cancelled, this, [this] { statusBar()->showMessage(tr("Loading cancelled"), 5000); });
  connect(loader_, &StudyLoader::failed, this, [this](const QString& message, const QString& detail) {
    Q_EMIT loadFailed(message);
    reportError(tr("Could not open"), message, detail);
  });
  buildRunTheRest();  // main_window_run_rest.cpp: listens to the segment and PMN controllers built above
  resize(1500, 950);
  restoreLayout();  // main_window_layout.cpp
}

MainWindow::~MainWindow() {
  loader_->cancel();
  loader_->waitForFinished();
  if (reportRunning()) {  // its progress goes to this window: let it stop first
    cancelReport();
    reportWaitForFinished();
  }
}

void MainWindow::buildStatusBar() {
  probe_ = new QLabel(tr("Move the mouse over a slice to probe"), this);
  probe_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  statusBar()->addWidget(probe_, 1);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setMaximumWidth(320);
  progress_->setTextVisible(true);
  progress_->hide();
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->hide();
  connect(cancel_, &QPushButton::clicked, loader_, &StudyLoader::cancel);
  connect(cancel_, &QPushButton::clicked, this, &MainWindow::cancelReport);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);
  notice_ = new QLabel(tr("RESEARCH USE ONLY - not for clinical decisions"), this);
  notice_->setObjectName(QStringLiteral("researchNotice"));
  notice_->setStyleSheet(QStringLiteral("QLabel { background: #8b1a1a; color: white; font-weight: bold; padding: 2px 8px; }"));
  notice_->setToolTip(noticeText());
  statusBar()->addPermanentWidget(notice_);
}

QString MainWindow::noticeText() const {
  return tr("HCC Workstation 0.1 - RESEARCH USE ONLY. Not a medical device; not for diagnosis, treatment "
            "planning or any clinical decision. Models shipped with it are demonstrations trained on synthetic "
            "phantoms.");
}

void MainWindow::setBusy(bool busy, const QString& what) {
  if (runCurrent_ || !runQueue_.empty()) {  // Run the rest: one bar for the whole chain (showWorkProgress)
    progress_->setVisible(true);
    cancel_->setVisible(true);
    if (busy) statusBar()->showMessage(what);
    return;
  }
  progress_->setVisible(busy);
  cancel_->setVisible(busy);
  progress_->setFormat(QStringLiteral("%p%"));
  progress_->setValue(0);
  if (busy) statusBar()->showMessage(what);
  else statusBar()->clearMessage();
}

bool MainWindow::openPath(const QString& path) {
  if (!confirmDiscardEdits(tr("opening %1").arg(path))) return false;
  if (loader_->loadStudy(path)) {
    closeCase();  // another study: the open case (saved, its edits journaled) is left as it is
    return true;
  }
  statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
  return false;
}

bool MainWindow::openSegmentation(const QString& path) {
  if (!confirmDiscardEdits(tr("opening %1").arg(path))) return false;
  std::optional<core::Geometry> grid;
  std::optional<core::SeriesSource> shown;
  if (current_ >= 0) grid = volumes_[current_]->geometry();
  if (current_ >= 0 && static_cast<std::size_t>(current_) < study_.phases.size()) shown = study_.phases[current_].source;
  if (loader_->loadLabels(path, grid, shown)) {
    marksFor_ = path;  // its marks file is read when the labels arrive
    return true;
  }
  statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
  return false;
}

bool MainWindow::openPhantomDemo() {
  if (!confirmDiscardEdits(tr("opening the phantom demo"))) return false;
  if (loader_->loadPhantomDemo()) {
    closeCase();
    return true;
  }
  statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
  return false;
}

void MainWindow::showStudy(core::Study study) {
  study_ = std::move(study);
  ++studyGeneration_;
  // A segmentation of the previous study does not belong to this one (callers confirmed unsaved edits).
  if (editor_->hasLabels()) editor_->setLabels(nullptr);
  clearHeatmap();
  panel_->setStudy(study_);  // before the voxels move out: the panel reads each geometry
  volumes_.clear();
  for (auto& p : study_.phases) {
    // The views share the voxels; the metadata copy keeps its geometry for the panel.
    volumes_.push_back(std::make_shared<const core::CtVolume>(std::move(p.volume)));
    p.volume = core::CtVolume();
  }
  registered_.assign(volumes_.size(), std::nullopt);
  int pick = 0;
  for (auto kind : {core::PhaseKind::PortalVenous, core::PhaseKind::Arterial}) {
    auto it = std::find_if(study_.phases.begin(), study_.phases.end(), [kind](const core::Phase& p) { return p.decision.kind == kind; });
    if (it != study_.phases.end()) {
      pick = static_cast<int>(it - study_.phases.begin());
      break;
    }
  }
  current_ = -1;
  if (!volumes_.empty()) showPhase(pick);
  updateCompareViews();
  if (!case_ && !caseLoading_ && !volumes_.empty())  // a study opened on its own: offer to keep it as a case
    statusBar()->showMessage(tr("Not kept in a case yet: File > Save case as... keeps this study with its segmentation, "
                                "results, inputs and note, safe from a crash"),
                             15000);
  Q_EMIT studyShown();
}

void MainWindow::showPhase(int index) {
  if (index < 0 || index >= static_cast<int>(volumes_.size())) return;
  // Nothing to do when this phase's voxels are already shown (a registration or Revert swaps them).
  if (index == current_ && views_->axial()->scene().image() == volumes_[index].get()) return;
  current_ = index;
  const auto& ct = volumes_[index];
  state_->setReferenceGeometry(ct->geometry());
  for (auto* v : {views_->axial(), views_->coronal(), views_->sagittal()}) v->setImage(ct);
  views_->view3d()->setImage(ct);
  editor_->setImage(ct);
  // MRI has no HU: its window comes from its own values (1st to 99th percentile).
  if (index < static_cast<int>(study_.phases.size()) && !study_.phases[index].isCt())
    state_->setWindowLevel(render::percentileWindow(*ct));
  updateTitles();
  panel_->setCurrentSeries(index);
}

void MainWindow::updateTitles() {
  if (current_ < 0 || current_ >= static_cast<int>(study_.phases.size())) return;
  QString phase = phaseDisplayName(study_.phases[current_].decision.kind);
  if (registrationOf(current_)) phase += tr(" (registered)");
  const render::SliceOrientation o[3] = {render::SliceOrientation::Axial, render::SliceOrientation::Coronal,
                                         render::SliceOrientation::Sagittal};
  widgets::SliceView* main[3] = {views_->axial(), views_->coronal(), views_->sagittal()};
  for (int i = 0; i < 3; ++i)
    main[i]->setTitle(orientationDisplayName(o[i]) + QStringLiteral(" - ") + phase);
}

void MainWindow::updateCompareViews() {
  auto find = [this](core::PhaseKind k) {
    for (std::size_t i = 0; i < study_.phases.size(); ++i)
      if (study_.phases[i].decision.kind == k && i < volumes_.size()) return static_cast<int>(i);
    return -1;
  };
  int left = find(core::PhaseKind::Arterial), right = find(core::PhaseKind::PortalVenous);
  if (right < 0) right = current_;
  if (left < 0) left = right;
  widgets::SliceView* views[2] = {views_->compareLeft(), views_->compareRight()};
  const int idx[2] = {left, right};
  for (int s = 0; s < 2; ++s) {
    if (idx[s] < 0) {
      views[s]->setImage(nullptr);
      continue;
    }
    views[s]->setImage(volumes_[idx[s]]);
    QString title = orientationDisplayName(render::SliceOrientation::Axial) + QStringLiteral(" - ") +
                    phaseDisplayName(study_.phases[idx[s]].decision.kind);
    if (left == right) title += tr(" (no second phase)");
    else if (registrationOf(idx[s])) title += tr(" (registered)");
    else if (s == 1 && !registrationOf(left)) title += tr(" (not registered: Study > Register phases)");
    views[s]->setTitle(title);
  }
}

void MainWindow::showSegmentation(core::LabelMap labels) {
  editor_->setLabels(std::make_shared<core::LabelMap>(std::move(labels)));
  Q_EMIT segmentationShown();
}

void MainWindow::onLabelsReplaced(std::shared_ptr<const core::LabelMap> labels) {
  for (auto* v : views_->allSliceViews()) v->setLabels(labels);
  views_->view3d()->setLabels(labels);
  labelPanel_->setLabels(labels.get());
  labelStyle_.hiddenLabels = labelPanel_->hiddenLabels();
  views_->view3d()->setHiddenLabels(labelStyle_.hiddenLabels);
  applyLabelStyle();
  editRefresh_->stop();
  if (labels) measurementsPanel_->compute(editor_->snapshot(), editor_->version());
  else measurementsPanel_->clear();
}

void MainWindow::openHeatmap(const QString& path) {
  if (!loader_->loadHeatmap(path)) statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
}

void MainWindow::showHeatmap(core::Heatmap heatmap) {
  heatmap_ = std::make_shared<const core::Heatmap>(std::move(heatmap));
  for (auto* v : views_->allSliceViews()) {
    v->setHeatmap(heatmap_);
    v->setHeatmapStyle(heatStyle_);
  }
  // 3D: the iso-surface at the 2D threshold (the same voxels that show in colour in the slices)
  views_->view3d()->setHeatmap(heatmap_, heatStyle_.threshold);
}

void MainWindow::clearHeatmap() {
  if (!heatmap_) return;
  heatmap_.reset();
  for (auto* v : views_->allSliceViews()) v->setHeatmap(nullptr);
  views_->view3d()->setHeatmap(nullptr, 0);
}

void MainWindow::setHeatmapStyle(const render::HeatmapStyle& style) {
  const bool thresholdChanged = style.threshold != heatStyle_.threshold;
  heatStyle_ = style;
  for (auto* v : views_->allSliceViews()) v->setHeatmapStyle(heatStyle_);
  if (heatmap_ && thresholdChanged) views_->view3d()->setHeatmap(heatmap_, heatStyle_.threshold);
}

void MainWindow::applyLabelStyle() {
  for (auto* v : views_->allSliceViews()) v->setLabelStyle(labelStyle_);
}

void MainWindow::applyWindowPreset(render::WindowPresetKind kind) {
  if (kind == render::WindowPresetKind::Dicom) {
    const core::SeriesSource* s = current_ >= 0 ? &study_.phases[current_].source : nullptr;
    state_->setWindowLevel(s ? render::dicomWindowOr(s->windowCenter, s->windowWidth)
                             : render::windowFor(render::WindowPresetKind::Abdomen));
  } else {
    state_->setWindowLevel(render::windowFor(kind));
  }
}

void MainWindow::onProbe(const render::ProbeSample& s) {
  const auto& w = s.worldLps;
  QString text = QStringLiteral("LPS (%1, %2, %3) mm").arg(w[0], 0, 'f', 1).arg(w[1], 0, 'f', 1).arg(w[2], 0, 'f', 1);
  if (s.insideImage) text += QStringLiteral("  |  voxel (%1, %2, %3)").arg(s.ijk[0]).arg(s.ijk[1]).arg(s.ijk[2]);
  // The value in every phase at the same world point: HU for CT, MRI's own (unitless) values through its map.
  QStringList hu;
  for (std::size_t i = 0; i < volumes_.size(); ++i) {
    const auto p = render::probeAt(w, volumes_[i].get(), nullptr, nullptr);
    if (!p.insideImage) continue;
    const auto& map = study_.phases[i].intensity;
    if (map.isHu()) hu << QStringLiteral("%1 %2 HU").arg(shortPhase(study_.phases[i].decision.kind)).arg(p.hu);
    else hu << QStringLiteral("%1 %2").arg(shortPhase(study_.phases[i].decision.kind)).arg(map.value(p.hu), 0, 'g', 5);
  }
  if (!hu.isEmpty()) text += QStringLiteral("  |  ") + hu.join(QStringLiteral(", "));
  if (s.hasLabel) text += QStringLiteral("  |  ") + (s.label ? QString::fromStdString(s.labelName.empty() ? "label " + std::to_string(s.label) : s.labelName) : tr("background"));
  if (s.hasHeat) text += QStringLiteral("  |  heat %1").arg(s.heat, 0, 'f', 3);
  probe_->setText(text);
}

QString MainWindow::probeText() const { return probe_->text(); }

QImage MainWindow::composedGrab(QWidget* root) {
  QImage image = root->grab().toImage().convertToFormat(QImage::Format_RGB32);
  QPainter painter(&image);
  // grab() paints the widget at the image's device pixel ratio; drawImage places in logical pixels.
  for (auto* gl : root->findChildren<QOpenGLWidget*>()) {
    if (!gl->isVisible()) continue;
    const QImage frame = gl->grabFramebuffer();
    painter.drawImage(QRect(gl->mapTo(root, QPoint(0, 0)), gl->size()), frame);
  }
  return image;
}

QImage MainWindow::screenshot() { return composedGrab(this); }

QImage MainWindow::layoutScreenshot() { return composedGrab(views_); }

QImage MainWindow::viewScreenshot() {
  QOpenGLWidget* view = nullptr;
  for (auto* gl : views_->findChildren<QOpenGLWidget*>())
    if (gl->isVisible() && gl->hasFocus()) view = gl;
  if (!view) view = views_->axial()->isVisible() ? static_cast<QOpenGLWidget*>(views_->axial()) : nullptr;
  if (!view)
    for (auto* gl : views_->findChildren<QOpenGLWidget*>())
      if (gl->isVisible()) {
        view = gl;
        break;
      }
  return view ? view->grabFramebuffer().convertToFormat(QImage::Format_RGB32) : QImage();
}

}  // namespace hccws::gui
