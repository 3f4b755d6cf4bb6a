// Benchmark (prints, asserts only correctness): the segment editor on realistic sizes.
// - Paint-stroke latency in an 800x800 axial SliceView on a 512x512x100 CT: mouse press, 20 moves and
//   release, each followed by a rendered frame (grabFramebuffer), against a plain cursor-drag frame in
//   the same run (ratio).
// - Surface update time after a tumour stroke inside the liver: LabelEditor snapshot + View3D update off the
//   UI thread until the new surfaces are shown, rebuilding only the changed labels (the tumour) against
//   rebuilding every label on its bounding box and on the whole grid, from the same snapshot (ratios), and
//   with the liver drawn as its voxels only (no organ envelope: the stroke changes the liver too).
// - Undo memory after 100 strokes on a 512x512x500 label map (target: under 50 MB).
// Software GL (Xvfb/llvmpipe) here; real targets on real hardware (platform notes).
#include "editor_support.h"

#include <hccws/widgets/label_editor.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <memory>
#include <vector>

using namespace hccws;

namespace {
core::Geometry grid(std::size_t nk) {
  core::Geometry g;
  g.dims = {512, 512, nk};
  g.spacingMm = {0.7, 0.7, 2.5};
  return g;
}

// A liver-sized ellipsoid (semi-axes 80 x 60 x 80 mm, ~1.6 L) centred in the grid.
std::shared_ptr<core::LabelMap> liverLabels(const core::Geometry& g) {
  auto labels = std::make_shared<core::LabelMap>();
  labels->labels = core::Volume<std::uint8_t>(g, 0);
  const double ci = 256, cj = 256, ck = g.dims[2] / 2.0;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = (i - ci) * g.spacingMm[0] / 80, y = (j - cj) * g.spacingMm[1] / 60,
                     z = (k - ck) * g.spacingMm[2] / 80;
        if (x * x + y * y + z * z < 1) labels->labels.at(i, j, k) = 1;
      }
  return labels;
}
}  // namespace

TEST_CASE("paint stroke latency and surface update time", "[gui][bench]") {
  const core::Geometry g = grid(100);
  auto ct = std::make_shared<const core::CtVolume>(g, std::int16_t{60});
  widgets::ViewerState state;
  state.setReferenceGeometry(g);
  widgets::LabelEditor editor;
  editor.setImage(ct);
  editor.setLabels(liverLabels(g));
  widgets::SliceView view(render::SliceOrientation::Axial, &state);
  view.setImage(ct);
  view.setLabels(editor.labels());
  view.setEditor(&editor);
  view.resize(800, 800);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  state.setCursor(g.indexToWorld({256, 256, 50}));
  view.grabFramebuffer();

  // Each run paints fresh voxels (a stroke that changes nothing is not stored): rows start at firstJ.
  auto strokeMs = [&](bool paint, int strokes, int moves, double firstJ) {
    editor.setTool(paint ? widgets::EditTool::Paint : widgets::EditTool::None);
    QElapsedTimer t;
    t.start();
    for (int s = 0; s < strokes; ++s) {
      const double j = firstJ + 20 * s;
      QPointF p = view.worldToWidget(g.indexToWorld({120, j, 50}));
      test::sendMouse(&view, QEvent::MouseButtonPress, p, Qt::LeftButton, Qt::LeftButton);
      view.grabFramebuffer();
      for (int m = 1; m <= moves; ++m) {
        p = view.worldToWidget(g.indexToWorld({120.0 + 8 * m, j, 50}));
        test::sendMouse(&view, QEvent::MouseMove, p, Qt::NoButton, Qt::LeftButton);
        view.grabFramebuffer();
      }
      test::sendMouse(&view, QEvent::MouseButtonRelease, p, Qt::LeftButton, Qt::NoButton);
      view.grabFramebuffer();
    }
    return static_cast<double>(t.nsecsElapsed()) / 1e6 / strokes;
  };
  editor.setBrushShape(core::BrushShape::Sphere);
  editor.setBrushRadiusMm(5.0);
  const int strokes = 8, moves = 20;
  const double navigate = strokeMs(false, strokes, moves, 150);
  const double sphere = strokeMs(true, strokes, moves, 150);
  editor.setBrushShape(core::BrushShape::Disc);
  const double disc = strokeMs(true, strokes, moves, 160);
  REQUIRE(editor.history().steps().size() == 2 * strokes);
  std::printf("paint stroke (press + %d moves + release, a frame after each) on 512x512x100, 800x800 view: "
              "sphere r5 %.1f ms/stroke (%.1f ms/event), disc r5 %.1f ms/stroke (%.1f ms/event); cursor drag "
              "baseline %.1f ms/stroke; ratio sphere/baseline %.2f\n",
              moves, sphere, sphere / (moves + 2), disc, disc / (moves + 2), navigate, sphere / navigate);

  // The 3D part starts again from the liver alone (the strokes above painted tumour across it).
  editor.setLabels(liverLabels(g));
  view.setLabels(editor.labels());
  widgets::View3D view3d(&state);
  view3d.resize(600, 600);
  view3d.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view3d));
  QSignalSpy updated(&view3d, &widgets::View3D::surfacesUpdated);
  QElapsedTimer first;
  first.start();
  view3d.setLabels(editor.labels());
  REQUIRE(QTest::qWaitFor([&] { return updated.count() > 0 && !view3d.surfacesPending(); }, 180000));
  const double firstMs = static_cast<double>(first.nsecsElapsed()) / 1e6;
  editor.setTool(widgets::EditTool::Paint);
  editor.setActiveLabel(2);
  editor.setBrushShape(core::BrushShape::Sphere);
  editor.setBrushRadiusMm(15);
  // One tumour stroke inside the liver, then the surfaces updated in three ways from the same snapshot.
  auto stroke = [&](double i) {
    REQUIRE(editor.beginStroke(g.indexToWorld({i, 250, 50}), 2));
    editor.endStroke();
  };
  auto waitShown = [&](int before) {
    REQUIRE(QTest::qWaitFor([&] { return updated.count() > before && !view3d.surfacesPending(); }, 180000));
    view3d.grabFramebuffer();
  };
  stroke(200);
  QElapsedTimer t;
  t.start();
  auto snapshot = editor.snapshot();
  const double snapMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
  int before = updated.count();
  view3d.labelsModified(snapshot);
  const double uiMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
  waitShown(before);
  const double changedMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
  CHECK(view3d.scene().hasSurface(2));
  CHECK(view3d.lastRebuiltLabels() == std::vector<std::uint8_t>{2});

  // Every label again on its box, then on the whole grid (the builder before this change), same snapshot.
  auto allLabelsMs = [&](bool crop) {
    render::SurfaceOptions options;
    options.cropToLabel = crop;
    view3d.setSurfaceOptions(options);
    const int n = updated.count();
    QElapsedTimer all;
    all.start();
    view3d.setLabels(snapshot);
    waitShown(n);
    CHECK(view3d.lastRebuiltLabels() == std::vector<std::uint8_t>{1, 2});
    return static_cast<double>(all.nsecsElapsed()) / 1e6;
  };
  const double allBoxMs = allLabelsMs(true);
  const double allWholeMs = allLabelsMs(false);
  view3d.setSurfaceOptions({});
  view3d.setLabels(snapshot);  // back to box-built surfaces shown for this snapshot
  before = updated.count();
  waitShown(before);

  // The same kind of stroke with the liver drawn as liver voxels only: the liver is rebuilt too.
  view3d.setOrganEnvelope(false);
  before = updated.count();
  waitShown(before);
  stroke(300);
  before = updated.count();
  QElapsedTimer noEnvelope;
  noEnvelope.start();
  view3d.labelsModified(editor.snapshot());
  waitShown(before);
  const double noEnvelopeMs = static_cast<double>(noEnvelope.nsecsElapsed()) / 1e6;
  CHECK(view3d.lastRebuiltLabels() == std::vector<std::uint8_t>{1, 2});

  std::printf("surface update after a tumour stroke (sphere r15 mm inside a 1.6 L liver, 512x512x100), until shown "
              "(a frame rendered; each includes one 25 MB copy on the GUI thread: the snapshot, or setLabels' own): "
              "changed labels only %.0f ms (snapshot copy %.1f ms, GUI thread blocked %.1f ms in total), all labels "
              "on their boxes %.0f ms, all labels on the whole grid %.0f ms (first build of the liver alone %.0f ms); "
              "ratio changed-only / all-labels %.3f (%.1fx faster), changed-only / whole-grid %.3f; liver drawn as "
              "its voxels only (no organ envelope: liver + tumour rebuilt) %.0f ms\n",
              changedMs, snapMs, uiMs, allBoxMs, allWholeMs, firstMs, changedMs / allBoxMs, allBoxMs / changedMs,
              changedMs / allWholeMs, noEnvelopeMs);
}

TEST_CASE("undo memory after 100 strokes on 512x512x500", "[gui][bench]") {
  const core::Geometry g = grid(500);
  widgets::LabelEditor editor;
  editor.setLabels(liverLabels(g));
  editor.setActiveLabel(2);
  editor.setTool(widgets::EditTool::Paint);
  editor.setBrushShape(core::BrushShape::Sphere);
  editor.setBrushRadiusMm(8.0);
  QElapsedTimer t;
  t.start();
  for (int s = 0; s < 100; ++s) {
    const double k = 100 + 3 * s, j = 150 + (s % 10) * 20;
    REQUIRE(editor.beginStroke(g.indexToWorld({100, j, k}), 2));
    for (int m = 1; m <= 10; ++m) editor.continueStroke(g.indexToWorld({100.0 + 15 * m, j, k}));
    editor.endStroke();
  }
  const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
  REQUIRE(editor.history().steps().size() == 100);
  const double mb = editor.history().bytes() / 1048576.0;
  std::printf("undo memory after 100 sphere strokes (r8 mm, 11 dabs each) on 512x512x500: %.2f MB (target < 50), "
              "label map %.0f MB; %.1f ms per stroke\n",
              mb, g.voxelCount() / 1048576.0, ms / 100);
  CHECK(mb < 50);
  const auto painted = editor.labels()->labels.buffer();
  editor.goToStep(0);
  editor.goToStep(100);
  CHECK(editor.labels()->labels.buffer() == painted);
}
