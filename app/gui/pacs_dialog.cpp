#include "pacs_dialog.h"

#include "settings.h"

#include <hccws/case/case_folder.h>
#include <hccws/pacs/encapsulated_pdf.h>

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QComboBox>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace hccws::gui {

namespace fs = std::filesystem;

struct PacsDialog::Work {
  pacs::ServerConfig server;
  pacs::QueryFilters filters;
  std::string studyUid, seriesUid, folder;
  std::vector<pacs::StudyInfo> studies;
  std::vector<pacs::SeriesInfo> series;
  pacs::RetrieveResult retrieved;
  QString error;
  bool cancelled = false;
  std::shared_ptr<std::atomic<bool>> cancel;  // set by Cancel, read by the worker
};

namespace {
QTableWidgetItem* cell(const std::string& s) { return new QTableWidgetItem(QString::fromStdString(s)); }
QTableWidgetItem* cell(int v) { return new QTableWidgetItem(QString::number(v)); }

qint64 folderBytes(const QString& dir) {
  qint64 n = 0;
  QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) n += QFileInfo(it.next()).size();
  return n;
}
}  // namespace

PacsDialog::PacsDialog(QWidget* parent) : QDialog(parent), cancel_(std::make_shared<std::atomic<bool>>(false)) {
  setWindowTitle(tr("Query PACS"));
  setObjectName(QStringLiteral("pacsDialog"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  servers_ = new QComboBox(this);
  servers_->setObjectName(QStringLiteral("pacsServers"));
  auto* add = new QPushButton(tr("Add server..."), this);
  auto* serverRow = new QHBoxLayout;
  serverRow->addWidget(servers_, 1);
  serverRow->addWidget(add);
  form->addRow(tr("Server:"), serverRow);
  password_ = new QLineEdit(this);
  password_->setEchoMode(QLineEdit::Password);
  password_->setPlaceholderText(tr("typed for this session, never stored"));
  form->addRow(tr("Password:"), password_);
  patientName_ = new QLineEdit(this);
  patientId_ = new QLineEdit(this);
  dateFrom_ = new QLineEdit(this);
  dateTo_ = new QLineEdit(this);
  modality_ = new QLineEdit(this);
  dateFrom_->setPlaceholderText(QStringLiteral("YYYYMMDD"));
  dateTo_->setPlaceholderText(QStringLiteral("YYYYMMDD"));
  patientName_->setPlaceholderText(tr("'*' matches anything"));
  form->addRow(tr("Patient name:"), patientName_);
  form->addRow(tr("Patient ID:"), patientId_);
  auto* dates = new QHBoxLayout;
  dates->addWidget(dateFrom_);
  dates->addWidget(new QLabel(tr("to"), this));
  dates->addWidget(dateTo_);
  form->addRow(tr("Study date:"), dates);
  form->addRow(tr("Modality:"), modality_);
  layout->addLayout(form);
  searchButton_ = new QPushButton(tr("Search"), this);
  searchButton_->setObjectName(QStringLiteral("pacsSearch"));
  layout->addWidget(searchButton_);
  studies_ = new QTableWidget(0, 7, this);
  studies_->setObjectName(QStringLiteral("pacsStudies"));
  studies_->setHorizontalHeaderLabels({tr("Patient"), tr("ID"), tr("Date"), tr("Description"), tr("Modalities"), tr("Series"), tr("Images")});
  series_ = new QTableWidget(0, 4, this);
  series_->setObjectName(QStringLiteral("pacsSeries"));
  series_->setHorizontalHeaderLabels({tr("Number"), tr("Modality"), tr("Description"), tr("Images")});
  for (auto* t : {studies_, series_}) {
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setStretchLastSection(true);
  }
  layout->addWidget(studies_, 2);
  layout->addWidget(series_, 1);
  auto* runRow = new QHBoxLayout;
  retrieveButton_ = new QPushButton(tr("Retrieve and open"), this);
  retrieveButton_->setObjectName(QStringLiteral("pacsRetrieve"));
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->hide();
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->hide();
  runRow->addWidget(retrieveButton_);
  runRow->addWidget(progress_, 1);
  runRow->addWidget(cancelButton_);
  layout->addLayout(runRow);
  status_ = new QLabel(tr("No server is contacted until you search."), this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  resize(900, 700);

  loadServers();
  connect(add, &QPushButton::clicked, this, &PacsDialog::addServer);
  connect(searchButton_, &QPushButton::clicked, this, &PacsDialog::search);
  connect(studies_, &QTableWidget::itemSelectionChanged, this, [this] {
    if (studies_->currentRow() >= 0) listSeries(studies_->currentRow());
  });
  connect(retrieveButton_, &QPushButton::clicked, this, [this] { retrieve(series_->currentRow()); });
  connect(cancelButton_, &QPushButton::clicked, this, &PacsDialog::cancel);
  connect(&watcher_, &QFutureWatcher<void>::finished, this, [this] {
    progress_->hide();
    cancelButton_->hide();
    searchButton_->setEnabled(true);
    retrieveButton_->setEnabled(true);
    if (done_ && work_) done_(*work_);
  });
  const auto s = workstationSettings();
  cacheDir_ = s ? s->value(QStringLiteral("pacs/cache")).toString() : QString();
  if (cacheDir_.isEmpty()) cacheDir_ = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/pacs");
  cacheLimit_ = qint64(s ? s->value(QStringLiteral("pacs/cacheLimitMB"), 4096).toInt() : 4096) << 20;
}

PacsDialog::~PacsDialog() {
  cancel_->store(true);
  watcher_.waitForFinished();
}

void PacsDialog::loadServers() {
  servers_->clear();
  const auto s = workstationSettings();
  if (!s) return;
  const int n = s->beginReadArray(QStringLiteral("pacs/servers"));
  for (int i = 0; i < n; ++i) {
    s->setArrayIndex(i);
    const QString name = s->value(QStringLiteral("name")).toString(), url = s->value(QStringLiteral("url")).toString();
    servers_->addItem(QStringLiteral("%1 (%2)").arg(name, url), QStringList{name, url, s->value(QStringLiteral("user")).toString()});
  }
  s->endArray();
}

void PacsDialog::addServer() {
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Add a PACS server"), tr("Name:"), QLineEdit::Normal, {}, &ok);
  if (!ok || name.isEmpty()) return;
  const QString url = QInputDialog::getText(this, tr("Add a PACS server"), tr("DICOMweb root URL (https://.../dicom-web):"),
                                            QLineEdit::Normal, QStringLiteral("https://"), &ok);
  if (!ok || url.isEmpty()) return;
  const QString user = QInputDialog::getText(this, tr("Add a PACS server"), tr("User name (empty: none):"), QLineEdit::Normal, {}, &ok);
  if (!ok) return;
  if (const auto s = workstationSettings()) {
    const int n = s->beginReadArray(QStringLiteral("pacs/servers"));
    s->endArray();
    s->beginWriteArray(QStringLiteral("pacs/servers"));
    s->setArrayIndex(n);
    s->setValue(QStringLiteral("name"), name);
    s->setValue(QStringLiteral("url"), url);
    s->setValue(QStringLiteral("user"), user);
    s->endArray();
  }
  servers_->addItem(QStringLiteral("%1 (%2)").arg(name, url), QStringList{name, url, user});
  servers_->setCurrentIndex(servers_->count() - 1);
}

void PacsDialog::setServer(const pacs::ServerConfig& server) { override_ = server; }

void PacsDialog::setFilters(const pacs::QueryFilters& f) {
  patientName_->setText(QString::fromStdString(f.patientName));
  patientId_->setText(QString::fromStdString(f.patientId));
  dateFrom_->setText(QString::fromStdString(f.studyDateFrom));
  dateTo_->setText(QString::fromStdString(f.studyDateTo));
  modality_->setText(QString::fromStdString(f.modality));
}

pacs::ServerConfig PacsDialog::currentServer() const {
  if (override_) return *override_;
  pacs::ServerConfig s;
  const QStringList v = servers_->currentData().toStringList();
  if (v.size() == 3) {
    s.name = v[0].toStdString();
    s.url = v[1].toStdString();
    s.user = v[2].toStdString();
  }
  s.password = password_->text().toStdString();
  if (s.password.empty()) s.password = qEnvironmentVariable("HCCWS_PACS_PASSWORD").toStdString();
  return s;
}

void PacsDialog::run(std::function<void(Work&)> job, std::function<void(const Work&)> done) {
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  work_ = std::make_shared<Work>();
  work_->server = currentServer();
  work_->cancel = cancel_;
  done_ = std::move(done);
  searchButton_->setEnabled(false);
  retrieveButton_->setEnabled(false);
  auto work = work_;
  watcher_.setFuture(QtConcurrent::run([work, job = std::move(job)] {
    try {
      job(*work);
    } catch (const core::Cancelled&) {
      work->cancelled = true;
    } catch (const std::exception& e) {
      work->error = QString::fromStdString(e.what());
    }
  }));
}

bool PacsDialog::search() {
  if (watcher_.isRunning()) return false;
  if (currentServer().url.empty()) {
    status_->setText(tr("Add a server first (none is configured: the workstation contacts no PACS on its own)"));
    return false;
  }
  pacs::QueryFilters f;
  f.patientName = patientName_->text().trimmed().toStdString();
  f.patientId = patientId_->text().trimmed().toStdString();
  f.studyDateFrom = dateFrom_->text().trimmed().toStdString();
  f.studyDateTo = dateTo_->text().trimmed().toStdString();
  f.modality = modality_->text().trimmed().toStdString();
  status_->setText(tr("Searching ..."));
  run([f](Work& w) {
        pacs::DicomWebClient c(w.server);
        w.studies = c.findStudies(f);
      },
      [this](const Work& w) {
        studyList_ = w.studies;
        studies_->setRowCount(0);
        series_->setRowCount(0);
        for (const auto& s : studyList_) {
          const int r = studies_->rowCount();
          studies_->insertRow(r);
          studies_->setItem(r, 0, cell(s.patientName));
          studies_->setItem(r, 1, cell(s.patientId));
          studies_->setItem(r, 2, cell(s.studyDate));
          studies_->setItem(r, 3, cell(s.description));
          studies_->setItem(r, 4, cell(s.modalities));
          studies_->setItem(r, 5, cell(s.series));
          studies_->setItem(r, 6, cell(s.instances));
        }
        status_->setText(w.error.isEmpty() ? tr("%1 studies").arg(studyList_.size()) : tr("Search failed: %1").arg(w.error));
        Q_EMIT searched(static_cast<int>(studyList_.size()), w.error);
      });
  return true;
}

bool PacsDialog::listSeries(int row) {
  if (watcher_.isRunning() || row < 0 || row >= static_cast<int>(studyList_.size())) return false;
  const std::string study = studyList_[static_cast<std::size_t>(row)].studyUid;
  run([study](Work& w) {
        pacs::DicomWebClient c(w.server);
        w.series = c.findSeries(study);
      },
      [this](const Work& w) {
        seriesList_ = w.series;
        series_->setRowCount(0);
        for (const auto& s : seriesList_) {
          const int r = series_->rowCount();
          series_->insertRow(r);
          series_->setItem(r, 0, cell(s.number));
          series_->setItem(r, 1, cell(s.modality));
          series_->setItem(r, 2, cell(s.description));
          series_->setItem(r, 3, cell(s.instances));
        }
        if (!seriesList_.empty()) series_->selectRow(0);
        status_->setText(w.error.isEmpty() ? tr("%1 series").arg(seriesList_.size()) : tr("Could not list the series: %1").arg(w.error));
        Q_EMIT seriesListed(static_cast<int>(seriesList_.size()), w.error);
      });
  return true;
}

bool PacsDialog::retrieve(int row) {
  if (watcher_.isRunning() || row < 0 || row >= static_cast<int>(seriesList_.size())) return false;
  const auto s = seriesList_[static_cast<std::size_t>(row)];
  const QString folder = cacheDir_ + QLatin1Char('/') + QString::fromStdString(s.studyUid) + QLatin1Char('/') + QString::fromStdString(s.seriesUid);
  progress_->setValue(0);
  progress_->show();
  cancelButton_->show();
  status_->setText(tr("Retrieving %1 (%2 images) ...").arg(QString::fromStdString(s.description)).arg(s.instances));
  QPointer<PacsDialog> self(this);
  run([s, folder, self](Work& w) {
        auto flag = w.cancel;
        pacs::DicomWebClient c(w.server);
        w.folder = folder.toStdString();
        w.retrieved = c.retrieveSeries(s.studyUid, s.seriesUid, w.folder, [self, flag](double f, std::string_view) {
          QMetaObject::invokeMethod(
              self.data(), [self, f] { if (self) self->progress_->setValue(static_cast<int>(f * 1000)); }, Qt::QueuedConnection);
          return !flag->load();
        });
      },
      [this, folder](const Work& w) {
        if (w.cancelled) {
          status_->setText(tr("Retrieve cancelled: what arrived stays in the cache and a later retrieve resumes"));
          Q_EMIT retrieved(QString(), tr("cancelled"));
          return;
        }
        if (!w.error.isEmpty()) {
          status_->setText(tr("Retrieve failed: %1 (a later retrieve resumes)").arg(w.error));
          Q_EMIT retrieved(QString(), w.error);
          return;
        }
        const QStringList removed = enforceCacheLimit(cacheDir_, cacheLimit_, folder);
        status_->setText(tr("%1 images: %2 retrieved, %3 already in the cache%4")
                             .arg(w.retrieved.instances)
                             .arg(w.retrieved.fetched)
                             .arg(w.retrieved.alreadyHere)
                             .arg(removed.isEmpty() ? QString() : tr("; %1 older series removed from the cache (its limit)").arg(removed.size())));
        Q_EMIT retrieved(folder, QString());
      });
  return true;
}

bool PacsDialog::sendCase(const QString& caseDir) {
  if (watcher_.isRunning()) return false;
  if (currentServer().url.empty()) {
    status_->setText(tr("Add a server first (none is configured: the workstation contacts no PACS on its own)"));
    return false;
  }
  // what the case holds: its DICOM SEG, its last report, and a DICOM file of the series they belong to
  std::vector<std::string> files;
  std::string report, reference;
  try {
    const cases::CaseFolder c = cases::CaseFolder::open(caseDir.toStdString(), true);
    const auto& m = c.manifest();
    const fs::path dir(caseDir.toStdString());
    if (m.segmentation && !m.segmentation->dicomSeg.empty()) files.push_back((dir / m.segmentation->dicomSeg).string());
    if (const auto it = m.results.find("report"); it != m.results.end()) report = it->second.value.value("file", std::string());
    const int source = m.segmentation ? m.segmentation->gridOf : 0;
    if (source >= 0 && source < static_cast<int>(m.sources.size())) {
      fs::path src(m.sources[static_cast<std::size_t>(source)].path);
      if (src.is_relative()) src = dir / src;
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(src, ec))
        if (e.is_regular_file(ec) && pacs::isDicomFile(e.path().string())) {
          reference = e.path().string();
          break;
        }
    }
  } catch (const std::exception& e) {
    status_->setText(tr("Cannot send the case: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  if (files.empty() && report.empty()) {
    status_->setText(tr("The case has no DICOM SEG and no report to send"));
    return false;
  }
  if (!report.empty() && reference.empty()) {
    status_->setText(tr("The report cannot be placed in the patient's study: the case's series is not a DICOM folder here"));
    return false;
  }
  status_->setText(tr("Sending ..."));
  const std::string tmp = (fs::temp_directory_path() / ("hccws-report-" + std::to_string(::getpid()) + ".dcm")).string();
  run([files, report, reference, tmp](Work& w) {
        std::vector<std::string> all = files;
        if (!report.empty()) {
          pacs::PdfContext pc;
          pc.referenceFile = reference;
          pacs::writeEncapsulatedPdf(report, pc, tmp);
          all.push_back(tmp);
        }
        pacs::DicomWebClient c(w.server);
        const auto r = c.store(all);
        std::error_code ec;
        fs::remove(tmp, ec);
        w.retrieved.fetched = r.stored;
        if (r.failed) throw pacs::PacsError(r.failures.front(), 0);
      },
      [this](const Work& w) {
        status_->setText(w.error.isEmpty() ? tr("Sent %1 object(s) to the PACS").arg(w.retrieved.fetched) : tr("Sending failed: %1").arg(w.error));
        Q_EMIT sent(w.retrieved.fetched, w.error);
      });
  return true;
}

void PacsDialog::cancel() { cancel_->store(true); }
int PacsDialog::studyCount() const { return static_cast<int>(studyList_.size()); }
int PacsDialog::seriesCount() const { return static_cast<int>(seriesList_.size()); }
QString PacsDialog::cacheDir() const { return cacheDir_; }
qint64 PacsDialog::cacheLimitBytes() const { return cacheLimit_; }
void PacsDialog::setCache(const QString& dir, qint64 limitBytes) {
  cacheDir_ = dir;
  cacheLimit_ = limitBytes;
}
QString PacsDialog::statusText() const { return status_->text(); }

QStringList PacsDialog::enforceCacheLimit(const QString& dir, qint64 limitBytes, const QString& keep) {
  struct Entry {
    QString path;
    qint64 bytes;
    QDateTime used;
  };
  std::vector<Entry> entries;
  qint64 total = 0;
  for (const auto& study : QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot))
    for (const auto& series : QDir(study.filePath()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
      const qint64 b = folderBytes(series.filePath());
      total += b;
      entries.push_back({series.filePath(), b, series.lastModified()});
    }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  QStringList removed;
  const QString kept = QFileInfo(keep).absoluteFilePath();
  for (const auto& e : entries) {
    if (total <= limitBytes) break;
    if (QFileInfo(e.path).absoluteFilePath() == kept) continue;
    QDir(e.path).removeRecursively();
    total -= e.bytes;
    removed << e.path;
  }
  return removed;
}

}  // namespace hccws::gui
