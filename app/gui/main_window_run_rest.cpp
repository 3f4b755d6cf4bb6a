// MainWindow: Case > Run the rest (and the Case dock's button). Runs the steps that are not done yet, one after
// the other, each off the UI thread through its own action (its progress in the status bar's progress bar,
// its Cancel there, or the dock's Cancel for the whole chain):
//   register the phases (when there are several and none is registered), segment with the demo model (only
//   when there is no segmentation at all - a segmentation the user has, edited or not, is never replaced; the
//   proposal is accepted as one undo step), run the demo PMN (when its result is not current), save the case
//   (when anything ran or edits are unsaved).
// A step that cannot run (a model needing a phase the study lacks) is skipped with the reason; a failure or a
// cancel stops the chain. Each step's time is kept (lastRunTheRest()) and shown in the Case dock. One progress bar
// (the status bar's) follows the whole chain: "Run the rest 2/4: <stage>" with the steps done counted in.
#include "main_window.h"

#include "case_panel.h"
#include "pmn_controller.h"
#include "segment_controller.h"
#include "study_loader.h"

#include <QAction>
#include <QProgressBar>
#include <QStatusBar>

#include <algorithm>

namespace hccws::gui {

QString MainWindow::runStepName(RunStep step) {
  switch (step) {
    case RunStep::Register: return tr("register the phases");
    case RunStep::Segment: return tr("segment (demo model)");
    case RunStep::Pmn: return tr("PMN (demo model)");
    case RunStep::Save: return tr("save the case");
  }
  return {};
}

bool MainWindow::runTheRest() {
  if (runQueue_.size() || runCurrent_) {
    statusBar()->showMessage(tr("Run the rest is already running"), 5000);
    return false;
  }
  if (study_.phases.empty()) {
    statusBar()->showMessage(tr("Open a study or a case first"), 5000);
    return false;
  }
  runReport_ = {};
  const bool anyRegistered = std::any_of(registered_.begin(), registered_.end(), [](const auto& r) { return r.has_value(); });
  if (study_.phases.size() > 1 && !anyRegistered) runQueue_.push_back(RunStep::Register);
  if (!editor_->hasLabels()) {
    if (const QString why = SegmentController::whyNotRunnable(demoModelDir(), studyPhaseKinds()); why.isEmpty())
      runQueue_.push_back(RunStep::Segment);
    else runReport_.skipped << tr("segmentation: %1").arg(why);
  }
  const bool pmnCurrent = pmnLabelsVersion_ != 0 && pmnLabelsVersion_ == editor_->version();
  if (!pmnCurrent) {
    if (const QString why = PmnController::whyNotRunnable(PmnController::demoModelDir(), studyPhaseKinds()); why.isEmpty())
      runQueue_.push_back(RunStep::Pmn);
    else runReport_.skipped << tr("PMN: %1").arg(why);
  }
  // saved at the end when anything ran or there are unsaved edits
  if (case_ && !case_->readOnly() && (!runQueue_.empty() || editor_->modified() || case_->pending().any()))
    runQueue_.push_back(RunStep::Save);
  if (runQueue_.empty()) {
    runReport_.finished = true;
    casePanel_->setRunStatus(tr("Nothing to run: every step that can run here is done.%1")
                                 .arg(runReport_.skipped.isEmpty() ? QString() : QStringLiteral(" ") + runReport_.skipped.join(QStringLiteral("; "))),
                             false);
    Q_EMIT runTheRestFinished();
    return false;
  }
  runTimer_.start();
  progress_->setValue(0);
  startNextRunStep();
  return true;
}

void MainWindow::startNextRunStep() {
  runCurrent_.reset();
  if (runQueue_.empty()) {
    finishRunTheRest(QString());
    return;
  }
  const RunStep step = runQueue_.front();
  runQueue_.erase(runQueue_.begin());
  runCurrent_ = step;
  runStepTimer_.start();
  casePanel_->setRunStatus(tr("Run the rest: %1 ...").arg(runStepName(step)), true);
  bool started = false;
  switch (step) {
    case RunStep::Register: started = registerPhases(); break;
    case RunStep::Segment: started = segmentWithDemoModel(); break;
    case RunStep::Pmn: started = runPmn(PmnController::demoModelDir()); break;
    case RunStep::Save:
      started = true;
      if (saveCase()) runStepDone();
      else finishRunTheRest(tr("the case could not be saved"));
      return;
  }
  if (!started) finishRunTheRest(tr("%1 could not start").arg(runStepName(step)));
}

// The status bar's progress bar: the work running now, or - during Run the rest - the whole chain (steps done
// plus the fraction of the current one, over every step of the chain).
void MainWindow::showWorkProgress(double fraction, const QString& stage) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  QString label = stage;
  if (runCurrent_) {
    const std::size_t done = runReport_.steps.size(), total = done + 1 + runQueue_.size();
    fraction = (static_cast<double>(done) + fraction) / static_cast<double>(total);
    label = tr("Run the rest %1/%2: %3").arg(done + 1).arg(total).arg(stage);
  }
  progress_->setFormat(label + QStringLiteral(" %p%"));
  progress_->setValue(qRound(1000 * fraction));
}

void MainWindow::runStepDone() {
  if (!runCurrent_) return;
  runReport_.steps.push_back({runStepName(*runCurrent_), runStepTimer_.nsecsElapsed() / 1e9});
  startNextRunStep();
}

void MainWindow::finishRunTheRest(const QString& failure) {
  const bool wasRunning = runCurrent_.has_value() || !runQueue_.empty() || !failure.isEmpty();
  runQueue_.clear();
  runCurrent_.reset();
  if (!wasRunning && runReport_.finished) return;
  runReport_.failed = failure;
  runReport_.finished = true;
  setBusy(false);
  runReport_.totalSeconds = runTimer_.isValid() ? runTimer_.nsecsElapsed() / 1e9 : 0;
  QStringList parts;
  double sum = 0;
  for (const auto& [name, s] : runReport_.steps) sum += s;
  for (const auto& [name, s] : runReport_.steps)
    parts << tr("%1 %2 s (%3 %)").arg(name).arg(s, 0, 'f', 1).arg(sum > 0 ? 100.0 * s / sum : 0.0, 0, 'f', 0);
  QString text = failure.isEmpty() ? tr("Run the rest done in %1 s: %2").arg(runReport_.totalSeconds, 0, 'f', 1).arg(parts.join(QStringLiteral(", ")))
                                   : tr("Run the rest stopped: %1. Done before: %2").arg(failure, parts.isEmpty() ? tr("nothing") : parts.join(QStringLiteral(", ")));
  if (!runReport_.skipped.isEmpty()) text += QStringLiteral(" ") + tr("Skipped: %1").arg(runReport_.skipped.join(QStringLiteral("; ")));
  casePanel_->setRunStatus(text, false);
  refreshCasePanel();
  Q_EMIT runTheRestFinished();
}

void MainWindow::cancelRunTheRest() {
  if (!runCurrent_) return;
  const RunStep step = *runCurrent_;
  runQueue_.clear();
  runReport_.cancelled = true;
  switch (step) {
    case RunStep::Register: loader_->cancel(); break;
    case RunStep::Segment: segment_->cancel(); break;
    case RunStep::Pmn: pmn_->cancel(); break;
    case RunStep::Save: break;
  }
}

void MainWindow::buildRunTheRest() {
  // Each step's end, from the action it ran.
  connect(this, &MainWindow::phasesRegistered, this, [this] {
    if (runCurrent_ == RunStep::Register) runStepDone();
  });
  connect(this, &MainWindow::proposalShown, this, [this] {
    if (runCurrent_ != RunStep::Segment) return;
    acceptProposal();  // there was no segmentation: nothing of the user's is replaced
    runStepDone();
  });
  connect(this, &MainWindow::pmnShown, this, [this] {
    if (runCurrent_ == RunStep::Pmn) runStepDone();
  });
  auto stopped = [this](RunStep step, const QString& why) {
    if (runCurrent_ == step) finishRunTheRest(tr("%1: %2").arg(runStepName(step), why));
  };
  connect(loader_, &StudyLoader::failed, this, [stopped](const QString& m, const QString&) { stopped(RunStep::Register, m); });
  connect(loader_, &StudyLoader::cancelled, this, [this, stopped] { stopped(RunStep::Register, tr("cancelled")); });
  connect(segment_, &SegmentController::failed, this, [stopped](const QString& m, const QString&) { stopped(RunStep::Segment, m); });
  connect(segment_, &SegmentController::cancelled, this, [this, stopped] { stopped(RunStep::Segment, tr("cancelled")); });
  connect(pmn_, &PmnController::failed, this, [stopped](const QString& m, const QString&) { stopped(RunStep::Pmn, m); });
  connect(pmn_, &PmnController::cancelled, this, [this, stopped] { stopped(RunStep::Pmn, tr("cancelled")); });
  connect(casePanel_, &CasePanel::runRequested, this, &MainWindow::runTheRest);
  connect(casePanel_, &CasePanel::cancelRunRequested, this, &MainWindow::cancelRunTheRest);
}

}  // namespace hccws::gui
