// MainWindow's menus and tool bars (split from main_window.cpp to keep that file about the window's state).
#include "main_window.h"

#include "pacs_dialog.h"

#include "cohort_dock.h"
#include "display_names.h"
#include "nomogram_dock.h"

#include "segment_editor_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSlider>
#include <QStatusBar>
#include <QToolBar>

namespace hccws::gui {

void MainWindow::buildMenus() {
  buildFileMenu();

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->setObjectName(QStringLiteral("editMenu"));
  edit->addAction(editorPanel_->undoAction());
  edit->addAction(editorPanel_->redoAction());
  edit->addSeparator();
  for (QAction* a : editorPanel_->actions())
    if (a != editorPanel_->undoAction() && a != editorPanel_->redoAction()) edit->addAction(a);

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

  view->addSeparator();
  QAction* nomogram = nomogramDock_->toggleViewAction();
  nomogram->setText(tr("&Nomogram: TACE vs HAIC"));
  nomogram->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
  nomogram->setObjectName(QStringLiteral("nomogramAction"));
  view->addAction(nomogram);
  QAction* cohort = cohortDock_->toggleViewAction();
  cohort->setText(tr("&Cohort: validation and the patient's place in it"));
  cohort->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
  cohort->setObjectName(QStringLiteral("cohortAction"));
  view->addAction(cohort);
  buildRadiomics(view);  // main_window_radiomics.cpp

  buildStudyMenu();    // main_window_registration.cpp
  buildSegmentMenu();  // main_window_segment.cpp
  buildGrow();         // main_window_grow.cpp
  buildPmn();          // main_window_pmn.cpp
  buildMarks();        // main_window_marks.cpp

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* keys = help->addAction(tr("Keyboard &shortcuts..."), this, &MainWindow::showShortcuts);
  keys->setObjectName(QStringLiteral("shortcutsAction"));
  keys->setShortcut(QKeySequence::HelpContents);
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
    QAction* a = windowBar->addAction(windowPresetDisplayName(p.kind), this, [this, k = p.kind] { applyWindowPreset(k); });
    a->setToolTip(tr("W %1 / L %2").arg(p.window.width).arg(p.window.level));
  }
  windowBar->addAction(windowPresetDisplayName(render::WindowPresetKind::Dicom), this, [this] { applyWindowPreset(render::WindowPresetKind::Dicom); })
      ->setToolTip(tr("The window stored in the series' DICOM header"));
  windowBar->addAction(tr("Auto"), this, [this] {
        if (current_ >= 0 && current_ < static_cast<int>(volumes_.size()))
          state_->setWindowLevel(render::percentileWindow(*volumes_[current_]));
      })
      ->setToolTip(tr("From the 1st to the 99th percentile of the phase's values (MRI, which has no HU)"));

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
  for (auto c : render::allColormaps()) colormap->addItem(colormapDisplayName(c), static_cast<int>(c));
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
  for (auto p : render::allVolumePresets()) preset->addItem(volumePresetDisplayName(p), static_cast<int>(p));
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
    views_->view3d()->setLiverOpacity(v / 100.0);
  });
  bar3d->addWidget(liverOpacity);
}

PacsDialog* MainWindow::pacsDialog() {
  if (!pacsDialog_) {
    pacsDialog_ = new PacsDialog(this);
    // a retrieved series opens as any local folder (the same loading, phase detection and checks)
    connect(pacsDialog_, &PacsDialog::retrieved, this, [this](const QString& folder, const QString&) {
      if (!folder.isEmpty()) openPath(folder);
    });
  }
  return pacsDialog_;
}

void MainWindow::buildFileMenu() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openDir = file->addAction(tr("Open DICOM &folder..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open DICOM folder"));
    if (!dir.isEmpty()) openPath(dir);
  });
  openDir->setShortcut(QKeySequence::Open);
  QAction* pacs = file->addAction(tr("Query &PACS..."), this, [this] { pacsDialog()->show(); });
  pacs->setObjectName(QStringLiteral("queryPacsAction"));
  QAction* send = file->addAction(tr("Send case to PACS"), this, [this] {
    if (!case_) {
      statusBar()->showMessage(tr("Send to PACS sends a case's DICOM SEG and report: open or save a case first"), 8000);
      return;
    }
    if (saveCase() || case_->readOnly()) {
      pacsDialog()->show();
      pacsDialog()->sendCase(QString::fromStdString(case_->dir()));
    }
  });
  send->setObjectName(QStringLiteral("sendCasePacsAction"));
  file->addAction(tr("Open &image file..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open image"), {},
                                                   tr("Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)"));
    if (!f.isEmpty()) openPath(f);
  });
  file->addAction(tr("Open &segmentation..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(
        this, tr("Open segmentation (label map or DICOM SEG)"), {},
        tr("Segmentations (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd *.dcm);;DICOM SEG (*.dcm);;All files (*)"));
    if (!f.isEmpty()) openSegmentation(f);
  });
  file->addAction(tr("Open &heatmap..."), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open heatmap (float image)"), {},
                                                   tr("Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)"));
    if (!f.isEmpty()) openHeatmap(f);
  });
  file->addAction(tr("Open synthetic &phantom demo"), this, &MainWindow::openPhantomDemo);
  file->addSeparator();
  buildCaseMenu(file);  // main_window_case.cpp
  file->addSeparator();
  QAction* save = file->addAction(tr("Save segmentation &as..."), this, [this] {
    if (!editor_->hasLabels()) {
      statusBar()->showMessage(tr("There is no segmentation to save"), 5000);
      return;
    }
    QString selected;
    QString f = QFileDialog::getSaveFileName(
        this, tr("Save segmentation"), QStringLiteral("segmentation.nrrd"),
        tr("NRRD with label table (*.nrrd);;NIfTI (*.nii.gz *.nii);;DICOM SEG (*.dcm)"), &selected);
    if (f.isEmpty()) return;
    if (QFileInfo(f).suffix().isEmpty())
      f += selected.startsWith(QStringLiteral("DICOM")) ? QStringLiteral(".dcm")
           : selected.startsWith(QStringLiteral("NIfTI")) ? QStringLiteral(".nii.gz")
                                                          : QStringLiteral(".nrrd");
    saveSegmentation(f);
  });
  save->setObjectName(QStringLiteral("saveSegmentationAction"));
  save->setShortcut(QKeySequence::Save);
  QMenu* shots = file->addMenu(tr("Save s&creenshot"));
  auto addShot = [this, shots](const QString& text, const QString& name, QImage (MainWindow::*grabber)()) {
    shots->addAction(text, this, [this, name, grabber] {
      const QString f = QFileDialog::getSaveFileName(this, tr("Save screenshot"), name, tr("PNG images (*.png)"));
      if (f.isEmpty()) return;
      const QImage image = (this->*grabber)();
      if (image.isNull() || !image.save(f, "PNG")) reportError(tr("Could not save the screenshot"), tr("Could not write %1").arg(f));
      else statusBar()->showMessage(tr("Saved %1").arg(f), 5000);
    });
  };
  addShot(tr("Current &view..."), QStringLiteral("hccws-view.png"), &MainWindow::viewScreenshot);
  addShot(tr("View &layout..."), QStringLiteral("hccws-layout.png"), &MainWindow::layoutScreenshot);
  addShot(tr("Whole &window..."), QStringLiteral("hccws.png"), &MainWindow::screenshot);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

}  // namespace hccws::gui
