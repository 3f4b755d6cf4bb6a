#pragma once
// The nomogram inputs a segmentation measures (one mapping for the window and the batch): lesion_number = the
// tumour components touching the liver, diameter = the largest axial diameter in cm (the published hazard ratio
// is per cm, docs/nomogram-models.md), pvtt = a portal vein tumour thrombus segment present. nullopt: this
// segmentation has no segment for it (not measurable: an earlier measurement goes back to missing).
#include <hccws/core/measurements.h>

#include <map>
#include <optional>
#include <string>

namespace hccws::cases {

std::map<std::string, std::optional<double>> nomogramMeasures(const core::Measurements& m);

}  // namespace hccws::cases
