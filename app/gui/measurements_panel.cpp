#include "measurements_panel.h"

#include <numeric>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace hccws::gui {

MeasurementsPanel::MeasurementsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("measurementsStatus"));
  summary_ = new QLabel(this);
  summary_->setObjectName(QStringLiteral("measurementsSummary"));
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setWordWrap(true);
  table_ = new QTableWidget(0, 4, this);
  table_->setObjectName(QStringLiteral("tumourTable"));
  table_->setHorizontalHeaderLabels({tr("Tumour"), tr("Volume (mL)"), tr("3D diam. (mm)"), tr("Axial diam. (mm)")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(status_);
  layout->addWidget(summary_);
  layout->addWidget(table_, 1);
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, &MeasurementsPanel::onFinished);
  setState(State::Empty);
}

MeasurementsPanel::~MeasurementsPanel() { watcher_.waitForFinished(); }

QString MeasurementsPanel::stateText() const {
  switch (state_) {
    case State::Empty: return tr("No segmentation");
    case State::Stale: return tr("Stale: the labels changed, recomputing soon");
    case State::Computing: return tr("Recomputing...");
    case State::Fresh: return tr("Up to date");
  }
  return {};
}

void MeasurementsPanel::setState(State s) {
  state_ = s;
  status_->setText(stateText());
  const bool old = s == State::Stale || s == State::Computing;
  status_->setStyleSheet(old ? QStringLiteral("QLabel { background: #b8860b; color: white; padding: 2px 6px; }")
                             : QStringLiteral("QLabel { padding: 2px 6px; }"));
  // Old numbers stay readable but greyed, so nobody copies them as current.
  summary_->setEnabled(!old);
  table_->setEnabled(!old);
}

void MeasurementsPanel::markStale() {
  if (state_ == State::Fresh || state_ == State::Empty) setState(State::Stale);
}

void MeasurementsPanel::clear() {
  pending_.reset();
  ++requestedVersion_;  // whatever runs now is for labels that are gone
  result_.reset();
  summary_->clear();
  table_->setRowCount(0);
  setState(State::Empty);
}

void MeasurementsPanel::compute(std::shared_ptr<const core::LabelMap> snapshot, std::uint64_t version) {
  if (!snapshot) {
    clear();
    return;
  }
  requestedVersion_ = version;
  setState(State::Computing);
  if (watcher_.isRunning()) {
    pending_ = std::move(snapshot);
    pendingVersion_ = version;
    return;
  }
  start(std::move(snapshot), version);
}

void MeasurementsPanel::start(std::shared_ptr<const core::LabelMap> snapshot, std::uint64_t version) {
  watcher_.setFuture(QtConcurrent::run([snapshot, version]() -> Result {
    Result r;
    r.version = version;
    try {
      for (std::uint8_t v : snapshot->labels.buffer()) ++r.counts[v];
      r.mlPerVoxel = snapshot->labels.geometry().voxelVolumeMm3() / 1000.0;
      r.measurements = core::measure(*snapshot);
    } catch (const std::exception& e) {
      r.error = QString::fromStdString(e.what());
    }
    return r;
  }));
}

void MeasurementsPanel::onFinished() {
  const Result r = watcher_.result();
  if (pending_) {
    auto next = std::move(pending_);
    pending_.reset();
    start(std::move(next), pendingVersion_);
  }
  if (r.version != requestedVersion_) return;  // superseded: the newer one is running or done
  if (!r.error.isEmpty()) {
    status_->setText(tr("Measurement failed: %1").arg(r.error));
    return;
  }
  show(r);
}

void MeasurementsPanel::show(const Result& r) {
  result_ = r.measurements;
  shownVersion_ = r.version;
  const auto& m = r.measurements;
  using core::LabelRole;
  // Only what has a segment is measured; each line names the segment it came from.
  QStringList lines;
  lines << (m.liverMeasured ? tr("Liver %1 mL").arg(m.liverVolumeMl, 0, 'f', 1) : tr("Liver: not measured (no liver segment)"));
  if (m.tumourMeasured) {
    lines << tr("Tumours %1, %2 mL (%3)")
                 .arg(m.tumourCount)
                 .arg(m.tumourVolumeMl, 0, 'f', 2)
                 .arg(m.countedInsideLiver ? tr("touching the liver") : tr("not checked against a liver segment"));
    if (m.liverMeasured) lines << tr("Burden %1 % of liver + tumour").arg(m.tumourBurdenPercent, 0, 'f', 2);
    if (m.tumourCount > 0)
      lines << tr("Largest diameter %1 mm (axial %2 mm)")
                   .arg(m.largestDiameter3dMm, 0, 'f', 1)
                   .arg(m.largestAxialDiameterMm, 0, 'f', 1);
    if (!m.outsideLiver.empty())
      lines << tr("%1 tumour component(s) outside the liver, %2 mL: not counted")
                   .arg(m.outsideLiver.size())
                   .arg(std::accumulate(m.outsideLiver.begin(), m.outsideLiver.end(), 0.0,
                                        [](double a, const core::TumourMeasurement& t) { return a + t.volumeMl; }),
                        0, 'f', 2);
  } else {
    lines << tr("Tumours: not measured (no tumour segment)");
  }
  if (!m.pvttMeasured) lines << tr("PVTT: not measured (no PVTT segment)");
  else if (m.pvttPresent) lines << tr("Portal vein tumour thrombus %1 mL").arg(m.pvttVolumeMl, 0, 'f', 2);
  else lines << tr("Portal vein tumour thrombus: absent");
  if (m.ignoredComponents > 0)
    lines << tr("%1 specks below %2 mL ignored").arg(m.ignoredComponents).arg(m.options.minTumourMl);
  QString text = lines.join(QStringLiteral("\n"));
  summary_->setToolTip(tr("Measured on this segmentation: liver = %1; tumour = %2; PVTT = %3")
                           .arg(QString::fromStdString(m.roles.describe(LabelRole::Liver)),
                                QString::fromStdString(m.roles.describe(LabelRole::Tumour)),
                                QString::fromStdString(m.roles.describe(LabelRole::Pvtt))));
  summary_->setText(text);
  table_->setRowCount(0);
  for (const auto& t : m.tumours) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(QString::number(t.id)));
    table_->setItem(row, 1, new QTableWidgetItem(QString::number(t.volumeMl, 'f', 2)));
    table_->setItem(row, 2, new QTableWidgetItem(QString::number(t.diameter3dMm, 'f', 1)));
    table_->setItem(row, 3, new QTableWidgetItem(QString::number(t.axialDiameterMm, 'f', 1)));
  }
  setState(State::Fresh);
  Q_EMIT countsUpdated(r.counts, r.mlPerVoxel);
  Q_EMIT updated();
}

}  // namespace hccws::gui
