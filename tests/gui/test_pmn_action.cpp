// Analyse > Run PMN in the workstation window (docs/pmn.md): the shipped demo PMN runs on a two-phase phantom
// study and its segmentation off the UI thread with the window's progress bar; the PMN dock shows the
// probability and class with "synthetic"; the nomogram's DL risk scores and proliferative class become
// "computed" with the model named; the heatmap is drawn over the tumour (pixels compared with the heatmap
// hidden) and not far from it; an edit makes the result and those inputs stale; a typed value is never
// replaced by a rerun; no segmentation gives a clear message. SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "gui/main_window.h"
#include "viewer/support.h"
#include "gui/nomogram_dock.h"
#include "gui/pmn_controller.h"
#include "gui/pmn_panel.h"

#include <hccws/core/phantom.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>

#include <vtkPolyData.h>

#include "gui/view_layout.h"
#include <hccws/widgets/viewer_state.h>

#include <hccws/case/case_folder.h>

#include <catch2/catch.hpp>

#include <QAction>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace hccws;

namespace {

constexpr int kRunTimeoutMs = 300000;

struct PmnCase {
  core::Study study;
  core::LabelMap truth;
  core::Vec3 tumourCentre{0, 0, 0};
};

// Seed 30001: never used by the demo PMN's training (10000-10399) or its test cohort (20000-20199).
const PmnCase& pmnCase() {
  static const PmnCase c = [] {
    core::PhantomOptions o;
    o.dims = {100, 100, 56};
    o.spacingMm = {3.0, 3.0, 4.0};
    o.seed = 30001;
    o.subtype = core::TumourSubtype::Proliferative;
    o.varyTumourFeatures = true;
    o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
    o.portalVenousMotion = {};
    const core::Phantom ph = core::generatePhantom(o);
    PmnCase out;
    out.study.patientId = "PMN-PHANTOM";
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

struct Window {
  gui::MainWindow w;
  Window() {
    w.setProperty("hccwsNoDialogs", true);
    w.resize(1500, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.showStudy(pmnCase().study);
  }
  QProgressBar* progressBar() { return w.statusBar()->findChild<QProgressBar*>(); }
  const surv::PatientInput& input(const char* name) {
    return w.nomogramDock()->workspace()->inputsWidget()->state().input(name);
  }
  void run() {
    QAction* a = w.findChild<QAction*>(QStringLiteral("runPmnAction"));
    REQUIRE(a);
    REQUIRE(a->isEnabled());
    QSignalSpy done(w.pmnController(), &gui::PmnController::finished);
    QSignalSpy failed(w.pmnController(), &gui::PmnController::failed);
    a->trigger();
    REQUIRE(w.pmnController()->busy());
    CHECK(progressBar()->isVisible());
    REQUIRE(done.wait(kRunTimeoutMs));
    INFO((failed.isEmpty() ? QString() : failed.first().at(0).toString()).toStdString());
    REQUIRE(failed.isEmpty());
    REQUIRE(w.pmnPanel()->result());
  }
};

// Pixels that differ, left of the colour legend (the right-most 50 pixels), and their centroid.
int differingPixels(const QImage& a, const QImage& b, QPointF* centroid) {
  REQUIRE(a.size() == b.size());
  int n = 0;
  double sx = 0, sy = 0;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width() - 50; ++x)
      if (a.pixel(x, y) != b.pixel(x, y)) {
        ++n;
        sx += x;
        sy += y;
      }
  *centroid = n ? QPointF(sx / n, sy / n) : QPointF();
  return n;
}

}  // namespace

TEST_CASE("Run PMN fills the dock and the nomogram's DL inputs, draws the heatmap over the tumour, goes stale on an edit",
          "[gui][pmn]") {
  REQUIRE(std::filesystem::exists(gui::PmnController::demoModelDir().toStdString() + "/manifest.json"));
  Window t;
  t.w.showSegmentation(pmnCase().truth);
  CHECK(t.input("dl_risk_score_haic").state == surv::InputState::Missing);
  t.run();
  const auto r = t.w.pmnPanel()->result();
  // the dock: probability, class, provenance
  const QString summary = t.w.pmnPanel()->summaryText();
  INFO(summary.toStdString());
  CHECK(summary.contains(QStringLiteral("p(proliferative) = ")));
  CHECK(summary.contains(QStringLiteral("synthetic")));
  CHECK(summary.contains(QStringLiteral("DL risk score HAIC")));
  CHECK_FALSE(t.w.pmnPanel()->stale());
  std::printf("PMN in the window: p(proliferative) %.3f, HAIC risk %.3f, TACE risk %.3f, %.1f s\n", r->output.pProliferative,
              r->output.arms.at(0).riskScore, r->output.arms.at(1).riskScore, r->seconds);
  // the nomogram: computed, with the model named and "synthetic"
  for (const char* name : {"dl_risk_score_haic", "dl_risk_score_tace", "proliferative"}) {
    INFO(name);
    const auto& in = t.input(name);
    CHECK(in.state == surv::InputState::Computed);
    CHECK(in.source.find("PMN model 'demo_pmn' (synthetic)") != std::string::npos);
    CHECK_FALSE(in.stale);
  }
  CHECK(t.input("dl_risk_score_haic").value == Approx(r->output.arms.at(0).riskScore));
  CHECK(t.input("proliferative").value == (r->proliferative ? 1.0 : 0.0));

  // the heatmap: drawn over the tumour in the axial view through its centre, nothing far outside the ROI
  t.w.viewerState()->setCursor(pmnCase().tumourCentre);
  QTest::qWait(200);
  REQUIRE(t.w.pmnPanel()->chosenHeatmap() == 0);
  auto* axial = t.w.viewLayout()->allSliceViews().front();
  const QImage with = axial->grabFramebuffer();
  t.w.pmnPanel()->chooseHeatmap(-1);
  QTest::qWait(100);
  const QImage without = axial->grabFramebuffer();
  QPointF centroid;
  const int changed = differingPixels(with, without, &centroid);
  if (const char* d = std::getenv("HCCWS_TEST_TMP")) {
    with.save(QString::fromUtf8(d) + QStringLiteral("/pmn_heatmap_with.png"));
    without.save(QString::fromUtf8(d) + QStringLiteral("/pmn_heatmap_without.png"));
  }
  const double dpr = with.devicePixelRatio();
  const QPointF tumour = axial->worldToWidget(pmnCase().tumourCentre) * dpr;
  std::printf("heatmap: %d pixels changed, centroid (%.0f, %.0f), tumour centre at (%.0f, %.0f)\n", changed,
              centroid.x(), centroid.y(), tumour.x(), tumour.y());
  CHECK(changed > 500);
  // centred on the tumour (the ROI is centred on the lesion's box; 108 mm wide)
  CHECK(std::hypot(centroid.x() - tumour.x(), centroid.y() - tumour.y()) < 30 * dpr);
  // 80 mm to the patient's left of the tumour centre lies outside the ROI (half-width 54 mm): unchanged
  const core::Vec3 c = pmnCase().tumourCentre;
  const QPoint far = (axial->worldToWidget({c[0] + 80, c[1], c[2]}) * dpr).toPoint();
  REQUIRE(with.rect().contains(far));
  CHECK(with.pixel(far) == without.pixel(far));
  // 3D: the heatmap's iso-surface, gone when the heatmap is hidden, back when shown
  CHECK_FALSE(t.w.viewLayout()->view3d()->scene().hasHeatmapSurface());
  t.w.pmnPanel()->chooseHeatmap(0);
  REQUIRE(t.w.viewLayout()->view3d()->scene().hasHeatmapSurface());
  CHECK(t.w.viewLayout()->view3d()->scene().heatmapSurface()->GetNumberOfPoints() > 100);
  {
    double b[6];
    t.w.viewLayout()->view3d()->scene().heatmapSurface()->GetBounds(b);
    const core::Vec3 c = pmnCase().tumourCentre;
    for (int a = 0; a < 3; ++a) {  // inside the ROI cube around the lesion (half-width 54 mm)
      CHECK(b[2 * a] > c[a] - 60);
      CHECK(b[2 * a + 1] < c[a] + 60);
    }
  }
  if (const char* shot = std::getenv("HCCWS_SCREENSHOT_PMN")) {  // tests/gui/make-screenshots.sh
    t.w.viewerState()->setCursor(pmnCase().tumourCentre);
    QTest::qWait(300);
    REQUIRE(t.w.screenshot().save(QString::fromUtf8(shot)));
  }
  t.w.pmnPanel()->chooseHeatmap(1);  // Grad-CAM
  QTest::qWait(100);
  CHECK(axial->grabFramebuffer() != without);

  // a typed value stays typed when PMN runs again
  REQUIRE(t.w.nomogramDock()->workspace()->inputsWidget()->setTyped("proliferative", 1.0));
  // an edit: stale everywhere
  t.w.labelEditor()->apply(QStringLiteral("test edit"), [](core::LabelMap& l, const core::EditRules&, core::ChangeRecorder* rec) {
    const core::IndexBox b{{2, 2, 2}, {3, 3, 3}};
    rec->aboutToChange(b);
    l.labels.at(2, 2, 2) = 2;
    return core::EditResult{b, 1};
  });
  REQUIRE(QTest::qWaitFor([&] { return t.w.pmnPanel()->stale(); }, 5000));
  CHECK(t.w.pmnPanel()->summaryText().contains(QStringLiteral("STALE")));
  CHECK(t.input("dl_risk_score_tace").stale);
  CHECK(t.w.nomogramDock()->workspace()->inputsWidget()->source("dl_risk_score_tace").contains(QStringLiteral("stale")));
  // run again: fresh; the typed class stays typed, the computed one waits beside it
  t.run();
  CHECK_FALSE(t.w.pmnPanel()->stale());
  CHECK_FALSE(t.input("dl_risk_score_tace").stale);
  CHECK(t.input("proliferative").state == surv::InputState::Typed);
  CHECK(t.input("proliferative").measuredKind == surv::InputState::Computed);
  REQUIRE(t.input("proliferative").measuredValue.has_value());
  // kept in a case: the current PMN result with its model's provenance; the report prints it
  const std::string dir = test::scratchDir("gui_pmn_case") + "/case";
  REQUIRE(t.w.saveCaseAs(QString::fromStdString(dir)));
  const auto& results = t.w.caseFolder()->manifest().results;
  REQUIRE(results.count("pmn"));
  const auto& shown = *t.w.pmnPanel()->result();
  CHECK(results.at("pmn").value.at("p_proliferative").get<double>() == Approx(shown.output.pProliferative));
  CHECK(results.at("pmn").madeBy.find("synthetic") != std::string::npos);
  CHECK(results.at("pmn").inputs.count("segmentation"));
  // its heatmaps are in the case, named by the result (the report draws them)
  REQUIRE(results.at("pmn").files.size() == shown.heatmaps.size());
  for (const auto& f : results.at("pmn").files) CHECK(std::filesystem::exists(std::filesystem::path(dir) / f));
  const std::string pdf = test::scratchDir("gui_pmn_case_report") + "/report.pdf";
  QSignalSpy exported(&t.w, &gui::MainWindow::reportExported);
  REQUIRE(t.w.exportReport(QString::fromStdString(pdf)));
  REQUIRE(exported.wait(120000));
  CHECK(exported.first().at(1).toBool());
  CHECK(std::filesystem::file_size(pdf) > 10000);
}

TEST_CASE("Run PMN without a segmentation says what to do first", "[gui][pmn]") {
  Window t;
  CHECK_FALSE(t.w.runPmn(gui::PmnController::demoModelDir()));
  CHECK_FALSE(t.w.pmnController()->busy());
  CHECK_FALSE(t.w.pmnPanel()->result());
}
