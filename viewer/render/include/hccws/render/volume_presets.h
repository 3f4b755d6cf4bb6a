#pragma once
// CT volume-rendering presets: colour and opacity transfer functions over HU.
#include <vtkSmartPointer.h>

#include <string>
#include <vector>

class vtkColorTransferFunction;
class vtkPiecewiseFunction;

namespace hccws::render {

enum class VolumePreset { SoftTissue, LiverVessels, Bone };

std::string displayName(VolumePreset preset);
const std::vector<VolumePreset>& allVolumePresets();

struct VolumeTransfer {
  vtkSmartPointer<vtkColorTransferFunction> colour;
  vtkSmartPointer<vtkPiecewiseFunction> opacity;
};

VolumeTransfer makeVolumeTransfer(VolumePreset preset);

}  // namespace hccws::render
