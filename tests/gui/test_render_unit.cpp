// viewer/render without a display: slice geometry (radiological conventions, reslice axes on oblique
// grids), zero-copy conversion, label colouring, probe.
#include "gui_support.h"

#include <hccws/render/label_overlay.h>
#include <hccws/render/probe.h>
#include <hccws/render/slice_geometry.h>
#include <hccws/render/vtk_image.h>

#include <catch2/catch.hpp>

#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>

#include <cmath>

using namespace hccws;
using render::SliceOrientation;

namespace {
core::Geometry obliqueGeometry() {
  // 30 degrees about S, then flipped j: a left-handed, rotated grid with anisotropic voxels.
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  core::Geometry g;
  g.dims = {7, 9, 5};
  g.spacingMm = {0.8, 1.1, 3.0};
  g.originLps = {12.5, -40.0, 7.0};
  g.direction = {c, s, 0, s, -c, 0, 0, 0, 1};
  return g;
}
}  // namespace

TEST_CASE("slice axes follow the radiological convention", "[render]") {
  auto ax = render::sliceAxes(SliceOrientation::Axial);
  CHECK(render::anatomicalLetter(ax.right) == 'L');  // patient left on screen right: seen from the feet
  CHECK(render::anatomicalLetter(ax.up) == 'A');
  CHECK(render::anatomicalLetter(ax.normal) == 'I');  // the viewer stands at the feet
  auto co = render::sliceAxes(SliceOrientation::Coronal);
  CHECK(render::anatomicalLetter(co.right) == 'L');
  CHECK(render::anatomicalLetter(co.up) == 'S');
  CHECK(render::anatomicalLetter(co.normal) == 'A');  // seen from the front
  auto sa = render::sliceAxes(SliceOrientation::Sagittal);
  CHECK(render::anatomicalLetter(sa.right) == 'P');
  CHECK(render::anatomicalLetter(sa.up) == 'S');
  for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
    auto a = render::sliceAxes(o);
    const core::Vec3 p{3, -4, 5};
    const auto back = a.toWorld(a.toPlane(p));
    for (int i = 0; i < 3; ++i) CHECK(back[i] == Approx(p[i]));
  }
}

TEST_CASE("reslice axes map plane points to local coordinates of any grid", "[render]") {
  const core::Geometry g = obliqueGeometry();
  for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
    const auto ax = render::sliceAxes(o);
    const double w = 4.25;
    auto m = render::resliceAxes(g, ax, w);
    for (double u : {-7.0, 0.0, 13.5})
      for (double v : {-2.0, 9.0}) {
        const double in[4] = {u, v, 0, 1};
        double out[4];
        m->MultiplyPoint(in, out);
        const core::Vec3 ijk = g.worldToIndex(ax.toWorld({u, v, w}));
        for (int a = 0; a < 3; ++a) CHECK(out[a] == Approx(ijk[a] * g.spacingMm[a]).margin(1e-9));
      }
  }
}

TEST_CASE("slice grid samples an axis-aligned volume at voxel centres", "[render]") {
  const auto ct = test::makeTestCt();
  const auto& g = ct.geometry();
  const auto grid = render::sliceGridFor(g, render::sliceAxes(SliceOrientation::Axial));
  CHECK(grid.size[0] == 40);
  CHECK(grid.size[1] == 36);
  CHECK(grid.spacingMm[0] == Approx(1.0));
  CHECK(grid.spacingMm[1] == Approx(1.2));
  // u = x; v = -y: pixel 0 is voxel i = 0 along u, and the last voxel j along v (anterior on top).
  CHECK(grid.originUv[0] == Approx(g.originLps[0]));
  CHECK(grid.originUv[1] == Approx(-(g.originLps[1] + 35 * 1.2)));
  const auto cg = render::sliceGridFor(g, render::sliceAxes(SliceOrientation::Coronal));
  CHECK(cg.size[1] == 20);
  CHECK(cg.spacingMm[1] == Approx(2.5));
  CHECK(render::sliceStepMm(g, render::sliceAxes(SliceOrientation::Axial).normal) == Approx(2.5));
}

TEST_CASE("volumes convert to vtkImageData without copying", "[render]") {
  auto ct = test::makeTestCt();
  ct.setGeometry([&] {
    auto g = obliqueGeometry();
    g.dims = ct.dims();
    return g;
  }());
  auto local = render::toVtkImage(ct);
  CHECK(local->GetScalarPointer() == static_cast<const void*>(ct.data()));
  CHECK(local->GetScalarType() == VTK_SHORT);
  double origin[3];
  local->GetOrigin(origin);
  CHECK(origin[0] == 0);
  auto world = render::toVtkImage(ct, render::ImageFrame::World);
  double p[3];
  // vtkImageData's own index-to-physical transform must agree with core::Geometry.
  world->TransformIndexToPhysicalPoint(3, 5, 7, p);
  const auto expect = ct.geometry().indexToWorld({3, 5, 7});
  for (int a = 0; a < 3; ++a) CHECK(p[a] == Approx(expect[a]));
  auto copy = render::toVtkImage(ct, render::ImageFrame::Local, true);
  CHECK(copy->GetScalarPointer() != static_cast<const void*>(ct.data()));
  CHECK(*static_cast<short*>(copy->GetScalarPointer(25, 10, 5)) == 100);
  // localToWorld places local coordinates in LPS.
  auto m = render::localToWorld(ct.geometry());
  const double in[4] = {3 * 0.8, 5 * 1.1, 7 * 3.0, 1};
  double out[4];
  m->MultiplyPoint(in, out);
  for (int a = 0; a < 3; ++a) CHECK(out[a] == Approx(expect[a]));
}

TEST_CASE("labels are coloured as fill and outline with table colours", "[render]") {
  // 5x4 raster: a 3x2 block of label 2 and one pixel of an unknown label 9.
  const std::uint8_t lab[20] = {0, 0, 0, 0, 0,  //
                                0, 2, 2, 2, 0,  //
                                0, 2, 2, 2, 9,  //
                                0, 0, 0, 0, 0};
  std::uint8_t rgba[80];
  render::LabelStyle style;
  style.fillOpacity = 0.5;
  style.outline = false;
  const auto table = core::LabelTable::standard();
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  CHECK(rgba[4 * 0 + 3] == 0);
  CHECK(rgba[4 * 7 + 0] == 241);  // tumour colour
  CHECK(rgba[4 * 7 + 3] == 128);
  CHECK(rgba[4 * 14 + 0] == 160);  // unknown label: grey
  style.fill = false;
  style.outline = true;
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  // Every pixel of a 3x2 block touches its border: all outline, fully opaque.
  CHECK(rgba[4 * 6 + 3] == 255);
  CHECK(rgba[4 * 12 + 3] == 255);
  style.visible = false;
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  CHECK(rgba[4 * 7 + 3] == 0);
  // Hidden labels in the table do not show.
  auto hidden = table;
  hidden.find(2)->visible = false;
  style.visible = true;
  render::colouriseLabels(lab, 5, 4, hidden, style, rgba);
  CHECK(rgba[4 * 7 + 3] == 0);
  // Hidden in the style (the view's choice) whatever the table says.
  style.hiddenLabels = {9};
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  CHECK(rgba[4 * 14 + 3] == 0);
  CHECK(rgba[4 * 7 + 3] > 0);
  // A per-label opacity scales that label's fill and outline only.
  style.hiddenLabels.clear();
  style.fill = true;
  style.outline = true;
  style.fillOpacity = 0.8;
  style.labelOpacity = {{2, 0.5}};
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  CHECK(rgba[4 * 7 + 3] == 128);   // outline of the tumour block: 1.0 x 0.5
  CHECK(rgba[4 * 14 + 3] == 255);  // label 9 keeps its full outline
  style.labelOpacity = {{2, 0.0}};
  render::colouriseLabels(lab, 5, 4, table, style, rgba);
  CHECK(rgba[4 * 7 + 3] == 0);
}

TEST_CASE("probe reads HU, label and heat at a world point", "[render]") {
  const auto ct = test::makeTestCt();
  const auto labels = test::makeTestLabels(ct.geometry());
  core::Heatmap heat;
  core::Geometry hg;
  hg.dims = {4, 4, 4};
  hg.spacingMm = {2, 2, 2};
  hg.originLps = ct.geometry().indexToWorld({12, 12, 8});
  heat.values = core::FloatVolume(hg, 0.75f);
  const auto p = ct.geometry().indexToWorld({12.2, 11.9, 8.1});
  const auto s = render::probeAt(p, &ct, &labels, &heat);
  CHECK(s.insideImage);
  CHECK(s.ijk == std::array<long, 3>{12, 12, 8});
  CHECK(s.hu == 40);
  CHECK(s.label == 2);
  CHECK(s.labelName == "tumour");
  CHECK(s.hasHeat);
  CHECK(s.heat == Approx(0.75));
  const auto out = render::probeAt({500, 0, 0}, &ct, &labels, &heat);
  CHECK_FALSE(out.insideImage);
  CHECK_FALSE(out.hasHeat);
}

TEST_CASE("scale bar lengths are round", "[render]") {
  CHECK(render::niceLengthMm(73) == Approx(50));
  CHECK(render::niceLengthMm(19) == Approx(10));
  CHECK(render::niceLengthMm(2.5) == Approx(2));
  CHECK(render::niceLengthMm(0) == 0);
}
