// NomogramView: an input change moves the total points, the linear predictor and the survival read-outs by
// exactly what the core model says, read from the widget state and from the pixels of the total-points marker.
#include "pixel_probe.h"

#include <hccws/nomogram/nomogram_style.h>
#include <hccws/nomogram/nomogram_view.h>

#include <QImage>
#include <QTest>

#include <catch2/catch.hpp>

#include <cmath>

using hccws::nomo::NomogramView;
using namespace nomo_test;

namespace {

int indexOf(const hccws::surv::NomogramModel& m, const std::string& name) {
  for (int j = 0; j < m.size(); ++j)
    if (m.variables[j].name == name) return j;
  FAIL("no variable " << name);
  return -1;
}

// x of the total-points marker in a grab of `view`, from its exact fill colour.
double markerX(NomogramView& view) {
  const QImage image = view.grab().toImage();
  const auto l = view.layout();
  const double y = l.rowY[static_cast<size_t>(view.totalPointsRow())] - NomogramView::kMarkerProbeAbove;
  const auto x = meanXOfColor(image, y, hccws::nomo::armColor(QString::fromStdString(view.model()->arm)));
  REQUIRE(x.has_value());
  return *x;
}

}  // namespace

TEST_CASE("nomogram view: a changed input moves total points, lp and survival by the model's amounts", "[nomogram_gui]") {
  const auto model = shippedModel("tace");
  NomogramView view;
  view.resize(960, 620);
  view.setModel(model);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));

  auto values = model->referenceValues();
  CHECK(view.values() == values);
  CHECK(view.totalPoints() == Approx(model->totalPoints(values)).epsilon(1e-12));
  const double total0 = view.totalPoints();
  const double x0 = markerX(view);
  const auto l = view.layout();
  CHECK(std::fabs(x0 - l.xForTotalPoints(model->totalPoints(values))) <= 1.0);

  // tumour diameter 8 -> 14 cm (inside the modelled 5-20 cm)
  const int d = indexOf(*model, "diameter");
  const double expectedDelta = model->points(d, 14) - model->points(d, values[d]);
  REQUIRE(expectedDelta > 1);  // a positive HR: more points
  values[d] = 14;
  view.setValues(values);
  CHECK(view.totalPoints() - total0 == Approx(expectedDelta).epsilon(1e-12));
  CHECK(view.totalPoints() == Approx(model->totalPoints(values)).epsilon(1e-12));
  CHECK(view.pointsPerVariable()[d] == Approx(model->points(d, 14)).epsilon(1e-12));
  const double lp = model->linearPredictor(values);
  CHECK(view.linearPredictor() == Approx(lp).epsilon(1e-12));
  REQUIRE(view.survivalReadouts().size() == model->survivalTimes.size());
  for (size_t k = 0; k < model->survivalTimes.size(); ++k)
    CHECK(view.survivalReadouts()[k] == Approx(model->survival(model->survivalTimes[k], lp)).epsilon(1e-12));

  // the marker in the pixels: at the model's points-to-pixel mapping, moved by the model's delta
  const double x1 = markerX(view);
  CHECK(std::fabs(x1 - l.xForTotalPoints(model->totalPoints(values))) <= 1.0);
  CHECK(std::fabs((x1 - x0) - (l.xForTotalPoints(expectedDelta) - l.xForTotalPoints(0))) <= 1.0);
  CHECK(x1 - x0 > 5);  // a visible move
  CHECK(view.extrapolationText().isEmpty());

  // a binary variable: HBV yes -> no removes exactly its points
  const int hbv = indexOf(*model, "hbv");
  const double before = view.totalPoints();
  values[hbv] = 0;
  view.setValues(values);
  CHECK(before - view.totalPoints() == Approx(model->points(hbv, 1) - model->points(hbv, 0)).epsilon(1e-12));
  CHECK(std::fabs(markerX(view) - l.xForTotalPoints(model->totalPoints(values))) <= 1.0);
}

TEST_CASE("nomogram view: the points axes follow the rms convention of the core", "[nomogram_gui]") {
  const auto model = shippedModel("haic");
  NomogramView view;
  view.resize(900, 640);
  view.setModel(model);
  const auto l = view.layout();
  CHECK(l.pointsMax == model->pointsMax);
  double sumMax = 0;
  for (int j = 0; j < model->size(); ++j)
    sumMax += std::max(model->points(j, model->variables[j].min), model->points(j, model->variables[j].max));
  CHECK(l.totalPointsMax == Approx(sumMax).epsilon(1e-12));
  // one row per variable plus Points, Total, LP and one per survival time, top to bottom
  REQUIRE(static_cast<int>(l.rowY.size()) == 1 + model->size() + 2 + static_cast<int>(model->survivalTimes.size()));
  for (size_t r = 1; r < l.rowY.size(); ++r) CHECK(l.rowY[r] > l.rowY[r - 1]);
  CHECK(l.rowY.back() < 640);
  // a wrong number of values is refused (the core's SurvivalError) and the view keeps its state
  const double total = view.totalPoints();
  CHECK_THROWS(view.setValues({1, 2}));
  CHECK(view.totalPoints() == total);
}

TEST_CASE("nomogram view: an out-of-range value is drawn as extrapolation", "[nomogram_gui]") {
  const auto model = shippedModel("tace");
  NomogramView view;
  view.resize(960, 620);
  view.setModel(model);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  auto values = model->referenceValues();
  const int d = indexOf(*model, "diameter");
  values[d] = 26;  // modelled range 1-20 cm
  view.setValues(values);
  CHECK(view.extrapolated()[d]);
  CHECK(view.extrapolationText().contains(QStringLiteral("outside the modelled range")));
  CHECK(view.extrapolationText().contains(QStringLiteral("26")));
  // the core still evaluates it (the model extrapolates)
  CHECK(view.totalPoints() == Approx(model->totalPoints(values)).epsilon(1e-12));
  // the banner and the markers are in the warning colour
  const QImage image = view.grab().toImage();
  CHECK(hasColor(image, hccws::nomo::warningBackground(), 0));
  CHECK(hasColor(image, hccws::nomo::warningColor(), 0));
}

TEST_CASE("nomogram view: a 3 cm tumour is on the axis, noted in blue as outside the study cohort", "[nomogram_gui]") {
  const auto model = shippedModel("tace");
  NomogramView view;
  view.resize(960, 620);
  view.setModel(model);
  view.show();
  REQUIRE(QTest::qWaitForWindowExposed(&view));
  auto values = model->referenceValues();
  const int d = indexOf(*model, "diameter");
  values[d] = 3;
  view.setValues(values);
  CHECK_FALSE(view.extrapolated()[d]);
  CHECK(view.extrapolationText().isEmpty());
  CHECK(view.outsideCohort()[d]);
  CHECK(view.cohortText().contains(QStringLiteral("\u2265 5")));
  const QImage image = view.grab().toImage();
  CHECK(hasColor(image, hccws::nomo::cohortBackground(), 0));
  CHECK_FALSE(hasColor(image, hccws::nomo::warningBackground(), 0));
  // the marker sits at 3 cm on the axis: left of the 5 cm tick by 2 cm's worth of points
  CHECK(view.pointsPerVariable()[d] == Approx(model->points(d, 3.0)).epsilon(1e-12));
  CHECK(model->points(d, 5.0) - model->points(d, 3.0) > 0);
}

TEST_CASE("nomogram view: footers wrap at small widths instead of being cut", "[nomogram_gui]") {
  const auto model = shippedModel("tace");
  NomogramView view;
  view.setModel(model);
  view.setNote(QStringLiteral("assumed: HBV infection (study cohort 2: HBV in 90.2% (published)), DL risk score"));
  for (const QSize size : {QSize(480, 420), QSize(960, 620)}) {
    view.resize(size);
    view.grab();  // paints
    const QStringList footer = view.footerTexts();
    REQUIRE(footer.size() == 2);
    CHECK(footer.last().contains(hccws::nomo::researchNotice()));  // the whole notice, not an elided one
    CHECK(footer.last().contains(QStringLiteral("assumed: HBV infection")));
    for (const QString& line : footer) CHECK_FALSE(line.contains(QChar(0x2026)));
    // the rows end above the footer, which is taller where the width is small
    const auto l = view.layout();
    CHECK(l.rowY.back() + 10 < size.height() - view.footerHeight(size.width()));
    if (size.width() >= 960) CHECK(view.elidedLabels() == 0);  // at 480 px the long title is cut (tooltip has it)
  }
  CHECK(view.footerHeight(480) > view.footerHeight(960));
}
