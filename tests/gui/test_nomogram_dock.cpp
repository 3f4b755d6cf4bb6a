// The nomogram in the workstation: View > Nomogram (Ctrl+Shift+N) opens the TACE vs HAIC decision aid with the
// shipped models; the measured tumour count, largest axial diameter (cm) and PVTT of the segmentation shown
// become its inputs, each naming the segment it was measured on; a role without a segment stays missing (PVTT
// in a liver/tumour-only segmentation), a typed value survives the next measurement, and the total points
// follow the model's arithmetic.
#include "gui_support.h"

#include "gui/main_window.h"
#include "gui/measurements_panel.h"
#include "gui/nomogram_dock.h"

#include <hccws/core/phantom.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_view.h>
#include <hccws/nomogram/survival_curves_view.h>
#include <hccws/nomogram/nomogram_workspace.h>

#include <catch2/catch.hpp>

#include <QAction>
#include <QTest>

using namespace hccws;

namespace {
core::Phantom smallPhantom(bool pvtt) {
  core::PhantomOptions o;
  o.dims = {96, 96, 40};
  o.spacingMm = {3.5, 3.5, 5.0};
  o.seed = 21;
  o.pvtt = pvtt;
  o.phases = {core::PhaseKind::PortalVenous};
  return core::generatePhantom(o);
}

core::Study studyOf(const core::Phantom& ph) {
  core::Study s;
  core::Phase p;
  p.volume = ph.phases.front().volume;
  p.decision = {core::PhaseKind::PortalVenous, 1.0, "synthetic phantom", false, {}};
  p.source.seriesDescription = "PORTAL VENOUS (synthetic)";
  s.phases.push_back(std::move(p));
  return s;
}

double modelTotal(const surv::NomogramModel& model, const std::map<std::string, double>& inputs) {
  std::vector<double> values = model.referenceValues();
  for (int v = 0; v < model.size(); ++v) {
    const auto it = inputs.find(model.variables[static_cast<std::size_t>(v)].name);
    if (it != inputs.end()) values[static_cast<std::size_t>(v)] = it->second;
  }
  return model.totalPoints(values);
}
}  // namespace

TEST_CASE("the nomogram takes its inputs from the measured segmentation", "[gui][nomogram][mainwindow]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1500, 950);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  auto* dock = w.nomogramDock();
  REQUIRE(dock);
  INFO(dock->loadError().toStdString());
  REQUIRE(dock->loadError().isEmpty());
  auto* ws = dock->workspace();
  REQUIRE(ws->armCount() == 2);
  REQUIRE(ws->armIndex("TACE") >= 0);
  REQUIRE(ws->armIndex("HAIC") >= 0);

  // Hidden at start; the View action opens it.
  CHECK_FALSE(dock->isVisible());
  auto* action = w.findChild<QAction*>(QStringLiteral("nomogramAction"));
  REQUIRE(action);
  CHECK(action->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
  action->trigger();
  REQUIRE(QTest::qWaitFor([&] { return dock->isVisible(); }, 5000));

  const core::Phantom ph = smallPhantom(true);
  w.showStudy(studyOf(ph));
  w.showSegmentation(ph.truthLabels);
  auto* m = w.measurementsPanel();
  REQUIRE(QTest::qWaitFor([&] { return m->state() == gui::MeasurementsPanel::State::Fresh; }, 20000));
  REQUIRE(m->measurements());
  const core::Measurements& meas = *m->measurements();
  REQUIRE(meas.tumourCount >= 1);

  const auto inputs = ws->inputs();
  const auto sources = ws->inputSources();
  CHECK(inputs.at("lesion_number") == Approx(meas.tumourCount));
  CHECK(inputs.at("diameter") == Approx(meas.largestAxialDiameterMm / 10.0));
  REQUIRE(meas.pvttMeasured);  // the phantom's table has a PVTT segment, and this phantom has a thrombus
  CHECK(meas.pvttPresent);
  CHECK(inputs.at("pvtt") == 1.0);
  CHECK(sources.at("diameter").contains(QStringLiteral("segment 2 'tumour'")));
  CHECK(sources.at("lesion_number").contains(QStringLiteral("touching the liver")));
  CHECK(sources.at("pvtt").contains(QStringLiteral("segment 3 'portal vein tumour thrombus'")));
  // no DL score, proliferative class, HBV, sex or AST was measured: they are missing, and no curve is drawn
  CHECK(ws->inputsWidget()->state().input("dl_risk_score_haic").state == surv::InputState::Missing);
  CHECK(ws->inputsWidget()->state().input("hbv").state == surv::InputState::Missing);
  CHECK_FALSE(ws->curvesView()->isComputed(0));
  CHECK_FALSE(ws->curvesView()->isComputed(1));

  // Fill the rest with the cohort values and type AST: both arms are computed, and the total points are the
  // model's total for these inputs.
  ws->fillAssumed();
  REQUIRE(ws->inputsWidget()->setTyped("ast", 40));
  REQUIRE(ws->curvesView()->isComputed(0));
  REQUIRE(ws->curvesView()->isComputed(1));
  for (int arm = 0; arm < ws->armCount(); ++arm)
    CHECK(ws->nomogramView(arm)->totalPoints() == Approx(modelTotal(ws->model(arm), ws->inputs())).epsilon(1e-12));
  // docs/nomogram-screenshot.png (tests/gui/make-screenshots.sh): this state, as the user sees it
  if (const QByteArray shot = qgetenv("HCCWS_SCREENSHOT_NOMOGRAM"); !shot.isEmpty()) {
    dock->setFloating(true);
    dock->resize(1400, 860);
    QTest::qWait(300);
    REQUIRE(ws->grab().save(QString::fromLocal8Bit(shot)));
    dock->setFloating(false);
  }

  // A segmentation without tumour: the count goes to 0 and the TACE total points change by the model's amount.
  const int tace = ws->armIndex("TACE");
  const double before = ws->nomogramView(tace)->totalPoints();
  core::LabelMap noTumour = ph.truthLabels;
  for (auto& v : noTumour.labels.buffer())
    if (v == static_cast<std::uint8_t>(core::StandardLabel::Tumour)) v = static_cast<std::uint8_t>(core::StandardLabel::Liver);
  w.showSegmentation(noTumour);
  REQUIRE(QTest::qWaitFor([&] { return ws->inputs().count("lesion_number") && ws->inputs().at("lesion_number") == 0.0 &&
                                       m->state() == gui::MeasurementsPanel::State::Fresh; }, 20000));
  // no tumour: no diameter to measure, so the TACE arm is not computed (the diameter is not invented as 0)
  CHECK(ws->inputsWidget()->state().input("diameter").state == surv::InputState::Missing);
  CHECK_FALSE(ws->curvesView()->isComputed(tace));
  ws->inputsWidget()->setTyped("diameter", 6.0);
  const double after = ws->nomogramView(tace)->totalPoints();
  CHECK(after == Approx(modelTotal(ws->model(tace), ws->inputs())).epsilon(1e-12));
  CHECK(after != Approx(before));

  // A typed lesion number survives the next measurement, which is shown beside it.
  REQUIRE(ws->inputsWidget()->setTyped("lesion_number", 2));
  w.showSegmentation(ph.truthLabels);
  REQUIRE(QTest::qWaitFor([&] { return m->state() == gui::MeasurementsPanel::State::Fresh &&
                                       ws->inputsWidget()->state().input("lesion_number").measuredValue.value_or(-1) >= 1; }, 20000));
  CHECK(ws->inputs().at("lesion_number") == 2.0);
  CHECK(ws->inputsWidget()->state().input("lesion_number").state == surv::InputState::Typed);
}

TEST_CASE("a segmentation without a PVTT segment leaves PVTT missing, never 'measured absent'", "[gui][nomogram][mainwindow]") {
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1500, 950);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  auto* ws = w.nomogramDock()->workspace();
  const core::Phantom ph = smallPhantom(false);
  w.showStudy(studyOf(ph));
  // what a liver/tumour model delivers: segments 1 'liver' and 2 'tumor' only (value 3 would be unnamed)
  core::LabelMap labels = ph.truthLabels;
  labels.table = core::LabelTable();
  labels.table.set({1, "Liver", {221, 130, 101}, true, false});
  labels.table.set({2, "tumor", {241, 214, 69}, true, false});
  w.showSegmentation(labels);
  auto* m = w.measurementsPanel();
  REQUIRE(QTest::qWaitFor([&] { return m->state() == gui::MeasurementsPanel::State::Fresh; }, 20000));
  REQUIRE(m->measurements());
  CHECK_FALSE(m->measurements()->pvttMeasured);
  CHECK(m->measurements()->tumourMeasured);
  CHECK(ws->inputsWidget()->state().input("pvtt").state == surv::InputState::Missing);
  CHECK(ws->inputs().count("pvtt") == 0);
  CHECK(ws->inputSources().at("lesion_number").contains(QStringLiteral("segment 2 'tumor'")));
}
