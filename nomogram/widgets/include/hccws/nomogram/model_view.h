#pragma once
// A binary-outcome model on one page (issue 19, docs/radiomics.md): the ROC curve with DeLong's CI (and a second
// model's curve with DeLong's test), calibration by groups with Hosmer-Lemeshow and the calibration slope, the
// decision curve against treat-all and treat-none, and the logistic nomogram (points per variable, total points,
// probability). Drawn with QPainter into any painter (the screen, PNG, SVG, PDF: painting_export.h).
// Threading: GUI thread; the evaluation is computed elsewhere and handed over whole.
#include <hccws/survival/binary_model.h>

#include <QString>
#include <QWidget>

#include <memory>

namespace hccws::nomo {

struct ModelViewData {
  QString title;       // "P53 mutation: clinical + radiomics + DL"
  QString cohort;      // the evaluation table, named
  QString otherModel;  // the compared model's name ("" when none)
  surv::BinaryModel model;
  surv::BinaryEvaluation evaluation;
};

class ModelView : public QWidget {
  Q_OBJECT

 public:
  enum class Panel { Roc, Calibration, DecisionCurve, Nomogram };

  explicit ModelView(QWidget* parent = nullptr);
  void setData(std::shared_ptr<const ModelViewData> data);
  const ModelViewData* data() const { return data_.get(); }
  void render(QPainter& painter, const QRectF& area) const;
  QRectF panelRect(Panel panel) const;  // in widget coordinates
  QString summaryText() const;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::shared_ptr<const ModelViewData> data_;
};

}  // namespace hccws::nomo
