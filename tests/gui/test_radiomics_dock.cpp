// View > Radiomics in the workstation window (docs/radiomics.md): on a two-phase phantom and its segmentation the
// dock computes the IBSI features of the tumour, each lesion and the 6 mm ring on both phases off the UI thread
// (the window's progress bar); the values equal the library's on the same inputs; the ring is drawn as its own
// label layer in the slice views (pixels differ only near the tumour, and vanish when hidden); an edit marks the
// results stale; Cancel keeps the previous results; the export writes the CSV and the settings file.
// SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "gui/key_images.h"
#include "gui/main_window.h"
#include "gui/radiomics_dock.h"
#include "gui/view_layout.h"
#include "viewer/support.h"

#include <hccws/widgets/label_editor.h>
#include <hccws/core/phantom.h>
#include <hccws/radiomics/case_rois.h>
#include <hccws/radiomics/features.h>
#include <hccws/render/window_presets.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QCheckBox>
#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace hccws;

namespace {

struct Case {
  core::Study study;
  core::LabelMap truth;
  core::Vec3 tumourCentre{0, 0, 0};
};

const Case& phantomCase() {
  static const Case c = [] {
    core::PhantomOptions o;
    o.dims = {96, 96, 40};
    o.spacingMm = {3.0, 3.0, 5.0};
    o.seed = 31;
    o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
    o.portalVenousMotion = {};
    const core::Phantom ph = core::generatePhantom(o);
    Case out;
    out.study.patientId = "RADIOMICS-PHANTOM";
    for (const auto& p : ph.phases) {
      core::Phase phase;
      phase.decision = {p.kind, 0.9, "test", false, {}};
      phase.volume = p.volume;
      out.study.phases.push_back(std::move(phase));
    }
    out.truth = ph.truthLabels;
    out.tumourCentre = ph.tumours.at(0).centreLps;
    return out;
  }();
  return c;
}

bool compute(gui::RadiomicsDock* d) {
  QSignalSpy done(d, &gui::RadiomicsDock::computed);
  if (!d->compute()) return false;
  REQUIRE(done.wait(300000));
  return done.first().at(0).toBool();
}

}  // namespace

TEST_CASE("Radiomics dock: features on both phases, the ring as a label layer, stale on an edit, export", "[gui][radiomics]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1500, 950);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  auto* dock = w.radiomicsDock();
  REQUIRE(dock);
  // Nothing to compute yet: a clear reason.
  CHECK_FALSE(dock->compute());
  CHECK(dock->statusText().contains(QStringLiteral("study")));
  w.showStudy(phantomCase().study);
  CHECK_FALSE(dock->compute());
  CHECK(dock->statusText().contains(QStringLiteral("segmentation")));
  w.showSegmentation(phantomCase().truth);
  w.viewerState()->setCursor(phantomCase().tumourCentre);
  QTest::qWait(200);
  auto* axial = w.viewLayout()->allSliceViews().front();
  const QImage before = axial->grabFramebuffer();

  REQUIRE(compute(dock));
  const auto r = dock->result();
  REQUIRE(r);
  REQUIRE(r->ring);
  INFO(dock->statusText().toStdString());
  // Both phases, the tumour, its lesion(s) and the ring; every row named with an IBSI code.
  int arterialTumour = 0, pvRing = 0;
  for (const auto& row : r->rows) {
    CHECK(!row.code.isEmpty());
    if (row.phase == QStringLiteral("Arterial") && row.roi == QStringLiteral("tumour")) ++arterialTumour;
    if (row.phase == QStringLiteral("Portal venous") && row.roi.startsWith(QStringLiteral("ring_"))) ++pvRing;
  }
  CHECK(arterialTumour == 210);
  CHECK(pvRing == 210);
  CHECK(dock->table()->rowCount() == static_cast<int>(r->rows.size()));
  CHECK(dock->table()->item(0, 0)->toolTip().contains(QStringLiteral("Measured on")));
  // The values are the library's on the same inputs (the arterial tumour's mesh volume and GLCM contrast).
  radiomics::RoiRequest req;
  std::vector<std::string> skipped;
  const auto rois = radiomics::caseRois(phantomCase().truth, req, &skipped);
  const auto t = radiomics::computeFeatures(radiomics::toFloat(phantomCase().study.phases[0].volume), rois.front().mask, {});
  for (const auto& row : r->rows)
    if (row.phase == QStringLiteral("Arterial") && row.roi == QStringLiteral("tumour") && row.aggregation.isEmpty() &&
        row.code == QStringLiteral("RNU0"))
      CHECK(row.value == Approx(t.find("RNU0")->value));

  // The ring layer: pixels change in the slice view, near the tumour only, and go when hidden.
  QTest::qWait(200);
  REQUIRE(axial->scene().overlayLabels());
  const QImage with = axial->grabFramebuffer();
  int changed = 0;
  for (int y = 0; y < with.height(); ++y)
    for (int x = 0; x < with.width(); ++x) changed += with.pixel(x, y) != before.pixel(x, y);
  std::printf("radiomics dock: %zu values, ring layer changes %d pixels of the axial view\n", r->rows.size(), changed);
  CHECK(changed > 100);
  dock->findChild<QCheckBox*>(QString(), Qt::FindChildrenRecursively);  // the dock's controls exist
  for (auto* c : dock->findChildren<QCheckBox*>())
    if (c->text().contains(QStringLiteral("Show the ring"))) c->setChecked(false);
  QTest::qWait(200);
  CHECK_FALSE(axial->scene().overlayLabels());
  CHECK(axial->grabFramebuffer() == before);

  // An edit makes the results stale (kept).
  w.labelEditor()->setTool(widgets::EditTool::Erase);  // erasing tumour voxels changes the map
  REQUIRE(w.labelEditor()->beginStroke(phantomCase().tumourCentre, 2));
  w.labelEditor()->endStroke();
  QTest::qWait(100);
  CHECK(dock->stale());
  CHECK(dock->statusText().contains(QStringLiteral("Stale")));
  CHECK(dock->result() == r);

  // Cancel: the previous results stay.
  QSignalSpy done(dock, &gui::RadiomicsDock::computed);
  REQUIRE(dock->compute());
  dock->cancel();
  REQUIRE(done.wait(300000));
  CHECK_FALSE(done.first().at(0).toBool());
  CHECK(dock->result() == r);

  // Export: the CSV and the settings file beside it.
  const std::string dir = test::scratchDir("gui_radiomics");
  const QString csv = QString::fromStdString(dir + "/features.csv");
  QString error;
  REQUIRE(dock->exportCsv(csv, &error));
  QFile f(csv);
  REQUIRE(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  CHECK(text.startsWith(QStringLiteral("phase,roi,roi_description,family,feature,ibsi_code")));
  CHECK(text.count(QLatin1Char('\n')) == static_cast<int>(r->rows.size()) + 1);
  CHECK(std::filesystem::exists(dir + "/features.csv.settings.json"));
}

TEST_CASE("MRI in the window: window from its own values, probe without HU, radiomics on the real values",
          "[gui][radiomics][mri]") {
  // The phantom's arterial phase turned into an "MR" phase stored through a map (value = stored x 2 + 100).
  core::Study study;
  study.patientId = "MRI-PHANTOM";
  core::Phase mr;
  mr.source.modality = "MR";
  mr.source.seriesDescription = "T1 VIBE HBP";
  mr.decision = {core::PhaseKind::Hepatobiliary, 0.9, "test", false, {}};
  mr.volume = phantomCase().study.phases[0].volume;
  for (auto& v : mr.volume.buffer()) v = static_cast<std::int16_t>(std::max<int>(0, v + 200));  // no negative MR values
  mr.intensity.unit = "";
  mr.intensity.slope = 2.0;
  mr.intensity.intercept = 100.0;
  study.phases.push_back(mr);

  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1500, 950);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  w.showStudy(study);
  QTest::qWait(100);
  const render::WindowLevel expected = render::percentileWindow(study.phases[0].volume);
  CHECK(w.viewerState()->windowLevel().width == Approx(expected.width));
  CHECK(w.viewerState()->windowLevel().level == Approx(expected.level));
  // The probe under the mouse: the MR value, no HU.
  auto* axial = w.viewLayout()->allSliceViews().front();
  QTest::mouseMove(axial, axial->rect().center());
  QTest::qWait(200);
  INFO(w.probeText().toStdString());
  CHECK(w.probeText().contains(QStringLiteral("HBP")));
  CHECK_FALSE(w.probeText().contains(QStringLiteral(" HU")));

  // Radiomics reads the real values: the tumour's mean intensity through the map.
  w.showSegmentation(phantomCase().truth);
  auto* dock = w.radiomicsDock();
  REQUIRE(compute(dock));
  const core::FloatVolume real = core::realValues(study.phases[0].volume, study.phases[0].intensity);
  radiomics::RoiRequest req;
  req.lesions = req.liver = false;
  req.ringMm = 0;
  std::vector<std::string> skipped;
  const auto rois = radiomics::caseRois(phantomCase().truth, req, &skipped);
  const auto t = radiomics::computeFeatures(real, rois.front().mask, {});
  bool found = false;
  for (const auto& row : dock->result()->rows)
    if (row.roi == QStringLiteral("tumour") && row.code == QStringLiteral("Q4LE")) {
      found = true;
      CHECK(row.value == Approx(t.find("Q4LE")->value));
      CHECK(row.value > 100);  // the intercept applied
    }
  CHECK(found);

  // Key images of an MR phase use its own window (1st to 99th percentile), not CT's liver window: the image is
  // neither washed out nor black, and differs from the CT-window drawing.
  std::vector<gui::KeyImagePhase> phases = gui::keyImagePhases(study, {0});
  REQUIRE_FALSE(phases[0].hu);
  gui::KeyImageSources from;
  from.phases = phases;
  cases::KeyImage key;
  key.view = "axial";
  key.source = 0;
  for (int a = 0; a < 3; ++a) key.positionLps[a] = phantomCase().tumourCentre[a];
  const QImage mrImage = gui::renderKeyImage(key, from, 400).image;
  from.phases[0].hu = true;
  const QImage ctWindow = gui::renderKeyImage(key, from, 400).image;
  REQUIRE_FALSE(mrImage.isNull());
  auto meanGrey = [](const QImage& im) {
    double s = 0;
    for (int y = 0; y < im.height(); ++y)
      for (int x = 0; x < im.width(); ++x) s += qGray(im.pixel(x, y));
    return s / (im.width() * im.height());
  };
  std::printf("MR key image: mean grey %.1f with its own window, %.1f with CT's liver window\n", meanGrey(mrImage),
              meanGrey(ctWindow));
  CHECK(meanGrey(mrImage) > 20);
  CHECK(meanGrey(mrImage) < 235);
  CHECK(mrImage != ctWindow);
}
