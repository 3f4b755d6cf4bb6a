// The segment editor in the main window, driven through its panel, its shortcuts and the mouse: fill between
// slices fills the slices between two painted discs, measurements go stale and come back fresh after an
// edit, NRRD and DICOM SEG saves reload identical, unsaved edits are never dropped silently, every tool has
// a shortcut shown in Help > Keyboard shortcuts. Whole-map operations run off the GUI thread with a progress
// bar and Cancel in the panel (bit-identical to the core operation, one undo step; cancel changes nothing;
// strokes are refused meanwhile); "Erase back to liver" writes liver where tumour is erased.
#include "editor_support.h"
#include "gui_support.h"

#include "gui/label_panel.h"
#include "gui/marks_panel.h"
#include "gui/measurements_panel.h"
#include "gui/main_window.h"
#include "gui/segment_editor_panel.h"
#include "gui/shortcuts_dialog.h"
#include "gui/study_loader.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QColor>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QSignalSpy>
#include <QScrollBar>
#include <QTableWidget>
#include <QTest>

#include <cstdlib>
#include <filesystem>

using namespace hccws;

namespace {
core::Study oneSeriesStudy() {
  core::Study s;
  s.patientId = "EDITOR-1";
  core::Phase p;
  p.volume = test::makeTestCt();
  p.decision = {core::PhaseKind::PortalVenous, 0.9, "test", false, {}};
  p.source.seriesDescription = "PV";
  p.source.seriesInstanceUid = "1.2.826.0.1.3680043.8.498.1";
  p.source.studyInstanceUid = "1.2.826.0.1.3680043.8.498.2";
  p.source.frameOfReferenceUid = "1.2.826.0.1.3680043.8.498.3";
  p.source.patientId = "EDITOR-1";
  s.phases.push_back(std::move(p));
  return s;
}

std::string tmpPath(const std::string& name) {
  const char* dir = std::getenv("HCCWS_TEST_TMP");
  const std::filesystem::path d = std::filesystem::path(dir ? dir : "/tmp") / "gui_editor";
  std::filesystem::create_directories(d);
  return (d / name).string();
}

struct Window {
  gui::MainWindow w;
  core::Geometry g = test::makeTestCt().geometry();
  Window() {
    w.setProperty("hccwsNoDialogs", true);
    w.resize(1500, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.showStudy(oneSeriesStudy());
  }
  widgets::LabelEditor& editor() { return *w.labelEditor(); }
  QAction* action(const char* name) { return w.segmentEditorPanel()->action(QString::fromLatin1(name)); }
  core::Vec3 at(double i, double j, double k) const { return g.indexToWorld({i, j, k}); }
  void disc(double i, double j, long k) {
    w.viewerState()->setCursor(at(2, 2, k));
    test::strokeThrough(w.viewLayout()->axial(), {at(i, j, k)});
  }
  bool waitIdle() {
    return QTest::qWaitFor([&] { return !editor().busy(); }, 20000);
  }
  const std::vector<std::uint8_t>& buffer() { return editor().labels()->labels.buffer(); }
  QString status() { return w.statusBar()->currentMessage(); }
  std::size_t countOnSlice(long k, std::uint8_t label) {
    std::size_t n = 0;
    const auto& l = editor().labels()->labels;
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) n += l.at(i, j, static_cast<std::size_t>(k)) == label;
    return n;
  }
};
}  // namespace

TEST_CASE("fill between slices through the panel fills the slices between two painted discs", "[gui][editor][mainwindow]") {
  Window t;
  t.action("toolPaint")->trigger();
  REQUIRE(t.editor().tool() == widgets::EditTool::Paint);
  t.editor().setBrushShape(core::BrushShape::Disc);
  t.editor().setBrushRadiusMm(4.0);
  t.disc(18, 16, 5);  // the first stroke creates an empty segmentation on the CT grid
  REQUIRE(t.editor().hasLabels());
  CHECK(t.editor().labels()->labels.geometry().sameGrid(t.g));
  t.disc(22, 18, 11);
  const std::size_t bottom = t.countOnSlice(5, 2), top = t.countOnSlice(11, 2);
  REQUIRE(bottom > 20);
  REQUIRE(top == bottom);
  for (long k = 6; k <= 10; ++k) REQUIRE(t.countOnSlice(k, 2) == 0);

  t.action("opFillBetween")->trigger();
  REQUIRE(t.waitIdle());
  for (long k = 6; k <= 10; ++k) {
    INFO("slice " << k);
    // Two equal discs: every slice between gets a disc of about the same area, moving from one to the other.
    CHECK(t.countOnSlice(k, 2) > bottom / 2);
    CHECK(t.countOnSlice(k, 2) < bottom * 2);
  }
  CHECK(t.editor().labels()->labels.at(20, 17, 8) == 2);
  for (long k : {0L, 4L, 12L, 19L}) CHECK(t.countOnSlice(k, 2) == 0);
  auto* history = t.w.segmentEditorPanel()->findChild<QListWidget*>(QStringLiteral("historyList"));
  REQUIRE(history);
  REQUIRE(history->count() == 4);  // (start), two strokes, fill between
  CHECK(history->item(3)->text() == QStringLiteral("Fill between slices"));
  // Clicking "(start)" in the history undoes everything; clicking the last step redoes it.
  const auto filled = t.editor().labels()->labels.buffer();
  QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualItemRect(history->item(0)).center());
  CHECK(t.countOnSlice(5, 2) + t.countOnSlice(8, 2) + t.countOnSlice(11, 2) == 0);
  QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualItemRect(history->item(3)).center());
  CHECK(t.editor().labels()->labels.buffer() == filled);
}

TEST_CASE("measurements go stale after an edit and are recomputed off the UI thread", "[gui][editor][mainwindow]") {
  Window t;
  auto* m = t.w.measurementsPanel();
  t.w.showSegmentation(test::makeTestLabels(t.g));
  REQUIRE(QTest::qWaitFor([&] { return m->state() == gui::MeasurementsPanel::State::Fresh; }, 10000));
  REQUIRE(m->measurements());
  // The 3x3x3 test tumour (0.081 mL) is below the 0.1 mL speck limit: ignored, not counted.
  CHECK(m->measurements()->tumourCount == 0);
  CHECK(m->measurements()->ignoredComponents == 1);
  CHECK(m->measurements()->ignoredVolumeMl == Approx(27 * t.g.voxelVolumeMm3() / 1000.0));

  t.action("toolPaint")->trigger();
  t.editor().setBrushShape(core::BrushShape::Sphere);
  t.editor().setBrushRadiusMm(3.0);
  t.w.viewerState()->setCursor(t.at(2, 2, 8));
  test::strokeThrough(t.w.viewLayout()->axial(), {t.at(12, 12, 8), t.at(20, 12, 8)});
  CHECK(m->state() != gui::MeasurementsPanel::State::Fresh);  // shown stale at once
  CHECK(m->stateText().contains(QStringLiteral("Stale")));
  REQUIRE(QTest::qWaitFor([&] { return m->state() == gui::MeasurementsPanel::State::Fresh; }, 10000));
  std::size_t tumour = 0;
  for (auto v : t.editor().labels()->labels.buffer()) tumour += v == 2;
  // The stroke grew the speck into one component above the speck limit. It does not touch the test's small
  // liver block, so it is listed as outside the liver, not counted as a lesion (label_roles/measurements).
  CHECK(m->measurements()->ignoredComponents == 0);
  REQUIRE(m->measurements()->countedInsideLiver);
  CHECK(m->measurements()->tumourCount == 0);
  REQUIRE(m->measurements()->outsideLiver.size() == 1);
  CHECK(m->measurements()->outsideLiver[0].volumeMl == Approx(tumour * t.g.voxelVolumeMm3() / 1000.0));
  CHECK(m->measurements()->outsideLiver[0].diameter3dMm > 8 * t.g.spacingMm[0]);
  CHECK(m->version() == t.editor().version());
  // The 3D view rebuilt its surfaces from the same snapshot.
  REQUIRE(QTest::qWaitFor([&] { return !t.w.viewLayout()->view3d()->surfacesPending(); }, 10000));
  CHECK(t.w.viewLayout()->view3d()->scene().hasSurface(2));
}

TEST_CASE("a saved segmentation reloads identical (NRRD and DICOM SEG); unsaved edits are kept", "[gui][editor][mainwindow]") {
  Window t;
  t.w.showSegmentation(test::makeTestLabels(t.g));
  t.action("toolPaint")->trigger();
  t.editor().setActiveLabel(3);
  t.w.viewerState()->setCursor(t.at(2, 2, 6));
  test::strokeThrough(t.w.viewLayout()->axial(), {t.at(28, 8, 6), t.at(32, 10, 6)});
  REQUIRE(t.editor().modified());
  CHECK(t.w.isWindowModified());
  const core::LabelMap edited = *t.editor().labels();

  // Unsaved: opening another segmentation is refused unless the user discards.
  t.w.setProperty("hccwsDiscardEdits", false);
  CHECK_FALSE(t.w.openPhantomDemo());
  CHECK(t.editor().labels()->labels.buffer() == edited.labels.buffer());

  for (const std::string name : {"edited.nrrd", "edited.dcm"}) {
    INFO(name);
    const std::string path = tmpPath(name);
    std::filesystem::remove(path);
    REQUIRE(t.w.saveSegmentation(QString::fromStdString(path)));
    CHECK_FALSE(t.editor().modified());
    CHECK_FALSE(t.w.isWindowModified());
    QSignalSpy shown(&t.w, &gui::MainWindow::segmentationShown);
    REQUIRE(t.w.openSegmentation(QString::fromStdString(path)));
    REQUIRE(shown.wait(20000));
    const core::LabelMap& back = *t.editor().labels();
    CHECK(back.labels.geometry().sameGrid(edited.labels.geometry()));
    CHECK(back.labels.buffer() == edited.labels.buffer());
    for (std::uint8_t v : {1, 2, 3}) {
      REQUIRE(back.table.find(v));
      CHECK(back.table.find(v)->rgb == edited.table.find(v)->rgb);
    }
  }
  // A failed save names the file and keeps the edits marked unsaved.
  test::strokeThrough(t.w.viewLayout()->axial(), {t.at(5, 30, 6)});
  CHECK_FALSE(t.w.saveSegmentation(QStringLiteral("/nonexistent-dir/x.nrrd")));
  CHECK(t.editor().modified());
  t.w.setProperty("hccwsDiscardEdits", true);
  CHECK(t.w.openPhantomDemo());
  t.w.loader()->waitForFinished();
  QTest::qWait(50);
}

TEST_CASE("shortcuts switch tools and are listed in Help > Keyboard shortcuts", "[gui][editor][mainwindow]") {
  Window t;
  t.w.activateWindow();
  REQUIRE(QTest::qWaitForWindowActive(&t.w));
  t.w.viewLayout()->axial()->setFocus();
  auto* axial = t.w.viewLayout()->axial();
  const std::pair<Qt::Key, widgets::EditTool> keys[] = {{Qt::Key_P, widgets::EditTool::Paint},
                                                        {Qt::Key_E, widgets::EditTool::Erase},
                                                        {Qt::Key_T, widgets::EditTool::ThresholdPaint},
                                                        {Qt::Key_F, widgets::EditTool::Fill},
                                                        {Qt::Key_Escape, widgets::EditTool::None}};
  for (const auto& [key, tool] : keys) {
    QTest::keyClick(axial, key);
    CHECK(t.editor().tool() == tool);
  }
  QTest::keyClick(axial, Qt::Key_F, Qt::ShiftModifier);
  CHECK(t.editor().tool() == widgets::EditTool::EraseRegion);
  QTest::keyClick(axial, Qt::Key_P);
  const double r = t.editor().brush().radiusMm;
  QTest::keyClick(axial, Qt::Key_BracketRight);
  CHECK(t.editor().brush().radiusMm == Approx(r * 1.15));
  QTest::keyClick(axial, Qt::Key_BracketLeft);
  CHECK(t.editor().brush().radiusMm == Approx(r));
  const auto shape = t.editor().brush().shape;
  QTest::keyClick(axial, Qt::Key_D);
  CHECK(t.editor().brush().shape != shape);
  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo a stroke.
  t.w.viewerState()->setCursor(t.at(2, 2, 10));
  test::strokeThrough(axial, {t.at(20, 18, 10)});
  const auto painted = t.editor().labels()->labels.buffer();
  QTest::keyClick(axial, Qt::Key_Z, Qt::ControlModifier);
  CHECK(t.countOnSlice(10, 2) == 0);
  QTest::keyClick(axial, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  CHECK(t.editor().labels()->labels.buffer() == painted);
  QTest::keyClick(axial, Qt::Key_Z, Qt::ControlModifier);
  QTest::keyClick(axial, Qt::Key_Y, Qt::ControlModifier);
  CHECK(t.editor().labels()->labels.buffer() == painted);
  // B runs fill between slices (nothing to fill here, but a step is tried and nothing breaks).
  QTest::keyClick(axial, Qt::Key_B);
  REQUIRE(t.waitIdle());
  CHECK(t.editor().labels()->labels.buffer() == painted);

  // Every tool action has a shortcut, named in its tooltip and in the dialog.
  auto* open = t.w.findChild<QAction*>(QStringLiteral("shortcutsAction"));
  REQUIRE(open);
  open->trigger();
  auto* dialog = t.w.findChild<gui::ShortcutsDialog*>();
  REQUIRE(dialog);
  QStringList listed;
  for (const auto& row : dialog->rows()) listed << row.second;
  for (QAction* a : t.w.segmentEditorPanel()->actions()) {
    INFO(a->objectName().toStdString());
    REQUIRE_FALSE(a->shortcut().isEmpty());
    const QString key = a->shortcut().toString(QKeySequence::NativeText);
    CHECK(a->toolTip().contains(key));
    CHECK(listed.join(QStringLiteral("|")).contains(key));
  }
  // it fits its window: every row and both columns visible without scrolling (issue 15)
  QTest::qWait(100);
  auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
  REQUIRE(table);
  CHECK_FALSE(table->verticalScrollBar()->isVisible());
  CHECK_FALSE(table->horizontalScrollBar()->isVisible());
  CHECK(table->columnWidth(0) + table->columnWidth(1) <= table->viewport()->width() + 1);
  dialog->close();
}

TEST_CASE("panel operations run off the GUI thread with progress and cancel", "[gui][editor][mainwindow][async]") {
  Window t;
  t.w.showSegmentation(test::liverWithTumour(t.g));
  auto* panel = t.w.segmentEditorPanel();
  auto* progress = panel->findChild<QProgressBar*>(QStringLiteral("operationProgress"));
  auto* cancel = panel->findChild<QPushButton*>(QStringLiteral("operationCancel"));
  auto* history = panel->findChild<QListWidget*>(QStringLiteral("historyList"));
  auto* marginMm = panel->findChild<QDoubleSpinBox*>(QStringLiteral("marginSpin"));
  REQUIRE(progress);
  REQUIRE(cancel);
  REQUIRE(history);
  REQUIRE(marginMm);
  t.action("toolPaint")->trigger();  // brings the editor dock to the front
  t.editor().setBrushShape(core::BrushShape::Sphere);
  t.editor().setBrushRadiusMm(3.0);
  CHECK_FALSE(progress->isVisible());
  const auto before = t.buffer();

  // Held at its first progress report: the panel shows the run; Cancel stops it and nothing changes.
  test::HeldWorker held;
  t.editor().setProgressHook(held.hook());
  QSignalSpy reports(&t.editor(), &widgets::LabelEditor::operationProgress);
  t.action("opGrow")->trigger();
  REQUIRE(t.editor().busy());
  CHECK(progress->isVisible());
  CHECK(cancel->isVisible());
  CHECK(cancel->isEnabled());
  for (const char* op : {"opGrow", "opShrink", "opKeepLargest", "opRemoveSmall", "opFillBetween", "opSmooth", "opLogical"}) {
    INFO(op);
    CHECK_FALSE(t.action(op)->isEnabled());
  }
  CHECK_FALSE(t.action("undo")->isEnabled());
  CHECK_FALSE(history->isEnabled());
  REQUIRE(reports.wait(20000));
  // A stroke meanwhile is refused with a message naming the running operation, and changes nothing.
  t.w.viewerState()->setCursor(t.at(2, 2, 10));
  test::strokeThrough(t.w.viewLayout()->axial(), {t.at(10, 25, 10), t.at(14, 27, 10)});
  CHECK(t.buffer() == before);
  CHECK(t.status().contains(QStringLiteral("not possible while")));
  QTest::mouseClick(cancel, Qt::LeftButton);
  CHECK_FALSE(cancel->isEnabled());
  held.release();
  REQUIRE(t.waitIdle());
  CHECK(t.buffer() == before);
  CHECK(t.editor().history().steps().empty());
  CHECK_FALSE(t.editor().modified());
  CHECK_FALSE(progress->isVisible());
  CHECK(t.action("opGrow")->isEnabled());
  CHECK(history->isEnabled());
  CHECK(t.status().contains(QStringLiteral("cancelled")));

  // Run to the end: the core margin on a copy, bit for bit, as one undo step; undo restores bit for bit.
  t.editor().setProgressHook({});
  core::LabelMap expected = *t.editor().labels();
  REQUIRE(core::margin(expected, marginMm->value(), t.editor().rules(), nullptr).changedVoxels > 100);
  t.action("opGrow")->trigger();
  REQUIRE(t.waitIdle());
  CHECK(t.buffer() == expected.labels.buffer());
  REQUIRE(t.editor().history().steps().size() == 1);
  CHECK(t.editor().history().steps()[0].name == "Grow 2 mm");
  CHECK(t.status().contains(QStringLiteral("voxels changed")));
  REQUIRE(history->count() == 2);
  CHECK(t.action("undo")->isEnabled());
  t.action("undo")->trigger();
  CHECK(t.buffer() == before);
  t.action("redo")->trigger();
  CHECK(t.buffer() == expected.labels.buffer());

  // A new segmentation during a run cancels it; its result never reaches the new map.
  t.editor().setProgressHook(held.hook());
  held.released->store(false);
  t.action("opKeepLargest")->trigger();
  REQUIRE(t.editor().busy());
  REQUIRE(reports.wait(20000));
  t.w.showSegmentation(test::liverWithTumour(t.g));
  CHECK_FALSE(t.editor().busy());
  CHECK_FALSE(progress->isVisible());
  CHECK(t.action("opKeepLargest")->isEnabled());
  const auto fresh = t.buffer();
  held.release();
  REQUIRE(QTest::qWaitFor([&] { return t.editor().pendingWorkers() == 0; }, 20000));
  QTest::qWait(20);
  CHECK(t.buffer() == fresh);
  CHECK(t.editor().history().steps().empty());
}

TEST_CASE("erase back to liver writes liver where tumour is erased", "[gui][editor][mainwindow]") {
  Window t;
  t.w.showSegmentation(test::liverWithTumour(t.g));
  auto* check = t.w.segmentEditorPanel()->findChild<QCheckBox*>(QStringLiteral("eraseToLiverCheck"));
  REQUIRE(check);
  t.action("toolErase")->trigger();
  REQUIRE(t.editor().tool() == widgets::EditTool::Erase);
  t.editor().setActiveLabel(2);
  t.editor().setBrushShape(core::BrushShape::Sphere);
  t.editor().setBrushRadiusMm(4.0);
  auto* axial = t.w.viewLayout()->axial();
  const auto start = t.buffer();
  auto erase = [&] {
    t.w.viewerState()->setCursor(t.at(2, 2, 10));
    test::strokeThrough(axial, {t.at(18, 17, 10), t.at(22, 19, 10)});
  };
  // Every voxel the stroke changed was tumour and now holds `to`; nothing else changed.
  auto erasedTo = [&](std::uint8_t to) {
    std::size_t erased = 0, wrong = 0;
    const auto& now = t.buffer();
    for (std::size_t n = 0; n < now.size(); ++n) {
      if (now[n] == start[n]) continue;
      if (start[n] == 2 && now[n] == to) ++erased;
      else ++wrong;
    }
    CHECK(wrong == 0);
    return erased;
  };

  CHECK_FALSE(check->isChecked());
  erase();
  const std::size_t toBackground = erasedTo(0);
  CHECK(toBackground > 20);
  t.action("undo")->trigger();
  REQUIRE(t.buffer() == start);

  QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(6, check->height() / 2));  // on the box, not past the text
  REQUIRE(check->isChecked());
  CHECK(t.editor().eraseToLiver());
  CHECK(t.action("eraseToLiver")->isChecked());
  erase();
  CHECK(erasedTo(1) == toBackground);  // the same voxels, now liver
  t.action("undo")->trigger();
  REQUIRE(t.buffer() == start);

  // Shrinking the tumour (off the GUI thread) gives its rim back to the liver.
  t.action("opShrink")->trigger();
  REQUIRE(t.waitIdle());
  CHECK(erasedTo(1) > 20);
  t.action("undo")->trigger();
  REQUIRE(t.buffer() == start);

  // Erasing the liver itself still writes background.
  t.editor().setActiveLabel(1);
  CHECK(t.editor().rules().eraseTo == 0);
  t.editor().setActiveLabel(2);
  CHECK(t.editor().rules().eraseTo == 1);

  // Shift+E toggles it, window-wide (the checkbox follows).
  t.w.activateWindow();
  REQUIRE(QTest::qWaitForWindowActive(&t.w));
  axial->setFocus();
  QTest::keyClick(axial, Qt::Key_E, Qt::ShiftModifier);
  CHECK_FALSE(t.editor().eraseToLiver());
  CHECK_FALSE(check->isChecked());
  erase();
  CHECK(erasedTo(0) == toBackground);
}

TEST_CASE("a label colour chosen in the Segmentation panel shows in 2D and 3D and is saved", "[gui][editor][mainwindow]") {
  Window t;
  t.w.showSegmentation(test::makeTestLabels(t.g));
  auto* view3d = t.w.viewLayout()->view3d();
  REQUIRE(QTest::qWaitFor([&] { return !view3d->surfacesPending() && view3d->scene().hasSurface(2); }, 60000));
  auto* axial = t.w.viewLayout()->axial();
  t.w.viewerState()->setCursor(t.at(12, 12, 8));
  const core::Vec3 tumour = t.at(13, 13, 8);  // off the crosshair through the cursor
  auto pixel = [&] {
    const QImage img = axial->grabFramebuffer();
    const QPointF p = axial->worldToWidget(tumour) * img.devicePixelRatio();
    const QRgb c = img.pixel(int(p.x()), int(p.y()));
    return test::Rgb{qRed(c), qGreen(c), qBlue(c)};
  };
  const auto yellow = pixel();
  CHECK(yellow[0] > yellow[2] + 60);  // the standard tumour colour blended over grey
  CHECK_FALSE(t.editor().modified());

  t.w.labelPanel()->chooseColour(2, QColor(0, 0, 255));
  REQUIRE(t.editor().labels()->table.find(2)->rgb == std::array<std::uint8_t, 3>{0, 0, 255});
  const auto blue = pixel();
  CHECK(blue[2] > blue[0] + 60);
  CHECK(view3d->scene().surfaceColour(2) == std::array<std::uint8_t, 3>{0, 0, 255});
  CHECK(view3d->scene().surfaceColour(1) != std::array<std::uint8_t, 3>{0, 0, 255});
  CHECK(t.editor().modified());  // a colour is part of the saved segmentation
  CHECK(t.w.isWindowModified());

  // The panel's per-label opacity reaches the 3D surfaces too (the liver keeps its translucency factor).
  const double liverAlpha = view3d->scene().surfaceOpacity(1);
  t.w.labelPanel()->setLabelOpacity(2, 0.3);
  CHECK(view3d->scene().surfaceOpacity(2) == Approx(0.3));
  CHECK(view3d->scene().surfaceOpacity(1) == Approx(liverAlpha));
  t.w.labelPanel()->setLabelOpacity(1, 0.5);
  CHECK(view3d->scene().surfaceOpacity(1) == Approx(0.5 * liverAlpha));

  const std::string path = tmpPath("coloured.nrrd");
  std::filesystem::remove(path);
  REQUIRE(t.w.saveSegmentation(QString::fromStdString(path)));
  QSignalSpy shown(&t.w, &gui::MainWindow::segmentationShown);
  REQUIRE(t.w.openSegmentation(QString::fromStdString(path)));
  REQUIRE(shown.wait(20000));
  CHECK(t.editor().labels()->table.find(2)->rgb == std::array<std::uint8_t, 3>{0, 0, 255});
}

TEST_CASE("ruler and angle: drawn with the mouse, listed in world mm and degrees, saved with the segmentation",
          "[gui][marks][mainwindow]") {
  Window t;
  auto* marks = t.w.marksModel();
  REQUIRE(marks);
  auto* ruler = t.w.findChild<QAction*>(QStringLiteral("markRulerAction"));
  auto* angle = t.w.findChild<QAction*>(QStringLiteral("markAngleAction"));
  REQUIRE(ruler);
  REQUIRE(angle);
  // A ruler along i (1.0 mm voxels) and j (1.2 mm) on slice k = 8: drawn by a drag in the axial view.
  const long k = 8;
  t.w.viewerState()->setCursor(t.at(2, 2, k));
  ruler->trigger();
  CHECK(marks->tool() == widgets::MarkTool::Ruler);
  auto* axial = t.w.viewLayout()->axial();
  const core::Vec3 a = t.at(6, 8, k), b = t.at(26, 23, k);
  test::strokeThrough(axial, {a, b});
  REQUIRE(marks->marks().rulers.size() == 1);
  const double expected = std::hypot(20 * 1.0, 15 * 1.2);  // 26.83 mm, computed here from the spacing
  CHECK(marks->marks().rulers[0].lengthMm() == Approx(expected).margin(0.01));
  // An angle by three clicks: arm end, vertex, arm end (a right angle in world mm).
  angle->trigger();
  CHECK_FALSE(ruler->isChecked());
  for (const core::Vec3& p : {t.at(20, 10, k), t.at(10, 10, k), t.at(10, 20, k)}) {
    test::sendMouse(axial, QEvent::MouseButtonPress, axial->worldToWidget(p), Qt::LeftButton, Qt::LeftButton);
    test::sendMouse(axial, QEvent::MouseButtonRelease, axial->worldToWidget(p), Qt::LeftButton, Qt::NoButton);
  }
  REQUIRE(marks->marks().angles.size() == 1);
  CHECK(marks->marks().angles[0].degrees() == Approx(90.0).margin(0.01));
  // Listed in the Marks dock; drawn on their slice with their values, not on a slice 6 slices away.
  auto* list = t.w.marksPanel()->list();
  REQUIRE(list->count() == 2);
  CHECK(list->item(0)->text().contains(QStringLiteral("%1 mm").arg(expected, 0, 'f', 1)));
  CHECK(list->item(1)->text().contains(QStringLiteral("90.0")));
  CHECK(axial->scene().marksShown() == 2);
  const auto texts = axial->scene().markTexts();
  CHECK(std::find(texts.begin(), texts.end(), QStringLiteral("%1 mm").arg(expected, 0, 'f', 1).toStdString()) != texts.end());
  t.w.viewerState()->setCursor(t.at(2, 2, k + 6));
  CHECK(axial->scene().marksShown() == 0);
  // A segment editor tool ends the mark tool.
  t.action("toolPaint")->trigger();
  CHECK(marks->tool() == widgets::MarkTool::None);
  // Saved beside the segmentation and read back with it in a new window.
  t.editor().ensureLabels(t.g);
  const std::string seg = tmpPath("marks_seg.nrrd");
  std::filesystem::remove(seg + ".marks.json");
  REQUIRE(t.w.saveSegmentation(QString::fromStdString(seg)));
  REQUIRE(std::filesystem::exists(seg + ".marks.json"));
  CHECK_FALSE(marks->modified());
  Window u;
  QSignalSpy shown(&u.w, &gui::MainWindow::segmentationShown);
  REQUIRE(u.w.openSegmentation(QString::fromStdString(seg)));
  REQUIRE(shown.wait(20000));
  REQUIRE(u.w.marksModel()->count() == 2);
  CHECK(u.w.marksModel()->marks().rulers[0].a == marks->marks().rulers[0].a);
  CHECK(u.w.marksModel()->marks().angles[0].degrees() == Approx(90.0).margin(0.01));
}
