#include "main_window.h"

#include "label_panel.h"
#include "study_loader.h"
#include "study_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QOpenGLWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

namespace hccws::gui {

namespace {
QString shortPhase(core::PhaseKind k) {
  switch (k) {
    case core::PhaseKind::Native: return QStringLiteral("NC");
    case core::PhaseKind::Arterial: return QStringLiteral("AP");
    case core::PhaseKind::PortalVenous: return QStringLiteral("PV");
    case core::PhaseKind::Delayed: return QStringLiteral("DP");
    case core::PhaseKind::Unknown: break;
  }
  return QStringLiteral("?");
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("HCC Workstation - Research use only"));
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
  resizeDocks({dock}, {430}, Qt::Horizontal);
  connect(panel_, &StudyPanel::seriesSelected, this, &MainWindow::showPhase);
  connect(panel_, &StudyPanel::phaseReassigned, this, [this](int index, core::PhaseKind kind) {
    if (index < 0 || index >= static_cast<int>(study_.phases.size())) return;
    auto& d = study_.phases[index].decision;
    d.kind = kind;
    d.userOverride = true;
    d.reason = "set by the user";
    updateTitles();
    updateCompareViews();
  });

  buildMenus();
  buildToolBars();
  buildStatusBar();

  for (auto* v : views_->allSliceViews()) connect(v, &widgets::SliceView::probed, this, &MainWindow::onProbe);
  connect(loader_, &StudyLoader::started, this, [this](const QString& what) { setBusy(true, what); });
  connect(loader_, &StudyLoader::progress, this, [this](double f, const QString& stage) {
    progress_->setValue(qRound(1000 * f));
    progress_->setFormat(stage + QStringLiteral(" %p%"));
  });
  connect(loader_, &StudyLoader::finished, this, [this] { setBusy(false); });
  connect(loader_, &StudyLoader::studyLoaded, this,
          [this](std::shared_ptr<core::Study> s) { showStudy(std::move(*s)); });
  connect(loader_, &StudyLoader::labelsLoaded, this,
          [this](std::shared_ptr<core::LabelMap> l) { showSegmentation(std::move(*l)); });
  connect(loader_, &StudyLoader::heatmapLoaded, this,
          [this](std::shared_ptr<core::Heatmap> h) { showHeatmap(std::move(*h)); });
  connect(loader_, &StudyLoader::cancelled, this, [this] { statusBar()->showMessage(tr("Loading cancelled"), 5000); });
  connect(loader_, &StudyLoader::failed, this, [this](const QString& message, const QString& detail) {
    statusBar()->showMessage(message, 10000);
    Q_EMIT loadFailed(message);
    // Tests run without anyone to close a dialog: they set this property.
    if (!property("hccwsNoDialogs").toBool()) {
      QMessageBox box(QMessageBox::Warning, tr("Could not open"), message, QMessageBox::Ok, this);
      box.setDetailedText(detail);
      box.exec();
    }
  });
  resize(1500, 950);
}

MainWindow::~MainWindow() {
  loader_->cancel();
  loader_->waitForFinished();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openDir = file->addAction(tr("Open DICOM &folder..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!dir.isEmpty()) openPath(dir);
  });
  openDir->setShortcut(QKeySequence::Open);
  file->addAction(tr("Open &image file..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open image"), {},
                                                   tr("Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)"));
    if (!f.isEmpty()) openPath(f);
  });
  file->addAction(tr("Open &segmentation..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open segmentation (label map)"), {},
                                                   tr("Label maps (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)"));
    if (!f.isEmpty()) openSegmentation(f);
  });
  file->addAction(tr("Open &heatmap..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open heatmap (float image)"), {},
                                                   tr("Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)"));
    if (!f.isEmpty()) openHeatmap(f);
  });
  file->addAction(tr("Open synthetic &phantom demo"), this, &MainWindow::openPhantomDemo);
  file->addSeparator();
  file->addAction(tr("Save &screenshot..."), this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Save screenshot"), QStringLiteral("hccws.png"),
                                                   tr("PNG images (*.png)"));
    if (!f.isEmpty() && !screenshot().save(f)) statusBar()->showMessage(tr("Could not write %1").arg(f), 8000);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  auto* group = new QActionGroup(this);
  const std::pair<QString, LayoutMode> modes[] = {{tr("2 x 2"), LayoutMode::Grid2x2},
                                                  {tr("One large view"), LayoutMode::Single},
                                                  {tr("Arterial | portal venous"), LayoutMode::Compare}};
  int key = Qt::Key_1;
  for (const auto& [name, mode] : modes) {
    QAction* a = view->addAction(name, this, [this, mode = mode] { views_->setMode(mode); });
    a->setCheckable(true);
    a->setChecked(mode == views_->mode());
    a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(key++)));
    group->addAction(a);
  }
  connect(views_, &ViewLayout::modeChanged, this, [group](LayoutMode m) {
    group->actions().at(static_cast<int>(m))->setChecked(true);
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About"), this, [this] { QMessageBox::about(this, tr("HCC Workstation"), noticeText()); });
}

void MainWindow::buildToolBars() {
  QToolBar* layoutBar = addToolBar(tr("Layout"));
  layoutBar->setObjectName(QStringLiteral("layoutBar"));
  auto* single = new QComboBox(layoutBar);
  single->addItems({tr("Axial"), tr("Coronal"), tr("Sagittal"), tr("3D")});
  single->setToolTip(tr("The view shown in the one-large-view layout"));
  connect(single, &QComboBox::currentIndexChanged, this, [this](int i) {
    views_->setSingleView(i);
    views_->setMode(LayoutMode::Single);
  });
  layoutBar->addWidget(new QLabel(tr(" Large view: "), layoutBar));
  layoutBar->addWidget(single);

  QToolBar* windowBar = addToolBar(tr("Window"));
  windowBar->setObjectName(QStringLiteral("windowBar"));
  windowBar->addWidget(new QLabel(tr(" Window: "), windowBar));
  for (const auto& p : render::standardWindowPresets()) {
    QAction* a = windowBar->addAction(QString::fromStdString(p.name), this, [this, k = p.kind] { applyWindowPreset(k); });
    a->setToolTip(tr("W %1 / L %2").arg(p.window.width).arg(p.window.level));
  }
  windowBar->addAction(tr("DICOM"), this, [this] { applyWindowPreset(render::WindowPresetKind::Dicom); })
      ->setToolTip(tr("The window stored in the series' DICOM header"));

  QToolBar* labelBar = addToolBar(tr("Labels"));
  labelBar->setObjectName(QStringLiteral("labelBar"));
  labelBar->addWidget(new QLabel(tr(" Labels: "), labelBar));
  auto toggle = [this, labelBar](const QString& name, bool render::LabelStyle::*field) {
    QAction* a = labelBar->addAction(name);
    a->setCheckable(true);
    a->setChecked(labelStyle_.*field);
    connect(a, &QAction::toggled, this, [this, field](bool on) {
      labelStyle_.*field = on;
      applyLabelStyle();
    });
  };
  toggle(tr("Show"), &render::LabelStyle::visible);
  toggle(tr("Fill"), &render::LabelStyle::fill);
  toggle(tr("Outline"), &render::LabelStyle::outline);
  auto* opacity = new QSlider(Qt::Horizontal, labelBar);
  opacity->setRange(0, 100);
  opacity->setValue(qRound(100 * labelStyle_.fillOpacity));
  opacity->setMaximumWidth(120);
  opacity->setToolTip(tr("Fill opacity"));
  connect(opacity, &QSlider::valueChanged, this, [this](int v) {
    labelStyle_.fillOpacity = v / 100.0;
    applyLabelStyle();
  });
  labelBar->addWidget(opacity);

  QToolBar* heatBar = addToolBar(tr("Heatmap"));
  heatBar->setObjectName(QStringLiteral("heatBar"));
  heatBar->addWidget(new QLabel(tr(" Heatmap: "), heatBar));
  auto* colormap = new QComboBox(heatBar);
  colormap->setObjectName(QStringLiteral("heatColormapCombo"));
  for (auto c : render::allColormaps()) colormap->addItem(QString::fromStdString(render::displayName(c)), static_cast<int>(c));
  connect(colormap, &QComboBox::currentIndexChanged, this, [this, colormap](int) {
    auto s = heatStyle_;
    s.colormap = static_cast<render::Colormap>(colormap->currentData().toInt());
    setHeatmapStyle(s);
  });
  heatBar->addWidget(colormap);
  auto* heatOpacity = new QSlider(Qt::Horizontal, heatBar);
  heatOpacity->setRange(0, 100);
  heatOpacity->setValue(qRound(100 * heatStyle_.opacity));
  heatOpacity->setMaximumWidth(90);
  heatOpacity->setToolTip(tr("Heatmap opacity"));
  connect(heatOpacity, &QSlider::valueChanged, this, [this](int v) {
    auto s = heatStyle_;
    s.opacity = v / 100.0;
    setHeatmapStyle(s);
  });
  heatBar->addWidget(heatOpacity);
  auto* threshold = new QSlider(Qt::Horizontal, heatBar);
  threshold->setRange(0, 100);
  threshold->setValue(qRound(100 * heatStyle_.threshold));
  threshold->setMaximumWidth(90);
  threshold->setToolTip(tr("Threshold (fraction of the heatmap's value range): lower values are not shown"));
  connect(threshold, &QSlider::valueChanged, this, [this](int v) {
    auto s = heatStyle_;
    const double lo = heatmap_ ? heatmap_->valueMin : 0.0, hi = heatmap_ ? heatmap_->valueMax : 1.0;
    s.threshold = lo + (hi - lo) * v / 100.0;
    setHeatmapStyle(s);
  });
  heatBar->addWidget(threshold);

  QToolBar* bar3d = addToolBar(tr("3D"));
  bar3d->setObjectName(QStringLiteral("bar3d"));
  QAction* vr = bar3d->addAction(tr("Volume rendering"));
  vr->setObjectName(QStringLiteral("volumeRenderingAction"));
  vr->setCheckable(true);
  connect(vr, &QAction::toggled, this, [this](bool on) { views_->view3d()->setVolumeRendering(on); });
  auto* preset = new QComboBox(bar3d);
  preset->setObjectName(QStringLiteral("volumePresetCombo"));
  for (auto p : render::allVolumePresets()) preset->addItem(QString::fromStdString(render::displayName(p)), static_cast<int>(p));
  connect(preset, &QComboBox::currentIndexChanged, this, [this, preset](int) {
    views_->view3d()->setVolumePreset(static_cast<render::VolumePreset>(preset->currentData().toInt()));
  });
  bar3d->addWidget(preset);
  bar3d->addWidget(new QLabel(tr(" Liver opacity: "), bar3d));
  auto* liverOpacity = new QSlider(Qt::Horizontal, bar3d);
  liverOpacity->setObjectName(QStringLiteral("liverOpacitySlider"));
  liverOpacity->setRange(0, 100);
  liverOpacity->setValue(45);
  liverOpacity->setMaximumWidth(100);
  connect(liverOpacity, &QSlider::valueChanged, this, [this](int v) {
    views_->view3d()->scene().setSurfaceOpacity(static_cast<std::uint8_t>(core::StandardLabel::Liver), v / 100.0);
    views_->view3d()->update();
  });
  bar3d->addWidget(liverOpacity);
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
  progress_->setVisible(busy);
  cancel_->setVisible(busy);
  progress_->setValue(0);
  progress_->setFormat(QStringLiteral("%p%"));
  if (busy) statusBar()->showMessage(what);
  else statusBar()->clearMessage();
}

void MainWindow::openPath(const QString& path) {
  if (!loader_->loadStudy(path)) statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
}

void MainWindow::openSegmentation(const QString& path) {
  if (!loader_->loadLabels(path)) statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
}

void MainWindow::openPhantomDemo() {
  if (!loader_->loadPhantomDemo()) statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
}

void MainWindow::showStudy(core::Study study) {
  study_ = std::move(study);
  // A segmentation of the previous study does not belong to this one.
  if (labels_) {
    labels_.reset();
    for (auto* v : views_->allSliceViews()) v->setLabels(nullptr);
    views_->view3d()->setLabels(nullptr);
    labelPanel_->setLabels(nullptr);
  }
  if (heatmap_) {
    heatmap_.reset();
    for (auto* v : views_->allSliceViews()) v->setHeatmap(nullptr);
  }
  panel_->setStudy(study_);  // before the voxels move out: the panel reads each geometry
  volumes_.clear();
  for (auto& p : study_.phases) {
    // The views share the voxels; the metadata copy keeps its geometry for the panel.
    volumes_.push_back(std::make_shared<const core::CtVolume>(std::move(p.volume)));
    p.volume = core::CtVolume();
  }
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
  Q_EMIT studyShown();
}

void MainWindow::showPhase(int index) {
  if (index < 0 || index >= static_cast<int>(volumes_.size()) || index == current_) return;
  current_ = index;
  const auto& ct = volumes_[index];
  state_->setReferenceGeometry(ct->geometry());
  for (auto* v : {views_->axial(), views_->coronal(), views_->sagittal()}) v->setImage(ct);
  views_->view3d()->setImage(ct);
  updateTitles();
  panel_->setCurrentSeries(index);
}

void MainWindow::updateTitles() {
  if (current_ < 0 || current_ >= static_cast<int>(study_.phases.size())) return;
  const QString phase = QString::fromStdString(core::displayName(study_.phases[current_].decision.kind));
  const render::SliceOrientation o[3] = {render::SliceOrientation::Axial, render::SliceOrientation::Coronal,
                                         render::SliceOrientation::Sagittal};
  widgets::SliceView* main[3] = {views_->axial(), views_->coronal(), views_->sagittal()};
  for (int i = 0; i < 3; ++i)
    main[i]->setTitle(QString::fromStdString(render::displayName(o[i])) + QStringLiteral(" - ") + phase);
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
    QString title = QStringLiteral("Axial - ") +
                    QString::fromStdString(core::displayName(study_.phases[idx[s]].decision.kind));
    if (left == right) title += tr(" (no second phase)");
    views[s]->setTitle(title);
  }
}

void MainWindow::showSegmentation(core::LabelMap labels) {
  labels_ = std::make_shared<const core::LabelMap>(std::move(labels));
  for (auto* v : views_->allSliceViews()) v->setLabels(labels_);
  views_->view3d()->setLabels(labels_);
  labelPanel_->setLabels(labels_.get());
  labelStyle_.hiddenLabels = labelPanel_->hiddenLabels();
  views_->view3d()->setHiddenLabels(labelStyle_.hiddenLabels);
  applyLabelStyle();
  Q_EMIT segmentationShown();
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
}

void MainWindow::setHeatmapStyle(const render::HeatmapStyle& style) {
  heatStyle_ = style;
  for (auto* v : views_->allSliceViews()) v->setHeatmapStyle(heatStyle_);
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
  // HU in every phase at the same world point.
  QStringList hu;
  for (std::size_t i = 0; i < volumes_.size(); ++i) {
    const auto p = render::probeAt(w, volumes_[i].get(), nullptr, nullptr);
    if (p.insideImage) hu << QStringLiteral("%1 %2 HU").arg(shortPhase(study_.phases[i].decision.kind)).arg(p.hu);
  }
  if (!hu.isEmpty()) text += QStringLiteral("  |  ") + hu.join(QStringLiteral(", "));
  if (s.hasLabel) text += QStringLiteral("  |  ") + (s.label ? QString::fromStdString(s.labelName.empty() ? "label " + std::to_string(s.label) : s.labelName) : tr("background"));
  if (s.hasHeat) text += QStringLiteral("  |  heat %1").arg(s.heat, 0, 'f', 3);
  probe_->setText(text);
}

QString MainWindow::probeText() const { return probe_->text(); }

QImage MainWindow::screenshot() {
  QImage image = grab().toImage().convertToFormat(QImage::Format_RGB32);
  QPainter painter(&image);
  for (auto* gl : findChildren<QOpenGLWidget*>()) {
    if (!gl->isVisible()) continue;
    const QImage frame = gl->grabFramebuffer();
    painter.drawImage(QRect(gl->mapTo(this, QPoint(0, 0)), gl->size()), frame);
  }
  return image;
}

}  // namespace hccws::gui
