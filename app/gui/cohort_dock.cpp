#include "cohort_dock.h"

#include "cli/resource_paths.h"

#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/painting_export.h>
#include <hccws/survival/model_json.h>
#include <hccws/survival/validation.h>

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace hccws::gui {

namespace {

// Lower-case letters and digits only: "HCC_048" and "hcc048_pv" meet on "hcc048".
QString normalised(const QString& s) {
  QString out;
  for (const QChar c : s)
    if (c.isLetterOrNumber()) out += c.toLower();
  return out;
}

// Where a mapping's table may be: beside the mapping, under $HCCWS_SHARED_DATA/clinical/*/, or in the shared
// data folder beside the source tree (the development layout).
QString findTable(const surv::CohortMapping& m) {
  QStringList roots;
  if (!qEnvironmentVariableIsEmpty("HCCWS_SHARED_DATA")) roots << qEnvironmentVariable("HCCWS_SHARED_DATA") + QStringLiteral("/clinical");
  roots << QString::fromStdString(cli::resourceDir()) + QStringLiteral("/../../shared/data/clinical");
  const QString beside = QString::fromStdString(surv::mappedTablePath(m));
  if (QFileInfo::exists(beside)) return beside;
  for (const auto& r : roots)
    for (const auto& sub : QDir(r).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
      const QString p = QDir(r + QLatin1Char('/') + sub).filePath(QString::fromStdString(m.table));
      if (QFileInfo::exists(p)) return QFileInfo(p).canonicalFilePath();
    }
  return {};
}

}  // namespace

CohortRun runCohortValidation(const std::string& mappingFile, const std::string& table, const surv::NomogramModel& m,
                              const std::atomic<bool>* cancel) {
  CohortRun r;
  try {
    r.mapping = surv::readCohortMapping(mappingFile);
    std::vector<std::string> vars;
    for (const auto& v : m.variables) vars.push_back(v.name);
    r.cohort = surv::importCohort(r.mapping, table, surv::Imputation::CompleteCase, vars);
    if (cancel && cancel->load()) return r;
    r.model = m;
    std::vector<surv::AssumedTerm> assumed;
    const surv::SurvData data = surv::modelSurvData(m, r.cohort, &assumed);
    for (const auto& t : assumed) r.assumed << QStringLiteral("%1 = %2").arg(QString::fromStdString(t.name)).arg(t.value);
    surv::ValidationOptions o;
    const double last = r.cohort.timeMonths.maxCoeff();
    o.times.clear();
    for (double t = 6; t <= std::min(60.0, last * 0.95); t += 6) o.times.push_back(t);
    if (o.times.empty()) o.times.push_back(last / 2);
    o.bootstrap = 100;
    o.unoTau = o.times.back();
    r.validation = surv::validateModel(m, data, o);
  } catch (const std::exception& e) {
    r.error = QString::fromStdString(e.what());
  }
  return r;
}

std::shared_ptr<nomo::CohortViewData> cohortViewData(const CohortRun& r) {
  auto d = std::make_shared<nomo::CohortViewData>();
  d->cohort = QString::fromStdString(r.mapping.name);
  d->model = QString::fromStdString(r.model.title);
  d->validation = r.validation;
  d->lpCutoff = r.model.risk.lpCutoff;
  d->highIfAbove = r.model.risk.highIfAbove;
  d->dataNote = CohortDock::tr("%1 of %2 patients (%3); %4 dropped for missing values")
                    .arg(r.cohort.report.rowsKept)
                    .arg(r.cohort.report.patients)
                    .arg(QString::fromLatin1(surv::imputationName(r.cohort.report.imputation)))
                    .arg(r.cohort.report.droppedMissing);
  if (!r.assumed.isEmpty())
    d->assumedNote = CohortDock::tr("Not in the table, fixed at the model's assumed value for every patient: %1 (discrimination is that of the other terms)")
                         .arg(r.assumed.join(QStringLiteral(", ")));
  return d;
}

CohortDock::CohortDock(nomo::NomogramWorkspace* workspace, QWidget* parent)
    : QDockWidget(tr("Cohort"), parent), workspace_(workspace), cancelled_(std::make_shared<std::atomic<bool>>(false)) {
  setObjectName(QStringLiteral("cohortDock"));
  auto* body = new QWidget(this);
  auto* layout = new QVBoxLayout(body);
  auto* form = new QFormLayout;
  mapping_ = new QComboBox(body);
  mapping_->setObjectName(QStringLiteral("cohortMapping"));
  const QDir shipped(QString::fromStdString(cli::resourcePath("cohorts")));
  for (const auto& f : shipped.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
    try {
      const auto m = surv::readCohortMapping(shipped.filePath(f).toStdString());
      mapping_->addItem(QString::fromStdString(m.name), shipped.filePath(f));
    } catch (const std::exception&) {
    }
  }
  auto* other = new QPushButton(tr("Other..."), body);
  auto* mapRow = new QHBoxLayout;
  mapRow->addWidget(mapping_, 1);
  mapRow->addWidget(other);
  form->addRow(tr("Mapping:"), mapRow);
  table_ = new QLineEdit(body);
  table_->setObjectName(QStringLiteral("cohortTable"));
  table_->setPlaceholderText(tr("the cohort's table (CSV)"));
  auto* browse = new QPushButton(tr("Browse..."), body);
  auto* tableRow = new QHBoxLayout;
  tableRow->addWidget(table_, 1);
  tableRow->addWidget(browse);
  form->addRow(tr("Table:"), tableRow);
  arm_ = new QComboBox(body);
  arm_->setObjectName(QStringLiteral("cohortArm"));
  for (int a = 0; workspace_ && a < workspace_->armCount(); ++a)
    arm_->addItem(QStringLiteral("%1 - %2").arg(QString::fromStdString(workspace_->model(a).arm), QString::fromStdString(workspace_->model(a).title)),
                  QString::fromStdString(workspace_->model(a).arm));
  // the shipped refit models (resources/models/refit), and any model file the user picks
  const QDir refits(QString::fromStdString(cli::resourcePath("models/refit")));
  for (const auto& f : refits.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) addModelFile(refits.filePath(f));
  auto* modelFile = new QPushButton(tr("Model file..."), body);
  auto* armRow = new QHBoxLayout;
  armRow->addWidget(arm_, 1);
  armRow->addWidget(modelFile);
  form->addRow(tr("Model:"), armRow);
  connect(modelFile, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Nomogram model file"), {}, tr("Nomogram models (*.json)"));
    if (const int i = f.isEmpty() ? -1 : addModelFile(f); i >= 0) arm_->setCurrentIndex(i);
  });
  layout->addLayout(form);
  auto* runRow = new QHBoxLayout;
  run_ = new QPushButton(tr("Validate on the cohort"), body);
  run_->setObjectName(QStringLiteral("cohortValidate"));
  cancel_ = new QPushButton(tr("Cancel"), body);
  cancel_->hide();
  busy_ = new QProgressBar(body);
  busy_->setRange(0, 0);  // the import and validation report no fractions: a busy bar
  busy_->hide();
  horizon_ = new QComboBox(body);
  horizon_->setObjectName(QStringLiteral("cohortHorizon"));
  horizon_->setToolTip(tr("Horizon of the calibration and decision-curve panels"));
  auto* exportButton = new QPushButton(tr("Export..."), body);
  runRow->addWidget(run_);
  runRow->addWidget(cancel_);
  runRow->addWidget(busy_, 1);
  runRow->addWidget(new QLabel(tr("Horizon:"), body));
  runRow->addWidget(horizon_);
  runRow->addWidget(exportButton);
  layout->addLayout(runRow);
  auto* rowRow = new QHBoxLayout;
  row_ = new QComboBox(body);
  row_->setObjectName(QStringLiteral("cohortRow"));
  row_->setToolTip(tr("The cohort's row that is the patient shown (found by ID in the study's folder or PatientID)"));
  fill_ = new QPushButton(tr("Fill the nomogram from this row"), body);
  fill_->setObjectName(QStringLiteral("cohortFill"));
  rowRow->addWidget(new QLabel(tr("Patient's row:"), body));
  rowRow->addWidget(row_, 1);
  rowRow->addWidget(fill_);
  layout->addLayout(rowRow);
  status_ = new QLabel(body);
  status_->setObjectName(QStringLiteral("cohortStatus"));
  status_->setWordWrap(true);
  layout->addWidget(status_);
  view_ = new nomo::CohortView(body);
  view_->setObjectName(QStringLiteral("cohortView"));
  layout->addWidget(view_, 1);
  setWidget(body);

  auto guessTable = [this] {
    try {
      const auto m = surv::readCohortMapping(mapping_->currentData().toString().toStdString());
      if (table_->text().isEmpty() || !QFileInfo::exists(table_->text()) || QFileInfo(table_->text()).fileName() != QString::fromStdString(m.table))
        table_->setText(findTable(m));
    } catch (const std::exception&) {
    }
  };
  connect(mapping_, &QComboBox::currentIndexChanged, this, guessTable);
  guessTable();
  connect(other, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Cohort mapping"), {}, tr("Cohort mappings (*.json)"));
    if (f.isEmpty()) return;
    mapping_->addItem(QFileInfo(f).fileName(), f);
    mapping_->setCurrentIndex(mapping_->count() - 1);
  });
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("The cohort's table"), table_->text(), tr("CSV tables (*.csv)"));
    if (!f.isEmpty()) table_->setText(f);
  });
  connect(run_, &QPushButton::clicked, this, &CohortDock::validate);
  connect(cancel_, &QPushButton::clicked, this, &CohortDock::cancel);
  connect(horizon_, &QComboBox::currentIndexChanged, this, [this](int i) { view_->setHorizon(i); });
  connect(fill_, &QPushButton::clicked, this, &CohortDock::fillNomogramFromRow);
  connect(row_, &QComboBox::currentIndexChanged, this, &CohortDock::refreshPatient);
  connect(exportButton, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, tr("Export the cohort view"), QStringLiteral("cohort.pdf"),
                                                   tr("PDF (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)"));
    QString why;
    if (!f.isEmpty() && !exportSummary(f, &why)) status_->setText(why);
  });
  if (workspace_) connect(workspace_, &nomo::NomogramWorkspace::inputsChanged, this, &CohortDock::refreshPatient);
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<Result>>::finished, this, &CohortDock::onFinished);
  fill_->setEnabled(false);
  status_->setText(tr("Choose a cohort mapping, its table and a model, then Validate. Nothing leaves this computer."));
}

CohortDock::~CohortDock() {
  cancelled_->store(true);
  watcher_.waitForFinished();
}

void CohortDock::setPatientContext(const QString& studyPath, const QString& patientId) {
  studyPath_ = studyPath;
  patientId_ = patientId;
  if (!result_) return;
  // the study's row, when its ID is in the study's folder name or PatientID
  const QString where = normalised(QFileInfo(studyPath).fileName()) + QLatin1Char('|') + normalised(patientId);
  for (int i = 1; i < row_->count(); ++i)
    if (where.contains(normalised(row_->itemText(i)))) {
      row_->setCurrentIndex(i);
      return;
    }
}

int CohortDock::addModelFile(const QString& path) {
  if (const int i = arm_->findData(QStringLiteral("file:") + path); i >= 0) return i;
  try {
    const surv::NomogramModel m = surv::readNomogramModel(path.toStdString());
    fileModels_[path] = m;
    arm_->addItem(tr("%1 - %2 (file)").arg(QString::fromStdString(m.arm), QString::fromStdString(m.title)), QStringLiteral("file:") + path);
    return arm_->count() - 1;
  } catch (const std::exception& e) {
    if (status_) status_->setText(tr("Not a nomogram model: %1").arg(QString::fromStdString(e.what())));
    return -1;
  }
}

void CohortDock::setCohort(const QString& mappingFile, const QString& tableFile, const QString& arm) {
  int i = mapping_->findData(mappingFile);
  if (i < 0) {
    mapping_->addItem(QFileInfo(mappingFile).fileName(), mappingFile);
    i = mapping_->count() - 1;
  }
  mapping_->setCurrentIndex(i);
  table_->setText(tableFile);
  if (arm.endsWith(QStringLiteral(".json"))) {
    if (const int a = addModelFile(arm); a >= 0) arm_->setCurrentIndex(a);
  } else if (const int a = arm_->findData(arm); a >= 0) {
    arm_->setCurrentIndex(a);
  }
}

const surv::NomogramModel* CohortDock::armModel() {
  const QString data = arm_->currentData().toString();
  if (data.startsWith(QStringLiteral("file:"))) {
    const auto it = fileModels_.find(data.mid(5));
    return it != fileModels_.end() ? &it->second : nullptr;
  }
  if (!workspace_) return nullptr;
  const int a = workspace_->armIndex(arm_->currentData().toString());
  return a >= 0 ? &workspace_->model(a) : nullptr;
}

bool CohortDock::busy() const { return watcher_.isRunning(); }

bool CohortDock::validate() {
  if (busy()) return false;
  const surv::NomogramModel* model = armModel();
  if (!model || mapping_->currentData().toString().isEmpty() || table_->text().isEmpty()) {
    status_->setText(tr("Choose a mapping, the cohort's table and a model first"));
    return false;
  }
  cancelled_ = std::make_shared<std::atomic<bool>>(false);
  const std::string mappingFile = mapping_->currentData().toString().toStdString(), table = table_->text().toStdString();
  const surv::NomogramModel m = *model;
  run_->setEnabled(false);
  cancel_->show();
  busy_->show();
  status_->setText(tr("Importing %1 and validating the %2 model ...").arg(table_->text(), arm_->currentData().toString()));
  watcher_.setFuture(QtConcurrent::run([mappingFile, table, m, cancel = cancelled_]() {
    return std::make_shared<Result>(runCohortValidation(mappingFile, table, m, cancel.get()));
  }));
  return true;
}

void CohortDock::cancel() {
  cancelled_->store(true);
  status_->setText(tr("Cancelled: the result will be dropped"));
}

void CohortDock::onFinished() {
  run_->setEnabled(true);
  cancel_->hide();
  busy_->hide();
  const auto r = watcher_.result();
  if (cancelled_->load()) {
    Q_EMIT validated(false, tr("cancelled"));
    return;
  }
  if (!r->error.isEmpty()) {
    status_->setText(tr("Could not validate: %1").arg(r->error));
    Q_EMIT validated(false, r->error);
    return;
  }
  result_ = r;
  const auto& rep = r->cohort.report;
  horizon_->blockSignals(true);
  horizon_->clear();
  int pick = 0;
  for (std::size_t k = 0; k < r->validation.horizons.size(); ++k) {
    horizon_->addItem(tr("%1 months").arg(r->validation.horizons[k].t), static_cast<int>(k));
    if (r->validation.horizons[k].t == 24) pick = static_cast<int>(k);
  }
  horizon_->setCurrentIndex(pick);
  horizon_->blockSignals(false);
  view_->setHorizon(pick);
  row_->blockSignals(true);
  row_->clear();
  row_->addItem(tr("(none)"), -1);
  for (std::size_t i = 0; i < r->cohort.ids.size(); ++i) row_->addItem(QString::fromStdString(r->cohort.ids[i]), static_cast<int>(i));
  row_->blockSignals(false);
  status_->setText(tr("%1: %2 patients analysed of %3 (%4); %5 deaths.%6")
                       .arg(QString::fromStdString(r->mapping.name))
                       .arg(rep.rowsKept)
                       .arg(rep.patients)
                       .arg(QString::fromLatin1(surv::imputationName(rep.imputation)))
                       .arg(rep.events)
                       .arg(r->assumed.isEmpty() ? QString() : QLatin1Char(' ') + tr("Not in the table, ASSUMED for every patient: %1.").arg(r->assumed.join(QStringLiteral(", ")))));
  setPatientContext(studyPath_, patientId_);
  refreshPatient();
  Q_EMIT validated(true, status_->text());
}

QString CohortDock::chosenRow() const { return row_->currentIndex() > 0 ? row_->currentText() : QString(); }

bool CohortDock::chooseRow(const QString& id) {
  const int i = row_->findText(id);
  if (i < 0) return false;
  row_->setCurrentIndex(i);
  return true;
}

bool CohortDock::fillNomogramFromRow() {
  if (!result_ || !workspace_ || row_->currentIndex() <= 0) return false;
  const auto& c = result_->cohort;
  const auto i = static_cast<long>(row_->currentData().toInt());
  std::map<std::string, double> values;
  for (std::size_t k = 0; k < c.names.size(); ++k) values[c.names[k]] = c.x(i, static_cast<long>(k));
  const QString source = tr("%1, %2 (line %3)").arg(QString::fromStdString(result_->mapping.name), row_->currentText()).arg(c.lines[static_cast<std::size_t>(i)]);
  workspace_->setClinicalInputs(values, source);
  refreshPatient();
  return true;
}

void CohortDock::refreshPatient() {
  fill_->setEnabled(result_ && row_->currentIndex() > 0);
  if (!result_) return;
  const auto& r = *result_;
  auto d = cohortViewData(r);
  d->patientLabel = row_->currentIndex() > 0 ? row_->currentText() : tr("this patient");
  if (const auto values = workspace_ ? workspace_->inputsWidget()->state().valuesFor(r.model) : std::nullopt) {
    d->patientLp = r.model.linearPredictor(*values);
    for (double t = 0; t <= 60.0001; t += 0.5) d->patientCurve.emplace_back(t, r.model.survival(t, *d->patientLp));
  }
  if (row_->currentIndex() > 0) {
    const auto i = static_cast<long>(row_->currentData().toInt());
    d->observedMonths = r.cohort.timeMonths(i);
    d->observedDeath = r.cohort.event(i) == 1;
  }
  view_->setData(d);
  view_->setHorizon(horizon_->currentIndex());
}

bool exportCohortView(const nomo::CohortView& view, const QString& path, QString* error) {
  if (!view.data()) {
    if (error) *error = CohortDock::tr("%1: nothing to export (validate first)").arg(path);
    return false;
  }
  auto paint = [&view](QPainter& p, const QRectF& area) { view.render(p, area); };
  return nomo::exportPage(paint, path, QSize(1500, 1000), CohortDock::tr("Cohort validation"), error, 150);
}

bool CohortDock::exportSummary(const QString& path, QString* error) { return exportCohortView(*view_, path, error); }

QString CohortDock::statusText() const { return status_->text(); }

}  // namespace hccws::gui
