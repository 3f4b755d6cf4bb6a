#include <hccws/widgets/viewer_state.h>

#include <algorithm>
#include <cmath>

namespace hccws::widgets {

ViewerState::ViewerState(QObject* parent) : QObject(parent) {}

void ViewerState::setReferenceGeometry(const std::optional<core::Geometry>& geometry) {
  reference_ = geometry;
  if (reference_ && reference_->voxelCount() > 0) {
    const auto& d = reference_->dims;
    setCursor(reference_->indexToWorld({(d[0] - 1) / 2.0, (d[1] - 1) / 2.0, (d[2] - 1) / 2.0}));
  }
}

core::Vec3 ViewerState::snapped(const core::Vec3& w) const {
  if (!reference_ || reference_->voxelCount() == 0) return w;
  core::Vec3 ijk = reference_->worldToIndex(w);
  for (int a = 0; a < 3; ++a)
    ijk[a] = std::clamp(std::round(ijk[a]), 0.0, static_cast<double>(reference_->dims[a] - 1));
  return reference_->indexToWorld(ijk);
}

void ViewerState::setCursor(const core::Vec3& worldLps) {
  const core::Vec3 p = snapped(worldLps);
  if (p == cursor_) return;
  cursor_ = p;
  Q_EMIT cursorChanged(cursor_);
}

void ViewerState::setWindowLevel(const render::WindowLevel& wl) {
  const render::WindowLevel w{std::max(1.0, wl.width), wl.level};
  if (w.width == window_.width && w.level == window_.level) return;
  window_ = w;
  Q_EMIT windowLevelChanged(window_.width, window_.level);
}

}  // namespace hccws::widgets
