#pragma once
// Private to viewer/core: a LabelTable as NRRD key/value fields and back. The keys are 3D Slicer's
// segmentation NRRD keys (SegmentN_ID, _Name, _Color as "r g b" in 0..1, _LabelValue, _Layer, _Extent), so
// Slicer opens our label maps as named, coloured segments, plus hccws_SegmentN_Flags ("visible=1 locked=0")
// for what Slicer has no key for. Pure functions.
#include <hccws/core/geometry.h>
#include <hccws/core/label_map.h>

#include <map>
#include <optional>
#include <string>

namespace hccws::core::io {

std::map<std::string, std::string> labelTableToKeys(const LabelTable& table, const Dims3& dims);
// Entries found in the keys; nullopt when there are none (the caller then picks a default table).
std::optional<LabelTable> labelTableFromKeys(const std::map<std::string, std::string>& keys);

}  // namespace hccws::core::io
