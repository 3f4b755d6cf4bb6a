// The 3D view: surfaces built off the UI thread appear with their label colours; the cursor follows the
// shared state; stale rebuilds are dropped; after an edit only the labels whose voxels changed are rebuilt
// (the others keep their actor and mesh), labels that disappear lose their surface, new ones get one.
#include "gui_support.h"

#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QImage>
#include <QSignalSpy>
#include <QTest>

#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkCamera.h>
#include <vtkMapper.h>
#include <vtkPolyData.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <cmath>
#include <memory>
#include <vector>

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
// The yellow tumour, also blended behind the translucent liver; not the salmon liver nor the green label 3.
bool yellowLike(QRgb c) {
  return qRed(c) > 60 && qGreen(c) > 0.7 * qRed(c) && qRed(c) > qBlue(c) + 40 && qGreen(c) > qBlue(c) + 40;
}

// The actor in the scene that draws `mesh` (nullptr when none).
vtkActor* actorOf(widgets::View3D& view, vtkPolyData* mesh) {
  vtkActorCollection* actors = view.scene().renderer()->GetActors();
  actors->InitTraversal();
  while (vtkActor* a = actors->GetNextActor())
    if (mesh && a->GetMapper() && a->GetMapper()->GetInput() == mesh) return a;
  return nullptr;
}

void fill(core::LabelMap& lm, const core::IndexBox& box, std::uint8_t value) {
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) lm.labels.at(i, j, k) = value;
}

// Asks for an update with `next` and waits until it is shown.
// A label map on the test CT's grid with a liver block (the scene of the edit tests).
core::LabelMap liverBlock(const core::Geometry& grid) {
  core::LabelMap lm;
  lm.labels = core::Volume<std::uint8_t>(grid, 0);
  fill(lm, {{8, 6, 3}, {34, 30, 17}}, 1);
  return lm;
}

void update(widgets::View3D& view, const core::LabelMap& next) {
  QSignalSpy updated(&view, &widgets::View3D::surfacesUpdated);
  view.labelsModified(std::make_shared<const core::LabelMap>(next));
  REQUIRE(updated.wait(20000));
  REQUIRE_FALSE(view.surfacesPending());
}
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

TEST_CASE("after an edit the 3D view rebuilds only the labels whose voxels changed", "[gui][view3d]") {
  widgets::ViewerState state;
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  state.setReferenceGeometry(ct->geometry());
  // A liver block with a small tumour inside it.
  core::LabelMap lm = liverBlock(ct->geometry());
  fill(lm, {{14, 14, 8}, {17, 17, 10}}, 2);

  widgets::View3D view(&state);
  view.resize(320, 280);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  view.setImage(ct);
  QSignalSpy updated(&view, &widgets::View3D::surfacesUpdated);
  // As in the workstation: the view gets the live map, edits write it, updates come as snapshots of it.
  auto live = std::make_shared<core::LabelMap>(lm);
  core::LabelMap& edit = *live;
  view.setLabels(live);
  REQUIRE(updated.wait(20000));
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{1, 2});
  vtkPolyData* liver = view.surfaceMesh(1);
  vtkPolyData* tumour = view.surfaceMesh(2);
  REQUIRE(liver);
  REQUIRE(tumour);
  vtkActor* liverActor = actorOf(view, liver);
  REQUIRE(liverActor);
  CHECK(liverActor->GetProperty()->GetOpacity() == Approx(view.liverOpacity()));
  double before[6];
  tumour->GetBounds(before);
  const vtkIdType tumourPoints = tumour->GetNumberOfPoints();
  // The tumour shows through the translucent liver envelope.
  CHECK(surfacePixels(view.grabFramebuffer(), yellowLike) > 20);

  // Tumour painted over liver voxels (1 -> 2), growing along i: the liver envelope is unchanged.
  fill(edit, {{14, 14, 8}, {26, 17, 10}}, 2);
  update(view, edit);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{2});
  CHECK(view.surfaceMesh(1) == liver);
  CHECK(actorOf(view, liver) == liverActor);
  REQUIRE(view.surfaceMesh(2));
  CHECK(view.surfaceMesh(2) != tumour);
  double after[6];
  view.surfaceMesh(2)->GetBounds(after);
  const double spacingI = ct->geometry().spacingMm[0];
  CHECK(after[1] - after[0] > before[1] - before[0] + 6 * spacingI);  // painted 9 voxels further along i (L)
  CHECK(view.surfaceMesh(2)->GetNumberOfPoints() > tumourPoints);
  CHECK(surfacePixels(view.grabFramebuffer(), yellowLike) > 40);

  // Hiding and showing still works, and a hidden label stays hidden through a rebuild.
  view.setHiddenLabels({2});
  CHECK_FALSE(view.scene().surfaceVisible(2));
  CHECK(view.scene().surfaceVisible(1));
  fill(edit, {{14, 14, 10}, {26, 17, 11}}, 2);
  update(view, edit);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{2});
  CHECK_FALSE(view.scene().surfaceVisible(2));
  view.setHiddenLabels({});
  CHECK(view.scene().surfaceVisible(2));

  // A new label appears (3, outside the liver); the others are kept.
  vtkPolyData* tumourNow = view.surfaceMesh(2);
  fill(edit, {{2, 2, 2}, {5, 5, 5}}, 3);
  update(view, edit);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{3});
  CHECK(view.scene().hasSurface(3));
  CHECK(view.surfaceMesh(2) == tumourNow);
  CHECK(view.surfaceMesh(1) == liver);

  // The tumour disappears (erased back to liver): its surface goes, the liver becomes opaque without a rebuild.
  fill(edit, {{14, 14, 8}, {26, 17, 11}}, 1);
  update(view, edit);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{2});
  CHECK_FALSE(view.scene().hasSurface(2));
  CHECK(view.surfaceMesh(2) == nullptr);
  CHECK(view.surfaceMesh(1) == liver);
  CHECK(actorOf(view, liver) == liverActor);
  CHECK(liverActor->GetProperty()->GetOpacity() == Approx(1.0));
  CHECK(surfacePixels(view.grabFramebuffer(), yellowLike) == 0);

  // A colour changed in the table, no voxel changed: nothing is rebuilt, the surface takes the new colour.
  edit.table.find(3)->rgb = {0, 0, 255};
  update(view, edit);
  CHECK(view.lastRebuiltLabels().empty());
  vtkActor* blue = actorOf(view, view.surfaceMesh(3));
  REQUIRE(blue);
  double rgb[3];
  blue->GetProperty()->GetColor(rgb);
  CHECK(rgb[0] == Approx(0.0));
  CHECK(rgb[2] == Approx(1.0));
  CHECK(actorOf(view, liver) == liverActor);

  // Liver voxels only (no envelope): every surface is rebuilt once, then a tumour stroke rebuilds both.
  view.setOrganEnvelope(false);
  REQUIRE(updated.wait(20000));
  CHECK(view.surfaceMesh(1) != liver);
  liver = view.surfaceMesh(1);
  fill(edit, {{14, 14, 8}, {17, 17, 10}}, 2);
  update(view, edit);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{1, 2});
  CHECK(view.surfaceMesh(1) != liver);
  CHECK(view.scene().hasSurface(2));
}

TEST_CASE("back-to-back edits: the newest update covers the changes of the dropped one", "[gui][view3d]") {
  widgets::ViewerState state;
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  state.setReferenceGeometry(ct->geometry());
  core::LabelMap lm = liverBlock(ct->geometry());
  widgets::View3D view(&state);
  view.resize(200, 200);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  QSignalSpy updated(&view, &widgets::View3D::surfacesUpdated);
  view.setLabels(std::make_shared<const core::LabelMap>(lm));
  REQUIRE(updated.wait(20000));
  vtkPolyData* liver = view.surfaceMesh(1);
  updated.clear();

  // Edit A adds a tumour, edit B (before A is shown) adds label 3: A is dropped, B must still show the tumour.
  fill(lm, {{14, 14, 8}, {18, 18, 11}}, 2);
  view.labelsModified(std::make_shared<const core::LabelMap>(lm));
  fill(lm, {{2, 2, 2}, {5, 5, 5}}, 3);
  view.labelsModified(std::make_shared<const core::LabelMap>(lm));
  REQUIRE(QTest::qWaitFor([&] { return !view.surfacesPending(); }, 20000));
  QTest::qWait(50);
  CHECK(updated.count() == 1);
  CHECK(view.lastRebuiltLabels() == std::vector<std::uint8_t>{2, 3});
  CHECK(view.scene().hasSurface(2));
  CHECK(view.scene().hasSurface(3));
  CHECK(view.surfaceMesh(1) == liver);
}

TEST_CASE("the 3D view's orientation marker turns with the camera", "[gui][view3d]") {
  widgets::ViewerState state;
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  state.setReferenceGeometry(ct->geometry());
  widgets::View3D view(&state);
  view.resize(320, 280);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  view.setImage(ct);
  view.resetView();
  const QImage img = view.grabFramebuffer();
  // The marker cube in the bottom-left corner (16 % of the view): bright bluish faces, nothing elsewhere.
  auto cubePixels = [](const QImage& im, bool corner) {
    int n = 0;
    for (int y = 0; y < im.height(); ++y)
      for (int x = 0; x < im.width(); ++x) {
        const bool inCorner = x < 0.16 * im.width() && y > 0.84 * im.height();
        if (inCorner != corner) continue;
        const QRgb c = im.pixel(x, y);
        n += qBlue(c) > 150 && qRed(c) > 110 && qBlue(c) >= qRed(c);  // not the cyan cursor (red 51)
      }
    return n;
  };
  CHECK(cubePixels(img, true) > 100);
  CHECK(cubePixels(img, false) == 0);
  // Anterior view first (looking along +y, posterior); the marker looks the same way, and follows a turn.
  auto same = [](const core::Vec3& a, const double* b) {
    return std::abs(a[0] - b[0]) < 1e-9 && std::abs(a[1] - b[1]) < 1e-9 && std::abs(a[2] - b[2]) < 1e-9;
  };
  double dop[3];
  view.scene().renderer()->GetActiveCamera()->GetDirectionOfProjection(dop);
  CHECK(same(view.scene().markerViewDirection(), dop));
  view.scene().renderer()->GetActiveCamera()->Azimuth(90);
  view.grabFramebuffer();
  view.scene().renderer()->GetActiveCamera()->GetDirectionOfProjection(dop);
  CHECK(same(view.scene().markerViewDirection(), dop));
}
