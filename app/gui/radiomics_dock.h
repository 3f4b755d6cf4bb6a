#pragma once
// View > Radiomics (issue 19, docs/radiomics.md): IBSI radiomic features of the current case. The user picks
// the ROIs (all tumour voxels, each lesion, the liver, the peritumoral ring of a width in mm, cut to the liver),
// the discretisation (fixed bin width or number), re-segmentation and interpolation; Compute runs on a worker
// (progress bar, Cancel drops the result) over every phase of the study on one snapshot of the segmentation.
// The ring is shown as its own label layer in the slice views ("Show the ring"). The table lists every feature
// with its IBSI name and code; each row's tooltip says where its value comes from (measured on which
// segmentation, ROI and phase). An edit of the segmentation marks the results stale (kept, shown as stale).
// Export: the table as CSV with the settings file beside it, as `hccws radiomics` writes them.
// Threading: GUI thread; the computation runs on a worker and comes back whole.
#include <hccws/core/intensity_map.h>
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>
#include <hccws/radiomics/settings.h>

#include <QDockWidget>
#include <QFutureWatcher>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace hccws::gui {

// What the panel computes on: the study's phases (name, volume) and a copy of the segmentation.
struct RadiomicsPhase {
  QString name;
  std::shared_ptr<const core::CtVolume> volume;  // stored voxels
  core::IntensityMap intensity;                   // their real values (HU for CT, MRI's own units)
};

struct RadiomicsInput {
  std::vector<RadiomicsPhase> phases;
  std::shared_ptr<const core::LabelMap> labels;
  QString labelsName;  // the segmentation's file or "the segmentation" (provenance)
};

struct RadiomicsRow {
  QString phase, roi, roiDescription, family, feature, code, aggregation, unit, note;
  double value = 0;
};

struct RadiomicsRun {
  std::vector<RadiomicsRow> rows;
  std::shared_ptr<core::LabelMap> ring;  // the ring as a one-label map (null: no ring asked or empty)
  radiomics::Settings settings;
  QString labelsName;
  QStringList skipped;
  bool cancelled = false;
  QString error, detail;
};

// The computation itself (any thread): every ROI on every phase; `cancel` stops it.
RadiomicsRun computeRadiomics(const RadiomicsInput& input, const radiomics::Settings& settings, bool tumour, bool lesions,
                              bool liver, double ringMm, const std::function<bool(double, const QString&)>& progress);

class RadiomicsDock : public QDockWidget {
  Q_OBJECT

 public:
  explicit RadiomicsDock(QWidget* parent = nullptr);
  ~RadiomicsDock() override;

  // Called by Compute for the current case (empty phases: nothing to compute).
  void setInputProvider(std::function<RadiomicsInput()> provider) { provider_ = std::move(provider); }
  bool compute();  // false when busy or there is no study or segmentation (the reason in the status line)
  void cancel();
  bool busy() const;
  void setStale(bool stale);
  bool stale() const { return stale_; }
  void setRingWidth(double mm);
  std::shared_ptr<const RadiomicsRun> result() const { return result_; }
  bool exportCsv(const QString& path, QString* error = nullptr) const;
  QString statusText() const;
  QTableWidget* table() const { return table_; }

 Q_SIGNALS:
  void progress(double fraction, const QString& stage);
  void computed(bool ok, const QString& message);
  // The ring to show as a label layer (null: hide it).
  void ringChanged(std::shared_ptr<const hccws::core::LabelMap> ring);

 private:
  radiomics::Settings settingsFromControls() const;
  void onFinished();
  void fillTable();
  void setStatus(const QString& text);

  std::function<RadiomicsInput()> provider_;
  std::shared_ptr<const RadiomicsRun> result_;
  std::shared_ptr<std::atomic<bool>> cancelFlag_;
  QFutureWatcher<RadiomicsRun>* watcher_;
  bool stale_ = false;

  QCheckBox *tumour_, *lesions_, *liver_, *ring_, *showRing_;
  QDoubleSpinBox *ringMm_, *binWidth_, *isoMm_;
  QComboBox* discretisation_;
  QSpinBox* binNumber_;
  QCheckBox *reseg_, *iso_;
  QDoubleSpinBox *resegLow_, *resegHigh_;
  QPushButton *compute_, *cancel_, *export_;
  QProgressBar* bar_;
  QLabel* status_;
  QTableWidget* table_;
};

}  // namespace hccws::gui
