// Benchmark (prints, asserts only correctness): frame time of an axial SliceView at 800x800 on a
// 512x512x100 CT, without overlays and with labels + a heatmap, while the cursor moves one slice per frame
// (so every frame reslices every layer). On Xvfb/llvmpipe this measures software GL; real targets are
// measured on real hardware (platform notes).
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QImage>
#include <QTest>

#include <cstdio>
#include <memory>

using namespace hccws;

namespace {
double msPerFrame(widgets::SliceView& view, widgets::ViewerState& state, const core::Geometry& g, int frames) {
  view.grabFramebuffer();  // warm-up: textures, shaders
  QElapsedTimer t;
  t.start();
  for (int f = 0; f < frames; ++f) {
    state.setCursor(g.indexToWorld({256, 256, 30.0 + f % 40}));
    const QImage img = view.grabFramebuffer();
    REQUIRE(img.width() == view.width());
  }
  return static_cast<double>(t.nsecsElapsed()) / 1e6 / frames;
}
}  // namespace

TEST_CASE("slice view frame time with and without overlays", "[gui][bench]") {
  core::Geometry g;
  g.dims = {512, 512, 100};
  g.spacingMm = {0.7, 0.7, 2.5};
  auto ct = std::make_shared<core::CtVolume>(g, std::int16_t{40});
  auto labels = std::make_shared<core::LabelMap>();
  labels->labels = core::Volume<std::uint8_t>(g, 0);
  for (std::size_t k = 20; k < 80; ++k)
    for (std::size_t j = 100; j < 400; ++j)
      for (std::size_t i = 80; i < 300; ++i) {
        const bool tumour = (i - 190) * (i - 190) + (j - 250) * (j - 250) < 60 * 60;
        labels->labels.at(i, j, k) = tumour ? 2 : 1;
        ct->at(i, j, k) = tumour ? 80 : 110;
      }
  core::Geometry hg;
  hg.dims = {64, 64, 32};
  hg.spacingMm = {2, 2, 2.5};
  hg.originLps = g.indexToWorld({130, 190, 30});
  auto heat = std::make_shared<core::Heatmap>();
  heat->values = core::FloatVolume(hg, 0.8f);

  widgets::ViewerState state;
  state.setReferenceGeometry(g);
  widgets::SliceView view(render::SliceOrientation::Axial, &state);
  view.resize(800, 800);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  view.setImage(ct);
  const int frames = 20;
  const double plain = msPerFrame(view, state, g, frames);
  view.setLabels(labels);
  view.setHeatmap(heat);
  const double overlays = msPerFrame(view, state, g, frames);
  std::printf("slice view 800x800, 512x512x100 CT, cursor moving: %.1f ms/frame plain, %.1f ms/frame with labels + "
              "heatmap (ratio %.2f)\n",
              plain, overlays, overlays / plain);
  CHECK(overlays > 0);
}
