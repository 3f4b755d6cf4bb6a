// IBSI 1 families on intensities: local intensity (4.2), intensity statistics (4.3), intensity histogram (4.4),
// intensity-volume histogram (4.5).
#include "families.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hccws::radiomics::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPeakRadiusMm = 6.2035049089940;  // a sphere of 1 cm3

struct Moments {
  double mean = 0, var = 0, skew = 0, kurt = 0;
};

Moments moments(const std::vector<double>& v) {
  Moments m;
  const double n = static_cast<double>(v.size());
  m.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double x : v) {
    const double d = x - m.mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  m.var = m2;
  m.skew = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
  m.kurt = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
  return m;
}

// The statistics that intensity statistics and the intensity histogram share (same definitions, applied to
// intensities or to grey levels).
struct Spread {
  Moments m;
  double median, min, p10, p90, max, iqr, range, mad, rmad, medad, cov, qcod;
};

// Type-7 quantile by selection (O(n), reorders v): the order statistics at floor(h) and the next one.
double selectQuantile7(std::vector<double>& v, double p) {
  const double h = (v.size() - 1) * p;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size() || h == lo) return a;
  const double b = *std::min_element(v.begin() + static_cast<long>(lo) + 1, v.end());
  return a + (h - lo) * (b - a);
}

Spread spread(std::vector<double> v) {
  Spread s;
  s.m = moments(v);
  const auto mm = std::minmax_element(v.begin(), v.end());
  s.min = *mm.first;
  s.max = *mm.second;
  s.median = selectQuantile7(v, 0.5);
  s.p10 = selectQuantile7(v, 0.1);
  s.p90 = selectQuantile7(v, 0.9);
  const double p25 = selectQuantile7(v, 0.25), p75 = selectQuantile7(v, 0.75);
  s.iqr = p75 - p25;
  s.range = s.max - s.min;
  double mad = 0, medad = 0, rsum = 0;
  long rn = 0;
  for (double x : v) {
    mad += std::abs(x - s.m.mean);
    medad += std::abs(x - s.median);
  }
  s.mad = mad / v.size();
  s.medad = medad / v.size();
  double rmean = 0;
  for (double x : v)
    if (x >= s.p10 && x <= s.p90) {
      rmean += x;
      ++rn;
    }
  rmean /= rn;
  for (double x : v)
    if (x >= s.p10 && x <= s.p90) rsum += std::abs(x - rmean);
  s.rmad = rsum / rn;
  s.cov = s.m.mean != 0 ? std::sqrt(s.m.var) / s.m.mean : kNaN;
  s.qcod = (p75 + p25) != 0 ? (p75 - p25) / (p75 + p25) : kNaN;
  return s;
}

std::vector<double> roiLevels(const Roi& roi) {
  std::vector<double> v;
  for (std::size_t n = 0; n < roi.size(); ++n)
    if (roi.intensity[n]) v.push_back(roi.level[n]);
  return v;
}

}  // namespace

bool wants(const std::vector<std::string>& aggregations, const std::string& a) {
  return std::find(aggregations.begin(), aggregations.end(), a) != aggregations.end();
}

long sliceCount(const Roi& roi) { return roi.dims[roi.sliceAxis]; }

void localIntensityFeatures(const Roi& roi, std::vector<Feature>& out) {
  Sink sink{out, "local intensity", ""};
  // The sphere as runs along i: for every (dj, dk) within the radius, the i half-width. Means come from
  // prefix sums along i, so the cost is (voxels) x (runs), not (voxels) x (sphere voxels).
  struct Run {
    long dj, dk, half;
  };
  std::vector<Run> runs;
  const auto& sp = roi.spacing;
  const long rj = static_cast<long>(std::floor(kPeakRadiusMm / sp[1])), rk = static_cast<long>(std::floor(kPeakRadiusMm / sp[2]));
  for (long dk = -rk; dk <= rk; ++dk)
    for (long dj = -rj; dj <= rj; ++dj) {
      const double r2 = kPeakRadiusMm * kPeakRadiusMm - (dj * sp[1]) * (dj * sp[1]) - (dk * sp[2]) * (dk * sp[2]);
      if (r2 < 0) continue;
      runs.push_back({dj, dk, static_cast<long>(std::floor(std::sqrt(r2) / sp[0] + 1e-9))});
    }
  const long nx = roi.dims[0], ny = roi.dims[1], nz = roi.dims[2];
  std::vector<double> prefix(static_cast<std::size_t>((nx + 1) * ny * nz));
  for (long k = 0; k < nz; ++k)
    for (long j = 0; j < ny; ++j) {
      double* p = &prefix[static_cast<std::size_t>((nx + 1) * (j + ny * k))];
      p[0] = 0;
      for (long i = 0; i < nx; ++i) p[i + 1] = p[i] + roi.image[roi.index(i, j, k)];
    }
  auto sphereMean = [&](long i, long j, long k) {
    double sum = 0;
    long count = 0;
    for (const Run& r : runs) {
      const long jj = j + r.dj, kk = k + r.dk;
      if (jj < 0 || kk < 0 || jj >= ny || kk >= nz) continue;
      const long a = std::max(0L, i - r.half), b = std::min(nx - 1, i + r.half);
      const double* p = &prefix[static_cast<std::size_t>((nx + 1) * (jj + ny * kk))];
      sum += p[b + 1] - p[a];
      count += b - a + 1;
    }
    return sum / count;
  };
  double maxI = -std::numeric_limits<double>::infinity(), localPeak = -std::numeric_limits<double>::infinity();
  double globalPeak = -std::numeric_limits<double>::infinity();
  for (long k = 0; k < nz; ++k)
    for (long j = 0; j < ny; ++j)
      for (long i = 0; i < nx; ++i) {
        const std::size_t n = roi.index(i, j, k);
        if (!roi.intensity[n]) continue;
        const double m = sphereMean(i, j, k);
        globalPeak = std::max(globalPeak, m);
        const double x = roi.image[n];
        if (x > maxI) {
          maxI = x;
          localPeak = m;
        } else if (x == maxI) {
          localPeak = std::max(localPeak, m);  // IBSI: of several maxima, the highest peak
        }
      }
  sink.add("Local intensity peak", "VJGA", localPeak);
  sink.add("Global intensity peak", "0F91", globalPeak);
}

void intensityStatistics(const Roi& roi, std::vector<Feature>& out) {
  Sink sink{out, "intensity statistics", ""};
  const std::vector<double> v = roiIntensities(roi);
  const Spread s = spread(v);
  double energy = 0;
  for (double x : v) energy += x * x;
  sink.add("Mean intensity", "Q4LE", s.m.mean);
  sink.add("Intensity variance", "ECT3", s.m.var);
  sink.add("Intensity skewness", "KE2A", s.m.skew);
  sink.add("(Excess) intensity kurtosis", "IPH6", s.m.kurt);
  sink.add("Median intensity", "Y12H", s.median);
  sink.add("Minimum intensity", "1GSF", s.min);
  sink.add("10th intensity percentile", "QG58", s.p10);
  sink.add("90th intensity percentile", "8DWT", s.p90);
  sink.add("Maximum intensity", "84IY", s.max);
  sink.add("Intensity interquartile range", "SALO", s.iqr);
  sink.add("Intensity range", "2OJQ", s.range);
  sink.add("Intensity-based mean absolute deviation", "4FUA", s.mad);
  sink.add("Intensity-based robust mean absolute deviation", "1128", s.rmad);
  sink.add("Intensity-based median absolute deviation", "N72L", s.medad);
  sink.add("Intensity-based coefficient of variation", "7TET", s.cov);
  sink.add("Intensity-based quartile coefficient of dispersion", "9S40", s.qcod);
  sink.add("Intensity-based energy", "N8CA", energy * 1.0);
  sink.add("Root mean square intensity", "5ZWQ", std::sqrt(energy / v.size()));
}

void intensityHistogram(const Roi& roi, std::vector<Feature>& out) {
  Sink sink{out, "intensity histogram", ""};
  const std::vector<double> v = roiLevels(roi);
  const Spread s = spread(v);
  const int ng = roi.ng;
  std::vector<double> h(static_cast<std::size_t>(ng) + 1, 0.0);  // h[1..ng]
  for (double x : v) h[static_cast<std::size_t>(x)] += 1;
  int mode = 1;
  double entropy = 0, uniformity = 0;
  for (int i = 1; i <= ng; ++i) {
    if (h[i] > h[mode]) mode = i;
    const double p = h[i] / v.size();
    if (p > 0) entropy -= p * std::log2(p);
    uniformity += p * p;
  }
  // Histogram gradient (IBSI 4.4.20-23): forward difference at the first bin, backward at the last, central inside.
  double gmax = -std::numeric_limits<double>::infinity(), gmin = std::numeric_limits<double>::infinity();
  int gmaxAt = 1, gminAt = 1;
  for (int i = 1; i <= ng; ++i) {
    double g;
    if (ng == 1) g = 0;
    else if (i == 1) g = h[2] - h[1];
    else if (i == ng) g = h[ng] - h[ng - 1];
    else g = (h[i + 1] - h[i - 1]) / 2.0;
    if (g > gmax) gmax = g, gmaxAt = i;
    if (g < gmin) gmin = g, gminAt = i;
  }
  sink.add("Mean discretised intensity", "X6K6", s.m.mean);
  sink.add("Discretised intensity variance", "CH89", s.m.var);
  sink.add("Discretised intensity skewness", "88K1", s.m.skew);
  sink.add("(Excess) discretised intensity kurtosis", "C3I7", s.m.kurt);
  sink.add("Median discretised intensity", "WIFQ", s.median);
  sink.add("Minimum discretised intensity", "1PR8", s.min);
  sink.add("10th discretised intensity percentile", "GPMT", s.p10);
  sink.add("90th discretised intensity percentile", "OZ0C", s.p90);
  sink.add("Maximum discretised intensity", "3NCY", s.max);
  sink.add("Intensity histogram mode", "AMMC", mode);
  sink.add("Discretised intensity interquartile range", "WR0O", s.iqr);
  sink.add("Discretised intensity range", "5Z3W", s.range);
  sink.add("Intensity histogram mean absolute deviation", "D2ZX", s.mad);
  sink.add("Intensity histogram robust mean absolute deviation", "WRZB", s.rmad);
  sink.add("Intensity histogram median absolute deviation", "4RNL", s.medad);
  sink.add("Intensity histogram coefficient of variation", "CWYJ", s.cov);
  sink.add("Intensity histogram quartile coefficient of dispersion", "SLWD", s.qcod);
  sink.add("Discretised intensity entropy", "TLU2", entropy);
  sink.add("Discretised intensity uniformity", "BJ5W", uniformity);
  sink.add("Maximum histogram gradient", "12CE", gmax);
  sink.add("Maximum histogram gradient intensity", "8E6O", gmaxAt);
  sink.add("Minimum histogram gradient", "VQB3", gmin);
  sink.add("Minimum histogram gradient intensity", "RHQZ", gminAt);
}

void intensityVolumeHistogram(const Roi& roi, const Settings& s, std::vector<Feature>& out) {
  Sink sink{out, "intensity-volume histogram", ""};
  // Intensities of the histogram: grey levels of the texture discretisation, or the intensities binned with
  // ivhBinWidth (bin centres, IBSI 4.5: discretised intensities with a small bin width).
  std::vector<double> x;
  double lo, hi;
  if (s.ivhBinWidth > 0) {
    const std::vector<double> raw = roiIntensities(roi);
    const double base = s.resegmentLower ? *s.resegmentLower : *std::min_element(raw.begin(), raw.end());
    for (double r : raw) x.push_back(base + (std::floor((r - base) / s.ivhBinWidth) + 0.5) * s.ivhBinWidth);
    lo = s.resegmentLower ? base + 0.5 * s.ivhBinWidth : *std::min_element(x.begin(), x.end());
    hi = s.resegmentUpper ? base + (std::floor((*s.resegmentUpper - base) / s.ivhBinWidth) + 0.5) * s.ivhBinWidth
                          : *std::max_element(x.begin(), x.end());
  } else {
    x = roiLevels(roi);
    lo = 1;  // grey levels 1..Ng
    hi = roi.ng;
  }
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  // Volume fraction with intensity fraction >= g; intensity fraction gamma = (x - lo) / (hi - lo).
  auto volumeAtFraction = [&](double g) {
    const double t = lo + g * (hi - lo);
    const auto it = std::lower_bound(x.begin(), x.end(), t - 1e-9 * std::max(1.0, std::abs(t)));
    return static_cast<double>(x.end() - it) / n;
  };
  // Smallest intensity of the discretised range (every bin from lo to hi, also those no voxel holds) whose volume
  // fraction (intensity >= it) is at most f (IBSI 4.5.2); hi + one bin when none is.
  const double step = s.ivhBinWidth > 0 ? s.ivhBinWidth : 1.0;
  auto intensityAtVolume = [&](double f) {
    const long bins = static_cast<long>(std::llround((hi - lo) / step));
    for (long b = 0; b <= bins; ++b) {
      const double l = lo + b * step;
      const auto it = std::lower_bound(x.begin(), x.end(), l - 1e-9 * std::max(1.0, std::abs(l)));
      if (static_cast<double>(x.end() - it) / n <= f + 1e-12) return l;
    }
    return hi + step;
  };
  const double v10 = volumeAtFraction(0.10), v90 = volumeAtFraction(0.90);
  const double i10 = intensityAtVolume(0.10), i90 = intensityAtVolume(0.90);
  sink.add("Volume fraction at 10% intensity", "NK6P", v10);
  sink.add("Volume fraction at 90% intensity", "4279", v90);
  sink.add("Intensity at 10% volume", "PWN1", i10);
  sink.add("Intensity at 90% volume", "BOHI", i90);
  sink.add("Volume fraction difference between 10% and 90% intensity", "WITY", v10 - v90);
  sink.add("Intensity difference between 10% and 90% volume", "JXJA", i10 - i90);
}

}  // namespace hccws::radiomics::detail
