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
  unsigned threads = 0;  // 0 = hardware concurrency (at most 8); the result does not depend on it
};

struct PhantomTumour {
  Vec3 centreLps{0, 0, 0};  // arterial world frame
  double nominalDiameterMm = 0;
  bool necrotic = false;
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
