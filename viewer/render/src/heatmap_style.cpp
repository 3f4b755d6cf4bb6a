#include <hccws/render/heatmap_style.h>

#include <vtkLookupTable.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace hccws::render {

std::string displayName(Colormap c) {
  switch (c) {
    case Colormap::Hot: return "Hot";
    case Colormap::Jet: return "Jet";
    case Colormap::Viridis: return "Viridis";
  }
  return "Hot";
}

const std::vector<Colormap>& allColormaps() {
  static const std::vector<Colormap> all = {Colormap::Hot, Colormap::Jet, Colormap::Viridis};
  return all;
}

namespace {
std::array<double, 3> lerpStops(const std::vector<std::array<double, 3>>& stops, double t) {
  const double x = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(x), stops.size() - 2);
  const double f = x - i;
  return {stops[i][0] + f * (stops[i + 1][0] - stops[i][0]), stops[i][1] + f * (stops[i + 1][1] - stops[i][1]),
          stops[i][2] + f * (stops[i + 1][2] - stops[i][2])};
}

std::array<double, 3> colourAt(Colormap c, double t) {
  switch (c) {
    case Colormap::Hot: return lerpStops({{0.5, 0, 0}, {1, 0, 0}, {1, 0.5, 0}, {1, 1, 0}, {1, 1, 1}}, t);
    case Colormap::Jet: return lerpStops({{0, 0, 0.5}, {0, 0, 1}, {0, 1, 1}, {1, 1, 0}, {1, 0, 0}, {0.5, 0, 0}}, t);
    case Colormap::Viridis:
      return lerpStops({{0.267, 0.005, 0.329}, {0.229, 0.322, 0.546}, {0.128, 0.567, 0.551}, {0.369, 0.789, 0.383},
                        {0.993, 0.906, 0.144}},
                       t);
  }
  return {1, 1, 1};
}
}  // namespace

vtkSmartPointer<vtkLookupTable> makeHeatmapLut(const HeatmapStyle& style, double valueMin, double valueMax) {
  auto lut = vtkSmartPointer<vtkLookupTable>::New();
  const int n = 256;
  lut->SetNumberOfTableValues(n);
  const double lo = std::max(style.threshold, valueMin);
  const double hi = std::max(valueMax, lo + 1e-6);
  lut->SetTableRange(lo, hi);
  for (int i = 0; i < n; ++i) {
    const auto rgb = colourAt(style.colormap, static_cast<double>(i) / (n - 1));
    lut->SetTableValue(i, rgb[0], rgb[1], rgb[2], std::clamp(style.opacity, 0.0, 1.0));
  }
  lut->SetUseBelowRangeColor(true);
  lut->SetBelowRangeColor(0, 0, 0, 0);
  lut->SetNanColor(0, 0, 0, 0);
  lut->BuildSpecialColors();
  return lut;
}

}  // namespace hccws::render
