#include <hccws/inference/pmn_roi.h>

#include <hccws/inference/limits.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::infer {

namespace {

// Trilinear sample of a float volume at continuous index p; outside (beyond half a voxel from the edge
// voxels' centres, where the cube leaves the volume) returns `outside` and sets *out.
template <typename T>
double sample(const T* v, const std::array<std::int64_t, 3>& n, const std::array<double, 3>& p, double outside,
              bool* out) {
  for (int a = 0; a < 3; ++a)
    if (p[a] < -0.5 || p[a] > static_cast<double>(n[a]) - 0.5) {
      *out = true;
      return outside;
    }
  *out = false;
  std::array<std::int64_t, 3> i0{};
  std::array<double, 3> w{};
  for (int a = 0; a < 3; ++a) {
    const double c = std::clamp(p[a], 0.0, static_cast<double>(n[a] - 1));
    i0[a] = std::min<std::int64_t>(static_cast<std::int64_t>(std::floor(c)), std::max<std::int64_t>(n[a] - 2, 0));
    w[a] = n[a] > 1 ? c - static_cast<double>(i0[a]) : 0.0;
  }
  double acc = 0;
  for (int dz = 0; dz < 2; ++dz)
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const double wt = (dx ? w[0] : 1 - w[0]) * (dy ? w[1] : 1 - w[1]) * (dz ? w[2] : 1 - w[2]);
        if (wt == 0) continue;
        const std::int64_t x = std::min(i0[0] + dx, n[0] - 1), y = std::min(i0[1] + dy, n[1] - 1),
                           z = std::min(i0[2] + dz, n[2] - 1);
        acc += wt * static_cast<double>(v[x + n[0] * (y + n[1] * z)]);
      }
  return acc;
}

}  // namespace

PmnRoi cutPmnRoi(const std::vector<InputImage>& phases, const std::vector<std::uint8_t>& mask,
                 const std::array<std::int64_t, 3>& dims, const std::array<double, 3>& spacing, const PmnInputSpec& spec,
                 const std::string& source) {
  if (spec.roiVoxels < 3 || spec.roiVoxels > 256)
    throw InferenceError(source, "ROI size " + std::to_string(spec.roiVoxels) + " voxels; allowed: 3..256");
  if (!(spec.spacingMm > 0.05 && spec.spacingMm < 50))
    throw InferenceError(source, "ROI spacing " + std::to_string(spec.spacingMm) + " mm; allowed: 0.05..50");
  if (!(spec.windowHu[1] > spec.windowHu[0]))
    throw InferenceError(source, "the HU window's upper bound must exceed its lower bound");
  std::uint64_t n = 1;
  for (int a = 0; a < 3; ++a) {
    if (dims[a] <= 0) throw InferenceError(source, "the label map is empty (dimension " + std::to_string(a) + " is 0)");
    if (!(spacing[a] > 0) || !std::isfinite(spacing[a]))
      throw InferenceError(source, "the label map's spacing along axis " + std::to_string(a) + " is not positive");
    n *= static_cast<std::uint64_t>(dims[a]);
  }
  if (mask.size() != n)
    throw InferenceError(source, "the lesion mask holds " + std::to_string(mask.size()) + " voxels, its grid " +
                                     std::to_string(n));
  // the phases, in the spec's order, on the mask's grid
  std::vector<const InputImage*> chosen;
  for (const auto& want : spec.phases) {
    const InputImage* found = nullptr;
    for (const auto& p : phases)
      if (p.phase == want) found = &p;
    if (!found) {
      std::string have;
      for (const auto& p : phases) have += (have.empty() ? "" : ", ") + (p.phase.empty() ? "(unnamed)" : p.phase);
      throw InferenceError(source, "the PMN model needs the " + want + " phase; the case has " +
                                       (have.empty() ? "none" : have));
    }
    if (found->dims != dims)
      throw InferenceError(source, "the " + want + " phase is on another grid than the segmentation (" +
                                       std::to_string(found->dims[0]) + "x" + std::to_string(found->dims[1]) + "x" +
                                       std::to_string(found->dims[2]) + " vs " + std::to_string(dims[0]) + "x" +
                                       std::to_string(dims[1]) + "x" + std::to_string(dims[2]) +
                                       "): register the phases first");
    for (int a = 0; a < 3; ++a)
      if (std::abs(found->spacingMm[a] - spacing[a]) > 1e-3 * spacing[a])
        throw InferenceError(source, "the " + want + " phase's voxel spacing differs from the segmentation's: "
                                                      "register the phases first");
    if (found->voxels.size() != n) throw InferenceError(source, "the " + want + " phase's voxel count does not match its size");
    chosen.push_back(found);
  }

  PmnRoi roi;
  auto& pl = roi.placement;
  pl.roiVoxels = spec.roiVoxels;
  pl.spacingMm = spec.spacingMm;
  std::array<std::int64_t, 3> lo{dims[0], dims[1], dims[2]}, hi{-1, -1, -1};
  for (std::int64_t k = 0; k < dims[2]; ++k)
    for (std::int64_t j = 0; j < dims[1]; ++j)
      for (std::int64_t i = 0; i < dims[0]; ++i)
        if (mask[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))]) {
          const std::array<std::int64_t, 3> p{i, j, k};
          for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
          }
          ++pl.lesionVoxels;
        }
  if (pl.lesionVoxels == 0) throw InferenceError(source, "the chosen lesion has no voxels: segment the tumour first");
  pl.lesionBoxMin = lo;
  pl.lesionBoxMax = hi;
  const double half = (spec.roiVoxels - 1) / 2.0;
  for (int a = 0; a < 3; ++a) {
    pl.centreIndex[a] = (static_cast<double>(lo[a]) + static_cast<double>(hi[a])) / 2;
    pl.stepIndex[a] = spec.spacingMm / spacing[a];
    pl.firstVoxelIndex[a] = pl.centreIndex[a] - half * pl.stepIndex[a];
  }
  // lesion voxels inside the cube
  std::int64_t inside = 0;
  for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
    for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
      for (std::int64_t i = lo[0]; i <= hi[0]; ++i) {
        if (!mask[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))]) continue;
        const std::array<std::int64_t, 3> p{i, j, k};
        bool in = true;
        for (int a = 0; a < 3; ++a) {
          const double r = (static_cast<double>(p[a]) - pl.firstVoxelIndex[a]) / pl.stepIndex[a];
          in = in && r >= -0.5 && r <= spec.roiVoxels - 0.5;
        }
        inside += in ? 1 : 0;
      }
  pl.lesionFractionInside = static_cast<double>(inside) / static_cast<double>(pl.lesionVoxels);

  const int c = static_cast<int>(chosen.size()) + (spec.maskChannel ? 1 : 0);
  const auto m = static_cast<std::int64_t>(spec.roiVoxels);
  const std::uint64_t per = static_cast<std::uint64_t>(m * m * m);
  checkTensorBytes(source, "the PMN ROI", per * static_cast<std::uint64_t>(c), 4);
  roi.input.dims = {m, m, m};
  roi.input.channels = c;
  roi.input.values.assign(per * static_cast<std::uint64_t>(c), 0.0f);
  const double wlo = spec.windowHu[0], whi = spec.windowHu[1];
  std::vector<std::uint8_t> binary;  // the mask as 0/1, sampled trilinearly into the mask channel
  if (spec.maskChannel) {
    binary.resize(mask.size());
    std::transform(mask.begin(), mask.end(), binary.begin(), [](std::uint8_t v) { return v ? 1 : 0; });
  }
  for (std::int64_t cc = 0; cc < m; ++cc)
    for (std::int64_t b = 0; b < m; ++b)
      for (std::int64_t a = 0; a < m; ++a) {
        const std::array<double, 3> p{pl.firstVoxelIndex[0] + static_cast<double>(a) * pl.stepIndex[0],
                                      pl.firstVoxelIndex[1] + static_cast<double>(b) * pl.stepIndex[1],
                                      pl.firstVoxelIndex[2] + static_cast<double>(cc) * pl.stepIndex[2]};
        const std::size_t o = static_cast<std::size_t>(a + m * (b + m * cc));
        bool outside = false;
        for (std::size_t ch = 0; ch < chosen.size(); ++ch) {
          const double hu = sample(chosen[ch]->voxels.data(), dims, p, wlo, &outside);
          if (!std::isfinite(hu))
            throw InferenceError(source, "the " + spec.phases[ch] + " phase holds NaN or infinite values inside the "
                                                                      "PMN ROI around the lesion");
          const double clipped = std::clamp(hu, wlo, whi);
          roi.input.values[ch * per + o] = static_cast<float>((clipped - wlo) / (whi - wlo) * 2 - 1);
        }
        if (spec.maskChannel) {
          bool o2 = false;
          roi.input.values[chosen.size() * per + o] = static_cast<float>(sample(binary.data(), dims, p, 0.0, &o2));
          outside = outside || o2;
        }
        if (outside) ++pl.paddedVoxels;
      }
  return roi;
}

}  // namespace hccws::infer
