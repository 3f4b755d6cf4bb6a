#pragma once
// Private to viewer/core: the analytic anatomy of the synthetic phantom and its portable random numbers.
// Coordinates are "anatomy mm": LPS axes, origin at the grid centre in the arterial (reference) position.
#include <hccws/core/geometry.h>
#include <hccws/core/phantom.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace hccws::core::phantom_detail {

// Portable draws: only mt19937_64's raw output is specified by the standard, so the conversions to uniform
// and normal values are done here (std distributions differ between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(2.0 * M_PI * u2);
    hasSpare_ = true;
    return r * std::cos(2.0 * M_PI * u2);
  }
  Vec3 unitVector() {
    const double z = uniform(-1, 1), phi = uniform(0, 2 * M_PI), s = std::sqrt(1 - z * z);
    return {s * std::cos(phi), s * std::sin(phi), z};
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool hasSpare_ = false;
};

// SplitMix64 finaliser: decorrelated seeds for independent streams (per phase, per slice).
inline std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9E3779B97F4A7C15ull * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

enum class Tissue : std::uint8_t {
  Air, SubcutFat, Muscle, VisceralFat, BoneCortex, BoneMarrow, Disc, Canal, Aorta, Ivc, PortalVein, Pvtt,
  KidneyCortex, KidneyMedulla, Spleen, StomachFluid, Gallbladder, Liver,
  TumourHomogeneous, TumourRim, TumourViable, TumourNecrosis, Count
};

inline bool isTumour(Tissue t) {
  return t == Tissue::TumourHomogeneous || t == Tissue::TumourRim || t == Tissue::TumourViable ||
         t == Tissue::TumourNecrosis;
}

struct TumourShape {
  Vec3 centre{0, 0, 0};  // anatomy mm
  double radiusMm = 0;
  bool proliferative = false;
  bool necrotic = false;
  double lobeAmplitude = 0;           // relative radius modulation
  TumourFeatures features;            // varied: per-tumour HU and patterns (phantom.cpp)
  std::array<double, 2> arteryPhase{};  // offsets of the intratumoral artery pattern
  std::array<Vec3, 3> lobeAxes{};     // directions of the lobulation waves
  std::array<double, 3> lobePhase{};  // their phases
  double maxRadius() const { return radiusMm * (1 + lobeAmplitude); }
};

// Where a point lies in a tumour (classify's optional output).
struct TumourHit {
  int index = -1;      // tumour index, -1 outside every tumour
  double rn = 0;       // radius relative to the tumour's local (lobulated) radius
  Vec3 offset{0, 0, 0};  // from the tumour centre, mm
};

class Anatomy {
 public:
  explicit Anatomy(std::uint64_t seed);
  // Places the tumours (diameters in mm, the first is the main one); throws std::invalid_argument when one
  // does not fit inside the liver.
  // features: one per tumour (varied ones), or empty for the fixed subtype pattern.
  void placeTumours(TumourSubtype subtype, const std::vector<double>& diametersMm, Rng& rng,
                    const std::vector<TumourFeatures>& features = {});
  void setPvtt(bool on) { pvtt_ = on; }

  Tissue classify(const Vec3& a, TumourHit* hit = nullptr) const { return classifyImpl(a, true, hit); }
  // <= 0 inside the liver envelope (before vessels and other organs carve it).
  double liverField(const Vec3& a) const;
  // Anatomy-fixed texture in [-1, 1] (patchy enhancement).
  double pattern(const Vec3& a) const;
  const std::vector<TumourShape>& tumours() const { return tumours_; }

 private:
  Tissue classifyImpl(const Vec3& a, bool withTumours, TumourHit* hit = nullptr) const;
  bool tumourFits(const TumourShape& t) const;

  std::array<Vec3, 4> liverWaves_{};
  std::array<double, 4> liverPhases_{};
  std::array<Vec3, 3> patternWaves_{};
  std::array<double, 3> patternPhases_{};
  std::vector<TumourShape> tumours_;
  bool pvtt_ = false;
};

}  // namespace hccws::core::phantom_detail
