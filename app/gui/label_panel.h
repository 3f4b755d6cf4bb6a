#pragma once
// The segmentation panel: one row per label of the table (colour swatch, name, voxel count, volume in mL)
// with a check box that shows or hides the label in every view. The panel does not own the label map;
// setLabels() counts on the calling thread, setCounts() takes counts made elsewhere (after edits).
// Threading: GUI thread only.
#include <hccws/core/label_map.h>

#include <QWidget>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

class QTableWidget;

namespace hccws::gui {

class LabelPanel : public QWidget {
  Q_OBJECT

 public:
  explicit LabelPanel(QWidget* parent = nullptr);

  void setLabels(const core::LabelMap* labels);
  // Voxel counts per label value (e.g. recomputed off the UI thread after edits); rows keep their order.
  void setCounts(const std::array<std::size_t, 256>& counts, double mlPerVoxel);
  void setLabelVisible(std::uint8_t value, bool visible);
  std::vector<std::uint8_t> hiddenLabels() const;

 Q_SIGNALS:
  void visibilityChanged();

 private:
  QTableWidget* table_;
  std::vector<std::uint8_t> values_;  // label value of each row
};

}  // namespace hccws::gui
