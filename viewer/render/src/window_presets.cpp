#include <hccws/render/window_presets.h>

#include <algorithm>
#include <cstdint>

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

WindowLevel percentileWindow(const core::CtVolume& volume, double low, double high) {
  std::vector<std::int16_t> sample;
  const std::size_t step = std::max<std::size_t>(1, volume.size() / 200000);
  for (std::size_t n = 0; n < volume.size(); n += step) sample.push_back(volume.data()[n]);
  if (sample.empty()) return windowFor(WindowPresetKind::Abdomen);
  auto at = [&](double p) {
    const std::size_t k = std::min(sample.size() - 1, static_cast<std::size_t>(p * (sample.size() - 1)));
    std::nth_element(sample.begin(), sample.begin() + static_cast<long>(k), sample.end());
    return static_cast<double>(sample[k]);
  };
  const double lo = at(low), hi = at(high);
  return WindowLevel{std::max(1.0, hi - lo), (hi + lo) / 2};
}

}  // namespace hccws::render
