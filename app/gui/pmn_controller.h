#pragma once
// PmnController: runs a PMN bundle (docs/pmn.md) on the study shown and its current segmentation, off the UI
// thread, and hands back the result: p(proliferative), class, DL risk score per arm, the heatmaps on the ROI
// grid, the lesion and the model's provenance.
//
// Contract:
// - Inputs: the study's phases as (phase kind, shared CT volume) pairs (the kinds the phase decisions or the
//   user's overrides gave them) and a snapshot of the segmentation (shared, read-only); the bundle's manifest
//   names the phases it needs. A missing phase, no tumour segment or no lesion fails with a message naming
//   them. The label map's grid is the reference; phases on other grids are resampled through the world frame.
// - Progress: progress(fraction, stage) on the GUI thread; cancel() stops at the next report (cancelled()).
//   Each start() that returned true ends with finished() then exactly one of resultReady / failed / cancelled.
// - One run at a time: start() while busy returns false. Without the inference engine available() is false.
// Threading: GUI thread; the worker touches no Qt widget. The destructor cancels and waits.
#include <hccws/core/label_map.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#if HCCWS_HAVE_INFERENCE
#include <hccws/pipeline/pmn.h>
#endif

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

#include "segment_controller.h"  // SegmentInput

namespace hccws::gui {

#if HCCWS_HAVE_INFERENCE
using PmnResult = pipeline::PmnCaseResult;
#else
struct PmnResult {};
#endif

class PmnController : public QObject {
  Q_OBJECT

 public:
  explicit PmnController(QObject* parent = nullptr);
  ~PmnController() override;

  static bool available();
  // The bundle shipped in resources/models/demo_pmn.
  static QString demoModelDir();
  // Why the bundle cannot run on a study with these phases ("" when it can): not a PMN bundle, or phases missing.
  static QString whyNotRunnable(const QString& bundleDir, const std::vector<core::PhaseKind>& phases);
  bool start(const QString& bundleDir, std::vector<SegmentInput> phases, std::shared_ptr<const core::LabelMap> labels,
             int lesionId = 1);
  void cancel();
  bool busy() const { return watcher_.isRunning(); }
  void waitForFinished() { watcher_.waitForFinished(); }

 Q_SIGNALS:
  void started(const QString& what);
  void progress(double fraction, const QString& stage);
  void resultReady(std::shared_ptr<const hccws::gui::PmnResult> result);
  void failed(const QString& message, const QString& detail);
  void cancelled();
  void finished();

 public:
  struct Result {
    std::shared_ptr<PmnResult> result;
    QString error, detail;
    bool cancelled = false;
  };

 private:
  void onFinished();
  QFutureWatcher<Result> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace hccws::gui
