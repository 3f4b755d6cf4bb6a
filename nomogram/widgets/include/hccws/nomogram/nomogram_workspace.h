#pragma once
// NomogramWorkspace: the TACE-or-HAIC decision aid as one widget, for the workstation's dock or tab.
//
// Layout (works from 1280 x 800): a permanent "Research use only - a decision aid, not an instruction" notice
// on top; the patient's inputs (NomogramInputs) on the left; the nomogram of the selected arm (one
// NomogramView per arm, switched by a combo box) beside the survival curves of every arm (SurvivalCurvesView);
// the provenance of every number (ProvenancePanel) below; export buttons (PNG / SVG of the nomogram and of the
// curves) in the tool row.
//
// API for the application:
// - loadModelsFromFolder(folder): reads every nomogram_*.json there (the app passes resources/models), TACE
//   first, then HAIC, then the others by file name; loadModelFiles(files) for explicit files. Errors: false and
//   `*error` = "<file>: <key>: <problem>" from the core reader; the previous models stay.
// - Inputs start MISSING: no curve, difference or risk group is shown for an arm until all its inputs are
//   present; the status line lists what each arm needs. setInputs(values, sourceText) / setMeasuredInputs:
//   measured values (variable names of the model files: "diameter" in cm, "lesion_number", ...) with their
//   source; names that no model uses are returned. Typed values are never overwritten by measurements.
//   fillAssumed() (the "Fill missing with cohort medians" button) fills the rest from the model files'
//   `assumed` values, marked assumed on the curves (dashed, summary line) and the nomogram (footer). inputs() / inputSources() read the state back; inputsChanged() fires on every change
//   (user edit or setInputs).
// - exportNomogram / exportCurves(path, size): PNG or SVG by suffix, default size = the view's size on screen
//   (at least 1000 x 700 for the nomogram, 900 x 600 for the curves).
// Everything runs on the GUI thread; all numbers come from hccws::surv (the widgets do no statistics).
#include <hccws/survival/nomogram_model.h>

#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace hccws::nomo {

class NomogramInputs;
class NomogramView;
class ProvenancePanel;
class SurvivalCurvesView;

class NomogramWorkspace : public QWidget {
  Q_OBJECT
 public:
  explicit NomogramWorkspace(QWidget* parent = nullptr);

  bool loadModelsFromFolder(const QString& folder, QString* error = nullptr);
  bool loadModelFiles(const QStringList& files, QString* error = nullptr);
  void setModels(std::vector<surv::NomogramModel> models);
  int armCount() const { return static_cast<int>(models_.size()); }
  const surv::NomogramModel& model(int arm) const { return *models_.at(static_cast<size_t>(arm)); }
  int armIndex(const QString& arm) const;  // -1 when no model has that arm

  // Measured values with one source text (a typed input keeps its value; see NomogramInputs).
  std::vector<std::string> setInputs(const std::map<std::string, double>& values, const QString& sourceText);
  // Measured values with a source each; nullopt = not measurable on this segmentation (-> missing).
  std::vector<std::string> setMeasuredInputs(const std::map<std::string, std::optional<double>>& values,
                                             const std::map<std::string, QString>& sources);
  // Values computed by a model (the PMN), a source each; and their stale flag (see NomogramInputs).
  std::vector<std::string> setComputedInputs(const std::map<std::string, std::optional<double>>& values,
                                             const std::map<std::string, QString>& sources);
  bool markInputsStale(const std::vector<std::string>& names, bool stale = true);
  // Values from a clinical table, one source for them all (see NomogramInputs::setClinical).
  std::vector<std::string> setClinicalInputs(const std::map<std::string, double>& values, const QString& source);
  // The explicit "Fill missing with cohort medians": returns the names filled (marked assumed everywhere).
  std::vector<std::string> fillAssumed();
  std::vector<std::string> fillAssumed(const std::vector<std::string>& names);  // only these, if missing
  std::map<std::string, double> inputs() const;
  std::map<std::string, QString> inputSources() const;

  void setCurrentArm(int arm);  // which nomogram is shown
  int currentArm() const;

  bool exportNomogram(const QString& path, QSize size = QSize(), QString* error = nullptr, int dpi = 96) const;
  bool exportCurves(const QString& path, QSize size = QSize(), QString* error = nullptr, int dpi = 96) const;

  NomogramInputs* inputsWidget() const { return inputs_; }
  NomogramView* nomogramView(int arm) const;
  SurvivalCurvesView* curvesView() const { return curves_; }
  ProvenancePanel* provenancePanel() const { return provenance_; }
  QLabel* researchNoticeLabel() const { return notice_; }

 Q_SIGNALS:
  void inputsChanged();
  void modelsChanged();

 private:
  void applyInputs();
  void exportInteractively(bool nomogram, const QString& suffix);

  std::vector<std::shared_ptr<const surv::NomogramModel>> models_;
  std::vector<NomogramView*> views_;
  QLabel* notice_ = nullptr;
  QComboBox* armBox_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  NomogramInputs* inputs_ = nullptr;
  SurvivalCurvesView* curves_ = nullptr;
  ProvenancePanel* provenance_ = nullptr;
  QLabel* status_ = nullptr;
  QPushButton* fill_ = nullptr;
};

}  // namespace hccws::nomo
