// MainWindow: case folders (docs/case-files.md). File > Open case / Save case / Save case as / Recent cases,
// the Case dock (case_panel.h), every edit journaled as it happens (labels through CaseFolder::journalLabels
// when an edit settles, the note, inputs, arm and phases through journalManifest), and the recovery of a
// journal on opening. Threading: GUI thread; the case is opened (sources loaded and re-hashed) by StudyLoader.
#include "main_window.h"

#include "case_panel.h"
#include "case_report.h"
#include "presentation_window.h"
#include "measurements_panel.h"
#include "nomogram_dock.h"
#include "pmn_panel.h"
#include "settings.h"
#include "study_loader.h"

#include <hccws/case/source_hash.h>
#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>

#include <QApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

#include <atomic>
#include <cctype>
#include <filesystem>

namespace hccws::gui {

namespace {

const char* const kProgram = "hccws 0.1.0";
constexpr int kRecentCases = 8;

}  // namespace

void MainWindow::buildCase() {
  casePanel_ = new CasePanel(this);
  caseDock_ = new QDockWidget(tr("Case"), this);
  caseDock_->setObjectName(QStringLiteral("caseDock"));
  caseDock_->setWidget(casePanel_);
  addDockWidget(Qt::LeftDockWidgetArea, caseDock_);
  if (auto* study = findChild<QDockWidget*>(QStringLiteral("studyDock"))) tabifyDockWidget(study, caseDock_);
  caseManifestTimer_ = new QTimer(this);
  caseManifestTimer_->setSingleShot(true);
  caseManifestTimer_->setInterval(400);
  connect(caseManifestTimer_, &QTimer::timeout, this, &MainWindow::journalCaseManifest);
  caseStepsTimer_ = new QTimer(this);
  caseStepsTimer_->setSingleShot(true);
  caseStepsTimer_->setInterval(300);
  connect(caseStepsTimer_, &QTimer::timeout, this, &MainWindow::refreshCasePanel);

  connect(casePanel_, &CasePanel::noteEdited, this, [this](const QString&) { caseManifestTimer_->start(); });
  connect(casePanel_, &CasePanel::decisionEdited, this, [this](const QString& arm) {
    caseManifestTimer_->start();
    if (nomogramDock_)  // show that arm's nomogram
      if (const int i = nomogramDock_->workspace()->armIndex(arm); i >= 0) nomogramDock_->workspace()->setCurrentArm(i);
  });
  connect(casePanel_, &CasePanel::saveRequested, this, [this] {
    if (case_) saveCase();
    else saveCaseInteractively();
  });
  connect(casePanel_, &CasePanel::verifyRequested, this, [this] {
    if (!case_) return;
    caseChecks_ = case_->checkSources();
    refreshCasePanel();
  });
  connect(casePanel_, &CasePanel::reviewedRequested, this, [this] {
    if (!case_ || case_->readOnly() || !editor_->hasLabels()) return;
    const QString who = qEnvironmentVariable("USER", tr("the user"));
    cases::recordResult(case_->manifest(), "review", {{"by", who.toStdString()}}, {"segmentation"}, kProgram);
    journalCaseManifest();
  });
  // Every edit, as it settles; a whole new map (a proposal accepted, a file opened) as one patch.
  connect(editor_, &widgets::LabelEditor::editFinished, this, [this](const core::IndexBox& box) { journalLabelEdit(box); });
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, [this](std::shared_ptr<const core::LabelMap> labels) {
    if (labels) journalLabelEdit(core::IndexBox::whole(labels->labels.dims()));
  });
  connect(loader_, &StudyLoader::caseLoaded, this, &MainWindow::onCaseLoaded);
  connect(casePanel_, &CasePanel::markKeyImageRequested, this, [this] { markKeyImage(); });
  connect(casePanel_, &CasePanel::proposeKeyImagesRequested, this, &MainWindow::proposeKeyImages);
  connect(casePanel_, &CasePanel::removeKeyImageRequested, this, &MainWindow::removeKeyImage);
  connect(measurementsPanel_, &MeasurementsPanel::updated, caseStepsTimer_, qOverload<>(&QTimer::start));
  connect(this, &MainWindow::pmnShown, caseStepsTimer_, qOverload<>(&QTimer::start));
  connect(this, &MainWindow::phasesRegistered, caseStepsTimer_, qOverload<>(&QTimer::start));
  if (nomogramDock_)
    connect(nomogramDock_->workspace(), &nomo::NomogramWorkspace::inputsChanged, this, [this] {
      if (case_ && !caseLoading_) caseManifestTimer_->start();
      caseStepsTimer_->start();
    });
}

void MainWindow::buildCaseMenu(QMenu* file) {
  QAction* open = file->addAction(tr("Open &case..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open case folder"));
    if (!dir.isEmpty()) openCase(dir);
  });
  open->setObjectName(QStringLiteral("openCaseAction"));
  open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  recentCases_ = file->addMenu(tr("&Recent cases"));
  recentCases_->setObjectName(QStringLiteral("recentCasesMenu"));
  connect(recentCases_, &QMenu::aboutToShow, this, [this] {
    recentCases_->clear();
    const auto s = workstationSettings();
    const QStringList dirs = s ? s->value(QStringLiteral("cases/recent")).toStringList() : QStringList();
    if (dirs.isEmpty()) recentCases_->addAction(tr("(none)"))->setEnabled(false);
    for (const QString& d : dirs) recentCases_->addAction(d, this, [this, d] { openCase(d); });
  });
  QAction* save = file->addAction(tr("Save cas&e"), this, [this] {
    if (case_) saveCase();
    else saveCaseInteractively();
  });
  save->setObjectName(QStringLiteral("saveCaseAction"));
  save->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
  QAction* saveAs = file->addAction(tr("Save case &as..."), this, &MainWindow::saveCaseInteractively);
  saveAs->setObjectName(QStringLiteral("saveCaseAsAction"));
  QAction* report = file->addAction(tr("Export &report (PDF)..."), this, [this] {
    if (!case_) {
      statusBar()->showMessage(tr("Save the study as a case first (File > Save case as...): the report is made from a case"), 8000);
      return;
    }
    const QString f = QFileDialog::getSaveFileName(this, tr("Export tumour-board report"), QStringLiteral("report.pdf"),
                                                   tr("PDF (*.pdf)"));
    if (!f.isEmpty()) exportReport(f, false);
  });
  report->setObjectName(QStringLiteral("exportReportAction"));
  QAction* present = file->addAction(tr("&Presentation mode (board folder)..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Board folder (a case, or a folder of case folders)"));
    if (!dir.isEmpty()) startPresentation(PresentationWindow::boardCases(dir));
  });
  present->setObjectName(QStringLiteral("presentationAction"));
  present->setShortcut(QKeySequence(Qt::Key_F11));
  QAction* rest = file->addAction(tr("Run the res&t"), this, &MainWindow::runTheRest);
  rest->setObjectName(QStringLiteral("runTheRestAction"));
  rest->setToolTip(tr("Register, segment (when there is no segmentation), PMN and save, whichever is not done yet"));
  // Before the focus moves to the menu: the view that had it is the one marked.
  QAction* key = file->addAction(tr("Mark &key image"));
  key->setObjectName(QStringLiteral("markKeyImageAction"));
  key->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
  connect(key, &QAction::triggered, this, [this] { markKeyImage(); });
  buildFigureExport(file);
}

PresentationWindow* MainWindow::startPresentation(const QStringList& caseDirs) {
  if (caseDirs.isEmpty()) {
    statusBar()->showMessage(tr("No case folder there: a board is a case folder or a folder of case folders"), 8000);
    return nullptr;
  }
  presentation_ = std::make_unique<PresentationWindow>(caseDirs);
  if (property("hccwsNoDialogs").toBool()) presentation_->show();  // tests: a normal window under Xvfb
  else presentation_->showFullScreen();
  presentation_->setFocus();
  return presentation_.get();
}

// A report being made: the case read off the UI thread, then composed here.
struct MainWindow::ReportJob {
  QString path;
  ReportOptions options;
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
  struct Prepared {
    std::shared_ptr<const ReportInputs> inputs;
    bool cancelled = false;
    QString error;
  };
  QFutureWatcher<Prepared> watcher;
};

bool MainWindow::reportRunning() const { return reportJob_ && reportJob_->watcher.isRunning(); }

void MainWindow::cancelReport() {
  if (reportJob_) reportJob_->cancel->store(true);
}

void MainWindow::reportWaitForFinished() {
  if (reportJob_) reportJob_->watcher.waitForFinished();
}

bool MainWindow::exportReport(const QString& pdfPath, bool deidentify) {
  if (!case_) return false;
  if (reportRunning()) {
    statusBar()->showMessage(tr("A report is being made: wait for it or cancel it"), 5000);
    return false;
  }
  // The report is made from the case as saved: what is on screen is saved first.
  if (!case_->readOnly() && (editor_->modified() || case_->pending().any() || caseManifestTimer_->isActive()) && !saveCase())
    return false;
  auto job = std::make_shared<ReportJob>();
  job->path = pdfPath;
  job->options.deidentify = deidentify;
  job->options.program = QString::fromLatin1(kProgram);
  reportJob_ = job;
  setBusy(true, tr("Making the report %1 ...").arg(pdfPath));
  const std::string dir = case_->dir();
  QPointer<MainWindow> self(this);
  core::ProgressSink sink = [self, cancel = job->cancel](double f, std::string_view stage) {
    const QString s = QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size()));
    QMetaObject::invokeMethod(
        self.data(), [self, f, s] { if (self) self->showWorkProgress(f * 0.9, s); }, Qt::QueuedConnection);
    return !cancel->load();
  };
  connect(&job->watcher, &QFutureWatcher<ReportJob::Prepared>::finished, this, [this, job] {
    if (reportJob_ == job) reportJob_.reset();
    setBusy(false);
    const ReportJob::Prepared prepared = job->watcher.result();
    if (prepared.cancelled) {
      statusBar()->showMessage(tr("Report cancelled; nothing was written"), 8000);
      Q_EMIT reportExported(job->path, false, tr("cancelled"));
      return;
    }
    try {
      if (!prepared.error.isEmpty()) throw std::runtime_error(prepared.error.toStdString());
      QApplication::setOverrideCursor(Qt::WaitCursor);
      const ReportSummary s = composeCaseReport(*prepared.inputs, job->path, job->options);
      QApplication::restoreOverrideCursor();
      if (case_ && !case_->readOnly()) {
        cases::recordResult(case_->manifest(), "report", {{"file", job->path.toStdString()}, {"pages", s.pages}},
                            {"segmentation", "sources", "registration"}, kProgram);
        journalCaseManifest();
      }
      refreshCasePanel();
      const QString message = tr("Report written: %1 (%2 pages)").arg(job->path).arg(s.pages);
      statusBar()->showMessage(message, 8000);
      Q_EMIT reportExported(job->path, true, message);
    } catch (const std::exception& e) {
      if (QApplication::overrideCursor()) QApplication::restoreOverrideCursor();
      reportError(tr("Could not write the report"), QString::fromStdString(e.what()));
      Q_EMIT reportExported(job->path, false, QString::fromStdString(e.what()));
    }
  });
  const ReportOptions options = job->options;
  job->watcher.setFuture(QtConcurrent::run([dir, options, sink]() {
    ReportJob::Prepared p;
    try {
      p.inputs = prepareCaseReport(dir, options, sink);
    } catch (const core::Cancelled&) {
      p.cancelled = true;
    } catch (const std::exception& e) {
      p.error = QString::fromStdString(e.what());
    }
    return p;
  }));
  return true;
}

bool MainWindow::openCase(const QString& dir) {
  if (!confirmDiscardEdits(tr("opening case %1").arg(dir))) return false;
  if (loader_->loadCase(dir)) return true;
  statusBar()->showMessage(tr("Busy: wait for the current load or cancel it"), 5000);
  return false;
}

void MainWindow::closeCase() {
  caseManifestTimer_->stop();
  case_.reset();
  caseSourceOf_.clear();
  caseChecks_.clear();
  casePanel_->clearCase();
}

void MainWindow::rememberCase(const QString& dir) {
  auto s = workstationSettings();
  if (!s) return;
  QStringList dirs = s->value(QStringLiteral("cases/recent")).toStringList();
  const QString abs = QFileInfo(dir).absoluteFilePath();
  dirs.removeAll(abs);
  dirs.prepend(abs);
  while (dirs.size() > kRecentCases) dirs.removeLast();
  s->setValue(QStringLiteral("cases/recent"), dirs);
}

void MainWindow::onCaseLoaded(std::shared_ptr<cases::CaseFolder> folder, std::shared_ptr<core::Study> study,
                              std::shared_ptr<core::LabelMap> labels, std::vector<cases::SourceCheck> checks,
                              std::vector<int> sourceOf) {
  closeCase();
  caseLoading_ = true;
  const cases::CaseManifest saved = folder->manifest();
  showStudy(std::move(*study));
  caseSourceOf_ = std::move(sourceOf);  // which case source each phase shown is
  // The journal: edits made after the last save (the workstation stopped before saving).
  bool recovered = false;
  const cases::PendingJournal pending = folder->pending();
  if (pending.any()) {
    bool recover = true;
    if (property("hccwsNoDialogs").toBool()) {
      recover = property("hccwsRecover").isValid() ? property("hccwsRecover").toBool() : true;
    } else {
      const auto answer = QMessageBox::question(
          this, tr("Recover edits"),
          tr("This case holds %1 segmentation edit(s) and %2 other edit(s) made after it was last saved (the "
             "workstation stopped before saving).%3\n\nRecover them?")
              .arg(pending.labelPatches)
              .arg(pending.manifestSnapshots)
              .arg(pending.tornTail ? tr(" The edit being written when it stopped is lost.") : QString()),
          QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
      recover = answer == QMessageBox::Yes;
    }
    if (recover) {
      if (!labels && pending.labelPatches && !volumes_.empty()) {
        labels = std::make_shared<core::LabelMap>();
        const int grid = saved.segmentation ? std::clamp(saved.segmentation->gridOf, 0, static_cast<int>(volumes_.size()) - 1) : 0;
        labels->labels = core::Volume<std::uint8_t>(volumes_[static_cast<std::size_t>(grid)]->geometry(), 0);
      }
      try {
        folder->recover(labels.get());
        recovered = true;
      } catch (const cases::CaseError& e) {
        reportError(tr("Could not recover the edits"), QString::fromStdString(e.what()));
      }
    } else if (!folder->readOnly()) {
      folder->discardPending();
    }
  }
  if (labels) {
    showSegmentation(std::move(*labels));
    if (recovered && pending.labelPatches) editor_->markUnsaved();
  }
  const cases::CaseManifest& m = folder->manifest();
  casePanel_->setNote(QString::fromStdString(m.note));
  casePanel_->setDecision(QString::fromStdString(m.arm));
  if (nomogramDock_) nomogramDock_->restoreFromCase(m);
  case_ = std::move(folder);
  caseChecks_ = std::move(checks);
  caseLoading_ = false;
  rememberCase(QString::fromStdString(case_->dir()));
  refreshCasePanel();
  caseDock_->show();
  caseDock_->raise();
  QStringList problems;
  for (const auto& c : caseChecks_)
    if (c.state == cases::SourceCheck::State::Changed || c.state == cases::SourceCheck::State::Missing)
      problems << QStringLiteral("%1: %2").arg(QString::fromStdString(c.path), QString::fromStdString(c.detail));
  if (!problems.isEmpty())
    reportError(tr("The case's sources changed"),
                tr("The images the case was made from are not the same as when it was saved; its results may not "
                   "describe the images shown:\n%1").arg(problems.join(QLatin1Char('\n'))));
  statusBar()->showMessage(recovered ? tr("Case opened; %1 edit(s) recovered from its journal - save to keep them")
                                           .arg(pending.labelPatches + pending.manifestSnapshots)
                                     : tr("Case opened"),
                           8000);
  Q_EMIT caseOpened();
}

void MainWindow::journalLabelEdit(const core::IndexBox& box) {
  caseStepsTimer_->start();
  if (!case_ || caseLoading_ || case_->readOnly() || !editor_->hasLabels()) return;
  const auto& steps = editor_->history().steps();
  const std::size_t applied = editor_->history().undoCount();
  const std::string what = applied > 0 && applied <= steps.size() ? steps[applied - 1].name : std::string("edit");
  try {
    case_->journalLabels(what, box, *editor_->labels());
  } catch (const cases::CaseError& e) {
    reportError(tr("The case's journal could not be written"),
                tr("Edits are not protected against a crash until this is solved: %1").arg(QString::fromStdString(e.what())));
  }
}

void MainWindow::journalCaseManifest() {
  if (!case_ || caseLoading_ || case_->readOnly()) return;
  fillCaseManifest(case_->manifest());
  try {
    case_->journalManifest();
  } catch (const cases::CaseError& e) {
    reportError(tr("The case's journal could not be written"), QString::fromStdString(e.what()));
  }
  refreshCasePanel();
}

void MainWindow::fillCaseManifest(cases::CaseManifest& m) const {
  for (std::size_t i = 0; i < study_.phases.size() && i < caseSourceOf_.size(); ++i) {
    const int k = caseSourceOf_[i];
    if (k < 0 || k >= static_cast<int>(m.sources.size())) continue;
    auto& src = m.sources[static_cast<std::size_t>(k)];
    const auto& d = study_.phases[i].decision;
    src.phase = core::toString(d.kind);
    src.phaseReason = d.reason;
    src.phaseConfidence = d.confidence;
    src.phaseUserOverride = d.userOverride;
  }
  // the registration shown (the first registered phase onto its reference)
  std::optional<cases::RegistrationRecord> reg;
  for (std::size_t i = 0; i < registered_.size() && !reg; ++i)
    if (registered_[i] && i < caseSourceOf_.size() && caseSourceOf_[i] >= 0) {
      const auto& r = *registered_[i];
      const auto ref = static_cast<std::size_t>(r.referenceIndex);
      if (ref >= caseSourceOf_.size() || caseSourceOf_[ref] < 0) continue;
      cases::RegistrationRecord rec;
      rec.fixed = caseSourceOf_[ref];
      rec.moving = caseSourceOf_[i];
      const auto mat = r.result.fixedToMoving.toMatrix4();
      rec.matrix.assign(mat.begin(), mat.end());
      rec.method = r.result.transformType + " (Mattes MI), fixed -> moving";
      rec.metric = r.result.metricValue;
      rec.version = m.registration ? m.registration->version : 0;
      if (!m.registration || m.registration->matrix != rec.matrix) ++rec.version;
      reg = rec;
    }
  if (reg) m.registration = reg;
  else m.registration.reset();  // none (or reverted): what was computed with one is stale
  if (m.segmentation && m.segmentation->madeBy.empty()) m.segmentation->madeBy = "edited in the workstation";
  if (const auto& meas = measurementsPanel_->measurements();
      meas && measurementsPanel_->state() == MeasurementsPanel::State::Fresh && m.segmentation)
    cases::recordResult(m, "measurements", nlohmann::json::parse(core::measurementsJson(*meas)), {"segmentation"}, kProgram);
#if HCCWS_HAVE_INFERENCE
  // the PMN result shown, when it was computed on the segmentation as it is now
  if (pmnPanel_ && pmnPanel_->result() && pmnLabelsVersion_ == editor_->version() && m.segmentation) {
    const auto& r = *pmnPanel_->result();
    const bool filesOfIt = pmnFilesFor_ == pmnPanel_->result();
    std::vector<std::string> rel;
    if (filesOfIt)
      for (const auto& f : pmnFiles_) rel.push_back(f.second);
    cases::recordResult(m, "pmn", nlohmann::json::parse(pipeline::pmnResultJson(r, filesOfIt ? pmnFiles_ : decltype(pmnFiles_){})),
                        {"segmentation", "sources"},
                        "PMN model '" + r.model.name + "'" + (r.model.synthetic ? " (synthetic)" : ""), rel);
  }
#endif
  if (nomogramDock_) {
    auto* ws = nomogramDock_->workspace();
    const auto& state = ws->inputsWidget()->state();
    m.nomogramInputs.clear();
    for (const auto& name : state.names()) {
      const auto& in = state.input(name);
      m.nomogramInputs.push_back({name, surv::inputStateName(in.state), in.value, in.source, in.stale});
    }
  }
  m.arm = casePanel_->decision().toStdString();  // the board's decision, chosen in the Case dock (not the arm shown)
  m.note = casePanel_->note().toStdString();
}

// The PMN result shown, when current, with its heatmaps written into the case folder (heatmaps/<name>-<n>.nii.gz,
// each written atomically; the case names them from the next save on, and a later save removes those of
// replaced results). Once per result.
bool MainWindow::writePmnHeatmapsIntoCase() {
#if HCCWS_HAVE_INFERENCE
  if (!case_ || case_->readOnly() || !pmnPanel_) return false;
  const auto r = pmnPanel_->result();
  if (!r || pmnLabelsVersion_ != editor_->version() || pmnFilesFor_ == r) return false;
  std::vector<std::pair<std::string, std::string>> files;
  const std::string stamp = std::to_string(case_->manifest().generation + 1) + "-" + std::to_string(editor_->version());
  std::filesystem::create_directories(std::filesystem::path(case_->dir()) / "heatmaps");
  for (const auto& h : r->heatmaps) {
    std::string name = h.name;
    for (auto& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    const std::string rel = "heatmaps/" + name + "-" + stamp + ".nii.gz";
    core::writeImage(h.volume, (std::filesystem::path(case_->dir()) / rel).string());
    files.emplace_back(h.name, rel);
  }
  pmnFiles_ = std::move(files);
  pmnFilesFor_ = r;
  return true;
#else
  return false;
#endif
}

// The DICOM series the segmentation is drawn on, when it is one and the labels are on its own grid (not on a
// registered copy): the case then keeps a DICOM SEG referencing it.
const core::SeriesSource* MainWindow::dicomSegReference() const {
  if (!editor_->hasLabels()) return nullptr;
  const int at = labelsPhase_ >= 0 ? labelsPhase_ : current_;
  if (at < 0 || static_cast<std::size_t>(at) >= study_.phases.size() || static_cast<std::size_t>(at) >= volumes_.size()) return nullptr;
  const auto& phase = study_.phases[static_cast<std::size_t>(at)];
  if (phase.source.files.empty()) return nullptr;
  const auto& original = registered_.size() > static_cast<std::size_t>(at) && registered_[static_cast<std::size_t>(at)]
                             ? registered_[static_cast<std::size_t>(at)]->original
                             : volumes_[static_cast<std::size_t>(at)];
  if (!original || !editor_->labels()->labels.geometry().sameGrid(original->geometry())) return nullptr;
  return &phase.source;
}

bool MainWindow::saveCase() {
  if (!case_) return false;
  if (case_->readOnly()) {
    reportError(tr("Could not save the case"), QString::fromStdString(case_->dir() + ": " + case_->readOnlyReason()));
    return false;
  }
  caseManifestTimer_->stop();
  try {
    writePmnHeatmapsIntoCase();
    fillCaseManifest(case_->manifest());
    case_->save(editor_->hasLabels() ? editor_->labels().get() : nullptr, kProgram, dicomSegReference());
  } catch (const std::exception& e) {
    reportError(tr("Could not save the case"), QString::fromStdString(e.what()));
    return false;
  }
  editor_->markSaved();
  refreshCasePanel();
  if (!case_->saveWarning().empty())
    statusBar()->showMessage(tr("Case saved: %1 - without its DICOM SEG: %2")
                                 .arg(QString::fromStdString(case_->dir()), QString::fromStdString(case_->saveWarning())),
                             12000);
  else
    statusBar()->showMessage(tr("Case saved: %1").arg(QString::fromStdString(case_->dir())), 5000);
  Q_EMIT caseSaved();
  return true;
}

void MainWindow::saveCaseInteractively() {
  const QString dir = QFileDialog::getSaveFileName(this, tr("Save case as (a new folder)"), QStringLiteral("case"));
  if (!dir.isEmpty()) saveCaseAs(dir);
}

bool MainWindow::saveCaseAs(const QString& dir) {
  if (study_.phases.empty()) {
    statusBar()->showMessage(tr("There is no study to keep in a case"), 5000);
    return false;
  }
  const std::string d = dir.toStdString();
  cases::CaseManifest m;
  m.patientId = study_.patientId;
  m.studyInstanceUid = study_.studyInstanceUid;
  caseSourceOf_.assign(study_.phases.size(), -1);
  std::vector<std::size_t> inMemory;  // phases without a file (the phantom demo): written into the case
  for (std::size_t i = 0; i < study_.phases.size(); ++i) {
    const auto& p = study_.phases[i];
    if (m.patientName.empty()) m.patientName = p.source.patientName;
    if (m.studyDate.empty()) m.studyDate = p.source.studyDate;
    if (p.source.path.empty()) {
      inMemory.push_back(i);
      continue;
    }
    cases::SourceSeries s;
    s.path = std::filesystem::absolute(p.source.path).lexically_normal().string();
    s.seriesInstanceUid = p.source.seriesInstanceUid;
    s.description = p.source.seriesDescription;
    s.modality = p.source.modality;
    caseSourceOf_[i] = static_cast<int>(m.sources.size());
    m.sources.push_back(s);
  }
  try {
    if (editor_->hasLabels()) {
      m.segmentation = cases::SegmentationRecord{};
      const int labelsAt = labelsPhase_ >= 0 ? labelsPhase_ : std::max(current_, 0);
      m.segmentation->gridOf = static_cast<std::size_t>(labelsAt) < caseSourceOf_.size() ? std::max(0, caseSourceOf_[labelsAt]) : 0;
    }
    fillCaseManifest(m);
    auto folder = std::make_shared<cases::CaseFolder>(cases::CaseFolder::create(
        d, m, editor_->hasLabels() ? editor_->labels().get() : nullptr, kProgram, dicomSegReference()));
    pmnFilesFor_.reset();  // heatmaps go into this new folder at its next save
    // Phases without a file (the phantom demo) go into the case folder, as they were acquired (unregistered).
    if (!inMemory.empty()) {
      for (std::size_t i : inMemory) {
        const std::string rel = "sources/" + core::toString(study_.phases[i].decision.kind) + "-" + std::to_string(i) + ".nrrd";
        const std::string path = (std::filesystem::path(d) / rel).string();
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        const auto& original = registered_.size() > i && registered_[i] ? registered_[i]->original : volumes_[i];
        core::writeImage(*original, path);
        cases::SourceSeries s;
        s.path = rel;
        s.description = study_.phases[i].source.seriesDescription;
        s.modality = "CT";
        const cases::SourceDigest digest = cases::hashSource(path);
        s.sha256 = digest.sha256;
        s.files = digest.files;
        s.bytes = digest.bytes;
        caseSourceOf_[i] = static_cast<int>(folder->manifest().sources.size());
        folder->manifest().sources.push_back(s);
      }
      fillCaseManifest(folder->manifest());
      folder->save(editor_->hasLabels() ? editor_->labels().get() : nullptr, kProgram);
    }
    case_ = std::move(folder);
    if (writePmnHeatmapsIntoCase()) {  // the PMN result shown, with its heatmaps, in the new case
      fillCaseManifest(case_->manifest());
      case_->save(editor_->hasLabels() ? editor_->labels().get() : nullptr, kProgram, dicomSegReference());
    }
  } catch (const std::exception& e) {
    reportError(tr("Could not make the case"), QString::fromStdString(e.what()));
    return false;
  }
  editor_->markSaved();
  caseChecks_ = case_->checkSources();
  rememberCase(dir);
  refreshCasePanel();
  caseDock_->show();
  caseDock_->raise();
  statusBar()->showMessage(tr("Case saved: %1").arg(dir), 5000);
  Q_EMIT caseSaved();
  return true;
}

std::vector<CasePanel::Step> MainWindow::caseSteps() const {
  using S = CasePanel::StepState;
  std::vector<CasePanel::Step> steps;
  // phases
  {
    CasePanel::Step s{tr("Phases confirmed"), S::Done, {}};
    QStringList parts;
    for (std::size_t i = 0; i < study_.phases.size(); ++i) {
      const auto& d = study_.phases[i].decision;
      if (d.kind == core::PhaseKind::Unknown) s.state = S::NotYet;
      parts << phaseName(static_cast<int>(i)) + (d.userOverride ? tr(" (set by the user)") : QString());
    }
    if (study_.phases.empty()) s.state = S::NotYet;
    s.detail = parts.join(QStringLiteral(", "));
    steps.push_back(s);
  }
  {
    CasePanel::Step s{tr("Registered"), S::NotYet, {}};
    if (study_.phases.size() < 2) {
      s.state = S::NotNeeded;
      s.detail = tr("one phase");
    } else if (std::any_of(registered_.begin(), registered_.end(), [](const auto& r) { return r.has_value(); })) {
      s.state = S::Done;
      s.detail = tr("onto %1").arg(phaseName(labelsPhase_ >= 0 ? labelsPhase_ : current_));
    }
    steps.push_back(s);
  }
  const auto& meas = measurementsPanel_->measurements();
  {
    CasePanel::Step s{tr("Segmented"), S::NotYet, {}};
    if (editor_->hasLabels() && meas && meas->liverMeasured) {
      s.state = measurementsPanel_->state() == MeasurementsPanel::State::Fresh ? S::Done : S::Stale;
      s.detail = tr("liver %1 mL, %2 lesion(s)").arg(meas->liverVolumeMl, 0, 'f', 1).arg(meas->tumourCount);
    }
    steps.push_back(s);
  }
  {
    CasePanel::Step s{tr("Reviewed"), S::NotYet, {}};
    if (case_ && case_->manifest().results.count("review")) {
      const auto& r = case_->manifest().results.at("review");
      const auto stale = cases::staleResults(case_->manifest());
      s.state = std::find(stale.begin(), stale.end(), "review") != stale.end() ? S::Stale : S::Done;
      s.detail = tr("by %1 at %2").arg(QString::fromStdString(r.value.value("by", std::string())),
                                       QString::fromStdString(r.computedAt));
    }
    steps.push_back(s);
  }
  {
    CasePanel::Step s{tr("PMN"), S::NotYet, {}};
    if (pmnLabelsVersion_ != 0) {
      s.state = pmnLabelsVersion_ == editor_->version() ? S::Done : S::Stale;
      s.detail = s.state == S::Stale ? tr("the segmentation changed since") : QString();
    } else if (case_ && case_->manifest().results.count("pmn")) {  // kept in the case (e.g. by hccws analyze)
      const auto stale = cases::staleResults(case_->manifest());
      s.state = std::find(stale.begin(), stale.end(), "pmn") != stale.end() ? S::Stale : S::Done;
      s.detail = QString::fromStdString(case_->manifest().results.at("pmn").madeBy);
    }
    steps.push_back(s);
  }
  {
    CasePanel::Step s{tr("Nomogram"), S::NotYet, {}};
    if (nomogramDock_) {
      const auto* ws = nomogramDock_->workspace();
      QStringList missing;
      for (int a = 0; a < ws->armCount(); ++a)
        for (const auto& n : ws->inputsWidget()->state().missingFor(ws->model(a))) missing << QString::fromStdString(n);
      missing.removeDuplicates();
      if (ws->armCount() > 0 && missing.isEmpty()) s.state = S::Done;
      else s.detail = tr("missing: %1").arg(missing.join(QStringLiteral(", ")));
    }
    steps.push_back(s);
  }
  {
    CasePanel::Step s{tr("Report"), S::NotYet, tr("File > Export report (PDF)")};
    if (case_ && case_->manifest().results.count("report")) {
      const auto& r = case_->manifest().results.at("report");
      const auto stale = cases::staleResults(case_->manifest());
      s.state = std::find(stale.begin(), stale.end(), "report") != stale.end() ? S::Stale : S::Done;
      s.detail = QString::fromStdString(r.value.value("file", std::string())) + QStringLiteral(" (") +
                 QString::fromStdString(r.computedAt) + QStringLiteral(")");
    }
    steps.push_back(s);
  }
  return steps;
}

void MainWindow::refreshCasePanel() {
  if (!case_) {
    casePanel_->clearCase();
    return;
  }
  const auto& m = case_->manifest();
  const QString summary = tr("patient %1 - saved %2 (generation %3)%4")
                              .arg(QString::fromStdString(m.patientId.empty() ? std::string("-") : m.patientId),
                                   QString::fromStdString(m.saved))
                              .arg(m.generation)
                              .arg(editor_->modified() ? tr(" - edits since, kept in the journal") : QString());
  casePanel_->setHeader(QString::fromStdString(case_->dir()), summary,
                        case_->readOnly() ? QString::fromStdString(case_->readOnlyReason()) : QString());
  std::vector<CasePanel::Source> sources;
  for (std::size_t k = 0; k < m.sources.size(); ++k) {
    const auto& s = m.sources[k];
    CasePanel::Source row;
    row.description = QString::fromStdString(s.description.empty() ? s.path : s.description);
    const auto kind = core::phaseKindFromString(s.phase).value_or(core::PhaseKind::Unknown);
    row.phase = QString::fromStdString(core::displayName(kind));
    row.state = tr("not checked");
    for (const auto& c : caseChecks_)
      if (c.source == static_cast<int>(k)) {
        row.detail = QString::fromStdString(c.detail);
        switch (c.state) {
          case cases::SourceCheck::State::Same: row.state = tr("unchanged"); break;
          case cases::SourceCheck::State::Changed: row.state = tr("CHANGED"); row.problem = true; break;
          case cases::SourceCheck::State::Missing: row.state = tr("MISSING"); row.problem = true; break;
          case cases::SourceCheck::State::NotRecorded: row.state = tr("not recorded"); break;
        }
      }
    sources.push_back(row);
  }
  casePanel_->setSources(sources);
  casePanel_->setSteps(caseSteps());
  refreshKeyImageList();
}

}  // namespace hccws::gui
