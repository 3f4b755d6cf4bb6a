#pragma once
// How a phase's stored int16 voxels relate to its real intensities. CT is stored as HU (the identity map, unit
// "HU"). MRI has no physical unit and comes as unsigned 16-bit integers (up to 65535) or floats: its values are
// kept exactly when they are integers in int16's range, and otherwise mapped linearly onto int16 (the map is
// recorded, so the real value of every voxel is known: value = stored * slope + intercept). Nothing that reads a
// phase may assume HU unless unit == "HU".
#include <hccws/core/volume.h>

#include <cstdint>
#include <string>

namespace hccws::core {

struct IntensityMap {
  double slope = 1.0, intercept = 0.0;
  std::string unit = "HU";  // "HU" for CT; "" (arbitrary units) for MRI

  bool isHu() const { return unit == "HU"; }
  bool identity() const { return slope == 1.0 && intercept == 0.0; }
  double value(double stored) const { return stored * slope + intercept; }
  double stored(double value) const { return (value - intercept) / slope; }
};

// Real values into int16 storage: the identity when every finite value is an integer within int16, else the
// range [min, max] mapped linearly onto [-32000, 32000] (non-finite values become the minimum). `map` gets the
// slope and intercept; its unit is left as it is.
CtVolume quantiseToInt16(const FloatVolume& values, IntensityMap* map);
// The real values of stored voxels.
FloatVolume realValues(const CtVolume& stored, const IntensityMap& map);

}  // namespace hccws::core
