#pragma once
// The 3D view: label surfaces built off the UI thread, optional CT volume rendering, the shared cursor.
// Mouse input goes to VTK's trackball-camera style through the bridge (rotate left, pan middle, zoom
// right/wheel); keys are not forwarded (R resets the camera). Surfaces are rebuilt by setLabels() and
// labelsModified(): the work runs with QtConcurrent on a private (or the given immutable) copy of the
// labels, results are applied on the GUI thread, and a result older than the latest request is dropped
// (generation counter).
// Ownership: shares the CT (zero-copy volume rendering); the ViewerState must outlive the view.
// Threading: GUI thread only (the worker touches only its own copy and its own VTK data objects).
#include <hccws/core/label_map.h>
#include <hccws/render/scene3d.h>
#include <hccws/render/surface_builder.h>
#include <hccws/widgets/vtk_opengl_widget.h>

#include <memory>
#include <vector>

namespace hccws::widgets {

class ViewerState;

class View3D : public VtkOpenGLWidget {
  Q_OBJECT

 public:
  explicit View3D(ViewerState* state, QWidget* parent = nullptr);
  ~View3D() override;

  render::Scene3D& scene() { return scene_; }
  void setImage(std::shared_ptr<const core::CtVolume> ct);
  void setLabels(std::shared_ptr<const core::LabelMap> labels);
  void labelsModified();
  // Same, from an immutable copy the caller already made (LabelEditor::snapshot(), shared with other
  // off-thread consumers): no copy on the GUI thread.
  void labelsModified(std::shared_ptr<const core::LabelMap> snapshot);
  void setVolumeRendering(bool on);
  void setVolumePreset(render::VolumePreset preset);
  void setSurfaceOptions(const render::SurfaceOptions& options) { surfaceOptions_ = options; }
  // Labels hidden in 3D whatever the table says (kept across rebuilds).
  void setHiddenLabels(const std::vector<std::uint8_t>& hidden);
  bool surfacesPending() const { return pending_ > 0; }
  void resetView();

 Q_SIGNALS:
  void surfacesUpdated();

 protected:
  void beforeRender() override;
  // R resets the camera; other keys are not forwarded (VTK's style would toggle stereo, wireframe, ...).
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void rebuildSurfaces(std::shared_ptr<const core::LabelMap> snapshot = nullptr);

  render::Scene3D scene_;
  ViewerState* state_;
  std::shared_ptr<const core::LabelMap> labels_;
  render::SurfaceOptions surfaceOptions_;
  std::vector<std::uint8_t> hidden_;
  unsigned generation_ = 0;
  int pending_ = 0;
  bool cameraNeedsReset_ = true;
};

}  // namespace hccws::widgets
