#include <hccws/widgets/view3d.h>

#include <hccws/widgets/viewer_state.h>

#include <QFutureWatcher>
#include <QKeyEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <map>

namespace hccws::widgets {

namespace {
struct SurfaceSet {
  unsigned generation = 0;
  std::map<std::uint8_t, vtkSmartPointer<vtkPolyData>> meshes;
};
}  // namespace

View3D::View3D(ViewerState* state, QWidget* parent) : VtkOpenGLWidget(parent), state_(state) {
  renderWindow()->AddRenderer(scene_.renderer());
  scene_.setCursor(state_->cursor());
  connect(state_, &ViewerState::cursorChanged, this, [this](const core::Vec3& p) {
    scene_.setCursor(p);
    update();
  });
}

View3D::~View3D() = default;

void View3D::setImage(std::shared_ptr<const core::CtVolume> ct) {
  scene_.setVolume(std::move(ct));
  cameraNeedsReset_ = true;
  update();
}

void View3D::setLabels(std::shared_ptr<const core::LabelMap> labels) {
  labels_ = std::move(labels);
  cameraNeedsReset_ = true;
  rebuildSurfaces();
}

void View3D::labelsModified() { rebuildSurfaces(); }

void View3D::labelsModified(std::shared_ptr<const core::LabelMap> snapshot) { rebuildSurfaces(std::move(snapshot)); }

void View3D::setHiddenLabels(const std::vector<std::uint8_t>& hidden) {
  hidden_ = hidden;
  for (int v = 1; v < 256; ++v) {
    const auto label = static_cast<std::uint8_t>(v);
    if (!scene_.hasSurface(label)) continue;
    const auto* info = labels_ ? labels_->table.find(label) : nullptr;
    const bool isHidden = std::find(hidden_.begin(), hidden_.end(), label) != hidden_.end();
    scene_.setSurfaceVisible(label, !isHidden && (!info || info->visible));
  }
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
}

void View3D::rebuildSurfaces(std::shared_ptr<const core::LabelMap> snapshot) {
  const unsigned generation = ++generation_;
  if (!labels_) {
    scene_.clearSurfaces();
    update();
    Q_EMIT surfacesUpdated();
    return;
  }
  // The worker gets its own copy: the caller may keep editing the shared label map meanwhile.
  auto copy = snapshot ? std::move(snapshot) : std::make_shared<const core::LabelMap>(*labels_);
  const render::SurfaceOptions options = surfaceOptions_;
  ++pending_;
  auto* watcher = new QFutureWatcher<SurfaceSet>(this);
  connect(watcher, &QFutureWatcher<SurfaceSet>::finished, this, [this, watcher, copy] {
    --pending_;
    const SurfaceSet result = watcher->result();
    watcher->deleteLater();
    if (result.generation != generation_) return;  // a newer request is on its way
    scene_.clearSurfaces();
    for (const auto& [label, mesh] : result.meshes) {
      const auto* info = copy->table.find(label);
      const std::array<std::uint8_t, 3> rgb = info ? info->rgb : std::array<std::uint8_t, 3>{200, 200, 200};
      // The tumour must show through the liver: the liver is translucent when a tumour exists.
      const bool liverWithTumour = label == 1 && result.meshes.count(2) != 0;
      scene_.setSurface(label, mesh, rgb, liverWithTumour ? 0.45 : 1.0);
      const bool hidden = std::find(hidden_.begin(), hidden_.end(), label) != hidden_.end();
      scene_.setSurfaceVisible(label, !hidden && (!info || info->visible));
    }
    if (cameraNeedsReset_) scene_.resetCamera(), cameraNeedsReset_ = false;
    update();
    Q_EMIT surfacesUpdated();
  });
  watcher->setFuture(QtConcurrent::run([copy, options, generation] {
    SurfaceSet set;
    set.generation = generation;
    bool present[256] = {};
    for (std::uint8_t v : copy->labels.buffer()) present[v] = true;
    for (int v = 1; v < 256; ++v)
      if (present[v]) set.meshes[static_cast<std::uint8_t>(v)] = render::buildLabelSurface(copy->labels, v, options);
    return set;
  }));
}

}  // namespace hccws::widgets
