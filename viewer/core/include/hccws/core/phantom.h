#pragma once
// Synthetic multi-phase contrast CT of an abdomen with hepatocellular carcinoma (HCC), with ground truth.
// SYNTHETIC PHANTOM - NOT PATIENT DATA. Tests, demos, benchmarks and later training data come from it.
//
// Contract:
// - Deterministic by seed: the same options give bit-identical voxels for any thread count (noise streams
//   are seeded per slice). The draws are portable (own uniform/normal conversions of std::mt19937_64's raw
//   output, no std distributions), so another platform can differ only where its libm rounds sin/log
//   differently in the last bit: rare +-1 HU noise values or single boundary voxels.
// - Anatomy is defined analytically in mm around the centre of the grid (LPS axes: +x patient left,
//   +y posterior, +z superior): body wall (subcutaneous fat, muscle), spine with discs, paraspinal
//   muscles, aorta, IVC, portal vein with branches, spleen, kidneys (cortex/medulla), stomach with a gas
//   cap, gallbladder, an irregular liver (two lobes perturbed with low-frequency noise) and tumours.
// - Enhancement per phase follows typical contrast CT (HU): native (liver ~55, aorta ~40), arterial (aorta
//   ~350, liver ~70, hyperenhancing tumour ~120), portal venous (liver ~110, aorta ~160, portal vein ~180,
//   tumour washout ~80), delayed (liver ~90, tumour ~60). Gaussian noise (sigma noiseSigmaHu).
// - Subtypes (docs: ../shared/docs/science.md, Cao et al. 2025): non-proliferative = smooth, homogeneous
//   arterial hyperenhancement with portal-venous washout (enhances less in PV than AP); proliferative-like =
//   larger by default, lobulated, rim enhancement, heterogeneous viable tissue with higher PV signal, central
//   necrosis. Optional portal vein tumour thrombus (PVTT, label 3) in the main portal vein.
// - All phases share one grid (same scanner field of view). Between phases the patient moves rigidly:
//   phase.arterialToPhase maps an arterial world point (LPS mm) to the world point where the same anatomy
//   lies in that phase: the fixed -> moving map a registration with fixed = arterial must recover, and the
//   transform resample() takes to bring the phase onto the arterial grid.
// - truthLabels lie on the arterial grid: 1 liver (with intrahepatic portal branches), 2 tumour,
//   3 PVTT. Throws std::invalid_argument for impossible options (a tumour that does not fit in the liver,
//   empty dims, non-positive spacing). Progress per slice; Cancelled when the sink says stop.
#include <hccws/core/geometry.h>
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/resample.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

enum class TumourSubtype { NonProliferative, Proliferative };
// "nonproliferative" / "proliferative"; the parser also accepts "np", "p", "non-proliferative".
std::string toString(TumourSubtype subtype);
std::optional<TumourSubtype> tumourSubtypeFromString(const std::string& text);

// Rigid motion about the grid centre: Euler angles in degrees (about L, P, S; R = Rz Ry Rx) and mm.
struct RigidMotion {
  Vec3 rotationDeg{0, 0, 0};
  Vec3 translationMm{0, 0, 0};
};

// Imaging features of one tumour. With PhantomOptions::varyTumourFeatures they are drawn per tumour from
// subtype-conditional distributions that overlap (docs/pmn.md "Phantom subtypes", after the radiology of
// proliferative HCC: rim arterial enhancement, necrosis, irregular margin, intratumoral arteries, less washout
// vs homogeneous hyperenhancement with washout and a capsule), and a tenth of the tumours look like the other
// subtype (`discordant`), so that no single feature decides and a classifier cannot be perfect. Without it
// the fixed pattern of each subtype (the header comment above) is used and these fields are not set.
struct TumourFeatures {
  bool varied = false;
  bool discordant = false;        // features drawn from the other subtype's distributions
  double arterialHu = 0;          // viable tissue, arterial phase mean
  double portalVenousHu = 0;      // viable tissue, portal venous mean (delayed: 15 HU less)
  double heterogeneityHu = 0;     // amplitude of the patchy texture
  double lobeAmplitude = 0;       // margin irregularity (relative radius modulation)
  bool rimEnhancement = false;    // arterial rim (outer 18 % of the radius) +30 HU
  bool necrosis = false;          // central necrosis (tumours >= 30 mm)
  bool capsule = false;           // enhancing capsule in portal venous / delayed (outer 8 %) +30 HU
  bool intratumoralArteries = false;  // tubular arterial-phase enhancement +150 HU
};

struct PhantomOptions {
  Dims3 dims{160, 160, 80};
  Vec3 spacingMm{2.0, 2.0, 2.5};
  std::uint64_t seed = 7;
  TumourSubtype subtype = TumourSubtype::NonProliferative;
  int tumourCount = 1;
  // Diameters (mm) of tumours 1..n; missing ones default to 55 mm (non-proliferative) or 80 mm
  // (proliferative) for the first, and 35% of the first (at least 15 mm) for satellites.
  std::vector<double> tumourDiametersMm;
  bool pvtt = false;
  std::vector<PhaseKind> phases{PhaseKind::Native, PhaseKind::Arterial, PhaseKind::PortalVenous,
                                PhaseKind::Delayed};
  // Motion of each phase relative to the arterial one (arterial itself never moves).
  RigidMotion portalVenousMotion{{1.5, -1.0, 2.5}, {3.0, -4.0, 6.0}};
  RigidMotion delayedMotion{{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};
  RigidMotion nativeMotion{{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}};
  double noiseSigmaHu = 10.0;
  // Draw each tumour's features (and, when tumourDiametersMm does not give it, its diameter) per seed from
  // overlapping subtype distributions (TumourFeatures); the anatomy and the other draws stay as without it.
  bool varyTumourFeatures = false;
  unsigned threads = 0;  // 0 = hardware concurrency (at most 8); the result does not depend on it
};

struct PhantomTumour {
  Vec3 centreLps{0, 0, 0};  // arterial world frame
  double nominalDiameterMm = 0;
  bool necrotic = false;
  TumourFeatures features;  // varied only with PhantomOptions::varyTumourFeatures
};

struct PhantomPhase {
  PhaseKind kind = PhaseKind::Unknown;
  CtVolume volume;
  AffineTransform arterialToPhase;  // see the contract above
  RigidMotion motion;
  double delayAfterBolusS = 0;  // acquisition delay after bolus start; negative for native (before it)
};

struct Phantom {
  PhantomOptions options;
  Geometry geometry;  // the grid every phase and the labels use
  std::vector<PhantomPhase> phases;
  LabelMap truthLabels;  // arterial grid
  std::vector<PhantomTumour> tumours;

  const PhantomPhase* find(PhaseKind kind) const;
};

Phantom generatePhantom(const PhantomOptions& options, const ProgressSink& progress = {});

// The synthetic treatment-response rule of phantom cohorts (docs/pmn.md; invented for the demo, not from any
// study): p(response | TACE) = sigmoid(1.2 - 2.0 x proliferative - 0.02 x (diameter - 60 mm)),
// p(response | HAIC) = sigmoid(0.9 - 0.5 x proliferative - 0.01 x (diameter - 60 mm)): proliferative tumours
// respond poorly to TACE and HAIC helps them more (the study's conclusion). Both outcomes are drawn from the
// seed (one per arm; a cohort observes the arm the case was assigned).
struct SyntheticResponse {
  double pTace = 0, pHaic = 0;
  bool tace = false, haic = false;
};
SyntheticResponse syntheticArmResponse(TumourSubtype subtype, double diameterMm, std::uint64_t seed);

// One case of a synthetic PMN cohort (`hccws phantom --cohort`): proliferative with p = 0.47 (the share in Cao
// et al.'s label cohort, science.md), arm TACE or HAIC with p = 0.5, both from the seed.
struct PhantomCohortDraw {
  TumourSubtype subtype = TumourSubtype::NonProliferative;
  std::string arm;  // "TACE" or "HAIC"
};
PhantomCohortDraw phantomCohortDraw(std::uint64_t seed);

// Writes a phantom case into `folder` (created):
//   <phase>.nii.gz for each phase (arterial.nii.gz, portal_venous.nii.gz, ...), truth_labels.nii.gz (arterial
//   grid), dicom/<phase>/IMG0001.dcm... (one study, one frame of reference, real CT tags, bolus and
//   acquisition times consistent with the phase delay) unless writeDicom is false, and truth.json (true
//   facts: volumes, diameters, count, subtype, PVTT, transforms, seed).
// Throws ImagingError naming the file on write failures.
struct PhantomWriteOptions {
  bool writeDicom = true;
  bool writeNifti = true;
};
void writePhantomCase(const Phantom& phantom, const std::string& folder, const PhantomWriteOptions& options = {},
                      const ProgressSink& progress = {});
// The truth.json text (pretty-printed JSON) that writePhantomCase writes.
std::string phantomTruthJson(const Phantom& phantom);

}  // namespace hccws::core
