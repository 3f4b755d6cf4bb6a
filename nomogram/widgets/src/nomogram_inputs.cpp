#include "hccws/nomogram/nomogram_inputs.h"

#include "hccws/nomogram/nomogram_style.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hccws::nomo {

namespace {
constexpr int kSliderSteps = 1000;
const char* kTyped = QT_TRANSLATE_NOOP("hccws::nomo::NomogramInputs", "typed by the user");
}  // namespace

struct NomogramInputs::Field {
  std::string name;
  surv::NomogramVariable var;  // first model's definition (label, unit, kind, levels)
  double lo = 0, hi = 1;       // union of the models' ranges: the slider's span
  double missingBelow = 0;  // spin box values below this mean "missing" (its special value)
  QLabel* label = nullptr;
  QDoubleSpinBox* spin = nullptr;
  QSlider* slider = nullptr;
  QComboBox* combo = nullptr;
  QLabel* sourceLabel = nullptr;
  QPushButton* useMeasured = nullptr;
  QLabel* warning = nullptr;
  QString message;     // extrapolation (outside a model's axis)
  QString cohortNote;  // inside the axis but outside a model's study cohort
};

NomogramInputs::NomogramInputs(QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(6, 6, 6, 6);
  grid->setHorizontalSpacing(8);
  grid->setVerticalSpacing(2);
}

NomogramInputs::~NomogramInputs() = default;

void NomogramInputs::clear() {
  for (auto& f : fields_) {
    for (QWidget* w : {static_cast<QWidget*>(f->label), static_cast<QWidget*>(f->spin), static_cast<QWidget*>(f->slider),
                       static_cast<QWidget*>(f->combo), static_cast<QWidget*>(f->sourceLabel), static_cast<QWidget*>(f->useMeasured),
                       static_cast<QWidget*>(f->warning)})
      delete w;
  }
  fields_.clear();
}

void NomogramInputs::setModels(const std::vector<std::shared_ptr<const surv::NomogramModel>>& models) {
  clear();
  models_.clear();
  for (const auto& m : models)
    if (m) models_.push_back(m);
  std::vector<const surv::NomogramModel*> raw;
  for (const auto& m : models_) raw.push_back(m.get());
  state_.setModels(raw);
  for (const auto& m : models_)
    for (const auto& v : m->variables) {
      auto it = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return f->name == v.name; });
      if (it != fields_.end()) {
        (*it)->lo = std::min((*it)->lo, v.min);
        (*it)->hi = std::max((*it)->hi, v.max);
        continue;
      }
      auto f = std::make_unique<Field>();
      f->name = v.name;
      f->var = v;
      f->lo = v.min;
      f->hi = v.max;
      fields_.push_back(std::move(f));
    }
  auto* grid = static_cast<QGridLayout*>(layout());
  int row = 0;
  for (auto& fp : fields_) {
    Field& f = *fp;
    const auto& v = f.var;
    QString text = QString::fromStdString(v.label.empty() ? v.name : v.label);
    if (!v.unit.empty() && v.kind == surv::VariableKind::Continuous && v.unit != "count")
      text += QStringLiteral(" (%1)").arg(QString::fromStdString(v.unit));
    f.label = new QLabel(text, this);
    QString tip;
    for (const auto& m : models_)
      for (const auto& mv : m->variables)
        if (mv.name == f.name)
          tip += tr("<b>%1</b>: range %2-%3, HR %4 per unit; %5 - %6<br>")
                     .arg(QString::fromStdString(m->arm), formatNumber(mv.min, 3), formatNumber(mv.max, 3),
                          formatNumber(std::exp(mv.beta), 3), statusLabel(mv.source.status),
                          QString::fromStdString(mv.source.note).toHtmlEscaped());
    if (!v.coding.empty()) tip += tr("coding: ") + QString::fromStdString(v.coding).toHtmlEscaped();
    f.label->setToolTip(tip);
    grid->addWidget(f.label, row, 0, 1, 2);
    ++row;
    if (v.levels.empty()) {
      const double span = f.hi - f.lo;
      const int decimals = v.unit == "count" ? 0 : std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), 0, 3);
      f.spin = new QDoubleSpinBox(this);
      f.spin->setDecimals(decimals);
      f.spin->setSingleStep(std::pow(10.0, -decimals));
      // beyond the modelled range on purpose (flagged as extrapolation), not below 0 for non-negative variables
      const double lo = f.lo >= 0 ? std::max(0.0, f.lo - span) : f.lo - span;
      // one step below the lowest value: the "missing" state (special value text)
      f.missingBelow = lo - 0.5 * f.spin->singleStep();
      f.spin->setRange(lo - f.spin->singleStep(), f.hi + 2 * span);
      f.spin->setSpecialValueText(tr("missing"));
      f.spin->setKeyboardTracking(false);
      f.spin->setToolTip(tip);
      if (!v.unit.empty() && v.unit != "count" && v.unit != "probability")
        f.spin->setSuffix(QLatin1Char(' ') + QString::fromStdString(v.unit));
      f.slider = new QSlider(Qt::Horizontal, this);
      f.slider->setRange(0, v.unit == "count" ? static_cast<int>(std::lround(span)) : kSliderSteps);
      f.slider->setToolTip(tr("modelled range %1-%2").arg(formatNumber(f.lo, 3), formatNumber(f.hi, 3)));
      grid->addWidget(f.spin, row, 0);
      grid->addWidget(f.slider, row, 1);
      connect(f.spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this, &f](double x) {
        if (updating_) return;
        if (x < f.missingBelow) {  // spun down to "missing": the input is cleared, not zero
          if (state_.clear(f.name)) {
            showValue(f);
            Q_EMIT valuesChanged();
          }
          return;
        }
        userEdited(f, x);
      });
      connect(f.slider, &QSlider::valueChanged, this, [this, &f](int k) {
        if (updating_) return;
        const double x = f.lo + (f.hi - f.lo) * k / f.slider->maximum();
        const double step = std::pow(10.0, -f.spin->decimals());
        userEdited(f, std::round(x / step) * step);
      });
    } else {
      f.combo = new QComboBox(this);
      f.combo->addItem(tr("missing"), QVariant());  // index 0: no value
      for (const auto& l : v.levels)
        f.combo->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(l.label), formatNumber(l.value, 3)), l.value);
      f.combo->setToolTip(tip);
      grid->addWidget(f.combo, row, 0, 1, 2);
      connect(f.combo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, &f](int k) {
        if (updating_ || k < 0) return;
        if (!f.combo->itemData(k).isValid()) {
          if (state_.clear(f.name)) {
            showValue(f);
            Q_EMIT valuesChanged();
          }
          return;
        }
        userEdited(f, f.combo->itemData(k).toDouble());
      });
    }
    ++row;
    f.sourceLabel = new QLabel(this);
    f.sourceLabel->setWordWrap(true);
    grid->addWidget(f.sourceLabel, row, 0);
    f.useMeasured = new QPushButton(this);
    f.useMeasured->setToolTip(tr("Replace the typed value by the value measured on the segmentation"));
    connect(f.useMeasured, &QPushButton::clicked, this, [this, &f] {
      if (state_.useMeasured(f.name)) {
        showValue(f);
        Q_EMIT valuesChanged();
      }
    });
    grid->addWidget(f.useMeasured, row++, 1, Qt::AlignRight);
    f.warning = new QLabel(this);
    f.warning->setWordWrap(true);
    f.warning->setStyleSheet(QStringLiteral("color: %1; background: %2; padding: 2px;")
                                 .arg(warningColor().name(), warningBackground().name()));
    f.warning->hide();
    grid->addWidget(f.warning, row++, 0, 1, 2);
    showValue(f);
  }
  grid->setRowStretch(row, 1);
  grid->setColumnStretch(1, 1);
}

void NomogramInputs::showValue(Field& f) {
  const bool was = updating_;
  updating_ = true;
  const surv::PatientInput& in = state_.input(f.name);
  const bool present = in.state != surv::InputState::Missing;
  if (f.spin) {
    if (present && in.value < f.spin->minimum()) f.spin->setMinimum(in.value - f.spin->singleStep());
    if (present && in.value > f.spin->maximum()) f.spin->setMaximum(in.value);
    f.spin->setValue(present ? in.value : f.spin->minimum());
    const double k = present ? (in.value - f.lo) / (f.hi - f.lo) * f.slider->maximum() : 0.0;
    f.slider->setValue(static_cast<int>(std::lround(std::clamp(k, 0.0, double(f.slider->maximum())))));
  } else if (f.combo) {
    // a code that is not a model level stays visible as its own, flagged entry (after "missing" + the levels)
    for (int k = f.combo->count() - 1; k >= static_cast<int>(f.var.levels.size()) + 1; --k) f.combo->removeItem(k);
    int index = 0;
    if (present) {
      index = f.combo->findData(in.value);
      if (index < 0) {
        f.combo->addItem(tr("%1 (not a model level)").arg(formatNumber(in.value, 3)), in.value);
        index = f.combo->count() - 1;
      }
    }
    f.combo->setCurrentIndex(index);
  }
  // The state, always visible: missing / measured (where) / typed (and the measurement beside it) / assumed.
  QString text, colour;
  switch (in.state) {
    case surv::InputState::Missing:
      text = tr("missing: type it, or measure it on the segmentation");
      colour = warningColor().name();
      break;
    case surv::InputState::Measured:
      text = tr("measured: %1").arg(QString::fromStdString(in.source));
      colour = QStringLiteral("#1b5e20");
      break;
    case surv::InputState::Computed:
      text = tr("computed: %1").arg(QString::fromStdString(in.source));
      colour = QStringLiteral("#4a148c");
      break;
    case surv::InputState::Typed:
      text = tr("typed by the user");
      if (in.measuredValue)
        text += (in.measuredKind == surv::InputState::Computed ? tr("; computed %1 (%2)") : tr("; measured %1 (%2)"))
                    .arg(formatNumber(*in.measuredValue, 3), QString::fromStdString(in.measuredSource));
      colour = QStringLiteral("#0d47a1");
      break;
    case surv::InputState::Assumed:
      text = assumedSource(in);
      colour = warningColor().name();
      break;
    case surv::InputState::Clinical:
      text = tr("from the clinical table: %1").arg(QString::fromStdString(in.source));
      if (in.measuredValue)
        text += (in.measuredKind == surv::InputState::Computed ? tr("; computed %1 (%2)") : tr("; measured %1 (%2)"))
                    .arg(formatNumber(*in.measuredValue, 3), QString::fromStdString(in.measuredSource));
      colour = QStringLiteral("#00695c");
      break;
  }
  if (in.stale && in.state != surv::InputState::Typed && in.state != surv::InputState::Clinical &&
      in.state != surv::InputState::Missing) {
    text = tr("STALE (what it came from has changed; recompute): %1").arg(text);
    colour = warningColor().name();
  }
  f.sourceLabel->setText(text);
  f.sourceLabel->setStyleSheet(QStringLiteral("color: %1; font-style: italic;").arg(colour));
  const bool offer = (in.state == surv::InputState::Typed || in.state == surv::InputState::Clinical) && in.measuredValue &&
                     *in.measuredValue != in.value;
  f.useMeasured->setText(offer ? (in.measuredKind == surv::InputState::Computed ? tr("Use computed %1") : tr("Use measured %1"))
                                     .arg(formatNumber(*in.measuredValue, 3))
                               : QString());
  f.useMeasured->setVisible(offer);
  updating_ = was;
  refreshFlag(f);
}

void NomogramInputs::showAll() {
  for (auto& f : fields_) showValue(*f);
}

void NomogramInputs::refreshFlag(Field& f) {
  QStringList where, cohort;
  const surv::PatientInput& in = state_.input(f.name);
  for (const auto& m : models_)
    for (const auto& v : m->variables) {
      if (v.name != f.name || in.state == surv::InputState::Missing) continue;
      const double x = in.value;
      bool out = x < v.min || x > v.max;
      if (!v.levels.empty())
        out = out || std::none_of(v.levels.begin(), v.levels.end(), [&](const auto& l) { return l.value == x; });
      if (out)
        where << tr("%1 range %2-%3").arg(QString::fromStdString(m->arm), formatNumber(v.min, 3), formatNumber(v.max, 3));
      else if (v.cohort && !v.cohort->contains(x))
        cohort << QStringLiteral("%1: %2").arg(QString::fromStdString(m->arm), QString::fromStdString(v.cohort->note));
    }
  f.message = where.isEmpty() ? QString()
                              : QStringLiteral("\u26A0 ") + tr("Outside the modelled range (%1): extrapolation").arg(where.join(QStringLiteral("; ")));
  f.cohortNote = cohort.isEmpty() ? QString()
                                  : QStringLiteral("\u24D8 ") + tr("Outside the study cohort (%1)").arg(cohort.join(QStringLiteral("; ")));
  const QString shown = f.message.isEmpty() ? f.cohortNote : f.message;
  const QColor fg = f.message.isEmpty() ? cohortColor() : warningColor(), bg = f.message.isEmpty() ? cohortBackground() : warningBackground();
  f.warning->setText(shown);
  f.warning->setStyleSheet(QStringLiteral("color: %1; background: %2; padding: 2px;").arg(fg.name(), bg.name()));
  f.warning->setVisible(!shown.isEmpty());
  const QString style = shown.isEmpty() ? QString() : QStringLiteral("background: %1; color: %2;").arg(bg.name(), fg.name());
  if (f.spin) f.spin->setStyleSheet(style);
  if (f.combo) f.combo->setStyleSheet(style);
  f.label->setStyleSheet(shown.isEmpty() ? QString() : QStringLiteral("color: %1; font-weight: bold;").arg(fg.name()));
}

void NomogramInputs::userEdited(Field& f, double v) {
  if (!state_.setTyped(f.name, v, tr(kTyped).toStdString())) return;
  showValue(f);
  Q_EMIT valuesChanged();
}

std::vector<std::string> NomogramInputs::names() const {
  std::vector<std::string> n;
  for (const auto& f : fields_) n.push_back(f->name);
  return n;
}

std::map<std::string, double> NomogramInputs::values() const {
  std::map<std::string, double> m;
  for (const auto& f : fields_) {
    const auto& in = state_.input(f->name);
    if (in.state != surv::InputState::Missing) m[f->name] = in.value;
  }
  return m;
}

NomogramInputs::Field& NomogramInputs::field(const std::string& name) {
  for (auto& f : fields_)
    if (f->name == name) return *f;
  throw std::out_of_range("nomogram input '" + name + "' is not a variable of the loaded models");
}

const NomogramInputs::Field& NomogramInputs::field(const std::string& name) const {
  return const_cast<NomogramInputs*>(this)->field(name);
}

double NomogramInputs::value(const std::string& name) const {
  const auto& in = state_.input(name);
  if (in.state == surv::InputState::Missing) throw std::out_of_range("nomogram input '" + name + "' is missing");
  return in.value;
}

std::vector<std::string> NomogramInputs::setValues(const std::map<std::string, double>& values, const QString& source) {
  std::map<std::string, std::optional<double>> v;
  std::map<std::string, QString> sources;
  for (const auto& [name, x] : values) {
    v[name] = x;
    sources[name] = source;
  }
  return setMeasured(v, sources);
}

std::vector<std::string> NomogramInputs::setMeasured(const std::map<std::string, std::optional<double>>& values,
                                                     const std::map<std::string, QString>& sources) {
  return offer(values, sources, false);
}

std::vector<std::string> NomogramInputs::setComputed(const std::map<std::string, std::optional<double>>& values,
                                                     const std::map<std::string, QString>& sources) {
  return offer(values, sources, true);
}

std::vector<std::string> NomogramInputs::offer(const std::map<std::string, std::optional<double>>& values,
                                               const std::map<std::string, QString>& sources, bool computed) {
  std::vector<std::string> unknown;
  bool changed = false;
  for (const auto& [name, v] : values) {
    if (!state_.has(name) || (v && !std::isfinite(*v))) {
      unknown.push_back(name);
      continue;
    }
    const auto it = sources.find(name);
    const std::string src = it != sources.end() ? it->second.toStdString() : std::string();
    if (computed ? state_.offerComputed(name, v, src) : state_.offerMeasured(name, v, src)) {
      changed = true;
      showValue(field(name));
    }
  }
  if (changed) Q_EMIT valuesChanged();
  return unknown;
}

bool NomogramInputs::markStale(const std::vector<std::string>& names, bool stale) {
  bool changed = false;
  for (const auto& n : names)
    if (state_.has(n) && state_.markStale(n, stale)) {
      changed = true;
      showValue(field(n));
    }
  if (changed) Q_EMIT valuesChanged();
  return changed;
}

bool NomogramInputs::setTyped(const std::string& name, double value) {
  if (!state_.has(name) || !std::isfinite(value)) return false;
  if (!state_.setTyped(name, value, tr(kTyped).toStdString())) return false;
  showValue(field(name));
  Q_EMIT valuesChanged();
  return true;
}

std::vector<std::string> NomogramInputs::setClinical(const std::map<std::string, double>& values, const QString& source) {
  std::vector<std::string> unknown;
  bool changed = false;
  for (const auto& [name, v] : values) {
    if (!state_.has(name) || !std::isfinite(v)) {
      unknown.push_back(name);
      continue;
    }
    if (state_.setClinical(name, v, source.toStdString())) {
      showValue(field(name));
      changed = true;
    }
  }
  if (changed) Q_EMIT valuesChanged();
  return unknown;
}

bool NomogramInputs::useMeasured(const std::string& name) {
  if (!state_.has(name) || !state_.useMeasured(name)) return false;
  showValue(field(name));
  Q_EMIT valuesChanged();
  return true;
}

std::vector<std::string> NomogramInputs::fillAssumed() { return fillAssumed(state_.names()); }

std::vector<std::string> NomogramInputs::fillAssumed(const std::vector<std::string>& names) {
  const auto filled = state_.fillAssumed(names);
  for (const auto& n : filled) showValue(field(n));
  if (!filled.empty()) Q_EMIT valuesChanged();
  return filled;
}

QString NomogramInputs::assumedSource(const surv::PatientInput& in) {
  // The core writes "assumed: <the model file's source>" (also for the command line); the prefix in the
  // user's language here, the model file's text as localised at load (model_text.h).
  QString src = QString::fromStdString(in.source);
  if (src.startsWith(QStringLiteral("assumed: "))) src = src.mid(9);
  return tr("assumed: %1").arg(src);
}

QString NomogramInputs::source(const std::string& name) const {
  const auto& in = state_.input(name);
  switch (in.state) {
    case surv::InputState::Assumed: return assumedSource(in);
    case surv::InputState::Missing: return tr("missing");
    case surv::InputState::Measured: return tr("measured: %1").arg(QString::fromStdString(in.source));
    case surv::InputState::Computed: return tr("computed: %1").arg(QString::fromStdString(in.source)) + (in.stale ? tr(" (stale)") : QString());
    case surv::InputState::Clinical: return tr("from the clinical table: %1").arg(QString::fromStdString(in.source));
    case surv::InputState::Typed: break;
  }
  return QString::fromStdString(in.source);
}

bool NomogramInputs::isExtrapolated(const std::string& name) const { return !field(name).message.isEmpty(); }
QString NomogramInputs::extrapolationMessage(const std::string& name) const { return field(name).message; }

QString NomogramInputs::cohortNote(const std::string& name) const { return field(name).cohortNote; }

std::vector<std::string> NomogramInputs::outsideCohortNames() const {
  std::vector<std::string> n;
  for (const auto& f : fields_)
    if (!f->cohortNote.isEmpty()) n.push_back(f->name);
  return n;
}

std::vector<std::string> NomogramInputs::extrapolatedNames() const {
  std::vector<std::string> n;
  for (const auto& f : fields_)
    if (!f->message.isEmpty()) n.push_back(f->name);
  return n;
}

QDoubleSpinBox* NomogramInputs::spinBox(const std::string& name) const { return field(name).spin; }
QSlider* NomogramInputs::slider(const std::string& name) const { return field(name).slider; }
QComboBox* NomogramInputs::comboBox(const std::string& name) const { return field(name).combo; }
QLabel* NomogramInputs::warningLabel(const std::string& name) const { return field(name).warning; }
QLabel* NomogramInputs::sourceLabel(const std::string& name) const { return field(name).sourceLabel; }
QPushButton* NomogramInputs::useMeasuredButton(const std::string& name) const { return field(name).useMeasured; }

}  // namespace hccws::nomo
