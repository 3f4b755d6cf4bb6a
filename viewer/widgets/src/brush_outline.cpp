#include "brush_outline.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>

#include <cmath>

namespace hccws::widgets {

namespace {
constexpr int kSegments = 72;
}

BrushOutline::BrushOutline() {
  points_ = vtkSmartPointer<vtkPoints>::New();
  points_->SetNumberOfPoints(kSegments);
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  lines->InsertNextCell(kSegments + 1);
  for (int s = 0; s <= kSegments; ++s) lines->InsertCellPoint(s % kSegments);
  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(points_);
  poly->SetLines(lines);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
  mapper->SetInputData(poly);
  actor_ = vtkSmartPointer<vtkActor2D>::New();
  actor_->SetMapper(mapper);
  // White-yellow, distinct from the crosshair (cyan) and the standard label colours.
  actor_->GetProperty()->SetColor(1.0, 1.0, 0.75);
  actor_->GetProperty()->SetLineWidth(1.0);
  actor_->GetProperty()->SetOpacity(0.9);
  actor_->VisibilityOff();
  place(0, 0, 1);
}

BrushOutline::~BrushOutline() = default;

void BrushOutline::addTo(vtkRenderer* renderer) { renderer->AddActor2D(actor_); }

void BrushOutline::place(double x, double y, double radiusPx) {
  for (int s = 0; s < kSegments; ++s) {
    const double a = 2.0 * M_PI * s / kSegments;
    points_->SetPoint(s, x + radiusPx * std::cos(a), y + radiusPx * std::sin(a), 0.0);
  }
  points_->Modified();
}

void BrushOutline::setVisible(bool visible) { actor_->SetVisibility(visible ? 1 : 0); }

bool BrushOutline::visible() const { return actor_->GetVisibility() != 0; }

}  // namespace hccws::widgets
