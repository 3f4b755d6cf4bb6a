#include "radiomics_dock.h"

#include <hccws/core/errors.h>
#include <hccws/radiomics/case_rois.h>
#include <hccws/radiomics/features.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace hccws::gui {

RadiomicsRun computeRadiomics(const RadiomicsInput& input, const radiomics::Settings& settings, bool tumour, bool lesions,
                              bool liver, double ringMm, const std::function<bool(double, const QString&)>& progress) {
  RadiomicsRun run;
  run.settings = settings;
  run.labelsName = input.labelsName;
  auto sink = [&](double f, std::string_view s) {
    return !progress || progress(f, QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())));
  };
  try {
    radiomics::RoiRequest req;
    req.tumour = tumour;
    req.lesions = lesions;
    req.liver = liver;
    req.ringMm = ringMm;
    std::vector<std::string> skipped;
    const auto rois = radiomics::caseRois(*input.labels, req, &skipped, core::ProgressScope(sink, 0, 0.05).sink());
    for (const auto& s : skipped) run.skipped << QString::fromStdString(s);
    for (const auto& r : rois)
      if (r.id.rfind("ring_", 0) == 0) run.ring = std::make_shared<core::LabelMap>(radiomics::ringLabelMap(r, ringMm));
    const double n = static_cast<double>(std::max<std::size_t>(1, input.phases.size()));
    for (std::size_t p = 0; p < input.phases.size(); ++p) {
      const RadiomicsPhase& phase = input.phases[p];
      const core::FloatVolume image = core::realValues(*phase.volume, phase.intensity);  // MRI: through its map
      const core::ProgressScope scope(sink, 0.05 + 0.95 * p / n, 0.05 + 0.95 * (p + 1) / n);
      for (const auto& r : radiomics::computeRoiFeatures(image, rois, settings, scope.sink())) {
        const QString roi = QString::fromStdString(r.roi->id);
        if (!r.error.empty()) {
          run.skipped << QStringLiteral("%1, %2: %3").arg(phase.name, roi, QString::fromStdString(r.error));
          continue;
        }
        for (const auto& f : r.table.features)
          run.rows.push_back({phase.name, roi, QString::fromStdString(r.roi->description), QString::fromStdString(f.family),
                              QString::fromStdString(f.name), QString::fromStdString(f.code),
                              QString::fromStdString(f.aggregation), QString::fromStdString(f.unit),
                              QString::fromStdString(f.note), f.value});
      }
    }
  } catch (const core::Cancelled&) {
    run.cancelled = true;
  } catch (const std::exception& e) {
    run.error = QString::fromStdString(e.what());
  }
  return run;
}

RadiomicsDock::RadiomicsDock(QWidget* parent) : QDockWidget(tr("Radiomics"), parent) {
  setObjectName(QStringLiteral("radiomicsDock"));
  auto* w = new QWidget(this);
  auto* v = new QVBoxLayout(w);
  auto* form = new QFormLayout;
  auto* roiRow = new QHBoxLayout;
  tumour_ = new QCheckBox(tr("Tumour"), w);
  lesions_ = new QCheckBox(tr("Each lesion"), w);
  liver_ = new QCheckBox(tr("Liver"), w);
  ring_ = new QCheckBox(tr("Ring"), w);
  for (auto* c : {tumour_, lesions_, liver_, ring_}) {
    c->setChecked(c != liver_);
    roiRow->addWidget(c);
  }
  ringMm_ = new QDoubleSpinBox(w);
  ringMm_->setRange(0.5, 50);
  ringMm_->setValue(6.0);
  ringMm_->setSuffix(tr(" mm"));
  ringMm_->setObjectName(QStringLiteral("radiomicsRingMm"));
  roiRow->addWidget(ringMm_);
  form->addRow(tr("Regions:"), roiRow);
  showRing_ = new QCheckBox(tr("Show the ring in the slice views"), w);
  showRing_->setChecked(true);
  form->addRow(QString(), showRing_);
  auto* discRow = new QHBoxLayout;
  discretisation_ = new QComboBox(w);
  discretisation_->addItem(tr("Fixed bin width"));
  discretisation_->addItem(tr("Fixed bin number"));
  binWidth_ = new QDoubleSpinBox(w);
  binWidth_->setRange(0.001, 10000);
  binWidth_->setDecimals(3);
  binWidth_->setValue(25);
  binNumber_ = new QSpinBox(w);
  binNumber_->setRange(2, 1024);
  binNumber_->setValue(32);
  binNumber_->setEnabled(false);
  discRow->addWidget(discretisation_);
  discRow->addWidget(binWidth_);
  discRow->addWidget(binNumber_);
  form->addRow(tr("Discretisation:"), discRow);
  connect(discretisation_, &QComboBox::currentIndexChanged, this, [this](int i) {
    binWidth_->setEnabled(i == 0);
    binNumber_->setEnabled(i == 1);
  });
  auto* resegRow = new QHBoxLayout;
  reseg_ = new QCheckBox(tr("Keep intensities from"), w);
  resegLow_ = new QDoubleSpinBox(w);
  resegHigh_ = new QDoubleSpinBox(w);
  for (auto* s : {resegLow_, resegHigh_}) {
    s->setRange(-100000, 100000);
    s->setEnabled(false);
  }
  resegLow_->setValue(-100);
  resegHigh_->setValue(300);
  connect(reseg_, &QCheckBox::toggled, resegLow_, &QWidget::setEnabled);
  connect(reseg_, &QCheckBox::toggled, resegHigh_, &QWidget::setEnabled);
  resegRow->addWidget(reseg_);
  resegRow->addWidget(resegLow_);
  resegRow->addWidget(new QLabel(tr("to"), w));
  resegRow->addWidget(resegHigh_);
  form->addRow(tr("Re-segmentation:"), resegRow);
  auto* isoRow = new QHBoxLayout;
  iso_ = new QCheckBox(tr("Isotropic voxels of"), w);
  isoMm_ = new QDoubleSpinBox(w);
  isoMm_->setRange(0.2, 10);
  isoMm_->setValue(1.0);
  isoMm_->setSuffix(tr(" mm"));
  isoMm_->setEnabled(false);
  connect(iso_, &QCheckBox::toggled, isoMm_, &QWidget::setEnabled);
  isoRow->addWidget(iso_);
  isoRow->addWidget(isoMm_);
  isoRow->addStretch();
  form->addRow(tr("Interpolation:"), isoRow);
  v->addLayout(form);

  auto* buttons = new QHBoxLayout;
  compute_ = new QPushButton(tr("Compute"), w);
  compute_->setObjectName(QStringLiteral("radiomicsCompute"));
  cancel_ = new QPushButton(tr("Cancel"), w);
  cancel_->setEnabled(false);
  export_ = new QPushButton(tr("Export CSV..."), w);
  export_->setEnabled(false);
  bar_ = new QProgressBar(w);
  bar_->setRange(0, 1000);
  bar_->setVisible(false);
  buttons->addWidget(compute_);
  buttons->addWidget(cancel_);
  buttons->addWidget(bar_, 1);
  buttons->addWidget(export_);
  v->addLayout(buttons);
  status_ = new QLabel(tr("Features of the IBSI (image biomarker standardisation initiative), computed on the "
                          "current segmentation."), w);
  status_->setWordWrap(true);
  v->addWidget(status_);
  table_ = new QTableWidget(0, 7, w);
  table_->setHorizontalHeaderLabels({tr("Phase"), tr("Region"), tr("Family"), tr("Feature"), tr("IBSI code"),
                                     tr("Aggregation"), tr("Value")});
  table_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  v->addWidget(table_, 1);
  setWidget(w);

  watcher_ = new QFutureWatcher<RadiomicsRun>(this);
  connect(watcher_, &QFutureWatcher<RadiomicsRun>::finished, this, &RadiomicsDock::onFinished);
  connect(compute_, &QPushButton::clicked, this, [this] { compute(); });
  connect(cancel_, &QPushButton::clicked, this, &RadiomicsDock::cancel);
  connect(export_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export radiomic features"), QStringLiteral("features.csv"),
                                                      tr("CSV tables (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    setStatus(exportCsv(path, &error) ? tr("Written: %1 (settings beside it)").arg(path) : error);
  });
  connect(showRing_, &QCheckBox::toggled, this, [this](bool on) {
    Q_EMIT ringChanged(on && result_ ? std::shared_ptr<const core::LabelMap>(result_->ring) : nullptr);
  });
  connect(this, &RadiomicsDock::progress, this, [this](double f, const QString& stage) {
    bar_->setValue(static_cast<int>(std::lround(1000 * std::clamp(f, 0.0, 1.0))));
    bar_->setFormat(stage);
  });
}

RadiomicsDock::~RadiomicsDock() {
  if (cancelFlag_) cancelFlag_->store(true);
  watcher_->waitForFinished();
}

void RadiomicsDock::setRingWidth(double mm) { ringMm_->setValue(mm); }

radiomics::Settings RadiomicsDock::settingsFromControls() const {
  radiomics::Settings s;
  if (discretisation_->currentIndex() == 0) {
    s.discretisation = radiomics::Discretisation::FixedBinSize;
    s.binWidth = binWidth_->value();
  } else {
    s.discretisation = radiomics::Discretisation::FixedBinNumber;
    s.binNumber = binNumber_->value();
  }
  if (reseg_->isChecked()) {
    s.resegmentLower = resegLow_->value();
    s.resegmentUpper = resegHigh_->value();
  }
  if (iso_->isChecked()) s.isotropicMm = isoMm_->value();
  return s;
}

bool RadiomicsDock::busy() const { return watcher_->isRunning(); }

bool RadiomicsDock::compute() {
  if (busy()) return false;
  const RadiomicsInput input = provider_ ? provider_() : RadiomicsInput{};
  if (input.phases.empty()) {
    setStatus(tr("Open a study first."));
    return false;
  }
  if (!input.labels) {
    setStatus(tr("There is no segmentation: segment the liver and the tumour first."));
    return false;
  }
  radiomics::Settings settings;
  try {
    settings = settingsFromControls();
    settings.validate();
  } catch (const std::exception& e) {
    setStatus(QString::fromStdString(e.what()));
    return false;
  }
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  QPointer<RadiomicsDock> self(this);
  auto flag = cancelFlag_;
  auto report = [self, flag](double f, const QString& stage) {
    QMetaObject::invokeMethod(
        self.data(), [self, f, stage] { if (self) Q_EMIT self->progress(f, stage); }, Qt::QueuedConnection);
    return !flag->load();
  };
  const bool tumour = tumour_->isChecked(), lesions = lesions_->isChecked(), liver = liver_->isChecked();
  const double ringMm = ring_->isChecked() ? ringMm_->value() : 0.0;
  watcher_->setFuture(QtConcurrent::run([input, settings, tumour, lesions, liver, ringMm, report] {
    return computeRadiomics(input, settings, tumour, lesions, liver, ringMm, report);
  }));
  compute_->setEnabled(false);
  cancel_->setEnabled(true);
  bar_->setValue(0);
  bar_->setVisible(true);
  setStatus(tr("Computing..."));
  return true;
}

void RadiomicsDock::cancel() {
  if (cancelFlag_) cancelFlag_->store(true);
}

void RadiomicsDock::onFinished() {
  auto run = std::make_shared<RadiomicsRun>(watcher_->result());
  compute_->setEnabled(true);
  cancel_->setEnabled(false);
  bar_->setVisible(false);
  if (run->cancelled) {
    setStatus(tr("Cancelled: the previous results are kept."));
    Q_EMIT computed(false, status_->text());
    return;
  }
  if (!run->error.isEmpty()) {
    setStatus(tr("Not computed: %1").arg(run->error));
    Q_EMIT computed(false, status_->text());
    return;
  }
  result_ = run;
  stale_ = false;
  fillTable();
  export_->setEnabled(!run->rows.empty());
  QString text = tr("%n feature value(s), measured on %1.", "", static_cast<int>(run->rows.size())).arg(run->labelsName);
  if (!run->skipped.isEmpty()) text += QLatin1Char(' ') + tr("Not computed: %1").arg(run->skipped.join(QStringLiteral("; ")));
  setStatus(text);
  Q_EMIT ringChanged(showRing_->isChecked() ? std::shared_ptr<const core::LabelMap>(run->ring) : nullptr);
  Q_EMIT computed(true, text);
}

void RadiomicsDock::fillTable() {
  table_->setRowCount(0);
  if (!result_) return;
  table_->setRowCount(static_cast<int>(result_->rows.size()));
  int r = 0;
  for (const auto& row : result_->rows) {
    const QString value = std::isfinite(row.value) ? QString::number(row.value, 'g', 6) + (row.unit.isEmpty() ? QString() : QStringLiteral(" ") + row.unit)
                                                   : tr("not computed");
    const QStringList cells = {row.phase, row.roi, row.family, row.feature, row.code, row.aggregation, value};
    const QString tip = tr("Measured on %1, %2, phase %3; IBSI settings as exported.%4")
                            .arg(result_->labelsName, row.roiDescription, row.phase,
                                 row.note.isEmpty() ? QString() : QStringLiteral("\n") + row.note);
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(tip);
      table_->setItem(r, c, item);
    }
    ++r;
  }
}

void RadiomicsDock::setStale(bool stale) {
  if (!result_ || stale_ == stale) return;
  stale_ = stale;
  if (stale)
    setStatus(tr("Stale: the segmentation changed after these features were computed. Compute again to update them."));
}

void RadiomicsDock::setStatus(const QString& text) { status_->setText(text); }

QString RadiomicsDock::statusText() const { return status_->text(); }

bool RadiomicsDock::exportCsv(const QString& path, QString* error) const {
  if (!result_) {
    if (error) *error = tr("Nothing computed yet.");
    return false;
  }
  auto field = [](QString s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
    return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
  };
  QString text = QStringLiteral("phase,roi,roi_description,family,feature,ibsi_code,aggregation,value,unit,provenance,note\n");
  for (const auto& r : result_->rows) {
    const QString prov = QStringLiteral("measured on %1, %2").arg(result_->labelsName, r.roiDescription);
    text += QStringList{field(r.phase), r.roi, field(r.roiDescription), r.family, field(r.feature), r.code, r.aggregation,
                        std::isfinite(r.value) ? QString::number(r.value, 'g', 10) : QString(), r.unit, field(prov),
                        field(r.note)}
                .join(QLatin1Char(',')) +
            QLatin1Char('\n');
  }
  for (const auto& [file, content] : {std::pair{path, text}, std::pair{path + QStringLiteral(".settings.json"),
                                                                        QString::fromStdString(result_->settings.toJson())}}) {
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(content.toUtf8()) < 0 || !f.commit()) {
      if (error) *error = tr("%1 cannot be written").arg(file);
      return false;
    }
  }
  return true;
}

}  // namespace hccws::gui
