#pragma once
// NomogramView: an rms-style nomogram of one Cox nomogram model, drawn live with QPainter.
//
// Rows, top to bottom: Points (0 .. model.pointsMax), one axis per variable (continuous: ticks in the variable's
// unit; binary/categorical: one labelled tick per level), Total points (0 .. the sum of the variables' maximum
// points), Linear predictor, and one survival axis per model.survivalTimes (1-, 3-, 5-year for the shipped
// models). Markers show the current patient: a dot per variable, a triangle on Total points with a guide line
// down through the linear predictor and survival axes, and the survival read-outs at the guide line.
//
// Geometry (widget pixels, also what exports use for the same size): every variable axis maps points p to
// x = axisLeft + p / pointsMax * axisWidth; the Total points, linear predictor and survival axes map total
// points T to x = axisLeft + T / totalPointsMax * axisWidth. Linear-predictor and survival ticks are placed at
// the total points where the model gives that lp / survival (the survival position is found by bisection on
// the core's model.survival(t, lp), so the view holds no statistics of its own).
//
// Numbers (points, total, lp, S(t), risk group, extrapolation flags) all come from hccws::surv::NomogramModel;
// the view caches them when values change. Values outside a variable's modelled range are evaluated (the model
// extrapolates), drawn in the warning colour and named in a banner.
// Ownership: the model is shared (const, read-only); the view never changes it. GUI thread only.
#include <hccws/survival/nomogram_model.h>

#include <QColor>
#include <QFont>
#include <QWidget>

#include <QStringList>

#include <memory>
#include <vector>

class QPainter;

namespace hccws::nomo {

class NomogramView : public QWidget {
  Q_OBJECT
 public:
  explicit NomogramView(QWidget* parent = nullptr);

  // Sets the model and resets the values to its reference values. Null clears the view.
  void setModel(std::shared_ptr<const surv::NomogramModel> model, QColor color = QColor());
  const surv::NomogramModel* model() const { return model_.get(); }
  // One value per model variable, in model order (throws SurvivalError on a wrong count, as the core does).
  void setValues(const std::vector<double>& values);
  const std::vector<double>& values() const { return values_; }
  // Which variables have a value for this patient (model order). A variable without one has no marker; with
  // any missing, no total, linear predictor, survival read-out or risk group is drawn: the footer lists what
  // is missing instead (the numbers below then describe the placeholder values and mean nothing).
  void setPresent(const std::vector<bool>& present, const QStringList& missingLabels = {});
  bool complete() const { return missing_.isEmpty(); }
  // A note drawn under the nomogram and in every export (e.g. "assumed: AST (no cohort median)").
  void setNote(const QString& note);

  // The patient's numbers as the core computed them for the current values.
  double totalPoints() const { return total_; }
  const std::vector<double>& pointsPerVariable() const { return points_; }
  double linearPredictor() const { return lp_; }
  const std::vector<double>& survivalReadouts() const { return survival_; }  // at model.survivalTimes
  const std::vector<bool>& extrapolated() const { return outOfRange_; }
  QString extrapolationText() const;  // empty when every value is inside the modelled range
  // Variables whose value is on the axis but outside the range of the cohort the model was fitted on (e.g. a
  // 3 cm tumour for a study that included >= 5 cm): placed normally, marked, and said in the banner.
  const std::vector<bool>& outsideCohort() const { return outsideCohort_; }
  QString cohortText() const;  // empty when no value is outside its cohort range

  // Geometry for a drawing area (the widget's rect() on screen): see the header comment.
  struct Layout {
    double axisLeft = 0, axisWidth = 0;
    double pointsMax = 100, totalPointsMax = 100;
    std::vector<double> rowY;  // axis line y per row: Points, variables..., Total, LP, survival rows
    double xForPoints(double p) const { return axisLeft + p / pointsMax * axisWidth; }
    double xForTotalPoints(double t) const { return axisLeft + t / totalPointsMax * axisWidth; }
  };
  Layout layout(const QRectF& area) const;
  Layout layout() const { return layout(QRectF(rect())); }
  int totalPointsRow() const;  // index into Layout::rowY
  // y (inside the triangle) where the total-points marker is widest: for reading the marker back from pixels.
  static constexpr double kMarkerProbeAbove = 5.0;

  // Paints the whole nomogram into `area` (on screen, PNG or SVG).
  void render(QPainter& painter, const QRectF& area) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 public:
  // Readability, from the last paint (tests at 1280 x 800 and 1920 x 1080): the title or a variable's label
  // elided, and axis texts that did not fit inside the area drawn (drawn partly outside it).
  int elidedLabels() const { return elidedLabels_; }
  int clippedAxisTexts() const { return clippedAxisTexts_; }
  // The footer's lines as drawn (risk group or what is missing; the research notice with the model's kind and
  // the note): wrapped onto as many lines as the width needs, never elided.
  QStringList footerTexts() const;
  double footerHeight(double width) const;  // the room layout() leaves for them at a width
  bool event(QEvent* event) override;  // tooltips per row

 private:
  struct FooterLine {
    QString text;
    QFont font;
    QColor colour;
  };
  std::vector<FooterLine> footerLines() const;  // risk group (or what is missing), notice and note
  QString bannerText() const;
  double bannerHeight(double width) const;
  void drawFooter(QPainter& p, const QRectF& area) const;
  mutable int elidedLabels_ = 0;
  mutable int clippedAxisTexts_ = 0;
  mutable QRectF renderArea_;
  bool tickLabel(QPainter& p, std::vector<QRectF>& taken, double x, double y, const QString& text, bool above = false,
                 double minLeft = -1e9) const;
  void recompute();
  QString rowTooltip(int row) const;
  void drawVariableRow(QPainter& p, const Layout& l, int j, double y) const;
  void drawTotalRows(QPainter& p, const Layout& l, const QRectF& area) const;

  std::shared_ptr<const surv::NomogramModel> model_;
  std::vector<bool> present_;
  QStringList missing_;
  QString note_;
  QColor color_;
  std::vector<double> values_, points_, survival_;
  std::vector<bool> outOfRange_;
  std::vector<bool> outsideCohort_;
  double total_ = 0, lp_ = 0;
};

}  // namespace hccws::nomo
