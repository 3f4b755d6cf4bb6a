// The segment editor in a real SliceView, driven by mouse events as a user would: a stroke changes exactly
// the voxels of a sphere / disc of the radius in mm (expected set computed here), undo/redo is
// bit-identical, the painted voxels show their colour at their screen position, edits off the shown slice
// appear when the slice moves there, navigation keeps working in edit mode. Whole-map operations off the GUI
// thread (applyAsync): the same voxels as the synchronous core operation, one undo step, cancel mid-run,
// refusals while busy, a new map dropping a running result, the destructor waiting for the worker.
#include "editor_support.h"
#include "gui_support.h"

#include <hccws/widgets/label_editor.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWheelEvent>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

using namespace hccws;
using test::Rgb;

namespace {
const Rgb kTumour{241, 214, 69};

Rgb rgbAt(const QImage& img, const QPointF& p) {
  const QRgb c = img.pixel(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
  return {qRed(c), qGreen(c), qBlue(c)};
}

struct EditorView {
  widgets::ViewerState state;
  widgets::LabelEditor editor;
  std::shared_ptr<const core::CtVolume> ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  widgets::SliceView view{render::SliceOrientation::Axial, &state};

  explicit EditorView(double radiusMm = 3.1) {
    state.setReferenceGeometry(ct->geometry());
    editor.setImage(ct);
    editor.ensureLabels(ct->geometry());
    view.setImage(ct);
    view.setLabels(editor.labels());
    view.setEditor(&editor);
    render::LabelStyle style;
    style.fillOpacity = 1.0;
    style.outline = false;
    view.setLabelStyle(style);
    editor.setActiveLabel(2);
    editor.setBrushRadiusMm(radiusMm);
    view.resize(480, 432);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    state.setCursor(ct->geometry().indexToWorld({5, 5, 10}));  // axial slice k = 10
  }
  const core::Geometry& g() const { return ct->geometry(); }
  core::Vec3 w(double i, double j, double k) const { return g().indexToWorld({i, j, k}); }
  const core::Volume<std::uint8_t>& labels() const { return editor.labels()->labels; }
  // A new map for the editor and the view.
  void load(core::LabelMap map) {
    editor.setLabels(std::make_shared<core::LabelMap>(std::move(map)));
    view.setLabels(editor.labels());
  }
};

widgets::LabelEditor::AsyncOperation marginOp(double mm) {
  return [mm](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec, const core::ProgressSink& p) {
    return core::margin(l, mm, r, rec, p);
  };
}

std::size_t countDiff(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}
}  // namespace

TEST_CASE("a paint stroke changes exactly the voxels of a sphere of the radius in mm", "[gui][editor]") {
  EditorView t(3.1);
  t.editor.setBrushShape(core::BrushShape::Sphere);
  t.editor.setTool(widgets::EditTool::Paint);
  REQUIRE(t.view.editing());
  const std::vector<core::Vec3> pts{t.w(14, 12, 10), t.w(20, 15, 10), t.w(26, 14, 10)};
  const auto before = t.state.cursor();
  test::strokeThrough(&t.view, pts);
  CHECK(t.state.cursor() == before);  // painting does not move the cursor
  const auto expected = test::expectedStroke(t.g(), pts, 3.1);
  REQUIRE(expected.count > 100);
  CHECK(test::mismatches(t.labels(), 2, expected) == 0);
  // 3.1 mm > the 2.5 mm slice spacing: the sphere reaches the neighbouring slices, and no further.
  std::size_t perK[20] = {};
  for (std::size_t k = 0; k < 20; ++k)
    for (std::size_t j = 0; j < 36; ++j)
      for (std::size_t i = 0; i < 40; ++i) perK[k] += t.labels().at(i, j, k) == 2;
  CHECK(perK[9] > 0);
  CHECK(perK[11] > 0);
  CHECK(perK[8] + perK[12] == 0);
  REQUIRE(t.editor.history().steps().size() == 1);
  CHECK(t.editor.history().steps()[0].name == "Paint tumour");
  CHECK(t.editor.modified());
}

TEST_CASE("a disc stroke paints only the view's slice", "[gui][editor]") {
  EditorView t(4.0);
  t.editor.setBrushShape(core::BrushShape::Disc);
  t.editor.setTool(widgets::EditTool::Paint);
  CHECK(t.view.editSliceAxis() == 2);
  const std::vector<core::Vec3> pts{t.w(10, 10, 10), t.w(18, 22, 10)};
  test::strokeThrough(&t.view, pts);
  const auto expected = test::expectedStroke(t.g(), pts, 4.0, 10);
  REQUIRE(expected.count > 50);
  CHECK(test::mismatches(t.labels(), 2, expected) == 0);

  // The coronal view paints discs in its own slice (j = const).
  widgets::SliceView coronal(render::SliceOrientation::Coronal, &t.state);
  coronal.setImage(t.ct);
  coronal.setLabels(t.editor.labels());
  coronal.setEditor(&t.editor);
  coronal.resize(400, 300);
  coronal.show();
  REQUIRE(QTest::qWaitForWindowExposed(&coronal));
  CHECK(coronal.editSliceAxis() == 1);
  t.editor.setActiveLabel(3);
  t.state.setCursor(t.w(5, 30, 5));
  const std::vector<core::Vec3> cpts{t.w(25, 30, 6), t.w(30, 30, 12)};
  test::strokeThrough(&coronal, cpts);
  const auto cexp = [&] {
    auto e = test::expectedStroke(t.g(), cpts, 4.0);
    for (std::size_t k = 0; k < 20; ++k)
      for (std::size_t j = 0; j < 36; ++j)
        for (std::size_t i = 0; i < 40; ++i)
          if (j != 30) e.inside[t.g().linearIndex(i, j, k)] = 0, e.ambiguous[t.g().linearIndex(i, j, k)] = 0;
    return e;
  }();
  CHECK(test::mismatches(t.labels(), 3, cexp) == 0);
}

TEST_CASE("undo and redo of strokes are bit-identical", "[gui][editor]") {
  EditorView t(3.0);
  t.editor.setTool(widgets::EditTool::Paint);
  const auto empty = t.labels().buffer();
  test::strokeThrough(&t.view, {t.w(12, 12, 10), t.w(22, 18, 10)});
  const auto one = t.labels().buffer();
  t.editor.setTool(widgets::EditTool::Erase);
  test::strokeThrough(&t.view, {t.w(16, 14, 10), t.w(17, 15, 10)});
  const auto two = t.labels().buffer();
  REQUIRE(one != empty);
  REQUIRE(two != one);
  QSignalSpy changed(&t.editor, &widgets::LabelEditor::labelsChanged);
  t.editor.undo();
  CHECK(t.labels().buffer() == one);
  t.editor.undo();
  CHECK(t.labels().buffer() == empty);
  CHECK_FALSE(t.editor.canUndo());
  t.editor.redo();
  CHECK(t.labels().buffer() == one);
  t.editor.goToStep(2);
  CHECK(t.labels().buffer() == two);
  CHECK(changed.count() == 4);  // one per undo, redo or jump
  // A new edit after an undo drops the redo branch.
  t.editor.undo();
  t.editor.setTool(widgets::EditTool::Paint);
  test::strokeThrough(&t.view, {t.w(30, 30, 10)});
  CHECK_FALSE(t.editor.canRedo());
  CHECK(t.editor.history().steps().size() == 2);
}

TEST_CASE("painted voxels show the label colour at their screen position", "[gui][editor]") {
  EditorView t(3.0);
  t.editor.setBrushShape(core::BrushShape::Disc);
  t.editor.setTool(widgets::EditTool::Paint);
  const QImage before = t.view.grabFramebuffer();
  const QPointF centre = t.view.worldToWidget(t.w(22, 18, 10));
  const QPointF outside = t.view.worldToWidget(t.w(22, 26, 10));  // 9.6 mm away
  CHECK_FALSE(test::near(rgbAt(before, centre), kTumour, 10));
  test::strokeThrough(&t.view, {t.w(22, 18, 10)});
  t.editor.setTool(widgets::EditTool::None);  // hides the brush outline
  const QImage after = t.view.grabFramebuffer();
  CHECK(test::near(rgbAt(after, centre), kTumour, 3));
  CHECK_FALSE(test::near(rgbAt(after, outside), kTumour, 10));
  // The painted blob is centred on the dab.
  auto blob = test::findBlob(after.width(), after.height(), [&](int x, int y) { return rgbAt(after, {x + 0.5, y + 0.5}); },
                             [](const Rgb& c) { return test::near(c, kTumour, 3); });
  REQUIRE(blob.count > 20);
  CHECK(blob.x == Approx(centre.x()).margin(2.5));
  CHECK(blob.y == Approx(centre.y()).margin(2.5));
}

TEST_CASE("edits off the shown slice appear when the slice moves there", "[gui][editor]") {
  EditorView t(3.0);
  t.editor.setBrushShape(core::BrushShape::Disc);
  t.editor.setTool(widgets::EditTool::Paint);
  REQUIRE(t.editor.beginStroke(t.w(20, 20, 14), 2));  // slice 14; the view shows 10
  t.editor.endStroke();
  const QPointF p = t.view.worldToWidget(t.w(20, 20, 14));
  t.editor.setTool(widgets::EditTool::None);
  CHECK_FALSE(test::near(rgbAt(t.view.grabFramebuffer(), p), kTumour, 10));
  t.state.setCursor(t.w(5, 5, 14));
  CHECK(test::near(rgbAt(t.view.grabFramebuffer(), p), kTumour, 3));
}

TEST_CASE("edit mode: brush outline, Shift+wheel radius, fill, navigation kept", "[gui][editor]") {
  EditorView t(5.0);
  t.editor.setTool(widgets::EditTool::Paint);
  test::sendMouse(&t.view, QEvent::MouseMove, QPointF(200, 200), Qt::NoButton, Qt::NoButton);
  CHECK(t.view.brushOutlineVisible());
  // The outline is drawn: a ring of non-CT colour at the radius in pixels around the mouse.
  {
    const QImage img = t.view.grabFramebuffer();
    const double rPx = 5.0 / t.view.scene().mmPerPixel() / t.view.devicePixelRatioF();
    int ring = 0;
    for (int a = 0; a < 36; ++a) {
      const double ang = a * M_PI / 18;
      const Rgb c = rgbAt(img, {200 + rPx * std::cos(ang), 200 + rPx * std::sin(ang)});
      ring += (c[2] < c[0] - 30 && c[0] > 180) ? 1 : 0;  // light yellow, not grey
    }
    CHECK(ring > 18);
  }
  QWheelEvent wheel(QPointF(200, 200), t.view.mapToGlobal(QPointF(200, 200)), {}, QPoint(0, 240), Qt::NoButton,
                    Qt::ShiftModifier, Qt::NoScrollPhase, false);
  const auto cursor = t.state.cursor();
  QApplication::sendEvent(&t.view, &wheel);
  CHECK(t.editor.brush().radiusMm == Approx(5.0 * 1.15 * 1.15));
  CHECK(t.state.cursor() == cursor);  // no slice change
  // Plain wheel still scrolls; right drag still sets the window; Ctrl+left drag zooms and does not paint.
  QWheelEvent plain(QPointF(200, 200), t.view.mapToGlobal(QPointF(200, 200)), {}, QPoint(0, 120), Qt::NoButton, {},
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(&t.view, &plain);
  CHECK(t.g().worldToIndex(t.state.cursor())[2] == Approx(11).margin(1e-6));
  const auto wl = t.state.windowLevel();
  test::sendMouse(&t.view, QEvent::MouseButtonPress, QPointF(100, 100), Qt::RightButton, Qt::RightButton);
  test::sendMouse(&t.view, QEvent::MouseMove, QPointF(160, 80), Qt::NoButton, Qt::RightButton);
  test::sendMouse(&t.view, QEvent::MouseButtonRelease, QPointF(160, 80), Qt::RightButton, Qt::NoButton);
  CHECK(t.state.windowLevel().width > wl.width);
  const double mmpp = t.view.scene().mmPerPixel();
  test::sendMouse(&t.view, QEvent::MouseButtonPress, QPointF(100, 100), Qt::LeftButton, Qt::LeftButton, Qt::ControlModifier);
  test::sendMouse(&t.view, QEvent::MouseMove, QPointF(100, 60), Qt::NoButton, Qt::LeftButton, Qt::ControlModifier);
  test::sendMouse(&t.view, QEvent::MouseButtonRelease, QPointF(100, 60), Qt::LeftButton, Qt::NoButton, Qt::ControlModifier);
  CHECK(t.view.scene().mmPerPixel() < mmpp);
  CHECK(t.editor.history().steps().empty());
  t.view.resetView();

  // Fill: a closed ring painted in slice 11 is filled from its centre; the region tool stays in the slice.
  t.state.setCursor(t.w(5, 5, 11));
  t.editor.setBrushShape(core::BrushShape::Disc);
  t.editor.setBrushRadiusMm(1.5);
  std::vector<core::Vec3> ring;
  for (int a = 0; a <= 24; ++a)
    ring.push_back(t.w(20 + 6 * std::cos(a * M_PI / 12), 18 + 5 * std::sin(a * M_PI / 12), 11));
  test::strokeThrough(&t.view, ring);
  t.editor.setTool(widgets::EditTool::Fill);
  test::sendMouse(&t.view, QEvent::MouseButtonPress, t.view.worldToWidget(t.w(20, 18, 11)), Qt::LeftButton, Qt::LeftButton);
  test::sendMouse(&t.view, QEvent::MouseButtonRelease, t.view.worldToWidget(t.w(20, 18, 11)), Qt::LeftButton, Qt::NoButton);
  CHECK(t.labels().at(20, 18, 11) == 2);
  CHECK(t.labels().at(22, 19, 11) == 2);
  CHECK(t.labels().at(20, 18, 10) == 0);
  CHECK(t.labels().at(35, 30, 11) == 0);  // outside the ring
  CHECK(t.editor.history().steps().size() == 2);
  CHECK_FALSE(t.view.brushOutlineVisible());  // region tools have no brush

  // Erase region works in 3D by default: the filled disc (one slice) and a blob over slices 11-13 joined to
  // it are one 26-connected region; a click in slice 11 erases all of it (issue 15), as one step.
  CHECK(t.editor.eraseRegionIn3d());
  t.editor.apply(QStringLiteral("test blob"), [](core::LabelMap& l, const core::EditRules&, core::ChangeRecorder* rec) {
    const core::IndexBox box{{20, 18, 12}, {21, 19, 14}};
    rec->aboutToChange(box);
    l.labels.at(20, 18, 12) = l.labels.at(20, 18, 13) = 2;
    return core::EditResult{box, 2};
  });
  REQUIRE(t.labels().at(20, 18, 13) == 2);
  t.editor.setTool(widgets::EditTool::EraseRegion);
  test::sendMouse(&t.view, QEvent::MouseButtonPress, t.view.worldToWidget(t.w(20, 18, 11)), Qt::LeftButton, Qt::LeftButton);
  test::sendMouse(&t.view, QEvent::MouseButtonRelease, t.view.worldToWidget(t.w(20, 18, 11)), Qt::LeftButton, Qt::NoButton);
  CHECK(t.labels().at(20, 18, 11) != 2);
  CHECK(t.labels().at(20, 18, 13) != 2);  // another slice: the region is 3D
}

TEST_CASE("async margin and islands give the synchronous core result as one undo step each", "[gui][editor][async]") {
  EditorView t;
  t.load(test::liverWithTumour(t.g()));
  const auto start = t.labels().buffer();
  // The reference: the synchronous core operation on a copy, with the editor's rules.
  core::LabelMap grown = *t.editor.labels();
  REQUIRE(core::margin(grown, 2.0, t.editor.rules(), nullptr).changedVoxels > 100);

  QSignalSpy finished(&t.editor, &widgets::LabelEditor::operationFinished);
  QSignalSpy progress(&t.editor, &widgets::LabelEditor::operationProgress);
  QSignalSpy busy(&t.editor, &widgets::LabelEditor::busyChanged);
  QSignalSpy settled(&t.editor, &widgets::LabelEditor::editFinished);
  REQUIRE(t.editor.applyAsync(QStringLiteral("Grow 2 mm"), marginOp(2.0)));
  CHECK(t.editor.busy());
  CHECK(t.labels().buffer() == start);  // nothing written on the GUI thread's map yet
  REQUIRE(finished.wait(20000));
  CHECK_FALSE(t.editor.busy());
  CHECK(busy.count() == 2);
  CHECK(progress.count() > 0);
  CHECK(settled.count() == 1);
  CHECK(t.labels().buffer() == grown.labels.buffer());
  const auto info = finished.at(0).at(0).value<core::EditStepInfo>();
  CHECK(info.name == "Grow 2 mm");
  CHECK(info.changedVoxels == countDiff(start, grown.labels.buffer()));
  REQUIRE(t.editor.history().steps().size() == 1);
  CHECK(t.editor.history().steps()[0].name == "Grow 2 mm");
  t.editor.undo();
  CHECK(t.labels().buffer() == start);
  t.editor.redo();
  CHECK(t.labels().buffer() == grown.labels.buffer());

  // Island removal with "erase back to liver": the (grown) speck becomes liver, as in the core on a copy.
  t.editor.setEraseToLiver(true);
  CHECK(t.editor.rules().eraseTo == 1);
  core::LabelMap kept = *t.editor.labels();
  REQUIRE(core::islands(kept, core::IslandMode::KeepLargest, 0, t.editor.rules(), nullptr).changedVoxels > 4);  // the grown speck
  REQUIRE(t.editor.applyAsync(QStringLiteral("Islands: keep largest"),
                              [](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                                 const core::ProgressSink& p) {
                                return core::islands(l, core::IslandMode::KeepLargest, 0, r, rec, p);
                              }));
  REQUIRE(finished.wait(20000));
  CHECK(t.labels().buffer() == kept.labels.buffer());
  CHECK(t.labels().at(9, 8, 5) == 1);
  CHECK(t.editor.history().steps().size() == 2);
  t.editor.goToStep(0);
  CHECK(t.labels().buffer() == start);

  // An operation that changes nothing stores no step; a failing one changes nothing and says why.
  t.editor.goToStep(2);
  REQUIRE(t.editor.applyAsync(QStringLiteral("Nothing"), [](core::LabelMap&, const core::EditRules&,
                                                            core::ChangeRecorder*, const core::ProgressSink&) {
    return core::EditResult{};
  }));
  REQUIRE(finished.wait(20000));
  CHECK(finished.last().at(0).value<core::EditStepInfo>().changedVoxels == 0);
  CHECK(t.editor.history().steps().size() == 2);
  QSignalSpy failed(&t.editor, &widgets::LabelEditor::operationFailed);
  QSignalSpy editFailed(&t.editor, &widgets::LabelEditor::editFailed);
  const auto before = t.labels().buffer();
  REQUIRE(t.editor.applyAsync(QStringLiteral("Broken"), [](core::LabelMap& l, const core::EditRules&,
                                                           core::ChangeRecorder* rec, const core::ProgressSink&) -> core::EditResult {
    rec->aboutToChange(core::IndexBox::whole(l.labels.dims()));
    std::fill(l.labels.buffer().begin(), l.labels.buffer().end(), std::uint8_t{7});
    throw std::invalid_argument("broken operation: radius -1");
  }));
  REQUIRE(failed.wait(20000));
  CHECK(failed.at(0).at(1).toString().contains(QStringLiteral("radius -1")));
  REQUIRE(editFailed.count() == 1);
  CHECK(editFailed.at(0).at(0).toString().startsWith(QStringLiteral("Broken: ")));
  CHECK(t.labels().buffer() == before);
  CHECK(t.editor.history().steps().size() == 2);
  CHECK_FALSE(t.editor.busy());
}

TEST_CASE("cancel from the first progress report leaves the map and the history unchanged", "[gui][editor][async]") {
  EditorView t;
  t.load(test::liverWithTumour(t.g()));
  t.editor.setTool(widgets::EditTool::Paint);
  test::strokeThrough(&t.view, {t.w(30, 8, 10)});  // one step in the history
  REQUIRE(t.editor.history().steps().size() == 1);
  const auto before = t.labels().buffer();
  const auto version = t.editor.version();

  test::HeldWorker held;
  t.editor.setProgressHook(held.hook());
  QSignalSpy cancelled(&t.editor, &widgets::LabelEditor::operationCancelled);
  QSignalSpy finished(&t.editor, &widgets::LabelEditor::operationFinished);
  QSignalSpy changed(&t.editor, &widgets::LabelEditor::labelsChanged);
  bool first = true;
  QObject::connect(&t.editor, &widgets::LabelEditor::operationProgress, &t.editor, [&] {
    if (!first) return;
    first = false;
    t.editor.cancelOperation();  // the worker is held inside its first report meanwhile
    held.release();
  });
  REQUIRE(t.editor.applyAsync(QStringLiteral("Grow 2 mm"), marginOp(2.0)));
  REQUIRE(cancelled.wait(20000));
  CHECK(cancelled.at(0).at(0).toString() == QStringLiteral("Grow 2 mm"));
  const int callsWhenCancelled = *held.calls;
  CHECK(callsWhenCancelled >= 1);
  CHECK(finished.count() == 0);
  CHECK(changed.count() == 0);
  CHECK_FALSE(t.editor.busy());
  CHECK(t.labels().buffer() == before);
  CHECK(t.editor.version() == version);
  CHECK(t.editor.history().steps().size() == 1);
  CHECK(t.editor.history().undoCount() == 1);

  // Usable again: the same operation runs to the end, through more reports than the cancelled run saw.
  test::HeldWorker counting;
  counting.release();
  t.editor.setProgressHook(counting.hook());
  first = false;
  REQUIRE(t.editor.applyAsync(QStringLiteral("Grow 2 mm"), marginOp(2.0)));
  REQUIRE(finished.wait(20000));
  CHECK(*counting.calls > callsWhenCancelled);
  CHECK(t.editor.history().steps().size() == 2);
  CHECK(t.labels().buffer() != before);
}

TEST_CASE("while an operation runs, strokes, fills, apply and undo are refused and change nothing", "[gui][editor][async]") {
  EditorView t(3.0);
  t.load(test::liverWithTumour(t.g()));
  t.editor.setTool(widgets::EditTool::Paint);
  test::strokeThrough(&t.view, {t.w(30, 8, 10)});
  const auto before = t.labels().buffer();

  test::HeldWorker held;
  t.editor.setProgressHook(held.hook());
  QSignalSpy progress(&t.editor, &widgets::LabelEditor::operationProgress);
  QSignalSpy finished(&t.editor, &widgets::LabelEditor::operationFinished);
  QSignalSpy refused(&t.editor, &widgets::LabelEditor::editFailed);
  REQUIRE(t.editor.applyAsync(QStringLiteral("Shrink 2 mm"), marginOp(-2.0)));
  REQUIRE(progress.wait(20000));  // the worker is inside the operation, held
  REQUIRE(t.editor.busy());
  CHECK(t.editor.operationName() == QStringLiteral("Shrink 2 mm"));

  test::strokeThrough(&t.view, {t.w(12, 20, 10), t.w(16, 24, 10)});
  CHECK_FALSE(t.editor.strokeActive());
  CHECK(refused.count() == 1);
  CHECK(refused.at(0).at(0).toString().contains(QStringLiteral("Shrink 2 mm")));
  CHECK_FALSE(t.editor.canUndo());
  t.editor.undo();
  t.editor.setTool(widgets::EditTool::Fill);
  CHECK_FALSE(t.editor.fillAt(t.w(3, 3, 10), 2));
  const auto applied = t.editor.apply(QStringLiteral("Clear"), [](core::LabelMap& l, const core::EditRules& r,
                                                                   core::ChangeRecorder* rec) {
    return core::logical(l, core::LogicalOp::Clear, {}, r, rec);
  });
  CHECK(applied.changedVoxels == 0);
  CHECK(t.editor.replaceAll(QStringLiteral("Replace"), core::Volume<std::uint8_t>(t.g(), 0)).changedVoxels == 0);
  CHECK_FALSE(t.editor.applyAsync(QStringLiteral("Grow"), marginOp(1.0)));
  CHECK(refused.count() == 6);
  CHECK(t.labels().buffer() == before);
  CHECK(t.editor.history().steps().size() == 1);

  held.release();
  REQUIRE(finished.wait(20000));
  CHECK(t.editor.history().steps().size() == 2);
  CHECK(t.editor.canUndo());
  t.editor.undo();
  CHECK(t.labels().buffer() == before);
}

TEST_CASE("a new map during a run cancels it and drops its result; the destructor waits", "[gui][editor][async]") {
  EditorView t;
  t.load(test::liverWithTumour(t.g()));
  test::HeldWorker held;
  t.editor.setProgressHook(held.hook());
  QSignalSpy progress(&t.editor, &widgets::LabelEditor::operationProgress);
  QSignalSpy cancelled(&t.editor, &widgets::LabelEditor::operationCancelled);
  QSignalSpy finished(&t.editor, &widgets::LabelEditor::operationFinished);
  REQUIRE(t.editor.applyAsync(QStringLiteral("Grow 3 mm"), marginOp(3.0)));
  REQUIRE(progress.wait(20000));
  t.load(test::makeTestLabels(t.g()));
  CHECK_FALSE(t.editor.busy());       // at once, not when the worker stops
  CHECK(cancelled.count() == 1);
  const auto fresh = t.labels().buffer();
  held.release();
  REQUIRE(QTest::qWaitFor([&] { return t.editor.pendingWorkers() == 0; }, 20000));
  QTest::qWait(20);
  CHECK(finished.count() == 0);
  CHECK(t.labels().buffer() == fresh);
  CHECK(t.editor.history().steps().empty());
  CHECK_FALSE(t.editor.modified());

  // The destructor cancels a running operation and waits for its worker.
  auto editor = std::make_unique<widgets::LabelEditor>();
  editor->setLabels(std::make_shared<core::LabelMap>(test::liverWithTumour(t.g())));
  auto stopped = std::make_shared<std::atomic<bool>>(false);
  REQUIRE(editor->applyAsync(QStringLiteral("Spin"), [stopped](core::LabelMap&, const core::EditRules&,
                                                               core::ChangeRecorder*, const core::ProgressSink& p) {
    for (int n = 0; n < 10000 && p(0.5, "spinning"); ++n) QThread::msleep(1);
    *stopped = true;
    return core::EditResult{};
  }));
  QTest::qWait(30);
  QElapsedTimer timer;
  timer.start();
  editor.reset();
  CHECK(*stopped);
  CHECK(timer.elapsed() < 5000);  // stopped by the cancel, not by the 10 s cap
}

// Figures, not assertions on time (hidden: run with `test_gui_segment_editor "[bench]"`): how long the GUI
// thread is frozen by a whole-map operation, synchronous apply() against applyAsync(), on 512x512x500.
TEST_CASE("GUI freeze of whole-map operations: apply vs applyAsync on 512x512x500", "[.][bench][editor]") {
  core::Geometry g;
  g.dims = {512, 512, 500};
  g.spacingMm = {0.7, 0.7, 0.8};
  auto base = std::make_shared<core::LabelMap>();
  base->labels = core::Volume<std::uint8_t>(g, 0);
  // An ellipsoid "liver" (semi-axes 90 x 70 x 80 mm) with a 27 mm tumour ball inside.
  const double c[3] = {256 * 0.7, 256 * 0.7, 250 * 0.8};
  for (std::size_t k = 0; k < 500; ++k)
    for (std::size_t j = 0; j < 512; ++j)
      for (std::size_t i = 0; i < 512; ++i) {
        const double x = i * 0.7 - c[0], y = j * 0.7 - c[1], z = k * 0.8 - c[2];
        if ((x / 90) * (x / 90) + (y / 70) * (y / 70) + (z / 80) * (z / 80) <= 1) base->labels.at(i, j, k) = 1;
        if ((x - 30) * (x - 30) + y * y + z * z <= 27.0 * 27.0) base->labels.at(i, j, k) = 2;
      }
  struct Case {
    const char* name;
    std::uint8_t label;
    double mm;
  };
  // The longest gap between ticks of a 0 ms timer = the longest time the GUI thread could not repaint.
  struct StallMeter {
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0, worst = 0;
    StallMeter() {
      timer.setInterval(0);
      QObject::connect(&timer, &QTimer::timeout, [this] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
      });
      clock.start();
      timer.start();
    }
  };
  for (const Case& cs : {Case{"margin tumour +5 mm", 2, 5.0}, Case{"margin liver +3 mm", 1, 3.0}}) {
    widgets::LabelEditor editor;
    editor.setActiveLabel(cs.label);
    editor.setLabels(std::make_shared<core::LabelMap>(*base));
    QElapsedTimer t;
    t.start();
    const double mm = cs.mm;
    const auto info = editor.apply(QString::fromLatin1(cs.name), [mm](core::LabelMap& l, const core::EditRules& r,
                                                                       core::ChangeRecorder* rec) {
      return core::margin(l, mm, r, rec);
    });
    const qint64 syncMs = t.elapsed();
    const auto syncResult = editor.labels()->labels.buffer();
    editor.undo();

    QSignalSpy finished(&editor, &widgets::LabelEditor::operationFinished);
    // Twice: the first run allocates the worker's scratch copy, the second reuses it.
    qint64 asyncMs[2] = {}, worst[2] = {};
    bool same = true;
    for (int run = 0; run < 2; ++run) {
      if (run == 1) editor.undo();
      StallMeter meter;
      t.restart();
      REQUIRE(editor.applyAsync(QString::fromLatin1(cs.name), marginOp(mm)));
      REQUIRE(finished.wait(120000));
      asyncMs[run] = t.elapsed();
      meter.timer.stop();
      worst[run] = meter.worst;
      same = same && editor.labels()->labels.buffer() == syncResult;
    }
    CHECK(same);
    std::printf("%-20s %7zu voxels | apply(): GUI frozen %5lld ms | applyAsync(): result after %5lld ms (first "
                "run: %5lld ms), GUI frozen at most %4lld ms (first run: %4lld ms) -> %.0fx shorter freeze; "
                "same voxels: %s\n",
                cs.name, info.changedVoxels, static_cast<long long>(syncMs), static_cast<long long>(asyncMs[1]),
                static_cast<long long>(asyncMs[0]), static_cast<long long>(worst[1]),
                static_cast<long long>(worst[0]), double(syncMs) / double(std::max<qint64>(1, worst[1])),
                same ? "yes" : "no");
  }
}
