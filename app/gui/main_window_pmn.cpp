// MainWindow: Analyse > Run PMN (docs/pmn.md): the Prototype Mamba Net on the study shown and the current
// segmentation, off the UI thread with the progress bar and Cancel; the result in the PMN dock; its heatmaps as
// the heatmap layer of every slice view (the ROI grid placed in the world frame); the nomogram's DL risk scores
// and proliferative class filled as "computed by PMN model ... (synthetic)"; an edit of the segmentation marks
// the result and those inputs stale until PMN runs again (a typed value is never replaced).
#include "main_window.h"

#include "nomogram_dock.h"
#include "pmn_controller.h"
#include "pmn_panel.h"
#include "segment_controller.h"
#include "study_loader.h"
#include "view_layout.h"

#include <hccws/widgets/view3d.h>

#include <hccws/nomogram/nomogram_workspace.h>

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <map>
#include <optional>

namespace hccws::gui {

namespace {
const std::vector<std::string> kPmnInputs{"dl_risk_score_haic", "dl_risk_score_tace", "proliferative"};
}

void MainWindow::buildPmn() {
  pmn_ = new PmnController(this);
  pmnPanel_ = new PmnPanel(this);
  pmnDock_ = new QDockWidget(tr("PMN: proliferative subtype"), this);
  pmnDock_->setObjectName(QStringLiteral("pmnDock"));
  pmnDock_->setWidget(pmnPanel_);
  addDockWidget(Qt::RightDockWidgetArea, pmnDock_);
  pmnDock_->hide();

  QMenu* menu = menuBar()->addMenu(tr("&Analyse"));
  menu->setObjectName(QStringLiteral("analyseMenu"));
  QAction* demo = menu->addAction(tr("Run &PMN (demo model)"), this, [this] { runPmn(PmnController::demoModelDir()); });
  demo->setObjectName(QStringLiteral("runPmnAction"));
  demo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
  demo->setToolTip(tr("Proliferative-subtype probability, DL risk scores and heatmaps for the largest lesion, with the "
                      "shipped demo PMN (trained on synthetic phantoms - not for clinical use)"));
  QAction* folder = menu->addAction(tr("Run PMN with model &folder..."), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("PMN bundle folder (manifest.json)"));
    if (!dir.isEmpty()) runPmn(dir);
  });
  folder->setObjectName(QStringLiteral("runPmnFolderAction"));
  QAction* panel = pmnDock_->toggleViewAction();
  panel->setText(tr("PMN &results"));
  menu->addAction(panel);
  if (!PmnController::available())
    for (QAction* a : {demo, folder}) {
      a->setEnabled(false);
      a->setToolTip(tr("This build has no inference engine"));
    }

  connect(pmn_, &PmnController::started, this, [this](const QString& what) {
    setBusy(true, what);
    connect(cancel_, &QPushButton::clicked, pmn_, &PmnController::cancel, Qt::UniqueConnection);
  });
  connect(pmn_, &PmnController::progress, this, &MainWindow::showWorkProgress);
  connect(pmn_, &PmnController::finished, this, [this] { setBusy(false); });
  connect(pmn_, &PmnController::cancelled, this, [this] { statusBar()->showMessage(tr("PMN cancelled; nothing was changed"), 8000); });
  connect(pmn_, &PmnController::failed, this, [this](const QString& message, const QString& detail) {
    reportError(tr("Could not run PMN"), tr("PMN failed: %1").arg(message), detail);
  });
  connect(pmn_, &PmnController::resultReady, this, &MainWindow::showPmnResult);
  connect(pmnPanel_, &PmnPanel::runRequested, this, [this] {
    runPmn(pmnModelDir_.isEmpty() ? PmnController::demoModelDir() : pmnModelDir_);
  });
  connect(pmnPanel_, &PmnPanel::heatmapChosen, this, &MainWindow::showPmnHeatmap);
  // What the result was computed from changed: stale (the numbers stay visible, flagged) until run again.
  const auto markStale = [this] {
    if (!pmnPanel_->result() || pmnPanel_->stale()) return;
    pmnPanel_->setStale(true);
    nomogramDock_->workspace()->markInputsStale(kPmnInputs, true);
    statusBar()->showMessage(tr("The segmentation changed: the PMN result is stale (Analyse > Run PMN to refresh)"), 8000);
  };
  connect(editor_, &widgets::LabelEditor::editFinished, this, markStale);
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, markStale);
  connect(this, &MainWindow::studyShown, this, markStale);
}

bool MainWindow::runPmn(const QString& bundleDir) {
  if (current_ < 0 || volumes_.empty()) {
    statusBar()->showMessage(tr("Open a study before running PMN"), 8000);
    return false;
  }
  if (!editor_->hasLabels()) {
    reportError(tr("Could not run PMN"), tr("There is no segmentation: segment the liver and tumour first (Segment menu) "
                                           "or open a segmentation"));
    return false;
  }
  if (loader_->busy() || segment_->busy() || pmn_->busy() || editor_->busy()) {
    statusBar()->showMessage(tr("Busy: wait for the current work or cancel it"), 5000);
    return false;
  }
  std::vector<SegmentInput> inputs;
  for (std::size_t i = 0; i < volumes_.size() && i < study_.phases.size(); ++i)
    inputs.push_back({study_.phases[i].decision.kind, phaseVolume(static_cast<int>(i))});
  pmnModelDir_ = bundleDir;
  pmnLabelsVersion_ = editor_->version();
  return pmn_->start(bundleDir, std::move(inputs), editor_->snapshot());
}

void MainWindow::showPmnResult(std::shared_ptr<const PmnResult> result) {
#if HCCWS_HAVE_INFERENCE
  if (!result) return;
  pmnPanel_->setResult(result);
  pmnDock_->show();
  pmnDock_->raise();
  const bool stale = editor_->version() != pmnLabelsVersion_;  // edited while PMN ran
  pmnPanel_->setStale(stale);
  const auto& r = *result;
  const QString who = tr("computed by PMN model '%1'%2, lesion %3")
                          .arg(QString::fromStdString(r.model.name), r.model.synthetic ? tr(" (synthetic)") : QString())
                          .arg(r.lesion.id);
  std::map<std::string, std::optional<double>> values;
  std::map<std::string, QString> sources;
  for (const auto& a : r.output.arms) {
    QString arm = QString::fromStdString(a.arm).toLower();
    values["dl_risk_score_" + arm.toStdString()] = a.riskScore;
    sources["dl_risk_score_" + arm.toStdString()] = tr("%1: 1 - p(response), %2 head").arg(who, QString::fromStdString(a.arm));
  }
  values["proliferative"] = r.proliferative ? 1.0 : 0.0;
  sources["proliferative"] = (r.proliferative ? tr("%1: p(proliferative) %2 >= %3") : tr("%1: p(proliferative) %2 < %3"))
                                 .arg(who)
                                 .arg(r.output.pProliferative, 0, 'f', 3)
                                 .arg(r.model.classThreshold, 0, 'f', 2);
  nomogramDock_->workspace()->setComputedInputs(values, sources);
  if (stale) nomogramDock_->workspace()->markInputsStale(kPmnInputs, true);
  pmnPanel_->chooseHeatmap(0);
  showPmnHeatmap(pmnPanel_->chosenHeatmap());
  statusBar()->showMessage(tr("PMN: p(proliferative) = %1 (%2)%3")
                               .arg(r.output.pProliferative, 0, 'f', 3)
                               .arg(r.proliferative ? tr("proliferative") : tr("non-proliferative"),
                                    r.model.synthetic ? tr(", synthetic demo model") : QString()),
                           10000);
  Q_EMIT pmnShown();
#else
  Q_UNUSED(result);
#endif
}

void MainWindow::showPmnHeatmap(int index) {
#if HCCWS_HAVE_INFERENCE
  const auto r = pmnPanel_->result();
  if (!r || index < 0 || index >= static_cast<int>(r->heatmaps.size())) {
    clearHeatmap();
    return;
  }
  const auto& h = r->heatmaps[static_cast<std::size_t>(index)];
  core::Heatmap map;
  map.values = h.volume;
  map.name = "PMN " + h.name;
  map.provenance = "computed by PMN model '" + r->model.name + "'" + (r->model.synthetic ? " (synthetic)" : "");
  map.valueMin = 0.0;
  map.valueMax = 1.0;
  showHeatmap(std::move(map));
#else
  Q_UNUSED(index);
#endif
}

}  // namespace hccws::gui
