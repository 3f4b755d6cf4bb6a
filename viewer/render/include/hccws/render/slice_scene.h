#pragma once
// One MPR slice view without Qt: a vtkRenderer showing the CT resliced through the cursor, a heatmap and
// a label overlay resampled onto the same raster, the crosshair and the annotations.
//
// Contract:
// - Frames: inputs and the cursor are in world LPS mm; the scene draws in plane coordinates (u, v) of
//   slice_geometry.h (radiological display). display* functions take VTK display pixels (origin at the
//   bottom left of the renderer's viewport).
// - Every layer is resampled by vtkImageReslice from a zero-copy Local image (vtk_image.h) with reslice
//   axes built from its own Geometry, so a heatmap on an ROI grid or a label map with other direction
//   cosines lands where it belongs. CT: linear; labels: nearest; heatmap: linear.
// - The slice passes through the cursor; with setImage() the cursor snaps nowhere (ViewerState snaps).
// - Ownership: the scene shares ownership of the volumes it shows (zero-copy needs them alive). Callers
//   who edit label voxels in place call labelsModified() afterwards.
// - Threading: GUI thread only (owns VTK render objects).
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/marks.h>
#include <hccws/core/volume.h>
#include <hccws/render/heatmap_style.h>
#include <hccws/render/label_overlay.h>
#include <hccws/render/slice_annotations.h>
#include <hccws/render/slice_geometry.h>
#include <hccws/render/window_presets.h>

#include <vtkSmartPointer.h>

#include <array>
#include <functional>
#include <memory>
#include <string>

class vtkImageActor;
class vtkImageData;
class vtkImageMapToColors;
class vtkImageReslice;
class vtkRenderer;
class vtkScalarBarActor;

namespace hccws::render {

class SliceScene {
 public:
  explicit SliceScene(SliceOrientation orientation);
  ~SliceScene();
  SliceScene(const SliceScene&) = delete;
  SliceScene& operator=(const SliceScene&) = delete;

  vtkRenderer* renderer() const;
  SliceOrientation orientation() const { return orientation_; }
  const SliceAxes& axes() const { return axes_; }
  const SliceGrid& grid() const { return grid_; }

  // The CT defines the raster and the camera's home; nullptr clears every layer's display.
  void setImage(std::shared_ptr<const core::CtVolume> ct);
  const core::CtVolume* image() const { return ct_.get(); }
  void setLabels(std::shared_ptr<const core::LabelMap> labels);
  const core::LabelMap* labels() const { return labels_.get(); }
  void labelsModified();
  void setLabelStyle(const LabelStyle& style);
  const LabelStyle& labelStyle() const { return labelStyle_; }
  // A second, read-only label layer drawn above the segmentation (e.g. the peritumoral ring of the radiomics
  // panel): its own map (on any grid), table and style; null hides it.
  void setOverlayLabels(std::shared_ptr<const core::LabelMap> labels, const LabelStyle& style);
  const core::LabelMap* overlayLabels() const { return overlay_.get(); }
  void setHeatmap(std::shared_ptr<const core::Heatmap> heatmap);
  const core::Heatmap* heatmap() const { return heatmap_.get(); }
  void setHeatmapStyle(const HeatmapStyle& style);
  const HeatmapStyle& heatmapStyle() const { return heatStyle_; }

  void setCursor(const core::Vec3& worldLps);
  const core::Vec3& cursor() const { return cursor_; }
  void setWindowLevel(const WindowLevel& wl);
  const WindowLevel& windowLevel() const { return window_; }
  void setCrosshairVisible(bool visible);
  // Title in the top-left corner (default: the orientation's name).
  void setTitle(const std::string& title);
  // The bottom-left text: slice number along the CT's index axis closest to the view's normal (1-based, of
  // the count), the cursor's world coordinate along the normal's main LPS axis, and the window. The widget
  // layer sets a formatter in the user's language; the default is English.
  struct SliceInfo {
    int slice = 0, slices = 0;  // 1-based; 0 when there is no CT
    char axis = 'z';            // x, y or z (LPS)
    double positionMm = 0;
    double window = 0, level = 0;
  };
  // Measurement marks (world LPS mm): drawn where all their points lie within half a slice of the plane shown,
  // with their length (mm) or angle (degrees); `pending` is a polyline being drawn (no text).
  void setMarks(const core::MeasurementMarks& marks, const std::vector<core::Vec3>& pending = {});
  std::size_t marksShown() const;  // rulers + angles drawn on this slice
  std::vector<std::string> markTexts() const { return annotations_.markTexts(); }
  using InfoFormatter = std::function<std::string(const SliceInfo&)>;
  void setInfoFormatter(InfoFormatter formatter);
  SliceInfo sliceInfo() const;
  std::string infoText() const { return annotations_.info(); }

  // Fits the whole raster in the viewport, centred.
  void resetCamera();
  // The camera as plane coordinates of the viewport's centre (mm) and half the viewport height in mm, so a
  // second view of the same plane can show the same region at the same zoom (the compare layout).
  struct CameraState {
    double u = 0, v = 0, halfHeightMm = 1;
  };
  CameraState cameraState() const;
  void setCameraState(const CameraState& state);
  // factor > 1 magnifies.
  void zoom(double factor);
  // Moves the content by (dx, dy) display pixels.
  void panPixels(double dx, double dy);
  double mmPerPixel() const;
  // Point of the current slice under a display pixel position, and back (display x, y; w ignored).
  core::Vec3 displayToWorld(double x, double y) const;
  std::array<double, 2> worldToDisplay(const core::Vec3& worldLps) const;
  // Updates what depends on the viewport size and zoom (scale bar). Call before each Render().
  void prepareRender();

 private:
  std::array<int, 2> viewportSize() const;
  void updateSlice();
  void updateLabelRaster();
  void updateOverlayRaster();
  void updateCrosshair();
  void updateInfo();
  void updateMarks();

  SliceOrientation orientation_;
  SliceAxes axes_;
  SliceGrid grid_;
  core::Vec3 cursor_{0, 0, 0};
  WindowLevel window_;
  LabelStyle labelStyle_;
  HeatmapStyle heatStyle_;
  std::shared_ptr<const core::CtVolume> ct_;
  std::shared_ptr<const core::LabelMap> labels_;
  std::shared_ptr<const core::Heatmap> heatmap_;
  std::shared_ptr<const core::LabelMap> overlay_;
  LabelStyle overlayStyle_;
  vtkSmartPointer<vtkImageReslice> overlayReslice_;
  vtkSmartPointer<vtkImageActor> overlayActor_;
  vtkSmartPointer<vtkImageData> overlayRgba_;

  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkImageReslice> ctReslice_, labelReslice_, heatReslice_;
  vtkSmartPointer<vtkImageActor> ctActor_, labelActor_, heatActor_;
  vtkSmartPointer<vtkImageData> labelRgba_;
  vtkSmartPointer<vtkImageMapToColors> heatColors_;
  vtkSmartPointer<vtkScalarBarActor> colorBar_;
  SliceAnnotations annotations_;
  InfoFormatter infoFormatter_;
  core::MeasurementMarks marks_;
  std::vector<core::Vec3> pendingMark_;
  std::size_t marksShown_ = 0;
};

}  // namespace hccws::render
