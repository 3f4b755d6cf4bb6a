#include <hccws/render/scene3d.h>

#include <cmath>

#include <hccws/render/vtk_image.h>

#include <vtkActor.h>
#include <vtkAnnotatedCubeActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

#include <algorithm>

namespace hccws::render {

namespace {
constexpr double kCursorHalfLengthMm = 15.0;
}

Scene3D::Scene3D() {
  renderer_ = vtkSmartPointer<vtkRenderer>::New();
  renderer_->SetBackground(0.08, 0.09, 0.12);
  renderer_->SetBackground2(0.25, 0.27, 0.32);
  renderer_->GradientBackgroundOn();

  // Orientation marker: faces named in LPS (a face's label is the side of the patient it looks towards).
  auto cube = vtkSmartPointer<vtkAnnotatedCubeActor>::New();
  cube->SetXPlusFaceText("L");
  cube->SetXMinusFaceText("R");
  cube->SetYPlusFaceText("P");
  cube->SetYMinusFaceText("A");
  cube->SetZPlusFaceText("S");
  cube->SetZMinusFaceText("I");
  cube->SetFaceTextScale(0.65);
  // Cool colours only: nothing on the marker looks like a label's colour (salmon liver, yellow tumour, green).
  cube->GetCubeProperty()->SetColor(0.45, 0.52, 0.72);
  cube->GetTextEdgesProperty()->SetColor(0.85, 0.88, 1.0);
  cube->GetTextEdgesProperty()->SetLineWidth(1);
  for (vtkProperty* face : {cube->GetXPlusFaceProperty(), cube->GetXMinusFaceProperty(), cube->GetYPlusFaceProperty(),
                            cube->GetYMinusFaceProperty(), cube->GetZPlusFaceProperty(), cube->GetZMinusFaceProperty()})
    face->SetColor(0.9, 0.93, 1.0);
  markerRenderer_ = vtkSmartPointer<vtkRenderer>::New();
  markerRenderer_->SetViewport(0.0, 0.0, 0.16, 0.16);
  markerRenderer_->SetLayer(1);
  markerRenderer_->InteractiveOff();
  markerRenderer_->AddActor(cube);

  volumeMapper_ = vtkSmartPointer<vtkSmartVolumeMapper>::New();
  volume_ = vtkSmartPointer<vtkVolume>::New();
  volume_->SetMapper(volumeMapper_);
  auto prop = vtkSmartPointer<vtkVolumeProperty>::New();
  prop->ShadeOn();
  prop->SetInterpolationTypeToLinear();
  prop->SetAmbient(0.3);
  prop->SetDiffuse(0.7);
  prop->SetSpecular(0.2);
  volume_->SetProperty(prop);
  volume_->VisibilityOff();
  setVolumePreset(VolumePreset::SoftTissue);

  cursorPoints_ = vtkSmartPointer<vtkPoints>::New();
  cursorPoints_->SetNumberOfPoints(6);
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (vtkIdType l = 0; l < 3; ++l) {
    const vtkIdType ids[2] = {2 * l, 2 * l + 1};
    lines->InsertNextCell(2, ids);
  }
  auto pd = vtkSmartPointer<vtkPolyData>::New();
  pd->SetPoints(cursorPoints_);
  pd->SetLines(lines);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(pd);
  cursor_ = vtkSmartPointer<vtkActor>::New();
  cursor_->SetMapper(mapper);
  cursor_->GetProperty()->SetColor(0.2, 0.9, 1.0);
  cursor_->GetProperty()->SetLineWidth(2);
  cursor_->GetProperty()->LightingOff();
  cursor_->PickableOff();
  cursor_->VisibilityOff();
  setCursor({0, 0, 0});
  renderer_->AddVolume(volume_);
  renderer_->AddActor(cursor_);
}

Scene3D::~Scene3D() = default;

vtkRenderer* Scene3D::markerRenderer() const { return markerRenderer_; }

void Scene3D::prepareRender() {
  // The marker's camera looks from the same direction as the main one, at a fixed distance from the cube.
  vtkCamera* main = renderer_->GetActiveCamera();
  vtkCamera* cam = markerRenderer_->GetActiveCamera();
  double dop[3], up[3];
  main->GetDirectionOfProjection(dop);
  main->GetViewUp(up);
  cam->SetFocalPoint(0, 0, 0);
  cam->SetPosition(-3.2 * dop[0], -3.2 * dop[1], -3.2 * dop[2]);
  cam->SetViewUp(up);
  cam->SetParallelProjection(false);
  markerRenderer_->ResetCameraClippingRange();
}

core::Vec3 Scene3D::markerViewDirection() const {
  double dop[3];
  markerRenderer_->GetActiveCamera()->GetDirectionOfProjection(dop);
  return {dop[0], dop[1], dop[2]};
}

vtkRenderer* Scene3D::renderer() const { return renderer_; }

void Scene3D::setSurface(std::uint8_t label, vtkSmartPointer<vtkPolyData> mesh, const std::array<std::uint8_t, 3>& rgb,
                         double opacity) {
  if (auto it = surfaces_.find(label); it != surfaces_.end()) {
    renderer_->RemoveActor(it->second);
    surfaces_.erase(it);
  }
  if (!mesh || mesh->GetNumberOfPoints() == 0) return;
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(mesh);
  mapper->ScalarVisibilityOff();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
  actor->GetProperty()->SetOpacity(opacity);
  actor->GetProperty()->SetSpecular(0.2);
  actor->GetProperty()->SetSpecularPower(20);
  renderer_->AddActor(actor);
  surfaces_[label] = actor;
}

void Scene3D::setHeatmapSurface(vtkSmartPointer<vtkPolyData> mesh, const std::array<std::uint8_t, 3>& rgb, double opacity) {
  if (heatmapActor_) {
    renderer_->RemoveActor(heatmapActor_);
    heatmapActor_ = nullptr;
  }
  if (!mesh || mesh->GetNumberOfPoints() == 0) return;
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(mesh);
  mapper->ScalarVisibilityOff();
  heatmapActor_ = vtkSmartPointer<vtkActor>::New();
  heatmapActor_->SetMapper(mapper);
  heatmapActor_->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
  heatmapActor_->GetProperty()->SetOpacity(opacity);
  renderer_->AddActor(heatmapActor_);
}

vtkPolyData* Scene3D::heatmapSurface() const {
  return heatmapActor_ ? vtkPolyData::SafeDownCast(heatmapActor_->GetMapper()->GetInput()) : nullptr;
}

void Scene3D::setSurfaceOpacity(std::uint8_t label, double opacity) {
  if (auto it = surfaces_.find(label); it != surfaces_.end()) it->second->GetProperty()->SetOpacity(opacity);
}

double Scene3D::surfaceOpacity(std::uint8_t label) const {
  auto it = surfaces_.find(label);
  return it != surfaces_.end() ? it->second->GetProperty()->GetOpacity() : 0.0;
}

void Scene3D::setSurfaceColour(std::uint8_t label, const std::array<std::uint8_t, 3>& rgb) {
  if (auto it = surfaces_.find(label); it != surfaces_.end())
    it->second->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

std::array<std::uint8_t, 3> Scene3D::surfaceColour(std::uint8_t label) const {
  auto it = surfaces_.find(label);
  if (it == surfaces_.end()) return {0, 0, 0};
  const double* c = it->second->GetProperty()->GetColor();
  return {static_cast<std::uint8_t>(std::lround(c[0] * 255)), static_cast<std::uint8_t>(std::lround(c[1] * 255)),
          static_cast<std::uint8_t>(std::lround(c[2] * 255))};
}

void Scene3D::setSurfaceVisible(std::uint8_t label, bool visible) {
  if (auto it = surfaces_.find(label); it != surfaces_.end()) it->second->SetVisibility(visible);
}

bool Scene3D::surfaceVisible(std::uint8_t label) const {
  auto it = surfaces_.find(label);
  return it != surfaces_.end() && it->second->GetVisibility();
}

void Scene3D::clearSurfaces() {
  for (auto& [label, actor] : surfaces_) renderer_->RemoveActor(actor);
  surfaces_.clear();
}

void Scene3D::setVolume(std::shared_ptr<const core::CtVolume> ct) {
  ct_ = std::move(ct);
  if (!ct_ || ct_->empty()) {
    ct_.reset();
    volume_->VisibilityOff();
    cursor_->VisibilityOff();
    return;
  }
  volumeMapper_->SetInputData(toVtkImage(*ct_));
  volume_->SetUserMatrix(localToWorld(ct_->geometry()));
  volume_->SetVisibility(volumeVisible_);
  cursor_->VisibilityOn();
}

void Scene3D::setVolumePreset(VolumePreset preset) {
  const VolumeTransfer t = makeVolumeTransfer(preset);
  volume_->GetProperty()->SetColor(t.colour);
  volume_->GetProperty()->SetScalarOpacity(t.opacity);
}

void Scene3D::setVolumeVisible(bool visible) {
  volumeVisible_ = visible;
  volume_->SetVisibility(visible && ct_);
}

void Scene3D::setCursor(const core::Vec3& p) {
  for (int a = 0; a < 3; ++a) {
    double lo[3] = {p[0], p[1], p[2]}, hi[3] = {p[0], p[1], p[2]};
    lo[a] -= kCursorHalfLengthMm;
    hi[a] += kCursorHalfLengthMm;
    cursorPoints_->SetPoint(2 * a, lo);
    cursorPoints_->SetPoint(2 * a + 1, hi);
  }
  cursorPoints_->Modified();
}

void Scene3D::resetCamera() {
  double b[6] = {0, 0, 0, 0, 0, 0};
  bool have = false;
  for (auto& [label, actor] : surfaces_) {
    if (!actor->GetVisibility()) continue;
    const double* ab = actor->GetBounds();
    if (!have) {
      std::copy(ab, ab + 6, b);
      have = true;
    } else {
      for (int a = 0; a < 3; ++a) b[2 * a] = std::min(b[2 * a], ab[2 * a]), b[2 * a + 1] = std::max(b[2 * a + 1], ab[2 * a + 1]);
    }
  }
  if (!have && ct_) {
    volume_->GetBounds(b);
    have = true;
  }
  auto* cam = renderer_->GetActiveCamera();
  const double c[3] = {0.5 * (b[0] + b[1]), 0.5 * (b[2] + b[3]), 0.5 * (b[4] + b[5])};
  // Anterior view: the camera stands at -P (anterior) looking posteriorly, superior up.
  cam->SetFocalPoint(c);
  cam->SetPosition(c[0], c[1] - 1000.0, c[2]);
  cam->SetViewUp(0, 0, 1);
  if (have) renderer_->ResetCamera(b);
}

}  // namespace hccws::render
