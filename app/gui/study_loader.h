#pragma once
// Loads studies and label maps, and registers phases, off the UI thread (QtConcurrent) and hands the results to the GUI thread
// (QFutureWatcher). One load at a time; a new request while busy is refused (returns false).
// Progress arrives as signals on the GUI thread; cancel() makes the core's progress sink answer "stop",
// and the core then throws Cancelled, reported as cancelled(). The loader waits for its worker when
// destroyed, so the worker never outlives it.
// Threading: create and use on the GUI thread; the worker touches no Qt widget and no VTK object.
#include <hccws/case/case_folder.h>
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/registration.h>
#include <hccws/core/study.h>

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hccws::gui {

// Phases registered rigidly onto a reference phase (core::registerImages) and resampled onto its grid, so one
// world point is one anatomical point in every phase. Indices are the study's phase indices.
struct PhaseRegistration {
  struct Moved {
    int index = -1;
    std::shared_ptr<const core::CtVolume> volume;  // on the reference grid
    core::RegistrationResult result;               // reference (fixed) -> this phase's original (moving)
  };
  int referenceIndex = -1;
  std::vector<Moved> moved;
};

class StudyLoader : public QObject {
  Q_OBJECT

 public:
  struct Result {
    std::shared_ptr<core::Study> study;
    std::shared_ptr<core::LabelMap> labels;
    std::shared_ptr<core::Heatmap> heatmap;
    std::shared_ptr<PhaseRegistration> registration;
    std::shared_ptr<cases::CaseFolder> caseFolder;  // loadCase: the open case (its study and labels above)
    std::vector<cases::SourceCheck> sourceChecks;
    std::vector<int> caseSourceOf;  // per phase of `study`: its source in the case
    QString error, detail;
    bool cancelled = false;
  };

  explicit StudyLoader(QObject* parent = nullptr);
  ~StudyLoader() override;

  // A DICOM folder or an image file (core::loadStudy).
  bool loadStudy(const QString& path);
  // A label map file (core::readLabelMap) or a DICOM SEG (placed on referenceGrid when its frames fall on
  // it, else on its own grid).
  bool loadLabels(const QString& path, const std::optional<core::Geometry>& referenceGrid = std::nullopt,
                  const std::optional<core::SeriesSource>& loaded = std::nullopt);
  // The synthetic phantom demo (core::generatePhantom): arterial and portal venous phases without motion
  // between them, and its ground-truth labels. SYNTHETIC - NOT PATIENT DATA.
  bool loadPhantomDemo();
  // A case folder (docs/case-files.md): opened (locked, or read-only when another process holds it), its
  // sources loaded (each path once; the case's phase decisions kept: the user's overrides and the phase the
  // case's results were computed for), re-hashed against the case, and its saved segmentation read. The
  // journal is not applied here: the window asks first (caseLoaded's folder->pending()).
  bool loadCase(const QString& dir);
  // A float image as a heatmap layer (core::readFloatImage); its value range is the data's min..max.
  bool loadHeatmap(const QString& path);
  // Registers each `moving` phase onto `reference` and resamples it onto the reference grid (one at a time:
  // registration takes ITK's threads). The inputs are shared, never written.
  bool registerPhases(int referenceIndex, std::shared_ptr<const core::CtVolume> reference,
                      std::vector<std::pair<int, std::shared_ptr<const core::CtVolume>>> moving,
                      bool hounsfield = true);
  void cancel();
  bool busy() const { return watcher_.isRunning(); }
  // Blocks until the current load is done (tests and shutdown).
  void waitForFinished() { watcher_.waitForFinished(); }

 Q_SIGNALS:
  void started(const QString& what);
  void progress(double fraction, const QString& stage);
  void studyLoaded(std::shared_ptr<hccws::core::Study> study);
  void labelsLoaded(std::shared_ptr<hccws::core::LabelMap> labels);
  void heatmapLoaded(std::shared_ptr<hccws::core::Heatmap> heatmap);
  void phasesRegistered(std::shared_ptr<hccws::gui::PhaseRegistration> registration);
  void caseLoaded(std::shared_ptr<hccws::cases::CaseFolder> folder, std::shared_ptr<hccws::core::Study> study,
                  std::shared_ptr<hccws::core::LabelMap> labels, std::vector<hccws::cases::SourceCheck> checks,
                  std::vector<int> sourceOf);
  void failed(const QString& message, const QString& detail);
  void cancelled();
  void finished();

 private:
  bool start(const QString& what, std::function<Result(const core::ProgressSink&)> work);
  void onFinished();

  QFutureWatcher<Result> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace hccws::gui
