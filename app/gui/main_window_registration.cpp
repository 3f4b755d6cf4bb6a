// MainWindow: the Study menu's phase registration. The other phases are registered rigidly onto a reference
// phase (core::registerImages, off the UI thread through StudyLoader with progress and Cancel) and replaced,
// for display, probing and segmentation, by copies resampled onto its grid. The reference is the phase the
// segmentation was drawn on when there is one (labelsPhase(): the shown phase when the map was created or
// opened, or the reference of the registered phase shown then), so the labels stay on their anatomy; without
// a segmentation it is the phase shown. The compare layout then shows
// one anatomical point at one world point; the study panel and the compare titles say which phases are
// registered and how well (NMI before -> after, rotation, translation). The original voxels are kept, so
// "Revert registration" puts them back; a new study drops both.
#include "main_window.h"
#include "display_names.h"

#include "segment_controller.h"
#include "study_loader.h"
#include "study_panel.h"

#include <QAction>
#include <QMenuBar>
#include <QStatusBar>

namespace hccws::gui {

void MainWindow::buildStudyMenu() {
  QMenu* menu = menuBar()->addMenu(tr("S&tudy"));
  menu->setObjectName(QStringLiteral("studyMenu"));
  QAction* reg = menu->addAction(tr("&Register phases"), this, &MainWindow::registerPhases);
  reg->setObjectName(QStringLiteral("registerPhasesAction"));
  reg->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  reg->setToolTip(tr("Rigid registration (mutual information) of every other phase onto the phase the segmentation "
                     "was drawn on (without one: the phase shown), so one world point is one anatomical point in "
                     "every phase (compare layout, probe, segmentation)"));
  QAction* revert = menu->addAction(tr("Re&vert registration"), this, &MainWindow::revertRegistration);
  revert->setObjectName(QStringLiteral("revertRegistrationAction"));
  revert->setToolTip(tr("Show the phases as they were acquired again"));
  connect(loader_, &StudyLoader::phasesRegistered, this,
          [this](std::shared_ptr<PhaseRegistration> r) { applyRegistration(*r); });
  // A new map is in the frame of the phase shown: its own, or the reference it was registered onto.
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, [this](std::shared_ptr<const core::LabelMap> labels) {
    if (!labels || current_ < 0) labelsPhase_ = -1;
    else labelsPhase_ = registered_[current_] ? registered_[current_]->referenceIndex : current_;
  });
}

bool MainWindow::registerPhases() {
  if (current_ < 0 || volumes_.size() < 2) {
    statusBar()->showMessage(tr("Registration needs a study with at least two phases"), 8000);
    return false;
  }
  if (loader_->busy() || (segment_ && segment_->busy())) {
    statusBar()->showMessage(tr("Busy: wait for the current work or cancel it"), 5000);
    return false;
  }
  const int ref = editor_->hasLabels() && labelsPhase_ >= 0 && labelsPhase_ < static_cast<int>(volumes_.size())
                      ? labelsPhase_
                      : current_;
  std::vector<std::pair<int, std::shared_ptr<const core::CtVolume>>> moving;
  for (int i = 0; i < static_cast<int>(volumes_.size()); ++i) {
    if (i == ref) continue;
    const auto& r = registered_[i];
    if (r && r->referenceIndex == ref) continue;  // already on the reference's grid
    moving.emplace_back(i, r ? r->original : volumes_[i]);
  }
  if (moving.empty()) {
    statusBar()->showMessage(tr("The phases are already registered onto %1").arg(phaseName(ref)), 8000);
    return false;
  }
  registrationFor_ = studyGeneration_;
  return loader_->registerPhases(ref, volumes_[ref], std::move(moving), study_.phases[static_cast<std::size_t>(ref)].isCt());
}

QString MainWindow::phaseName(int index) const {
  return index >= 0 && index < static_cast<int>(study_.phases.size())
             ? phaseDisplayName(study_.phases[index].decision.kind)
             : QString();
}

void MainWindow::applyRegistration(const PhaseRegistration& registration) {
  // A registration for another study (the study changed while it ran) does not apply.
  const int ref = registration.referenceIndex;
  if (registrationFor_ != studyGeneration_ || ref < 0 || ref >= static_cast<int>(volumes_.size())) {
    statusBar()->showMessage(tr("The registration finished for a study that is no longer shown; discarded"), 8000);
    return;
  }
  const core::Geometry& grid = volumes_[ref]->geometry();
  QStringList lines;
  for (const auto& m : registration.moved) {
    if (m.index < 0 || m.index >= static_cast<int>(volumes_.size()) || !m.volume || !m.volume->geometry().sameGrid(grid))
      continue;
    auto& slot = registered_[m.index];
    const auto original = slot ? slot->original : volumes_[m.index];
    const core::RegistrationCheck check = core::checkPhaseRegistration(m.result);
    if (!check.plausible) {  // shown as acquired, and the user is told why
      volumes_[m.index] = original;
      slot.reset();
      const QString why = QString::fromStdString(check.reason);
      panel_->setSeriesNote(m.index, tr("registration rejected, shown as acquired"),
                            tr("Registration onto %1 rejected: %2 (%3). The phase is shown as acquired.")
                                .arg(phaseName(ref), why, QString::fromStdString(core::summary(m.result))));
      lines << tr("%1: not applied - %2").arg(phaseName(m.index), why);
      continue;
    }
    slot = Registered{original, ref, m.result};
    volumes_[m.index] = m.volume;
    panel_->setSeriesNote(m.index, tr("registered onto %1, resampled on its grid").arg(phaseName(ref)),
                          registrationNote(m.index));
    lines << phaseName(m.index) + QStringLiteral(": ") + QString::fromStdString(core::summary(m.result));
  }
  showPhase(current_);  // the phase shown may be one of the moved ones: its registered copy
  updateCompareViews();
  statusBar()->showMessage(tr("Registered onto %1 - %2").arg(phaseName(ref), lines.join(QStringLiteral("; "))), 15000);
  Q_EMIT phasesRegistered();
}

void MainWindow::revertRegistration() {
  bool any = false;
  for (std::size_t i = 0; i < registered_.size(); ++i) {
    if (!registered_[i]) continue;
    volumes_[i] = registered_[i]->original;
    registered_[i].reset();
    panel_->setSeriesNote(static_cast<int>(i), {}, {});
    any = true;
  }
  if (!any) return;
  showPhase(current_);  // the phase shown may have been a registered copy: its acquired voxels
  updateCompareViews();
  statusBar()->showMessage(tr("Registration reverted: the phases are shown as acquired"), 8000);
}

const core::RegistrationResult* MainWindow::registrationOf(int index) const {
  if (index < 0 || index >= static_cast<int>(registered_.size()) || !registered_[index]) return nullptr;
  return &registered_[index]->result;
}

std::shared_ptr<const core::CtVolume> MainWindow::phaseVolume(int index) const {
  return index >= 0 && index < static_cast<int>(volumes_.size()) ? volumes_[index] : nullptr;
}

QString MainWindow::registrationNote(int index) const {
  if (index < 0 || index >= static_cast<int>(registered_.size()) || !registered_[index]) return {};
  const auto& r = *registered_[index];
  return tr("Registered (rigid, mutual information) onto %1: %2")
      .arg(phaseName(r.referenceIndex), QString::fromStdString(core::summary(r.result)));
}

}  // namespace hccws::gui
