#pragma once
// EditHistory: undo/redo for a LabelMap, stored as compressed deltas (never whole copies).
//
// A step records one box of voxel indices and, for that box only, the old and the new labels, each
// run-length encoded. Undo writes the old runs back, redo the new ones: both are bit-identical.
// Steps are named ("Paint tumour", "Islands: keep largest", "Accept segmentation proposal") for the history
// list. A new step after undos drops the redo branch. The history is pruned oldest-first to stay under a
// byte budget (the step just committed is always kept, even when it alone exceeds the budget; after undos,
// when the newest applied step is all that is left before the redo steps, the newest redo steps go first,
// since a redo step needs every step before it).
//
// Recording (ChangeRecorder): an edit announces every box before it writes into it (aboutToChange); the
// history keeps the pre-image of the union of the announced boxes. When the union grows, the new part is
// copied from the label map, which is still untouched there. commit() compares the pre-image with the map
// and stores only the tight box of the voxels that changed; a step that changed nothing is dropped.
//
// Contract: one history per label map (same dims), one writer at a time; not thread-safe.
// The label table (names, colours, lock flags) is not part of a step.
#include <hccws/core/index_box.h>
#include <hccws/core/label_map.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hccws::core {

// Edits call aboutToChange(box) before they write any voxel inside box. Boxes may overlap and repeat.
class ChangeRecorder {
 public:
  virtual ~ChangeRecorder() = default;
  virtual void aboutToChange(const IndexBox& box) = 0;
};

struct EditStepInfo {
  std::string name;
  IndexBox box;               // tight box of the changed voxels
  std::size_t changedVoxels = 0;
  std::size_t bytes = 0;      // memory this step holds
};

class EditHistory {
 public:
  static constexpr std::size_t kDefaultByteBudget = std::size_t{256} << 20;  // 256 MiB

  explicit EditHistory(std::size_t byteBudget = kDefaultByteBudget);
  ~EditHistory();
  EditHistory(const EditHistory&) = delete;
  EditHistory& operator=(const EditHistory&) = delete;

  // Opens a step on `labels` (throws std::logic_error if one is open). The returned recorder is valid
  // until commit() or abort().
  ChangeRecorder& begin(const LabelMap& labels, std::string name);
  bool inStep() const;
  // Closes the open step. Returns its info, or a step with changedVoxels == 0 when nothing changed (then
  // nothing is stored and the redo branch is kept).
  EditStepInfo commit(const LabelMap& labels);
  // Restores the pre-image of the open step into `labels` and discards it. Returns the restored box.
  IndexBox abort(LabelMap& labels);

  // Convenience: records a whole-map replacement (e.g. accepting a segmentation proposal) as one step.
  EditStepInfo replaceAll(LabelMap& labels, Volume<std::uint8_t> newLabels, std::string name);

  bool canUndo() const;
  bool canRedo() const;
  // Return the box that changed (empty when there was nothing to undo/redo).
  IndexBox undo(LabelMap& labels);
  IndexBox redo(LabelMap& labels);

  // All stored steps, oldest first; steps()[0 .. undoCount()) are applied, the rest can be redone.
  std::vector<EditStepInfo> steps() const;
  std::size_t undoCount() const;
  std::size_t bytes() const;  // memory held by stored steps (not counting an open step)
  std::size_t byteBudget() const;
  void setByteBudget(std::size_t bytes);  // prunes at once
  std::size_t prunedSteps() const;        // how many steps the budget has dropped so far
  void clear();                           // drops every step and an open one (the map is not touched)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hccws::core
