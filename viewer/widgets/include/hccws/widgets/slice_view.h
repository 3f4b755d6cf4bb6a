#pragma once
// A linked MPR slice view (axial, coronal or sagittal) over render::SliceScene.
//
// Input (the widget handles it itself; nothing is forwarded to VTK interactor styles):
// - Left click / drag: moves the shared cursor (crosshair) to the point under the mouse; all linked views
//   follow. Shift + left drag or middle drag: pan. Ctrl + left drag (vertical) or Ctrl + wheel: zoom.
// - Wheel, Up/Down, PageUp/PageDown: one slice per notch (the cursor moves along the view's normal;
//   forward = away from the viewer: superior in axial, posterior in coronal, patient right in sagittal).
// - Right drag: window (horizontal) and level (vertical, up = brighter); shared by linked views.
// - R: reset zoom and pan. Mouse move: emits probed() with what lies under the mouse. Zoom, pan and reset
//   emit cameraChanged() (the compare layout links its two views through it).
// - Edit mode (setEditor() with a tool other than None): left press/drag/release paints or erases a stroke
//   (brush tools) or fills/erases the connected region under the click (region tools) through the
//   LabelEditor, in this view's slice for discs and region fills (the label grid's index axis closest to the
//   view's normal); Shift + wheel changes the brush radius (x1.15 per notch); a circle of the brush radius
//   (mm, drawn in screen pixels) follows the mouse. Shift/Ctrl + left, middle and right drags, the wheel and
//   the keys stay navigation. Double-clicks paint a dab; they do not change the layout.
// - labelsModified(box): a change inside `box` (label-grid indices) re-slices the labels only when the box
//   crosses the slice shown (or later, when the slice moves or the view is shown).
// Frames: widget positions are logical pixels, origin top left; world points are LPS mm.
// Ownership: the view shares ownership of the volumes it shows; the ViewerState must outlive it.
// Threading: GUI thread only.
#include <hccws/render/probe.h>
#include <hccws/render/slice_scene.h>
#include <hccws/widgets/vtk_opengl_widget.h>

#include <hccws/core/index_box.h>

#include <QPointF>

#include <memory>
#include <optional>
#include <vector>

namespace hccws::widgets {

class BrushOutline;
class LabelEditor;
class MarksModel;
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
  void labelsModified(const core::IndexBox& box);
  // Edit mode follows the editor's tool; nullptr (default) = navigation only. The editor must outlive the view.
  void setEditor(LabelEditor* editor);
  LabelEditor* editor() const { return editor_; }
  bool editing() const;
  // The label grid's (else the CT's) index axis closest to this view's normal: the slice a disc paints in.
  int editSliceAxis() const;
  bool brushOutlineVisible() const;
  void setLabelStyle(const render::LabelStyle& style);
  // A read-only label layer above the segmentation (render::SliceScene::setOverlayLabels).
  void setOverlayLabels(std::shared_ptr<const core::LabelMap> labels, const render::LabelStyle& style);
  void setHeatmap(std::shared_ptr<const core::Heatmap> heatmap);
  void setHeatmapStyle(const render::HeatmapStyle& style);
  // Measurement marks (shared; the model must outlive the view): drawn on the slices they lie on. While its
  // tool is Ruler, a left drag draws a ruler (press = one end, release = the other); while Angle, three left
  // clicks place one arm's end, the vertex and the other arm's end. The mark tool takes the left button
  // before the segment editor's tool.
  void setMarks(MarksModel* marks);
  MarksModel* marks() const { return marks_; }
  // Extra text in the title corner (e.g. the phase shown).
  void setTitle(const QString& title);
  const QString& title() const { return title_; }
  void resetView();
  // The camera (centre and zoom) for linking two views of the same plane; setting it emits nothing.
  render::SliceScene::CameraState cameraState() const { return scene_.cameraState(); }
  void setCameraState(const render::SliceScene::CameraState& state);

  // Continuous widget position (logical px; a pixel's centre is at +0.5) <-> world point on this slice.
  core::Vec3 widgetToWorld(const QPointF& pos) const;
  QPointF worldToWidget(const core::Vec3& worldLps) const;
  render::ProbeSample probe(const core::Vec3& worldLps) const;

 Q_SIGNALS:
  void probed(const hccws::render::ProbeSample& sample);
  // The user zoomed, panned or reset the view (or the first fit was made).
  void cameraChanged();

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
  void enterEvent(QEnterEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  enum class Drag { None, Cursor, Pan, Zoom, WindowLevel, Edit, Ruler };
  void scrollSlices(int steps);
  void onCursorChanged(const core::Vec3& worldLps);
  bool boxCrossesSlice(const core::IndexBox& box) const;
  void updateBrushOutline();

  render::SliceScene scene_;
  QString title_;
  ViewerState* state_;
  Drag drag_ = Drag::None;
  QPointF lastPos_;
  int wheelAccumulator_ = 0;
  bool cameraNeedsReset_ = true;
  bool cursorStale_ = false;  // hidden views skip reslicing until they are shown
  bool labelsStale_ = false;  // edits off this slice (or while hidden) are shown when the slice moves
  LabelEditor* editor_ = nullptr;
  std::unique_ptr<BrushOutline> outline_;
  std::optional<QPointF> hoverPos_;  // mouse position while it is over the view
  int radiusWheelAccumulator_ = 0;
  MarksModel* marks_ = nullptr;
  std::vector<core::Vec3> pendingMark_;  // points of the ruler or angle being placed
  void refreshMarks();
};

}  // namespace hccws::widgets
