#pragma once
// Registration of one CT phase onto another (portal venous onto arterial by default).
//
// Method: multi-resolution rigid registration (versor rigid 3D transform, rotation centre = centre of the
// fixed grid) with Mattes mutual information, regular sampling with jitter inside a body mask of the fixed
// image (> -500 HU, largest connected component), regular-step gradient descent with physical-shift
// scales; optional affine refinement at the finest level. The pyramid is built by block averaging to a
// target voxel size per level (e.g. 4 then 2 mm) instead of smoothing full-resolution volumes: on a
// 512x512x300 pair that keeps time and memory low (platform notes: full resolution took 104-231 s and
// 7.6 GB; a shrunk, masked schedule a few seconds).
//
// Contract:
// - Frames: both images in LPS mm; the result maps FIXED world points to MOVING world points (ITK's
//   convention), exactly what resample() needs to put the moving image onto the fixed grid.
// - Deterministic for given inputs and options (fixed sampling seed).
// - Threading: synchronous; ITK uses up to `threads` work units (0 = ITK's default). Progress is reported
//   per optimizer iteration from the calling thread; returning false stops the optimizer and throws
//   Cancelled.
// - Failures: empty images or an empty body mask throw ImagingError (file = "fixed"/"moving").
#include <hccws/core/geometry.h>
#include <hccws/core/progress.h>
#include <hccws/core/resample.h>
#include <hccws/core/volume.h>

#include <string>
#include <vector>

namespace hccws::core {

struct RegistrationOptions {
  // Target voxel size (mm) per level, coarse to fine; each level shrinks by an integer factor per axis so
  // that its voxels are at least this size (never below the original spacing).
  std::vector<double> levelVoxelMm{4.0, 2.0};
  std::vector<int> iterationsPerLevel{200, 100};
  std::vector<double> samplingFractionPerLevel{0.20, 0.05};  // of the voxels in the level's grid
  int histogramBins = 32;
  bool useBodyMask = true;
  double bodyThresholdHu = -500;
  // false for MRI (no HU): the body mask lies above 10 % of the way from the fixed image's 1st to its 99th
  // percentile and the NMI
  // report's bins span its 1st..99th percentile (the Mattes mutual information itself needs no scale).
  bool hounsfield = true;
  bool affine = false;  // adds an affine stage at the finest level after the rigid one
  int affineIterations = 100;
  // Regular-step gradient descent with physical-shift scales, so steps are in mm of voxel displacement:
  // the first step of a level is initialStepFraction x its voxel size; it halves whenever the gradient turns.
  double initialStepFraction = 0.5;
  double minimumStepMm = 0.01;
  unsigned threads = 0;
};

struct RegistrationLevelReport {
  Vec3 voxelMm{0, 0, 0};
  Dims3 dims{0, 0, 0};
  int iterations = 0;
  double metric = 0;
  std::string stage;  // "rigid" or "affine"
  std::string stopCondition;
};

struct RegistrationResult {
  AffineTransform fixedToMoving;       // world LPS mm; pass to resample()
  Vec3 rotationDeg{0, 0, 0};           // Euler angles of the rotation part (R = Rz Ry Rx), degrees
  Vec3 translationMm{0, 0, 0};         // translation about rotationCentreLps
  Vec3 rotationCentreLps{0, 0, 0};
  std::vector<double> parameters;      // final ITK parameters (versor xyz + translation, or affine 12)
  std::string transformType;           // "VersorRigid3D" or "Affine"
  double metricValue = 0;              // final Mattes MI (negative; lower is better)
  int iterations = 0;                  // all levels together
  std::vector<RegistrationLevelReport> levels;
  // Quality, inside the fixed body mask on the finest level's grid, before (identity) and after:
  // normalised mutual information (H(F) + H(M)) / H(F, M), 1..2, 64 bins over -250..450 HU: the primary
  // figure, since phases differ in contrast; and normalised cross-correlation, meaningful for
  // same-contrast pairs only (between arterial and portal venous it can even drop at alignment).
  double nmiBefore = 0, nmiAfter = 0;
  double nccBefore = 0, nccAfter = 0;
  double seconds = 0;
};

RegistrationResult registerImages(const CtVolume& fixed, const CtVolume& moving,
                                  const RegistrationOptions& options = {}, const ProgressSink& progress = {});

// One line for logs, reports and the study panel: "NMI 1.152 -> 1.234 (NCC 0.592 -> 0.285), rotation
// 1.8/-1.0/2.5 deg, translation 3.0/-4.1/6.0 mm, 2.1 s". NMI leads: it is the figure that holds across phases.
std::string summary(const RegistrationResult& result);

// Plausibility of a registration between two phases of ONE examination: the patient breathes and shifts on
// the table but does not turn over, and a right registration raises the similarity. Implausible when the
// normalised mutual information fell (by more than 0.002), when any rotation angle exceeds maxRotationDeg, or
// when the displacement of the rotation centre exceeds maxTranslationMm (breathing moves the liver up to
// ~20-30 mm). The workstation shows such a phase as acquired and says why, instead of a misaligned copy.
struct RegistrationCheck {
  bool plausible = true;
  std::string reason;  // empty when plausible
};
RegistrationCheck checkPhaseRegistration(const RegistrationResult& result, double maxRotationDeg = 15.0,
                                         double maxTranslationMm = 60.0);

// Mean and maximum distance (mm) between two transforms over the given world points (e.g. liver voxel
// centres): the registration error against a known truth.
struct TransformDifference {
  double meanMm = 0, maxMm = 0;
};
TransformDifference compareTransforms(const AffineTransform& a, const AffineTransform& b,
                                      const std::vector<Vec3>& pointsLps);

}  // namespace hccws::core
