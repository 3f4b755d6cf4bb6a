// The pictures of the tumour-board report and presentation mode (report_slice.h, key_images.h), drawn with
// QPainter only: axial, coronal and sagittal slices in the radiological convention whatever the grid's index
// order, a PMN heatmap over the slice, the 3D overview (the segmentation seen from the front, the liver
// translucent over the tumour), and the key images proposed for a case.
// SYNTHETIC VOLUMES AND PHANTOMS - NOT PATIENT DATA.
#include "gui/key_images.h"
#include "gui/report_slice.h"

#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>

#include <QColor>

using namespace hccws;
using namespace hccws::gui;

namespace {

// A 40 x 30 x 20 grid (2 x 2 x 3 mm), background 0 HU, with a bright block in the patient's left, anterior,
// superior corner: x > 0, y < 0, z > 0 from the centre. `flipJ` stores j towards anterior, `flipK` k towards
// inferior (as many DICOM series do).
core::CtVolume cornerVolume(bool flipJ, bool flipK) {
  core::Geometry g;
  g.dims = {40, 30, 20};
  g.spacingMm = {2, 2, 3};
  g.direction = {1, 0, 0, 0, flipJ ? -1.0 : 1.0, 0, 0, 0, flipK ? -1.0 : 1.0};
  g.originLps = {-39, flipJ ? 29.0 : -29.0, flipK ? 28.5 : -28.5};  // the grid centred on the world origin
  core::CtVolume v(g, 0);
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const core::Vec3 w = g.indexToWorld({double(i), double(j), double(k)});
        if (w[0] > 10 && w[1] < -8 && w[2] > 10) v.at(i, j, k) = 400;
      }
  return v;
}

// Where the bright pixels are: their mean position as a fraction of the image's width and height.
QPointF brightCentre(const QImage& img) {
  double sx = 0, sy = 0, n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      if (c.red() > 240 && c.green() > 240 && c.blue() > 240) {
        sx += x;
        sy += y;
        ++n;
      }
    }
  REQUIRE(n > 0);
  return {sx / n / img.width(), sy / n / img.height()};
}

}  // namespace

TEST_CASE("report slices: patient's left on the right, anterior and superior up, whatever the index order",
          "[gui][report][slice]") {
  for (const bool flipJ : {false, true})
    for (const bool flipK : {false, true}) {
      INFO("flipJ " << flipJ << " flipK " << flipK);
      const core::CtVolume v = cornerVolume(flipJ, flipK);
      const core::Vec3 inBlock{20, -14, 20};
      ReportSliceOptions o;
      o.widthPx = 400;
      o.windowWidth = 400;
      o.windowLevel = 200;
      // axial: left -> right half, anterior -> top half
      const QImage axial = renderSlice(v, nullptr, SlicePlane::Axial, sliceIndexThrough(v, SlicePlane::Axial, inBlock), o);
      CHECK(axial.height() == 300);  // 60 mm deep over 80 mm wide at 400 px
      const QPointF a = brightCentre(axial);
      CHECK(a.x() > 0.6);
      CHECK(a.y() < 0.4);
      // coronal: left -> right, superior -> top
      const QImage coronal = renderSlice(v, nullptr, SlicePlane::Coronal, sliceIndexThrough(v, SlicePlane::Coronal, inBlock), o);
      CHECK(coronal.height() == 300);  // 60 mm high over 80 mm wide
      const QPointF c = brightCentre(coronal);
      CHECK(c.x() > 0.6);
      CHECK(c.y() < 0.4);
      // sagittal: anterior -> left, superior -> top
      const QImage sagittal = renderSlice(v, nullptr, SlicePlane::Sagittal, sliceIndexThrough(v, SlicePlane::Sagittal, inBlock), o);
      CHECK(sagittal.height() == 400);  // 60 mm high over 60 mm deep
      const QPointF s = brightCentre(sagittal);
      CHECK(s.x() < 0.4);
      CHECK(s.y() < 0.4);
    }
  const core::CtVolume v = cornerVolume(false, false);
  CHECK_THROWS_AS(renderSlice(v, nullptr, SlicePlane::Coronal, 30, {}), std::invalid_argument);  // j has 30 slices
  CHECK(sliceIndexThrough(v, SlicePlane::Axial, {0, 0, 1e9}) == 19);                                // clamped
}

TEST_CASE("report slices: a PMN heatmap is drawn where it lies in the world, above its threshold only",
          "[gui][report][heatmap]") {
  const core::CtVolume v = cornerVolume(false, false);
  core::Geometry hg;  // a coarser ROI grid around (-20, 10, 0)
  hg.dims = {8, 8, 4};
  hg.spacingMm = {4, 4, 6};
  hg.originLps = {-34, -4, -9};
  core::Heatmap h;
  h.name = "p_proliferative";
  h.values = core::FloatVolume(hg, 0.0f);
  h.values.at(3, 3, 1) = 1.0f;  // its peak
  h.values.at(4, 3, 1) = 0.2f;  // below the 30 % threshold
  const auto peak = heatmapPeak(h);
  REQUIRE(peak);
  CHECK((*peak)[0] == Approx(-22));
  CHECK((*peak)[1] == Approx(8));
  CHECK((*peak)[2] == Approx(-3));
  ReportSliceOptions o;
  o.widthPx = 400;  // 5 px a mm
  o.windowWidth = 400;  // 0 HU mid-grey
  o.windowLevel = 0;
  o.heatmap = &h;
  const QImage img = renderSlice(v, nullptr, SlicePlane::Axial, sliceIndexThrough(v, SlicePlane::Axial, *peak), o);
  // world x -22 -> (x + 40) * 5 px; y 8 -> (y + 30) * 5 px
  const QColor hot = img.pixelColor(90, 190);
  CHECK(hot.red() > 150);
  CHECK(hot.blue() < 60);
  CHECK(hot.red() > hot.green() + 60);
  const QColor below = img.pixelColor(110, 190);  // the 0.2 voxel, 4 mm to the patient's left
  CHECK(below.red() == below.green());
  const QColor far = img.pixelColor(300, 60);
  CHECK(far.red() == far.blue());
}

TEST_CASE("3D overview: the segmentation seen from the front, the tumour through the translucent liver",
          "[gui][report][projection]") {
  core::Geometry g;
  g.dims = {40, 40, 30};
  g.spacingMm = {2, 2, 2};
  core::LabelMap labels;
  labels.labels = core::Volume<std::uint8_t>(g, 0);
  for (std::size_t k = 5; k < 25; ++k)
    for (std::size_t j = 5; j < 35; ++j)
      for (std::size_t i = 5; i < 35; ++i) labels.labels.at(i, j, k) = 1;  // liver
  for (std::size_t k = 12; k < 18; ++k)
    for (std::size_t j = 18; j < 24; ++j)
      for (std::size_t i = 25; i < 31; ++i) labels.labels.at(i, j, k) = 2;  // tumour inside, on the patient's left
  const auto liverRgb = labels.table.find(1)->rgb, tumourRgb = labels.table.find(2)->rgb;
  const QImage img = renderSegmentationProjection(labels, 400);
  REQUIRE(img.height() == 300);  // 60 mm high, 80 mm wide
  auto distance = [](const QColor& c, const std::array<std::uint8_t, 3>& rgb) {
    // compare hues: the colours normalised by their brightness (shading scales them)
    const double s = std::max(1, c.red() + c.green() + c.blue()), t = std::max(1, rgb[0] + rgb[1] + rgb[2]);
    return std::abs(c.red() / s - rgb[0] / t) + std::abs(c.green() / s - rgb[1] / t) + std::abs(c.blue() / s - rgb[2] / t);
  };
  // i 28 -> x = 28 * 2 mm -> 280 px (patient's left on the image's right); k 15 -> 30 mm from the bottom
  const QColor overTumour = img.pixelColor(285, 300 - 155);
  const QColor overLiver = img.pixelColor(120, 300 - 155);
  CHECK(distance(overTumour, tumourRgb) < distance(overTumour, liverRgb));
  CHECK(distance(overLiver, liverRgb) < distance(overLiver, tumourRgb));
  const QColor outside = img.pixelColor(395, 150);  // 79 mm: outside the liver (it ends at 70 mm)
  CHECK(outside.red() < 40);
  CHECK(outside.green() < 40);
  // hidden labels are left out
  for (auto& e : labels.table.entries())
    if (e.value == 2) e.visible = false;
  const QImage noTumour = renderSegmentationProjection(labels, 400);
  CHECK(distance(noTumour.pixelColor(285, 300 - 155), liverRgb) < distance(noTumour.pixelColor(285, 300 - 155), tumourRgb));
}

TEST_CASE("key images: the proposed set of a case, and a key image that cannot be drawn says why", "[gui][report][keys]") {
  core::PhantomOptions po;
  po.dims = {64, 64, 32};
  po.spacingMm = {4, 4, 5};
  po.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
  const core::Phantom ph = core::generatePhantom(po);
  core::Study study;
  for (const auto& p : ph.phases) {
    core::Phase phase;
    phase.volume = p.volume;
    phase.decision = {p.kind, 1.0, "synthetic phantom", false, {}};
    study.phases.push_back(std::move(phase));
  }
  KeyImageSources from;
  from.phases = keyImagePhases(study, {0, 1});
  from.labels = &ph.truthLabels;
  const core::Measurements m = core::measure(ph.truthLabels);
  REQUIRE_FALSE(m.tumours.empty());
  auto keys = proposeKeyImages(from, &m);
  REQUIRE(keys.size() == 3);  // the tumour slice in both phases, the 3D overview (no heatmap given)
  CHECK(keys[0].view == "axial");
  CHECK(keys[1].source == 1);
  CHECK(keys[0].positionLps[2] == Approx(m.tumours.front().centroidLps[2]));
  CHECK(keys[2].view == "3d");
  std::vector<core::Heatmap> heatmaps(1);
  heatmaps[0].name = "gradcam";
  heatmaps[0].values = core::FloatVolume(ph.truthLabels.labels.geometry(), 0.0f);
  heatmaps[0].values.at(30, 30, 16) = 1;
  from.heatmaps = &heatmaps;
  keys = proposeKeyImages(from, &m);
  REQUIRE(keys.size() == 4);
  CHECK(keys[2].layer == "heatmap:gradcam");
  for (const auto& k : keys) {
    const RenderedKeyImage r = renderKeyImage(k, from, 300);
    INFO(r.why.toStdString());
    CHECK_FALSE(r.image.isNull());
    CHECK(r.image.width() == 300);
    CHECK_FALSE(r.caption.isEmpty());
  }
  cases::KeyImage missing = keys[0];
  missing.source = 7;
  CHECK(renderKeyImage(missing, from, 300).why.contains(QStringLiteral("not in the case")));
  cases::KeyImage noHeat = keys[2];
  noHeat.layer = "heatmap:other";
  CHECK(renderKeyImage(noHeat, from, 300).why.contains(QStringLiteral("other")));
  cases::KeyImage shot = keys[3];
  shot.file = "keyimages/none.png";
  from.caseDir = "/nonexistent";
  CHECK(renderKeyImage(shot, from, 300).why.contains(QStringLiteral("cannot be read")));
}
