#include "label_panel.h"

#include <QColor>
#include <QHeaderView>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

#include <array>

namespace hccws::gui {

LabelPanel::LabelPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  table_ = new QTableWidget(0, 3, this);
  table_->setHorizontalHeaderLabels({tr("Label"), tr("Voxels"), tr("Volume (mL)")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_);
  connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == 0) Q_EMIT visibilityChanged();
  });
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
    auto* name = new QTableWidgetItem(QIcon(swatch), QString::fromStdString(info.name));
    name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    name->setCheckState(info.visible ? Qt::Checked : Qt::Unchecked);
    table_->setItem(r, 0, name);
    table_->setItem(r, 1, new QTableWidgetItem(QString::number(counts[info.value])));
    table_->setItem(r, 2, new QTableWidgetItem(QString::number(counts[info.value] * mlPerVoxel, 'f', 1)));
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
