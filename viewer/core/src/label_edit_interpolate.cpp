// Fill between slices by morphological contour interpolation: along the slice axis, every gap between two
// slices holding the label is filled by blending the two slices' 2D signed distance maps linearly
// (d_t = (1 - t) d0 + t d1, inside where d_t <= 0; d = distance to the shape outside it, minus the distance to
// the background inside it). Concentric discs of radii r0 and r1 give discs whose
// radius goes linearly from r0 to r1. The result always lies inside the union of the two shapes' in-plane
// footprints (d_t <= 0 needs d0 <= 0 or d1 <= 0), so each gap is computed on the in-plane bounding box of
// both slices only.
// Hand-written blending because Debian's ITK 5.2 lacks itk::MorphologicalContourInterpolator; the distance
// maps themselves are ITK's SignedMaurerDistanceMapImageFilter (2D, with in-plane spacing, so in mm).
#include <hccws/core/label_edit.h>

#include "label_edit_itk.h"
#include "label_edit_rules.h"

#include <itkSignedMaurerDistanceMapImageFilter.h>

#include <vector>

namespace hccws::core {

namespace {

using Mask2 = itk::Image<std::uint8_t, 2>;
using Distance2 = itk::Image<float, 2>;

struct SliceBox {
  std::size_t lo[2], hi[2];  // in-plane (u, w) bounds, hi exclusive
  bool present = false;
};

}  // namespace

EditResult fillBetweenSlices(LabelMap& labels, int sliceAxis, const EditRules& rules, ChangeRecorder* recorder,
                             const ProgressSink& progress) {
  detail::validateRules(labels, rules, "fill between slices");
  detail::checkAxis(sliceAxis, "fill between slices");
  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  const int ua = sliceAxis == 0 ? 1 : 0, wa = sliceAxis == 2 ? 1 : 2;
  const IndexBox box = detail::valueBox(v, rules.label, IndexBox::whole(g.dims));
  if (box.empty()) return {};

  // In-plane bounding box of the label in every slice along the axis.
  std::vector<SliceBox> slices(g.dims[sliceAxis]);
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      const std::uint8_t* row = v.data() + g.linearIndex(0, j, k);
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) {
        if (row[i] != rules.label) continue;
        const std::size_t c[3] = {i, j, k};
        SliceBox& s = slices[c[sliceAxis]];
        if (!s.present) {
          s.present = true;
          s.lo[0] = s.hi[0] = c[ua];
          s.lo[1] = s.hi[1] = c[wa];
        }
        s.lo[0] = std::min(s.lo[0], c[ua]), s.hi[0] = std::max(s.hi[0], c[ua] + 1);
        s.lo[1] = std::min(s.lo[1], c[wa]), s.hi[1] = std::max(s.hi[1], c[wa] + 1);
      }
    }
  std::vector<std::size_t> present;
  for (std::size_t s = 0; s < slices.size(); ++s)
    if (slices[s].present) present.push_back(s);
  std::size_t gaps = 0;
  for (std::size_t n = 1; n < present.size(); ++n) gaps += present[n] - present[n - 1] > 1;

  const detail::WriteFilter f = detail::paintFilter(labels, rules);
  // Distances of all gaps first (the part that can be cancelled), writes after: a cancelled run writes nothing.
  struct Gap {
    IndexBox box;  // slices strictly between s0 and s1, in-plane crop
    std::size_t s0, s1;
    std::vector<float> d0, d1;
  };
  std::vector<Gap> todo;
  const ProgressScope scope(progress, 0.0, 0.95);
  for (std::size_t n = 1; n < present.size(); ++n) {
    const std::size_t s0 = present[n - 1], s1 = present[n];
    if (s1 - s0 < 2) continue;
    Gap gap{{}, s0, s1, {}, {}};
    for (int p = 0; p < 2; ++p) {
      const int a = p == 0 ? ua : wa;
      const std::size_t lo = std::min(slices[s0].lo[p], slices[s1].lo[p]);
      const std::size_t hi = std::max(slices[s0].hi[p], slices[s1].hi[p]);
      gap.box.lo[a] = lo > 0 ? lo - 1 : 0;
      gap.box.hi[a] = std::min(g.dims[a], hi + 1);
    }
    gap.box.lo[sliceAxis] = s0 + 1;
    gap.box.hi[sliceAxis] = s1;
    const std::size_t nu = gap.box.hi[ua] - gap.box.lo[ua], nw = gap.box.hi[wa] - gap.box.lo[wa];
    for (int end = 0; end < 2; ++end) {
      auto mask = Mask2::New();
      Mask2::RegionType region;
      region.SetSize(0, nu);
      region.SetSize(1, nw);
      mask->SetRegions(region);
      Mask2::SpacingType sp;
      sp[0] = g.spacingMm[ua];
      sp[1] = g.spacingMm[wa];
      mask->SetSpacing(sp);
      mask->Allocate();
      std::size_t c[3];
      c[sliceAxis] = end == 0 ? s0 : s1;
      std::uint8_t* m = mask->GetBufferPointer();
      for (std::size_t w = 0; w < nw; ++w)
        for (std::size_t u = 0; u < nu; ++u) {
          c[ua] = gap.box.lo[ua] + u;
          c[wa] = gap.box.lo[wa] + w;
          *m++ = v.at(c[0], c[1], c[2]) == rules.label ? 1 : 0;
        }
      // phi = distance to the shape outside it, minus the distance to the background inside it: the zero
      // level lies halfway between the boundary voxels and their outside neighbours (a signed map whose zero
      // sits on the boundary voxels themselves would shrink every interpolated contour by half a voxel).
      const double done = double(todo.size() * 2 + end) / double(2 * gaps);
      std::vector<float>& phi = end == 0 ? gap.d0 : gap.d1;
      phi.assign(nu * nw, 0.0f);
      for (int side = 0; side < 2; ++side) {
        Mask2::Pointer input = mask;
        if (side == 1) {
          input = Mask2::New();
          input->SetRegions(region);
          input->SetSpacing(sp);
          input->Allocate();
          const std::uint8_t* src = mask->GetBufferPointer();
          std::uint8_t* dst = input->GetBufferPointer();
          for (std::size_t p = 0; p < nu * nw; ++p) dst[p] = src[p] ? 0 : 1;
        }
        auto dist = itk::SignedMaurerDistanceMapImageFilter<Mask2, Distance2>::New();
        dist->SetInput(input);
        dist->SetUseImageSpacing(true);
        dist->SetSquaredDistance(false);
        dist->SetInsideIsPositive(false);
        dist->SetBackgroundValue(0);
        const double from = done + 0.25 * side / double(gaps);
        detail::updateWithProgress(dist, ProgressScope(scope.sink(), from, from + 0.25 / double(gaps)),
                                   "fill between slices: distance maps");
        const float* d = dist->GetOutput()->GetBufferPointer();
        const std::uint8_t* in = mask->GetBufferPointer();
        // side 0: positive outside the shape = distance to it; side 1: positive inside = distance to background.
        for (std::size_t p = 0; p < nu * nw; ++p)
          if (bool(in[p]) == (side == 1)) phi[p] = side == 0 ? d[p] : -d[p];
      }
    }
    todo.push_back(std::move(gap));
  }

  EditResult result;
  for (const Gap& gap : todo) {
    const std::size_t nu = gap.box.hi[ua] - gap.box.lo[ua];
    const double span = double(gap.s1 - gap.s0);
    const EditResult r = detail::applyInBox(
        labels, gap.box, recorder, [&](std::size_t idx, std::size_t i, std::size_t j, std::size_t k, std::uint8_t cur) {
          const std::size_t c[3] = {i, j, k};
          const std::size_t p = (c[ua] - gap.box.lo[ua]) + nu * (c[wa] - gap.box.lo[wa]);
          const double t = double(c[sliceAxis] - gap.s0) / span;
          const double d = (1 - t) * gap.d0[p] + t * gap.d1[p];
          return d <= 0 && f.allows(idx, cur) ? f.to : cur;
        });
    result.box = result.box.united(r.box);
    result.changedVoxels += r.changedVoxels;
  }
  if (progress) progress(1.0, "fill between slices");
  return result;
}

}  // namespace hccws::core
