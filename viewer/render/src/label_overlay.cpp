#include <hccws/render/label_overlay.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace hccws::render {

double opacityFactor(const LabelOpacities& factors, std::uint8_t value) {
  for (const auto& [v, o] : factors)
    if (v == value) return std::clamp(o, 0.0, 1.0);
  return 1.0;
}

void colouriseLabels(const std::uint8_t* labels, int nx, int ny, const core::LabelTable& table,
                     const LabelStyle& style, std::uint8_t* rgba) {
  std::fill(rgba, rgba + static_cast<std::size_t>(nx) * ny * 4, std::uint8_t{0});
  if (!style.visible) return;
  // A 256-entry table once per slice instead of a search per pixel.
  std::array<std::array<std::uint8_t, 3>, 256> colour{};
  std::array<bool, 256> shown{};
  for (int v = 1; v < 256; ++v) {
    colour[v] = {160, 160, 160};
    shown[v] = true;
  }
  for (const auto& e : table.entries()) {
    colour[e.value] = e.rgb;
    shown[e.value] = e.visible;
  }
  for (std::uint8_t v : style.hiddenLabels) shown[v] = false;
  shown[0] = false;
  auto alpha = [](double o) { return static_cast<std::uint8_t>(std::lround(std::clamp(o, 0.0, 1.0) * 255)); };
  std::array<std::uint8_t, 256> fillA{}, lineA{};
  for (int v = 1; v < 256; ++v) {
    const double k = opacityFactor(style.labelOpacity, static_cast<std::uint8_t>(v));
    fillA[v] = style.fill ? alpha(style.fillOpacity * k) : 0;
    lineA[v] = std::max(style.outline ? alpha(style.outlineOpacity * k) : std::uint8_t{0}, fillA[v]);
  }
  for (int y = 0; y < ny; ++y) {
    for (int x = 0; x < nx; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * nx + x;
      const std::uint8_t v = labels[i];
      if (!shown[v]) continue;
      const bool edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || labels[i - 1] != v ||
                        labels[i + 1] != v || labels[i - nx] != v || labels[i + nx] != v;
      const std::uint8_t a = edge ? lineA[v] : fillA[v];
      if (a == 0) continue;
      std::uint8_t* p = rgba + 4 * i;
      p[0] = colour[v][0], p[1] = colour[v][1], p[2] = colour[v][2], p[3] = a;
    }
  }
}

}  // namespace hccws::render
