#include "hccws/nomogram/nomogram_workspace.h"

#include "hccws/nomogram/nomogram_inputs.h"
#include "hccws/nomogram/nomogram_style.h"
#include "hccws/nomogram/nomogram_view.h"
#include "hccws/nomogram/painting_export.h"
#include "hccws/nomogram/provenance_panel.h"
#include "hccws/nomogram/survival_curves_view.h"
#include "model_text.h"

#include <hccws/survival/model_json.h>

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace hccws::nomo {

namespace {

int armOrder(const std::string& arm) {
  if (arm == "TACE") return 0;
  if (arm == "HAIC") return 1;
  return 2;
}

}  // namespace

NomogramWorkspace::NomogramWorkspace(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(4, 4, 4, 4);
  outer->setSpacing(4);

  notice_ = new QLabel(QStringLiteral("\u26A0 ") + researchNotice(), this);
  notice_->setObjectName(QStringLiteral("nomogramResearchNotice"));
  notice_->setWordWrap(true);
  notice_->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold; padding: 5px; "
                                        "border: 1px solid %2; }")
                             .arg(warningBackground().name(), warningColor().name()));
  outer->addWidget(notice_);

  auto* tools = new QHBoxLayout;
  tools->addWidget(new QLabel(tr("Nomogram:"), this));
  armBox_ = new QComboBox(this);
  armBox_->setToolTip(tr("Which treatment arm's nomogram is shown (the curves show every arm)"));
  tools->addWidget(armBox_);
  status_ = new QLabel(this);
  status_->setStyleSheet(QStringLiteral("color: #444;"));
  tools->addWidget(status_, 1);
  auto exportButton = [&](const QString& text, bool nomogram) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(b);
    menu->addAction(tr("PNG image..."), this, [this, nomogram] { exportInteractively(nomogram, QStringLiteral("png")); });
    menu->addAction(tr("SVG drawing..."), this, [this, nomogram] { exportInteractively(nomogram, QStringLiteral("svg")); });
    b->setMenu(menu);
    tools->addWidget(b);
  };
  fill_ = new QPushButton(tr("Fill missing with cohort medians"), this);
  fill_->setObjectName(QStringLiteral("fillAssumed"));
  fill_->setToolTip(tr("Puts each model file's stated cohort value in for every MISSING input; those inputs are "
                       "then marked assumed on the form, the curves and every export. Typed and measured inputs "
                       "are not touched."));
  connect(fill_, &QPushButton::clicked, this, [this] { fillAssumed(); });
  tools->addWidget(fill_);
  exportButton(tr("Export nomogram"), true);
  exportButton(tr("Export curves"), false);
  outer->addLayout(tools);

  auto* split = new QSplitter(Qt::Horizontal, this);
  inputs_ = new NomogramInputs;
  auto* scroll = new QScrollArea(split);
  scroll->setWidget(inputs_);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(250);
  split->addWidget(scroll);

  auto* right = new QSplitter(Qt::Vertical, split);
  auto* views = new QSplitter(Qt::Horizontal, right);
  stack_ = new QStackedWidget(views);
  curves_ = new SurvivalCurvesView(views);
  views->addWidget(stack_);
  views->addWidget(curves_);
  views->setStretchFactor(0, 11);
  views->setStretchFactor(1, 10);
  provenance_ = new ProvenancePanel(right);
  right->addWidget(views);
  right->addWidget(provenance_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 1);
  split->addWidget(right);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({290, 990});
  outer->addWidget(split, 1);

  connect(armBox_, qOverload<int>(&QComboBox::currentIndexChanged), stack_, &QStackedWidget::setCurrentIndex);
  connect(inputs_, &NomogramInputs::valuesChanged, this, &NomogramWorkspace::applyInputs);
}

bool NomogramWorkspace::loadModelsFromFolder(const QString& folder, QString* error) {
  const QDir dir(folder);
  const QStringList names = dir.entryList({QStringLiteral("nomogram_*.json")}, QDir::Files, QDir::Name);
  if (names.isEmpty()) {
    if (error) *error = tr("%1: no nomogram_*.json model files").arg(folder);
    return false;
  }
  QStringList files;
  for (const auto& n : names) files << dir.filePath(n);
  return loadModelFiles(files, error);
}

bool NomogramWorkspace::loadModelFiles(const QStringList& files, QString* error) {
  std::vector<surv::NomogramModel> models;
  for (const auto& f : files) {
    try {
      models.push_back(surv::readNomogramModel(f.toStdString()));
    } catch (const std::exception& e) {
      // the core's message names the file; add it when a lower layer did not
      const QString what = QString::fromUtf8(e.what());
      if (error) *error = what.contains(f) ? what : f + QStringLiteral(": ") + what;
      return false;
    }
  }
  if (models.empty()) {
    if (error) *error = tr("no nomogram model files given");
    return false;
  }
  setModels(std::move(models));
  return true;
}

void NomogramWorkspace::setModels(std::vector<surv::NomogramModel> models) {
  std::stable_sort(models.begin(), models.end(),
                   [](const auto& a, const auto& b) { return armOrder(a.arm) < armOrder(b.arm); });
  models_.clear();
  for (auto& m : models) {
    localiseModelText(m);  // titles, labels, units and levels in the user's language (model_text.h)
    models_.push_back(std::make_shared<const surv::NomogramModel>(std::move(m)));
  }
  for (auto* v : views_) {
    stack_->removeWidget(v);
    delete v;
  }
  views_.clear();
  const QSignalBlocker block(armBox_);
  armBox_->clear();
  std::vector<SurvivalCurvesView::Arm> arms;
  for (size_t i = 0; i < models_.size(); ++i) {
    const QColor color = armColor(QString::fromStdString(models_[i]->arm), static_cast<int>(i));
    auto* view = new NomogramView(stack_);
    view->setModel(models_[i], color);
    stack_->addWidget(view);
    views_.push_back(view);
    armBox_->addItem(QString::fromStdString(models_[i]->arm.empty() ? models_[i]->id : models_[i]->arm));
    arms.push_back({models_[i], color});
  }
  curves_->setArms(std::move(arms));
  provenance_->setModels(models_);
  {
    // the inputs keep their state (measured, typed, assumed) across a model change
    const QSignalBlocker blockInputs(inputs_);
    inputs_->setModels(models_);
  }
  armBox_->setCurrentIndex(0);
  stack_->setCurrentIndex(0);
  applyInputs();
  Q_EMIT modelsChanged();
}

int NomogramWorkspace::armIndex(const QString& arm) const {
  for (size_t i = 0; i < models_.size(); ++i)
    if (QString::fromStdString(models_[i]->arm).compare(arm, Qt::CaseInsensitive) == 0) return static_cast<int>(i);
  return -1;
}

void NomogramWorkspace::applyInputs() {
  const auto named = inputs_->values();
  const surv::PatientInputs& state = inputs_->state();
  auto labels = [&](const surv::NomogramModel& m, const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& n : names)
      for (const auto& v : m.variables)
        if (v.name == n) out << QString::fromStdString(v.label.empty() ? v.name : v.label);
    return out;
  };
  QStringList missingArms;
  for (size_t i = 0; i < models_.size(); ++i) {
    const auto& m = *models_[i];
    const auto missing = state.missingFor(m);
    const QStringList assumed = labels(m, state.assumedFor(m));
    std::vector<bool> present;
    for (const auto& v : m.variables) present.push_back(named.count(v.name) > 0);
    // placeholders (the reference values) only position the axes of an incomplete nomogram: nothing is drawn
    // for them and no number is derived from them
    std::vector<double> values = m.referenceValues();
    for (size_t j = 0; j < m.variables.size(); ++j)
      if (present[j]) values[j] = named.at(m.variables[j].name);
    views_[i]->setValues(values);
    views_[i]->setPresent(present, labels(m, missing));
    const QString assumedText = assumed.isEmpty() ? QString() : tr("%1 (cohort values, not this patient's)").arg(assumed.join(QStringLiteral(", ")));
    views_[i]->setNote(assumedText.isEmpty() ? QString() : tr("assumed: %1").arg(assumedText));
    if (missing.empty()) {
      curves_->setValues(static_cast<int>(i), values);
      curves_->setAssumed(static_cast<int>(i), assumedText);
    } else {
      curves_->setIncomplete(static_cast<int>(i), labels(m, missing).join(QStringLiteral(", ")));
      curves_->setAssumed(static_cast<int>(i), QString());
      missingArms << tr("%1 needs %2").arg(QString::fromStdString(m.arm), labels(m, missing).join(QStringLiteral(", ")));
    }
  }
  auto anyLabels = [&](const std::vector<std::string>& names) {  // labels from whichever model has the variable
    QStringList out;
    for (const auto& n : names) {
      QString label = QString::fromStdString(n);
      for (const auto& m : models_)
        for (const auto& v : m->variables)
          if (v.name == n && !v.label.empty()) label = QString::fromStdString(v.label);
      out << label;
    }
    return out;
  };
  const QStringList extrapolated = anyLabels(inputs_->extrapolatedNames());
  provenance_->setInputs(named, inputSources());
  QStringList status;
  if (!missingArms.isEmpty()) status << QStringLiteral("\u26A0 ") + tr("Missing inputs: %1").arg(missingArms.join(QStringLiteral("; ")));
  if (!extrapolated.isEmpty())
    status << QStringLiteral("\u26A0 ") + tr("Extrapolation: %1 outside the modelled range").arg(extrapolated.join(QStringLiteral(", ")));
  const bool warn = !status.isEmpty();
  const QStringList outside = anyLabels(inputs_->outsideCohortNames());
  if (!outside.isEmpty())
    status << QStringLiteral("\u24D8 ") + tr("Outside the study cohort: %1").arg(outside.join(QStringLiteral(", ")));
  status_->setText(status.join(QStringLiteral("  ")));
  status_->setWordWrap(true);
  status_->setStyleSheet(status.isEmpty() ? QStringLiteral("color: #444;")
                         : QStringLiteral("color: %1; font-weight: bold;").arg((warn ? warningColor() : cohortColor()).name()));
  Q_EMIT inputsChanged();
}

std::vector<std::string> NomogramWorkspace::fillAssumed() { return inputs_->fillAssumed(); }
std::vector<std::string> NomogramWorkspace::fillAssumed(const std::vector<std::string>& names) {
  return inputs_->fillAssumed(names);
}

std::vector<std::string> NomogramWorkspace::setMeasuredInputs(const std::map<std::string, std::optional<double>>& values,
                                                              const std::map<std::string, QString>& sources) {
  return inputs_->setMeasured(values, sources);
}

std::vector<std::string> NomogramWorkspace::setComputedInputs(const std::map<std::string, std::optional<double>>& values,
                                                              const std::map<std::string, QString>& sources) {
  return inputs_->setComputed(values, sources);
}

std::vector<std::string> NomogramWorkspace::setClinicalInputs(const std::map<std::string, double>& values,
                                                             const QString& source) {
  return inputs_->setClinical(values, source);
}

bool NomogramWorkspace::markInputsStale(const std::vector<std::string>& names, bool stale) {
  return inputs_->markStale(names, stale);
}

std::vector<std::string> NomogramWorkspace::setInputs(const std::map<std::string, double>& values, const QString& sourceText) {
  return inputs_->setValues(values, sourceText);  // valuesChanged -> applyInputs
}

std::map<std::string, double> NomogramWorkspace::inputs() const { return inputs_->values(); }

std::map<std::string, QString> NomogramWorkspace::inputSources() const {
  std::map<std::string, QString> s;
  for (const auto& n : inputs_->names()) s[n] = inputs_->source(n);
  return s;
}

void NomogramWorkspace::setCurrentArm(int arm) {
  if (arm >= 0 && arm < armCount()) armBox_->setCurrentIndex(arm);
}

int NomogramWorkspace::currentArm() const { return armBox_->currentIndex(); }

NomogramView* NomogramWorkspace::nomogramView(int arm) const { return views_.at(static_cast<size_t>(arm)); }

bool NomogramWorkspace::exportNomogram(const QString& path, QSize size, QString* error, int dpi) const {
  ExportFormat format;
  if (!exportFormatFromPath(path, &format)) {
    if (error) *error = tr("%1: export needs a .png or .svg file name").arg(path);
    return false;
  }
  const int arm = currentArm();
  if (arm < 0) {
    if (error) *error = tr("%1: no nomogram model loaded").arg(path);
    return false;
  }
  const NomogramView* view = views_[static_cast<size_t>(arm)];
  if (!size.isValid()) size = view->size().expandedTo(QSize(1000, 700));
  return exportPainting([view](QPainter& p, const QRectF& r) { view->render(p, r); }, path, format, size,
                        QString::fromStdString(view->model()->title), error, dpi);
}

bool NomogramWorkspace::exportCurves(const QString& path, QSize size, QString* error, int dpi) const {
  ExportFormat format;
  if (!exportFormatFromPath(path, &format)) {
    if (error) *error = tr("%1: export needs a .png or .svg file name").arg(path);
    return false;
  }
  if (!size.isValid()) size = curves_->size().expandedTo(QSize(900, 600));
  const SurvivalCurvesView* view = curves_;
  return exportPainting([view](QPainter& p, const QRectF& r) { view->render(p, r); }, path, format, size,
                        tr("Predicted overall survival by treatment arm"), error, dpi);
}

void NomogramWorkspace::exportInteractively(bool nomogram, const QString& suffix) {
  const QString filter = suffix == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)");
  QString path = QFileDialog::getSaveFileName(this, nomogram ? tr("Export nomogram") : tr("Export curves"),
                                              QStringLiteral("%1.%2").arg(nomogram ? QStringLiteral("nomogram") : QStringLiteral("survival_curves"), suffix),
                                              filter);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
  QString error;
  const bool ok = nomogram ? exportNomogram(path, QSize(), &error) : exportCurves(path, QSize(), &error);
  status_->setText(ok ? tr("Exported %1").arg(QDir::toNativeSeparators(path)) : error);
}

}  // namespace hccws::nomo
