#include <hccws/render/probe.h>

#include <cmath>

namespace hccws::render {

bool nearestIndex(const core::Geometry& g, const core::Vec3& w, std::array<long, 3>& ijk) {
  if (g.voxelCount() == 0) return false;
  const core::Vec3 c = g.worldToIndex(w);
  for (int a = 0; a < 3; ++a) ijk[a] = std::lround(c[a]);
  return g.containsIndex(ijk[0], ijk[1], ijk[2]);
}

ProbeSample probeAt(const core::Vec3& w, const core::CtVolume* ct, const core::LabelMap* labels,
                    const core::Heatmap* heatmap) {
  ProbeSample s;
  s.worldLps = w;
  std::array<long, 3> ijk{};
  if (ct && nearestIndex(ct->geometry(), w, ijk)) {
    s.insideImage = true;
    s.ijk = ijk;
    s.hu = ct->at(ijk[0], ijk[1], ijk[2]);
  }
  if (labels && nearestIndex(labels->labels.geometry(), w, ijk)) {
    s.hasLabel = true;
    s.label = labels->labels.at(ijk[0], ijk[1], ijk[2]);
    if (const auto* info = labels->table.find(s.label); info && s.label != 0) s.labelName = info->name;
  }
  if (heatmap && nearestIndex(heatmap->values.geometry(), w, ijk)) {
    s.hasHeat = true;
    s.heat = heatmap->values.at(ijk[0], ijk[1], ijk[2]);
  }
  return s;
}

}  // namespace hccws::render
