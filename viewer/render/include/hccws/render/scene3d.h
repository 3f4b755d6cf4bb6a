#pragma once
// The 3D view without Qt: label surfaces (colour, opacity, visibility per label), optional CT volume
// rendering with a preset, and the cursor as three short axis-aligned lines.
//
// Contract: world LPS mm everywhere (surfaces come placed, the volume gets its geometry as a user matrix
// because VTK 9.1's volume mappers ignore vtkImageData's direction). Home camera: anterior view, head up
// (patient's left on the screen's right, as in the coronal slice).
// Ownership: shares ownership of the CT it renders (zero-copy). Threading: GUI thread only.
#include <hccws/core/volume.h>
#include <hccws/render/volume_presets.h>

#include <vtkSmartPointer.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>

class vtkActor;
class vtkPoints;
class vtkPolyData;
class vtkRenderer;
class vtkSmartVolumeMapper;
class vtkVolume;

namespace hccws::render {

class Scene3D {
 public:
  Scene3D();
  ~Scene3D();
  Scene3D(const Scene3D&) = delete;
  Scene3D& operator=(const Scene3D&) = delete;

  vtkRenderer* renderer() const;
  // The orientation marker: a cube labelled R/L, A/P, S/I (LPS: +x left, +y posterior, +z superior) in the
  // bottom-left corner, in its own renderer (add it to the same render window, layer 1) whose camera turns
  // with the main one (prepareRender()).
  vtkRenderer* markerRenderer() const;
  void prepareRender();
  // The marker camera's direction of projection (unit, world LPS): the same as the main camera's.
  core::Vec3 markerViewDirection() const;

  // Replaces the surface of `label` (world LPS mm); an empty mesh removes it.
  void setSurface(std::uint8_t label, vtkSmartPointer<vtkPolyData> mesh, const std::array<std::uint8_t, 3>& rgb,
                  double opacity = 1.0);
  void setSurfaceOpacity(std::uint8_t label, double opacity);
  double surfaceOpacity(std::uint8_t label) const;  // 0 when there is no surface
  void setSurfaceColour(std::uint8_t label, const std::array<std::uint8_t, 3>& rgb);
  std::array<std::uint8_t, 3> surfaceColour(std::uint8_t label) const;  // {0,0,0} when there is no surface
  void setSurfaceVisible(std::uint8_t label, bool visible);
  bool surfaceVisible(std::uint8_t label) const;
  void clearSurfaces();
  bool hasSurface(std::uint8_t label) const { return surfaces_.count(label) != 0; }

  void setVolume(std::shared_ptr<const core::CtVolume> ct);
  void setVolumePreset(VolumePreset preset);
  void setVolumeVisible(bool visible);
  bool volumeVisible() const { return volumeVisible_; }

  // A heatmap's iso-surface (world LPS mm), drawn translucent over the label surfaces; null or empty removes it.
  void setHeatmapSurface(vtkSmartPointer<vtkPolyData> mesh, const std::array<std::uint8_t, 3>& rgb, double opacity);
  bool hasHeatmapSurface() const { return heatmapActor_ != nullptr; }
  vtkPolyData* heatmapSurface() const;

  void setCursor(const core::Vec3& worldLps);
  // Anterior view of everything shown (surfaces, else the volume's box).
  void resetCamera();

 private:
  vtkSmartPointer<vtkRenderer> renderer_;
  std::map<std::uint8_t, vtkSmartPointer<vtkActor>> surfaces_;
  std::shared_ptr<const core::CtVolume> ct_;
  vtkSmartPointer<vtkSmartVolumeMapper> volumeMapper_;
  vtkSmartPointer<vtkVolume> volume_;
  bool volumeVisible_ = false;
  vtkSmartPointer<vtkActor> heatmapActor_;
  vtkSmartPointer<vtkPoints> cursorPoints_;
  vtkSmartPointer<vtkActor> cursor_;
  vtkSmartPointer<vtkRenderer> markerRenderer_;
};

}  // namespace hccws::render
