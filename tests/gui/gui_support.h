#pragma once
// Small synthetic data and pixel helpers for the rendering and GUI tests (no Qt here).
#include <hccws/core/label_map.h>
#include <hccws/core/phantom.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace hccws::test {

// 40 x 36 x 20 voxels, spacing 1.0 x 1.2 x 2.5 mm, origin (-20, 10, -30), identity direction.
// HU: -1000 (air) outside a box [4, 36) x [4, 32) x [2, 18) of 40 HU, with a slab i in [20, 30) of 100 HU.
core::CtVolume makeTestCt();
// Label map on the CT's grid: a 3x3x3 tumour (2) block centred on kTumourIjk and a 3x3x3 liver (1) block
// centred on kLiverIjk = kTumourIjk + (8, 6, 4) (left, posterior, superior of the tumour).
core::LabelMap makeTestLabels(const core::Geometry& g);
constexpr std::array<std::size_t, 3> kTumourIjk{12, 12, 8};
constexpr std::array<std::size_t, 3> kLiverIjk{20, 18, 12};

// A study of the phantom's phases as generated (each marked with its true phase, confidence 0.9, no reason),
// and the phantom of a small grid for window tests. SYNTHETIC - NOT PATIENT DATA.
core::Study studyOf(const core::Phantom& phantom);
core::Phantom smallPhantom(const core::Dims3& dims, const core::Vec3& spacingMm, std::vector<core::PhaseKind> phases);

using Rgb = std::array<int, 3>;
bool near(const Rgb& a, const Rgb& b, int tol);
// Centroid (x, y in the image's pixel grid) of pixels for which `match` is true; count = 0 if none.
struct Blob {
  double x = 0, y = 0;
  int count = 0;
};
Blob findBlob(int width, int height, const std::function<Rgb(int, int)>& pixel,
              const std::function<bool(const Rgb&)>& match);

}  // namespace hccws::test
