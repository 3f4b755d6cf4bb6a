// Exact-mode resampling (inference/src/resample_spline.h) against nnU-Net's own library calls run by SciPy and
// scikit-image (tests/inference/resampling_reference.py through HCCWS_PYTHON_SCIPY, Debian's /usr/bin/python3
// with python3-scipy and python3-skimage): isotropic and anisotropic (separate z) volumes, up and down, order 3
// (data) and order 1 (logits), odd sizes, several channels, and nnU-Net's separate-z decision rule.
// Without SciPy/scikit-image the test is skipped (exit 77), or fails when CI=true (tests/skip.h).
//
// Values: CT-like phantoms normalised as nnU-Net's CTNormalization does (clip to [-17, 201] HU, then
// (v - 99.4) / 39.4, i.e. values in [-2.95, 2.58]); logits-like fields in [-10, 10] for order 1; one case in raw
// HU ([-1000, 1500]). Tolerance 1e-4 (max abs); the measured differences are printed.
#include "resample_spline.h"
#include "skip.h"
#include "support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using hccws::infer::spline::resampleChannel;
using hccws::infer::spline::separateZAxis;
using hccws::infer::spline::Shape3;

namespace {

enum class Kind { CtNormalised, CtHu, Logits };

struct Case {
  std::string name;
  int order;
  int channels;
  Shape3 shape;
  std::array<double, 3> cur, neu;
  Kind kind;
  int expectAxis;  // the separate-z decision expected from nnU-Net's rule (also checked against Python)
  Shape3 newShape{};
  std::vector<double> input{};
};

// nnU-Net's compute_new_shape.
Shape3 newShapeFor(const Shape3& s, const std::array<double, 3>& cur, const std::array<double, 3>& neu) {
  Shape3 o{};
  for (int a = 0; a < 3; ++a) o[a] = static_cast<std::int64_t>(std::nearbyint(cur[a] / neu[a] * double(s[a])));
  return o;
}

// A CT-like phantom in HU: air, a body ellipsoid (soft tissue), a liver-like blob, bright vessels, a bone rod,
// Gaussian noise (sigma 15 HU). Deterministic for a seed.
std::vector<double> phantomHu(const Shape3& s, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 15.0);
  std::vector<double> v(static_cast<std::size_t>(s[0] * s[1] * s[2]));
  for (std::int64_t z = 0; z < s[0]; ++z)
    for (std::int64_t y = 0; y < s[1]; ++y)
      for (std::int64_t x = 0; x < s[2]; ++x) {
        const double u = (z + 0.5) / s[0] - 0.5, w = (y + 0.5) / s[1] - 0.5, t = (x + 0.5) / s[2] - 0.5;
        double hu = -1000.0;
        if (w * w / 0.2 + t * t / 0.22 < 1.0) hu = 40.0;
        if ((w - 0.05) * (w - 0.05) + (t + 0.1) * (t + 0.1) + 0.5 * u * u < 0.04) hu = 110.0;
        if (std::abs(w + 0.12) < 0.04 && std::abs(t - 0.15) < 0.05) hu = 240.0;
        if (std::hypot(w - 0.25, t) < 0.06) hu = 700.0 + 300.0 * std::cos(9.0 * u);
        v[static_cast<std::size_t>((z * s[1] + y) * s[2] + x)] = hu + noise(rng);
      }
  return v;
}

std::vector<double> makeInput(const Case& c, unsigned seed) {
  std::vector<double> all;
  const std::int64_t n = c.shape[0] * c.shape[1] * c.shape[2];
  for (int ch = 0; ch < c.channels; ++ch) {
    std::vector<double> v;
    if (c.kind == Kind::Logits) {
      std::mt19937_64 rng(seed + 17u * ch);
      std::uniform_real_distribution<double> phase(0.0, 6.28);
      const double p0 = phase(rng), p1 = phase(rng), p2 = phase(rng);
      std::normal_distribution<double> noise(0.0, 1.0);
      v.resize(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t z = i / (c.shape[1] * c.shape[2]), y = (i / c.shape[2]) % c.shape[1], x = i % c.shape[2];
        const double f = 6.0 * std::sin(0.7 * z + p0) * std::cos(0.45 * y + p1) + 3.0 * std::sin(0.3 * x + p2);
        v[static_cast<std::size_t>(i)] = std::clamp(f + noise(rng), -10.0, 10.0);
      }
    } else {
      v = phantomHu(c.shape, seed + 31u * ch);
      if (c.kind == Kind::CtNormalised)
        for (auto& x : v) x = (std::clamp(x, -17.0, 201.0) - 99.4) / 39.4;  // nnU-Net's CTNormalization
    }
    all.insert(all.end(), v.begin(), v.end());
  }
  return all;
}

std::vector<double> readDoubles(const std::string& path, std::size_t count) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::vector<double> v(count);
  f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(count * sizeof(double)));
  REQUIRE(static_cast<std::size_t>(f.gcount()) == count * sizeof(double));
  return v;
}

// The configured Python (CMake HCCWS_PYTHON_SCIPY), or the environment's HCCWS_PYTHON_SCIPY when set.
std::string python() {
  const char* env = std::getenv("HCCWS_PYTHON_SCIPY");
  return env && *env ? env : HCCWS_PYTHON_SCIPY;
}

// SciPy and scikit-image importable by the reference Python, or the test is skipped (failed in CI).
void requireScipy() {
  const std::string cmd =
      "'" + python() + "' -c 'import numpy, scipy.ndimage, skimage.transform' > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0)
    hccws::test::skipTest("the reference needs numpy, scipy and scikit-image in " + python() +
                          " (Debian: apt-get install python3-scipy python3-skimage)");
}

std::vector<Case> cases() {
  const std::array<double, 3> iso{1.0, 1.0, 1.0};
  std::vector<Case> cs = {
      // name, order, channels, shape zyx, current spacing, new spacing, values, expected separate axis
      {"iso_up_o3", 3, 1, {17, 23, 19}, iso, {0.7, 0.7, 0.7}, Kind::CtNormalised, -1},
      {"iso_down_o3", 3, 1, {31, 29, 27}, {0.8, 0.75, 0.75}, {1.2, 1.1, 1.3}, Kind::CtNormalised, -1},
      {"iso_mixed_o3_2ch", 3, 2, {21, 26, 25}, {1.5, 0.7, 0.7}, {1.0, 0.78, 0.78}, Kind::CtNormalised, -1},
      {"iso_down_o3_hu", 3, 1, {25, 33, 29}, {0.8, 0.75, 0.75}, {1.2, 1.1, 1.3}, Kind::CtHu, -1},
      {"thin_up_o3", 3, 1, {2, 15, 16}, iso, {0.4, 0.9, 0.9}, Kind::CtNormalised, -1},
      {"aniso_up_o3", 3, 1, {9, 33, 31}, {5.0, 0.8, 0.8}, {2.5, 0.7, 0.7}, Kind::CtNormalised, 0},
      {"aniso_down_o3_2ch", 3, 2, {13, 41, 39}, {4.0, 0.6, 0.6}, {5.0, 0.9, 0.9}, Kind::CtNormalised, 0},
      {"aniso_axis2_o3", 3, 1, {35, 37, 7}, {0.7, 0.7, 3.0}, {0.9, 0.8, 2.0}, Kind::CtNormalised, 2},
      {"aniso_target_o3", 3, 1, {20, 22, 24}, iso, {3.5, 0.9, 1.1}, Kind::CtNormalised, 0},
      {"aniso_z_only_o3", 3, 1, {12, 20, 21}, {5.0, 1.0, 1.0}, {2.0, 1.0, 1.0}, Kind::CtNormalised, 0},
      {"two_lowres_o3", 3, 1, {40, 11, 13}, {0.5, 2.0, 2.0}, {0.8, 1.5, 1.5}, Kind::CtNormalised, -1},
      {"iso_up_o1", 1, 3, {17, 23, 19}, iso, {0.7, 0.7, 0.7}, Kind::Logits, -1},
      {"iso_down_o1", 1, 3, {31, 29, 27}, {1.2, 1.1, 1.3}, {1.6, 1.5, 1.9}, Kind::Logits, -1},
      {"aniso_up_o1", 1, 3, {10, 27, 26}, {5.0, 0.9, 0.9}, {4.0, 0.6, 0.6}, Kind::Logits, 0},
      {"aniso_down_o1", 1, 2, {18, 38, 35}, {2.5, 0.7, 0.7}, {5.0, 0.8, 0.8}, Kind::Logits, 0},
      {"aniso_axis1_o1", 1, 2, {23, 6, 25}, {1.0, 4.0, 1.0}, {0.8, 3.0, 1.2}, Kind::Logits, 1},
  };
  unsigned seed = 1;
  for (auto& c : cs) {
    c.newShape = newShapeFor(c.shape, c.cur, c.neu);
    c.input = makeInput(c, seed++);
  }
  return cs;
}

}  // namespace

TEST_CASE("nnU-Net's separate-z decision (determine_do_sep_z_and_axis, threshold 3)", "[resampling]") {
  CHECK(separateZAxis({1, 1, 1}, {1, 1, 1}) == -1);
  CHECK(separateZAxis({3, 1, 1}, {3, 1, 1}) == -1);          // max/min == 3 is not > 3
  CHECK(separateZAxis({3.0001, 1, 1}, {1, 1, 1}) == 0);      // current spacing decides first
  CHECK(separateZAxis({1, 1, 5}, {1, 1, 1}) == 2);
  CHECK(separateZAxis({1, 1, 1}, {1, 4, 1}) == 1);           // otherwise the new spacing
  CHECK(separateZAxis({0.24, 1.25, 1.25}, {1, 1, 1}) == -1);  // two low-resolution axes: all axes together
  CHECK(separateZAxis({0.5, 2, 2}, {5, 1, 1}) == -1);        // ... without falling back to the new spacing
  CHECK(separateZAxis({2.5, 0.78, 0.78}, {1, 1, 1}) == 0);   // 2.5 / 0.78 = 3.2 > 3, one coarse axis
}

TEST_CASE("exact resampling equals nnU-Net's skimage/scipy resampling within 1e-4", "[resampling]") {
  requireScipy();
  const std::string dir = hccws::test::tmpDir("resampling_reference");
  auto cs = cases();
  {
    std::ofstream list(dir + "/cases.txt");
    for (const auto& c : cs) {
      list << c.name << ' ' << c.order << ' ' << c.channels;
      for (auto v : c.shape) list << ' ' << v;
      for (auto v : c.newShape) list << ' ' << v;
      list.precision(17);
      for (auto v : c.cur) list << ' ' << v;
      for (auto v : c.neu) list << ' ' << v;
      list << '\n';
      std::ofstream in(dir + "/" + c.name + ".in.f64", std::ios::binary);
      in.write(reinterpret_cast<const char*>(c.input.data()),
               static_cast<std::streamsize>(c.input.size() * sizeof(double)));
    }
  }
  // Values for numpy's float64 -> float16 cast: random, near float16 ties (where rounding through float32
  // goes wrong), subnormal, around the largest float16 and beyond.
  std::vector<double> halfIn;
  {
    std::mt19937_64 rng(99);
    std::normal_distribution<double> nd(0.0, 4.0);
    for (int i = 0; i < 200000; ++i) halfIn.push_back(nd(rng));
    std::uniform_int_distribution<int> mant(0, 1023), expo(-14, 15);
    for (int i = 0; i < 20000; ++i) {
      const double lo = std::ldexp(1.0 + mant(rng) / 1024.0, expo(rng));
      const double tie = lo + std::ldexp(1.0, std::ilogb(lo) - 11);  // midway to the next float16
      for (double eps : {-1e-9, -1e-12, 0.0, 1e-12, 1e-9}) halfIn.push_back((i % 2 ? -1 : 1) * tie * (1 + eps));
    }
    for (double v : {0.0, -0.0, 1e-10, 3e-8, 6e-8, 5.96e-8, 2.98e-8, 6.1e-5, 65504.0, 65519.99, 65520.0, 65536.0, 1e6})
      halfIn.push_back(v);
    std::ofstream f(dir + "/float16.in.f64", std::ios::binary);
    f.write(reinterpret_cast<const char*>(halfIn.data()), static_cast<std::streamsize>(halfIn.size() * sizeof(double)));
  }
  const std::string script = std::string(HCCWS_INFER_TEST_DIR) + "/resampling_reference.py";
  const std::string cmd = "'" + python() + "' '" + script + "' '" + dir + "/cases.txt' '" + dir + "' > '" + dir +
                          "/python.log' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream logFile(dir + "/python.log");
  const std::string pyLog((std::istreambuf_iterator<char>(logFile)), std::istreambuf_iterator<char>());
  INFO("reference: " << cmd << "\n" << pyLog);
  REQUIRE(rc == 0);
  std::printf("reference: %s", pyLog.c_str());

  std::map<std::string, int> decisions;
  {
    std::ifstream f(dir + "/decisions.txt");
    std::string name;
    int axis = 0;
    while (f >> name >> axis) decisions[name] = axis;
  }

  double worst = 0.0;
  for (const auto& c : cs) {
    INFO(c.name);
    const int axis = separateZAxis(c.cur, c.neu);
    CHECK(axis == c.expectAxis);
    REQUIRE(decisions.count(c.name) == 1);
    CHECK(decisions[c.name] == axis);

    const std::int64_t nIn = c.shape[0] * c.shape[1] * c.shape[2];
    const std::int64_t nOut = c.newShape[0] * c.newShape[1] * c.newShape[2];
    const auto ref = readDoubles(dir + "/" + c.name + ".ref.f64", static_cast<std::size_t>(nOut * c.channels));

    // float64 (the logits export path) and float32 in and out (the preprocessing path: nnU-Net computes in
    // float64 and stores into the float32 input's dtype).
    std::vector<double> outD(static_cast<std::size_t>(nOut * c.channels));
    std::vector<float> inF(c.input.begin(), c.input.end()), outF(outD.size());
    for (int ch = 0; ch < c.channels; ++ch) {
      resampleChannel(c.input.data() + ch * nIn, c.shape, outD.data() + ch * nOut, c.newShape, c.order, axis);
      resampleChannel(inF.data() + ch * nIn, c.shape, outF.data() + ch * nOut, c.newShape, c.order, axis);
    }
    // The float32 path starts from float32-rounded inputs: its difference to the float64 reference is the
    // input rounding (relative 6e-8, amplified by less than 2 by the B-spline) plus the output rounding.
    double dD = 0.0, dF = 0.0, lo = 1e300, hi = -1e300;
    for (std::size_t i = 0; i < ref.size(); ++i) {
      dD = std::max(dD, std::abs(outD[i] - ref[i]));
      dF = std::max(dF, std::abs(static_cast<double>(outF[i]) - ref[i]));
      lo = std::min(lo, ref[i]);
      hi = std::max(hi, ref[i]);
    }
    const double tol = 1e-4;
    std::printf("%-20s order %d  %2lldx%2lldx%2lld -> %2lldx%2lldx%2lld  axis %2d  values [%8.3f, %8.3f]  max |C++ - "
                "scipy|: float64 %.3g, float32 %.3g\n",
                c.name.c_str(), c.order, static_cast<long long>(c.shape[0]), static_cast<long long>(c.shape[1]),
                static_cast<long long>(c.shape[2]), static_cast<long long>(c.newShape[0]),
                static_cast<long long>(c.newShape[1]), static_cast<long long>(c.newShape[2]), axis, lo, hi, dD, dF);
    CHECK(dD < tol);
    CHECK(dF < std::max(tol, 1e-6 * std::max(std::abs(lo), std::abs(hi))));
    worst = std::max(worst, dD);
  }
  std::printf("largest float64 difference over all cases: %.3g\n", worst);

  const auto halfRef = readDoubles(dir + "/float16.ref.f64", halfIn.size());
  std::size_t wrong = 0, viaFloat = 0;
  for (std::size_t i = 0; i < halfIn.size(); ++i) {
    const double mine = hccws::infer::spline::roundToFloat16(halfIn[i]);
    wrong += !(mine == halfRef[i]);
    // What rounding through float32 gives (the double-rounding roundToFloat16 avoids), for the record.
    viaFloat += !(hccws::infer::spline::roundToFloat16(static_cast<double>(static_cast<float>(halfIn[i]))) == halfRef[i]);
  }
  std::printf("float64 -> float16 like numpy: %zu of %zu differ (rounding through float32 first: %zu differ)\n",
              wrong, halfIn.size(), viaFloat);
  CHECK(wrong == 0);
}
