#include "nomogram_dock.h"

#include "cli/resource_paths.h"

#include <hccws/nomogram/nomogram_workspace.h>

namespace hccws::gui {

NomogramDock::NomogramDock(QWidget* parent) : QDockWidget(tr("Nomogram: TACE vs HAIC"), parent) {
  setObjectName("nomogramDock");
  workspace_ = new nomo::NomogramWorkspace(this);
  setWidget(workspace_);
  const QString folder = QString::fromStdString(cli::resourcePath("models"));
  if (!workspace_->loadModelsFromFolder(folder, &error_) && error_.isEmpty())
    error_ = tr("%1: no nomogram models found").arg(folder);
}

void NomogramDock::setMeasurements(const core::Measurements& m) {
  std::map<std::string, double> values;
  values["lesion_number"] = m.tumourCount;
  // The published hazard ratio is per unit of the largest tumour diameter, taken as cm (docs/nomogram-models.md).
  values["diameter"] = m.largestAxialDiameterMm / 10.0;
  values["pvtt"] = m.pvttPresent ? 1.0 : 0.0;
  workspace_->setInputs(values, tr("measured on segmentation"));
}

}  // namespace hccws::gui
