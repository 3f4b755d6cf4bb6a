#pragma once
// Study and Phase: the contrast phases of one patient examination, each with its DICOM provenance and the
// reasoned decision of which phase it is (which the user may override).
#include <hccws/core/errors.h>
#include <hccws/core/phrase.h>
#include <hccws/core/volume.h>

#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

enum class PhaseKind { Native, Arterial, PortalVenous, Delayed, Unknown };

// "arterial", "portal_venous", "delayed", "native", "unknown" (the command-line and file spelling).
std::string toString(PhaseKind kind);
// Accepts the spellings above and common abbreviations (ap, pv, pvp, dp, nc); nullopt if unknown.
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
  CtVolume volume;
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
