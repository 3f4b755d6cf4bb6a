#pragma once
// How a heatmap layer is drawn: colormap, opacity and the threshold below which nothing shows; and the
// lookup table that implements it (values < threshold and outside the heatmap's grid are transparent).
#include <vtkSmartPointer.h>

#include <string>
#include <vector>

class vtkLookupTable;

namespace hccws::render {

enum class Colormap { Hot, Jet, Viridis };

struct HeatmapStyle {
  bool visible = true;
  Colormap colormap = Colormap::Hot;
  double opacity = 0.6;    // 0..1, applied to every shown value
  double threshold = 0.2;  // in the heatmap's value units; values below are transparent
};

std::string displayName(Colormap colormap);
const std::vector<Colormap>& allColormaps();

// 256 colours spanning [max(threshold, valueMin), valueMax], alpha = opacity; below range transparent.
vtkSmartPointer<vtkLookupTable> makeHeatmapLut(const HeatmapStyle& style, double valueMin, double valueMax);

}  // namespace hccws::render
