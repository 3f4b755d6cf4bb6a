#pragma once
// The brush outline drawn over a slice view: a circle in display pixels (a 2D VTK actor on top of the
// scene), so it costs no reslicing. The caller converts the brush radius from mm to display pixels.
// Threading: GUI thread only (VTK objects).
#include <vtkSmartPointer.h>

class vtkActor2D;
class vtkPoints;
class vtkRenderer;

namespace hccws::widgets {

class BrushOutline {
 public:
  BrushOutline();
  ~BrushOutline();
  BrushOutline(const BrushOutline&) = delete;
  BrushOutline& operator=(const BrushOutline&) = delete;

  void addTo(vtkRenderer* renderer);
  // Centre and radius in VTK display pixels (origin bottom left).
  void place(double x, double y, double radiusPx);
  void setVisible(bool visible);
  bool visible() const;

 private:
  vtkSmartPointer<vtkPoints> points_;
  vtkSmartPointer<vtkActor2D> actor_;
};

}  // namespace hccws::widgets
