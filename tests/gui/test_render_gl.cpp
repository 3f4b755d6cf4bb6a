// viewer/render in an offscreen VTK window (no Qt): pixels read back with vtkWindowToImageFilter.
#include "gui_support.h"

#include <hccws/core/phantom.h>

#include <hccws/render/scene3d.h>
#include <hccws/render/slice_scene.h>
#include <hccws/render/surface_builder.h>
#include <hccws/render/vtk_image.h>

#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <vtkImageData.h>
#include <vtkImageReslice.h>
#include <vtkPolyData.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

using namespace hccws;
using test::Rgb;

namespace {
struct Offscreen {
  vtkSmartPointer<vtkRenderWindow> window = vtkSmartPointer<vtkRenderWindow>::New();
  vtkSmartPointer<vtkImageData> image;
  explicit Offscreen(vtkRenderer* r, int w = 320, int h = 300) {
    window->SetOffScreenRendering(1);
    window->SetMultiSamples(0);
    window->SetSize(w, h);
    window->AddRenderer(r);
  }
  void grab() {
    window->Render();
    auto f = vtkSmartPointer<vtkWindowToImageFilter>::New();
    f->SetInput(window);
    f->SetInputBufferTypeToRGB();
    f->ReadFrontBufferOff();
    f->Update();
    image = f->GetOutput();
  }
  // Display coordinates: origin bottom left, like vtkWindowToImageFilter's output.
  Rgb at(int x, int y) const {
    auto* p = static_cast<unsigned char*>(image->GetScalarPointer(x, y, 0));
    return {p[0], p[1], p[2]};
  }
  int width() const { return image->GetDimensions()[0]; }
  int height() const { return image->GetDimensions()[1]; }
};

const Rgb kTumour{241, 214, 69};
}  // namespace

TEST_CASE("slice scene shows a label voxel at its world position in all orientations", "[gui][render]") {
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  auto labels = std::make_shared<const core::LabelMap>(test::makeTestLabels(ct->geometry()));
  const auto tumour = ct->geometry().indexToWorld({12, 12, 8});
  for (auto o : {render::SliceOrientation::Axial, render::SliceOrientation::Coronal,
                 render::SliceOrientation::Sagittal}) {
    INFO(render::displayName(o));
    render::SliceScene scene(o);
    Offscreen off(scene.renderer());
    scene.setImage(ct);
    scene.setLabels(labels);
    render::LabelStyle style;
    style.fillOpacity = 1.0;
    scene.setLabelStyle(style);
    scene.setCrosshairVisible(false);
    scene.setCursor(tumour);
    scene.resetCamera();
    scene.prepareRender();
    off.grab();
    const auto d = scene.worldToDisplay(tumour);
    CHECK(test::near(off.at(static_cast<int>(d[0]), static_cast<int>(d[1])), kTumour, 3));
    auto blob = test::findBlob(off.width(), off.height(), [&](int x, int y) { return off.at(x, y); },
                               [](const Rgb& c) { return test::near(c, kTumour, 3); });
    REQUIRE(blob.count > 0);
    CHECK(blob.x == Approx(d[0]).margin(2.0));
    CHECK(blob.y == Approx(d[1]).margin(2.0));
  }
}

TEST_CASE("axial slice: patient left on screen right, anterior up", "[gui][render]") {
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  // One label image with the tumour at the liver's slice too, so both show on one axial slice.
  auto lm = test::makeTestLabels(ct->geometry());
  for (std::size_t k = 11; k <= 13; ++k)
    for (std::size_t j = 11; j <= 13; ++j)
      for (std::size_t i = 11; i <= 13; ++i) lm.labels.at(i, j, k) = 2;
  auto labels = std::make_shared<const core::LabelMap>(std::move(lm));
  render::SliceScene scene(render::SliceOrientation::Axial);
  Offscreen off(scene.renderer());
  scene.setImage(ct);
  scene.setLabels(labels);
  render::LabelStyle style;
  style.fillOpacity = 1.0;
  scene.setLabelStyle(style);
  scene.setCrosshairVisible(false);
  scene.setCursor(ct->geometry().indexToWorld({12, 12, 12}));
  scene.resetCamera();
  off.grab();
  auto tum = test::findBlob(off.width(), off.height(), [&](int x, int y) { return off.at(x, y); },
                            [](const Rgb& c) { return test::near(c, kTumour, 3); });
  auto liv = test::findBlob(off.width(), off.height(), [&](int x, int y) { return off.at(x, y); },
                            [](const Rgb& c) { return test::near(c, {221, 130, 101}, 3); });
  REQUIRE(tum.count > 0);
  REQUIRE(liv.count > 0);
  // The liver block is at larger i (patient left) and larger j (posterior) than the tumour.
  CHECK(liv.x > tum.x + 20);
  CHECK(liv.y < tum.y - 20);  // display y grows upwards: posterior is lower on screen
}

TEST_CASE("window level changes grey levels of the CT slice", "[gui][render]") {
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  render::SliceScene scene(render::SliceOrientation::Axial);
  Offscreen off(scene.renderer());
  scene.setImage(ct);
  scene.setCrosshairVisible(false);
  scene.resetCamera();
  const auto p = scene.worldToDisplay(ct->geometry().indexToWorld({25, 18, 10}));  // 100 HU slab
  auto grey = [&](render::WindowLevel wl) {
    scene.setWindowLevel(wl);
    off.grab();
    return off.at(static_cast<int>(p[0]), static_cast<int>(p[1]))[0];
  };
  // 100 HU: abdomen (400/50) -> 0.625, bone (1800/400) -> 0.333 of full scale.
  CHECK(grey({400, 50}) == Approx(0.625 * 255).margin(4));
  CHECK(grey({1800, 400}) == Approx(0.333 * 255).margin(4));
}

TEST_CASE("a heatmap on its own flipped ROI grid lands on its world position, with threshold", "[gui][render]") {
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  core::Geometry hg;
  hg.dims = {6, 6, 4};
  hg.spacingMm = {2, 2, 2.5};
  hg.direction = {-1, 0, 0, 0, 1, 0, 0, 0, 1};  // i runs towards patient right: unlike the CT
  hg.originLps = ct->geometry().indexToWorld({30, 10, 6});
  auto heat = std::make_shared<core::Heatmap>();
  heat->values = core::FloatVolume(hg, 0.9f);
  heat->name = "test heat";
  const core::Vec3 inside = hg.indexToWorld({2.5, 2.5, 1.5});
  const core::Vec3 outside = ct->geometry().indexToWorld({34, 10, 7});  // +i of the ROI's origin: not covered
  render::SliceScene scene(render::SliceOrientation::Axial);
  Offscreen off(scene.renderer());
  scene.setImage(ct);
  scene.setCrosshairVisible(false);
  scene.setCursor(inside);
  scene.setHeatmap(heat);
  scene.resetCamera();
  off.grab();
  auto px = [&](const core::Vec3& w) {
    const auto d = scene.worldToDisplay(w);
    return off.at(static_cast<int>(d[0]), static_cast<int>(d[1]));
  };
  const Rgb hot = px(inside), cold = px(outside);
  CHECK(hot[0] > hot[2] + 60);        // hot colormap over grey
  CHECK(std::abs(cold[0] - cold[2]) <= 2);  // grey CT only
  render::HeatmapStyle high;
  high.threshold = 0.95;  // above every value: nothing shows
  scene.setHeatmapStyle(high);
  off.grab();
  const Rgb hidden = px(inside);
  CHECK(std::abs(hidden[0] - hidden[2]) <= 2);
}

TEST_CASE("VTK 9.1 vtkImageReslice ignores vtkImageData's direction matrix", "[gui][render]") {
  // Why every pipeline here uses Local images and builds reslice axes itself (vtk_image.h). This test
  // documents the library's behaviour: if it fails after a VTK upgrade, direction support arrived.
  core::Geometry g;
  g.dims = {4, 1, 1};
  g.direction = {-1, 0, 0, 0, 1, 0, 0, 0, 1};  // i runs towards patient right
  core::Volume<float> v(g, std::vector<float>{1, 2, 3, 4});
  auto img = render::toVtkImage(v, render::ImageFrame::World);
  auto r = vtkSmartPointer<vtkImageReslice>::New();
  r->SetInputData(img);
  r->SetOutputOrigin(-3, 0, 0);  // world x = -3 is voxel i = 3 when the direction is honoured
  r->SetOutputSpacing(1, 1, 1);
  r->SetOutputExtent(0, 0, 0, 0, 0, 0);
  r->SetInterpolationModeToNearestNeighbor();
  r->SetBackgroundLevel(-1);
  r->Update();
  const float value = *static_cast<float*>(r->GetOutput()->GetScalarPointer());
  WARN("vtkImageReslice value at world x=-3: " << value << " (4 if the direction is honoured)");
  CHECK(value != 4.0f);
}

TEST_CASE("3D scene shows label surfaces", "[gui][render]") {
  auto ct = std::make_shared<const core::CtVolume>(test::makeTestCt());
  const auto labels = test::makeTestLabels(ct->geometry());
  auto mesh = render::buildLabelSurface(labels.labels, 2, {});
  REQUIRE(mesh->GetNumberOfPoints() > 0);
  // In world LPS: around the tumour block's centre.
  double b[6];
  mesh->GetBounds(b);
  const auto c = ct->geometry().indexToWorld({12, 12, 8});
  CHECK(0.5 * (b[0] + b[1]) == Approx(c[0]).margin(1.0));
  CHECK(0.5 * (b[4] + b[5]) == Approx(c[2]).margin(2.5));
  CHECK(render::buildLabelSurface(labels.labels, 7)->GetNumberOfPoints() == 0);

  render::Scene3D scene;
  Offscreen off(scene.renderer(), 200, 200);
  scene.setVolume(ct);
  scene.setSurface(2, mesh, {241, 214, 69});
  scene.resetCamera();
  off.grab();
  auto blob = test::findBlob(off.width(), off.height(), [&](int x, int y) { return off.at(x, y); },
                             [](const Rgb& c) { return c[0] > 80 && c[0] > c[2] + 40 && c[1] > c[2] + 30; });
  CHECK(blob.count > 200);
  CHECK(blob.x == Approx(100).margin(20));
}

namespace {
// Largest distance (mm) between the points of two meshes with the same number of points, matched by id
// (flying edges numbers points by grid rows, so a cropped build must give the same order); -1 when the
// point or triangle counts differ.
double maxPointDistance(vtkPolyData* a, vtkPolyData* b) {
  if (a->GetNumberOfPoints() != b->GetNumberOfPoints() || a->GetNumberOfPolys() != b->GetNumberOfPolys()) return -1;
  double worst = 0;
  for (vtkIdType id = 0; id < a->GetNumberOfPoints(); ++id) {
    double p[3], q[3];
    a->GetPoint(id, p);
    b->GetPoint(id, q);
    worst = std::max(worst, std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                                      (p[2] - q[2]) * (p[2] - q[2])));
  }
  return worst;
}

void checkCroppedEqualsWhole(const core::Volume<std::uint8_t>& labels, std::uint8_t value) {
  render::SurfaceOptions whole;
  whole.cropToLabel = false;
  auto reference = render::buildLabelSurface(labels, value, whole);
  auto cropped = render::buildLabelSurface(labels, value);
  INFO("label " << int(value) << ": " << reference->GetNumberOfPoints() << " points on the whole grid, "
                << cropped->GetNumberOfPoints() << " on the box");
  REQUIRE(reference->GetNumberOfPoints() > 0);
  CHECK(cropped->GetNumberOfPoints() == reference->GetNumberOfPoints());
  CHECK(cropped->GetNumberOfPolys() == reference->GetNumberOfPolys());
  double rb[6], cb[6];
  reference->GetBounds(rb);
  cropped->GetBounds(cb);
  for (int a = 0; a < 6; ++a) CHECK(cb[a] == Approx(rb[a]).margin(1e-6));
  const double d = maxPointDistance(reference, cropped);
  CHECK(d >= 0);
  CHECK(d <= 1e-6);
}

core::Volume<std::uint8_t> blocks(const core::Dims3& dims,
                                  const std::vector<std::pair<core::IndexBox, std::uint8_t>>& parts) {
  core::Geometry g;
  g.dims = dims;
  g.spacingMm = {0.8, 0.9, 2.0};
  core::Volume<std::uint8_t> v(g, 0);
  for (const auto& [box, value] : parts)
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
      for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
        for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) v.at(i, j, k) = value;
  return v;
}

std::vector<int> changedValues(const render::SurfacePlan& plan) {
  std::vector<int> out;
  for (const auto& [value, mask] : plan.changed) out.push_back(value);
  return out;
}
}  // namespace

TEST_CASE("a label's surface built on its bounding box equals the whole-grid surface", "[gui][render][surface]") {
  core::PhantomOptions o;
  o.dims = {96, 96, 40};
  o.spacingMm = {4.0, 4.0, 5.0};
  o.phases = {core::PhaseKind::Arterial};
  o.seed = 33;
  o.pvtt = true;
  const core::Phantom ph = core::generatePhantom(o);
  const auto boxes = render::labelBoxes(ph.truthLabels.labels);
  for (std::uint8_t v : {1, 2, 3}) {
    REQUIRE_FALSE(boxes[v].empty());
    // The box is smaller than the grid (else the test would prove nothing).
    CHECK(boxes[v].voxelCount() < ph.truthLabels.labels.size() / 2);
    checkCroppedEqualsWhole(ph.truthLabels.labels, v);
  }
  // A rotated, flipped grid with labels touching its borders (the surface stays open there, as on the
  // whole grid) is placed alike.
  auto edge = blocks({30, 26, 12}, {{{{0, 3, 0}, {9, 14, 7}}, 1}, {{{20, 10, 5}, {30, 26, 12}}, 4}});
  core::Geometry g = edge.geometry();
  g.direction = {0, 1, 0, -1, 0, 0, 0, 0, -1};
  g.originLps = {12.5, -40, 7};
  edge.setGeometry(g);
  checkCroppedEqualsWhole(edge, 1);
  checkCroppedEqualsWhole(edge, 4);
  CHECK(render::buildLabelSurface(edge, 9)->GetNumberOfPoints() == 0);
}

TEST_CASE("label boxes and voxel differences", "[gui][render][surface]") {
  const auto a = blocks({20, 16, 10}, {{{{2, 3, 1}, {12, 13, 8}}, 1}, {{{15, 1, 2}, {18, 4, 3}}, 3}});
  const auto boxes = render::labelBoxes(a);
  CHECK(boxes[0].empty());
  CHECK(boxes[1] == core::IndexBox{{2, 3, 1}, {12, 13, 8}});
  CHECK(boxes[3] == core::IndexBox{{15, 1, 2}, {18, 4, 3}});
  CHECK(boxes[2].empty());

  auto b = a;
  b.at(5, 6, 4) = 2;   // liver -> tumour
  b.at(7, 9, 6) = 2;   // liver -> tumour
  b.at(15, 1, 2) = 0;  // label 3 -> background
  const auto diff = render::diffLabels(a, b);
  CHECK(diff.voxels == 3);
  CHECK(diff.values.count() == 4);
  CHECK(diff.values[0]);
  CHECK(diff.values[1]);
  CHECK(diff.values[2]);
  CHECK(diff.values[3]);
  CHECK(diff.box == core::IndexBox{{5, 1, 2}, {16, 10, 7}});
  CHECK(render::diffLabels(a, a).voxels == 0);
  CHECK_THROWS_WITH(render::diffLabels(a, blocks({20, 16, 11}, {})),
                    Catch::Contains("different dimensions") && Catch::Contains("20x16x11"));
}

TEST_CASE("the surface plan rebuilds only the labels an edit changed", "[gui][render][surface]") {
  // Liver block with a tumour inside; label 3 elsewhere.
  const auto before = blocks({24, 20, 12}, {{{{2, 2, 1}, {16, 16, 10}}, 1}, {{{6, 6, 4}, {9, 9, 6}}, 2},
                                            {{{19, 2, 2}, {22, 5, 4}}, 3}});
  const auto boxes = render::labelBoxes(before);
  SECTION("tumour grown inside the liver: the liver envelope is unchanged") {
    auto after = before;
    for (std::size_t i = 6; i < 12; ++i) after.at(i, 7, 5) = 2;
    const auto plan = render::planSurfaces(&before, &boxes, after, true);
    CHECK(changedValues(plan) == std::vector<int>{2});
    REQUIRE(plan.changed.size() == 1);
    CHECK(plan.changed[0].second == render::regionMask(after, {2, 0}, plan.afterBoxes));
    // Without the envelope the liver lost voxels: both are rebuilt.
    CHECK(changedValues(render::planSurfaces(&before, &boxes, after, false)) == std::vector<int>{1, 2});
    // The envelope holds liver + tumour inside: as many voxels as the liver block.
    const auto envelope = render::regionMask(after, render::surfaceRegionFor(1, true), plan.afterBoxes);
    CHECK(std::count(envelope.inside.begin(), envelope.inside.end(), 1) == 14 * 14 * 9);
    CHECK(envelope.box == core::IndexBox{{1, 1, 0}, {17, 17, 11}});
  }
  SECTION("tumour painted apart from the liver: no liver shell around it, liver kept") {
    auto after = before;
    after.at(20, 15, 8) = 2;
    const auto plan = render::planSurfaces(&before, &boxes, after, true);
    CHECK(changedValues(plan) == std::vector<int>{2});
    const auto envelope = render::regionMask(after, render::surfaceRegionFor(1, true), plan.afterBoxes);
    CHECK(std::count(envelope.inside.begin(), envelope.inside.end(), 1) == 14 * 14 * 9);
  }
  SECTION("tumour bulging out of the liver grows the envelope") {
    auto after = before;
    for (std::size_t i = 16; i < 18; ++i) after.at(i, 8, 5) = 2;  // touches the liver face at i = 15
    CHECK(changedValues(render::planSurfaces(&before, &boxes, after, true)) == std::vector<int>{1, 2});
  }
  SECTION("a label that disappears gets an empty mask, a new label its surface") {
    auto after = before;
    for (std::size_t k = 2; k < 4; ++k)
      for (std::size_t j = 2; j < 5; ++j)
        for (std::size_t i = 19; i < 22; ++i) after.at(i, j, k) = 0;
    after.at(1, 18, 11) = 5;
    const auto plan = render::planSurfaces(&before, &boxes, after, true);
    REQUIRE(changedValues(plan) == std::vector<int>{3, 5});
    CHECK(plan.changed[0].second.empty());
    CHECK(plan.changed[1].second.box == core::IndexBox{{0, 17, 10}, {3, 20, 12}});  // clipped margin
  }
  SECTION("without a baseline every label is planned") {
    const auto plan = render::planSurfaces(nullptr, nullptr, before, true);
    CHECK(changedValues(plan) == std::vector<int>{1, 2, 3});
    CHECK(plan.diff.voxels == 0);
  }
}

int main(int argc, char** argv) {
  // Xvfb resets when its last client disconnects, and a window opened during the reset fails ("bad X
  // server connection"). One window kept open for the whole run keeps the server from resetting between
  // the tests' short-lived windows.
  auto keepAlive = vtkSmartPointer<vtkRenderWindow>::New();
  keepAlive->SetOffScreenRendering(1);
  keepAlive->SetSize(8, 8);
  keepAlive->Render();
  return Catch::Session().run(argc, argv);
}
