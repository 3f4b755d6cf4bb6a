#pragma once
// LabelEditor: the segment editor's state and the one writer of the label map being edited.
//
// Contract:
// - Ownership: the editor owns the mutable LabelMap (shared_ptr) and its EditHistory (compressed deltas,
//   hccws/core/edit_history.h). Views get the same object as shared_ptr<const LabelMap> (labels()) and
//   only read it; they refresh on labelsChanged(box). A new map (setLabels, ensureLabels) is announced by
//   labelsReplaced() and clears the history.
// - Tools: None (navigate), Paint, Erase, ThresholdPaint (paint limited to an HU range of the CT), Fill and
//   ActiveContour (a click seeds core::activeContour: the tumour around the click, threshold from the seed's HU,
//   run off the GUI thread through applyAsync() - one step "Active contour <label>" with progress and Cancel), and
//   EraseRegion (the connected region. Erase: in 3D by default - the 26-connected lesion, as measurements count
//   it, so erasing never splits one - or in the clicked slice with setEraseRegionIn3d(false). Fill: in the
//   clicked slice by default (a contour drawn in a slice), or in 3D with setFillIn3d(true) - the 6-connected
//   region, refused when it is not enclosed). A brush stroke is one history step: beginStroke() opens it,
//   continueStroke() paints the segment from the previous point (core::paintLine: dabs joined as capsules),
//   endStroke() commits it ("Paint Tumour"). Small panel operations go through apply(), one named step each,
//   synchronously.
// - Whole-map operations (islands, margin, smoothing, fill between slices, logical) go through applyAsync():
//   the operation runs on a worker thread on a private COPY of the map (the copy itself is made there, into
//   a scratch map kept between operations; the live map cannot change meanwhile, see "busy"), with a ChangeRecorder on the copy collecting the union of
//   the boxes it announces. When it is done, on the GUI thread, the voxels that differ inside that union are
//   copied into the live map as ONE named history step (begin -> aboutToChange(tight box) -> copy ->
//   commit), then labelsChanged / editFinished as for any edit, then operationFinished(info, ms).
//   operationProgress(fraction, stage) follows the core's ProgressSink (throttled to ~1 % steps and stage
//   changes). cancelOperation() makes the sink answer "stop" (the core throws Cancelled before writing a
//   voxel); a result that arrives after cancelOperation() is dropped too: nothing changes, and
//   operationCancelled(name) follows once the worker has stopped. A failure (core exception) changes nothing
//   and is reported by operationFailed(name, message) and editFailed.
// - Busy: from applyAsync() until its finished/cancelled/failed signal, busy() is true and every other
//   writer is refused with editFailed(message) and changes nothing: strokes, region fills, apply(),
//   replaceAll(), undo/redo/goToStep() and a second applyAsync(). Settings (tool, brush, rules, locks) may
//   change; the running operation keeps the rules and label table it started with. setLabels() during a
//   run (a new study, segmentation or proposal map) cancels it at once (busy() is false on return,
//   operationCancelled is emitted) and its result is dropped when it arrives (generation counter). The destructor cancels and
//   waits for every worker.
// - Erase back to liver: with setEraseToLiver(true), every erase (brush, region, island removal, shrinking
//   margin, intersect/subtract/clear, smoothing) writes the liver label (1) where it removes the active
//   label, unless the active label is the liver itself (then background, 0). rules() applies it.
// - Signals: labelsChanged(box) after every write (live during a stroke, so slices refresh at once);
//   editFinished(box) when the data settles (a step committed, undo, redo), for the costly consumers (3D
//   surfaces, measurements), which work on snapshot() off the UI thread. version() grows with every change.
// - Frames: brush centres are world points (LPS mm); radii in mm; slice axes are index axes of the label grid.
// - Errors: an edit the core refuses (bad argument, CT on another grid for threshold paint) changes nothing
//   and is reported by editFailed(message); no exception leaves the editor.
// Threading: the object lives on the GUI thread and every public function is called there. Only the
// AsyncOperation passed to applyAsync() and the progress hook run on a worker thread (a private pool of two
// threads, so 3D surface builds on the global pool do not delay an edit); they must not touch Qt widgets,
// VTK objects or the editor.
#include <hccws/core/edit_history.h>
#include <hccws/core/index_box.h>
#include <hccws/core/label_edit.h>
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/volume.h>

#include <QObject>
#include <QString>
#include <QtGlobal>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QThreadPool;

namespace hccws::widgets {

enum class EditTool { None, Paint, Erase, ThresholdPaint, Fill, EraseRegion, ActiveContour };
// Where paint may write: everywhere, or only on liver voxels (and the active label itself).
enum class EditableArea { Everywhere, InsideLiver };

QString displayName(EditTool tool);
bool isBrushTool(EditTool tool);

class LabelEditor : public QObject {
  Q_OBJECT

 public:
  using Operation = std::function<core::EditResult(core::LabelMap&, const core::EditRules&, core::ChangeRecorder*)>;
  // Runs on a worker thread, on a private copy of the map; passes the sink to the core operation.
  using AsyncOperation = std::function<core::EditResult(core::LabelMap&, const core::EditRules&,
                                                        core::ChangeRecorder*, const core::ProgressSink&)>;

  explicit LabelEditor(QObject* parent = nullptr);
  ~LabelEditor() override;

  // The map to edit (nullptr: none). Clears the history and marks the editor unmodified.
  void setLabels(std::shared_ptr<core::LabelMap> labels);
  // Makes sure there is a map to paint into: an empty one (standard table) on `grid` when there is none.
  void ensureLabels(const core::Geometry& grid);
  std::shared_ptr<const core::LabelMap> labels() const { return labels_; }
  bool hasLabels() const { return labels_ != nullptr; }
  // The CT the threshold tool reads (same grid as the labels) and whose grid ensureLabels() uses.
  void setImage(std::shared_ptr<const core::CtVolume> ct);
  const core::CtVolume* image() const { return ct_.get(); }

  EditTool tool() const { return tool_; }
  void setTool(EditTool tool);
  const core::Brush& brush() const { return brush_; }
  void setBrushRadiusMm(double mm);  // clamped to [0.5, 100]
  void setBrushShape(core::BrushShape shape);
  std::uint8_t activeLabel() const { return activeLabel_; }
  void setActiveLabel(std::uint8_t value);
  EditableArea editableArea() const { return area_; }
  void setEditableArea(EditableArea area);
  bool overwriteOtherLabels() const { return overwrite_; }
  void setOverwriteOtherLabels(bool on);
  const core::HuRange& huRange() const { return huRange_; }
  void setHuRange(const core::HuRange& range);
  // Lock flags live in the label table (not part of the undo history).
  void setLabelLocked(std::uint8_t value, bool locked);
  bool labelLocked(std::uint8_t value) const;
  // The display colour stored in the label table (saved with the map: NRRD label table, DICOM SEG
  // recommended display colour). Not an undo step, but it marks the map modified (version() grows).
  void setLabelColour(std::uint8_t value, const std::array<std::uint8_t, 3>& rgb);
  // Replaces the label table (segment names, colours, locks); not an undo step, marks the map modified.
  // Used when a model's proposal is accepted: its segment names say which roles the map now has.
  void setTable(core::LabelTable table);
  // Erase back to liver: erasing a label other than the liver writes liver (1) instead of background (0).
  bool eraseToLiver() const { return eraseToLiver_; }
  void setEraseToLiver(bool on);
  // The rules the current tool edits with (threshold tool: HU range and CT set).
  core::EditRules rules(bool threshold = false) const;

  // Brush strokes and region fills at world points. sliceAxis: the label grid's index axis normal to the
  // view (Disc brushes and region fills stay in that slice). Return false when nothing was started.
  bool beginStroke(const core::Vec3& worldLps, int sliceAxis);
  void continueStroke(const core::Vec3& worldLps);
  void endStroke();
  bool strokeActive() const { return stroke_.has_value(); }
  bool fillAt(const core::Vec3& worldLps, int sliceAxis);  // Fill, EraseRegion and ActiveContour clicks
  // Region tools in 3D or in the clicked slice (see the header comment for the defaults).
  void setEraseRegionIn3d(bool on) { eraseRegionIn3d_ = on; }
  bool eraseRegionIn3d() const { return eraseRegionIn3d_; }
  void setFillIn3d(bool on) { fillIn3d_ = on; }
  bool fillIn3d() const { return fillIn3d_; }
  // The label grid's index axis closest to a world direction (e.g. a view's normal).
  int indexAxisAlong(const core::Vec3& directionLps) const;

  // One named history step running `op` with the current rules (active label, masks, locks).
  // Refused (editFailed, empty info) while busy().
  core::EditStepInfo apply(const QString& name, const Operation& op);
  // One named history step running `op` off the GUI thread (see the contract above). Returns false (and
  // emits editFailed) when it did not start: busy, or no map and no image to create one on.
  bool applyAsync(const QString& name, AsyncOperation op);
  // Asks the running operation to stop; nothing changes. No effect when idle.
  void cancelOperation();
  bool busy() const { return job_ != nullptr; }
  QString operationName() const;
  // Operations still on a worker thread, including ones already cancelled or detached by setLabels() that
  // have not reached their next progress report yet.
  int pendingWorkers() const { return static_cast<int>(jobs_.size()); }
  // Called on the worker thread at every progress report of an applyAsync() operation, after the report is
  // posted to the GUI thread; returning false stops the operation like cancelOperation(). For scripted stop
  // conditions and tests; it must be thread-safe and must not wait for the editor's destructor.
  void setProgressHook(core::ProgressSink hook) { progressHook_ = std::move(hook); }
  // Replaces every voxel with `labels` (same grid as the map; a map is created on its grid when there is none)
  // as ONE named history step (e.g. "Accept segmentation proposal"): undo restores the previous labels
  // bit-identically. The map keeps its buffer (views read it zero-copy) and its label table; locks and masks
  // do not apply. A grid mismatch changes nothing and is reported by editFailed.
  core::EditStepInfo replaceAll(const QString& name, const core::Volume<std::uint8_t>& labels);

  bool canUndo() const;
  bool canRedo() const;
  void undo();
  void redo();
  // Undoes or redoes until `count` steps are applied (the history list's "go to this step").
  void goToStep(std::size_t count);
  const core::EditHistory& history() const { return history_; }
  // The undo memory budget (EditHistory::setByteBudget: prunes the oldest steps at once).
  void setHistoryByteBudget(std::size_t bytes) { history_.setByteBudget(bytes); }

  std::uint64_t version() const { return version_; }
  bool modified() const { return version_ != savedVersion_; }
  void markSaved();
  // The map differs from what is saved although no edit was made here (e.g. edits recovered from a case's
  // journal): modified() until the next markSaved().
  void markUnsaved();
  // An immutable copy of the labels at version(), shared by the off-thread consumers (cached per version).
  std::shared_ptr<const core::LabelMap> snapshot();

 Q_SIGNALS:
  void labelsReplaced(std::shared_ptr<const hccws::core::LabelMap> labels);
  void labelsChanged(const hccws::core::IndexBox& box);
  void editFinished(const hccws::core::IndexBox& box);
  void historyChanged();
  void toolChanged(hccws::widgets::EditTool tool);
  void brushChanged();
  void rulesChanged();
  void tableChanged();
  void modifiedChanged(bool modified);
  void editFailed(const QString& message);
  // applyAsync() life cycle (GUI thread). busyChanged(false) comes before finished/cancelled/failed.
  void busyChanged(bool busy);
  void operationProgress(double fraction, const QString& stage);
  void operationFinished(const hccws::core::EditStepInfo& info, qint64 elapsedMs);
  void operationCancelled(const QString& name);
  void operationFailed(const QString& name, const QString& message);

 private:
  struct AsyncJob;
  void changed(const core::IndexBox& box, bool finished);
  core::LabelInfo* tableEntry(std::uint8_t value);  // the table's entry, added (grey) when missing
  // Before an operation: refused while busy, a map created on the CT's grid when there is none, an open
  // stroke ended. False (editFailed emitted) when the operation cannot run.
  bool prepareOperation(const QString& name);
  bool activeContourAt(const core::Vec3& worldLps);
  // True (and editFailed emitted) when an operation runs: `what` is refused.
  bool refuseWhileBusy(const QString& what);
  void finishJob(const std::shared_ptr<AsyncJob>& job);
  void detachJob();  // setLabels during a run: cancel, drop the result, busy() false at once
  void postProgress(std::uint64_t jobId, double fraction, const QString& stage);
  QString stepName(EditTool tool) const;
  QString labelName(std::uint8_t value) const;

  struct Stroke {
    core::Vec3 last;
    int sliceAxis = 2;
    bool erase = false;
    bool threshold = false;
    core::IndexBox box;
  };

  std::shared_ptr<core::LabelMap> labels_;
  std::shared_ptr<const core::CtVolume> ct_;
  core::EditHistory history_;
  EditTool tool_ = EditTool::None;
  core::Brush brush_;
  std::uint8_t activeLabel_ = static_cast<std::uint8_t>(core::StandardLabel::Tumour);
  EditableArea area_ = EditableArea::Everywhere;
  bool overwrite_ = true;
  core::HuRange huRange_{50, 200};
  std::optional<Stroke> stroke_;
  core::ChangeRecorder* recorder_ = nullptr;  // the open stroke's, valid until commit/abort
  bool eraseRegionIn3d_ = true, fillIn3d_ = false;
  std::uint64_t version_ = 0, savedVersion_ = 0;
  std::shared_ptr<const core::LabelMap> snapshot_;
  std::uint64_t snapshotVersion_ = ~std::uint64_t{0};
  bool eraseToLiver_ = false;
  std::uint64_t generation_ = 0;  // grows with every setLabels(): results computed on an older map are dropped
  std::uint64_t nextJobId_ = 1;
  std::shared_ptr<AsyncJob> job_;               // the operation the editor is busy with (null: idle)
  std::vector<std::shared_ptr<AsyncJob>> jobs_;  // every operation still on a worker, detached ones included
  QThreadPool* pool_ = nullptr;                  // child object; its threads run the operations
  core::ProgressSink progressHook_;
  // The worker's copy, kept between operations (same dims as the map) so the next copy reuses its pages.
  std::shared_ptr<core::LabelMap> scratch_;
};

}  // namespace hccws::widgets
