// Islands of one label: keep the largest or remove those below a volume. Components come from ITK's
// ConnectedComponentImageFilter (26-connected, as the tumour count in measurements.h), run on the label's
// bounding box only.
#include <hccws/core/label_edit.h>

#include "label_edit_itk.h"
#include "label_edit_rules.h"

#include <itkConnectedComponentImageFilter.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::core {

EditResult islands(LabelMap& labels, IslandMode mode, double minMl, const EditRules& rules, ChangeRecorder* recorder,
                   const ProgressSink& progress) {
  detail::validateRules(labels, rules, "islands");
  if (mode == IslandMode::RemoveSmall && !(minMl >= 0 && std::isfinite(minMl)))
    throw std::invalid_argument("islands: minimum volume " + std::to_string(minMl) + " mL must be >= 0");
  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  const IndexBox box = detail::valueBox(v, rules.label, IndexBox::whole(g.dims));
  if (box.empty()) return {};

  using Components = itk::Image<std::uint32_t, 3>;
  auto cc = itk::ConnectedComponentImageFilter<detail::Mask3, Components>::New();
  cc->SetInput(detail::cropMask(v, rules.label, box));
  cc->SetFullyConnected(true);
  cc->SetBackgroundValue(0);
  detail::updateWithProgress(cc, ProgressScope(progress, 0.0, 0.9), "islands: connected components");
  const Components* comp = cc->GetOutput();
  const std::uint32_t* c = comp->GetBufferPointer();
  const std::size_t n = box.voxelCount();

  std::vector<std::size_t> sizes(static_cast<std::size_t>(cc->GetObjectCount()) + 1, 0);
  for (std::size_t p = 0; p < n; ++p) ++sizes[c[p]];
  // remove[id]: whether component id goes. Ties for the largest keep the lowest id (first in memory order).
  std::vector<char> remove(sizes.size(), 0);
  if (mode == IslandMode::KeepLargest) {
    std::size_t best = 1;
    for (std::size_t id = 2; id < sizes.size(); ++id)
      if (sizes[id] > sizes[best]) best = id;
    for (std::size_t id = 1; id < sizes.size(); ++id) remove[id] = id != best;
  } else {
    const double mlPerVoxel = g.voxelVolumeMm3() / 1000.0;
    for (std::size_t id = 1; id < sizes.size(); ++id) remove[id] = double(sizes[id]) * mlPerVoxel < minMl;
  }

  const detail::WriteFilter f = detail::eraseFilter(labels, rules);
  const Dims3 bd{box.hi[0] - box.lo[0], box.hi[1] - box.lo[1], box.hi[2] - box.lo[2]};
  EditResult r = detail::applyInBox(labels, box, recorder,
                                    [&](std::size_t idx, std::size_t i, std::size_t j, std::size_t k, std::uint8_t cur) {
                                      const std::size_t p = (i - box.lo[0]) + bd[0] * ((j - box.lo[1]) + bd[1] * (k - box.lo[2]));
                                      return remove[c[p]] && f.allows(idx, cur) ? f.to : cur;
                                    });
  if (progress) progress(1.0, "islands");  // done: the answer cannot cancel any more
  return r;
}

}  // namespace hccws::core
