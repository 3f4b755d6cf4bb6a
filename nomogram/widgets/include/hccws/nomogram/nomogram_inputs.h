#pragma once
// NomogramInputs: the form for one patient's nomogram inputs, built from the models' variables.
//
// One field per variable name over all the given models (the TACE and HAIC arms share lesion number, DL risk
// score and proliferative class: one field feeds both). Continuous variables get a QDoubleSpinBox and a QSlider
// (the slider spans the modelled range; the spin box accepts values beyond it), binary/categorical ones a
// QComboBox of the model's levels. A value outside any model's range (or not one of its levels) is accepted,
// evaluated by the models, and flagged as extrapolation: warning colour on the field and a visible message
// naming the model and its range.
//
// Each value carries where it came from: "reference value" at first, the caller's text for setValues() (e.g.
// "measured on segmentation"), "entered by user" after an edit in the form.
// Ownership: the models are shared, const. GUI thread only. valuesChanged() fires once per change (one per
// edit, one per setValues()).
#include <hccws/survival/nomogram_model.h>

#include <QWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace hccws::nomo {

class NomogramInputs : public QWidget {
  Q_OBJECT
 public:
  explicit NomogramInputs(QWidget* parent = nullptr);
  ~NomogramInputs() override;

  void setModels(const std::vector<std::shared_ptr<const surv::NomogramModel>>& models);
  std::vector<std::string> names() const;  // the fields, in display order

  std::map<std::string, double> values() const;
  double value(const std::string& name) const;  // throws std::out_of_range for an unknown name
  // Sets the named values (names no field knows are returned, not applied) and records `source` for them.
  std::vector<std::string> setValues(const std::map<std::string, double>& values, const QString& source);
  QString source(const std::string& name) const;

  bool isExtrapolated(const std::string& name) const;
  std::vector<std::string> extrapolatedNames() const;
  QString extrapolationMessage(const std::string& name) const;  // what the field shows; empty when in range

  // The field's widgets (null where the kind has none), for the workstation and for tests.
  QDoubleSpinBox* spinBox(const std::string& name) const;
  QSlider* slider(const std::string& name) const;
  QComboBox* comboBox(const std::string& name) const;
  QLabel* warningLabel(const std::string& name) const;
  QLabel* sourceLabel(const std::string& name) const;

 Q_SIGNALS:
  void valuesChanged();

 private:
  struct Field;
  Field& field(const std::string& name);
  const Field& field(const std::string& name) const;
  void showValue(Field& f);
  void refreshFlag(Field& f);
  void userEdited(Field& f, double v);
  void clear();

  std::vector<std::shared_ptr<const surv::NomogramModel>> models_;
  std::vector<std::unique_ptr<Field>> fields_;
  bool updating_ = false;
};

}  // namespace hccws::nomo
