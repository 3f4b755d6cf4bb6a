// Grow from seeds: competing minimum-cost paths from labelled seeds (see grow_from_seeds.h).
//
// Why hand-written: ITK has fast marching and watersheds but no multi-label shortest-path competition with
// incremental updates; Slicer's implementation lives in a Slicer extension module, not in a library Debian
// ships. The search is Dial's bucket queue on integer costs with the lexicographic key (cost, seed value), so
// the result is unique (ties go to the smaller seed value) and an incremental update equals a whole run.
#include <hccws/core/grow_from_seeds.h>

#include "itk_bridge.h"
#include "label_edit_rules.h"

#include <itkSmoothingRecursiveGaussianImageFilter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace hccws::core {

namespace {

constexpr int kScale = 4;  // costs in 1/4 HU
constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();

struct SeedEntry {
  std::size_t index;  // grid linear index
  std::uint8_t value;
  bool operator==(const SeedEntry& o) const { return index == o.index && value == o.value; }
};

}  // namespace

struct SeedGrower::Impl {
  const CtVolume& ct;
  GrowOptions opt;
  std::vector<std::int16_t> smoothQ;  // whole grid, smoothed CT * kScale (clamped to int16)

  // Padded ROI: one voxel of border on every side (cost 0, winner 0: never updated), so neighbours need no
  // bounds checks.
  IndexBox roi;
  Dims3 pd{0, 0, 0};  // padded dims
  std::vector<std::uint32_t> cost;
  std::vector<std::uint8_t> win;
  std::vector<std::int16_t> q;  // smoothed intensity on the padded ROI
  std::array<std::int64_t, 6> offs{};
  std::array<std::uint32_t, 6> stepCost{};
  std::vector<SeedEntry> seeds;  // the seeds of the current result, by grid index
  std::vector<std::uint8_t> seedLabels;
  std::vector<std::vector<std::uint32_t>> buckets;

  Impl(const CtVolume& c, GrowOptions o) : ct(c), opt(o) {
    if (!(opt.smoothingSigmaMm >= 0) || !(opt.marginMm >= 0) || !(opt.distanceCostPerMm >= 0) || opt.maxStepHu < 1 ||
        opt.maxStepHu > 4000)
      throw std::invalid_argument("grow from seeds: options out of range (sigma, margin, distance cost >= 0; "
                                  "max step 1..4000 HU)");
  }

  void smoothOnce(const ProgressScope& scope) {
    if (!smoothQ.empty()) return;
    smoothQ.resize(ct.size());
    if (opt.smoothingSigmaMm <= 0) {
      for (std::size_t n = 0; n < ct.size(); ++n) smoothQ[n] = quantise(ct.data()[n]);
      return;
    }
    using Filter = itk::SmoothingRecursiveGaussianImageFilter<itkbridge::Image<std::int16_t>, itkbridge::Image<float>>;
    auto filter = Filter::New();
    filter->SetInput(itkbridge::toItkView(ct));
    filter->SetSigma(opt.smoothingSigmaMm);
    scope.report(0, "smoothing the CT");
    filter->Update();
    const float* s = filter->GetOutput()->GetBufferPointer();
    for (std::size_t n = 0; n < ct.size(); ++n) smoothQ[n] = quantise(s[n]);
    scope.report(1, "smoothing the CT");
  }

  static std::int16_t quantise(double hu) {
    const double v = std::round(hu * kScale);
    return static_cast<std::int16_t>(std::clamp(v, -32768.0, 32767.0));
  }

  std::size_t pIndex(std::size_t i, std::size_t j, std::size_t k) const {  // grid index -> padded ROI index
    return (i - roi.lo[0] + 1) + pd[0] * ((j - roi.lo[1] + 1) + pd[1] * (k - roi.lo[2] + 1));
  }

  void setupRoi(const IndexBox& box) {
    roi = box;
    for (int a = 0; a < 3; ++a) pd[a] = box.hi[a] - box.lo[a] + 2;
    const std::size_t n = pd[0] * pd[1] * pd[2];
    if (n >= kUnreached) throw std::invalid_argument("grow from seeds: the region of interest is too large");
    cost.assign(n, 0);
    win.assign(n, 0);
    q.assign(n, 0);
    const Geometry& g = ct.geometry();
    for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
      for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
        std::size_t p = pIndex(box.lo[0], j, k);
        std::size_t s = g.linearIndex(box.lo[0], j, k);
        for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i, ++p, ++s) {
          cost[p] = kUnreached;
          q[p] = smoothQ[s];
        }
      }
    const auto sx = static_cast<std::int64_t>(pd[0]), sxy = static_cast<std::int64_t>(pd[0] * pd[1]);
    offs = {-1, 1, -sx, sx, -sxy, sxy};
    std::uint32_t maxStep = 0;
    for (int a = 0; a < 3; ++a) {
      const auto c = static_cast<std::uint32_t>(std::lround(opt.distanceCostPerMm * g.spacingMm[a] * kScale));
      stepCost[2 * a] = stepCost[2 * a + 1] = c;
      maxStep = std::max(maxStep, c);
    }
    // Every step costs at least 1: seeds (cost 0) and the border are never relabelled.
    buckets.assign(static_cast<std::size_t>(opt.maxStepHu) * kScale + maxStep + 2, {});
  }

  // Seeds enter with cost 0; then Dial's search from them. Returns the voxels settled and the box of winner
  // changes (grid indices).
  std::pair<std::size_t, IndexBox> search(const std::vector<SeedEntry>& fresh, const ProgressScope& scope) {
    const Geometry& g = ct.geometry();
    const std::size_t B = buckets.size();
    std::size_t pending = 0;
    IndexBox changed{g.dims, {0, 0, 0}};
    auto mark = [&](std::size_t p) {  // p -> grid index bounds
      std::size_t r = p;
      const std::size_t i = r % pd[0] - 1 + roi.lo[0];
      r /= pd[0];
      const std::size_t j = r % pd[1] - 1 + roi.lo[1];
      const std::size_t k = r / pd[1] - 1 + roi.lo[2];
      changed.lo = {std::min(changed.lo[0], i), std::min(changed.lo[1], j), std::min(changed.lo[2], k)};
      changed.hi = {std::max(changed.hi[0], i + 1), std::max(changed.hi[1], j + 1), std::max(changed.hi[2], k + 1)};
    };
    for (const SeedEntry& s : fresh) {
      const std::size_t i = s.index % g.dims[0], j = (s.index / g.dims[0]) % g.dims[1],
                        k = s.index / (g.dims[0] * g.dims[1]);
      const std::size_t p = pIndex(i, j, k);
      if (win[p] != s.value) mark(p);
      cost[p] = 0;
      win[p] = s.value;
      buckets[0].push_back(static_cast<std::uint32_t>(p));
      ++pending;
    }
    const std::uint32_t cap = static_cast<std::uint32_t>(opt.maxStepHu) * kScale;
    const std::size_t roiVoxels = roi.voxelCount();
    std::size_t settled = 0;
    for (std::uint64_t c = 0; pending > 0; ++c) {
      auto& bucket = buckets[c % B];
      while (!bucket.empty()) {
        const std::uint32_t v = bucket.back();
        bucket.pop_back();
        --pending;
        if (cost[v] != c) continue;  // stale: improved since it was queued
        if ((++settled & ((1u << 18) - 1)) == 0)
          scope.report(std::min(1.0, double(settled) / double(roiVoxels)), "growing from seeds");
        const std::uint8_t lab = win[v];
        const std::int32_t qv = q[v];
        for (int n = 0; n < 6; ++n) {
          const auto u = static_cast<std::uint32_t>(static_cast<std::int64_t>(v) + offs[n]);
          const std::uint32_t cu = cost[u];
          if (cu == 0) continue;  // seed or border
          const auto dq = static_cast<std::uint32_t>(std::abs(qv - static_cast<std::int32_t>(q[u])));
          const std::uint32_t nc = static_cast<std::uint32_t>(c) + std::max<std::uint32_t>(1, std::min(dq, cap) + stepCost[n]);
          if (nc < cu || (nc == cu && lab < win[u])) {
            if (win[u] != lab) mark(u);
            cost[u] = nc;
            win[u] = lab;
            buckets[nc % B].push_back(u);
            ++pending;
          }
        }
      }
    }
    return {settled, changed};
  }
};

SeedGrower::SeedGrower(const CtVolume& ct, GrowOptions options) : d_(std::make_unique<Impl>(ct, options)) {}
SeedGrower::~SeedGrower() = default;

GrowUpdate SeedGrower::update(const Volume<std::uint8_t>& seedVol, const ProgressSink& progress, bool forceFull) {
  Impl& d = *d_;
  const Geometry& g = d.ct.geometry();
  if (!seedVol.geometry().sameGrid(g))
    throw std::invalid_argument("grow from seeds: the seeds' grid " + seedVol.geometry().describe() +
                                " differs from the CT's " + g.describe());
  std::vector<SeedEntry> now;
  std::array<bool, 256> present{};
  const std::uint8_t* s = seedVol.data();
  for (std::size_t n = 0; n < seedVol.size(); ++n)
    if (s[n]) {
      now.push_back({n, s[n]});
      present[s[n]] = true;
    }
  std::vector<std::uint8_t> labels;  // seeded values other than the background
  for (int v = 1; v < 255; ++v)
    if (present[v]) labels.push_back(static_cast<std::uint8_t>(v));
  if (labels.size() + (present[kBackgroundSeed] ? 1 : 0) < 2)
    throw std::invalid_argument("grow from seeds: paint seeds of at least two labels (e.g. liver and background)");

  IndexBox box{g.dims, {0, 0, 0}};
  for (const SeedEntry& e : now) {
    const std::size_t i = e.index % g.dims[0], j = (e.index / g.dims[0]) % g.dims[1], k = e.index / (g.dims[0] * g.dims[1]);
    box.lo = {std::min(box.lo[0], i), std::min(box.lo[1], j), std::min(box.lo[2], k)};
    box.hi = {std::max(box.hi[0], i + 1), std::max(box.hi[1], j + 1), std::max(box.hi[2], k + 1)};
  }
  Dims3 pad{};
  for (int a = 0; a < 3; ++a) pad[a] = static_cast<std::size_t>(std::ceil(d.opt.marginMm / g.spacingMm[a]));
  const IndexBox wanted = detail::padded(box, pad, g.dims);

  // Incremental only when every earlier seed is still there with its value and the ROI is unchanged.
  std::vector<SeedEntry> fresh;
  bool full = forceFull || d.cost.empty() || wanted != d.roi;
  if (!full) {
    std::size_t i = 0;
    for (const SeedEntry& e : d.seeds) {
      while (i < now.size() && now[i].index < e.index) fresh.push_back(now[i++]);
      if (i == now.size() || !(now[i] == e)) {  // an earlier seed was removed or changed
        full = true;
        break;
      }
      ++i;
    }
    if (!full) fresh.insert(fresh.end(), now.begin() + static_cast<std::ptrdiff_t>(i), now.end());
  }

  const ProgressScope scope(progress, 0, 1);
  GrowUpdate out;
  out.full = full;
  try {
    if (full) {
      const IndexBox before = d.cost.empty() ? IndexBox{} : d.roi;
      d.smoothOnce(ProgressScope(progress, 0, 0.3));
      d.setupRoi(wanted);
      out.visitedVoxels = d.search(now, ProgressScope(progress, 0.3, 1)).first;
      out.changed = wanted.united(before);
    } else {
      auto [settled, changed] = d.search(fresh, scope);
      out.visitedVoxels = settled;
      out.changed = changed;
    }
  } catch (...) {
    d.cost.clear();  // a cancelled or failed search leaves no half result
    d.win.clear();
    d.q.clear();
    d.seeds.clear();
    d.roi = {};
    for (auto& b : d.buckets) b.clear();
    throw;
  }
  d.seeds = std::move(now);
  d.seedLabels = std::move(labels);
  return out;
}

bool SeedGrower::hasResult() const { return !d_->cost.empty(); }
IndexBox SeedGrower::roi() const { return hasResult() ? d_->roi : IndexBox{}; }
const Geometry& SeedGrower::geometry() const { return d_->ct.geometry(); }
const std::vector<std::uint8_t>& SeedGrower::seedLabels() const { return d_->seedLabels; }
const GrowOptions& SeedGrower::options() const { return d_->opt; }

std::uint8_t SeedGrower::winner(std::size_t i, std::size_t j, std::size_t k) const {
  if (!hasResult() || !d_->roi.contains(i, j, k)) return 0;
  return d_->win[d_->pIndex(i, j, k)];
}

Volume<std::uint8_t> SeedGrower::resultVolume() const {
  Volume<std::uint8_t> out(d_->ct.geometry(), 0);
  if (!hasResult()) return out;
  const IndexBox& r = d_->roi;
  const Geometry& g = out.geometry();
  for (std::size_t k = r.lo[2]; k < r.hi[2]; ++k)
    for (std::size_t j = r.lo[1]; j < r.hi[1]; ++j) {
      const std::uint8_t* src = d_->win.data() + d_->pIndex(r.lo[0], j, k);
      std::copy(src, src + (r.hi[0] - r.lo[0]), out.data() + g.linearIndex(r.lo[0], j, k));
    }
  return out;
}

EditResult applyGrowResult(LabelMap& labels, const SeedGrower& grower, const EditRules& rules,
                           ChangeRecorder* recorder) {
  if (!grower.hasResult()) throw std::invalid_argument("grow from seeds: nothing to apply (no result yet)");
  if (!grower.geometry().sameGrid(labels.labels.geometry()))
    throw std::invalid_argument("grow from seeds: the label map's grid differs from the CT's");
  // Per seeded label: may a voxel holding `cur` become that label (paint), may that label's voxel become 0
  // where the background won (erase; both with the rules' HU range).
  std::array<detail::WriteFilter, 256> paint{}, erase{};
  std::array<bool, 256> seeded{};
  for (std::uint8_t v : grower.seedLabels()) {
    EditRules r = rules;
    r.label = v;
    r.eraseTo = 0;
    detail::validateRules(labels, r, "grow from seeds");
    paint[v] = detail::paintFilter(labels, r);
    erase[v] = detail::eraseFilter(labels, r);
    seeded[v] = true;
  }
  auto decide = [&](std::size_t idx, std::size_t i, std::size_t j, std::size_t k, std::uint8_t cur) -> std::uint8_t {
    if (cur != 0 && !seeded[cur]) return cur;  // other labels are not this tool's
    const std::uint8_t w = grower.winner(i, j, k);
    if (w == 0 || w == cur) return cur;
    if (w == kBackgroundSeed) return cur != 0 && erase[cur].allows(idx, cur) ? 0 : cur;
    return paint[w].allows(idx, cur) ? w : cur;
  };
  return detail::applyInBox(labels, grower.roi(), recorder, decide);
}

}  // namespace hccws::core
