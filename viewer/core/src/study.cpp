#include <hccws/core/study.h>

#include <algorithm>
#include <cctype>

namespace hccws::core {

std::string toString(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::Native: return "native";
    case PhaseKind::Arterial: return "arterial";
    case PhaseKind::PortalVenous: return "portal_venous";
    case PhaseKind::Delayed: return "delayed";
    case PhaseKind::Hepatobiliary: return "hepatobiliary";
    case PhaseKind::Unknown: break;
  }
  return "unknown";
}

std::string displayName(PhaseKind kind) {
  switch (kind) {
    case PhaseKind::Native: return "Native";
    case PhaseKind::Arterial: return "Arterial";
    case PhaseKind::PortalVenous: return "Portal venous";
    case PhaseKind::Delayed: return "Delayed";
    case PhaseKind::Hepatobiliary: return "Hepatobiliary";
    case PhaseKind::Unknown: break;
  }
  return "Unknown";
}

std::optional<PhaseKind> phaseKindFromString(const std::string& text) {
  std::string t;
  for (char c : text) t += c == '-' || c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "arterial" || t == "ap" || t == "art" || t == "a") return PhaseKind::Arterial;
  if (t == "portal_venous" || t == "portalvenous" || t == "pv" || t == "pvp" || t == "venous" || t == "v")
    return PhaseKind::PortalVenous;
  if (t == "delayed" || t == "dp" || t == "equilibrium" || t == "transitional") return PhaseKind::Delayed;
  if (t == "native" || t == "nc" || t == "non_contrast" || t == "plain" || t == "pre" || t == "pre_contrast" ||
      t == "precontrast")
    return PhaseKind::Native;
  if (t == "hepatobiliary" || t == "hbp" || t == "hepatocyte") return PhaseKind::Hepatobiliary;
  if (t == "unknown") return PhaseKind::Unknown;
  return std::nullopt;
}

const Phase* Study::find(PhaseKind kind) const {
  auto it = std::find_if(phases.begin(), phases.end(), [&](const Phase& p) { return p.decision.kind == kind; });
  return it == phases.end() ? nullptr : &*it;
}

Phase* Study::find(PhaseKind kind) {
  auto it = std::find_if(phases.begin(), phases.end(), [&](const Phase& p) { return p.decision.kind == kind; });
  return it == phases.end() ? nullptr : &*it;
}

}  // namespace hccws::core
