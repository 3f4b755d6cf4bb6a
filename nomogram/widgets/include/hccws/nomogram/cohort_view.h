#pragma once
// The cohort view (issue 17, docs/cohorts.md): how a nomogram model does on a real cohort, and where the patient
// on the screen sits in it. Six panels drawn with QPainter from a validation (hccws/survival/validation.h):
//   Kaplan-Meier by the model's risk group (log-rank p) | calibration at the chosen horizon (observed KM with CI
//   vs mean predicted, by group of predicted survival) | td-AUC over time with +-1.96 bootstrap SE
//   decision curves at the horizon (model, treat all, treat none) | the distribution of the linear predictor
//   with the risk cut-off and the patient's own lp marked | the patient's predicted curve with the observed
//   outcome (death or censoring at its time) when the patient is a row of the cohort.
// render() paints the same panels into any painter (PNG, SVG, PDF: painting_export.h), with the title, the
// cohort, the model's provenance, what was assumed and the research notice.
// Threading: GUI thread; the data are computed elsewhere (off the UI thread) and handed over whole.
#include <hccws/survival/validation.h>

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace hccws::nomo {

struct CohortViewData {
  QString cohort;          // "TCIA HCC-TACE-Seg (105 TACE patients)"
  QString model;           // "TACE nomogram (published coefficients + reconstruction)"
  QString assumedNote;     // terms fixed at assumed values for every patient ("" when none)
  QString dataNote;        // "53 of 105 patients (complete cases); 52 dropped for missing values"
  surv::ValidationResult validation;
  double lpCutoff = 0;
  bool highIfAbove = true;
  // The patient on the screen (optional): the lp from the nomogram's inputs, its predicted curve, and - when the
  // patient is a row of the cohort - the observed outcome.
  std::optional<double> patientLp;
  QString patientLabel;                                 // "HCC_048"
  std::vector<std::pair<double, double>> patientCurve;  // (months, S)
  std::optional<double> observedMonths;
  bool observedDeath = false;
};

class CohortView : public QWidget {
  Q_OBJECT

 public:
  enum class Panel { RiskGroups, Calibration, AucOverTime, DecisionCurve, LpDistribution, Patient };

  explicit CohortView(QWidget* parent = nullptr);
  void setData(std::shared_ptr<const CohortViewData> data);
  const CohortViewData* data() const { return data_.get(); }
  // Which of the validation's horizons the calibration and decision panels show (index into its horizons).
  void setHorizon(int index);
  int horizon() const { return horizon_; }
  // Paints every panel into `area` of any painter (the widget, an image, an SVG, a PDF page).
  void render(QPainter& painter, const QRectF& area) const;
  // For tests and the accessibility of the screen: a panel's rectangle in widget coordinates, and where the
  // patient's lp is marked on the distribution (nullopt without a patient lp).
  QRectF panelRect(Panel panel) const;
  std::optional<QPointF> patientMarker() const;
  QString summaryText() const;  // the numbers the view shows, as text

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::shared_ptr<const CohortViewData> data_;
  int horizon_ = 0;
};

}  // namespace hccws::nomo
