#include "gui_support.h"

#include <cstdlib>

namespace hccws::test {

core::CtVolume makeTestCt() {
  core::Geometry g;
  g.dims = {40, 36, 20};
  g.spacingMm = {1.0, 1.2, 2.5};
  g.originLps = {-20, 10, -30};
  core::CtVolume ct(g, std::int16_t{-1000});
  for (std::size_t k = 2; k < 18; ++k)
    for (std::size_t j = 4; j < 32; ++j)
      for (std::size_t i = 4; i < 36; ++i) ct.at(i, j, k) = (i >= 20 && i < 30) ? 100 : 40;
  return ct;
}

core::LabelMap makeTestLabels(const core::Geometry& g) {
  core::LabelMap lm;
  lm.labels = core::Volume<std::uint8_t>(g, 0);
  auto block = [&](const std::array<std::size_t, 3>& c, std::uint8_t v) {
    for (std::size_t k = c[2] - 1; k <= c[2] + 1; ++k)
      for (std::size_t j = c[1] - 1; j <= c[1] + 1; ++j)
        for (std::size_t i = c[0] - 1; i <= c[0] + 1; ++i) lm.labels.at(i, j, k) = v;
  };
  block(kTumourIjk, 2);
  block(kLiverIjk, 1);
  return lm;
}

bool near(const Rgb& a, const Rgb& b, int tol) {
  return std::abs(a[0] - b[0]) <= tol && std::abs(a[1] - b[1]) <= tol && std::abs(a[2] - b[2]) <= tol;
}

Blob findBlob(int w, int h, const std::function<Rgb(int, int)>& pixel, const std::function<bool(const Rgb&)>& match) {
  Blob b;
  double sx = 0, sy = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (match(pixel(x, y))) sx += x, sy += y, ++b.count;
  if (b.count) b.x = sx / b.count, b.y = sy / b.count;
  return b;
}

core::Study studyOf(const core::Phantom& phantom) {
  core::Study s;
  for (const auto& p : phantom.phases) {
    core::Phase phase;
    phase.decision = {p.kind, 0.9, "", false, {}};
    phase.volume = p.volume;
    s.phases.push_back(std::move(phase));
  }
  return s;
}

core::Phantom smallPhantom(const core::Dims3& dims, const core::Vec3& spacingMm, std::vector<core::PhaseKind> phases) {
  core::PhantomOptions o;
  o.dims = dims;
  o.spacingMm = spacingMm;
  o.phases = std::move(phases);
  return core::generatePhantom(o);
}

}  // namespace hccws::test
