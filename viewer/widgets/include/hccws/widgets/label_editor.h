#pragma once
// LabelEditor: the segment editor's state and the one writer of the label map being edited.
//
// Contract:
// - Ownership: the editor owns the mutable LabelMap (shared_ptr) and its EditHistory (compressed deltas,
//   hccws/core/edit_history.h). Views get the same object as shared_ptr<const LabelMap> (labels()) and
//   only read it; they refresh on labelsChanged(box). A new map (setLabels, ensureLabels) is announced by
//   labelsReplaced() and clears the history.
// - Tools: None (navigate), Paint, Erase, ThresholdPaint (paint limited to an HU range of the CT), Fill and
//   EraseRegion (connected region in the slice). A brush stroke is one history step: beginStroke() opens it,
//   continueStroke() paints the segment from the previous point (core::paintLine: dabs joined as capsules),
//   endStroke() commits it ("Paint Tumour"). Panel operations (islands, margin, ...) go through apply(), one
//   named step each.
// - Signals: labelsChanged(box) after every write (live during a stroke, so slices refresh at once);
//   editFinished(box) when the data settles (a step committed, undo, redo), for the costly consumers (3D
//   surfaces, measurements), which work on snapshot() off the UI thread. version() grows with every change.
// - Frames: brush centres are world points (LPS mm); radii in mm; slice axes are index axes of the label grid.
// - Errors: an edit the core refuses (bad argument, CT on another grid for threshold paint) changes nothing
//   and is reported by editFailed(message); no exception leaves the editor.
// Threading: GUI thread only; the core edits run synchronously on the caller's thread (they touch only the
// changed box; whole-map operations on 512x512x500 take up to seconds, the caller shows a wait cursor).
#include <hccws/core/edit_history.h>
#include <hccws/core/index_box.h>
#include <hccws/core/label_edit.h>
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace hccws::widgets {

enum class EditTool { None, Paint, Erase, ThresholdPaint, Fill, EraseRegion };
// Where paint may write: everywhere, or only on liver voxels (and the active label itself).
enum class EditableArea { Everywhere, InsideLiver };

QString displayName(EditTool tool);
bool isBrushTool(EditTool tool);

class LabelEditor : public QObject {
  Q_OBJECT

 public:
  using Operation = std::function<core::EditResult(core::LabelMap&, const core::EditRules&, core::ChangeRecorder*)>;

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
  // The rules the current tool edits with (threshold tool: HU range and CT set).
  core::EditRules rules(bool threshold = false) const;

  // Brush strokes and region fills at world points. sliceAxis: the label grid's index axis normal to the
  // view (Disc brushes and region fills stay in that slice). Return false when nothing was started.
  bool beginStroke(const core::Vec3& worldLps, int sliceAxis);
  void continueStroke(const core::Vec3& worldLps);
  void endStroke();
  bool strokeActive() const { return stroke_.has_value(); }
  bool fillAt(const core::Vec3& worldLps, int sliceAxis);
  // The label grid's index axis closest to a world direction (e.g. a view's normal).
  int indexAxisAlong(const core::Vec3& directionLps) const;

  // One named history step running `op` with the current rules (active label, masks, locks).
  core::EditStepInfo apply(const QString& name, const Operation& op);
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

  std::uint64_t version() const { return version_; }
  bool modified() const { return version_ != savedVersion_; }
  void markSaved();
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

 private:
  void changed(const core::IndexBox& box, bool finished);
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
  std::uint64_t version_ = 0, savedVersion_ = 0;
  std::shared_ptr<const core::LabelMap> snapshot_;
  std::uint64_t snapshotVersion_ = ~std::uint64_t{0};
};

}  // namespace hccws::widgets
