// NomogramWorkspace: models loaded from the shipped folder, inputs fed by the workstation with their provenance,
// user edits through the real spin boxes / combo boxes, extrapolation flags, the research notice and the
// provenance panel on screen, PNG and SVG exports, and clear errors for bad model files and export paths.
#include "pixel_probe.h"

#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_style.h>
#include <hccws/nomogram/nomogram_view.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/provenance_panel.h>
#include <hccws/nomogram/survival_curves_view.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QSvgRenderer>
#include <QTest>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hccws::nomo;
using namespace nomo_test;

namespace {

bool anyRowContains(const QStringList& rows, const QString& a, const QString& b = QString()) {
  return std::any_of(rows.begin(), rows.end(), [&](const QString& r) { return r.contains(a) && r.contains(b); });
}

}  // namespace

TEST_CASE("workspace: shipped models, provenance, research notice, inputs from the workstation", "[nomogram_gui]") {
  NomogramWorkspace ws;
  QString error;
  REQUIRE(ws.loadModelsFromFolder(modelsFolder(), &error));
  CHECK(error.isEmpty());
  REQUIRE(ws.armCount() == 2);
  CHECK(ws.model(0).arm == "TACE");
  CHECK(ws.model(1).arm == "HAIC");
  ws.resize(1280, 800);
  ws.show();
  REQUIRE(QTest::qWaitForWindowExposed(&ws));

  // the notice is permanent and visible
  REQUIRE(ws.researchNoticeLabel()->isVisible());
  CHECK(ws.researchNoticeLabel()->text().contains(QStringLiteral("Research use only - a decision aid, not an instruction")));
  // provenance: every status of the model files, with the numbers they belong to
  const QStringList rows = ws.provenancePanel()->rowsAsText();
  CHECK(ws.provenancePanel()->isVisible());
  CHECK(anyRowContains(rows, QStringLiteral("beta Largest tumour diameter"), QStringLiteral("| published |")));
  CHECK(anyRowContains(rows, QStringLiteral("beta DL risk score, HAIC head (PMN)"), QStringLiteral("| reconstructed |")));
  CHECK(anyRowContains(rows, QStringLiteral("baseline survival"), QStringLiteral("reconstructed")));
  CHECK(anyRowContains(rows, QStringLiteral("covariance of beta"), QStringLiteral("none: no confidence bands")));
  CHECK(anyRowContains(rows, QStringLiteral("published cut-off"), QStringLiteral("-26.25")));
  CHECK(anyRowContains(rows, QStringLiteral("citation"), QStringLiteral("NPJ Digit Med")));

  // layout at 1280 x 800: inputs, nomogram and curves all get room
  CHECK(ws.nomogramView(0)->isVisible());
  CHECK(ws.curvesView()->isVisible());
  CHECK(ws.inputsWidget()->isVisible());
  CHECK(ws.nomogramView(0)->width() >= 400);
  CHECK(ws.curvesView()->width() >= 380);
  CHECK(ws.nomogramView(0)->height() >= 380);

  // nothing is invented: every input starts missing, no arm has a curve, the status says what each needs
  for (const auto& n : ws.inputsWidget()->names()) {
    INFO(n);
    CHECK(ws.inputsWidget()->state().input(n).state == hccws::surv::InputState::Missing);
    CHECK(ws.inputSources().at(n) == QStringLiteral("missing"));
  }
  CHECK(ws.inputs().empty());
  CHECK_FALSE(ws.curvesView()->isComputed(0));
  CHECK_FALSE(ws.curvesView()->isComputed(1));
  CHECK_FALSE(ws.nomogramView(0)->complete());
  const QStringList lines0 = ws.curvesView()->summaryLines();
  CHECK(lines0.filter(QStringLiteral("not computed, missing")).size() == 2);
  CHECK(lines0.filter(QStringLiteral("Expected difference")).isEmpty());

  // values measured by the workstation, with their source; a name no model has is handed back
  QSignalSpy changed(&ws, &NomogramWorkspace::inputsChanged);
  const auto unknown = ws.setInputs({{"diameter", 12.5}, {"lesion_number", 3}, {"liver_volume_ml", 1500}},
                                    QStringLiteral("measured on segmentation"));
  CHECK(unknown == std::vector<std::string>{"liver_volume_ml"});
  CHECK(changed.count() == 1);
  CHECK(ws.inputs().at("diameter") == 12.5);
  CHECK(ws.inputSources().at("diameter") == QStringLiteral("measured: measured on segmentation"));
  CHECK(ws.inputSources().at("hbv") == QStringLiteral("missing"));
  CHECK(ws.inputsWidget()->sourceLabel("diameter")->text().contains(QStringLiteral("measured on segmentation")));
  CHECK(anyRowContains(ws.provenancePanel()->rowsAsText(), QStringLiteral("Largest tumour diameter | 12.5 | measured: measured on segmentation")));
  CHECK_FALSE(ws.curvesView()->isComputed(0));  // TACE still needs HBV, DL score, proliferative

  // the explicit fill: every missing input with a cohort value becomes assumed; AST has none (HAIC stays open)
  const auto filled = ws.fillAssumed();
  CHECK(std::find(filled.begin(), filled.end(), "hbv") != filled.end());
  CHECK(std::find(filled.begin(), filled.end(), "diameter") == filled.end());  // measured: not touched
  CHECK(ws.inputsWidget()->state().input("hbv").state == hccws::surv::InputState::Assumed);
  CHECK(ws.inputSources().at("hbv").startsWith(QStringLiteral("assumed: ")));
  CHECK(ws.inputsWidget()->state().input("ast").state == hccws::surv::InputState::Missing);
  CHECK(ws.curvesView()->isComputed(0));
  CHECK_FALSE(ws.curvesView()->isComputed(1));
  CHECK(ws.curvesView()->summaryLines().filter(QStringLiteral("assumed:")).size() == 1);
  CHECK(ws.curvesView()->summaryLines().filter(QStringLiteral("HAIC: not computed, missing AST")).size() == 1);
  // the user types AST: HAIC is computed, and now the difference between the arms appears
  ws.inputsWidget()->spinBox("ast")->setValue(45);
  CHECK(ws.curvesView()->isComputed(1));
  CHECK(ws.curvesView()->summaryLines().filter(QStringLiteral("Expected difference")).size() == 1);
  changed.clear();
  // both arms see the shared lesion number; only TACE has a diameter
  for (int a = 0; a < 2; ++a) {
    const auto values = ws.model(a).valuesFrom(ws.inputs());
    CHECK(ws.nomogramView(a)->complete());
    CHECK(ws.nomogramView(a)->values() == values);
    CHECK(ws.nomogramView(a)->totalPoints() == Approx(ws.model(a).totalPoints(values)).epsilon(1e-12));
    CHECK(ws.curvesView()->summary(a).linearPredictor == Approx(ws.model(a).linearPredictor(values)).epsilon(1e-12));
  }

  // the user edits through the real spin box: the total points move by the model's amount
  const double before = ws.nomogramView(0)->totalPoints();
  QDoubleSpinBox* spin = ws.inputsWidget()->spinBox("diameter");
  REQUIRE(spin);
  spin->setValue(15.5);
  CHECK(changed.count() == 1);
  CHECK(ws.inputs().at("diameter") == 15.5);
  CHECK(ws.inputSources().at("diameter") == QStringLiteral("typed by the user"));
  // a later measurement does not overwrite the typed value; it is shown beside it, with "Use measured"
  ws.setInputs({{"diameter", 12.5}}, QStringLiteral("measured on segmentation"));
  CHECK(ws.inputs().at("diameter") == 15.5);
  CHECK(ws.inputsWidget()->sourceLabel("diameter")->text().contains(QStringLiteral("measured 12.5")));
  QPushButton* use = ws.inputsWidget()->useMeasuredButton("diameter");
  REQUIRE(use);
  CHECK(use->isVisible());
  use->click();
  CHECK(ws.inputs().at("diameter") == 12.5);
  CHECK(ws.inputSources().at("diameter") == QStringLiteral("measured: measured on segmentation"));
  CHECK_FALSE(use->isVisible());
  spin->setValue(15.5);
  CHECK(ws.nomogramView(0)->totalPoints() - before == Approx(ws.model(0).points(2, 15.5) - ws.model(0).points(2, 12.5)).epsilon(1e-12));
  // and through the combo box of a binary variable
  QComboBox* pvtt = ws.inputsWidget()->comboBox("pvtt");
  REQUIRE(pvtt);
  pvtt->setCurrentIndex(pvtt->findData(1.0));
  CHECK(ws.inputs().at("pvtt") == 1.0);
  const auto haicValues = ws.model(1).valuesFrom(ws.inputs());
  CHECK(ws.curvesView()->survivalAt(1, 36) ==
        Approx(ws.model(1).survival(36, ws.model(1).linearPredictor(haicValues))).epsilon(1e-12));

  // the arm switch shows the other nomogram
  ws.setCurrentArm(1);
  QTest::qWait(10);
  CHECK(ws.currentArm() == 1);
  CHECK(ws.nomogramView(1)->isVisible());
  CHECK_FALSE(ws.nomogramView(0)->isVisible());
}

TEST_CASE("workspace: out-of-range inputs are flagged as extrapolation on the field and in the views", "[nomogram_gui]") {
  NomogramWorkspace ws;
  REQUIRE(ws.loadModelsFromFolder(modelsFolder()));
  ws.resize(1280, 800);
  ws.show();
  REQUIRE(QTest::qWaitForWindowExposed(&ws));
  NomogramInputs* in = ws.inputsWidget();
  ws.fillAssumed();
  REQUIRE(in->setTyped("ast", 45));  // no cohort value: typed
  CHECK(in->extrapolatedNames().empty());
  CHECK_FALSE(in->warningLabel("diameter")->isVisible());

  in->spinBox("diameter")->setValue(24);  // TACE axis 1-20 cm
  CHECK(in->isExtrapolated("diameter"));
  CHECK(in->cohortNote("diameter").isEmpty());  // extrapolation says it all
  CHECK(in->warningLabel("diameter")->isVisible());
  CHECK(in->warningLabel("diameter")->text().contains(QStringLiteral("TACE range 1-20")));
  CHECK(in->warningLabel("diameter")->text().contains(QStringLiteral("extrapolation")));
  CHECK(ws.nomogramView(0)->extrapolationText().contains(QStringLiteral("Largest tumour diameter")));
  CHECK(ws.curvesView()->summary(0).extrapolated);
  CHECK_FALSE(ws.curvesView()->summary(1).extrapolated);  // HAIC has no diameter
  CHECK(ws.nomogramView(0)->totalPoints() == Approx(ws.model(0).totalPoints(ws.model(0).valuesFrom(ws.inputs()))).epsilon(1e-12));

  // a code that is not a level of a binary variable, from the workstation
  ws.setInputs({{"proliferative", 2}}, QStringLiteral("measured on segmentation"));
  CHECK(in->isExtrapolated("proliferative"));
  CHECK(in->comboBox("proliferative")->currentText().contains(QStringLiteral("not a model level")));
  CHECK(ws.curvesView()->summary(1).extrapolated);

  // back in range: the flags go away
  in->spinBox("diameter")->setValue(10);
  ws.setInputs({{"proliferative", 1}}, QStringLiteral("measured on segmentation"));
  CHECK(in->extrapolatedNames().empty());
  CHECK_FALSE(in->warningLabel("diameter")->isVisible());
  CHECK(ws.nomogramView(0)->extrapolationText().isEmpty());
  CHECK(ws.nomogramView(0)->cohortText().isEmpty());

  // a 3 cm tumour is on the axis (no extrapolation) but below the study's >= 5 cm inclusion: a note, not a warning
  in->spinBox("diameter")->setValue(3);
  CHECK_FALSE(in->isExtrapolated("diameter"));
  CHECK(in->extrapolatedNames().empty());
  CHECK(in->outsideCohortNames() == std::vector<std::string>{"diameter"});
  CHECK(in->warningLabel("diameter")->isVisible());
  CHECK(in->warningLabel("diameter")->text().contains(QStringLiteral("Outside the study cohort")));
  CHECK(in->warningLabel("diameter")->text().contains(QStringLiteral(">= 5 cm")));
  CHECK_FALSE(in->warningLabel("diameter")->text().contains(QStringLiteral("extrapolation")));
  CHECK(ws.nomogramView(0)->extrapolationText().isEmpty());
  CHECK(ws.nomogramView(0)->cohortText().contains(QStringLiteral("Largest tumour diameter = 3")));
  CHECK_FALSE(ws.curvesView()->summary(0).extrapolated);
  CHECK(ws.curvesView()->summary(0).outsideCohort);
  CHECK(ws.curvesView()->summaryLines().join(QStringLiteral("\n")).contains(QStringLiteral("outside the study cohort")));
  CHECK(ws.nomogramView(0)->totalPoints() == Approx(ws.model(0).totalPoints(ws.model(0).valuesFrom(ws.inputs()))).epsilon(1e-12));
}

TEST_CASE("workspace: PNG and SVG exports of the nomogram and the curves", "[nomogram_gui]") {
  NomogramWorkspace ws;
  REQUIRE(ws.loadModelsFromFolder(modelsFolder()));
  ws.resize(1280, 800);
  ws.setInputs({{"diameter", 11}, {"dl_risk_score_tace", 0.62}, {"dl_risk_score_haic", 0.62}, {"proliferative", 1}}, QStringLiteral("measured on segmentation"));
  ws.fillAssumed();
  REQUIRE(ws.inputsWidget()->setTyped("ast", 45));
  const QString png = tempPath(QStringLiteral("nomogram.png")), svg = tempPath(QStringLiteral("nomogram.svg"));
  const QString cpng = tempPath(QStringLiteral("curves.png")), csvg = tempPath(QStringLiteral("curves.svg"));
  for (const auto& f : {png, svg, cpng, csvg}) QFile::remove(f);
  QString error;
  REQUIRE(ws.exportNomogram(png, QSize(1200, 800), &error));
  REQUIRE(ws.exportNomogram(svg, QSize(1200, 800), &error));
  REQUIRE(ws.exportCurves(cpng, QSize(1000, 640), &error));
  REQUIRE(ws.exportCurves(csvg, QSize(1000, 640), &error));
  CHECK(error.isEmpty());

  const QImage n(png), c(cpng);
  REQUIRE(!n.isNull());
  REQUIRE(!c.isNull());
  CHECK(n.size() == QSize(1200, 800));
  CHECK(c.size() == QSize(1000, 640));
  CHECK(inkFraction(n) > 0.01);  // axes, labels, markers
  CHECK(inkFraction(c) > 0.01);
  CHECK(hasColor(n, armColor(QStringLiteral("TACE")), 0));  // the TACE nomogram's markers
  CHECK(hasColor(c, armColor(QStringLiteral("TACE")), 20));
  CHECK(hasColor(c, armColor(QStringLiteral("HAIC")), 20));

  for (const auto& f : {svg, csvg}) {
    INFO(f.toStdString());
    QSvgRenderer renderer(f);
    REQUIRE(renderer.isValid());
    CHECK(renderer.defaultSize().width() > 0);
    QFile file(f);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    CHECK(text.contains("<svg"));
    CHECK(text.contains("Research use only"));  // the description carries the notice
  }
  CHECK(QSvgRenderer(svg).viewBoxF().size() == QSizeF(1200, 800));

  // bad paths and formats: false with a message naming the file
  CHECK_FALSE(ws.exportNomogram(QStringLiteral("/nonexistent-folder/x.png"), QSize(400, 300), &error));
  CHECK(error.contains(QStringLiteral("/nonexistent-folder/x.png")));
  CHECK_FALSE(ws.exportCurves(tempPath(QStringLiteral("curves.jpg")), QSize(400, 300), &error));
  CHECK(error.contains(QStringLiteral(".png or .svg")));
}

TEST_CASE("workspace: a bad model file gives a message naming it and keeps the loaded models", "[nomogram_gui]") {
  NomogramWorkspace ws;
  REQUIRE(ws.loadModelsFromFolder(modelsFolder()));
  const QString bad = tempPath(QStringLiteral("nomogram_bad.json"));
  {
    QFile f(bad);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"hccws-nomogram\", \"format_version\": 1, \"variables\": [");
  }
  QString error;
  CHECK_FALSE(ws.loadModelFiles({bad}, &error));
  CHECK(error.contains(bad));
  CHECK(ws.armCount() == 2);
  CHECK_FALSE(ws.loadModelsFromFolder(tempPath(QStringLiteral("no-such-folder")), &error));
  CHECK(error.contains(QStringLiteral("no nomogram_*.json")));
  CHECK(ws.armCount() == 2);
}
