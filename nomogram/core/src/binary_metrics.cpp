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

AucResult delongAuc(const std::vector<double>& scores, const std::vector<int>& labels, double level) {
  checkSizes(scores.size(), labels.size());
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (labels[i] == 1) pos.push_back(scores[i]);
    else if (labels[i] == 0) neg.push_back(scores[i]);
  }
  if (pos.empty() || neg.empty()) throw std::invalid_argument("binary metrics: the AUC needs both classes");
  // DeLong's placement values: V10(x) = mean over negatives of psi(x, y), V01(y) = mean over positives.
  // Counted with sorted negatives/positives and binary search (O(n log n)).
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
  const double m = static_cast<double>(pos.size()), n = static_cast<double>(neg.size());
  std::vector<double> v10(pos.size()), v01(neg.size());
  for (std::size_t i = 0; i < pos.size(); ++i) v10[i] = psiMean(pos[i], sn, true);
  for (std::size_t j = 0; j < neg.size(); ++j) v01[j] = psiMean(neg[j], sp, false);
  AucResult r;
  r.positives = static_cast<int>(pos.size());
  r.negatives = static_cast<int>(neg.size());
  r.auc = std::accumulate(v10.begin(), v10.end(), 0.0) / m;
  const auto variance = [](const std::vector<double>& v, double mean) {
    if (v.size() < 2) return 0.0;
    double s = 0;
    for (double x : v) s += (x - mean) * (x - mean);
    return s / static_cast<double>(v.size() - 1);
  };
  const double s10 = variance(v10, r.auc), s01 = variance(v01, r.auc);
  r.se = std::sqrt(s10 / m + s01 / n);
  const double z = normalQuantile(0.5 + level / 2);
  r.lower = std::max(0.0, r.auc - z * r.se);
  r.upper = std::min(1.0, r.auc + z * r.se);
  return r;
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
