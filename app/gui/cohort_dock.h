#pragma once
// View > Cohort (issue 17, docs/cohorts.md): a real cohort beside the case. The user picks a cohort mapping
// (the shipped ones, or a file), the cohort's table and which nomogram arm to validate; the table is imported
// and the model validated off the UI thread (a busy bar and Cancel, which drops the result); the cohort view
// (nomogram/widgets cohort_view.h) shows KM by risk group, calibration, td-AUC over time, decision curves, the
// cohort's linear predictors with the patient's marked, and the patient's predicted curve.
// When the study shown is a row of the cohort (its ID found in the study's folder name or PatientID, or chosen
// in the list), "Fill the nomogram" puts that row's recorded values into the nomogram as "from the clinical
// table" (the table, patient and line named) and the view shows the patient's observed outcome against the
// predicted curve. Export: the view as PNG, SVG or PDF (one page).
// Threading: GUI thread; the import and validation run on a worker and come back whole.
#include <hccws/nomogram/cohort_view.h>
#include <hccws/survival/cohort.h>

#include <QDockWidget>
#include <QFutureWatcher>

#include <atomic>
#include <map>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace hccws::nomo {
class NomogramWorkspace;
}

namespace hccws::gui {

// One cohort validation as the window and `hccws cohort-summary` make it: the table imported through the mapping,
// the model's terms the cohort lacks at the model's assumed values (listed), the validation at every 6 months to
// 60 (within the follow-up), 100 bootstrap resamples. Any thread; `error` set instead of throwing.
struct CohortRun {
  surv::CohortMapping mapping;
  surv::CohortData cohort;
  surv::NomogramModel model;
  surv::ValidationResult validation;
  QStringList assumed;
  QString error;
};
CohortRun runCohortValidation(const std::string& mappingFile, const std::string& table, const surv::NomogramModel& model,
                              const std::atomic<bool>* cancel = nullptr);
// What the cohort view draws of a run, without a patient.
std::shared_ptr<nomo::CohortViewData> cohortViewData(const CohortRun& run);
// The view as one PDF page (landscape A4), PNG (150 dpi) or SVG, by the file's suffix; GUI thread.
bool exportCohortView(const nomo::CohortView& view, const QString& path, QString* error = nullptr);

class CohortDock : public QDockWidget {
  Q_OBJECT

 public:
  CohortDock(nomo::NomogramWorkspace* workspace, QWidget* parent = nullptr);
  ~CohortDock() override;

  // The study shown (its folder and PatientID): used to find the patient among the cohort's rows.
  void setPatientContext(const QString& studyPath, const QString& patientId);
  // Programmatic use (tests, scripts): the mapping file, the table and the arm ("TACE", "HAIC") or a model file
  // (a path ending in .json: e.g. the shipped refit model).
  void setCohort(const QString& mappingFile, const QString& tableFile, const QString& armOrModelFile);
  bool validate();  // false when busy or the inputs are incomplete (the reason in the status line)
  void cancel();
  bool busy() const;
  // The cohort's row chosen for the patient ("" when none), and filling the nomogram from it.
  QString chosenRow() const;
  bool chooseRow(const QString& id);
  bool fillNomogramFromRow();
  bool exportSummary(const QString& path, QString* error = nullptr);
  nomo::CohortView* view() const { return view_; }
  QString statusText() const;

 Q_SIGNALS:
  void validated(bool ok, const QString& message);

 private:
  using Result = CohortRun;
  void onFinished();
  void refreshPatient();
  const surv::NomogramModel* armModel();
  int addModelFile(const QString& path);  // the combo's index (-1: not a model file; the reason in the status)

  nomo::NomogramWorkspace* workspace_;
  nomo::CohortView* view_;
  QComboBox* mapping_;
  QLineEdit* table_;
  QComboBox* arm_;
  QComboBox* horizon_;
  QComboBox* row_;
  QPushButton* run_;
  QPushButton* cancel_;
  QPushButton* fill_;
  QProgressBar* busy_;
  QLabel* status_ = nullptr;
  QString studyPath_, patientId_;
  std::shared_ptr<std::atomic<bool>> cancelled_;
  QFutureWatcher<std::shared_ptr<Result>> watcher_;
  std::shared_ptr<const Result> result_;
  std::map<QString, surv::NomogramModel> fileModels_;  // model files chosen (path -> model)
};

}  // namespace hccws::gui
