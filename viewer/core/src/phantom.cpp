// Synthetic multi-phase HCC phantom: voxel synthesis from the analytic anatomy (phantom_anatomy.cpp).
#include <hccws/core/phantom.h>

#include "parallel_slices.h"
#include "phantom_anatomy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <stdexcept>

namespace hccws::core {

using phantom_detail::Anatomy;
using phantom_detail::Rng;
using phantom_detail::Tissue;

std::string toString(TumourSubtype s) {
  return s == TumourSubtype::Proliferative ? "proliferative" : "nonproliferative";
}

std::optional<TumourSubtype> tumourSubtypeFromString(const std::string& text) {
  std::string t;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c))) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "proliferative" || t == "p" || t == "prolif") return TumourSubtype::Proliferative;
  if (t == "nonproliferative" || t == "np" || t == "nonprolif") return TumourSubtype::NonProliferative;
  return std::nullopt;
}

const PhantomPhase* Phantom::find(PhaseKind kind) const {
  for (const auto& p : phases)
    if (p.kind == kind) return &p;
  return nullptr;
}

namespace {

// Where the grid centre lies in the world (LPS mm): a typical table position for an abdominal scan.
constexpr Vec3 kGridCentreLps{0.0, 15.0, -160.0};

int phaseColumn(PhaseKind k) {
  switch (k) {
    case PhaseKind::Native: return 0;
    case PhaseKind::Arterial: return 1;
    case PhaseKind::PortalVenous: return 2;
    case PhaseKind::Delayed: return 3;
    default: throw std::invalid_argument("phantom: phase '" + toString(k) + "' cannot be synthesised");
  }
}

// Mean HU per tissue for native, arterial (late arterial ~35 s), portal venous (~70 s), delayed (~180 s).
// Typical values of multiphase liver CT; the tumour columns follow the HCC pattern (arterial
// hyperenhancement, washout) and, for proliferative-like tumours, Cao et al. 2025's observation of a
// higher portal-venous signal (science.md).
constexpr std::array<std::array<float, 4>, static_cast<std::size_t>(Tissue::Count)> kHu = {{
    {-1000, -1000, -1000, -1000},  // Air
    {-100, -100, -100, -100},      // SubcutFat
    {50, 55, 62, 58},              // Muscle
    {-90, -90, -88, -88},          // VisceralFat
    {700, 700, 700, 700},          // BoneCortex
    {220, 222, 225, 225},          // BoneMarrow
    {85, 88, 90, 90},              // Disc
    {15, 15, 15, 15},              // Canal
    {40, 350, 160, 120},           // Aorta
    {40, 90, 150, 120},            // Ivc (unopacified return in the arterial phase)
    {40, 130, 180, 130},           // PortalVein
    {40, 95, 75, 65},              // Pvtt: tumour thrombus enhances arterially, washes out
    {30, 190, 170, 140},           // KidneyCortex (corticomedullary phase in arterial)
    {30, 90, 165, 150},            // KidneyMedulla
    {45, 115, 120, 100},           // Spleen
    {15, 15, 15, 15},              // StomachFluid
    {10, 10, 10, 10},              // Gallbladder
    {55, 70, 110, 90},             // Liver
    {40, 120, 80, 60},             // TumourHomogeneous (non-proliferative: washout)
    {45, 135, 125, 100},           // TumourRim (proliferative-like)
    {40, 95, 115, 95},             // TumourViable (proliferative-like: PV >= AP)
    {25, 28, 30, 30},              // TumourNecrosis
}};
// Amplitude (HU) of the anatomy-fixed patchy texture per tissue and phase.
float textureHu(Tissue t, int column) {
  switch (t) {
    case Tissue::Liver: return 4;
    case Tissue::Spleen: return column == 1 ? 25 : 4;  // arterial "moire" spleen
    case Tissue::TumourViable: return column == 0 ? 5 : 22;
    case Tissue::TumourRim: return column == 0 ? 3 : 12;
    case Tissue::TumourHomogeneous: return 3;
    default: return 0;
  }
}

std::uint8_t labelOf(Tissue t, const Anatomy& anatomy, const Vec3& a) {
  if (phantom_detail::isTumour(t)) return static_cast<std::uint8_t>(StandardLabel::Tumour);
  if (t == Tissue::Pvtt) return static_cast<std::uint8_t>(StandardLabel::PortalVeinThrombus);
  if (t == Tissue::Liver || (t == Tissue::PortalVein && anatomy.liverField(a) <= 0))
    return static_cast<std::uint8_t>(StandardLabel::Liver);
  return 0;
}

double defaultDelayS(PhaseKind k) {
  switch (k) {
    case PhaseKind::Native: return -90;
    case PhaseKind::Arterial: return 35;
    case PhaseKind::PortalVenous: return 70;
    case PhaseKind::Delayed: return 180;
    default: return 0;
  }
}

void validate(const PhantomOptions& o) {
  for (int a = 0; a < 3; ++a) {
    if (o.dims[a] < 2 || o.dims[a] > 2048) throw std::invalid_argument("phantom: each dimension must be 2..2048");
    if (!(o.spacingMm[a] > 0.05) || o.spacingMm[a] > 20)
      throw std::invalid_argument("phantom: spacing must be between 0.05 and 20 mm");
  }
  if (o.tumourCount < 0 || o.tumourCount > 20) throw std::invalid_argument("phantom: tumour count must be 0..20");
  for (double d : o.tumourDiametersMm)
    if (!(d >= 5 && d <= 150)) throw std::invalid_argument("phantom: tumour diameters must be 5..150 mm");
  if (o.phases.empty()) throw std::invalid_argument("phantom: no phase requested");
  for (PhaseKind k : o.phases) phaseColumn(k);
  if (!(o.noiseSigmaHu >= 0)) throw std::invalid_argument("phantom: noise sigma must be >= 0");
}

// Per-tumour features from overlapping subtype distributions (TumourFeatures; docs/pmn.md "Phantom
// subtypes"). Own stream per seed and tumour, so the anatomy's draws are unchanged.
TumourFeatures drawFeatures(TumourSubtype subtype, double diameterMm, std::uint64_t seed, std::size_t n) {
  Rng r(phantom_detail::mixSeed(seed, 4004 + n));
  TumourFeatures f;
  f.varied = true;
  f.discordant = r.uniform() < 0.10;
  const bool prolifLook = (subtype == TumourSubtype::Proliferative) != f.discordant;
  if (prolifLook) {
    f.arterialHu = 105 + 15 * r.normal();
    f.portalVenousHu = f.arterialHu + r.uniform(-25, 20);  // little or no washout (higher PV signal)
    f.heterogeneityHu = r.uniform(10, 25);
    f.lobeAmplitude = r.uniform(0.04, 0.14);
    f.rimEnhancement = r.uniform() < 0.60;
    f.necrosis = diameterMm >= 30 && r.uniform() < 0.55;
    f.capsule = r.uniform() < 0.20;
    f.intratumoralArteries = r.uniform() < 0.50;
  } else {
    f.arterialHu = 118 + 15 * r.normal();
    f.portalVenousHu = f.arterialHu - r.uniform(10, 55);  // washout
    f.heterogeneityHu = r.uniform(2, 12);
    f.lobeAmplitude = r.uniform(0.0, 0.07);
    f.rimEnhancement = r.uniform() < 0.15;
    f.necrosis = diameterMm >= 30 && r.uniform() < 0.15;
    f.capsule = r.uniform() < 0.60;
    f.intratumoralArteries = r.uniform() < 0.10;
  }
  return f;
}

double drawDiameter(TumourSubtype subtype, std::uint64_t seed) {
  Rng r(phantom_detail::mixSeed(seed, 4100));
  // at most 75 mm: with the most irregular margin (+14 % radius) the tumour still fits the phantom liver
  return subtype == TumourSubtype::Proliferative ? std::clamp(66 + 14 * r.normal(), 35.0, 75.0)
                                                 : std::clamp(56 + 13 * r.normal(), 30.0, 75.0);
}

// HU of a varied tumour's voxel (not necrosis): the tumour's own means, rim, capsule, arteries, texture.
double variedTumourHu(const phantom_detail::TumourShape& t, Tissue tissue, int column, const phantom_detail::TumourHit& hit,
                      const Anatomy& anatomy, const Vec3& a) {
  const TumourFeatures& f = t.features;
  double v = column == 0 ? 40.0 : column == 1 ? f.arterialHu : column == 2 ? f.portalVenousHu : f.portalVenousHu - 15;
  if (tissue == Tissue::TumourRim) v += column == 1 ? 30 : column == 2 ? 5 : 0;
  if (f.capsule && hit.rn > 0.92 && column >= 2) v += 30;
  if (f.intratumoralArteries && column >= 1) {
    // thin tubes where two planes' waves cross zero: vessels ~3 mm wide every ~22 mm
    const double k = 2 * M_PI / 22.0;
    const double s1 = std::sin(k * dot(t.lobeAxes[1], hit.offset) + t.arteryPhase[0]);
    const double s2 = std::sin(k * dot(t.lobeAxes[2], hit.offset) + t.arteryPhase[1]);
    if (std::abs(s1) < 0.22 && std::abs(s2) < 0.22 && hit.rn < 0.85) v += column == 1 ? 150 : 30;
  }
  v += (column == 0 ? 5.0 : f.heterogeneityHu) * anatomy.pattern(a);
  return v;
}

}  // namespace

SyntheticResponse syntheticArmResponse(TumourSubtype subtype, double diameterMm, std::uint64_t seed) {
  const double prolif = subtype == TumourSubtype::Proliferative ? 1.0 : 0.0;
  const auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  SyntheticResponse r;
  r.pTace = sigmoid(1.2 - 2.0 * prolif - 0.02 * (diameterMm - 60));
  r.pHaic = sigmoid(0.9 - 0.5 * prolif - 0.01 * (diameterMm - 60));
  Rng rng(phantom_detail::mixSeed(seed, 4200));
  r.tace = rng.uniform() < r.pTace;
  r.haic = rng.uniform() < r.pHaic;
  return r;
}

PhantomCohortDraw phantomCohortDraw(std::uint64_t seed) {
  Rng rng(phantom_detail::mixSeed(seed, 4300));
  PhantomCohortDraw d;
  d.subtype = rng.uniform() < 0.47 ? TumourSubtype::Proliferative : TumourSubtype::NonProliferative;
  d.arm = rng.uniform() < 0.5 ? "TACE" : "HAIC";
  return d;
}

Phantom generatePhantom(const PhantomOptions& o, const ProgressSink& progress) {
  validate(o);
  Phantom ph;
  ph.options = o;
  Geometry& g = ph.geometry;
  g.dims = o.dims;
  g.spacingMm = o.spacingMm;
  for (int a = 0; a < 3; ++a) g.originLps[a] = kGridCentreLps[a] - 0.5 * o.spacingMm[a] * (o.dims[a] - 1.0);

  Anatomy anatomy(o.seed);
  Rng rng(phantom_detail::mixSeed(o.seed, 2002));
  std::vector<double> diameters(static_cast<std::size_t>(o.tumourCount));
  for (std::size_t n = 0; n < diameters.size(); ++n) {
    if (n < o.tumourDiametersMm.size()) diameters[n] = o.tumourDiametersMm[n];
    else if (n == 0 && o.varyTumourFeatures) diameters[n] = drawDiameter(o.subtype, o.seed);
    else if (n == 0) diameters[n] = o.subtype == TumourSubtype::Proliferative ? 80.0 : 55.0;
    else diameters[n] = std::max(15.0, 0.35 * diameters[0]);
  }
  std::vector<TumourFeatures> features;
  if (o.varyTumourFeatures)
    for (std::size_t n = 0; n < diameters.size(); ++n) features.push_back(drawFeatures(o.subtype, diameters[n], o.seed, n));
  anatomy.placeTumours(o.subtype, diameters, rng, features);
  anatomy.setPvtt(o.pvtt);
  for (std::size_t n = 0; n < diameters.size(); ++n) {
    const auto& t = anatomy.tumours()[n];
    ph.tumours.push_back({{t.centre[0] + kGridCentreLps[0], t.centre[1] + kGridCentreLps[1],
                           t.centre[2] + kGridCentreLps[2]},
                          diameters[n], t.necrotic, t.features});
  }

  // One pass per phase; the labels come with the arterial pass (or a pass of their own without it).
  std::vector<PhaseKind> kinds;
  for (PhaseKind k : o.phases)
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  const bool labelsWithArterial = std::find(kinds.begin(), kinds.end(), PhaseKind::Arterial) != kinds.end();
  const double passes = kinds.size() + (labelsWithArterial ? 0 : 1);
  ph.truthLabels.labels = Volume<std::uint8_t>(g, 0);
  std::uint8_t* labels = ph.truthLabels.labels.data();
  const long nx = long(g.dims[0]), ny = long(g.dims[1]), nz = long(g.dims[2]);
  const std::size_t sliceSize = g.dims[0] * g.dims[1];

  auto anatomyPoint = [&](const AffineTransform& phaseToArterial, long i, long j, long k) {
    const Vec3 w = phaseToArterial.apply(g.indexToWorld({double(i), double(j), double(k)}));
    return Vec3{w[0] - kGridCentreLps[0], w[1] - kGridCentreLps[1], w[2] - kGridCentreLps[2]};
  };

  int pass = 0;
  for (PhaseKind kind : kinds) {
    PhantomPhase phase;
    phase.kind = kind;
    phase.motion = kind == PhaseKind::PortalVenous ? o.portalVenousMotion
                   : kind == PhaseKind::Delayed    ? o.delayedMotion
                   : kind == PhaseKind::Native     ? o.nativeMotion
                                                   : RigidMotion{};
    phase.arterialToPhase = AffineTransform::rigid(phase.motion.rotationDeg, phase.motion.translationMm, kGridCentreLps);
    phase.delayAfterBolusS = defaultDelayS(kind);
    const AffineTransform phaseToArterial = phase.arterialToPhase.inverse();
    const int column = phaseColumn(kind);
    const bool withLabels = kind == PhaseKind::Arterial;
    phase.volume = CtVolume(g, 0);
    std::int16_t* out = phase.volume.data();
    const ProgressScope scope(progress, pass / passes, (pass + 1) / passes);
    detail::parallelSlices(nz, o.threads, scope.sink(), "synthesising " + toString(kind) + " phase", [&](long k) {
      // One noise stream per (seed, phase, slice): identical results for any thread count.
      Rng noise(phantom_detail::mixSeed(phantom_detail::mixSeed(o.seed, 3000 + column), std::uint64_t(k)));
      for (long j = 0; j < ny; ++j)
        for (long i = 0; i < nx; ++i) {
          const Vec3 a = anatomyPoint(phaseToArterial, i, j, k);
          phantom_detail::TumourHit hit;
          const Tissue t = anatomy.classify(a, &hit);
          double v = o.noiseSigmaHu * noise.normal();
          const auto* shape = hit.index >= 0 ? &anatomy.tumours()[static_cast<std::size_t>(hit.index)] : nullptr;
          if (shape && shape->features.varied && t != Tissue::TumourNecrosis) {
            v += variedTumourHu(*shape, t, column, hit, anatomy, a);
          } else {
            v += kHu[static_cast<std::size_t>(t)][column];
            if (const float tex = textureHu(t, column); tex != 0) v += tex * anatomy.pattern(a);
          }
          const std::size_t idx = std::size_t(k) * sliceSize + std::size_t(j) * g.dims[0] + std::size_t(i);
          out[idx] = static_cast<std::int16_t>(std::clamp(std::lround(v), -1024L, 3071L));
          if (withLabels) labels[idx] = labelOf(t, anatomy, a);
        }
    });
    ph.phases.push_back(std::move(phase));
    ++pass;
  }
  if (!labelsWithArterial) {
    const ProgressScope scope(progress, pass / passes, 1.0);
    const AffineTransform identity;
    detail::parallelSlices(nz, o.threads, scope.sink(), "labelling", [&](long k) {
      for (long j = 0; j < ny; ++j)
        for (long i = 0; i < nx; ++i) {
          const Vec3 a = anatomyPoint(identity, i, j, k);
          labels[std::size_t(k) * sliceSize + std::size_t(j) * g.dims[0] + std::size_t(i)] =
              labelOf(anatomy.classify(a), anatomy, a);
        }
    });
  }
  return ph;
}

}  // namespace hccws::core
