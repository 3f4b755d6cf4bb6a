// View > Cohort on the real data (issue 17): HCC_048's CT (TCIA HCC-TACE-Seg) opened through the real loader, the
// TACE nomogram validated on the HCC-TACE-Seg table off the UI thread, the curves drawn, the study's own row
// found by its ID, the nomogram filled from it ("from the clinical table", table, patient and line named), the
// patient's linear predictor marked on the cohort's distribution and the observed death against the predicted
// curve; exported as PNG and PDF. Real patient data (TCIA, CC BY 4.0); nothing typed except the two DL inputs
// the table cannot give (said where they are typed).
#include "gui/cohort_dock.h"
#include "gui/main_window.h"
#include "gui/nomogram_dock.h"
#include "skip.h"
#include "viewer/support.h"

#include <hccws/nomogram/cohort_view.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTest>

#include <filesystem>

using namespace hccws;

namespace {

// Pixels of a colour family inside a rectangle of an image.
int countPixels(const QImage& img, const QRectF& r, const std::function<bool(const QColor&)>& is) {
  int n = 0;
  for (int y = static_cast<int>(r.top()); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.left()); x < static_cast<int>(r.right()); ++x)
      if (is(img.pixelColor(x, y))) ++n;
  return n;
}

}  // namespace

TEST_CASE("the cohort view on HCC-TACE-Seg with HCC_048's own row: curves drawn, the patient marked", "[gui][cohort][data]") {
  const std::string series = test::sharedData("hcc048_pv");
  const std::string table = test::sharedData("clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv");
  const char* source = std::getenv("HCCWS_SOURCE_DIR");
  REQUIRE(source);
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1400, 900);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QSignalSpy shown(&w, &gui::MainWindow::studyShown);
  REQUIRE(w.openPath(QString::fromStdString(series)));
  REQUIRE(shown.wait(60000));
  gui::CohortDock* dock = w.cohortDock();
  REQUIRE(dock);
  dock->setFloating(false);
  dock->show();
  dock->resize(1300, 900);
  dock->setCohort(QString::fromStdString(std::string(source) + "/resources/cohorts/hcc_tace_seg.json"), QString::fromStdString(table),
                  QStringLiteral("TACE"));
  QSignalSpy done(dock, &gui::CohortDock::validated);
  REQUIRE(dock->validate());
  CHECK(dock->busy());  // off the UI thread
  REQUIRE(done.wait(120000));
  INFO(dock->statusText().toStdString());
  REQUIRE(done.first().at(0).toBool());
  CHECK(dock->statusText().contains(QStringLiteral("53 patients analysed of 105")));
  CHECK(dock->statusText().contains(QStringLiteral("ASSUMED")));  // the DL terms the table lacks
  // the study's row, found from its folder name (hcc048_pv -> HCC_048)
  CHECK(dock->chosenRow() == QStringLiteral("HCC_048"));
  REQUIRE(dock->fillNomogramFromRow());
  auto* ws = w.nomogramDock()->workspace();
  const auto& inputs = ws->inputsWidget()->state();
  for (const char* name : {"lesion_number", "hbv", "diameter"}) {
    INFO(name);
    CHECK(inputs.input(name).state == surv::InputState::Clinical);
    CHECK(ws->inputsWidget()->source(name).contains(QStringLiteral("from the clinical table")));
    CHECK(ws->inputsWidget()->source(name).contains(QStringLiteral("HCC_048 (line 49)")));
  }
  CHECK(inputs.input("diameter").value == 1.5);
  CHECK(inputs.input("hbv").value == 0);
  CHECK(inputs.input("lesion_number").value == 2);
  // the DL inputs are not in the table: missing, so no lp yet, and the view says so
  CHECK(inputs.input("dl_risk_score_tace").state == surv::InputState::Missing);
  CHECK_FALSE(dock->view()->patientMarker());
  // typed for this test (the PMN needs the arterial phase HCC_048 lacks)
  REQUIRE(ws->inputsWidget()->setTyped("dl_risk_score_tace", 0.5));
  REQUIRE(ws->inputsWidget()->setTyped("proliferative", 0));
  QTest::qWait(100);
  const auto marker = dock->view()->patientMarker();
  REQUIRE(marker);
  const QString summary = dock->view()->summaryText();
  INFO(summary.toStdString());
  CHECK(summary.contains(QStringLiteral("HCC_048: lp")));
  CHECK(summary.contains(QStringLiteral("died at 7.2 months")));
  // pixels: both risk groups' curves, the patient's marker (orange) on the distribution, the observed death
  const QImage img = dock->view()->grab().toImage();
  using P = nomo::CohortView::Panel;
  const QRectF km = dock->view()->panelRect(P::RiskGroups);
  CHECK(countPixels(img, km, [](const QColor& c) { return c.blue() > 150 && c.red() < 90; }) > 50);   // low risk
  CHECK(countPixels(img, km, [](const QColor& c) { return c.red() > 180 && c.green() < 90; }) > 50);  // high risk
  const QRectF around(marker->x() - 2, dock->view()->panelRect(P::LpDistribution).top(), 5, dock->view()->panelRect(P::LpDistribution).height());
  CHECK(countPixels(img, around, [](const QColor& c) { return c.red() > 220 && c.green() > 100 && c.green() < 170 && c.blue() < 60; }) > 20);
  CHECK(countPixels(img, dock->view()->panelRect(P::Patient), [](const QColor& c) { return c.green() > 100 && c.red() < 80 && c.blue() < 80; }) > 30);
  CHECK(countPixels(img, dock->view()->panelRect(P::Calibration), [](const QColor& c) { return c.green() > 100 && c.red() < 80 && c.blue() < 80; }) > 20);
  // the horizon moves the calibration and decision panels
  const int before = dock->view()->horizon();
  dock->view()->setHorizon(0);
  CHECK(dock->view()->horizon() == 0);
  CHECK(before != 0);
  dock->view()->setHorizon(before);  // 24 months, as the dock chose
  // export: PNG and a one-page PDF
  const std::string dir = test::scratchDir("gui_cohort");
  QString why;
  REQUIRE(dock->exportSummary(QString::fromStdString(dir + "/cohort.png"), &why));
  CHECK(QImage(QString::fromStdString(dir + "/cohort.png")).width() > 2000);
  REQUIRE(dock->exportSummary(QString::fromStdString(dir + "/cohort.pdf"), &why));
  CHECK(std::filesystem::file_size(dir + "/cohort.pdf") > 5000);
  if (const char* figure = std::getenv("HCCWS_COHORT_FIGURE")) REQUIRE(dock->exportSummary(QString::fromLatin1(figure), &why));

  // a model file that is not one of the window's arms: the TACE clinical model refit on DTSDHCC, validated here
  // externally (its variables are lesion number and diameter: the patient's lp from the same inputs)
  dock->setCohort(QString::fromStdString(std::string(source) + "/resources/cohorts/hcc_tace_seg.json"), QString::fromStdString(table),
                  QString::fromStdString(std::string(source) + "/resources/models/refit/nomogram_tace_refit_dtsdhcc.json"));
  done.clear();
  REQUIRE(dock->validate());
  REQUIRE(done.wait(120000));
  REQUIRE(done.first().at(0).toBool());
  CHECK_FALSE(dock->statusText().contains(QStringLiteral("ASSUMED")));  // every term of the refit is in the table
  CHECK(dock->view()->summaryText().contains(QStringLiteral("Harrell's C 0.585")));  // as docs/cohorts.md
  CHECK(dock->view()->patientMarker());
}
