// IBSI 1 neighbourhood grey tone difference matrix (4.11) and neighbouring grey level dependence matrix (4.12).
// Neighbourhood: Chebyshev distance 1 (26 voxels in 3D, 8 in a slice), only neighbours inside the intensity
// mask count. NGTDM: a voxel without any such neighbour is left out (IBSI's variant). NGLDM: coarseness
// alpha = 0, dependence count k = 1 + the neighbours of the same grey level (so k >= 1).
// Aggregations: 2D (per slice, averaged), 2.5D (slices merged), 3D.
#include "level_matrix.h"

#include <cmath>
#include <limits>

namespace hccws::radiomics::detail {
namespace {

const LevelMatrixNames kNgldmNames = {
    "ngldm",
    {{"Low dependence emphasis", "SODN"},
     {"High dependence emphasis", "IMOQ"},
     {"Low grey level count emphasis", "TL9H"},
     {"High grey level count emphasis", "OAE7"},
     {"Low dependence low grey level emphasis", "EQ3F"},
     {"Low dependence high grey level emphasis", "JA6D"},
     {"High dependence low grey level emphasis", "NBZI"},
     {"High dependence high grey level emphasis", "9QMG"},
     {"Grey level non-uniformity", "FP8K"},
     {"Normalised grey level non-uniformity", "5SPA"},
     {"Dependence count non-uniformity", "Z87G"},
     {"Normalised dependence count non-uniformity", "OKJI"},
     {"Dependence count percentage", "6XV8"},
     {"Grey level variance", "1PFV"},
     {"Dependence count variance", "DNX2"},
     {"Dependence count entropy", "FCBV"},
     {"Dependence count energy", "CAS9"}}};

struct Ngtdm {
  std::vector<double> s, n;  // per grey level 1..ng
  explicit Ngtdm(int ng = 0) : s(ng + 1, 0.0), n(ng + 1, 0.0) {}
  void merge(const Ngtdm& o) {
    for (std::size_t i = 0; i < s.size(); ++i) s[i] += o.s[i], n[i] += o.n[i];
  }
  bool empty() const {
    for (double x : n)
      if (x > 0) return false;
    return true;
  }
};

// Both matrices of one slice (slice >= 0) or of the volume.
void neighbourhoods(const Roi& roi, long slice, Ngtdm* tdm, LevelMatrix* ldm) {
  const bool inSlice = slice >= 0;
  const auto nb = neighbourOffsets(true, roi.sliceAxis, inSlice);
  const Bounds b = boundsOf(roi, slice);
  for (long k = b.lo[2]; k < b.hi[2]; ++k)
    for (long j = b.lo[1]; j < b.hi[1]; ++j)
      for (long i = b.lo[0]; i < b.hi[0]; ++i) {
        const int a = roi.level[roi.index(i, j, k)];
        if (!a) continue;
        double sum = 0;
        long count = 0, same = 0;
        for (const auto& d : nb) {
          const long x = i + d[0], y = j + d[1], z = k + d[2];
          if (!roi.inside(x, y, z)) continue;
          const int b = roi.level[roi.index(x, y, z)];
          if (!b) continue;
          sum += b;
          ++count;
          same += (b == a);
        }
        if (tdm && count > 0) {
          tdm->s[a] += std::abs(a - sum / count);
          tdm->n[a] += 1;
        }
        if (ldm) {
          ldm->add(a, 1 + same);
          ldm->voxels += 1;
        }
      }
}

std::vector<double> ngtdmValues(const Ngtdm& m) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double nvc = 0, ssum = 0;
  for (std::size_t i = 1; i < m.n.size(); ++i) nvc += m.n[i], ssum += m.s[i];
  if (nvc <= 0) return {nan, nan, nan, nan, nan};
  std::vector<std::pair<double, double>> lv;  // (level, p) with p > 0, and s
  std::vector<double> sv;
  for (std::size_t i = 1; i < m.n.size(); ++i)
    if (m.n[i] > 0) {
      lv.push_back({double(i), m.n[i] / nvc});
      sv.push_back(m.s[i]);
    }
  const double ngp = static_cast<double>(lv.size());
  double psum = 0;
  for (std::size_t a = 0; a < lv.size(); ++a) psum += lv[a].second * sv[a];
  const double coarseness = psum > 0 ? 1.0 / psum : 1e6;  // IBSI: 10^6 for a uniform ROI
  double c1 = 0, busyDen = 0, complexity = 0, strengthNum = 0;
  for (std::size_t a = 0; a < lv.size(); ++a)
    for (std::size_t b = 0; b < lv.size(); ++b) {
      const double i = lv[a].first, j = lv[b].first, pi = lv[a].second, pj = lv[b].second;
      c1 += pi * pj * (i - j) * (i - j);
      busyDen += std::abs(i * pi - j * pj);
      complexity += std::abs(i - j) * (pi * sv[a] + pj * sv[b]) / (pi + pj);
      strengthNum += (pi + pj) * (i - j) * (i - j);
    }
  const double contrast = ngp > 1 ? c1 / (ngp * (ngp - 1)) * ssum / nvc : 0.0;
  const double busyness = busyDen > 0 ? psum / busyDen : 0.0;
  const double strength = ssum > 0 ? strengthNum / ssum : 0.0;
  return {coarseness, contrast, busyness, complexity / nvc, strength};
}

void emitNgtdm(std::vector<Feature>& out, const std::string& agg, const std::vector<double>& v) {
  Sink sink{out, "ngtdm", agg};
  sink.add("Coarseness", "QCDE", v[0]);
  sink.add("Contrast", "65HE", v[1]);
  sink.add("Busyness", "NQ30", v[2]);
  sink.add("Complexity", "HDEZ", v[3]);
  sink.add("Strength", "1X9X", v[4]);
}

}  // namespace

void ngtdmFeatures(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  if (wants(aggs, "2D") || wants(aggs, "2.5D")) {
    std::vector<double> sum(5, 0.0);
    long n = 0;
    Ngtdm all(roi.ng);
    for (long s = 0; s < sliceCount(roi); ++s) {
      Ngtdm m(roi.ng);
      neighbourhoods(roi, s, &m, nullptr);
      if (m.empty()) continue;
      const auto v = ngtdmValues(m);
      for (int q = 0; q < 5; ++q) sum[q] += v[q];
      ++n;
      all.merge(m);
    }
    if (wants(aggs, "2D")) {
      for (double& x : sum) x = n ? x / n : std::numeric_limits<double>::quiet_NaN();
      emitNgtdm(out, "2D", sum);
    }
    if (wants(aggs, "2.5D")) emitNgtdm(out, "2.5D", ngtdmValues(all));
  }
  if (wants(aggs, "3D")) {
    Ngtdm m(roi.ng);
    neighbourhoods(roi, -1, &m, nullptr);
    emitNgtdm(out, "3D", ngtdmValues(m));
  }
}

void ngldmFeatures(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  if (wants(aggs, "2D") || wants(aggs, "2.5D")) {
    std::vector<LevelMatrix> slices;
    for (long s = 0; s < sliceCount(roi); ++s) {
      LevelMatrix m;
      neighbourhoods(roi, s, nullptr, &m);
      if (!m.empty()) slices.push_back(std::move(m));
    }
    if (wants(aggs, "2D")) emitLevelMatrix(kNgldmNames, "2D", slices, true, out);
    if (wants(aggs, "2.5D")) emitLevelMatrix(kNgldmNames, "2.5D", slices, false, out);
  }
  if (wants(aggs, "3D")) {
    LevelMatrix m;
    neighbourhoods(roi, -1, nullptr, &m);
    emitLevelMatrix(kNgldmNames, "3D", {m}, false, out);
  }
}

}  // namespace hccws::radiomics::detail
