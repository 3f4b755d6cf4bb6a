#pragma once
// Colouring a resampled 2D label raster into RGBA: fill and/or outline, per-label colour and visibility
// from the LabelTable, one opacity for fills times a per-label factor. Labels missing from the table are
// drawn grey.
// Pure function on caller-owned buffers; any thread.
#include <hccws/core/label_map.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace hccws::render {

// Per-label opacity factors (0..1) as (label value, factor); labels not listed use 1.
using LabelOpacities = std::vector<std::pair<std::uint8_t, double>>;
double opacityFactor(const LabelOpacities& factors, std::uint8_t value);

struct LabelStyle {
  bool visible = true;
  bool fill = true;
  bool outline = true;
  double fillOpacity = 0.45;    // 0..1
  double outlineOpacity = 1.0;  // 0..1
  std::vector<std::uint8_t> hiddenLabels;  // hidden in this view whatever the table says
  LabelOpacities labelOpacity;  // factors on the fill and outline opacities
};

// labels: nx*ny values, x fastest. rgba: nx*ny*4 bytes, written completely (0 alpha where nothing shows).
// An outline pixel is a labelled pixel with a 4-neighbour of another value (the raster edge counts).
void colouriseLabels(const std::uint8_t* labels, int nx, int ny, const core::LabelTable& table,
                     const LabelStyle& style, std::uint8_t* rgba);

}  // namespace hccws::render
