#include <hccws/render/volume_presets.h>

#include <vtkColorTransferFunction.h>
#include <vtkPiecewiseFunction.h>

namespace hccws::render {

std::string displayName(VolumePreset p) {
  switch (p) {
    case VolumePreset::SoftTissue: return "CT soft tissue";
    case VolumePreset::LiverVessels: return "CT liver and vessels";
    case VolumePreset::Bone: return "CT bone";
  }
  return "CT";
}

const std::vector<VolumePreset>& allVolumePresets() {
  static const std::vector<VolumePreset> all = {VolumePreset::SoftTissue, VolumePreset::LiverVessels,
                                                VolumePreset::Bone};
  return all;
}

VolumeTransfer makeVolumeTransfer(VolumePreset preset) {
  VolumeTransfer t{vtkSmartPointer<vtkColorTransferFunction>::New(), vtkSmartPointer<vtkPiecewiseFunction>::New()};
  auto& c = *t.colour;
  auto& o = *t.opacity;
  switch (preset) {
    case VolumePreset::SoftTissue:  // fat hidden, muscle and organs faint, bone opaque
      c.AddRGBPoint(-1000, 0, 0, 0);
      c.AddRGBPoint(-100, 0.55, 0.25, 0.15);
      c.AddRGBPoint(40, 0.85, 0.45, 0.35);
      c.AddRGBPoint(150, 1.0, 0.85, 0.7);
      c.AddRGBPoint(1000, 1, 1, 0.95);
      o.AddPoint(-1000, 0);
      o.AddPoint(-50, 0);
      o.AddPoint(40, 0.08);
      o.AddPoint(150, 0.2);
      o.AddPoint(400, 0.6);
      o.AddPoint(1500, 0.8);
      break;
    case VolumePreset::LiverVessels:  // enhanced vessels (> 150 HU) stand out of the parenchyma
      c.AddRGBPoint(-1000, 0, 0, 0);
      c.AddRGBPoint(60, 0.6, 0.3, 0.25);
      c.AddRGBPoint(120, 0.85, 0.35, 0.3);
      c.AddRGBPoint(200, 1.0, 0.3, 0.25);
      c.AddRGBPoint(400, 1, 0.95, 0.9);
      o.AddPoint(-1000, 0);
      o.AddPoint(80, 0);
      o.AddPoint(120, 0.05);
      o.AddPoint(180, 0.4);
      o.AddPoint(400, 0.7);
      break;
    case VolumePreset::Bone:
      c.AddRGBPoint(-1000, 0, 0, 0);
      c.AddRGBPoint(150, 0.7, 0.5, 0.3);
      c.AddRGBPoint(400, 0.95, 0.9, 0.8);
      c.AddRGBPoint(1500, 1, 1, 1);
      o.AddPoint(-1000, 0);
      o.AddPoint(150, 0);
      o.AddPoint(300, 0.3);
      o.AddPoint(1000, 0.85);
      break;
  }
  return t;
}

}  // namespace hccws::render
