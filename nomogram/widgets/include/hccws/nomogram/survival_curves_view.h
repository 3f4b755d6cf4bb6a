#pragma once
// SurvivalCurvesView: predicted S(t | x) of the current patient under each treatment arm (TACE, HAIC) on one
// plot, time axis in the models' time unit (months for the shipped models), drawn with QPainter.
//
// Per arm: the curve from the core's NomogramModel::curve() (a 0.25-unit grid up to the horizon for parametric
// baselines, the model's own step times for refit models), its pointwise confidence band when the model can
// give one (refit models: step baseline + covariance); otherwise the legend says the model file carries no
// variance information and no band is drawn. The median OS (model.medianSurvival) is marked on the 50% line,
// the risk group (model.riskGroup) is printed with the model's lp cut-off and the published cut-off, and the
// expected difference between the first two arms (second minus first: median OS and RMST at 36 months,
// model.restrictedMean) closes the summary. Values outside a model's range are flagged as extrapolation.
//
// Geometry: x = plot.left + t / horizon * plot.width, y = plot.top + (1 - S) * plot.height (plotRect(area)).
// Ownership: models are shared, const. GUI thread only.
#include <hccws/survival/nomogram_model.h>

#include <QColor>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

namespace hccws::nomo {

class SurvivalCurvesView : public QWidget {
  Q_OBJECT
 public:
  explicit SurvivalCurvesView(QWidget* parent = nullptr);

  struct Arm {
    std::shared_ptr<const surv::NomogramModel> model;
    QColor color;
  };
  // What the view shows for one arm, straight from the core for the current values.
  struct ArmSummary {
    double linearPredictor = 0, medianOs = 0, rmstTau = 0;  // median NaN when S never reaches 0.5
    bool highRisk = false, hasBand = false, extrapolated = false, outsideCohort = false;
    surv::SurvCurve curve;
  };

  // Replaces the arms (values reset to each model's reference values).
  void setArms(std::vector<Arm> arms);
  int armCount() const { return static_cast<int>(arms_.size()); }
  const Arm& arm(int i) const { return arms_.at(static_cast<size_t>(i)); }
  void setValues(int arm, const std::vector<double>& values);  // model order; throws SurvivalError on a bad count
  // An arm whose inputs are incomplete: no curve, no median, no risk group and no difference between arms;
  // its summary line says what is missing. setValues() makes it computed again.
  void setIncomplete(int arm, const QString& missing);
  bool isComputed(int arm) const { return missing_.at(static_cast<size_t>(arm)).isEmpty(); }
  // Inputs of this arm that were assumed (not measured or typed): the curve is dashed and the summary says so.
  void setAssumed(int arm, const QString& assumed);
  const ArmSummary& summary(int arm) const { return summaries_.at(static_cast<size_t>(arm)); }
  // S(t) of the drawn curve (right-continuous steps or the grid), for reading the widget back.
  double survivalAt(int arm, double t) const;

  double horizon() const { return horizon_; }
  void setHorizon(double t);             // default: the largest of the models' survivalTimes (60 months)
  double rmstTau() const { return tau_; }  // 36 months in the models' time unit
  QString timeUnit() const;

  QRectF plotRect(const QRectF& area) const;
  QRectF plotRect() const { return plotRect(QRectF(rect())); }
  double xForTime(const QRectF& plot, double t) const { return plot.left() + t / horizon_ * plot.width(); }
  double yForSurvival(const QRectF& plot, double s) const { return plot.top() + (1 - s) * plot.height(); }
  // The summary lines under the plot (legend, risk groups, differences, band note, extrapolation).
  QStringList summaryLines() const;

  void render(QPainter& painter, const QRectF& area) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  void recompute(size_t arm);
  std::vector<Arm> arms_;
  std::vector<std::vector<double>> values_;
  std::vector<ArmSummary> summaries_;
  std::vector<QString> missing_, assumed_;
  double horizon_ = 60, tau_ = 36;
};

}  // namespace hccws::nomo
