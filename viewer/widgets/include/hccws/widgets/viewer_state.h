#pragma once
// What the linked views share: the cursor (a world point, LPS mm) and the CT window. Views observe it and
// write to it; it never owns views or data. Several states may exist (e.g. one per window), never global.
//
// The cursor snaps to the centre of the nearest voxel of the reference grid (the CT shown), so every
// slice view cuts through voxel centres and the crosshair sits on a voxel. Without a reference grid it is
// stored as given. Setting the same value again emits nothing.
// Threading: GUI thread only.
#include <hccws/core/geometry.h>
#include <hccws/render/window_presets.h>

#include <QObject>

#include <optional>

namespace hccws::widgets {

class ViewerState : public QObject {
  Q_OBJECT

 public:
  explicit ViewerState(QObject* parent = nullptr);

  void setReferenceGeometry(const std::optional<core::Geometry>& geometry);
  const std::optional<core::Geometry>& referenceGeometry() const { return reference_; }

  const core::Vec3& cursor() const { return cursor_; }
  // The snapped point (what setCursor would store).
  core::Vec3 snapped(const core::Vec3& worldLps) const;
  void setCursor(const core::Vec3& worldLps);

  const render::WindowLevel& windowLevel() const { return window_; }
  void setWindowLevel(const render::WindowLevel& wl);

 Q_SIGNALS:
  void cursorChanged(const hccws::core::Vec3& worldLps);
  void windowLevelChanged(double width, double level);

 private:
  std::optional<core::Geometry> reference_;
  core::Vec3 cursor_{0, 0, 0};
  render::WindowLevel window_;
};

}  // namespace hccws::widgets
