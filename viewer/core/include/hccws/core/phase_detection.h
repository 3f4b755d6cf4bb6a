#pragma once
// Contrast phase detection for the series of a study. Each rule returns a PhaseDecision with a reason and a
// confidence in [0, 1], or nothing when it has no opinion. detectPhases() applies them in this order, the
// first with an opinion wins:
//   1. Keywords in SeriesDescription, then ProtocolName (then the file name for non-DICOM input): arterial
//      (ARTERIAL, ART, AP, HAP, EARLY), portal venous (PORTAL, VENOUS, PV, PVP), delayed (DELAYED, DELAY,
//      EQUILIBRIUM, LATE, TRANSITIONAL), native / pre-contrast (NATIVE, PLAIN, NC, NON-CONTRAST, UNENHANCED, W/O,
//      PRE), hepatobiliary (HBP, HEPATOBILIARY, HEPATOCYTE). Single letters are
//      ignored ("C/A/P" is chest/abdomen/pelvis), and text naming two phases ("LIVER 2 PHASE", "AP+PV") is
//      ambiguous: no decision. Confidence 0.9 (description), 0.8 (protocol), 0.6 (file name).
//   2. Contrast agent: an explicit "NONE"/"NO" agent means native (0.7). A named agent or route only says
//      "contrast given", which the later rules use to exclude native.
//   3. Delay = AcquisitionTime - ContrastBolusStartTime: < 10 s native, 10-50 s arterial, 50-100 s portal
//      venous, > 100 s delayed (0.75).
//   4. Acquisition order within a study: two or more undecided contrast series of one study, ordered by
//      acquisition (else series) time, are taken as arterial, portal venous, delayed (0.5), and after a
//      hepatobiliary agent the fourth and later as hepatobiliary.
//   5. Image content (measureContrastFeatures, needs the volume; CT only, MRI has no absolute scale): the brightest compact round vessel-like
//      blob per axial slice (the aorta in practice) and the median of soft tissue (0.3-0.45): vessel
//      >= 280 HU arterial; else vessel + tissue >= 240 HU portal venous; else delayed; no enhanced vessel
//      and tissue < 60 HU native. Why and on what data: phase_content.cpp.
// Decisions with userOverride set are never changed. Pure functions; no shared state.
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

// Facts a series carries outside SeriesSource.
struct PhaseHints {
  std::string contrastBolusRoute;  // DICOM (0018,1040), e.g. "Oral & IV"
  std::string fileName;            // for non-DICOM inputs: the file name may say the phase
};

// Rule 1 on one text field. `field` names it in the reason ("SeriesDescription").
std::optional<PhaseDecision> phaseFromKeywords(const std::string& text, const std::string& field, double confidence);
// Rule 3. Times are DICOM TM strings (HHMMSS.frac); nothing when either is missing or unparsable.
// For MRI (Modality MR) the windows are MRI's: pre-contrast < 10 s, arterial 10-45, portal venous 45-120,
// delayed (transitional) > 120 s, and hepatobiliary >= 600 s when the agent is hepatobiliary (gadoxetate:
// Primovist, Eovist, Gd-EOB-DTPA).
std::optional<PhaseDecision> phaseFromMrBolusTiming(const std::string& acquisitionTime,
                                                    const std::string& contrastBolusStartTime, const std::string& agent);
std::optional<PhaseDecision> phaseFromBolusTiming(const std::string& acquisitionTime,
                                                  const std::string& contrastBolusStartTime);
// Seconds since midnight of a DICOM TM value, or nothing.
std::optional<double> parseDicomTime(const std::string& tm);

struct ContrastFeatures {
  bool valid = false;          // false: too little body in the volume to judge
  double tissueHu = 0;         // median HU of soft tissue (-20..250 HU) inside the body
  bool vesselFound = false;    // a compact bright round blob was found on enough slices
  double vesselHu = 0;         // median over slices of the blob's mean HU
  std::size_t slicesWithVessel = 0, slicesExamined = 0;
};
ContrastFeatures measureContrastFeatures(const CtVolume& ct);
// Rule 5. `contrastGiven` (from rule 2) excludes native.
std::optional<PhaseDecision> phaseFromContent(const ContrastFeatures& f, bool contrastGiven);

// All rules for one series (rule 4 needs the study: see detectPhases). `volume` may be empty.
PhaseDecision detectPhase(const SeriesSource& source, const PhaseHints& hints, const CtVolume& volume);

// Decides every phase of the study (hints index-aligned with study.phases; missing hints are empty).
void detectPhases(Study& study, const std::vector<PhaseHints>& hints = {});

// A decision the user made: confidence 1, userOverride set.
PhaseDecision userPhaseDecision(PhaseKind kind, const std::string& note = {});

}  // namespace hccws::core
