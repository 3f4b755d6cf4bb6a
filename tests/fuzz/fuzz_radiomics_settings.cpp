// Target radiomics_settings: a radiomics settings file (viewer/radiomics settings.cpp: Settings::fromJson), and the
// features of a small textured ROI computed with whatever settings loaded: tiny bins, huge interpolation
// requests, odd aggregations and ranges must be refused with a message, never crash or exhaust memory.
#include "fuzz_target.h"

#include <hccws/core/errors.h>
#include <hccws/radiomics/features.h>

#include <cmath>

HCCWS_FUZZ_TARGET(radiomics_settings) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  radiomics::Settings s;
  try {
    s = radiomics::Settings::fromJson(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  (void)radiomics::Settings::fromJson(s.toJson());
  core::Geometry g;
  g.dims = {12, 10, 6};
  g.spacingMm = {1.5, 1.5, 3.0};
  core::FloatVolume image(g, 0.0f);
  core::Volume<std::uint8_t> mask(g, 0);
  for (std::size_t k = 0; k < 6; ++k)
    for (std::size_t j = 0; j < 10; ++j)
      for (std::size_t i = 0; i < 12; ++i) {
        image.at(i, j, k) = static_cast<float>(40 + 30 * std::sin(i * 0.9) + 20 * std::cos(j * 1.3) + 5 * k);
        mask.at(i, j, k) = (i > 2 && i < 10 && j > 1 && j < 9 && k > 0 && k < 5) ? 1 : 0;
      }
  // Interpolation to very small voxels is a legitimate request whose work grows with the cube of 1/size (0.1 mm
  // makes this ROI millions of voxels, seconds under ASan): the harness computes only where a run stays short.
  if (s.isotropicMm && *s.isotropicMm < 0.5) return 0;
  try {
    (void)radiomics::computeFeatures(image, mask, s, {}, 1);
  } catch (const std::invalid_argument&) {
  } catch (const core::ImagingError&) {  // the memory budget
  }
  return 0;
}
