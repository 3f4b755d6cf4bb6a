// SurvivalCurvesView: the TACE and HAIC curves at t = 36 months sit at (and move to) the core model's S(36), in
// the widget state and in the pixels; median OS, RMST(36) and their differences are the core's; the shipped
// models say they have no bands; a refit model (pbc, with covariance) draws its pointwise band.
#include "pixel_probe.h"

#include <hccws/nomogram/nomogram_style.h>
#include <hccws/nomogram/survival_curves_view.h>
#include <hccws/survival/cox.h>
#include <hccws/survival/csv_table.h>

#include <QImage>
#include <QTest>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>

using hccws::nomo::SurvivalCurvesView;
using namespace nomo_test;

namespace {

// y of arm `arm`'s curve in the column of time t (closest colour to the arm's, within 60 per channel).
double curveY(SurvivalCurvesView& view, int arm, double t) {
  const QImage image = view.grab().toImage();
  const QRectF plot = view.plotRect();
  const auto y = meanYOfColor(image, view.xForTime(plot, t), plot.top() + 1, plot.bottom() - 1, view.arm(arm).color, 60);
  REQUIRE(y.has_value());
  return *y;
}

}  // namespace

TEST_CASE("curves view: S(36) of each arm follows the model when an input changes", "[nomogram_gui]") {
  const auto tace = shippedModel("tace"), haic = shippedModel("haic");
  SurvivalCurvesView view;
  view.resize(900, 620);
  view.setArms({{tace, {}}, {haic, {}}});
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  REQUIRE(view.armCount() == 2);
  CHECK(view.horizon() == 60);
  CHECK(view.rmstTau() == 36);

  auto tv = tace->referenceValues();
  auto hv = haic->referenceValues();
  tv[2] = 6;  // TACE diameter 6 cm, HAIC AST 200 U/L: curves apart at 36 months
  hv[1] = 200;
  view.setValues(0, tv);
  view.setValues(1, hv);
  const QRectF plot = view.plotRect();
  double s36[2] = {tace->survival(36, tace->linearPredictor(tv)), haic->survival(36, haic->linearPredictor(hv))};
  for (int a = 0; a < 2; ++a) {
    INFO("arm " << a);
    CHECK(view.survivalAt(a, 36) == Approx(s36[a]).epsilon(1e-12));
    CHECK(std::fabs(curveY(view, a, 36) - view.yForSurvival(plot, s36[a])) <= 1.0);
  }
  REQUIRE(std::fabs(view.yForSurvival(plot, s36[0]) - view.yForSurvival(plot, s36[1])) > 6);

  // TACE: larger tumour (8 -> 16 cm) -> lower S(36), by the model's amount; HAIC untouched
  const double yBefore = curveY(view, 0, 36);
  tv[2] = 16;
  view.setValues(0, tv);
  const double s36new = tace->survival(36, tace->linearPredictor(tv));
  REQUIRE(s36new < s36[0]);
  CHECK(view.survivalAt(0, 36) == Approx(s36new).epsilon(1e-12));
  CHECK(view.survivalAt(1, 36) == Approx(s36[1]).epsilon(1e-12));
  const double yAfter = curveY(view, 0, 36);
  CHECK(std::fabs(yAfter - view.yForSurvival(plot, s36new)) <= 1.0);
  CHECK(std::fabs((yAfter - yBefore) - (view.yForSurvival(plot, s36new) - view.yForSurvival(plot, s36[0]))) <= 1.5);
  CHECK(std::fabs(curveY(view, 1, 36) - view.yForSurvival(plot, s36[1])) <= 1.0);

  // summaries are the core's numbers; the shipped models have no variance information
  const double lpT = tace->linearPredictor(tv), lpH = haic->linearPredictor(hv);
  CHECK(view.summary(0).medianOs == Approx(tace->medianSurvival(lpT)).epsilon(1e-12));
  CHECK(view.summary(0).rmstTau == Approx(tace->restrictedMean(lpT, 36)).epsilon(1e-12));
  CHECK(view.summary(1).rmstTau == Approx(haic->restrictedMean(lpH, 36)).epsilon(1e-12));
  CHECK(view.summary(0).highRisk == (tace->riskGroup(lpT) == hccws::surv::RiskGroup::High));
  CHECK_FALSE(view.summary(0).hasBand);
  CHECK_FALSE(view.summary(1).hasBand);
  const QString text = view.summaryLines().join(QLatin1Char('\n'));
  CHECK(text.contains(QStringLiteral("no variance information")));
  CHECK(text.contains(QStringLiteral("HAIC \u2212 TACE")));
  const double dRmst = haic->restrictedMean(lpH, 36) - tace->restrictedMean(lpT, 36);
  CHECK(text.contains(QStringLiteral("RMST at 36 mo %1%2 mo").arg(dRmst >= 0 ? "+" : "", hccws::nomo::formatNumber(dRmst, 1))));
  CHECK(text.contains(QStringLiteral("published cut-off -26.25")));
  CHECK_FALSE(text.contains(QStringLiteral("extrapolation")));
  CHECK(text.contains(QStringLiteral("Research use only - a decision aid, not an instruction")));

  // out-of-range input: flagged in the summary
  tv[2] = 30;
  view.setValues(0, tv);
  CHECK(view.summary(0).extrapolated);
  CHECK(view.summaryLines().join(QLatin1Char('\n')).contains(QStringLiteral("extrapolation")));
}

TEST_CASE("curves view: a refit model with covariance draws its confidence band", "[nomogram_gui]") {
  using namespace hccws::surv;
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  const auto table = CsvTable::readFile(std::string(root ? root : ".") + "/tests/nomogram/data/pbc.csv");
  const auto st = buildSurvData(table, SurvColumns{"time", "death", {"age", "log_bili"}, ""});
  const auto fit = fitCox(st.data);
  auto refit = modelFromCox(st.data, fit, "pbc", "days");
  refit.arm = "HAIC";
  auto model = std::make_shared<const NomogramModel>(refit);

  SurvivalCurvesView view;
  view.resize(900, 620);
  view.setArms({{model, {}}});
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  const auto& s = view.summary(0);
  REQUIRE(s.hasBand);
  CHECK(view.horizon() == Approx(1826.25));
  CHECK(view.rmstTau() == Approx(36 * 30.4375));
  // the band is the core's pointwise CI around the curve; inside it, between curve and limits, the arm's tint
  const QRectF plot = view.plotRect();
  const double t = 1500;
  const auto c = model->curve(model->referenceValues(), {});
  size_t k = 0;
  while (k + 1 < c.time.size() && c.time[k + 1] <= t) ++k;
  const double surv = c.surv[k], lower = c.lower[k], upper = c.upper[k];
  REQUIRE(upper - lower > 0.03);
  CHECK(view.survivalAt(0, t) == Approx(surv).epsilon(1e-12));
  const QImage image = view.grab().toImage();
  const double x = view.xForTime(plot, t);
  const double yBand = view.yForSurvival(plot, 0.5 * (surv + upper));  // between curve and upper limit
  const QColor tint = image.pixelColor(static_cast<int>(x), static_cast<int>(yBand));
  const QColor arm = view.arm(0).color;
  // a light tint of the arm colour: not white, bluer than red for the HAIC blue
  CHECK(tint != QColor(Qt::white));
  CHECK(tint.blue() > tint.red());
  const QColor outside = image.pixelColor(static_cast<int>(x), static_cast<int>(view.yForSurvival(plot, std::min(0.95, upper + 0.04))));
  CHECK(outside.red() > tint.red());
  CHECK(std::fabs(curveY(view, 0, t) - view.yForSurvival(plot, surv)) <= 1.5);
  CHECK(arm.isValid());
  CHECK(view.summaryLines().join(QLatin1Char('\n')).contains(QStringLiteral("Shaded: pointwise 95% confidence band")));
}
