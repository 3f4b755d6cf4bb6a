#pragma once
// The 3D view: label surfaces built off the UI thread, optional CT volume rendering, the shared cursor.
// Mouse input goes to VTK's trackball-camera style through the bridge (rotate left, pan middle, zoom
// right/wheel); keys are not forwarded (R resets the camera).
//
// Surfaces (render/surface_builder.h): each label's surface is built on the label's bounding box. By default
// the liver surface is the organ envelope (liver + the tumours inside or on it), drawn translucent
// (liverOpacity()) when a tumour exists, so tumours show through it.
// - setLabels() (a new map) rebuilds every surface, on a private copy of the map.
// - labelsModified(snapshot) rebuilds only the surfaces whose voxels changed since the surfaces shown: the
//   worker diffs the shown snapshot against the new one (changed voxels -> their old and new values) and
//   rebuilds those labels, removes labels that disappeared and adds new ones; the other labels' actors and
//   meshes stay untouched (a colour changed in the snapshot's table gives a kept mesh a new actor). A tumour
//   painted inside the liver therefore rebuilds the tumour only.
// - Work runs with QtConcurrent; results are applied on the GUI thread; a result older than the latest
//   request is dropped (generation counter), and an older worker stops at its next stage.
// Ownership: shares the CT (zero-copy volume rendering) and the snapshots it is given; the ViewerState must
// outlive the view. Threading: GUI thread only (workers touch only immutable snapshots and their own VTK
// data objects).
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/render/label_overlay.h>
#include <hccws/render/scene3d.h>
#include <hccws/render/surface_builder.h>
#include <hccws/widgets/vtk_opengl_widget.h>

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <utility>
#include <vector>

class vtkPolyData;

namespace hccws::widgets {

class ViewerState;

class View3D : public VtkOpenGLWidget {
  Q_OBJECT

 public:
  explicit View3D(ViewerState* state, QWidget* parent = nullptr);
  ~View3D() override;

  render::Scene3D& scene() { return scene_; }
  void setImage(std::shared_ptr<const core::CtVolume> ct);
  // A new map (or none): every surface is rebuilt from a private copy.
  void setLabels(std::shared_ptr<const core::LabelMap> labels);
  // The map given to setLabels() was edited in place: copies it on the GUI thread, then as below.
  void labelsModified();
  // Same, from an immutable copy the caller already made (LabelEditor::snapshot(), shared with other
  // off-thread consumers): no copy on the GUI thread. Rebuilds only the labels that changed.
  void labelsModified(std::shared_ptr<const core::LabelMap> snapshot);
  // A heatmap layer in 3D: its iso-surface at `threshold` (value units), translucent, in `rgb`; null hides it.
  void setHeatmap(std::shared_ptr<const core::Heatmap> heatmap, double threshold,
                  const std::array<std::uint8_t, 3>& rgb = {255, 140, 0}, double opacity = 0.5);
  void setVolumeRendering(bool on);
  void setVolumePreset(render::VolumePreset preset);
  // Applies to the next builds (surfaces already shown are kept).
  void setSurfaceOptions(const render::SurfaceOptions& options) { surfaceOptions_ = options; }
  // Liver surface = organ envelope (default) or liver voxels only; a change rebuilds every surface.
  void setOrganEnvelope(bool on);
  bool organEnvelope() const { return organEnvelope_; }
  // Opacity of the liver surface while a tumour surface exists (default 0.45); 1 without tumour.
  void setLiverOpacity(double opacity);
  double liverOpacity() const { return liverOpacity_; }
  // Per-label opacity factors (0..1; labels not listed: 1), times the liver's translucency above; kept across
  // rebuilds (the Segmentation panel's opacity column).
  void setLabelOpacity(const render::LabelOpacities& factors);
  // The opacity a surface of `label` is drawn with now.
  double opacityFor(std::uint8_t label) const;
  // The label table changed (colours, visibility): kept surfaces take its colours without a rebuild.
  void tableChanged();
  // Labels hidden in 3D whatever the table says (kept across rebuilds).
  void setHiddenLabels(const std::vector<std::uint8_t>& hidden);
  bool surfacesPending() const { return pending_ > 0; }
  // The mesh shown for `label` (nullptr when none); the same object until that label is rebuilt.
  vtkPolyData* surfaceMesh(std::uint8_t label) const;
  // Labels whose surfaces the last applied update built or removed (ascending).
  const std::vector<std::uint8_t>& lastRebuiltLabels() const { return lastRebuilt_; }
  void resetView();

 Q_SIGNALS:
  void surfacesUpdated();

 protected:
  void beforeRender() override;
  // R resets the camera; other keys are not forwarded (VTK's style would toggle stereo, wireframe, ...).
  void keyPressEvent(QKeyEvent* event) override;

 private:
  struct SurfaceSet;
  // full: rebuild every label; otherwise diff against the shown snapshot when it is on the same grid.
  void rebuildSurfaces(std::shared_ptr<const core::LabelMap> snapshot, bool full);
  void applySurfaces(const SurfaceSet& result);
  void applyVisibility();
  std::array<std::uint8_t, 3> colourOf(std::uint8_t label) const;

  render::Scene3D scene_;
  ViewerState* state_;
  std::shared_ptr<const core::LabelMap> labels_;
  // The snapshot the shown surfaces were built from, and its label boxes (the next diff's baseline).
  std::shared_ptr<const core::LabelMap> shown_;
  std::shared_ptr<const render::LabelBoxes> shownBoxes_;
  // The snapshot of the newest request (what the view will show once the workers are done).
  std::shared_ptr<const core::LabelMap> requested_;
  std::map<std::uint8_t, vtkSmartPointer<vtkPolyData>> meshes_;
  std::map<std::uint8_t, std::array<std::uint8_t, 3>> colours_;
  std::vector<std::uint8_t> lastRebuilt_;
  render::SurfaceOptions surfaceOptions_;
  std::vector<std::uint8_t> hidden_;
  render::LabelOpacities labelOpacity_;
  bool organEnvelope_ = true;
  double liverOpacity_ = 0.45;
  bool liverTranslucent_ = false;
  unsigned generation_ = 0;
  // Shared with the workers: an older generation stops at its next stage.
  std::shared_ptr<std::atomic<unsigned>> latest_ = std::make_shared<std::atomic<unsigned>>(0);
  int pending_ = 0;
  bool cameraNeedsReset_ = true;
};

}  // namespace hccws::widgets
