// IBSI 1 grey level co-occurrence matrix (4.7): symmetric, Chebyshev distance 1, the 13 directions of a
// 26-neighbourhood (3D) or the 4 of a slice (2D). Aggregations (IBSI 3.6 of the texture chapter):
//   2D:avg   per slice and direction, features averaged       2D:mrg  per slice, directions merged, averaged
//   2.5D:avg per direction, slices merged, averaged          2.5D:mrg one matrix of every slice and direction
//   3D:avg   per direction, averaged                          3D:mrg  one matrix of the 13 directions
#include "families.h"

#include <cmath>
#include <limits>

namespace hccws::radiomics::detail {
namespace {

constexpr int kGlcmFeatures = 25;
struct Def {
  const char* name;
  const char* code;
};
const Def kDefs[kGlcmFeatures] = {
    {"Joint maximum", "GYBY"},          {"Joint average", "60VM"},
    {"Joint variance", "UR99"},         {"Joint entropy", "TU9B"},
    {"Difference average", "TF7R"},     {"Difference variance", "D3YU"},
    {"Difference entropy", "NTRS"},     {"Sum average", "ZGXS"},
    {"Sum variance", "OEEB"},           {"Sum entropy", "P6QZ"},
    {"Angular second moment", "8ZQL"},  {"Contrast", "ACUI"},
    {"Dissimilarity", "8S9J"},          {"Inverse difference", "IB1Z"},
    {"Normalised inverse difference", "NDRX"}, {"Inverse difference moment", "WF0Z"},
    {"Normalised inverse difference moment", "1QCO"}, {"Inverse variance", "E8JP"},
    {"Correlation", "NI2N"},            {"Autocorrelation", "QWB0"},
    {"Cluster tendency", "DG8W"},       {"Cluster shade", "7NFM"},
    {"Cluster prominence", "AE86"},     {"Information correlation 1", "R8DG"},
    {"Information correlation 2", "JN9H"}};

using Vec = std::vector<double>;

// Dense Ng x Ng counts (row-major, levels 1..Ng at index level-1).
struct Matrix {
  int ng = 0;
  Vec c;
  explicit Matrix(int n = 0) : ng(n), c(static_cast<std::size_t>(n) * n, 0.0) {}
  void add(const Matrix& o) {
    for (std::size_t i = 0; i < c.size(); ++i) c[i] += o.c[i];
  }
  double total() const {
    double s = 0;
    for (double x : c) s += x;
    return s;
  }
};

// The 25 features of one matrix (empty matrix: false).
bool features(const Matrix& m, Vec& f) {
  const double total = m.total();
  if (total <= 0) return false;
  const int ng = m.ng;
  struct Entry {
    int i, j;
    double p;
  };
  std::vector<Entry> nz;
  Vec px(ng + 1, 0.0), py(ng + 1, 0.0), pd(ng, 0.0), ps(2 * ng + 1, 0.0);
  for (int i = 1; i <= ng; ++i)
    for (int j = 1; j <= ng; ++j) {
      const double c = m.c[static_cast<std::size_t>((i - 1) * ng + (j - 1))];
      if (c <= 0) continue;
      const double p = c / total;
      nz.push_back({i, j, p});
      px[i] += p;
      py[j] += p;
      pd[std::abs(i - j)] += p;
      ps[i + j] += p;
    }
  f.assign(kGlcmFeatures, 0.0);
  double jmax = 0, mu = 0;
  for (const Entry& e : nz) {
    jmax = std::max(jmax, e.p);
    mu += e.i * e.p;
  }
  double mux = 0, muy = 0;
  for (int i = 1; i <= ng; ++i) mux += i * px[i], muy += i * py[i];
  double sx = 0, sy = 0, hx = 0, hy = 0;
  for (int i = 1; i <= ng; ++i) {
    sx += (i - mux) * (i - mux) * px[i];
    sy += (i - muy) * (i - muy) * py[i];
    if (px[i] > 0) hx -= px[i] * std::log2(px[i]);
    if (py[i] > 0) hy -= py[i] * std::log2(py[i]);
  }
  double var = 0, ent = 0, asm_ = 0, con = 0, dis = 0, id = 0, idn = 0, idm = 0, idmn = 0, corr = 0, acor = 0,
         ct = 0, cs = 0, cp = 0, hxy1 = 0;
  for (const Entry& e : nz) {
    const double d = e.i - e.j, ad = std::abs(d);
    var += (e.i - mu) * (e.i - mu) * e.p;
    ent -= e.p * std::log2(e.p);
    asm_ += e.p * e.p;
    con += d * d * e.p;
    dis += ad * e.p;
    id += e.p / (1 + ad);
    idn += e.p / (1 + ad / ng);
    idm += e.p / (1 + d * d);
    idmn += e.p / (1 + d * d / (double(ng) * ng));
    corr += (e.i - mux) * (e.j - muy) * e.p;
    acor += double(e.i) * e.j * e.p;
    const double t = e.i + e.j - mux - muy;
    ct += t * t * e.p;
    cs += t * t * t * e.p;
    cp += t * t * t * t * e.p;
    hxy1 -= e.p * std::log2(px[e.i] * py[e.j]);
  }
  double hxy2 = 0;
  for (int i = 1; i <= ng; ++i)
    for (int j = 1; j <= ng; ++j) {
      const double q = px[i] * py[j];
      if (q > 0) hxy2 -= q * std::log2(q);
    }
  double dmu = 0, dvar = 0, dent = 0, invVar = 0;
  for (int k = 0; k < ng; ++k) dmu += k * pd[k];
  for (int k = 0; k < ng; ++k) {
    dvar += (k - dmu) * (k - dmu) * pd[k];
    if (pd[k] > 0) dent -= pd[k] * std::log2(pd[k]);
    if (k > 0) invVar += pd[k] / (double(k) * k);
  }
  double smu = 0, svar = 0, sent = 0;
  for (int k = 2; k <= 2 * ng; ++k) smu += k * ps[k];
  for (int k = 2; k <= 2 * ng; ++k) {
    svar += (k - smu) * (k - smu) * ps[k];
    if (ps[k] > 0) sent -= ps[k] * std::log2(ps[k]);
  }
  f = {jmax, mu,   var,  ent,  dmu,  dvar, dent, smu, svar, sent, asm_, con, dis,
       id,   idn,  idm,  idmn, invVar,
       (sx > 0 && sy > 0) ? corr / std::sqrt(sx * sy) : std::numeric_limits<double>::quiet_NaN(),
       acor, ct, cs, cp,
       std::max(hx, hy) > 0 ? (ent - hxy1) / std::max(hx, hy) : 0.0,
       std::sqrt(std::max(0.0, 1.0 - std::exp(-2.0 * (hxy2 - ent))))};
  return true;
}

struct Average {
  Vec sum = Vec(kGlcmFeatures, 0.0);
  long n = 0;
  void add(const Matrix& m) {
    Vec f;
    if (!features(m, f)) return;
    for (int q = 0; q < kGlcmFeatures; ++q) sum[q] += f[q];
    ++n;
  }
};

void emit(std::vector<Feature>& out, const std::string& agg, const Vec& f) {
  Sink sink{out, "glcm", agg};
  for (int q = 0; q < kGlcmFeatures; ++q) sink.add(kDefs[q].name, kDefs[q].code, f[q]);
}
void emit(std::vector<Feature>& out, const std::string& agg, const Average& a) {
  Vec f(kGlcmFeatures, std::numeric_limits<double>::quiet_NaN());
  if (a.n > 0)
    for (int q = 0; q < kGlcmFeatures; ++q) f[q] = a.sum[q] / a.n;
  emit(out, agg, f);
}
void emit(std::vector<Feature>& out, const std::string& agg, const Matrix& m) {
  Vec f;
  if (!features(m, f)) f.assign(kGlcmFeatures, std::numeric_limits<double>::quiet_NaN());
  emit(out, agg, f);
}

// Co-occurrences along direction d (both orders: symmetric). slice >= 0: only pairs in that slice.
void count(const Roi& roi, const std::array<int, 3>& d, long slice, Matrix& m) {
  const Bounds b = boundsOf(roi, slice);
  for (long k = b.lo[2]; k < b.hi[2]; ++k)
    for (long j = b.lo[1]; j < b.hi[1]; ++j)
      for (long i = b.lo[0]; i < b.hi[0]; ++i) {
        const int a = roi.level[roi.index(i, j, k)];
        if (!a) continue;
        const long i2 = i + d[0], j2 = j + d[1], k2 = k + d[2];
        if (!roi.inside(i2, j2, k2)) continue;
        const int b = roi.level[roi.index(i2, j2, k2)];
        if (!b) continue;
        m.c[static_cast<std::size_t>((a - 1) * m.ng + (b - 1))] += 1;
        m.c[static_cast<std::size_t>((b - 1) * m.ng + (a - 1))] += 1;
      }
}

}  // namespace

void glcmFeatures(const Roi& roi, const std::vector<std::string>& aggs, std::vector<Feature>& out) {
  const int ng = roi.ng;
  if (wants(aggs, "2D:avg") || wants(aggs, "2D:mrg") || wants(aggs, "2.5D:avg") || wants(aggs, "2.5D:mrg")) {
    const auto dirs = directions2d(roi.sliceAxis);
    Average avg2d, mrg2d, dmrg;
    std::vector<Matrix> perDir(dirs.size(), Matrix(ng));
    Matrix all(ng);
    for (long s = 0; s < sliceCount(roi); ++s) {
      Matrix sliceAll(ng);
      for (std::size_t q = 0; q < dirs.size(); ++q) {
        Matrix m(ng);
        count(roi, dirs[q], s, m);
        avg2d.add(m);
        sliceAll.add(m);
        perDir[q].add(m);
      }
      mrg2d.add(sliceAll);
      all.add(sliceAll);
    }
    for (const Matrix& m : perDir) dmrg.add(m);
    if (wants(aggs, "2D:avg")) emit(out, "2D:avg", avg2d);
    if (wants(aggs, "2D:mrg")) emit(out, "2D:mrg", mrg2d);
    if (wants(aggs, "2.5D:avg")) emit(out, "2.5D:avg", dmrg);
    if (wants(aggs, "2.5D:mrg")) emit(out, "2.5D:mrg", all);
  }
  if (wants(aggs, "3D:avg") || wants(aggs, "3D:mrg")) {
    Average avg;
    Matrix all(ng);
    for (const auto& d : directions3d()) {
      Matrix m(ng);
      count(roi, d, -1, m);
      avg.add(m);
      all.add(m);
    }
    if (wants(aggs, "3D:avg")) emit(out, "3D:avg", avg);
    if (wants(aggs, "3D:mrg")) emit(out, "3D:mrg", all);
  }
}

}  // namespace hccws::radiomics::detail
