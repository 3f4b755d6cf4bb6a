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
// Each input has a state (surv::PatientInputs): missing at first (the field says "missing", nothing is
// invented), measured (setMeasured/setValues with the source, e.g. "segment 2 'tumour' of this
// segmentation"), typed (an edit in the form: a later measurement never overwrites it; it is shown beside
// the typed value with a "Use measured" button) or assumed (fillAssumed(): the model file's cohort value).
// Ownership: the models are shared, const. GUI thread only. valuesChanged() fires once per change (one per
// edit, one per setValues()/setMeasured()/fillAssumed()).
#include <hccws/survival/nomogram_model.h>
#include <hccws/survival/patient_inputs.h>

#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;

namespace hccws::nomo {

class NomogramInputs : public QWidget {
  Q_OBJECT
 public:
  explicit NomogramInputs(QWidget* parent = nullptr);
  ~NomogramInputs() override;

  void setModels(const std::vector<std::shared_ptr<const surv::NomogramModel>>& models);
  std::vector<std::string> names() const;  // the fields, in display order

  // The inputs that have a value (missing ones are absent from the map).
  std::map<std::string, double> values() const;
  double value(const std::string& name) const;  // throws std::out_of_range for an unknown or missing name
  // Measurements (names no field knows are returned, not applied), all with one `source`; a typed value
  // stays typed and keeps the measurement beside it.
  std::vector<std::string> setValues(const std::map<std::string, double>& values, const QString& source);
  // Measurements with a source each; nullopt = not measurable here (a measured input becomes missing).
  std::vector<std::string> setMeasured(const std::map<std::string, std::optional<double>>& values,
                                       const std::map<std::string, QString>& sources);
  // Values computed by a model (state computed; the PMN's scores), a source each; as setMeasured otherwise.
  std::vector<std::string> setComputed(const std::map<std::string, std::optional<double>>& values,
                                       const std::map<std::string, QString>& sources);
  // Flags measured/computed inputs stale (what they came from changed) or fresh; true when one changed.
  bool markStale(const std::vector<std::string>& names, bool stale = true);
  bool setTyped(const std::string& name, double value);  // as an edit in the form
  // Values from a clinical table (state clinical; `source` names the table, patient and line); names no field
  // knows are returned, not applied.
  std::vector<std::string> setClinical(const std::map<std::string, double>& values, const QString& source);
  bool useMeasured(const std::string& name);            // typed -> the kept measurement
  std::vector<std::string> fillAssumed();               // the explicit "fill missing with cohort medians"
  std::vector<std::string> fillAssumed(const std::vector<std::string>& names);  // only these (a case restored)
  QString source(const std::string& name) const;        // "measured: ...", "typed by the user", "missing" ...
  const surv::PatientInputs& state() const { return state_; }

  bool isExtrapolated(const std::string& name) const;
  std::vector<std::string> extrapolatedNames() const;
  QString extrapolationMessage(const std::string& name) const;  // what the field shows; empty when in range
  // A value on the axis but outside a model's study cohort (e.g. diameter 3 cm, study >= 5 cm): a note, not
  // an extrapolation warning; empty when inside (or when the value is extrapolated anyway).
  QString cohortNote(const std::string& name) const;
  std::vector<std::string> outsideCohortNames() const;

  // The field's widgets (null where the kind has none), for the workstation and for tests.
  QDoubleSpinBox* spinBox(const std::string& name) const;
  QSlider* slider(const std::string& name) const;
  QComboBox* comboBox(const std::string& name) const;
  QLabel* warningLabel(const std::string& name) const;
  QLabel* sourceLabel(const std::string& name) const;
  QPushButton* useMeasuredButton(const std::string& name) const;

 Q_SIGNALS:
  void valuesChanged();

 private:
  static QString assumedSource(const surv::PatientInput& in);
  struct Field;
  Field& field(const std::string& name);
  const Field& field(const std::string& name) const;
  void showValue(Field& f);
  void refreshFlag(Field& f);
  void userEdited(Field& f, double v);
  void clear();
  std::vector<std::string> offer(const std::map<std::string, std::optional<double>>& values,
                                 const std::map<std::string, QString>& sources, bool computed);

  std::vector<std::shared_ptr<const surv::NomogramModel>> models_;
  void showAll();
  std::vector<std::unique_ptr<Field>> fields_;
  surv::PatientInputs state_;
  bool updating_ = false;
};

}  // namespace hccws::nomo
