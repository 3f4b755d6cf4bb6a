// The main window driven end to end: an in-memory two-phase study (panel, phase reassignment, layouts,
// probe, label overlay, compare layout), the real HCC series and a real DICOM + label map loaded off the
// UI thread, cancel, errors. With HCCWS_SCREENSHOT=path.png the real-series test saves a screenshot.
#include "gui_support.h"
#include "viewer/support.h"

#include "gui/label_panel.h"
#include "gui/main_window.h"
#include "gui/measurements_panel.h"
#include "gui/study_loader.h"
#include "gui/study_panel.h"
#include "gui/view_layout.h"

#include <hccws/widgets/label_editor.h>

#include <catch2/catch.hpp>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolBar>

#include <cmath>
#include <cstdlib>
#include <algorithm>
#include <filesystem>

using namespace hccws;

namespace {
core::Study twoPhaseStudy() {
  core::Study s;
  s.patientId = "PHANTOM-1";
  for (auto kind : {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous}) {
    core::Phase p;
    p.volume = test::makeTestCt();
    if (kind == core::PhaseKind::Arterial)
      for (auto& v : p.volume.buffer()) v = static_cast<std::int16_t>(v == 100 ? 300 : v);
    p.decision = {kind, 0.9, "SeriesDescription keyword", false, {}};
    p.source.seriesDescription = kind == core::PhaseKind::Arterial ? "ART" : "PV";
    p.source.windowCenter = 40;
    p.source.windowWidth = 350;
    s.phases.push_back(std::move(p));
  }
  s.phases[0].diagnostics.push_back({core::Severity::Warning, "", "uneven slice spacing"});
  return s;
}

// As the user would: the toolbar's volume-rendering toggle and preset combo.
void enableBoneVolumeRendering(gui::MainWindow& w) {
  if (auto* vr = w.findChild<QAction*>(QStringLiteral("volumeRenderingAction"))) vr->setChecked(true);
  if (auto* combo = w.findChild<QComboBox*>(QStringLiteral("volumePresetCombo")))
    combo->setCurrentIndex(combo->findText(QString::fromStdString(render::displayName(render::VolumePreset::Bone))));
  QTest::qWait(100);
}

int nonBlackPixels(const QImage& img) {
  int n = 0;
  for (int y = 0; y < img.height(); y += 2)
    for (int x = 0; x < img.width(); x += 2) n += (qGray(img.pixel(x, y)) > 20) ? 1 : 0;
  return n;
}

test::Rgb rgbAt(const QImage& img, const QPointF& p) {
  const QRgb c = img.pixel(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
  return {qRed(c), qGreen(c), qBlue(c)};
}
}  // namespace

TEST_CASE("main window shows a study, its phases, labels and layouts", "[gui][mainwindow]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1400, 900);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  auto* notice = w.findChild<QLabel*>(QStringLiteral("researchNotice"));
  REQUIRE(notice);
  CHECK(notice->isVisible());
  CHECK(notice->text().contains(QStringLiteral("RESEARCH USE ONLY")));

  w.showStudy(twoPhaseStudy());
  CHECK(w.studyPanel()->rowCount() == 2);
  CHECK(w.currentPhase() == 1);  // portal venous preferred
  CHECK(w.studyPanel()->phaseAt(0) == core::PhaseKind::Arterial);
  // The user reassigns the first series; the study records the override.
  w.studyPanel()->reassignPhase(0, core::PhaseKind::Delayed);
  CHECK(w.study().phases[0].decision.kind == core::PhaseKind::Delayed);
  CHECK(w.study().phases[0].decision.userOverride);
  w.studyPanel()->reassignPhase(0, core::PhaseKind::Arterial);
  // Showing the other phase in the main views keeps the cursor (same world point).
  w.showPhase(0);
  CHECK(w.currentPhase() == 0);
  CHECK(w.viewLayout()->axial()->scene().image()->data()[w.viewLayout()->axial()->scene().image()->geometry().linearIndex(25, 20, 10)] == 300);
  w.showPhase(1);

  // A segmentation overlay shows in the axial view at the tumour.
  w.showSegmentation(test::makeTestLabels(test::makeTestCt().geometry()));
  const auto g = test::makeTestCt().geometry();
  w.viewerState()->setCursor(g.indexToWorld({12, 12, 8}));
  auto* axial = w.viewLayout()->axial();
  const QImage img = axial->grabFramebuffer();
  const auto c = rgbAt(img, axial->worldToWidget(g.indexToWorld({13, 13, 8})));
  CHECK(c[0] > c[2] + 60);  // tumour yellow blended over grey
  CHECK(c[1] > c[2] + 40);
  // Hidden from the segmentation panel: grey again; shown again: yellow.
  w.labelPanel()->setLabelVisible(2, false);
  const auto hidden = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(g.indexToWorld({13, 13, 8})));
  CHECK(std::abs(hidden[0] - hidden[2]) <= 2);
  w.labelPanel()->setLabelVisible(2, true);
  CHECK(rgbAt(axial->grabFramebuffer(), axial->worldToWidget(g.indexToWorld({13, 13, 8})))[2] < c[2] + 3);
  // Per-label opacity from the panel: 0 % shows the CT grey, 100 % the full blend; the liver is untouched.
  const core::Vec3 liverPoint = g.indexToWorld({20, 18, 12});
  w.viewerState()->setCursor(liverPoint);
  const auto liverBefore = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(liverPoint));
  w.viewerState()->setCursor(g.indexToWorld({12, 12, 8}));
  w.labelPanel()->setLabelOpacity(2, 0.0);
  const auto clear = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(g.indexToWorld({13, 13, 8})));
  CHECK(std::abs(clear[0] - clear[2]) <= 2);
  w.labelPanel()->setLabelOpacity(2, 0.5);
  const auto half = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(g.indexToWorld({13, 13, 8})));
  CHECK(half[0] - half[2] > 10);
  CHECK(half[0] - half[2] < c[0] - c[2] - 10);
  w.viewerState()->setCursor(liverPoint);
  CHECK(test::near(rgbAt(axial->grabFramebuffer(), axial->worldToWidget(liverPoint)), liverBefore, 2));
  w.viewerState()->setCursor(g.indexToWorld({12, 12, 8}));
  w.labelPanel()->setLabelOpacity(2, 1.0);
  CHECK(test::near(rgbAt(axial->grabFramebuffer(), axial->worldToWidget(g.indexToWorld({13, 13, 8}))), c, 2));

  // Probe in the status bar: world, voxel, HU in both phases, label.
  QMouseEvent move(QEvent::MouseMove, axial->worldToWidget(g.indexToWorld({13, 13, 8})),
                   axial->mapToGlobal(axial->worldToWidget(g.indexToWorld({13, 13, 8}))), Qt::NoButton, Qt::NoButton, {});
  QApplication::sendEvent(axial, &move);
  CHECK(w.probeText().contains(QStringLiteral("voxel (13, 13, 8)")));
  CHECK(w.probeText().contains(QStringLiteral("AP 40 HU")));
  CHECK(w.probeText().contains(QStringLiteral("PV 40 HU")));
  CHECK(w.probeText().contains(QStringLiteral("tumour")));

  // A heatmap on its own ROI grid: hot over the tumour, hidden above the threshold, value in the probe.
  {
    core::Heatmap heat;
    core::Geometry hg;
    hg.dims = {4, 4, 3};
    hg.spacingMm = {2, 2, 2.5};
    hg.originLps = g.indexToWorld({16, 16, 7});
    heat.values = core::FloatVolume(hg, 0.9f);
    heat.name = "test";
    w.showHeatmap(std::move(heat));
    const core::Vec3 inHeat = hg.indexToWorld({1.5, 1.5, 1});
    w.viewerState()->setCursor(g.indexToWorld({5, 5, 8}));
    const auto hot = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(inHeat));
    CHECK(hot[0] > hot[2] + 60);
    auto style = w.heatmapStyle();
    style.threshold = 0.95;
    w.setHeatmapStyle(style);
    const auto off = rgbAt(axial->grabFramebuffer(), axial->worldToWidget(inHeat));
    CHECK(std::abs(off[0] - off[2]) <= 2);
    QMouseEvent over(QEvent::MouseMove, axial->worldToWidget(inHeat), axial->mapToGlobal(axial->worldToWidget(inHeat)),
                     Qt::NoButton, Qt::NoButton, {});
    QApplication::sendEvent(axial, &over);
    CHECK(w.probeText().contains(QStringLiteral("heat 0.900")));
    style.threshold = 0.2;
    w.setHeatmapStyle(style);
  }

  // DICOM window preset uses the series' header.
  w.applyWindowPreset(render::WindowPresetKind::Dicom);
  CHECK(w.viewerState()->windowLevel().width == Approx(350));

  // Layouts: one large view, then arterial | portal venous with the same cursor.
  w.viewLayout()->setMode(gui::LayoutMode::Single);
  QTest::qWait(20);
  CHECK(axial->isVisible());
  CHECK_FALSE(w.viewLayout()->coronal()->isVisible());
  w.viewLayout()->setMode(gui::LayoutMode::Compare);
  QTest::qWait(20);
  auto* left = w.viewLayout()->compareLeft();
  auto* right = w.viewLayout()->compareRight();
  REQUIRE(left->isVisible());
  REQUIRE(right->isVisible());
  CHECK_FALSE(axial->isVisible());
  w.applyWindowPreset(render::WindowPresetKind::Abdomen);
  w.viewerState()->setCursor(g.indexToWorld({5, 5, 10}));
  const core::Vec3 slab = g.indexToWorld({25, 20, 10});  // 300 HU arterial, 100 HU portal venous
  const int greyLeft = rgbAt(left->grabFramebuffer(), left->worldToWidget(slab))[0];
  const int greyRight = rgbAt(right->grabFramebuffer(), right->worldToWidget(slab))[0];
  CHECK(greyLeft == 255);
  CHECK(greyRight == Approx(159).margin(5));
  // A click in the left view moves the cursor the right view shows.
  QTest::mouseClick(left, Qt::LeftButton, {}, left->worldToWidget(g.indexToWorld({30, 8, 10})).toPoint());
  CHECK(g.worldToIndex(right->scene().cursor())[0] == Approx(30).margin(1e-6));
  w.viewLayout()->setMode(gui::LayoutMode::Grid2x2);
  QTest::qWait(20);
  CHECK(w.viewLayout()->view3d()->isVisible());
  CHECK(axial->isVisible());
  // Double-click maximises a view and restores the grid.
  QTest::mouseDClick(w.viewLayout()->coronal(), Qt::LeftButton, {}, QPoint(50, 50));
  CHECK(w.viewLayout()->mode() == gui::LayoutMode::Single);
  CHECK(w.viewLayout()->singleView() == 1);
  QTest::qWait(20);
  CHECK_FALSE(axial->isVisible());
  QTest::mouseDClick(w.viewLayout()->coronal(), Qt::LeftButton, {}, QPoint(50, 50));
  CHECK(w.viewLayout()->mode() == gui::LayoutMode::Grid2x2);
}

TEST_CASE("the real HCC series loads off the UI thread and displays", "[gui][mainwindow][data]") {
  const std::string dir = test::sharedData("hcc048_pv");
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1600, 1000);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QSignalSpy shown(&w, &gui::MainWindow::studyShown);
  QSignalSpy progress(w.loader(), &gui::StudyLoader::progress);
  w.openPath(QString::fromStdString(dir));
  CHECK(w.loader()->busy());
  REQUIRE(shown.wait(60000));
  CHECK(progress.count() > 0);
  REQUIRE(w.study().phases.size() == 1);
  CHECK(w.study().phases[0].decision.kind == core::PhaseKind::PortalVenous);
  w.applyWindowPreset(render::WindowPresetKind::Abdomen);
  QTest::qWait(50);
  CHECK(nonBlackPixels(w.viewLayout()->axial()->grabFramebuffer()) > 5000);
  CHECK(nonBlackPixels(w.viewLayout()->coronal()->grabFramebuffer()) > 2000);
  // The probe reads HU of the real series: soft tissue at the centre of the volume.
  auto* axial = w.viewLayout()->axial();
  const QPointF centre(axial->width() / 2.0, axial->height() / 2.0);
  QMouseEvent move(QEvent::MouseMove, centre, axial->mapToGlobal(centre), Qt::NoButton, Qt::NoButton, {});
  QApplication::sendEvent(axial, &move);
  CHECK(w.probeText().contains(QStringLiteral("PV ")));
  if (const QByteArray out = qgetenv("HCCWS_SCREENSHOT"); !out.isEmpty()) {
    // Cursor on the liver (patient right, anterior of the centre), liver window: the README picture.
    const auto* ct = w.viewLayout()->axial()->scene().image();
    const auto& d = ct->geometry().dims;
    w.viewerState()->setCursor(ct->geometry().indexToWorld({d[0] * 0.32, d[1] * 0.45, d[2] * 0.5}));
    w.applyWindowPreset(render::WindowPresetKind::Liver);
    enableBoneVolumeRendering(w);
    const QImage shot = w.screenshot();
    CHECK(shot.save(QString::fromLocal8Bit(out)));
  }
}

TEST_CASE("a real DICOM series with its label map overlay, as NRRD and as DICOM SEG", "[gui][mainwindow][data]") {
  const std::string dir = test::sharedData("dcmqi_liver");
  REQUIRE(std::filesystem::exists(dir + "/liver_seg.nrrd"));
  REQUIRE(std::filesystem::exists(dir + "/liver.dcm"));
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1200, 800);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QSignalSpy shown(&w, &gui::MainWindow::studyShown);
  w.openPath(QString::fromStdString(dir + "/ct-3slice"));
  REQUIRE(shown.wait(30000));
  QSignalSpy seg(&w, &gui::MainWindow::segmentationShown);
  w.openSegmentation(QString::fromStdString(dir + "/liver_seg.nrrd"));
  REQUIRE(seg.wait(30000));
  // Liver-coloured pixels (221, 130, 101 blended over grey) in the axial view.
  const QImage img = w.viewLayout()->axial()->grabFramebuffer();
  int liver = 0;
  for (int y = 0; y < img.height(); y += 2)
    for (int x = 0; x < img.width(); x += 2) {
      const QRgb c = img.pixel(x, y);
      liver += (qRed(c) > qGreen(c) + 25 && qRed(c) > qBlue(c) + 35) ? 1 : 0;
    }
  CHECK(liver > 1000);

  // The dcmqi DICOM SEG of the same liver lands on the CT grid with the same voxels.
  // (The window keeps the CT voxels in the views' shared volumes; the NRRD map is on the CT grid.)
  const std::vector<std::uint8_t> fromNrrd = w.labelEditor()->labels()->labels.buffer();
  const core::Geometry ctGrid = w.labelEditor()->labels()->labels.geometry();
  REQUIRE(ctGrid.dims == core::Dims3{512, 512, 3});
  w.openSegmentation(QString::fromStdString(dir + "/liver.dcm"));
  REQUIRE(seg.wait(30000));
  const auto fromSeg = w.labelEditor()->labels();
  REQUIRE(fromSeg);
  CHECK(fromSeg->labels.geometry().sameGrid(ctGrid));
  CHECK(fromSeg->labels.buffer() == fromNrrd);
  CHECK(std::count(fromNrrd.begin(), fromNrrd.end(), std::uint8_t{1}) > 1000);
}

TEST_CASE("loading can be cancelled and failures are reported", "[gui][mainwindow]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  QSignalSpy failed(&w, &gui::MainWindow::loadFailed);
  w.openPath(QStringLiteral("/nonexistent/folder/for/hccws"));
  REQUIRE(failed.wait(20000));
  CHECK(failed.at(0).at(0).toString().contains(QStringLiteral("nonexistent")));
  CHECK(w.study().phases.empty());

  const std::string dir = test::sharedData("hcc048_pv");
  QSignalSpy cancelled(w.loader(), &gui::StudyLoader::cancelled);
  QSignalSpy finished(w.loader(), &gui::StudyLoader::finished);
  w.openPath(QString::fromStdString(dir));
  CHECK_FALSE(w.loader()->loadStudy(QStringLiteral("/tmp")));  // one load at a time
  w.loader()->cancel();
  REQUIRE(finished.wait(60000));
  // Either the core noticed the request (usual) or it had already finished reading.
  CHECK((cancelled.count() == 1 || !w.study().phases.empty()));
}

TEST_CASE("the synthetic phantom demo shows its segmentation in 2D and 3D", "[gui][mainwindow]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1600, 1000);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QSignalSpy seg(&w, &gui::MainWindow::segmentationShown);
  QSignalSpy surfaces(w.viewLayout()->view3d(), &widgets::View3D::surfacesUpdated);
  w.openPhantomDemo();
  REQUIRE(seg.wait(120000));
  REQUIRE(w.study().phases.size() == 2);
  auto* view3d = w.viewLayout()->view3d();
  for (int i = 0; i < 600 && view3d->surfacesPending(); ++i) QTest::qWait(100);
  REQUIRE_FALSE(view3d->surfacesPending());
  (void)surfaces;
  CHECK(w.viewLayout()->view3d()->scene().hasSurface(1));
  CHECK(w.viewLayout()->view3d()->scene().hasSurface(2));
  w.labelPanel()->setLabelVisible(1, false);
  CHECK_FALSE(w.viewLayout()->view3d()->scene().surfaceVisible(1));
  CHECK(w.viewLayout()->view3d()->scene().surfaceVisible(2));
  w.labelPanel()->setLabelVisible(1, true);
  CHECK(w.viewLayout()->view3d()->scene().surfaceVisible(1));
  // Cursor on the first tumour: tumour-coloured pixels in all three slice views.
  const auto* ct = w.viewLayout()->axial()->scene().image();
  const auto& labels = *w.viewLayout()->axial()->scene().labels();
  double sum[3] = {0, 0, 0};
  std::size_t n = 0;
  const auto& d = labels.labels.dims();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j)
      for (std::size_t i = 0; i < d[0]; ++i)
        if (labels.labels.at(i, j, k) == 2) sum[0] += i, sum[1] += j, sum[2] += k, ++n;
  REQUIRE(n > 0);
  w.viewerState()->setCursor(labels.labels.geometry().indexToWorld({sum[0] / n, sum[1] / n, sum[2] / n}));
  w.applyWindowPreset(render::WindowPresetKind::Abdomen);
  for (auto* v : {w.viewLayout()->axial(), w.viewLayout()->coronal(), w.viewLayout()->sagittal()}) {
    const QImage img = v->grabFramebuffer();
    int tumour = 0;
    for (int y = 0; y < img.height(); y += 2)
      for (int x = 0; x < img.width(); x += 2) {
        const QRgb c = img.pixel(x, y);
        tumour += (qRed(c) > 200 && qGreen(c) > 180 && qBlue(c) < 110) ? 1 : 0;  // tumour outline / fill
      }
    CHECK(tumour > 20);
  }
  (void)ct;
  if (const QByteArray out = qgetenv("HCCWS_SCREENSHOT_PHANTOM"); !out.isEmpty()) {
    // The README picture shows the segment editor and the measurements of the phantom's truth.
    for (const char* dock : {"segmentEditorDock", "measurementsDock"})
      if (auto* d = w.findChild<QDockWidget*>(QString::fromLatin1(dock))) d->raise();
    REQUIRE(QTest::qWaitFor([&] { return w.measurementsPanel()->state() == gui::MeasurementsPanel::State::Fresh; }, 30000));
    QTest::qWait(100);
    CHECK(w.screenshot().save(QString::fromLocal8Bit(out)));
  }
}

TEST_CASE("the window's layout is kept between sessions", "[gui][layout]") {
  const char* tmp = std::getenv("HCCWS_TEST_TMP");
  const QString file = QString::fromLocal8Bit(tmp ? tmp : "/tmp") + QStringLiteral("/gui_main_window_layout.ini");
  QFile::remove(file);
  const QByteArray before = qgetenv("HCCWS_SETTINGS");
  qputenv("HCCWS_SETTINGS", file.toLocal8Bit());
  QSize size;
  {
    gui::MainWindow w;
    w.setProperty("hccwsNoDialogs", true);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.resize(1234, 777);
    QApplication::processEvents();
    size = w.size();
    auto* measure = w.findChild<QDockWidget*>(QStringLiteral("measurementsDock"));
    REQUIRE(measure);
    measure->hide();
    w.viewLayout()->setMode(gui::LayoutMode::Compare);
    REQUIRE(w.close());
  }
  REQUIRE(QFile::exists(file));
  {
    gui::MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    CHECK(w.size() == size);
    CHECK_FALSE(w.findChild<QDockWidget*>(QStringLiteral("measurementsDock"))->isVisible());
    CHECK(w.findChild<QDockWidget*>(QStringLiteral("studyDock"))->isVisible());
    CHECK(w.viewLayout()->mode() == gui::LayoutMode::Compare);
    CHECK_FALSE(w.findChild<QToolBar*>(QStringLiteral("proposalBar"))->isVisible());
    CHECK_FALSE(w.findChild<QToolBar*>(QStringLiteral("growBar"))->isVisible());
  }
  // "off" keeps nothing: a fresh window has the default layout.
  qputenv("HCCWS_SETTINGS", "off");
  {
    gui::MainWindow w;
    CHECK(w.viewLayout()->mode() == gui::LayoutMode::Grid2x2);
  }
  qputenv("HCCWS_SETTINGS", before);
}
