// Semi-automatic segmentation in the workstation window.
// Segment > Grow from seeds on real CT (the TotalSegmentator example, 3 mm, with its liver mask as the
// reference): the recorded strokes of tests/viewer/data/grow_strokes_totalseg.json are painted with the mouse
// into the axial view (real SliceView events, the seed label chosen in the grow bar); the preview follows off
// the UI thread; Apply writes it as one undo step with liver Dice >= 0.90; Undo restores the segmentation
// bit-identically; Cancel changes nothing; the saved seeds grow the same labels with `hccws grow`.
// The real HCC patient (../shared/data/hcc048_pv, HCC_048, portal venous; no reference segmentation here):
// the recorded strokes of tests/viewer/data/grow_strokes_hcc048.json (9 slices: liver, background and the
// hypodense right-lobe dome region as tumour) painted with the mouse after loading the DICOM folder with the
// real loader; applied; measured; the same strokes give the same labels with `hccws grow`. With
// HCCWS_SCREENSHOT_GROW=path.png it saves docs/screenshot-hcc048-grow.png.
// The Active contour tool: one click in a phantom tumour (SYNTHETIC PHANTOM - NOT PATIENT DATA) gives the
// tumour as one undo step off the UI thread.
#include "editor_support.h"
#include "gui/grow_session.h"
#include "gui/main_window.h"
#include "gui/segment_editor_panel.h"
#include "gui/view_layout.h"
#include "viewer/support.h"

#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>
#include <hccws/core/seed_strokes.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolBar>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

using namespace hccws;

namespace {

core::Study totalsegStudy() {
  core::Study s;
  s.patientId = "totalseg_example";
  core::Phase p;
  p.decision = {core::PhaseKind::PortalVenous, 0.5, "test", false, {}};
  p.volume = core::readCtImage(test::sharedData("totalseg_example/example_ct.nii.gz"));
  s.phases.push_back(std::move(p));
  return s;
}

double dice(const core::Volume<std::uint8_t>& a, const core::Volume<std::uint8_t>& b, std::uint8_t label) {
  std::size_t both = 0, na = 0, nb = 0;
  for (std::size_t v = 0; v < a.size(); ++v) {
    const bool p = a.data()[v] == label, q = b.data()[v] == label;
    both += p && q;
    na += p;
    nb += q;
  }
  return na + nb ? 2.0 * double(both) / double(na + nb) : 1.0;
}

struct Window {
  gui::MainWindow w;
  explicit Window(core::Study study = totalsegStudy()) {
    w.setProperty("hccwsNoDialogs", true);
    w.resize(1500, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.showStudy(std::move(study));
  }
  QAction* action(const char* name) { return w.findChild<QAction*>(QString::fromLatin1(name)); }
  QToolBar* bar() { return w.findChild<QToolBar*>(QStringLiteral("growBar")); }
  QComboBox* seedCombo() { return w.findChild<QComboBox*>(QStringLiteral("growSeedLabel")); }
  void chooseSeed(int value) {
    const int i = seedCombo()->findData(value);
    REQUIRE(i >= 0);
    seedCombo()->setCurrentIndex(i);
  }
  // Paints one recorded stroke with the mouse in the axial view, on the slice of its first point.
  void paint(const core::SeedStroke& s) {
    chooseSeed(s.value);
    widgets::LabelEditor* seeds = w.growSession()->seedEditor();
    seeds->setBrushShape(s.brush.shape);
    seeds->setBrushRadiusMm(s.brush.radiusMm);
    w.viewerState()->setCursor(s.pointsLps.front());
    QApplication::processEvents();
    test::strokeThrough(w.viewLayout()->axial(), s.pointsLps);
  }
  bool waitForPreview(int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (w.growSession() && (w.growSession()->updating() || !w.growSession()->hasResult()) && t.elapsed() < ms)
      QTest::qWait(20);
    return w.growSession() && w.growSession()->hasResult();
  }
};

std::string strokesFile(const char* name) {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  REQUIRE(root);
  return std::string(root) + "/tests/viewer/data/" + name;
}

std::vector<core::SeedStroke> recordedStrokes() { return core::readSeedStrokes(strokesFile("grow_strokes_totalseg.json")); }

// Mean HU of a label over the CT (same grid).
double meanHu(const core::CtVolume& ct, const core::Volume<std::uint8_t>& labels, std::uint8_t label) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t v = 0; v < labels.size(); ++v)
    if (labels.data()[v] == label) {
      sum += double(ct.data()[v]);
      ++n;
    }
  return n ? sum / double(n) : 0.0;
}

}  // namespace

TEST_CASE("grow from seeds in the window: strokes painted with the mouse, preview, apply as one undo step",
          "[gui][grow]") {
  Window t;
  REQUIRE(t.action("growFromSeedsAction"));
  t.action("growFromSeedsAction")->trigger();
  REQUIRE(t.w.growSession());
  REQUIRE(t.bar());
  CHECK(t.bar()->isVisible());
  // The views paint seeds and show the session's preview while it runs.
  for (auto* v : t.w.viewLayout()->allSliceViews()) {
    CHECK(v->editor() == t.w.growSession()->seedEditor());
    CHECK(v->scene().labels() == t.w.growSession()->display().get());
  }
  const core::LabelMap ref = core::readLabelMap(test::sharedData("totalseg_example/example_ct_liver_ref_5de6e4d.nii.gz"));
  const auto strokes = recordedStrokes();
  QSignalSpy finished(t.w.growSession(), &gui::GrowSession::updateFinished);
  for (const auto& s : strokes) t.paint(s);
  REQUIRE(t.waitForPreview());
  // Each stroke's seeds are in the seed map, and the painted slices are at most 5.
  const auto& seeds = t.w.growSession()->seedEditor()->labels()->labels;
  std::set<std::size_t> slices;
  for (std::size_t n = 0; n < seeds.size(); ++n)
    if (seeds.data()[n]) slices.insert(n / (seeds.dims()[0] * seeds.dims()[1]));
  CHECK(slices.size() == 5);
  CHECK(t.w.growSession()->seedEditor()->history().steps().size() == strokes.size());
  // Updates ran (coalesced while strokes came faster than they finished); each one's time is shown.
  REQUIRE(finished.size() >= 1);
  double slowest = 0;
  for (const auto& args : finished) slowest = std::max(slowest, args.at(0).toDouble());
  auto* text = t.bar()->findChild<QLabel*>(QStringLiteral("growText"));
  REQUIRE(text);
  CHECK(text->text().contains(QStringLiteral(" mL")));
  CHECK(text->text().contains(QStringLiteral("preview")));
  // Nothing is written into the segmentation before Apply.
  CHECK((!t.w.labelEditor()->hasLabels() || t.w.labelEditor()->history().steps().empty()));

  const std::size_t stepsBefore = t.w.labelEditor()->hasLabels() ? t.w.labelEditor()->history().steps().size() : 0;
  t.action("growApplyAction")->trigger();
  CHECK_FALSE(t.w.growSession());
  CHECK_FALSE(t.bar()->isVisible());
  REQUIRE(t.w.labelEditor()->hasLabels());
  const auto& applied = t.w.labelEditor()->labels()->labels;
  REQUIRE(applied.geometry().sameGrid(ref.labels.geometry()));
  const double d = dice(applied, ref.labels, 1);
  std::printf("grow from seeds in the window (totalseg example): %zu strokes on %zu slices, %lld updates "
              "(slowest %.2f s), liver Dice %.4f\n",
              strokes.size(), slices.size(), static_cast<long long>(finished.size()), slowest, d);
  CHECK(d >= 0.90);
  const auto steps = t.w.labelEditor()->history().steps();
  REQUIRE(steps.size() == stepsBefore + 1);
  CHECK(steps.back().name == "Grow from seeds");
  // The views show the segmentation and edit it again.
  for (auto* v : t.w.viewLayout()->allSliceViews()) CHECK(v->editor() == t.w.labelEditor());
  t.w.labelEditor()->undo();
  for (std::uint8_t v : t.w.labelEditor()->labels()->labels.buffer())
    if (v) FAIL("undo left a label voxel");
}

TEST_CASE("grow from seeds in the window: cancel changes nothing; one kind of seed says what is missing",
          "[gui][grow]") {
  Window t;
  t.action("growFromSeedsAction")->trigger();
  REQUIRE(t.w.growSession());
  QSignalSpy failed(t.w.growSession(), &gui::GrowSession::updateFailed);
  const auto strokes = recordedStrokes();
  t.paint(strokes.front());  // liver only
  QElapsedTimer timer;
  timer.start();
  while (failed.isEmpty() && timer.elapsed() < 60000) QTest::qWait(20);
  REQUIRE_FALSE(failed.isEmpty());
  CHECK(failed.first().at(0).toString().contains(QStringLiteral("at least two labels")));
  t.paint(strokes[1]);  // background
  REQUIRE(t.waitForPreview());
  // During the session the segmentation's undo (and every editor action) is disabled; the grow bar's undo
  // takes back the last seed stroke, and the preview follows.
  CHECK_FALSE(t.w.segmentEditorPanel()->undoAction()->isEnabled());
  CHECK_FALSE(t.action("toolPaint")->isEnabled());
  QAction* undoSeed = t.action("growUndoAction");
  REQUIRE(undoSeed);
  REQUIRE(undoSeed->isEnabled());
  CHECK(undoSeed->shortcut() == QKeySequence(QKeySequence::Undo));
  const std::size_t seedSteps = t.w.growSession()->seedEditor()->history().undoCount();
  undoSeed->trigger();
  CHECK(t.w.growSession()->seedEditor()->history().undoCount() == seedSteps - 1);
  t.paint(strokes[1]);
  REQUIRE(t.waitForPreview());
  t.action("growCancelAction")->trigger();
  CHECK(t.w.segmentEditorPanel()->undoAction()->isEnabled() == t.w.labelEditor()->canUndo());
  CHECK(t.action("toolPaint")->isEnabled());
  CHECK_FALSE(t.w.growSession());
  CHECK((!t.w.labelEditor()->hasLabels() || t.w.labelEditor()->history().steps().empty()));
  if (t.w.labelEditor()->hasLabels())
    for (std::uint8_t v : t.w.labelEditor()->labels()->labels.buffer())
      if (v) FAIL("cancel left a label voxel");
}

TEST_CASE("grow from seeds: the seeds saved in the window grow the same segmentation with `hccws grow`",
          "[gui][grow]") {
  Window t;
  t.action("growFromSeedsAction")->trigger();
  REQUIRE(t.w.growSession());
  for (const auto& s : recordedStrokes()) t.paint(s);
  REQUIRE(t.waitForPreview());
  const char* tmp = std::getenv("HCCWS_TEST_TMP");
  const std::string dir = std::string(tmp ? tmp : "/tmp") + "/gui_semi_automatic";
  std::filesystem::create_directories(dir);
  REQUIRE(t.w.saveGrowSeeds(QString::fromStdString(dir + "/seeds.nrrd")));
  t.action("growApplyAction")->trigger();
  const auto applied = t.w.labelEditor()->labels()->labels;
  const std::string cmd = std::string(HCCWS_EXE) + " -q grow " + test::sharedData("totalseg_example/example_ct.nii.gz") +
                          " --seeds " + dir + "/seeds.nrrd --out " + dir + "/grown.nrrd > " + dir + "/grow.txt 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const core::LabelMap cli = core::readLabelMap(dir + "/grown.nrrd");
  CHECK(cli.labels.buffer() == applied.buffer());
  CHECK(cli.table.find(1));
}

TEST_CASE("grow from seeds on the real HCC patient: liver and the dome lesion from strokes on 9 slices",
          "[gui][grow][data]") {
  const std::string dir = test::sharedData("hcc048_pv");
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1600, 1000);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QSignalSpy shown(&w, &gui::MainWindow::studyShown);
  w.openPath(QString::fromStdString(dir));  // the real loader: DICOM folder, phase detection
  REQUIRE(shown.wait(60000));
  REQUIRE(w.study().phases.size() == 1);
  QAction* grow = w.findChild<QAction*>(QStringLiteral("growFromSeedsAction"));
  REQUIRE(grow);
  grow->trigger();
  REQUIRE(w.growSession());
  auto* combo = w.findChild<QComboBox*>(QStringLiteral("growSeedLabel"));
  REQUIRE(combo);
  const auto strokes = core::readSeedStrokes(strokesFile("grow_strokes_hcc048.json"));
  std::set<double> slices;
  for (const auto& s : strokes) slices.insert(s.pointsLps.front()[2]);
  CHECK(slices.size() == 9);
  QSignalSpy finished(w.growSession(), &gui::GrowSession::updateFinished);
  QElapsedTimer session;
  session.start();
  for (const auto& s : strokes) {
    const int i = combo->findData(s.value);
    REQUIRE(i >= 0);  // liver, tumour and background are offered as seed labels
    combo->setCurrentIndex(i);
    w.growSession()->seedEditor()->setBrushShape(s.brush.shape);
    w.growSession()->seedEditor()->setBrushRadiusMm(s.brush.radiusMm);
    w.viewerState()->setCursor(s.pointsLps.front());
    QApplication::processEvents();
    test::strokeThrough(w.viewLayout()->axial(), s.pointsLps);
  }
  QElapsedTimer wait;
  wait.start();
  while ((w.growSession()->updating() || !w.growSession()->hasResult()) && wait.elapsed() < 120000) QTest::qWait(20);
  REQUIRE(w.growSession()->hasResult());
  REQUIRE(finished.size() >= 1);
  double slowest = 0;
  for (const auto& args : finished) slowest = std::max(slowest, args.at(0).toDouble());
  w.findChild<QAction*>(QStringLiteral("growApplyAction"))->trigger();
  const double sessionS = session.elapsed() / 1000.0;
  REQUIRE(w.labelEditor()->hasLabels());
  const auto& labels = w.labelEditor()->labels()->labels;
  const core::Measurements m = core::measure(*w.labelEditor()->labels());
  const auto* ctImage = w.viewLayout()->axial()->scene().image();
  REQUIRE(ctImage);
  const auto& ct = *ctImage;
  REQUIRE(ct.size() == labels.size());
  const double liverHu = meanHu(ct, labels, 1), tumourHu = meanHu(ct, labels, 2);
  std::printf("HCC_048 grow from seeds in the window: %zu strokes on %zu slices, %lld updates (slowest %.2f s), "
              "session %.1f s from the first stroke to Apply; liver %.1f mL (mean %.1f HU), %d lesion(s), largest "
              "%.1f mL (mean %.1f HU), %.1f mm axial\n",
              strokes.size(), slices.size(), static_cast<long long>(finished.size()), slowest, sessionS,
              m.liverVolumeMl, liverHu, m.tumourCount, m.tumours.empty() ? 0.0 : m.tumours.front().volumeMl, tumourHu,
              m.largestAxialDiameterMm);
  // No reference segmentation exists for this series: what can fail is checked instead. An adult liver's
  // volume; the lesion inside the liver and darker than it (the portal-venous washout the strokes target); the
  // whole session (strokes painted, previews, Apply) inside the 3 minutes of interaction the issue allows (it
  // takes about 6 s; the update times are printed here and measured in bench_grow, not asserted: tests run
  // side by side on a shared machine).
  CHECK(m.liverVolumeMl > 900);
  CHECK(m.liverVolumeMl < 2200);
  REQUIRE(m.tumourCount >= 1);
  CHECK(m.outsideLiver.empty());
  CHECK(m.tumours.front().volumeMl > 20);
  CHECK(tumourHu < liverHu - 10);
  CHECK(sessionS < 180);
  // The same recorded strokes give the same segmentation with `hccws grow` (painted by the core, not the mouse).
  const char* tmp = std::getenv("HCCWS_TEST_TMP");
  const std::string out = std::string(tmp ? tmp : "/tmp") + "/gui_semi_automatic_hcc048";
  std::filesystem::create_directories(out);
  const std::string cmd = std::string(HCCWS_EXE) + " -q grow " + dir + " --seeds " + strokesFile("grow_strokes_hcc048.json") +
                          " --out " + out + "/grown.nrrd > " + out + "/grow.txt 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const core::LabelMap cli = core::readLabelMap(out + "/grown.nrrd");
  REQUIRE(cli.labels.geometry().sameGrid(labels.geometry()));
  const double d1 = dice(cli.labels, labels, 1), d2 = dice(cli.labels, labels, 2);
  std::printf("HCC_048: window vs hccws grow from the same strokes: liver Dice %.4f, tumour Dice %.4f\n", d1, d2);
  CHECK(d1 >= 0.98);
  CHECK(d2 >= 0.98);
  if (const QByteArray shot = qgetenv("HCCWS_SCREENSHOT_GROW"); !shot.isEmpty()) {
    w.viewerState()->setCursor(m.tumours.front().centroidLps);
    w.applyWindowPreset(render::WindowPresetKind::Liver);
    QSignalSpy surfaces(w.viewLayout()->view3d(), &widgets::View3D::surfacesUpdated);
    surfaces.wait(20000);  // the 3D surfaces of the applied segmentation are built off the UI thread
    for (const char* dock : {"segmentEditorDock", "measurementsDock"})
      if (auto* d = w.findChild<QDockWidget*>(QString::fromLatin1(dock))) d->raise();
    QTest::qWait(300);
    CHECK(w.screenshot().save(QString::fromLocal8Bit(shot)));
  }
}

TEST_CASE("active contour tool: one click in a tumour gives it as one undo step", "[gui][contour]") {
  core::PhantomOptions po;
  po.dims = {128, 128, 48};
  po.spacingMm = {2.5, 2.5, 4.0};
  po.seed = 31;
  po.phases = {core::PhaseKind::PortalVenous};
  po.portalVenousMotion = core::RigidMotion{};
  const core::Phantom ph = core::generatePhantom(po);
  core::Study study;
  study.patientId = "CONTOUR-PHANTOM";
  core::Phase phase;
  phase.decision = {core::PhaseKind::PortalVenous, 0.9, "test", false, {}};
  phase.volume = ph.phases.front().volume;
  study.phases.push_back(std::move(phase));
  const core::Measurements m = core::measure(ph.truthLabels);
  REQUIRE(!m.tumours.empty());
  Window t(std::move(study));
  widgets::LabelEditor& editor = *t.w.labelEditor();
  QAction* tool = t.action("toolActiveContour");
  REQUIRE(tool);
  tool->trigger();
  REQUIRE(editor.tool() == widgets::EditTool::ActiveContour);
  editor.setActiveLabel(2);
  QSignalSpy finished(&editor, &widgets::LabelEditor::operationFinished);
  QSignalSpy failed(&editor, &widgets::LabelEditor::operationFailed);
  const core::Vec3 c = m.tumours.front().centroidLps;
  t.w.viewerState()->setCursor(c);
  QApplication::processEvents();
  auto* axial = t.w.viewLayout()->axial();
  test::sendMouse(axial, QEvent::MouseButtonPress, axial->worldToWidget(c), Qt::LeftButton, Qt::LeftButton);
  test::sendMouse(axial, QEvent::MouseButtonRelease, axial->worldToWidget(c), Qt::LeftButton, Qt::NoButton);
  CHECK(editor.busy());  // off the UI thread
  REQUIRE(finished.wait(120000));
  REQUIRE(failed.isEmpty());
  const double d = dice(editor.labels()->labels, ph.truthLabels.labels, 2);
  std::printf("active contour tool in the window: phantom tumour %.1f mL, Dice %.3f\n", m.tumours.front().volumeMl, d);
  CHECK(d >= 0.85);
  REQUIRE(editor.history().steps().size() == 1);
  CHECK(editor.history().steps().back().name.find("Active contour") == 0);
  editor.undo();
  for (std::uint8_t v : editor.labels()->labels.buffer())
    if (v) FAIL("undo left a label voxel");
}
