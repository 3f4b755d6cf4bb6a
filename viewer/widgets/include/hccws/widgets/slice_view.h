#pragma once
// A linked MPR slice view (axial, coronal or sagittal) over render::SliceScene.
//
// Input (the widget handles it itself; nothing is forwarded to VTK interactor styles):
// - Left click / drag: moves the shared cursor (crosshair) to the point under the mouse; all linked views
//   follow. Shift + left drag or middle drag: pan. Ctrl + left drag (vertical) or Ctrl + wheel: zoom.
// - Wheel, Up/Down, PageUp/PageDown: one slice per notch (the cursor moves along the view's normal;
//   forward = away from the viewer: superior in axial, posterior in coronal, patient right in sagittal).
// - Right drag: window (horizontal) and level (vertical, up = brighter); shared by linked views.
// - R: reset zoom and pan. Mouse move: emits probed() with what lies under the mouse.
// Frames: widget positions are logical pixels, origin top left; world points are LPS mm.
// Ownership: the view shares ownership of the volumes it shows; the ViewerState must outlive it.
// Threading: GUI thread only.
#include <hccws/render/probe.h>
#include <hccws/render/slice_scene.h>
#include <hccws/widgets/vtk_opengl_widget.h>

#include <QPointF>

#include <memory>

namespace hccws::widgets {

class ViewerState;

class SliceView : public VtkOpenGLWidget {
  Q_OBJECT

 public:
  SliceView(render::SliceOrientation orientation, ViewerState* state, QWidget* parent = nullptr);
  ~SliceView() override;

  render::SliceScene& scene() { return scene_; }
  const render::SliceScene& scene() const { return scene_; }
  ViewerState* state() const { return state_; }

  void setImage(std::shared_ptr<const core::CtVolume> ct);
  void setLabels(std::shared_ptr<const core::LabelMap> labels);
  void labelsModified();
  void setLabelStyle(const render::LabelStyle& style);
  void setHeatmap(std::shared_ptr<const core::Heatmap> heatmap);
  void setHeatmapStyle(const render::HeatmapStyle& style);
  // Extra text in the title corner (e.g. the phase shown).
  void setTitle(const QString& title);
  void resetView();

  // Continuous widget position (logical px; a pixel's centre is at +0.5) <-> world point on this slice.
  core::Vec3 widgetToWorld(const QPointF& pos) const;
  QPointF worldToWidget(const core::Vec3& worldLps) const;
  render::ProbeSample probe(const core::Vec3& worldLps) const;

 Q_SIGNALS:
  void probed(const hccws::render::ProbeSample& sample);

 protected:
  void beforeRender() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  enum class Drag { None, Cursor, Pan, Zoom, WindowLevel };
  void scrollSlices(int steps);
  void onCursorChanged(const core::Vec3& worldLps);

  render::SliceScene scene_;
  ViewerState* state_;
  Drag drag_ = Drag::None;
  QPointF lastPos_;
  int wheelAccumulator_ = 0;
  bool cameraNeedsReset_ = true;
  bool cursorStale_ = false;  // hidden views skip reslicing until they are shown
};

}  // namespace hccws::widgets
