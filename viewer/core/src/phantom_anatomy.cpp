// The phantom's anatomy: simple analytic shapes in anatomy mm (LPS, centred on the grid). Sizes are those of
// an average adult abdomen (body 300 x 220 mm, liver ~1.5 L, kidneys ~11 cm long).
#include "phantom_anatomy.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace hccws::core::phantom_detail {

namespace {

struct Ellipsoid {
  Vec3 c, r;
  double q(const Vec3& a) const {
    const double x = (a[0] - c[0]) / r[0], y = (a[1] - c[1]) / r[1], z = (a[2] - c[2]) / r[2];
    return x * x + y * y + z * z;
  }
};

double ellipse2(double x, double y, double cx, double cy, double rx, double ry) {
  const double u = (x - cx) / rx, v = (y - cy) / ry;
  return u * u + v * v;
}

// Squared distance from a to segment p-q, and the segment parameter t in [0, 1] of the closest point.
double segmentDistance2(const Vec3& a, const Vec3& p, const Vec3& q, double& t) {
  const Vec3 d{q[0] - p[0], q[1] - p[1], q[2] - p[2]};
  const Vec3 w{a[0] - p[0], a[1] - p[1], a[2] - p[2]};
  t = std::clamp(dot(w, d) / dot(d, d), 0.0, 1.0);
  const Vec3 e{w[0] - t * d[0], w[1] - t * d[1], w[2] - t * d[2]};
  return dot(e, e);
}

// Body outline and wall (ellipses in the axial plane).
constexpr double kBodyRx = 150, kBodyRy = 110, kBodyCy = 5, kFat = 18, kWall = 10;
const Ellipsoid kRightLobe{{-60, -5, 20}, {66, 75, 80}};
const Ellipsoid kLeftLobe{{12, -40, 38}, {55, 32, 40}};
const Ellipsoid kSpleen{{92, 38, 25}, {32, 48, 55}};
const Ellipsoid kStomach{{55, -28, 45}, {38, 30, 35}};
const Ellipsoid kGallbladder{{-38, -45, -20}, {14, 14, 30}};
// Portal vein: main trunk from the confluence to the hilum, then right and left branches into the liver.
const Vec3 kPvConfluence{0, -5, -55}, kPvHilum{-38, 2, -5}, kPvRight{-88, 6, 15}, kPvLeft{12, -32, 22};
constexpr double kPvMainR = 7, kPvRightR = 5, kPvLeftR = 4.5;

}  // namespace

Anatomy::Anatomy(std::uint64_t seed) {
  Rng rng(mixSeed(seed, 1001));
  for (int m = 0; m < 4; ++m) {
    const Vec3 u = rng.unitVector();
    const double k = 2 * M_PI / rng.uniform(55, 90);  // low-frequency bumps of the liver surface
    liverWaves_[m] = {u[0] * k, u[1] * k, u[2] * k};
    liverPhases_[m] = rng.uniform(0, 2 * M_PI);
  }
  for (int m = 0; m < 3; ++m) {
    const Vec3 u = rng.unitVector();
    const double k = 2 * M_PI / rng.uniform(10, 18);  // patchy texture of a few mm
    patternWaves_[m] = {u[0] * k, u[1] * k, u[2] * k};
    patternPhases_[m] = rng.uniform(0, 2 * M_PI);
  }
}

double Anatomy::liverField(const Vec3& a) const {
  const double q = std::min(kRightLobe.q(a), kLeftLobe.q(a));
  if (q > 2.0) return 1.0;  // far outside: skip the noise
  double n = 0;
  for (int m = 0; m < 4; ++m) n += std::sin(dot(liverWaves_[m], a) + liverPhases_[m]);
  return std::sqrt(q) - 1.0 + 0.035 * n;  // +-14% of the radius at most
}

double Anatomy::pattern(const Vec3& a) const {
  const double p = std::sin(dot(patternWaves_[0], a) + patternPhases_[0]) *
                   std::sin(dot(patternWaves_[1], a) + patternPhases_[1]);
  return 0.7 * p + 0.3 * std::sin(dot(patternWaves_[2], a) + patternPhases_[2]);
}

Tissue Anatomy::classifyImpl(const Vec3& a, bool withTumours, TumourHit* hit) const {
  const double x = a[0], y = a[1], z = a[2];
  if (ellipse2(x, y, 0, kBodyCy, kBodyRx, kBodyRy) > 1) return Tissue::Air;
  // Spine: vertebral bodies separated by discs every 32 mm, posterior arch around the canal.
  const double vb2 = x * x + (y - 50) * (y - 50);
  if (vb2 < 18 * 18) {
    if (std::fmod(z + 1000.0, 32.0) < 6.0) return Tissue::Disc;
    return vb2 > 15 * 15 ? Tissue::BoneCortex : Tissue::BoneMarrow;
  }
  const double arch2 = x * x + (y - 80) * (y - 80);
  if (arch2 < 7 * 7) return Tissue::Canal;
  if (arch2 < 13 * 13 || (std::abs(x) < 4 && y > 90 && y < 108)) return Tissue::BoneCortex;
  if (ellipse2(std::abs(x), y, 38, 82, 24, 18) < 1) return Tissue::Muscle;  // paraspinal muscles
  if (ellipse2(x, y, 0, kBodyCy, kBodyRx - kFat, kBodyRy - kFat) > 1) return Tissue::SubcutFat;
  if (ellipse2(x, y, 0, kBodyCy, kBodyRx - kFat - kWall, kBodyRy - kFat - kWall) > 1) return Tissue::Muscle;
  // Inside the abdominal cavity.
  if (ellipse2(x, y, 12, 18, 11, 11) < 1) return Tissue::Aorta;
  if (ellipse2(x, y, -22, 26, 10, 10) < 1) return Tissue::Ivc;
  for (double side : {-1.0, 1.0}) {
    const double k = Ellipsoid{{side * 68, 50, -35}, {28, 22, 52}}.q(a);
    if (k < 1) return k < 0.35 ? Tissue::KidneyMedulla : Tissue::KidneyCortex;
  }
  if (kSpleen.q(a) < 1) return Tissue::Spleen;
  if (kStomach.q(a) < 1) return y < -44 ? Tissue::Air : Tissue::StomachFluid;
  if (kGallbladder.q(a) < 1) return Tissue::Gallbladder;
  if (withTumours) {
    for (std::size_t ti = 0; ti < tumours_.size(); ++ti) {
      const auto& t = tumours_[ti];
      const Vec3 d{x - t.centre[0], y - t.centre[1], z - t.centre[2]};
      const double r2 = dot(d, d), rmax = t.maxRadius();
      if (r2 > rmax * rmax) continue;
      const double r = std::sqrt(r2);
      double lobe = 0;
      if (t.lobeAmplitude > 0 && r > 0) {
        const Vec3 u{d[0] / r, d[1] / r, d[2] / r};
        for (int m = 0; m < 3; ++m) lobe += std::sin(3.0 * dot(t.lobeAxes[m], u) + t.lobePhase[m]) / 3.0;
      }
      const double reff = t.radiusMm * (1 + t.lobeAmplitude * lobe);
      if (r > reff) continue;
      const double rn = r / reff;
      if (hit) *hit = {static_cast<int>(ti), rn, d};
      if (t.features.varied) {
        if (t.necrotic && rn < 0.4 + 0.08 * std::sin(dot(t.lobeAxes[0], d) * 0.3)) return Tissue::TumourNecrosis;
        return t.features.rimEnhancement && rn > 0.82 ? Tissue::TumourRim : Tissue::TumourViable;
      }
      if (!t.proliferative) return Tissue::TumourHomogeneous;
      if (t.necrotic && rn < 0.4 + 0.08 * std::sin(dot(t.lobeAxes[0], d) * 0.3)) return Tissue::TumourNecrosis;
      return rn > 0.82 ? Tissue::TumourRim : Tissue::TumourViable;
    }
  }
  double t = 0;
  if (segmentDistance2(a, kPvConfluence, kPvHilum, t) < kPvMainR * kPvMainR) {
    // The thrombus fills most of the lumen of the hepatic half of the main trunk.
    if (pvtt_ && t > 0.45 && segmentDistance2(a, kPvConfluence, kPvHilum, t) < 0.85 * 0.85 * kPvMainR * kPvMainR)
      return Tissue::Pvtt;
    return Tissue::PortalVein;
  }
  if (segmentDistance2(a, kPvHilum, kPvRight, t) < kPvRightR * kPvRightR ||
      segmentDistance2(a, kPvHilum, kPvLeft, t) < kPvLeftR * kPvLeftR)
    return Tissue::PortalVein;
  if (liverField(a) <= 0) return Tissue::Liver;
  return Tissue::VisceralFat;
}

bool Anatomy::tumourFits(const TumourShape& t) const {
  for (const auto& o : tumours_) {
    const Vec3 d{t.centre[0] - o.centre[0], t.centre[1] - o.centre[1], t.centre[2] - o.centre[2]};
    if (norm(d) < t.maxRadius() + o.maxRadius() + 4.0) return false;
  }
  // The centre lies deep in the liver, and points on a Fibonacci sphere just outside the tumour are liver,
  // intrahepatic portal vein or (for an exophytic bulge, as large HCCs do) visceral fat, mostly liver: no
  // organ or wall clips the tumour, so its voxelised size is the one asked for.
  if (liverField(t.centre) > -0.25) return false;
  constexpr int kPoints = 300;
  const double r = t.maxRadius() + 2.0;
  int liver = 0;
  for (int n = 0; n < kPoints; ++n) {
    const double zc = 1 - 2 * (n + 0.5) / kPoints, s = std::sqrt(1 - zc * zc), phi = n * 2.399963229728653;
    const Vec3 p{t.centre[0] + r * s * std::cos(phi), t.centre[1] + r * s * std::sin(phi), t.centre[2] + r * zc};
    const Tissue tissue = classifyImpl(p, false);
    if (tissue == Tissue::Liver || tissue == Tissue::PortalVein) ++liver;
    else if (tissue != Tissue::VisceralFat) return false;
  }
  return liver >= kPoints * 7 / 10;
}

void Anatomy::placeTumours(TumourSubtype subtype, const std::vector<double>& diametersMm, Rng& rng,
                           const std::vector<TumourFeatures>& features) {
  tumours_.clear();
  const bool prolif = subtype == TumourSubtype::Proliferative;
  for (std::size_t n = 0; n < diametersMm.size(); ++n) {
    TumourShape t;
    t.radiusMm = diametersMm[n] / 2;
    t.proliferative = prolif;
    t.necrotic = prolif && diametersMm[n] >= 30;
    t.lobeAmplitude = prolif ? 0.08 : 0.0;  // proliferative-like: lobulated; non-proliferative: smooth
    for (int m = 0; m < 3; ++m) {
      t.lobeAxes[m] = rng.unitVector();
      t.lobePhase[m] = rng.uniform(0, 2 * M_PI);
    }
    if (n < features.size() && features[n].varied) {
      // The same draws from `rng` as without features, so the anatomy and placement stay comparable.
      t.features = features[n];
      t.necrotic = t.features.necrosis;
      t.lobeAmplitude = t.features.lobeAmplitude;
      t.arteryPhase = {t.lobePhase[1], t.lobePhase[2]};
    }
    bool placed = false;
    for (int attempt = 0; attempt < 3000 && !placed; ++attempt) {
      if (n == 0) {
        // The main tumour sits in the right lobe, as near its centre as the seed's jitter allows.
        const double j = 8 + 30 * std::min(1.0, attempt / 300.0);
        t.centre = {kRightLobe.c[0] + rng.uniform(-j, j), kRightLobe.c[1] + rng.uniform(-j, j),
                    kRightLobe.c[2] + rng.uniform(-j, j)};
      } else {
        t.centre = {rng.uniform(-125, 70), rng.uniform(-75, 70), rng.uniform(-50, 95)};
      }
      placed = tumourFits(t);
    }
    if (!placed) {
      std::ostringstream msg;
      msg << "phantom: tumour " << n + 1 << " of diameter " << diametersMm[n]
          << " mm does not fit inside the phantom liver (try a smaller diameter, at most ~100 mm, or fewer tumours)";
      throw std::invalid_argument(msg.str());
    }
    tumours_.push_back(t);
  }
}

}  // namespace hccws::core::phantom_detail
