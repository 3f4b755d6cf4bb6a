#include <hccws/render/slice_annotations.h>
#include <hccws/render/text_font.h>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <cmath>

namespace hccws::render {

namespace {
vtkSmartPointer<vtkPolyData> linesPolyData(vtkPoints* points, int nLines) {
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (int l = 0; l < nLines; ++l) {
    const vtkIdType ids[2] = {2 * l, 2 * l + 1};
    lines->InsertNextCell(2, ids);
  }
  auto pd = vtkSmartPointer<vtkPolyData>::New();
  pd->SetPoints(points);
  pd->SetLines(lines);
  return pd;
}

vtkSmartPointer<vtkTextActor> makeText(double x, double y, int hJust, int vJust, int size) {
  auto t = vtkSmartPointer<vtkTextActor>::New();
  t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  t->SetPosition(x, y);
  auto* p = t->GetTextProperty();
  p->SetFontSize(size);
  p->SetColor(1.0, 0.85, 0.3);
  p->SetBold(true);
  p->SetShadow(true);
  p->SetJustification(hJust);
  p->SetVerticalJustification(vJust);
  return t;
}
}  // namespace

SliceAnnotations::SliceAnnotations() {
  crossPoints_ = vtkSmartPointer<vtkPoints>::New();
  crossPoints_->SetNumberOfPoints(4);
  for (int i = 0; i < 4; ++i) crossPoints_->SetPoint(i, 0, 0, 0);
  auto crossMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  crossMapper->SetInputData(linesPolyData(crossPoints_, 2));
  crosshair_ = vtkSmartPointer<vtkActor>::New();
  crosshair_->SetMapper(crossMapper);
  crosshair_->GetProperty()->SetColor(kCrosshairRgb[0], kCrosshairRgb[1], kCrosshairRgb[2]);
  crosshair_->GetProperty()->SetLineWidth(1.0);
  crosshair_->GetProperty()->LightingOff();
  crosshair_->PickableOff();

  sides_[0] = makeText(0.99, 0.5, VTK_TEXT_RIGHT, VTK_TEXT_CENTERED, 18);
  sides_[1] = makeText(0.01, 0.5, VTK_TEXT_LEFT, VTK_TEXT_CENTERED, 18);
  sides_[2] = makeText(0.5, 0.99, VTK_TEXT_CENTERED, VTK_TEXT_TOP, 18);
  sides_[3] = makeText(0.5, 0.01, VTK_TEXT_CENTERED, VTK_TEXT_BOTTOM, 18);
  title_ = makeText(0.01, 0.99, VTK_TEXT_LEFT, VTK_TEXT_TOP, 14);
  info_ = makeText(0.01, 0.01, VTK_TEXT_LEFT, VTK_TEXT_BOTTOM, 13);

  barPoints_ = vtkSmartPointer<vtkPoints>::New();
  barPoints_->SetNumberOfPoints(6);
  for (int i = 0; i < 6; ++i) barPoints_->SetPoint(i, 0, 0, 0);
  auto barMapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
  barMapper->SetInputData(linesPolyData(barPoints_, 3));
  bar_ = vtkSmartPointer<vtkActor2D>::New();
  bar_->SetMapper(barMapper);
  bar_->GetProperty()->SetColor(1.0, 0.85, 0.3);
  bar_->GetProperty()->SetLineWidth(2.0);
  barText_ = vtkSmartPointer<vtkTextActor>::New();
  barText_->GetTextProperty()->SetFontSize(13);
  barText_->GetTextProperty()->SetColor(1.0, 0.85, 0.3);
  barText_->GetTextProperty()->SetJustificationToCentered();
}

SliceAnnotations::~SliceAnnotations() = default;

void SliceAnnotations::addTo(vtkRenderer* r) {
  renderer_ = r;
  markPoints_ = vtkSmartPointer<vtkPoints>::New();
  auto markMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  markMapper->SetInputData(linesPolyData(markPoints_, 0));
  marks_ = vtkSmartPointer<vtkActor>::New();
  marks_->SetMapper(markMapper);
  marks_->GetProperty()->SetColor(kMarkRgb[0], kMarkRgb[1], kMarkRgb[2]);
  marks_->GetProperty()->SetLineWidth(2.0);
  marks_->GetProperty()->LightingOff();
  marks_->PickableOff();
  r->AddActor(marks_);
  r->AddActor(crosshair_);
  for (auto& s : sides_) r->AddActor2D(s);
  r->AddActor2D(title_);
  r->AddActor2D(info_);
  r->AddActor2D(bar_);
  r->AddActor2D(barText_);
}

void SliceAnnotations::setAxes(const SliceAxes& axes, const std::string& title) {
  const core::Vec3 dirs[4] = {axes.right, {-axes.right[0], -axes.right[1], -axes.right[2]}, axes.up,
                              {-axes.up[0], -axes.up[1], -axes.up[2]}};
  for (int i = 0; i < 4; ++i) sides_[i]->SetInput(std::string(1, anatomicalLetter(dirs[i])).c_str());
  setText(title_, title);
}

void SliceAnnotations::setInfo(const std::string& text) { setText(info_, text); }

std::string SliceAnnotations::info() const {
  const char* t = info_->GetInput();
  return t ? t : "";
}

void SliceAnnotations::setCrosshair(double u, double v, double u0, double u1, double v0, double v1, double z) {
  crossPoints_->SetPoint(0, u0, v, z);
  crossPoints_->SetPoint(1, u1, v, z);
  crossPoints_->SetPoint(2, u, v0, z);
  crossPoints_->SetPoint(3, u, v1, z);
  crossPoints_->Modified();
}

void SliceAnnotations::setMarks(const std::vector<MarkSegment>& segments, const std::vector<MarkText>& texts, double z) {
  // Called on every slice change: nothing to draw and nothing drawn costs nothing.
  if (!marks_ || (segments.empty() && texts.empty() && markSegments_ == 0 && markTextsShown_ == 0)) return;
  markPoints_->SetNumberOfPoints(static_cast<vtkIdType>(2 * segments.size()));
  for (std::size_t n = 0; n < segments.size(); ++n) {
    markPoints_->SetPoint(static_cast<vtkIdType>(2 * n), segments[n].u0, segments[n].v0, z);
    markPoints_->SetPoint(static_cast<vtkIdType>(2 * n + 1), segments[n].u1, segments[n].v1, z);
  }
  auto* mapper = static_cast<vtkPolyDataMapper*>(marks_->GetMapper());
  mapper->SetInputData(linesPolyData(markPoints_, static_cast<int>(segments.size())));
  markSegments_ = segments.size();
  while (markTexts_.size() < texts.size()) {
    auto t = vtkSmartPointer<vtkTextActor>::New();
    t->GetPositionCoordinate()->SetCoordinateSystemToWorld();
    t->GetTextProperty()->SetFontSize(14);
    t->GetTextProperty()->SetBold(true);
    t->GetTextProperty()->SetShadow(true);
    t->GetTextProperty()->SetColor(kMarkRgb[0], kMarkRgb[1], kMarkRgb[2]);
    renderer_->AddActor2D(t);
    markTexts_.push_back(t);
  }
  markTextsShown_ = texts.size();
  for (std::size_t n = 0; n < markTexts_.size(); ++n) {
    const bool on = n < texts.size();
    markTexts_[n]->SetVisibility(on);
    if (!on) continue;
    markTexts_[n]->GetPositionCoordinate()->SetValue(texts[n].u, texts[n].v, z);
    setText(markTexts_[n], texts[n].text);
  }
}

std::vector<std::string> SliceAnnotations::markTexts() const {
  std::vector<std::string> out;
  for (const auto& t : markTexts_)
    if (t->GetVisibility() && t->GetInput()) out.emplace_back(t->GetInput());
  return out;
}

void SliceAnnotations::setCrosshairVisible(bool visible) {
  crosshairVisible_ = visible;
  crosshair_->SetVisibility(visible);
}

void SliceAnnotations::updateScaleBar(double mmPerPixel, int w, int h) {
  const double lenMm = niceLengthMm(0.2 * w * mmPerPixel);
  const bool show = lenMm > 0 && mmPerPixel > 0 && w > 60 && h > 40;
  bar_->SetVisibility(show);
  barText_->SetVisibility(show);
  if (!show) return;
  const double px = lenMm / mmPerPixel;
  const double x1 = w - 16.0, x0 = x1 - px, y = 16.0, tick = 5.0;
  barPoints_->SetPoint(0, x0, y, 0);
  barPoints_->SetPoint(1, x1, y, 0);
  barPoints_->SetPoint(2, x0, y, 0);
  barPoints_->SetPoint(3, x0, y + tick, 0);
  barPoints_->SetPoint(4, x1, y, 0);
  barPoints_->SetPoint(5, x1, y + tick, 0);
  barPoints_->Modified();
  const std::string text = lenMm >= 10 ? std::to_string(std::lround(lenMm)) + " mm"
                                       : std::to_string(std::lround(lenMm * 10) / 10.0).substr(0, 3) + " mm";
  barText_->SetInput(text.c_str());
  barText_->SetPosition(0.5 * (x0 + x1), y + tick + 2);
}

}  // namespace hccws::render
