#include "hccws/nomogram/provenance_panel.h"

#include "hccws/nomogram/nomogram_style.h"

#include <QHeaderView>

#include <cmath>
#include <functional>

namespace hccws::nomo {

namespace {

QColor statusColor(const std::string& status) {
  if (status == "published") return QColor(0x00, 0x6B, 0x4F);
  if (status == "reconstructed") return warningColor();
  if (status == "refit") return QColor(0x00, 0x55, 0x8A);
  if (status == "synthetic") return QColor(0x8A, 0x3B, 0x75);
  return textColor();
}

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& number, const QString& value, const std::string& status,
                        const std::string& note) {
  auto* item = new QTreeWidgetItem(parent);
  item->setText(0, number);
  item->setText(1, value);
  item->setText(2, status.empty() ? QString() : statusLabel(status));
  item->setText(3, QString::fromStdString(note));
  item->setForeground(2, statusColor(status));
  item->setToolTip(3, QString::fromStdString(note));
  return item;
}

}  // namespace

ProvenancePanel::ProvenancePanel(QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(4);
  setHeaderLabels({tr("Number"), tr("Value"), tr("Status"), tr("Source / note")});
  setAlternatingRowColors(true);
  setUniformRowHeights(true);
  setWordWrap(false);
  header()->setStretchLastSection(true);
  setRootIsDecorated(true);
}

void ProvenancePanel::setModels(const std::vector<std::shared_ptr<const surv::NomogramModel>>& models) {
  models_ = models;
  rebuild();
}

void ProvenancePanel::setInputs(const std::map<std::string, double>& values, const std::map<std::string, QString>& sources) {
  values_ = values;
  sources_ = sources;
  if (!inputsItem_) {
    rebuild();
    return;
  }
  fillInputs();
}

QString ProvenancePanel::labelOf(const std::string& name) const {
  for (const auto& m : models_)
    for (const auto& v : m->variables)
      if (v.name == name && !v.label.empty()) return QString::fromStdString(v.label);
  return QString::fromStdString(name);
}

void ProvenancePanel::fillInputs() {
  qDeleteAll(inputsItem_->takeChildren());
  // every input the models use, the missing ones too (no value, "missing")
  std::map<std::string, QString> rows = sources_;
  for (const auto& [name, v] : values_) rows.emplace(name, QString());
  for (const auto& [name, source] : rows) {
    const auto it = values_.find(name);
    auto* item = new QTreeWidgetItem(inputsItem_);
    item->setText(0, labelOf(name));
    item->setToolTip(0, QString::fromStdString(name));
    item->setText(1, it == values_.end() ? QStringLiteral("\u2014") : formatNumber(it->second, 4));
    item->setText(2, source);
  }
  inputsItem_->setExpanded(true);
}

void ProvenancePanel::rebuild() {
  clear();
  inputsItem_ = new QTreeWidgetItem(this);
  inputsItem_->setText(0, tr("Patient inputs"));
  fillInputs();
  for (const auto& m : models_) {
    auto* top = new QTreeWidgetItem(this);
    top->setText(0, tr("%1 model").arg(QString::fromStdString(m->arm)));
    top->setText(1, QString::fromStdString(m->provenance.kind));
    top->setText(3, QString::fromStdString(m->title));
    addRow(top, tr("citation"), QString(), "", m->provenance.citation);
    addRow(top, tr("cohort"), QString(), "", m->provenance.cohort);
    addRow(top, tr("method"), QString(), "", m->provenance.method);
    for (const auto& v : m->variables)
      addRow(top, tr("beta %1").arg(QString::fromStdString(v.label.empty() ? v.name : v.label)),
             tr("%1 (HR %2)").arg(formatNumber(v.beta, 5), formatNumber(std::exp(v.beta), 3)), v.source.status,
             v.source.note);
    const auto& b = m->baseline;
    addRow(top, tr("baseline survival"),
           b.kind == surv::NomogramBaseline::Kind::Weibull
               ? tr("Weibull scale %1, shape %2").arg(formatNumber(b.weibullScale, 4), formatNumber(b.weibullShape, 4))
               : tr("step function, %1 times").arg(b.step.time.size()),
           b.source.status, b.source.note);
    addRow(top, tr("covariance of beta"),
           m->covariance.size() ? QStringLiteral("%1 x %1").arg(m->covariance.rows()) : tr("none: no confidence bands"),
           m->covariance.size() ? b.source.status : std::string(),
           (m->covariance.size() ? tr("from the fit") : tr("not in the model file")).toStdString());
    const auto& r = m->risk;
    addRow(top, tr("risk cut-off (lp)"),
           QStringLiteral("%1 %2").arg(r.highIfAbove ? tr("high if >") : tr("high if <"), formatNumber(r.lpCutoff, 4)),
           r.source.status, r.source.note);
    if (r.hasPublishedValue)
      addRow(top, tr("published cut-off"), formatNumber(r.publishedValue, 4), "published", r.publishedScale);
  }
  expandAll();
  resizeColumnToContents(0);
  resizeColumnToContents(1);
  resizeColumnToContents(2);
}

QStringList ProvenancePanel::rowsAsText() const {
  QStringList rows;
  std::function<void(QTreeWidgetItem*)> walk = [&](QTreeWidgetItem* item) {
    rows << QStringLiteral("%1 | %2 | %3 | %4").arg(item->text(0), item->text(1), item->text(2), item->text(3));
    for (int k = 0; k < item->childCount(); ++k) walk(item->child(k));
  };
  for (int k = 0; k < topLevelItemCount(); ++k) walk(topLevelItem(k));
  return rows;
}

}  // namespace hccws::nomo
