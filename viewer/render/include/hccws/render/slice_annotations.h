#pragma once
// The non-image parts of a slice view: crosshair (in plane coordinates, drawn over every layer),
// orientation letters on the four sides, the view's title, the slice/window text and a scale bar (in
// viewport pixels).
// Threading: GUI thread only (owns VTK props). Owned by SliceScene.
#include <hccws/render/slice_geometry.h>

#include <vtkSmartPointer.h>

#include <string>
#include <vector>

class vtkActor;
class vtkActor2D;
class vtkPoints;
class vtkRenderer;
class vtkTextActor;

namespace hccws::render {

class SliceAnnotations {
 public:
  SliceAnnotations();
  ~SliceAnnotations();
  SliceAnnotations(const SliceAnnotations&) = delete;
  SliceAnnotations& operator=(const SliceAnnotations&) = delete;

  void addTo(vtkRenderer* renderer);
  void setAxes(const SliceAxes& axes, const std::string& title);
  // Lines through (u, v) across the box [u0, u1] x [v0, v1]; z puts them in front of the layers.
  void setCrosshair(double u, double v, double u0, double u1, double v0, double v1, double z);
  void setCrosshairVisible(bool visible);
  bool crosshairVisible() const { return crosshairVisible_; }
  // Measurement marks on this slice: line segments and their texts in plane coordinates (u, v) at depth z
  // (in front of the layers). Replaces the previous marks.
  struct MarkSegment {
    double u0, v0, u1, v1;
  };
  struct MarkText {
    double u, v;
    std::string text;
  };
  void setMarks(const std::vector<MarkSegment>& segments, const std::vector<MarkText>& texts, double z);
  std::size_t markSegmentCount() const { return markSegments_; }
  std::vector<std::string> markTexts() const;
  static constexpr double kMarkRgb[3] = {1.0, 0.55, 0.1};
  // Text in the bottom-left corner (slice number and position, window/level; several lines).
  void setInfo(const std::string& text);
  std::string info() const;
  // Scale bar of a round length at most a fifth of the viewport width, bottom right.
  void updateScaleBar(double mmPerPixel, int viewportWidth, int viewportHeight);
  // Crosshair colour (RGB 0..1); tests look for it.
  static constexpr double kCrosshairRgb[3] = {0.2, 0.9, 1.0};

 private:
  vtkSmartPointer<vtkPoints> crossPoints_;
  vtkSmartPointer<vtkActor> crosshair_;
  vtkSmartPointer<vtkTextActor> sides_[4];  // right, left, top, bottom
  vtkSmartPointer<vtkTextActor> title_;
  vtkSmartPointer<vtkTextActor> info_;
  vtkSmartPointer<vtkPoints> barPoints_;
  vtkSmartPointer<vtkActor2D> bar_;
  vtkSmartPointer<vtkTextActor> barText_;
  bool crosshairVisible_ = true;
  vtkRenderer* renderer_ = nullptr;
  vtkSmartPointer<vtkPoints> markPoints_;
  vtkSmartPointer<vtkActor> marks_;
  std::vector<vtkSmartPointer<vtkTextActor>> markTexts_;
  std::size_t markSegments_ = 0;
  std::size_t markTextsShown_ = 0;
};

}  // namespace hccws::render
