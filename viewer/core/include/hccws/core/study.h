#pragma once
// Study and Phase: the contrast phases of one patient examination, each with its DICOM provenance and the
// reasoned decision of which phase it is (which the user may override).
#include <hccws/core/errors.h>
#include <hccws/core/intensity_map.h>
#include <hccws/core/phrase.h>
#include <hccws/core/volume.h>

#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

// Native is also MRI's pre-contrast series; Hepatobiliary is MRI's late phase after a hepatobiliary agent
// (gadoxetate), 10-20 minutes after injection.
enum class PhaseKind { Native, Arterial, PortalVenous, Delayed, Hepatobiliary, Unknown };

// "arterial", "portal_venous", "delayed", "hepatobiliary", "native", "unknown" (the command-line and file spelling).
std::string toString(PhaseKind kind);
// Accepts the spellings above and common abbreviations (ap, pv, pvp, dp, nc, hbp, pre); nullopt if unknown.
std::optional<PhaseKind> phaseKindFromString(const std::string& text);
// Human-readable label, e.g. "Portal venous".
std::string displayName(PhaseKind kind);

struct PhaseDecision {
  PhaseKind kind = PhaseKind::Unknown;
  double confidence = 0.0;  // 0..1
  std::string reason;       // e.g. "SeriesDescription contains 'ARTERIAL'" (English: the CLI and files)
  bool userOverride = false;
  std::vector<Phrase> why;  // the same reason as phrases for a translated interface (render(why) == reason);
                            // empty for a decision made without them (the interface then shows `reason`)
};

// A decision whose reason is the phrases' English text.
PhaseDecision phaseDecision(PhaseKind kind, double confidence, std::vector<Phrase> why);

// Where a series came from. Empty strings when the source is not DICOM.
struct SeriesSource {
  std::string path;  // folder or file it was read from
  std::vector<std::string> files;  // sorted along the slice normal
  std::string seriesInstanceUid, studyInstanceUid, frameOfReferenceUid;
  std::string patientId, patientName, studyDate, modality, manufacturer;
  std::string seriesDescription, protocolName, imageType;
  std::string contrastBolusAgent, contrastBolusStartTime, acquisitionTime, seriesTime;
  int seriesNumber = -1;
  double windowCenter = 0, windowWidth = 0;  // first DICOM window, 0 width when absent
};

struct Phase {
  SeriesSource source;
  PhaseDecision decision;
  CtVolume volume;           // stored voxels; real values through `intensity`
  IntensityMap intensity;    // CT: HU as stored; MRI: arbitrary units, possibly scaled into int16
  bool isCt() const { return intensity.isHu(); }
  std::vector<Diagnostic> diagnostics;
};

struct Study {
  std::string patientId;
  std::string studyInstanceUid;
  std::vector<Phase> phases;

  const Phase* find(PhaseKind kind) const;
  Phase* find(PhaseKind kind);
};

}  // namespace hccws::core
