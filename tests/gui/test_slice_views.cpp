// Linked slice views driven like a user would: label colours at the right screen position in all three
// views, clicks moving the shared cursor, window presets changing grey levels, probe, scrolling.
#include "gui_support.h"

#include <hccws/render/window_presets.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QHBoxLayout>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

#include <cmath>
#include <memory>

using namespace hccws;
using render::SliceOrientation;
using test::Rgb;

namespace {
const Rgb kTumour{241, 214, 69};
const Rgb kCross{51, 230, 255};  // SliceAnnotations::kCrosshairRgb

Rgb rgbAt(const QImage& img, const QPointF& p) {
  const QRgb c = img.pixel(static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y())));
  return {qRed(c), qGreen(c), qBlue(c)};
}

struct ThreeViews {
  widgets::ViewerState state;
  QWidget window;
  widgets::SliceView* views[3];
  std::shared_ptr<const core::CtVolume> ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  std::shared_ptr<const core::LabelMap> labels =
      std::make_shared<const core::LabelMap>(test::makeTestLabels(ct->geometry()));

  ThreeViews() {
    auto* layout = new QHBoxLayout(&window);
    const SliceOrientation o[3] = {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal};
    for (int i = 0; i < 3; ++i) {
      views[i] = new widgets::SliceView(o[i], &state);
      layout->addWidget(views[i]);
    }
    state.setReferenceGeometry(ct->geometry());
    render::LabelStyle style;
    style.fillOpacity = 1.0;
    for (auto* v : views) {
      v->setImage(ct);
      v->setLabels(labels);
      v->setLabelStyle(style);
    }
    window.resize(960, 340);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
  }
};
}  // namespace

TEST_CASE("a label voxel shows its colour at its screen position in all three views", "[gui][slice]") {
  ThreeViews t;
  const auto& g = t.ct->geometry();
  t.state.setCursor(g.indexToWorld({12, 12, 8}));  // the tumour block's centre voxel
  // Diagonal neighbours inside the block, off both crosshair lines in each view.
  const core::Vec3 probes[3] = {g.indexToWorld({13, 13, 8}), g.indexToWorld({13, 12, 9}), g.indexToWorld({12, 13, 9})};
  for (int i = 0; i < 3; ++i) {
    INFO("view " << i);
    const QImage img = t.views[i]->grabFramebuffer();
    const QPointF p = t.views[i]->worldToWidget(probes[i]);
    CHECK(test::near(rgbAt(img, p), kTumour, 3));
    // The tumour's pixels are centred on its centre voxel, wherever that lands on screen.
    const QPointF c = t.views[i]->worldToWidget(g.indexToWorld({12, 12, 8}));
    auto blob = test::findBlob(img.width(), img.height(), [&](int x, int y) { return rgbAt(img, {x + 0.5, y + 0.5}); },
                               [](const Rgb& c) { return test::near(c, kTumour, 3); });
    REQUIRE(blob.count > 20);
    CHECK(blob.x == Approx(c.x()).margin(2.5));
    CHECK(blob.y == Approx(c.y()).margin(2.5));
  }
  // Radiological layout, checked against the data rather than the view's own mapping: the liver block
  // is left (+i), posterior (+j) and superior (+k) of the tumour.
  t.state.setCursor(g.indexToWorld({16, 15, 10}));
  const QPointF tumA = t.views[0]->worldToWidget(g.indexToWorld({12, 12, 10}));
  const QPointF livA = t.views[0]->worldToWidget(g.indexToWorld({20, 18, 10}));
  CHECK(livA.x() > tumA.x());  // patient left on screen right
  CHECK(livA.y() > tumA.y());  // posterior down
  const QPointF tumC = t.views[1]->worldToWidget(g.indexToWorld({12, 15, 8}));
  const QPointF livC = t.views[1]->worldToWidget(g.indexToWorld({20, 15, 12}));
  CHECK(livC.x() > tumC.x());
  CHECK(livC.y() < tumC.y());  // superior up
  const QPointF tumS = t.views[2]->worldToWidget(g.indexToWorld({16, 12, 8}));
  const QPointF livS = t.views[2]->worldToWidget(g.indexToWorld({16, 18, 12}));
  CHECK(livS.x() > tumS.x());  // posterior on the right: the face looks left
}

TEST_CASE("clicking in one view moves the crosshair in the others", "[gui][slice]") {
  ThreeViews t;
  const auto& g = t.ct->geometry();
  const core::Vec3 target = g.indexToWorld({30, 8, 10});
  // The coronal view's vertical crosshair line sits at the cursor's x; before the click it is elsewhere.
  auto crossColumnHits = [&](widgets::SliceView* v, double x) {
    const QImage img = v->grabFramebuffer();
    int hits = 0;
    // A 1-pixel line on a sub-pixel position: look one column either side.
    for (int y = 0; y < img.height(); ++y)
      for (int dx = -1; dx <= 1; ++dx)
        if (test::near(rgbAt(img, {x + dx, y + 0.5}), kCross, 40)) {
          ++hits;
          break;
        }
    return hits;
  };
  const double xBefore = t.views[1]->worldToWidget(target).x();
  const int before = crossColumnHits(t.views[1], xBefore);
  QSignalSpy moved(&t.state, &widgets::ViewerState::cursorChanged);
  const QPoint click = t.views[0]->worldToWidget(target).toPoint();
  QTest::mouseClick(t.views[0], Qt::LeftButton, {}, click);
  REQUIRE(moved.count() == 1);
  const core::Vec3 c = t.state.cursor();
  const core::Vec3 ijk = g.worldToIndex(c);
  CHECK(ijk[0] == Approx(30).margin(1e-6));
  CHECK(ijk[1] == Approx(8).margin(1e-6));
  CHECK(ijk[2] == Approx(10).margin(1e-6));  // the axial slice's depth is kept
  // Coronal and sagittal now cut through the cursor and draw their crosshair there.
  const double xCor = t.views[1]->worldToWidget(c).x();
  const int after = crossColumnHits(t.views[1], xCor);
  CHECK(after > 100);
  CHECK(before < after / 4);
  const QImage sag = t.views[2]->grabFramebuffer();
  const QPointF ps = t.views[2]->worldToWidget(c);
  int rowHits = 0;
  for (int x = 0; x < sag.width(); ++x)
    for (int dy = -1; dy <= 1; ++dy)
      if (test::near(rgbAt(sag, {x + 0.5, ps.y() + dy}), kCross, 40)) {
        ++rowHits;
        break;
      }
  CHECK(rowHits > 100);  // horizontal line at the cursor's height (superior-inferior)
}

TEST_CASE("a window preset changes the rendered grey levels", "[gui][slice]") {
  ThreeViews t;
  const auto& g = t.ct->geometry();
  t.state.setCursor(g.indexToWorld({5, 5, 5}));
  const QPointF p = t.views[0]->worldToWidget(g.indexToWorld({25, 20, 5}));  // 100 HU slab
  auto grey = [&](render::WindowPresetKind kind) {
    t.state.setWindowLevel(render::windowFor(kind));
    return rgbAt(t.views[0]->grabFramebuffer(), p)[0];
  };
  const int abdomen = grey(render::WindowPresetKind::Abdomen);
  const int bone = grey(render::WindowPresetKind::Bone);
  const int liver = grey(render::WindowPresetKind::Liver);
  CHECK(abdomen == Approx(255 * (100 - (50 - 200)) / 400.0).margin(4));
  CHECK(bone == Approx(255 * (100 - (400 - 900)) / 1800.0).margin(4));
  CHECK(liver == Approx(255 * (100 - (90 - 75)) / 150.0).margin(4));
  // Right-drag changes the shared window for every view.
  const auto before = t.state.windowLevel();
  QTest::mousePress(t.views[1], Qt::RightButton, {}, QPoint(100, 100));
  QMouseEvent move(QEvent::MouseMove, QPointF(160, 80), t.views[1]->mapToGlobal(QPointF(160, 80)), Qt::NoButton,
                   Qt::RightButton, {});
  QApplication::sendEvent(t.views[1], &move);
  QTest::mouseRelease(t.views[1], Qt::RightButton, {}, QPoint(160, 80));
  CHECK(t.state.windowLevel().width > before.width);
  CHECK(t.state.windowLevel().level > before.level);
  CHECK(t.views[0]->scene().windowLevel().width == Approx(t.state.windowLevel().width));
}

TEST_CASE("wheel scrolls slices and the probe reports what is under the mouse", "[gui][slice]") {
  ThreeViews t;
  const auto& g = t.ct->geometry();
  t.state.setCursor(g.indexToWorld({12, 12, 8}));
  QWheelEvent wheel(QPointF(50, 50), t.views[0]->mapToGlobal(QPointF(50, 50)), {}, QPoint(0, 240), Qt::NoButton,
                    {}, Qt::NoScrollPhase, false);
  QApplication::sendEvent(t.views[0], &wheel);
  // Two notches forward = two slices superior (+k in this LPS-aligned volume).
  CHECK(g.worldToIndex(t.state.cursor())[2] == Approx(10).margin(1e-6));
  t.state.setCursor(g.indexToWorld({12, 12, 8}));
  QSignalSpy spy(t.views[0], &widgets::SliceView::probed);
  const QPoint at = t.views[0]->worldToWidget(g.indexToWorld({12, 13, 8})).toPoint();
  QMouseEvent move(QEvent::MouseMove, QPointF(at), t.views[0]->mapToGlobal(QPointF(at)), Qt::NoButton,
                   Qt::NoButton, {});
  QApplication::sendEvent(t.views[0], &move);
  REQUIRE(spy.count() == 1);
  const auto s = qvariant_cast<render::ProbeSample>(spy.at(0).at(0));
  CHECK(s.insideImage);
  CHECK(s.ijk == std::array<long, 3>{12, 13, 8});
  CHECK(s.hu == 40);
  CHECK(s.labelName == "tumour");
}
