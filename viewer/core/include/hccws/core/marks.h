#pragma once
// Measurement marks drawn on the images: rulers (a distance) and angles, in world LPS mm (Qt-free). They are
// the user's, kept beside the segmentation they were drawn with (<segmentation file>.marks.json) and saved
// atomically with it. File format (JSON): {"format": "hccws-marks", "version": 1, "frame": "LPS mm",
//   "rulers": [{"a": [x, y, z], "b": [x, y, z], "length_mm": L}], "angles": [{"a": .., "vertex": .., "b": ..,
//   "degrees": D}]} - the lengths and angles are written for the reader and recomputed on reading.
// Limits (before allocating): file <= 4 MiB, <= 10,000 marks, finite coordinates. Errors name the file.
#include <hccws/core/geometry.h>

#include <string>
#include <vector>

namespace hccws::core {

struct RulerMark {
  Vec3 a{0, 0, 0}, b{0, 0, 0};
  double lengthMm() const;
};

struct AngleMark {
  Vec3 a{0, 0, 0}, vertex{0, 0, 0}, b{0, 0, 0};
  double degrees() const;  // 0..180; 0 when an arm has no length
};

struct MeasurementMarks {
  std::vector<RulerMark> rulers;
  std::vector<AngleMark> angles;
  bool empty() const { return rulers.empty() && angles.empty(); }
};

std::string marksSidecarPath(const std::string& segmentationPath);
MeasurementMarks readMarks(const std::string& path);
void writeMarks(const std::string& path, const MeasurementMarks& marks);

}  // namespace hccws::core
