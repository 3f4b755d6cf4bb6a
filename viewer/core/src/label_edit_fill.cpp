// Fill or erase the 4-connected region around a seed within one slice, and maskOf.
// The flood fill is a hand-written stack-based fill on one slice: ITK's ConnectedThresholdImageFilter would
// need the slice extracted into a 2D image and a second pass for the HU condition, for a loop this small.
#include <hccws/core/label_edit.h>

#include "label_edit_rules.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::core {

namespace {
void checkSeed(const Geometry& g, const Dims3& seedIjk, const char* op) {
  if (!g.containsIndex(long(seedIjk[0]), long(seedIjk[1]), long(seedIjk[2])))
    throw std::invalid_argument(std::string(op) + ": seed (" + std::to_string(seedIjk[0]) + ", " +
                                std::to_string(seedIjk[1]) + ", " + std::to_string(seedIjk[2]) +
                                ") is outside the grid " + g.describe());
}
// The prologue both region tools share: rules and seed checked; the write filter, or nothing to do (an erase
// clicked on another label).
std::optional<detail::WriteFilter> regionFilter(LabelMap& labels, const Dims3& seedIjk, const EditRules& rules,
                                               bool erase, const char* op) {
  detail::validateRules(labels, rules, op);
  checkSeed(labels.labels.geometry(), seedIjk, op);
  if (erase && labels.labels.at(seedIjk[0], seedIjk[1], seedIjk[2]) != rules.label) return std::nullopt;
  return erase ? detail::eraseFilter(labels, rules) : detail::paintFilter(labels, rules);
}
}  // namespace

EditResult fillRegionInSlice(LabelMap& labels, const Dims3& seedIjk, int sliceAxis, const EditRules& rules,
                             ChangeRecorder* recorder, bool erase) {
  const char* op = erase ? "erase region" : "fill region";
  detail::checkAxis(sliceAxis, op);
  EditResult result;
  const auto filter = regionFilter(labels, seedIjk, rules, erase, op);
  if (!filter) return result;
  const detail::WriteFilter& f = *filter;
  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  const std::uint8_t seedValue = v.at(seedIjk[0], seedIjk[1], seedIjk[2]);

  // In-plane axes u (faster in memory) and w.
  const int ua = sliceAxis == 0 ? 1 : 0, wa = sliceAxis == 2 ? 1 : 2;
  const std::size_t nu = g.dims[ua], nw = g.dims[wa];
  const std::size_t strides[3] = {1, g.dims[0], g.dims[0] * g.dims[1]};
  const std::size_t su = strides[ua], sw = strides[wa];
  const std::size_t base = seedIjk[sliceAxis] * strides[sliceAxis];
  const std::uint8_t* data = v.data();
  auto member = [&](std::size_t u, std::size_t w) {
    const std::size_t idx = base + u * su + w * sw;
    return data[idx] == seedValue && (!f.ct || (f.ct[idx] >= f.huMin && f.ct[idx] <= f.huMax));
  };
  if (!member(seedIjk[ua], seedIjk[wa])) return result;

  std::vector<std::uint8_t> seen(nu * nw, 0);
  std::vector<std::size_t> region, queue{seedIjk[ua] + nu * seedIjk[wa]};
  seen[queue[0]] = 1;
  std::size_t lo[2] = {nu, nw}, hi[2] = {0, 0};
  while (!queue.empty()) {
    const std::size_t p = queue.back();
    queue.pop_back();
    const std::size_t u = p % nu, w = p / nu;
    const std::size_t idx = base + u * su + w * sw;
    if (f.allows(idx, data[idx])) {
      region.push_back(idx);
      lo[0] = std::min(lo[0], u), hi[0] = std::max(hi[0], u + 1);
      lo[1] = std::min(lo[1], w), hi[1] = std::max(hi[1], w + 1);
    }
    auto visit = [&](std::size_t uu, std::size_t ww) {
      const std::size_t q = uu + nu * ww;
      if (seen[q] || !member(uu, ww)) return;
      seen[q] = 1;
      queue.push_back(q);
    };
    if (u > 0) visit(u - 1, w);
    if (u + 1 < nu) visit(u + 1, w);
    if (w > 0) visit(u, w - 1);
    if (w + 1 < nw) visit(u, w + 1);
  }
  if (region.empty()) return result;
  IndexBox box;
  box.lo[sliceAxis] = seedIjk[sliceAxis];
  box.hi[sliceAxis] = seedIjk[sliceAxis] + 1;
  box.lo[ua] = lo[0], box.hi[ua] = hi[0];
  box.lo[wa] = lo[1], box.hi[wa] = hi[1];
  if (recorder) recorder->aboutToChange(box);
  for (std::size_t idx : region) v.data()[idx] = f.to;
  result.box = box;
  result.changedVoxels = region.size();
  return result;
}

EditResult fillRegion3d(LabelMap& labels, const Dims3& seedIjk, const EditRules& rules, ChangeRecorder* recorder, bool erase,
                        std::size_t maxVoxels) {
  const char* op = erase ? "erase region (3D)" : "fill region (3D)";
  EditResult result;
  const auto filter = regionFilter(labels, seedIjk, rules, erase, op);
  if (!filter) return result;
  const detail::WriteFilter& f = *filter;
  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  const std::uint8_t seedValue = v.at(seedIjk[0], seedIjk[1], seedIjk[2]);
  const std::size_t nx = g.dims[0], ny = g.dims[1], nz = g.dims[2], n = g.voxelCount();
  if (maxVoxels == 0) maxVoxels = std::max<std::size_t>(1, n / 4);
  const std::uint8_t* data = v.data();
  auto member = [&](std::size_t idx) {
    return data[idx] == seedValue && (!f.ct || (f.ct[idx] >= f.huMin && f.ct[idx] <= f.huMax));
  };
  const std::size_t seed = g.linearIndex(seedIjk[0], seedIjk[1], seedIjk[2]);
  if (!member(seed)) return result;
  std::vector<bool> seen(n, false);
  std::vector<std::size_t> region, queue{seed};
  seen[seed] = true;
  std::size_t lo[3] = {nx, ny, nz}, hi[3] = {0, 0, 0}, reached = 0;
  const bool full = erase;  // erase: 26-connected (a lesion as measured); fill: 6-connected (no diagonal leaks)
  while (!queue.empty()) {
    const std::size_t p = queue.back();
    queue.pop_back();
    if (++reached > maxVoxels && !erase)
      throw std::invalid_argument(std::string(op) + ": the connected region holds more than " +
                                  std::to_string(maxVoxels) + " voxels (" +
                                  std::to_string(100 * maxVoxels / std::max<std::size_t>(n, 1)) +
                                  " % of the grid): it is not enclosed in 3D; fill it slice by slice instead");
    const std::size_t i = p % nx, j = (p / nx) % ny, k = p / (nx * ny);
    if (f.allows(p, data[p])) {
      region.push_back(p);
      const std::size_t c[3] = {i, j, k};
      for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a] + 1);
    }
    for (int dz = -1; dz <= 1; ++dz)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nonZero = (dx != 0) + (dy != 0) + (dz != 0);
          if (nonZero == 0 || (!full && nonZero > 1)) continue;
          const long x = long(i) + dx, y = long(j) + dy, z = long(k) + dz;
          if (x < 0 || y < 0 || z < 0 || x >= long(nx) || y >= long(ny) || z >= long(nz)) continue;
          const std::size_t q = std::size_t(x) + nx * (std::size_t(y) + ny * std::size_t(z));
          if (seen[q] || !member(q)) continue;
          seen[q] = true;
          queue.push_back(q);
        }
  }
  if (region.empty()) return result;
  IndexBox box;
  for (int a = 0; a < 3; ++a) box.lo[a] = lo[a], box.hi[a] = hi[a];
  if (recorder) recorder->aboutToChange(box);
  for (std::size_t idx : region) v.data()[idx] = f.to;
  result.box = box;
  result.changedVoxels = region.size();
  return result;
}

Volume<std::uint8_t> maskOf(const LabelMap& labels, std::uint8_t value) {
  Volume<std::uint8_t> mask(labels.labels.geometry(), 0);
  const std::uint8_t* src = labels.labels.data();
  std::uint8_t* dst = mask.data();
  for (std::size_t n = 0; n < mask.size(); ++n) dst[n] = src[n] == value ? 1 : 0;
  return mask;
}

}  // namespace hccws::core
