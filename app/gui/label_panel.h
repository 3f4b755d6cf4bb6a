#pragma once
// The segmentation panel: one row per label of the table (colour swatch, name, voxel count, volume in mL,
// opacity) with a check box that shows or hides the label in every view. Double-clicking a label's name
// picks its colour (colourChanged: the owner writes it into the label table); the opacity (0-100 %) is a
// display choice for that label in every view (opacityChanged), kept across label maps of the session. The panel does not own the label map;
// setLabels() counts on the calling thread, setCounts() takes counts made elsewhere (after edits).
// Threading: GUI thread only.
#include <hccws/core/label_map.h>

#include <QWidget>

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

class QColor;

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
  // Per-label opacity factors (0..1) of the rows that are not at 100 %.
  std::vector<std::pair<std::uint8_t, double>> labelOpacity() const;
  void setLabelOpacity(std::uint8_t value, double opacity);
  // As the colour dialog would: updates the swatch and emits colourChanged.
  void chooseColour(std::uint8_t value, const QColor& colour);

 Q_SIGNALS:
  void visibilityChanged();
  void opacityChanged();
  void colourChanged(std::uint8_t value, const QColor& colour);

 private:
  int rowOf(std::uint8_t value) const;

  QTableWidget* table_;
  std::vector<std::uint8_t> values_;  // label value of each row
  std::array<int, 256> opacityPercent_;  // the user's choice per label value, kept across setLabels
};

}  // namespace hccws::gui
