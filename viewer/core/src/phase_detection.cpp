// Rules 1-4 of phase detection (metadata and order); the image-content rule is in phase_content.cpp.
#include <hccws/core/phase_detection.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace hccws::core {
namespace {

std::string upper(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Alphanumeric tokens; "W/O" survives as one token because it means "without".
std::vector<std::string> tokens(const std::string& text) {
  const std::string t = upper(text);
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (c == '/' && cur == "W" && i + 1 < t.size() && t[i + 1] == 'O') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string fmt(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Gadoxetate (Primovist, Eovist, Gd-EOB-DTPA) is taken up by hepatocytes: only after it is there a
// hepatobiliary phase.
bool hepatobiliaryAgent(const std::string& agent) {
  const std::string a = upper(agent);
  for (const char* k : {"GADOXET", "PRIMOVIST", "EOVIST", "EOB"})
    if (a.find(k) != std::string::npos) return true;
  return false;
}

bool contrastNamed(const std::string& agent) {
  const std::string a = upper(agent);
  return !a.empty() && a != "NONE" && a != "NO" && a != "N/A" && a != "NA";
}

struct MetaVerdict {
  std::optional<PhaseDecision> decision;
  bool contrastGiven = false;
  std::vector<Phrase> notes;  // why earlier rules said nothing, for the final reason
};

void addNote(std::vector<Phrase>& notes, Phrase note) {
  if (!notes.empty()) notes.push_back({"; ", {}});
  notes.push_back(std::move(note));
}

// " (notes)" after a decision's own phrases
void appendNotes(PhaseDecision& d, const std::vector<Phrase>& notes) {
  if (notes.empty()) return;
  d.why.push_back({" (", {}});
  d.why.insert(d.why.end(), notes.begin(), notes.end());
  d.why.push_back({")", {}});
  d.reason = render(d.why);
}

PhaseDecision undecided(const std::vector<Phrase>& notes) {
  return notes.empty() ? phaseDecision(PhaseKind::Unknown, 0.0, {{QT_TRANSLATE_NOOP("hccws::core::Phrase", "no phase information"), {}}})
                       : phaseDecision(PhaseKind::Unknown, 0.0, notes);
}

// "SeriesDescription 'x' ..." - DICOM keywords stay as they are; "file name" is words, so its own template.
Phrase fieldPhrase(const std::string& field, const std::string& text, const char* keywordTemplate,
                   const char* fileNameTemplate, std::vector<std::string> more = {}) {
  std::vector<std::string> args;
  if (field == "file name") {
    args.push_back(text);
    args.insert(args.end(), more.begin(), more.end());
    return {fileNameTemplate, args};
  }
  args = {field, text};
  args.insert(args.end(), more.begin(), more.end());
  return {keywordTemplate, args};
}

// Rules 1-3.
MetaVerdict metadataVerdict(const SeriesSource& s, const PhaseHints& hints) {
  MetaVerdict v;
  const std::pair<const std::string*, std::pair<const char*, double>> fields[] = {
      {&s.seriesDescription, {"SeriesDescription", 0.9}},
      {&s.protocolName, {"ProtocolName", 0.8}},
      {&hints.fileName, {"file name", 0.6}}};
  for (const auto& [text, field] : fields) {
    if (text->empty()) continue;
    if (auto d = phaseFromKeywords(*text, field.first, field.second)) {
      v.decision = d;
      return v;
    }
    addNote(v.notes, fieldPhrase(field.first, *text, QT_TRANSLATE_NOOP("hccws::core::Phrase", "%1 '%2' names no single phase"),
                                 QT_TRANSLATE_NOOP("hccws::core::Phrase", "file name '%1' names no single phase")));
  }
  const std::string agent = upper(s.contrastBolusAgent);
  if (agent == "NONE" || agent == "NO") {
    v.decision = phaseDecision(PhaseKind::Native, 0.7,
                               {{QT_TRANSLATE_NOOP("hccws::core::Phrase", "ContrastBolusAgent is '%1'"), {s.contrastBolusAgent}}});
    return v;
  }
  if (contrastNamed(s.contrastBolusAgent)) {
    v.contrastGiven = true;
    addNote(v.notes, {QT_TRANSLATE_NOOP("hccws::core::Phrase", "contrast agent '%1'"), {s.contrastBolusAgent}});
  } else if (!hints.contrastBolusRoute.empty()) {
    v.contrastGiven = true;
    addNote(v.notes, {QT_TRANSLATE_NOOP("hccws::core::Phrase", "contrast route '%1'"), {hints.contrastBolusRoute}});
  }
  const bool mr = upper(s.modality) == "MR";
  if (auto d = mr ? phaseFromMrBolusTiming(s.acquisitionTime, s.contrastBolusStartTime, s.contrastBolusAgent)
                  : phaseFromBolusTiming(s.acquisitionTime, s.contrastBolusStartTime)) {
    v.decision = d;
    return v;
  }
  return v;
}

std::string timeKey(const SeriesSource& s) { return s.acquisitionTime.empty() ? s.seriesTime : s.acquisitionTime; }

}  // namespace

PhaseDecision phaseDecision(PhaseKind kind, double confidence, std::vector<Phrase> why) {
  PhaseDecision d;
  d.kind = kind;
  d.confidence = confidence;
  d.reason = render(why);
  d.why = std::move(why);
  return d;
}

std::optional<PhaseDecision> phaseFromKeywords(const std::string& text, const std::string& field, double confidence) {
  static const std::map<std::string, PhaseKind> kWords = {
      {"ARTERIAL", PhaseKind::Arterial}, {"ART", PhaseKind::Arterial}, {"AP", PhaseKind::Arterial},
      {"HAP", PhaseKind::Arterial}, {"LAP", PhaseKind::Arterial}, {"EAP", PhaseKind::Arterial},
      {"EARLY", PhaseKind::Arterial}, {"ARTERIELL", PhaseKind::Arterial},
      {"PORTAL", PhaseKind::PortalVenous}, {"VENOUS", PhaseKind::PortalVenous}, {"PV", PhaseKind::PortalVenous},
      {"PVP", PhaseKind::PortalVenous}, {"PORTALVENOUS", PhaseKind::PortalVenous}, {"VENOES", PhaseKind::PortalVenous},
      {"VENOSE", PhaseKind::PortalVenous},
      {"DELAYED", PhaseKind::Delayed}, {"DELAY", PhaseKind::Delayed}, {"EQUILIBRIUM", PhaseKind::Delayed},
      {"LATE", PhaseKind::Delayed}, {"DP", PhaseKind::Delayed}, {"SPAET", PhaseKind::Delayed},
      {"NATIVE", PhaseKind::Native}, {"NATIV", PhaseKind::Native}, {"PLAIN", PhaseKind::Native},
      {"NC", PhaseKind::Native}, {"NONCONTRAST", PhaseKind::Native}, {"UNENHANCED", PhaseKind::Native},
      {"PRECONTRAST", PhaseKind::Native}, {"W/O", PhaseKind::Native}, {"PRE", PhaseKind::Native},
      {"TRANSITIONAL", PhaseKind::Delayed},
      {"HBP", PhaseKind::Hepatobiliary}, {"HEPATOBILIARY", PhaseKind::Hepatobiliary},
      {"HEPATOCYTE", PhaseKind::Hepatobiliary}, {"HEPATOCYTIC", PhaseKind::Hepatobiliary}};
  const auto t = tokens(text);
  std::set<PhaseKind> found;
  std::string hit;
  for (std::size_t i = 0; i < t.size(); ++i) {
    // Multi-word forms first: "NON CONTRAST", "PRE CONTRAST", "WITHOUT CONTRAST", "LATE ARTERIAL".
    const std::string next = i + 1 < t.size() ? t[i + 1] : "";
    if ((t[i] == "NON" || t[i] == "PRE" || t[i] == "WITHOUT" || t[i] == "NO") && next == "CONTRAST") {
      found.insert(PhaseKind::Native);
      hit = t[i] + " " + next;
      ++i;
      continue;
    }
    if (t[i] == "LATE" && (next == "ARTERIAL" || next == "ART")) {
      found.insert(PhaseKind::Arterial);
      hit = t[i] + " " + next;
      ++i;
      continue;
    }
    if (auto it = kWords.find(t[i]); it != kWords.end()) {
      found.insert(it->second);
      hit = t[i];
    }
  }
  if (found.size() != 1) return std::nullopt;
  return phaseDecision(*found.begin(), confidence,
                       {fieldPhrase(field, text, QT_TRANSLATE_NOOP("hccws::core::Phrase", "%1 '%2' contains '%3'"),
                                    QT_TRANSLATE_NOOP("hccws::core::Phrase", "file name '%1' contains '%2'"), {hit})});
}

std::optional<double> parseDicomTime(const std::string& tm) {
  std::string t;
  for (char c : tm)
    if (c != ':' && c != ' ') t += c;
  if (t.size() < 4 || !std::all_of(t.begin(), t.begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  const int hh = std::stoi(t.substr(0, 2)), mm = std::stoi(t.substr(2, 2));
  double ss = 0;
  if (t.size() >= 6) {
    try {
      ss = std::stod(t.substr(4));
    } catch (...) {
      return std::nullopt;
    }
  }
  if (hh > 23 || mm > 59 || ss >= 61) return std::nullopt;
  return hh * 3600.0 + mm * 60.0 + ss;
}

namespace {
std::optional<double> bolusDelay(const std::string& acquisitionTime, const std::string& contrastBolusStartTime) {
  const auto acq = parseDicomTime(acquisitionTime), start = parseDicomTime(contrastBolusStartTime);
  if (!acq || !start) return std::nullopt;
  double delay = *acq - *start;
  if (delay < -12 * 3600.0) delay += 24 * 3600.0;  // scan after midnight
  if (delay < -5.0 || delay > 4 * 3600.0) return std::nullopt;  // inconsistent times: no opinion
  return delay;
}
}  // namespace

std::optional<PhaseDecision> phaseFromMrBolusTiming(const std::string& acquisitionTime,
                                                    const std::string& contrastBolusStartTime, const std::string& agent) {
  const auto d = bolusDelay(acquisitionTime, contrastBolusStartTime);
  if (!d) return std::nullopt;
  const double delay = *d;
  const bool hb = hepatobiliaryAgent(agent);
  const PhaseKind kind = delay < 10    ? PhaseKind::Native
                         : delay < 45  ? PhaseKind::Arterial
                         : delay < 120 ? PhaseKind::PortalVenous
                         : delay < 600 || !hb ? PhaseKind::Delayed
                                              : PhaseKind::Hepatobiliary;
  return phaseDecision(kind, 0.75,
                       {{hb ? QT_TRANSLATE_NOOP("hccws::core::Phrase",
                                                "MR delay AcquisitionTime - ContrastBolusStartTime = %1 s with a "
                                                "hepatobiliary agent (pre-contrast < 10, arterial 10-45, portal venous "
                                                "45-120, transitional 120-600, hepatobiliary >= 600 s)")
                            : QT_TRANSLATE_NOOP("hccws::core::Phrase",
                                                "MR delay AcquisitionTime - ContrastBolusStartTime = %1 s (pre-contrast "
                                                "< 10, arterial 10-45, portal venous 45-120, delayed > 120 s)"),
                         {fmt(delay, 1)}}});
}

std::optional<PhaseDecision> phaseFromBolusTiming(const std::string& acquisitionTime,
                                                  const std::string& contrastBolusStartTime) {
  const auto d = bolusDelay(acquisitionTime, contrastBolusStartTime);
  if (!d) return std::nullopt;
  const double delay = *d;
  PhaseKind kind = delay < 10 ? PhaseKind::Native
                   : delay < 50 ? PhaseKind::Arterial
                   : delay < 100 ? PhaseKind::PortalVenous
                                 : PhaseKind::Delayed;
  return phaseDecision(kind, 0.75,
                       {{QT_TRANSLATE_NOOP("hccws::core::Phrase",
                                           "delay AcquisitionTime - ContrastBolusStartTime = %1 s (native < 10, "
                                           "arterial 10-50, portal venous 50-100, delayed > 100 s)"),
                         {fmt(delay, 1)}}});
}

PhaseDecision detectPhase(const SeriesSource& source, const PhaseHints& hints, const CtVolume& volume) {
  MetaVerdict v = metadataVerdict(source, hints);
  if (v.decision) return *v.decision;
  if (!volume.empty() && upper(source.modality) != "MR") {
    if (auto d = phaseFromContent(measureContrastFeatures(volume), v.contrastGiven)) {
      appendNotes(*d, v.notes);
      return *d;
    }
  }
  return undecided(v.notes);
}

void detectPhases(Study& study, const std::vector<PhaseHints>& hints) {
  const PhaseHints none;
  std::vector<MetaVerdict> verdicts(study.phases.size());
  for (std::size_t n = 0; n < study.phases.size(); ++n)
    verdicts[n] = metadataVerdict(study.phases[n].source, n < hints.size() ? hints[n] : none);

  // Rule 4: undecided contrast series of one study, in acquisition order.
  std::map<std::string, std::vector<std::size_t>> byStudy;
  for (std::size_t n = 0; n < study.phases.size(); ++n) {
    const auto& p = study.phases[n];
    if (!p.decision.userOverride && !verdicts[n].decision && verdicts[n].contrastGiven &&
        parseDicomTime(timeKey(p.source)))
      byStudy[p.source.studyInstanceUid].push_back(n);
  }
  for (auto& [uid, idx] : byStudy) {
    if (idx.size() < 2) continue;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return *parseDicomTime(timeKey(study.phases[a].source)) < *parseDicomTime(timeKey(study.phases[b].source));
    });
    // After a hepatobiliary agent (MRI with gadoxetate) the fourth and later series are hepatobiliary.
    const bool hb = hepatobiliaryAgent(study.phases[idx.front()].source.contrastBolusAgent);
    const PhaseKind order[] = {PhaseKind::Arterial, PhaseKind::PortalVenous, PhaseKind::Delayed, PhaseKind::Hepatobiliary};
    for (std::size_t r = 0; r < idx.size(); ++r) {
      const PhaseKind kind = order[std::min<std::size_t>(r, hb ? 3 : 2)];
      PhaseDecision d = phaseDecision(
          kind, 0.5,
          {{QT_TRANSLATE_NOOP("hccws::core::Phrase", "contrast series %1 of %2 of this study in acquisition order"),
            {std::to_string(r + 1), std::to_string(idx.size())}}});
      appendNotes(d, verdicts[idx[r]].notes);
      verdicts[idx[r]].decision = d;
    }
  }

  for (std::size_t n = 0; n < study.phases.size(); ++n) {
    Phase& p = study.phases[n];
    if (p.decision.userOverride) continue;
    MetaVerdict& v = verdicts[n];
    if (v.decision) {
      p.decision = *v.decision;
      continue;
    }
    std::optional<PhaseDecision> d;
    // Rule 5 reads HU: CT only (MRI intensities have no absolute scale).
    if (!p.volume.empty() && p.isCt() && upper(p.source.modality) != "MR")
      d = phaseFromContent(measureContrastFeatures(p.volume), v.contrastGiven);
    if (d) {
      appendNotes(*d, v.notes);
      p.decision = *d;
    } else {
      p.decision = undecided(v.notes);
    }
  }
}

PhaseDecision userPhaseDecision(PhaseKind kind, const std::string& note) {
  return PhaseDecision{kind, 1.0, note.empty() ? "set by the user" : "set by the user: " + note, true, {}};
}

}  // namespace hccws::core
