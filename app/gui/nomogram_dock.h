#pragma once
// The TACE-or-HAIC nomogram as a dock of the workstation window (a thin wrapper over
// nomo::NomogramWorkspace). It loads the shipped models from the resources folder and takes the patient's
// measured values from the segmentation: largest tumour diameter (axial, cm), tumour count (components touching
// the liver) and portal vein tumour thrombus, each with the segment it came from; a role the segmentation has
// no segment for stays missing. Everything else stays as the user set it (typed values are never replaced).
// Threading: GUI thread only.
#include <hccws/case/case_manifest.h>
#include <hccws/core/measurements.h>

#include <QDockWidget>

namespace hccws::nomo {
class NomogramWorkspace;
}

namespace hccws::gui {

class NomogramDock : public QDockWidget {
  Q_OBJECT
 public:
  explicit NomogramDock(QWidget* parent = nullptr);

  nomo::NomogramWorkspace* workspace() const { return workspace_; }
  // Feeds the nomogram from fresh measurements (stale ones must not be passed).
  void setMeasurements(const core::Measurements& m);
  // A case's inputs: typed values and the assumed ones the user had filled come back; the chosen arm is shown.
  void restoreFromCase(const cases::CaseManifest& manifest);
  // The message of a failed model load ("" when the models loaded).
  const QString& loadError() const { return error_; }

 private:
  nomo::NomogramWorkspace* workspace_;
  QString error_;
};

}  // namespace hccws::gui
