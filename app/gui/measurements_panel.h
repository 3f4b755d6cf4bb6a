#pragma once
// The measurements panel: liver volume, tumour count, burden, largest diameters and one row per tumour
// (volume, 3D and axial diameter), from core::measure (hccws/core/measurements.h, definitions there).
//
// Contract:
// - markStale() shows at once that the numbers no longer match the labels (edits); compute(snapshot,
//   version) measures an immutable copy with QtConcurrent and applies the result on the GUI thread.
//   While a computation runs, a newer request waits and starts when it ends; a result for an older version
//   than the latest requested is dropped (never shown as fresh).
// - state(): Empty (no labels), Stale (edited, not yet recomputed), Computing, Fresh.
// - Per-label voxel counts come with each result (countsUpdated), for the segmentation table.
// Threading: GUI thread only; the worker reads only the snapshot it was given. The destructor waits for it.
#include <hccws/core/label_map.h>
#include <hccws/core/measurements.h>

#include <QFutureWatcher>
#include <QWidget>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace hccws::gui {

class MeasurementsPanel : public QWidget {
  Q_OBJECT

 public:
  enum class State { Empty, Stale, Computing, Fresh };
  using Counts = std::array<std::size_t, 256>;

  explicit MeasurementsPanel(QWidget* parent = nullptr);
  ~MeasurementsPanel() override;

  void markStale();
  void compute(std::shared_ptr<const core::LabelMap> snapshot, std::uint64_t version);
  void clear();

  State state() const { return state_; }
  QString stateText() const;
  const std::optional<core::Measurements>& measurements() const { return result_; }
  std::uint64_t version() const { return shownVersion_; }
  void waitForFinished() { watcher_.waitForFinished(); }

 Q_SIGNALS:
  void updated();
  void countsUpdated(const hccws::gui::MeasurementsPanel::Counts& counts, double mlPerVoxel);

 private:
  struct Result {
    std::uint64_t version = 0;
    core::Measurements measurements;
    Counts counts{};
    double mlPerVoxel = 0;
    QString error;
  };
  void start(std::shared_ptr<const core::LabelMap> snapshot, std::uint64_t version);
  void onFinished();
  void setState(State s);
  void show(const Result& r);

  QLabel* status_;
  QLabel* summary_;
  QTableWidget* table_;
  QFutureWatcher<Result> watcher_;
  State state_ = State::Empty;
  std::optional<core::Measurements> result_;
  std::uint64_t requestedVersion_ = 0, shownVersion_ = 0;
  std::shared_ptr<const core::LabelMap> pending_;  // the newest request while a computation runs
  std::uint64_t pendingVersion_ = 0;
};

}  // namespace hccws::gui
