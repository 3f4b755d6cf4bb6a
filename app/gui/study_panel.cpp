#include "study_panel.h"
#include "display_names.h"

#include <QCoreApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace hccws::gui {

namespace {
const core::PhaseKind kKinds[] = {core::PhaseKind::Native, core::PhaseKind::Arterial, core::PhaseKind::PortalVenous,
                                  core::PhaseKind::Delayed, core::PhaseKind::Hepatobiliary, core::PhaseKind::Unknown};
enum Column { kSeries, kPhase, kReason, kGeometry, kWarnings, kColumns };

QString seriesName(const core::Phase& p, int index) {
  const auto& s = p.source;
  QString name = s.seriesNumber >= 0 ? QStringLiteral("#%1 ").arg(s.seriesNumber) : QString();
  name += QString::fromStdString(!s.seriesDescription.empty() ? s.seriesDescription
                                 : !s.path.empty()            ? s.path
                                                              : std::string());
  if (name.isEmpty()) name = QCoreApplication::translate("hccws::gui::StudyPanel", "Series %1").arg(index + 1);
  return name;
}
}  // namespace

StudyPanel::StudyPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  header_ = new QLabel(tr("No study loaded. File > Open DICOM folder or image."), this);
  header_->setWordWrap(true);
  layout->addWidget(header_);
  table_ = new QTableWidget(0, kColumns, this);
  table_->setHorizontalHeaderLabels({tr("Series"), tr("Phase"), tr("Why"), tr("Geometry"), tr("Warnings")});
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setWordWrap(true);
  layout->addWidget(table_, 1);
  details_ = new QLabel(this);
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  details_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  layout->addWidget(details_, 1);
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row, int, int prev, int) {
    showDetails(row);
    if (row >= 0 && row != prev) Q_EMIT seriesSelected(row);
  });
}

void StudyPanel::showDetails(int row) {
  if (row < 0 || row >= static_cast<int>(shown_.phases.size())) {
    details_->clear();
    return;
  }
  const core::Phase& p = shown_.phases[row];
  QStringList lines;
  lines << tr("<b>%1</b>").arg(seriesName(p, row).toHtmlEscaped());
  lines << tr("Phase: %1 - %2").arg(phaseDisplayName(phaseAt(row)),
                                   table_->item(row, kReason)->text().toHtmlEscaped());
  lines << tr("Geometry: %1").arg(geometryText_.value(row).toHtmlEscaped());
  if (!noteDetail_.value(row).isEmpty()) lines << noteDetail_.value(row).toHtmlEscaped();
  if (!p.source.seriesInstanceUid.empty())
    lines << tr("Series UID: %1").arg(QString::fromStdString(p.source.seriesInstanceUid).toHtmlEscaped());
  if (!p.source.contrastBolusAgent.empty())
    lines << tr("Contrast: %1").arg(QString::fromStdString(p.source.contrastBolusAgent).toHtmlEscaped());
  for (const auto& d : p.diagnostics)
    lines << QStringLiteral("%1 %2").arg(d.severity == core::Severity::Info ? tr("Note:") : tr("<b>Warning:</b>"),
                                         QString::fromStdString(d.message).toHtmlEscaped());
  details_->setText(lines.join(QStringLiteral("<br>")));
}

void StudyPanel::clear() {
  shown_ = {};
  geometryText_.clear();
  noteBrief_.clear();
  noteDetail_.clear();
  details_->clear();
  table_->setRowCount(0);
  header_->setText(tr("No study loaded."));
}

void StudyPanel::setStudy(const core::Study& study) {
  const QSignalBlocker block(table_);
  table_->setRowCount(0);
  shown_.patientId = study.patientId;
  shown_.studyInstanceUid = study.studyInstanceUid;
  shown_.phases.clear();
  geometryText_.clear();
  noteBrief_.clear();
  noteDetail_.clear();
  for (const auto& p : study.phases) {
    core::Phase meta;  // everything but the voxels
    meta.source = p.source;
    meta.decision = p.decision;
    meta.diagnostics = p.diagnostics;
    shown_.phases.push_back(std::move(meta));
    {
      const core::Geometry& g = p.volume.geometry();
      geometryText_ << tr("%1 x %2 x %3 voxels, %4 x %5 x %6 mm, origin (%7, %8, %9) LPS mm, orientation %10")
                           .arg(g.dims[0]).arg(g.dims[1]).arg(g.dims[2])
                           .arg(g.spacingMm[0], 0, 'g', 4).arg(g.spacingMm[1], 0, 'g', 4).arg(g.spacingMm[2], 0, 'g', 4)
                           .arg(g.originLps[0], 0, 'f', 2).arg(g.originLps[1], 0, 'f', 2).arg(g.originLps[2], 0, 'f', 2)
                           .arg(QString::fromStdString(g.orientationCode()));
    }
  }
  header_->setText(tr("Patient %1 - %n series", nullptr, static_cast<int>(study.phases.size()))
                       .arg(study.patientId.empty() ? tr("(anonymous)") : QString::fromStdString(study.patientId)));
  table_->setRowCount(static_cast<int>(study.phases.size()));
  for (int r = 0; r < static_cast<int>(study.phases.size()); ++r) {
    const core::Phase& p = study.phases[r];
    table_->setItem(r, kSeries, new QTableWidgetItem(seriesName(p, r)));
    auto* combo = new QComboBox(table_);
    for (auto k : kKinds) combo->addItem(phaseDisplayName(k), static_cast<int>(k));
    combo->setCurrentIndex(combo->findData(static_cast<int>(p.decision.kind)));
    combo->setToolTip(tr("Detected phase; change it if the detection is wrong"));
    connect(combo, &QComboBox::currentIndexChanged, this, [this, r, combo](int) {
      if (auto* item = table_->item(r, kReason)) item->setText(tr("set by the user"));
      if (table_->currentRow() == r) showDetails(r);
      Q_EMIT phaseReassigned(r, static_cast<core::PhaseKind>(combo->currentData().toInt()));
    });
    table_->setCellWidget(r, kPhase, combo);
    QString reason = phaseReasonText(p.decision);
    if (p.decision.userOverride) reason = tr("set by the user");
    else if (p.decision.confidence > 0) reason += QStringLiteral(" (%1%)").arg(qRound(100 * p.decision.confidence));
    table_->setItem(r, kReason, new QTableWidgetItem(reason));
    table_->setItem(r, kGeometry, new QTableWidgetItem(geometryText_.value(r)));
    QStringList warnings;
    for (const auto& d : p.diagnostics)
      if (d.severity != core::Severity::Info) warnings << QString::fromStdString(d.message);
    auto* w = new QTableWidgetItem(warnings.isEmpty() ? tr("none") : warnings.join(QStringLiteral("; ")));
    w->setToolTip(warnings.join(QStringLiteral("\n")));
    table_->setItem(r, kWarnings, w);
  }
  table_->resizeColumnsToContents();
  table_->setColumnWidth(kSeries, std::min(table_->columnWidth(kSeries), 170));
}

void StudyPanel::setSeriesNote(int row, const QString& brief, const QString& detail) {
  if (row < 0 || row >= table_->rowCount()) return;
  while (noteBrief_.size() <= row) noteBrief_ << QString();
  while (noteDetail_.size() <= row) noteDetail_ << QString();
  noteBrief_[row] = brief;
  noteDetail_[row] = detail;
  if (auto* item = table_->item(row, kGeometry)) {
    item->setText(brief.isEmpty() ? geometryText_.value(row) : geometryText_.value(row) + QStringLiteral("\n") + brief);
    item->setToolTip(detail);
  }
  table_->resizeRowToContents(row);
  if (table_->currentRow() == row) showDetails(row);
}

void StudyPanel::setCurrentSeries(int index) {
  const QSignalBlocker block(table_);
  table_->setCurrentCell(index, kSeries);
  showDetails(index);
}

int StudyPanel::rowCount() const { return table_->rowCount(); }

core::PhaseKind StudyPanel::phaseAt(int row) const {
  auto* combo = qobject_cast<QComboBox*>(table_->cellWidget(row, kPhase));
  return combo ? static_cast<core::PhaseKind>(combo->currentData().toInt()) : core::PhaseKind::Unknown;
}

void StudyPanel::reassignPhase(int row, core::PhaseKind kind) {
  if (auto* combo = qobject_cast<QComboBox*>(table_->cellWidget(row, kPhase)))
    combo->setCurrentIndex(combo->findData(static_cast<int>(kind)));
}

}  // namespace hccws::gui
