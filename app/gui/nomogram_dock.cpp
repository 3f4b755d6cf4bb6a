#include "nomogram_dock.h"

#include <hccws/case/nomogram_measures.h>

#include "cli/resource_paths.h"

#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>

#include <map>
#include <optional>

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
  using core::LabelRole;
  // Only what this segmentation has a segment for is measured; the rest is offered as "not measurable",
  // which turns an earlier measurement of it back to missing (a typed value is never touched).
  const auto values = cases::nomogramMeasures(m);
  std::map<std::string, QString> sources;
  const QString tumour = QString::fromStdString(m.source(LabelRole::Tumour));
  const QString inside = m.countedInsideLiver ? tr("components touching the liver") : tr("all components (no liver segment)");
  sources["lesion_number"] = tr("%1, %2").arg(tumour, inside);
  sources["diameter"] = tr("largest axial diameter of %1").arg(tumour);
  sources["pvtt"] = QString::fromStdString(m.source(LabelRole::Pvtt));
  workspace_->setMeasuredInputs(values, sources);
}

void NomogramDock::restoreFromCase(const cases::CaseManifest& m) {
  // What the user entered comes back as it was; measured values come from the segmentation (setMeasurements).
  std::vector<std::string> assumed, stale;
  std::map<std::string, std::optional<double>> computed;
  std::map<std::string, QString> computedFrom;
  for (const auto& in : m.nomogramInputs) {
    if (in.state == "typed") workspace_->inputsWidget()->setTyped(in.name, in.value);
    if (in.state == "clinical") workspace_->setClinicalInputs({{in.name, in.value}}, QString::fromStdString(in.source));
    if (in.state == "assumed") assumed.push_back(in.name);
    if (in.state == "computed") {  // a model's output kept in the case (the PMN), with its source
      computed[in.name] = in.value;
      computedFrom[in.name] = QString::fromStdString(in.source);
      if (in.stale) stale.push_back(in.name);
    }
  }
  if (!assumed.empty()) workspace_->fillAssumed(assumed);
  if (!computed.empty()) workspace_->setComputedInputs(computed, computedFrom);
  if (!stale.empty()) workspace_->markInputsStale(stale);
  if (const int arm = workspace_->armIndex(QString::fromStdString(m.arm)); arm >= 0) workspace_->setCurrentArm(arm);
}

}  // namespace hccws::gui
