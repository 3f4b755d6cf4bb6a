// View3D: the widget, camera, volume rendering and visibility. Surface rebuilds: view3d_surfaces.cpp.
#include <hccws/widgets/view3d.h>

#include <hccws/widgets/viewer_state.h>

#include <QKeyEvent>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>

namespace hccws::widgets {

View3D::View3D(ViewerState* state, QWidget* parent) : VtkOpenGLWidget(parent), state_(state) {
  renderWindow()->SetNumberOfLayers(2);
  renderWindow()->AddRenderer(scene_.renderer());
  renderWindow()->AddRenderer(scene_.markerRenderer());  // orientation marker, layer 1 (bottom left)
  scene_.setCursor(state_->cursor());
  connect(state_, &ViewerState::cursorChanged, this, [this](const core::Vec3& p) {
    scene_.setCursor(p);
    update();
  });
}

View3D::~View3D() {
  // Workers still running stop at their next stage; their results go nowhere (the watchers die with us).
  latest_->store(0);
}

void View3D::setImage(std::shared_ptr<const core::CtVolume> ct) {
  scene_.setVolume(std::move(ct));
  cameraNeedsReset_ = true;
  update();
}

void View3D::setLabels(std::shared_ptr<const core::LabelMap> labels) {
  labels_ = std::move(labels);
  cameraNeedsReset_ = true;
  rebuildSurfaces(nullptr, true);
}

void View3D::labelsModified() { rebuildSurfaces(nullptr, false); }

void View3D::labelsModified(std::shared_ptr<const core::LabelMap> snapshot) {
  rebuildSurfaces(std::move(snapshot), false);
}

void View3D::setOrganEnvelope(bool on) {
  if (on == organEnvelope_) return;
  organEnvelope_ = on;
  if (requested_) rebuildSurfaces(requested_, true);
}

void View3D::setLiverOpacity(double opacity) {
  liverOpacity_ = std::clamp(opacity, 0.0, 1.0);
  if (liverTranslucent_) {
    const auto liver = static_cast<std::uint8_t>(core::StandardLabel::Liver);
    scene_.setSurfaceOpacity(liver, opacityFor(liver));
    update();
  }
}

void View3D::setLabelOpacity(const render::LabelOpacities& factors) {
  labelOpacity_ = factors;
  for (const auto& [label, mesh] : meshes_) scene_.setSurfaceOpacity(label, opacityFor(label));
  update();
}

double View3D::opacityFor(std::uint8_t label) const {
  const double factor = render::opacityFactor(labelOpacity_, label);
  const bool liver = label == static_cast<std::uint8_t>(core::StandardLabel::Liver);
  return (liver && liverTranslucent_ ? liverOpacity_ : 1.0) * factor;
}

void View3D::tableChanged() {
  for (const auto& [label, mesh] : meshes_) {
    colours_[label] = colourOf(label);
    scene_.setSurfaceColour(label, colours_[label]);
  }
  applyVisibility();
  update();
}

void View3D::setHiddenLabels(const std::vector<std::uint8_t>& hidden) {
  hidden_ = hidden;
  applyVisibility();
  update();
}

void View3D::applyVisibility() {
  for (const auto& [label, mesh] : meshes_) {
    const auto* info = labels_ ? labels_->table.find(label) : shown_ ? shown_->table.find(label) : nullptr;
    const bool isHidden = std::find(hidden_.begin(), hidden_.end(), label) != hidden_.end();
    scene_.setSurfaceVisible(label, !isHidden && (!info || info->visible));
  }
}

vtkPolyData* View3D::surfaceMesh(std::uint8_t label) const {
  auto it = meshes_.find(label);
  return it == meshes_.end() ? nullptr : it->second.GetPointer();
}

void View3D::setHeatmap(std::shared_ptr<const core::Heatmap> heatmap, double threshold, const std::array<std::uint8_t, 3>& rgb,
                        double opacity) {
  // An ROI heatmap is small (36^3 for the demo PMN): built on the GUI thread, light smoothing, no decimation.
  vtkSmartPointer<vtkPolyData> mesh;
  if (heatmap) {
    render::SurfaceOptions o;
    o.smoothingIterations = 10;
    o.targetReduction = 0;
    mesh = render::buildIsoSurface(heatmap->values, threshold, o);
  }
  scene_.setHeatmapSurface(mesh, rgb, opacity);
  update();
}

void View3D::setVolumeRendering(bool on) {
  scene_.setVolumeVisible(on);
  update();
}

void View3D::setVolumePreset(render::VolumePreset preset) {
  scene_.setVolumePreset(preset);
  update();
}

void View3D::resetView() {
  cameraNeedsReset_ = true;
  update();
}

void View3D::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_R) {
    resetView();
    event->accept();
    return;
  }
  QOpenGLWidget::keyPressEvent(event);
}

void View3D::beforeRender() {
  if (cameraNeedsReset_) {
    scene_.resetCamera();
    cameraNeedsReset_ = false;
  }
  scene_.prepareRender();
}

}  // namespace hccws::widgets
