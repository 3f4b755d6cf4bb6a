#pragma once
// SegmentController: runs a model bundle (docs/inference.md) on the study shown, off the UI thread, and
// hands back the labels as a proposal for the window to show, accept or reject.
//
// Contract:
// - Inputs: the study's phases as (phase kind, shared CT volume) pairs, with the kinds the phase decisions
//   (or the user's overrides) gave them; the bundle's manifest says which phases it needs (e.g. arterial +
//   portal venous). A missing phase fails with a message naming it and the phases the study has. The CT
//   volumes are shared read-only with the views; the worker copies what the pipeline needs.
// - Output: proposalReady(proposal) with the labels on `shownGrid` (the grid of the phase shown): the shown
//   phase is the pipeline's reference when the model takes it, else the labels are resampled (nearest
//   neighbour, world frame, identity) onto it. Frames: LPS mm world; phases of one study share the scanner
//   frame unless SegmentSettings::registerPhases asks for a rigid registration onto the reference first.
// - Device: the engine chooses CUDA when available, else CPU (SegmentSettings::device overrides); the
//   proposal names the device used.
// - Progress: progress(fraction 0..1, stage) on the GUI thread; cancel() makes the next progress report
//   stop the work, reported as cancelled(). Errors (not a bundle, checksum mismatch, missing phase, wrong
//   grid) arrive as failed(message naming the folder or phase, technical detail). Each start() that returned
//   true ends with finished() (busy() is false by then) followed by exactly one of proposalReady / failed /
//   cancelled.
// - One run at a time: start() while busy returns false. Built without the inference engine, available()
//   is false and start() fails at once with a message saying so.
// Threading: create and use on the GUI thread; the worker touches no Qt widget. The destructor cancels and
// waits for the worker.
#include <hccws/core/label_map.h>
#include <hccws/core/measurements.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace hccws::gui {

struct SegmentInput {
  core::PhaseKind kind = core::PhaseKind::Unknown;
  std::shared_ptr<const core::CtVolume> volume;
};

struct SegmentSettings {
  std::string device = "auto";  // auto (CUDA when available), cpu, cuda, cuda:N
  bool mirroring = true;        // nnU-Net's test-time mirroring (8 flips; slower, slightly better)
  bool registerPhases = false;  // rigid registration of the other phases onto the reference first
  bool verifyChecksums = true;  // SHA-256 of the bundle's files
};

struct SegmentProposal {
  core::LabelMap labels;         // on the shown phase's grid
  QString modelDir;
  QString modelName;             // manifest name and version
  QString provenance;            // manifest provenance, e.g. "trained on synthetic phantoms, not for clinical use"
  QString device;                // e.g. "CPU, fp32, 2 threads: no CUDA device visible"
  QStringList log;               // pipeline log (resampling, tiles, post-processing)
  double seconds = 0;            // wall time of the run, preprocessing included
  core::Measurements measurements;  // of the proposal itself (shown before Accept)
};

class SegmentController : public QObject {
  Q_OBJECT

 public:
  explicit SegmentController(QObject* parent = nullptr);
  ~SegmentController() override;

  static bool available();
  void setSettings(const SegmentSettings& settings) { settings_ = settings; }
  const SegmentSettings& settings() const { return settings_; }

  bool start(const QString& bundleDir, std::vector<SegmentInput> phases, int shownIndex);

  // Whether the bundle in `bundleDir` can run on a study with these phases (its manifest's channels are the
  // phases it needs; reading the manifest only, no weights hashed): empty when it fits, else a sentence naming
  // the phases it needs and the ones missing ("needs arterial + portal venous; this study has no arterial
  // phase"). Also a sentence when the folder is not a usable bundle or the build has no inference engine.
  static QString whyNotRunnable(const QString& bundleDir, const std::vector<core::PhaseKind>& phases);
  void cancel();
  bool busy() const { return watcher_.isRunning(); }
  void waitForFinished() { watcher_.waitForFinished(); }

 Q_SIGNALS:
  void started(const QString& what);
  void progress(double fraction, const QString& stage);
  void proposalReady(std::shared_ptr<const hccws::gui::SegmentProposal> proposal);
  void failed(const QString& message, const QString& detail);
  void cancelled();
  void finished();

 public:
  struct Result {
    std::shared_ptr<SegmentProposal> proposal;
    QString error, detail;
    bool cancelled = false;
  };

 private:
  void onFinished();

  SegmentSettings settings_;
  QFutureWatcher<Result> watcher_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace hccws::gui
