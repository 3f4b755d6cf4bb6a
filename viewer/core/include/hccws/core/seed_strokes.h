#pragma once
// Seed strokes: what the user painted for "Grow from seeds", as polylines in world LPS mm. Kept so a session
// can be saved and replayed (tests replay recorded strokes on real CT), written beside a grown segmentation.
// File format (JSON): {"brush": {"shape": "disc"|"sphere", "radius_mm": r, "slice_axis": 0..2},
//                      "strokes": [{"label": "liver", "value": 1..255, "points_lps": [[x, y, z], ...]}]}
// value 255 (kBackgroundSeed) is the background. A stroke's own "radius_mm" overrides the brush's.
// Limits (checked before allocating): file <= 16 MiB, <= 10,000 strokes, <= 100,000 points in all,
// radius in (0, 100] mm, finite coordinates. Errors name the file and the field (ImagingError).
#include <hccws/core/label_edit.h>

#include <string>
#include <vector>

namespace hccws::core {

struct SeedStroke {
  std::string label;  // a name for the user (not used for painting)
  std::uint8_t value = 0;
  Brush brush;
  std::vector<Vec3> pointsLps;
};

std::vector<SeedStroke> readSeedStrokes(const std::string& path);
void writeSeedStrokes(const std::string& path, const std::vector<SeedStroke>& strokes);

// Paints the strokes into a seed volume (0 = no seed), later strokes over earlier ones.
void paintSeedStrokes(Volume<std::uint8_t>& seeds, const std::vector<SeedStroke>& strokes);

}  // namespace hccws::core
