// MainWindow: the TACE vs HAIC nomogram dock, fed by the measurements of the current segmentation.
#include "main_window.h"
#include "measurements_panel.h"
#include "cohort_dock.h"
#include "nomogram_dock.h"

#include <QStatusBar>

namespace hccws::gui {

void MainWindow::buildNomogram() {
  nomogramDock_ = new NomogramDock(this);
  // A decision aid for tumour boards: its own window (floating, large), opened from View or Ctrl+Shift+N, so
  // the slice views keep their width.
  addDockWidget(Qt::RightDockWidgetArea, nomogramDock_);
  nomogramDock_->setFloating(true);
  nomogramDock_->resize(1280, 820);
  nomogramDock_->hide();
  if (!nomogramDock_->loadError().isEmpty())
    statusBar()->showMessage(tr("Nomogram models: %1").arg(nomogramDock_->loadError()), 15000);
  connect(measurementsPanel_, &MeasurementsPanel::updated, this, [this] {
    if (const auto& m = measurementsPanel_->measurements()) nomogramDock_->setMeasurements(*m);
  });
  // View > Cohort: a real cohort beside the case (validation of the nomogram, the patient's place in it)
  cohortDock_ = new CohortDock(nomogramDock_->workspace(), this);
  addDockWidget(Qt::RightDockWidgetArea, cohortDock_);
  cohortDock_->setFloating(true);
  cohortDock_->resize(1300, 900);
  cohortDock_->hide();
  connect(this, &MainWindow::studyShown, this, [this] {
    const QString path = study_.phases.empty() ? QString() : QString::fromStdString(study_.phases.front().source.path);
    cohortDock_->setPatientContext(path, QString::fromStdString(study_.patientId));
  });
}

}  // namespace hccws::gui
