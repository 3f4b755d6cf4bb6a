// The 3D view: surfaces built off the UI thread appear with their label colours; the cursor follows the
// shared state; stale rebuilds are dropped.
#include "gui_support.h"

#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace hccws;

namespace {
// Shaded surfaces keep their hue: red clearly above blue; the background gradient is blue-grey.
int surfacePixels(const QImage& img, bool (*match)(QRgb)) {
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) n += match(img.pixel(x, y)) ? 1 : 0;
  return n;
}
bool tumourLike(QRgb c) { return qRed(c) > 60 && qGreen(c) > qBlue(c) + 30 && qRed(c) > qBlue(c) + 40; }
bool warmLike(QRgb c) { return qRed(c) > 60 && qRed(c) > qBlue(c) + 30; }
}  // namespace

TEST_CASE("the 3D view shows liver and tumour surfaces", "[gui][view3d]") {
  widgets::ViewerState state;
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  auto lm = test::makeTestLabels(ct->geometry());
  // A bigger liver so it is seen from any side.
  for (std::size_t k = 4; k < 16; ++k)
    for (std::size_t j = 14; j < 28; ++j)
      for (std::size_t i = 18; i < 34; ++i) lm.labels.at(i, j, k) = 1;
  auto labels = std::make_shared<const core::LabelMap>(std::move(lm));
  state.setReferenceGeometry(ct->geometry());

  widgets::View3D view(&state);
  view.resize(320, 280);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  const QImage empty = view.grabFramebuffer();
  CHECK(surfacePixels(empty, warmLike) == 0);

  QSignalSpy updated(&view, &widgets::View3D::surfacesUpdated);
  view.setImage(ct);
  view.setLabels(labels);
  CHECK(view.surfacesPending());
  REQUIRE(updated.wait(20000));
  CHECK_FALSE(view.surfacesPending());
  CHECK(view.scene().hasSurface(1));
  CHECK(view.scene().hasSurface(2));
  const QImage img = view.grabFramebuffer();
  CHECK(surfacePixels(img, warmLike) > 2000);
  CHECK(surfacePixels(img, tumourLike) > 20);

  // Two rebuilds in a row: only the newest result is applied (one signal, no stale surfaces).
  updated.clear();
  view.labelsModified();
  view.setLabels(nullptr);
  QTest::qWait(10);
  REQUIRE((updated.count() >= 1 || updated.wait(20000)));
  QTest::qWait(300);  // let the stale worker finish; it must not bring surfaces back
  CHECK_FALSE(view.scene().hasSurface(1));
  CHECK(surfacePixels(view.grabFramebuffer(), warmLike) == 0);

  // CT volume rendering (soft-tissue preset: the 40-100 HU box shows in warm tones).
  view.setVolumeRendering(true);
  view.resetView();
  CHECK(surfacePixels(view.grabFramebuffer(), warmLike) > 1000);
  view.setVolumeRendering(false);
  CHECK(surfacePixels(view.grabFramebuffer(), warmLike) == 0);
}
