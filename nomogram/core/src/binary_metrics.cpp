#include "hccws/survival/binary_metrics.h"

#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hccws::surv {

namespace {
void checkSizes(std::size_t a, std::size_t b) {
  if (a != b) throw std::invalid_argument("binary metrics: scores and labels differ in length");
}
}  // namespace

namespace {

// DeLong's placement values of one score vector: V10 per positive (share of negatives it beats, ties half),
// V01 per negative (share of positives that beat it). Counted on sorted copies with binary search (O(n log n)).
struct Placements {
  std::vector<double> v10, v01;
  double auc = 0;
};

Placements placements(const std::vector<double>& scores, const std::vector<int>& labels) {
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (labels[i] == 1) pos.push_back(scores[i]);
    else if (labels[i] == 0) neg.push_back(scores[i]);
  }
  if (pos.empty() || neg.empty()) throw std::invalid_argument("binary metrics: the AUC needs both classes");
  std::vector<double> sn = neg, sp = pos;
  std::sort(sn.begin(), sn.end());
  std::sort(sp.begin(), sp.end());
  const auto psiMean = [](double x, const std::vector<double>& sorted, bool xIsPositive) {
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), x);
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), x);
    const double below = static_cast<double>(lo - sorted.begin()), equal = static_cast<double>(hi - lo);
    const double above = static_cast<double>(sorted.end() - hi);
    return ((xIsPositive ? below : above) + 0.5 * equal) / static_cast<double>(sorted.size());
  };
  Placements pl;
  pl.v10.resize(pos.size());
  pl.v01.resize(neg.size());
  for (std::size_t i = 0; i < pos.size(); ++i) pl.v10[i] = psiMean(pos[i], sn, true);
  for (std::size_t j = 0; j < neg.size(); ++j) pl.v01[j] = psiMean(neg[j], sp, false);
  pl.auc = std::accumulate(pl.v10.begin(), pl.v10.end(), 0.0) / static_cast<double>(pos.size());
  return pl;
}

// Sample covariance (n - 1) of two placement vectors.
double covariance(const std::vector<double>& a, double ma, const std::vector<double>& b, double mb) {
  if (a.size() < 2) return 0.0;
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - ma) * (b[i] - mb);
  return s / static_cast<double>(a.size() - 1);
}

AucResult aucOf(const Placements& pl, double level) {
  AucResult r;
  r.positives = static_cast<int>(pl.v10.size());
  r.negatives = static_cast<int>(pl.v01.size());
  r.auc = pl.auc;
  const double s10 = covariance(pl.v10, r.auc, pl.v10, r.auc), s01 = covariance(pl.v01, r.auc, pl.v01, r.auc);
  r.se = std::sqrt(s10 / r.positives + s01 / r.negatives);
  const double z = normalQuantile(0.5 + level / 2);
  r.lower = std::max(0.0, r.auc - z * r.se);
  r.upper = std::min(1.0, r.auc + z * r.se);
  return r;
}

}  // namespace

AucResult delongAuc(const std::vector<double>& scores, const std::vector<int>& labels, double level) {
  checkSizes(scores.size(), labels.size());
  return aucOf(placements(scores, labels), level);
}

AucComparison delongTest(const std::vector<double>& a, const std::vector<double>& b, const std::vector<int>& labels) {
  checkSizes(a.size(), labels.size());
  checkSizes(b.size(), labels.size());
  const Placements pa = placements(a, labels), pb = placements(b, labels);
  AucComparison c;
  c.first = aucOf(pa, 0.95);
  c.second = aucOf(pb, 0.95);
  const double m = static_cast<double>(pa.v10.size()), n = static_cast<double>(pa.v01.size());
  const double var = (covariance(pa.v10, pa.auc, pa.v10, pa.auc) + covariance(pb.v10, pb.auc, pb.v10, pb.auc) -
                      2 * covariance(pa.v10, pa.auc, pb.v10, pb.auc)) / m +
                     (covariance(pa.v01, pa.auc, pa.v01, pa.auc) + covariance(pb.v01, pb.auc, pb.v01, pb.auc) -
                      2 * covariance(pa.v01, pa.auc, pb.v01, pb.auc)) / n;
  c.difference = pa.auc - pb.auc;
  c.se = std::sqrt(std::max(var, 0.0));
  c.z = c.se > 0 ? c.difference / c.se : 0.0;
  c.p = c.se > 0 ? 2 * normalUpper(std::abs(c.z)) : 1.0;
  return c;
}

HosmerLemeshow hosmerLemeshow(const std::vector<double>& p, const std::vector<int>& labels, int groups) {
  checkSizes(p.size(), labels.size());
  if (groups < 3) throw std::invalid_argument("Hosmer-Lemeshow: at least 3 groups");
  std::vector<double> q;
  std::vector<int> y;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) q.push_back(p[i]), y.push_back(labels[i]);
  std::vector<double> sorted = q;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> breaks;
  for (int k = 0; k <= groups; ++k) {
    const double h = (sorted.size() - 1) * (static_cast<double>(k) / groups);
    const std::size_t lo = static_cast<std::size_t>(std::floor(h)), hi = std::min(lo + 1, sorted.size() - 1);
    const double b = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    if (breaks.empty() || b != breaks.back()) breaks.push_back(b);
  }
  HosmerLemeshow r;
  const std::size_t ng = breaks.size() > 1 ? breaks.size() - 1 : 1;
  std::vector<double> n(ng, 0), o(ng, 0), e(ng, 0);
  for (std::size_t i = 0; i < q.size(); ++i) {
    // Intervals (b_k, b_k+1], the first closed on the left (R's cut(include.lowest = TRUE)).
    std::size_t g = static_cast<std::size_t>(std::lower_bound(breaks.begin() + 1, breaks.end(), q[i]) - (breaks.begin() + 1));
    g = std::min(g, ng - 1);
    n[g] += 1;
    o[g] += y[i];
    e[g] += q[i];
  }
  for (std::size_t g = 0; g < ng; ++g) {
    if (n[g] == 0) continue;
    const double e0 = n[g] - e[g], o0 = n[g] - o[g];
    r.chiSquare += (o[g] - e[g]) * (o[g] - e[g]) / e[g] + (o0 - e0) * (o0 - e0) / e0;
    BinaryCalibrationGroup c;
    c.n = static_cast<int>(n[g]);
    c.meanPredicted = e[g] / n[g];
    c.observed = o[g] / n[g];
    r.groups.push_back(c);
  }
  r.df = groups - 2;
  r.p = chisqUpper(r.chiSquare, r.df);
  return r;
}

std::vector<NetBenefitPoint> decisionCurve(const std::vector<double>& p, const std::vector<int>& labels,
                                           const std::vector<double>& thresholds) {
  checkSizes(p.size(), labels.size());
  double n = 0, events = 0;
  for (int l : labels)
    if (l == 0 || l == 1) n += 1, events += l;
  if (n == 0) throw std::invalid_argument("decision curve: no labelled patient");
  std::vector<NetBenefitPoint> out;
  for (double t : thresholds) {
    if (!(t > 0 && t < 1)) throw std::invalid_argument("decision curve: thresholds must lie in (0, 1)");
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if ((labels[i] != 0 && labels[i] != 1) || p[i] < t) continue;
      (labels[i] == 1 ? tp : fp) += 1;
    }
    const double odds = t / (1 - t), prev = events / n;
    out.push_back({t, tp / n - fp / n * odds, prev - (1 - prev) * odds, 0.0});
  }
  return out;
}

std::vector<std::pair<double, double>> rocCurve(const std::vector<double>& scores, const std::vector<int>& labels) {
  checkSizes(scores.size(), labels.size());
  std::vector<std::pair<double, int>> v;
  double pos = 0, neg = 0;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) {
      v.push_back({scores[i], labels[i]});
      (labels[i] ? pos : neg) += 1;
    }
  if (pos == 0 || neg == 0) throw std::invalid_argument("ROC curve: needs both classes");
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::pair<double, double>> out = {{0.0, 0.0}};
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < v.size();) {
    const double s = v[i].first;
    for (; i < v.size() && v[i].first == s; ++i) (v[i].second ? tp : fp) += 1;
    out.push_back({fp / neg, tp / pos});
  }
  return out;
}

double brierScore(const std::vector<double>& p, const std::vector<int>& labels) {
  checkSizes(p.size(), labels.size());
  double s = 0;
  int n = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) {
      s += (p[i] - labels[i]) * (p[i] - labels[i]);
      ++n;
    }
  return n ? s / n : std::nan("");
}

CalibrationFit calibrationSlope(const std::vector<double>& p, const std::vector<int>& labels) {
  checkSizes(p.size(), labels.size());
  std::vector<double> x;
  std::vector<int> y;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) {
      const double q = std::clamp(p[i], 1e-12, 1 - 1e-12);
      x.push_back(std::log(q / (1 - q)));
      y.push_back(labels[i]);
    }
  CalibrationFit f;
  double a = 0, b = 1;
  for (int it = 0; it < 100; ++it) {
    double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double mu = 1 / (1 + std::exp(-(a + b * x[i]))), w = mu * (1 - mu), e = y[i] - mu;
      g0 += e;
      g1 += e * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    const double det = h00 * h11 - h01 * h01;
    if (!(std::abs(det) > 1e-300)) break;
    const double da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (std::abs(da) + std::abs(db) < 1e-12) {
      f.converged = true;
      break;
    }
  }
  f.intercept = a;
  f.slope = b;
  return f;
}

std::vector<BinaryCalibrationGroup> calibrationGroups(const std::vector<double>& p, const std::vector<int>& labels,
                                                      int groups) {
  checkSizes(p.size(), labels.size());
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (labels[i] == 0 || labels[i] == 1) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<BinaryCalibrationGroup> out;
  const int g = std::max(1, std::min<int>(groups, static_cast<int>(idx.size())));
  for (int k = 0; k < g; ++k) {
    const std::size_t lo = idx.size() * static_cast<std::size_t>(k) / static_cast<std::size_t>(g);
    const std::size_t hi = idx.size() * static_cast<std::size_t>(k + 1) / static_cast<std::size_t>(g);
    BinaryCalibrationGroup c;
    for (std::size_t t = lo; t < hi; ++t) {
      c.meanPredicted += p[idx[t]];
      c.observed += labels[idx[t]];
      ++c.n;
    }
    if (c.n) {
      c.meanPredicted /= c.n;
      c.observed /= c.n;
      out.push_back(c);
    }
  }
  return out;
}

Confusion confusionAt(const std::vector<double>& p, const std::vector<int>& labels, double threshold) {
  checkSizes(p.size(), labels.size());
  Confusion c;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (labels[i] != 0 && labels[i] != 1) continue;
    const bool predicted = p[i] >= threshold;
    if (labels[i] == 1) (predicted ? c.truePositive : c.falseNegative)++;
    else (predicted ? c.falsePositive : c.trueNegative)++;
  }
  const auto ratio = [](int a, int b) { return a + b ? static_cast<double>(a) / (a + b) : std::nan(""); };
  c.sensitivity = ratio(c.truePositive, c.falseNegative);
  c.specificity = ratio(c.trueNegative, c.falsePositive);
  c.ppv = ratio(c.truePositive, c.falsePositive);
  c.npv = ratio(c.trueNegative, c.falseNegative);
  c.accuracy = ratio(c.truePositive + c.trueNegative, c.falsePositive + c.falseNegative);
  return c;
}

}  // namespace hccws::surv
