#pragma once
// CT display windows (width and level in HU). Values and sources are listed in docs/viewer.md.
#include <hccws/core/volume.h>

#include <string>
#include <vector>

namespace hccws::render {

enum class WindowPresetKind { Abdomen, Liver, Bone, Lung, Dicom };

struct WindowLevel {
  double width = 400;
  double level = 50;
};

struct WindowPreset {
  WindowPresetKind kind;
  std::string name;
  WindowLevel window;
};

// Abdomen, liver, bone and lung (Dicom is not in the list: it comes from the series' tags).
const std::vector<WindowPreset>& standardWindowPresets();
WindowLevel windowFor(WindowPresetKind kind);
// The DICOM window of a series when it has one (width > 0), else the abdomen window.
WindowLevel dicomWindowOr(double dicomCenter, double dicomWidth);
// A window from the stored values' percentiles (1st to 99th by default, on a sample of the voxels): the
// window for MRI, whose values have no fixed scale (CT's HU presets mean nothing there).
WindowLevel percentileWindow(const core::CtVolume& volume, double low = 0.01, double high = 0.99);

}  // namespace hccws::render
