#pragma once
// Core-internal: the measurement JSON object (see measurementsJson in hccws/core/measurements.h), for writers
// inside viewer/core that extend it (truth.json adds the phantom's nominal sizes).
#include <hccws/core/measurements.h>

#include <nlohmann/json.hpp>

namespace hccws::core {
nlohmann::json measurementsToJson(const Measurements& m);
}
