// MainWindow: key images for the tumour board (cases::KeyImage, key_images.h). Marked from the view with the
// focus (Ctrl+K, File > Mark key image, the Case dock's "Mark view"), proposed (the Case dock's "Propose"),
// removed; listed in the Case dock and journaled like any other edit of the case.
#include "main_window.h"

#include "case_panel.h"
#include "measurements_panel.h"
#include "pmn_panel.h"

#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QSaveFile>
#include <QStatusBar>

#include <filesystem>

namespace hccws::gui {

KeyImageSources MainWindow::windowKeyImageSources() const {
  KeyImageSources from;
  for (std::size_t i = 0; i < volumes_.size() && i < study_.phases.size(); ++i)
    from.phases.push_back({volumes_[i].get(), study_.phases[i].decision.kind, i < caseSourceOf_.size() ? caseSourceOf_[i] : -1,
                           study_.phases[i].isCt()});
  from.labels = editor_->hasLabels() ? editor_->labels().get() : nullptr;
  if (case_) from.caseDir = case_->dir();
  return from;
}

namespace {
// The PMN heatmaps shown, named as the case keeps them (none without a current PMN result).
std::vector<core::Heatmap> heatmapsOf(const PmnPanel* panel) {
  std::vector<core::Heatmap> out;
#if HCCWS_HAVE_INFERENCE
  if (panel && panel->result())
    for (const auto& h : panel->result()->heatmaps) {
      core::Heatmap map;
      map.values = h.volume;
      map.name = h.name;
      out.push_back(std::move(map));
    }
#else
  Q_UNUSED(panel);
#endif
  return out;
}
}  // namespace

void MainWindow::refreshKeyImageList() {
  if (!case_) return;
  const KeyImageSources from = windowKeyImageSources();
  QStringList chosen, proposed;
  for (const auto& k : case_->manifest().keyImages)
    chosen << (k.caption.empty() ? describeKeyImage(k, from) : QString::fromStdString(k.caption));
  if (chosen.isEmpty()) {
    const auto& meas = measurementsPanel_->measurements();
    KeyImageSources withHeat = from;
    const auto heatmaps = heatmapsOf(pmnLabelsVersion_ == editor_->version() ? pmnPanel_ : nullptr);
    withHeat.heatmaps = &heatmaps;
    for (const auto& k : gui::proposeKeyImages(withHeat, meas ? &*meas : nullptr)) proposed << describeKeyImage(k, from);
  }
  casePanel_->setKeyImages(chosen, proposed);
}

bool MainWindow::markKeyImage(QWidget* view) {
  if (!case_ || case_->readOnly()) {
    statusBar()->showMessage(case_ ? tr("The case is read-only: key images cannot be added")
                                   : tr("Key images belong to a case: save the study as a case first (File > Save case as...)"),
                             8000);
    return false;
  }
  if (current_ < 0 || static_cast<std::size_t>(current_) >= caseSourceOf_.size() || caseSourceOf_[static_cast<std::size_t>(current_)] < 0) {
    statusBar()->showMessage(tr("The phase shown is not a series of the case"), 8000);
    return false;
  }
  if (!view) view = QApplication::focusWidget();
  // the view with the focus (or that contains it), else the axial view
  QWidget* chosen = nullptr;
  for (QWidget* w = view; w && !chosen; w = w->parentWidget())
    if (qobject_cast<widgets::SliceView*>(w) || qobject_cast<widgets::View3D*>(w)) chosen = w;
  if (!chosen) chosen = views_->axial();
  cases::KeyImage k;
  k.source = caseSourceOf_[static_cast<std::size_t>(current_)];
  const core::Vec3 c = state_->cursor();
  for (int a = 0; a < 3; ++a) k.positionLps[a] = c[static_cast<std::size_t>(a)];
  if (auto* v3 = qobject_cast<widgets::View3D*>(chosen)) {
    k.view = "3d";
    const QImage shot = v3->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    if (shot.isNull()) {
      statusBar()->showMessage(tr("The 3D view could not be captured"), 8000);
      return false;
    }
    const QString rel = QStringLiteral("keyimages/3d-%1.png").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    const QString path = QDir(QString::fromStdString(case_->dir())).filePath(rel);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile out(path);  // atomic: a temporary file renamed into place
    if (!out.open(QIODevice::WriteOnly) || !shot.save(&out, "PNG") || !out.commit()) {
      reportError(tr("Could not add the key image"), tr("%1: cannot write the snapshot").arg(path));
      return false;
    }
    k.file = rel.toStdString();
  } else {
    auto* sv = qobject_cast<widgets::SliceView*>(chosen);
    switch (sv->scene().orientation()) {
      case render::SliceOrientation::Axial: k.view = "axial"; break;
      case render::SliceOrientation::Coronal: k.view = "coronal"; break;
      case render::SliceOrientation::Sagittal: k.view = "sagittal"; break;
    }
#if HCCWS_HAVE_INFERENCE
    if (heatmap_ && pmnPanel_ && pmnPanel_->result() && pmnPanel_->chosenHeatmap() >= 0 &&
        pmnPanel_->chosenHeatmap() < static_cast<int>(pmnPanel_->result()->heatmaps.size()))
      k.layer = "heatmap:" + pmnPanel_->result()->heatmaps[static_cast<std::size_t>(pmnPanel_->chosenHeatmap())].name;
#endif
  }
  case_->manifest().keyImages.push_back(k);
  journalCaseManifest();
  statusBar()->showMessage(tr("Key image added: %1").arg(describeKeyImage(k, windowKeyImageSources())), 5000);
  return true;
}

bool MainWindow::proposeKeyImages() {
  if (!case_ || case_->readOnly()) {
    statusBar()->showMessage(tr("Key images belong to a writable case: save the study as a case first"), 8000);
    return false;
  }
  const auto& meas = measurementsPanel_->measurements();
  auto& list = case_->manifest().keyImages;
  int added = 0;
  KeyImageSources from = windowKeyImageSources();
  const auto heatmaps = heatmapsOf(pmnLabelsVersion_ == editor_->version() ? pmnPanel_ : nullptr);
  from.heatmaps = &heatmaps;
  for (const auto& k : gui::proposeKeyImages(from, meas ? &*meas : nullptr)) {
    const bool known = std::any_of(list.begin(), list.end(), [&k](const cases::KeyImage& o) {
      return o.view == k.view && o.source == k.source && o.layer == k.layer && o.file.empty() &&
             std::equal(std::begin(o.positionLps), std::end(o.positionLps), std::begin(k.positionLps));
    });
    if (known) continue;
    list.push_back(k);
    ++added;
  }
  journalCaseManifest();
  statusBar()->showMessage(tr("%1 proposed key image(s) added").arg(added), 5000);
  return added > 0;
}

void MainWindow::removeKeyImage(int index) {
  if (!case_ || case_->readOnly()) return;
  auto& list = case_->manifest().keyImages;
  if (index < 0 || index >= static_cast<int>(list.size())) return;
  list.erase(list.begin() + index);  // its snapshot file goes at the next save that no longer names it
  journalCaseManifest();
}

}  // namespace hccws::gui
