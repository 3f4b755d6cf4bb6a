#include <hccws/render/slice_scene.h>

#include <hccws/render/vtk_image.h>

#include <vtkCamera.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapToColors.h>
#include <vtkImageMapper3D.h>
#include <vtkImageProperty.h>
#include <vtkImageReslice.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hccws::render {

namespace {
// Depth of each layer towards the camera (plane z); the camera sits at +kCameraDistance.
constexpr double kHeatZ = 0.1, kLabelZ = 0.2, kOverlayZ = 0.25, kCrossZ = 0.3, kCameraDistance = 1000.0;

vtkSmartPointer<vtkImageReslice> makeReslice(bool nearest) {
  auto r = vtkSmartPointer<vtkImageReslice>::New();
  r->SetOutputDimensionality(2);
  if (nearest)
    r->SetInterpolationModeToNearestNeighbor();
  else
    r->SetInterpolationModeToLinear();
  r->AutoCropOutputOff();
  return r;
}

void setOutputGrid(vtkImageReslice* r, const SliceGrid& g) {
  r->SetOutputOrigin(g.originUv[0], g.originUv[1], 0);
  r->SetOutputSpacing(g.spacingMm[0], g.spacingMm[1], 1);
  r->SetOutputExtent(0, g.size[0] - 1, 0, g.size[1] - 1, 0, 0);
}
}  // namespace

SliceScene::SliceScene(SliceOrientation orientation)
    : orientation_(orientation), axes_(sliceAxes(orientation)) {
  renderer_ = vtkSmartPointer<vtkRenderer>::New();
  renderer_->SetBackground(0, 0, 0);
  renderer_->GetActiveCamera()->ParallelProjectionOn();

  ctReslice_ = makeReslice(false);
  ctReslice_->SetBackgroundLevel(-1024);
  ctActor_ = vtkSmartPointer<vtkImageActor>::New();
  ctActor_->GetMapper()->SetInputConnection(ctReslice_->GetOutputPort());
  ctActor_->GetProperty()->SetInterpolationTypeToLinear();
  ctActor_->VisibilityOff();

  heatReslice_ = makeReslice(false);
  heatColors_ = vtkSmartPointer<vtkImageMapToColors>::New();
  heatColors_->SetInputConnection(heatReslice_->GetOutputPort());
  heatColors_->SetOutputFormatToRGBA();
  heatActor_ = vtkSmartPointer<vtkImageActor>::New();
  heatActor_->GetMapper()->SetInputConnection(heatColors_->GetOutputPort());
  heatActor_->GetProperty()->SetInterpolationTypeToLinear();
  heatActor_->SetPosition(0, 0, kHeatZ);
  heatActor_->VisibilityOff();
  colorBar_ = vtkSmartPointer<vtkScalarBarActor>::New();
  colorBar_->SetNumberOfLabels(3);
  colorBar_->SetPosition(0.9, 0.55);
  colorBar_->SetWidth(0.07);
  colorBar_->SetHeight(0.35);
  colorBar_->GetLabelTextProperty()->SetFontSize(11);
  colorBar_->VisibilityOff();

  labelReslice_ = makeReslice(true);
  labelReslice_->SetBackgroundLevel(0);
  labelRgba_ = vtkSmartPointer<vtkImageData>::New();
  labelActor_ = vtkSmartPointer<vtkImageActor>::New();
  labelActor_->GetMapper()->SetInputData(labelRgba_);
  labelActor_->GetProperty()->SetInterpolationTypeToNearest();
  labelActor_->SetPosition(0, 0, kLabelZ);
  labelActor_->VisibilityOff();

  overlayReslice_ = makeReslice(true);
  overlayReslice_->SetBackgroundLevel(0);
  overlayRgba_ = vtkSmartPointer<vtkImageData>::New();
  overlayActor_ = vtkSmartPointer<vtkImageActor>::New();
  overlayActor_->GetMapper()->SetInputData(overlayRgba_);
  overlayActor_->GetProperty()->SetInterpolationTypeToNearest();
  overlayActor_->SetPosition(0, 0, kOverlayZ);
  overlayActor_->VisibilityOff();

  renderer_->AddActor(ctActor_);
  renderer_->AddActor(heatActor_);
  renderer_->AddActor(labelActor_);
  renderer_->AddActor(overlayActor_);
  renderer_->AddActor2D(colorBar_);
  annotations_.addTo(renderer_);
  annotations_.setAxes(axes_, displayName(orientation));
  setWindowLevel(window_);
}

SliceScene::~SliceScene() = default;

vtkRenderer* SliceScene::renderer() const { return renderer_; }

void SliceScene::setImage(std::shared_ptr<const core::CtVolume> ct) {
  ct_ = std::move(ct);
  if (!ct_ || ct_->empty()) {
    ct_.reset();
    ctActor_->VisibilityOff();
    labelActor_->VisibilityOff();
    overlayActor_->VisibilityOff();
    heatActor_->VisibilityOff();
    annotations_.setCrosshairVisible(false);
    return;
  }
  grid_ = sliceGridFor(ct_->geometry(), axes_);
  ctReslice_->SetInputData(toVtkImage(*ct_));
  setOutputGrid(ctReslice_, grid_);
  setOutputGrid(labelReslice_, grid_);
  setOutputGrid(overlayReslice_, grid_);
  setOutputGrid(heatReslice_, grid_);
  ctActor_->VisibilityOn();
  annotations_.setCrosshairVisible(true);
  const auto& d = ct_->geometry().dims;
  cursor_ = ct_->geometry().indexToWorld({(d[0] - 1) / 2.0, (d[1] - 1) / 2.0, (d[2] - 1) / 2.0});
  if (labels_) labelReslice_->SetInputData(toVtkImage(labels_->labels));
  updateSlice();
  resetCamera();
}

void SliceScene::setLabels(std::shared_ptr<const core::LabelMap> labels) {
  labels_ = std::move(labels);
  if (labels_ && !labels_->labels.empty()) {
    labelReslice_->SetInputData(toVtkImage(labels_->labels));
  } else {
    labels_.reset();
  }
  updateSlice();
}

void SliceScene::setOverlayLabels(std::shared_ptr<const core::LabelMap> labels, const LabelStyle& style) {
  overlay_ = std::move(labels);
  overlayStyle_ = style;
  if (overlay_ && !overlay_->labels.empty()) overlayReslice_->SetInputData(toVtkImage(overlay_->labels));
  else overlay_.reset();
  updateSlice();
}

void SliceScene::labelsModified() {
  if (!labels_) return;
  // Zero-copy input: the pointer is unchanged, so tell the pipeline the values are new.
  if (auto* in = vtkImageData::SafeDownCast(labelReslice_->GetInput())) in->Modified();
  updateSlice();
}

void SliceScene::setLabelStyle(const LabelStyle& style) {
  labelStyle_ = style;
  updateSlice();
}

void SliceScene::setHeatmap(std::shared_ptr<const core::Heatmap> heatmap) {
  heatmap_ = std::move(heatmap);
  if (heatmap_ && !heatmap_->values.empty()) {
    heatReslice_->SetInputData(toVtkImage(heatmap_->values));
  } else {
    heatmap_.reset();
  }
  setHeatmapStyle(heatStyle_);
}

void SliceScene::setHeatmapStyle(const HeatmapStyle& style) {
  heatStyle_ = style;
  if (heatmap_) {
    auto lut = makeHeatmapLut(heatStyle_, heatmap_->valueMin, heatmap_->valueMax);
    heatColors_->SetLookupTable(lut);
    // Outside the ROI grid: below every threshold, hence transparent.
    heatReslice_->SetBackgroundLevel(heatmap_->valueMin - 1.0);
    colorBar_->SetLookupTable(lut);
    colorBar_->SetTitle(heatmap_->name.c_str());
  }
  updateSlice();
}

void SliceScene::setCursor(const core::Vec3& worldLps) {
  cursor_ = worldLps;
  updateSlice();
}

void SliceScene::setWindowLevel(const WindowLevel& wl) {
  window_ = wl;
  window_.width = std::max(1.0, wl.width);
  ctActor_->GetProperty()->SetColorWindow(window_.width);
  ctActor_->GetProperty()->SetColorLevel(window_.level);
  updateInfo();
}

void SliceScene::setInfoFormatter(InfoFormatter formatter) {
  infoFormatter_ = std::move(formatter);
  updateInfo();
}

SliceScene::SliceInfo SliceScene::sliceInfo() const {
  SliceInfo s;
  s.window = window_.width;
  s.level = window_.level;
  int main = 2;
  for (int a = 0; a < 3; ++a)
    if (std::abs(axes_.normal[a]) > std::abs(axes_.normal[main])) main = a;
  s.axis = "xyz"[main];
  s.positionMm = cursor_[main];
  if (!ct_) return s;
  const core::Geometry& g = ct_->geometry();
  int best = 2;
  double bestDot = -1;
  for (int a = 0; a < 3; ++a) {
    const double d = std::abs(core::dot(g.axisDirection(a), axes_.normal));
    if (d > bestDot) bestDot = d, best = a;
  }
  const core::Vec3 ijk = g.worldToIndex(cursor_);
  const long idx = std::lround(ijk[best]);
  s.slices = static_cast<int>(g.dims[best]);
  s.slice = static_cast<int>(std::clamp<long>(idx, 0, s.slices - 1)) + 1;
  return s;
}

void SliceScene::updateInfo() {
  if (!ct_) {
    annotations_.setInfo("");
    return;
  }
  const SliceInfo s = sliceInfo();
  if (infoFormatter_) {
    annotations_.setInfo(infoFormatter_(s));
    return;
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "Slice %d/%d  %c %.1f mm\nW %.0f  L %.0f", s.slice, s.slices, s.axis, s.positionMm,
                s.window, s.level);
  annotations_.setInfo(buf);
}

void SliceScene::setCrosshairVisible(bool visible) { annotations_.setCrosshairVisible(visible && ct_); }

void SliceScene::setTitle(const std::string& title) { annotations_.setAxes(axes_, title); }

void SliceScene::updateSlice() {
  if (!ct_) return;
  const double w = axes_.toPlane(cursor_)[2];
  ctReslice_->SetResliceAxes(resliceAxes(ct_->geometry(), axes_, w));

  const bool showHeat = heatmap_ && heatStyle_.visible;
  heatActor_->SetVisibility(showHeat);
  colorBar_->SetVisibility(showHeat);
  if (showHeat) heatReslice_->SetResliceAxes(resliceAxes(heatmap_->values.geometry(), axes_, w));

  const bool showLabels = labels_ && labelStyle_.visible;
  labelActor_->SetVisibility(showLabels);
  if (showLabels) {
    labelReslice_->SetResliceAxes(resliceAxes(labels_->labels.geometry(), axes_, w));
    updateLabelRaster();
  }
  const bool showOverlay = overlay_ && overlayStyle_.visible;
  overlayActor_->SetVisibility(showOverlay);
  if (showOverlay) {
    overlayReslice_->SetResliceAxes(resliceAxes(overlay_->labels.geometry(), axes_, w));
    updateOverlayRaster();
  }
  updateCrosshair();
  updateInfo();
  updateMarks();
}

void SliceScene::setMarks(const core::MeasurementMarks& marks, const std::vector<core::Vec3>& pending) {
  marks_ = marks;
  pendingMark_ = pending;
  updateMarks();
}

std::size_t SliceScene::marksShown() const { return marksShown_; }

void SliceScene::updateMarks() {
  std::vector<SliceAnnotations::MarkSegment> segs;
  std::vector<SliceAnnotations::MarkText> texts;
  marksShown_ = 0;
  const double w = axes_.toPlane(cursor_)[2];
  const double half = 0.5 * (ct_ ? sliceStepMm(ct_->geometry(), axes_.normal) : 1.0) + 1e-6;
  auto onSlice = [&](std::initializer_list<core::Vec3> pts) {
    for (const auto& p : pts)
      if (std::abs(axes_.toPlane(p)[2] - w) > half) return false;
    return true;
  };
  auto seg = [&](const core::Vec3& a, const core::Vec3& b) {
    const core::Vec3 p = axes_.toPlane(a), q = axes_.toPlane(b);
    segs.push_back({p[0], p[1], q[0], q[1]});
  };
  char buf[64];
  for (const auto& r : marks_.rulers) {
    if (!onSlice({r.a, r.b})) continue;
    seg(r.a, r.b);
    const core::Vec3 m = axes_.toPlane({0.5 * (r.a[0] + r.b[0]), 0.5 * (r.a[1] + r.b[1]), 0.5 * (r.a[2] + r.b[2])});
    std::snprintf(buf, sizeof buf, "%.1f mm", r.lengthMm());
    texts.push_back({m[0] + 2, m[1] + 2, buf});
    ++marksShown_;
  }
  for (const auto& a : marks_.angles) {
    if (!onSlice({a.a, a.vertex, a.b})) continue;
    seg(a.vertex, a.a);
    seg(a.vertex, a.b);
    const core::Vec3 v = axes_.toPlane(a.vertex);
    std::snprintf(buf, sizeof buf, "%.1f\u00b0", a.degrees());
    texts.push_back({v[0] + 2, v[1] + 2, buf});
    ++marksShown_;
  }
  for (std::size_t n = 1; n < pendingMark_.size(); ++n) seg(pendingMark_[n - 1], pendingMark_[n]);
  annotations_.setMarks(segs, texts, kCrossZ);
}

namespace {
// The resliced labels of one layer coloured into its RGBA image on the slice grid.
void colourLayer(vtkImageReslice* reslice, vtkImageData* rgba, const SliceGrid& grid, const core::LabelTable& table,
                 const LabelStyle& style) {
  reslice->Update();
  vtkImageData* slice = reslice->GetOutput();
  const int nx = grid.size[0], ny = grid.size[1];
  rgba->SetOrigin(grid.originUv[0], grid.originUv[1], 0);
  rgba->SetSpacing(grid.spacingMm[0], grid.spacingMm[1], 1);
  int dims[3];
  rgba->GetDimensions(dims);
  if (dims[0] != nx || dims[1] != ny || rgba->GetNumberOfScalarComponents() != 4) {
    rgba->SetDimensions(nx, ny, 1);
    rgba->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
  }
  auto* in = static_cast<const std::uint8_t*>(slice->GetScalarPointer());
  auto* out = static_cast<std::uint8_t*>(rgba->GetScalarPointer());
  colouriseLabels(in, nx, ny, table, style, out);
  rgba->Modified();
}
}  // namespace

void SliceScene::updateLabelRaster() { colourLayer(labelReslice_, labelRgba_, grid_, labels_->table, labelStyle_); }

void SliceScene::updateOverlayRaster() {
  colourLayer(overlayReslice_, overlayRgba_, grid_, overlay_->table, overlayStyle_);
}

void SliceScene::updateCrosshair() {
  const core::Vec3 c = axes_.toPlane(cursor_);
  const double u0 = grid_.originUv[0] - 0.5 * grid_.spacingMm[0];
  const double v0 = grid_.originUv[1] - 0.5 * grid_.spacingMm[1];
  annotations_.setCrosshair(c[0], c[1], u0, u0 + grid_.size[0] * grid_.spacingMm[0], v0,
                            v0 + grid_.size[1] * grid_.spacingMm[1], kCrossZ);
}

std::array<int, 2> SliceScene::viewportSize() const {
  const int* s = renderer_->GetRenderWindow() ? renderer_->GetSize() : nullptr;
  if (!s || s[0] <= 0 || s[1] <= 0) return {1, 1};
  return {s[0], s[1]};
}

void SliceScene::resetCamera() {
  auto* cam = renderer_->GetActiveCamera();
  const double cu = grid_.originUv[0] + 0.5 * (grid_.size[0] - 1) * grid_.spacingMm[0];
  const double cv = grid_.originUv[1] + 0.5 * (grid_.size[1] - 1) * grid_.spacingMm[1];
  cam->SetFocalPoint(cu, cv, 0);
  cam->SetPosition(cu, cv, kCameraDistance);
  cam->SetViewUp(0, 1, 0);
  const auto vp = viewportSize();
  const double aspect = static_cast<double>(vp[0]) / vp[1];
  const double halfW = 0.5 * grid_.size[0] * grid_.spacingMm[0], halfH = 0.5 * grid_.size[1] * grid_.spacingMm[1];
  cam->SetParallelScale(1.02 * std::max(halfH, halfW / aspect));
  cam->SetClippingRange(1, 2 * kCameraDistance);
}

SliceScene::CameraState SliceScene::cameraState() const {
  auto* cam = renderer_->GetActiveCamera();
  double f[3];
  cam->GetFocalPoint(f);
  return {f[0], f[1], cam->GetParallelScale()};
}

void SliceScene::setCameraState(const CameraState& c) {
  if (!(c.halfHeightMm > 0) || !std::isfinite(c.u) || !std::isfinite(c.v)) return;
  auto* cam = renderer_->GetActiveCamera();
  cam->SetFocalPoint(c.u, c.v, 0);
  cam->SetPosition(c.u, c.v, kCameraDistance);
  cam->SetViewUp(0, 1, 0);
  cam->SetParallelScale(c.halfHeightMm);
  cam->SetClippingRange(1, 2 * kCameraDistance);
}

void SliceScene::zoom(double factor) {
  if (factor > 0) renderer_->GetActiveCamera()->SetParallelScale(renderer_->GetActiveCamera()->GetParallelScale() / factor);
}

double SliceScene::mmPerPixel() const {
  return 2.0 * renderer_->GetActiveCamera()->GetParallelScale() / viewportSize()[1];
}

void SliceScene::panPixels(double dx, double dy) {
  auto* cam = renderer_->GetActiveCamera();
  const double s = mmPerPixel();
  double f[3], p[3];
  cam->GetFocalPoint(f);
  cam->GetPosition(p);
  cam->SetFocalPoint(f[0] - dx * s, f[1] - dy * s, f[2]);
  cam->SetPosition(p[0] - dx * s, p[1] - dy * s, p[2]);
}

core::Vec3 SliceScene::displayToWorld(double x, double y) const {
  const auto vp = viewportSize();
  double f[3];
  renderer_->GetActiveCamera()->GetFocalPoint(f);
  const double s = mmPerPixel();
  const double u = f[0] + (x - 0.5 * vp[0]) * s, v = f[1] + (y - 0.5 * vp[1]) * s;
  return axes_.toWorld({u, v, axes_.toPlane(cursor_)[2]});
}

std::array<double, 2> SliceScene::worldToDisplay(const core::Vec3& worldLps) const {
  const auto vp = viewportSize();
  double f[3];
  renderer_->GetActiveCamera()->GetFocalPoint(f);
  const double s = mmPerPixel();
  const core::Vec3 q = axes_.toPlane(worldLps);
  return {0.5 * vp[0] + (q[0] - f[0]) / s, 0.5 * vp[1] + (q[1] - f[1]) / s};
}

void SliceScene::prepareRender() {
  const auto vp = viewportSize();
  annotations_.updateScaleBar(mmPerPixel(), vp[0], vp[1]);
}

}  // namespace hccws::render
