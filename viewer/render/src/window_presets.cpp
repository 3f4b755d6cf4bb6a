#include <hccws/render/window_presets.h>

namespace hccws::render {

const std::vector<WindowPreset>& standardWindowPresets() {
  // Abdomen: soft-tissue window. Liver: narrow window centred for enhanced parenchyma (portal venous
  // liver ~ 100-120 HU); the unenhanced W150/L30 would saturate it. Bone and lung: usual PACS defaults.
  static const std::vector<WindowPreset> presets = {
      {WindowPresetKind::Abdomen, "Abdomen", {400, 50}},
      {WindowPresetKind::Liver, "Liver", {150, 90}},
      {WindowPresetKind::Bone, "Bone", {1800, 400}},
      {WindowPresetKind::Lung, "Lung", {1500, -600}},
  };
  return presets;
}

WindowLevel windowFor(WindowPresetKind kind) {
  for (const auto& p : standardWindowPresets())
    if (p.kind == kind) return p.window;
  return {400, 50};
}

WindowLevel dicomWindowOr(double c, double w) { return w > 0 ? WindowLevel{w, c} : windowFor(WindowPresetKind::Abdomen); }

}  // namespace hccws::render
