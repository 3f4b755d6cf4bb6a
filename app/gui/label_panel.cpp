#include "label_panel.h"
#include <hccws/widgets/segment_names.h>

#include <QColor>
#include <QColorDialog>
#include <QHeaderView>
#include <QPixmap>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <array>

namespace hccws::gui {

LabelPanel::LabelPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  opacityPercent_.fill(100);
  table_ = new QTableWidget(0, 4, this);
  table_->setHorizontalHeaderLabels({tr("Label"), tr("Voxels"), tr("Volume (mL)"), tr("Opacity")});
  table_->setToolTip(tr("Check: show or hide. Double-click a name: choose its colour. Opacity: in 2D and 3D."));
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_);
  connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == 0) Q_EMIT visibilityChanged();
  });
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
    if (column != 0 || row < 0 || row >= static_cast<int>(values_.size())) return;
    const QColor initial = table_->item(row, 0)->data(Qt::UserRole).value<QColor>();
    const QColor c = QColorDialog::getColor(initial, this, tr("Colour of %1").arg(table_->item(row, 0)->text()));
    if (c.isValid()) chooseColour(values_[row], c);
  });
}

int LabelPanel::rowOf(std::uint8_t value) const {
  for (std::size_t r = 0; r < values_.size(); ++r)
    if (values_[r] == value) return static_cast<int>(r);
  return -1;
}

void LabelPanel::chooseColour(std::uint8_t value, const QColor& colour) {
  const int r = rowOf(value);
  if (r < 0 || !colour.isValid()) return;
  QPixmap swatch(12, 12);
  swatch.fill(colour);
  const QSignalBlocker block(table_);
  table_->item(r, 0)->setIcon(QIcon(swatch));
  table_->item(r, 0)->setData(Qt::UserRole, colour);
  Q_EMIT colourChanged(value, colour);
}

void LabelPanel::setLabelOpacity(std::uint8_t value, double opacity) {
  const int percent = qBound(0, qRound(100 * opacity), 100);
  const int r = rowOf(value);
  if (r >= 0)
    if (auto* spin = qobject_cast<QSpinBox*>(table_->cellWidget(r, 3))) {
      spin->setValue(percent);  // emits through the spin box's connection
      return;
    }
  opacityPercent_[value] = percent;
  Q_EMIT opacityChanged();
}

std::vector<std::pair<std::uint8_t, double>> LabelPanel::labelOpacity() const {
  std::vector<std::pair<std::uint8_t, double>> out;
  for (int v = 1; v < 256; ++v)
    if (opacityPercent_[v] != 100) out.emplace_back(static_cast<std::uint8_t>(v), opacityPercent_[v] / 100.0);
  return out;
}

void LabelPanel::setLabels(const core::LabelMap* labels) {
  const QSignalBlocker block(table_);
  table_->setRowCount(0);
  values_.clear();
  if (!labels) return;
  std::array<std::size_t, 256> counts{};
  for (std::uint8_t v : labels->labels.buffer()) ++counts[v];
  const double mlPerVoxel = labels->labels.geometry().voxelVolumeMm3() / 1000.0;
  std::vector<core::LabelInfo> rows = labels->table.entries();
  for (int v = 1; v < 256; ++v)  // values present but missing from the table still get a row
    if (counts[v] && !labels->table.find(static_cast<std::uint8_t>(v)))
      rows.push_back({static_cast<std::uint8_t>(v), "label " + std::to_string(v), {160, 160, 160}, true, false});
  for (const auto& info : rows) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    QPixmap swatch(12, 12);
    swatch.fill(QColor(info.rgb[0], info.rgb[1], info.rgb[2]));
    auto* name = new QTableWidgetItem(QIcon(swatch), widgets::segmentDisplayName(info.name));
    name->setData(Qt::UserRole, QColor(info.rgb[0], info.rgb[1], info.rgb[2]));
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    name->setCheckState(info.visible ? Qt::Checked : Qt::Unchecked);
    table_->setItem(r, 0, name);
    table_->setItem(r, 1, new QTableWidgetItem(QString::number(counts[info.value])));
    table_->setItem(r, 2, new QTableWidgetItem(QString::number(counts[info.value] * mlPerVoxel, 'f', 1)));
    auto* opacity = new QSpinBox(table_);
    opacity->setRange(0, 100);
    opacity->setSingleStep(10);
    opacity->setSuffix(QStringLiteral(" %"));
    opacity->setValue(opacityPercent_[info.value]);
    opacity->setToolTip(tr("Opacity of %1 in the slice views and the 3D view").arg(widgets::segmentDisplayName(info.name)));
    connect(opacity, &QSpinBox::valueChanged, this, [this, value = info.value](int percent) {
      opacityPercent_[value] = percent;
      Q_EMIT opacityChanged();
    });
    table_->setCellWidget(r, 3, opacity);
    values_.push_back(info.value);
  }
  table_->resizeColumnsToContents();
}

void LabelPanel::setCounts(const std::array<std::size_t, 256>& counts, double mlPerVoxel) {
  const QSignalBlocker block(table_);
  for (std::size_t r = 0; r < values_.size(); ++r) {
    const std::size_t n = counts[values_[r]];
    table_->item(static_cast<int>(r), 1)->setText(QString::number(n));
    table_->item(static_cast<int>(r), 2)->setText(QString::number(n * mlPerVoxel, 'f', 1));
  }
}

void LabelPanel::setLabelVisible(std::uint8_t value, bool visible) {
  for (std::size_t r = 0; r < values_.size(); ++r)
    if (values_[r] == value) table_->item(static_cast<int>(r), 0)->setCheckState(visible ? Qt::Checked : Qt::Unchecked);
}

std::vector<std::uint8_t> LabelPanel::hiddenLabels() const {
  std::vector<std::uint8_t> hidden;
  for (std::size_t r = 0; r < values_.size(); ++r)
    if (table_->item(static_cast<int>(r), 0)->checkState() != Qt::Checked) hidden.push_back(values_[r]);
  return hidden;
}

}  // namespace hccws::gui
