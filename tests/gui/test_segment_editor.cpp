// The segment editor in a real SliceView, driven by mouse events as a user would: a stroke changes exactly
// the voxels of a sphere / disc of the radius in mm (expected set computed here), undo/redo is
// bit-identical, the painted voxels show their colour at their screen position, edits off the shown slice
// appear when the slice moves there, navigation keeps working in edit mode.
#include "editor_support.h"
#include "gui_support.h"

#include <hccws/widgets/label_editor.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <cmath>
#include <memory>

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
};
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
}
