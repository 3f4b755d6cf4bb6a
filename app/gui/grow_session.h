#pragma once
// GrowSession: one "Grow from seeds" session in the window (core: hccws/core/grow_from_seeds.h).
//
// Contract:
// - The user paints seeds with the usual brush (Paint, Erase; radius, disc/sphere) into a private seed map
//   edited by seedEditor() (its own undo history: a stroke can be taken back); the values are the segment
//   values of the segmentation (liver 1, tumour 2, ...) and kBackgroundSeed (255) for background.
// - display() is what the views show during the session: the seeds where painted (background seeds in
//   grey), elsewhere the grown preview (background = nothing). It changes in place; displayChanged(box)
//   says where.
// - Every finished stroke starts an update of the preview off the UI thread (a worker of the global thread
//   pool): incremental when seeds were only added, whole otherwise (core). Strokes made meanwhile are taken
//   by one more update when it ends (coalesced). updateStarted / updateProgress / updateFinished /
//   updateFailed follow it; cancelUpdate() stops it (the preview then waits for the next stroke).
// - applyTo(editor) writes the preview into the segmentation as ONE undo step ("Grow from seeds"), with the
//   editor's rules (locks, editable area; labels that were not seeded are kept). Refused (empty info) while
//   an update runs or before the first result.
// - The CT and the seeds' grid are the phase shown; the segmentation must be on that grid (applyTo checks).
// Threading: GUI thread; the worker touches only the shared state (grower, seed copy, cancel flag). The
// destructor cancels a running update; the worker finishes on its own and its result is dropped.
#include <hccws/core/grow_from_seeds.h>
#include <hccws/core/label_map.h>
#include <hccws/core/volume.h>
#include <hccws/widgets/label_editor.h>

#include <QObject>
#include <QString>

#include <memory>

namespace hccws::gui {

class GrowSession : public QObject {
  Q_OBJECT

 public:
  // table: the segmentation's label table (names, colours); the background seed entry is added.
  GrowSession(std::shared_ptr<const core::CtVolume> ct, const core::LabelTable& table, QObject* parent = nullptr);
  ~GrowSession() override;

  widgets::LabelEditor* seedEditor() const { return seeds_; }
  std::shared_ptr<const core::LabelMap> display() const { return display_; }
  const core::CtVolume& ct() const { return *ct_; }

  bool updating() const;
  bool hasResult() const;
  void cancelUpdate();
  // Voxels of each grown label in the preview (index = value; 255 = background), and the ROI.
  const std::array<std::size_t, 256>& counts() const { return counts_; }
  core::IndexBox roi() const;
  int updates() const { return updates_; }
  double lastSeconds() const { return lastSeconds_; }
  bool lastWasWhole() const { return lastWhole_; }

  core::EditStepInfo applyTo(widgets::LabelEditor& editor, const QString& stepName);

 Q_SIGNALS:
  void displayChanged(const hccws::core::IndexBox& box);
  void updateStarted();
  void updateProgress(double fraction);
  void updateFinished(double seconds, bool whole);
  void updateFailed(const QString& message);

 private:
  struct Shared;
  void requestUpdate();
  void startUpdate();
  void onUpdateDone(bool ok, bool cancelled, const QString& error, const core::GrowUpdate& update, double seconds);
  void composeDisplay(const core::IndexBox& box);

  std::shared_ptr<const core::CtVolume> ct_;
  widgets::LabelEditor* seeds_;
  std::shared_ptr<core::LabelMap> display_;
  std::shared_ptr<Shared> shared_;
  bool running_ = false;
  bool pending_ = false;
  int updates_ = 0;
  double lastSeconds_ = 0;
  bool lastWhole_ = false;
  core::IndexBox shownRoi_;
  std::array<std::size_t, 256> counts_{};
};

}  // namespace hccws::gui
