#include <hccws/core/label_roles.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace hccws::core {

namespace {

// Lower case, letters and digits only ("Portal_Vein Tumor-Thrombus 2" -> "portalveintumorthrombus2").
std::string squeeze(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

const std::vector<std::pair<std::string, LabelRole>>& synonyms() {
  static const std::vector<std::pair<std::string, LabelRole>> table = [] {
    std::vector<std::pair<std::string, LabelRole>> t;
    for (const char* n : {"liver", "liver parenchyma", "hepatic parenchyma", "normal liver"})
      t.emplace_back(squeeze(n), LabelRole::Liver);
    for (const char* n : {"tumour", "tumor", "lesion", "liver tumour", "liver tumor", "liver lesion", "hcc",
                          "hepatocellular carcinoma", "liver cancer", "neoplasm"})
      t.emplace_back(squeeze(n), LabelRole::Tumour);
    for (const char* n : {"pvtt", "portal vein tumour thrombus", "portal vein tumor thrombus", "portal vein thrombus",
                          "portal vein thrombosis", "tumour thrombus", "tumor thrombus"})
      t.emplace_back(squeeze(n), LabelRole::Pvtt);
    return t;
  }();
  return table;
}

std::vector<RoleSegment>& slot(LabelRoles& r, LabelRole role) {
  switch (role) {
    case LabelRole::Liver: return r.liver;
    case LabelRole::Tumour: return r.tumour;
    case LabelRole::Pvtt: break;
  }
  return r.pvtt;
}

}  // namespace

const char* roleName(LabelRole role) {
  switch (role) {
    case LabelRole::Liver: return "liver";
    case LabelRole::Tumour: return "tumour";
    case LabelRole::Pvtt: break;
  }
  return "PVTT";
}

std::optional<LabelRole> roleForName(std::string_view segmentName) {
  std::string key = squeeze(segmentName);
  // "lesion 2", "tumor_1": a trailing number numbers segments of one role.
  while (!key.empty() && std::isdigit(static_cast<unsigned char>(key.back()))) key.pop_back();
  if (key.empty()) return std::nullopt;
  for (const auto& [name, role] : synonyms())
    if (name == key) return role;
  return std::nullopt;
}

const std::vector<RoleSegment>& LabelRoles::segments(LabelRole role) const {
  return slot(const_cast<LabelRoles&>(*this), role);
}

std::array<std::optional<LabelRole>, 256> LabelRoles::byValue() const {
  std::array<std::optional<LabelRole>, 256> out{};
  for (LabelRole role : {LabelRole::Liver, LabelRole::Tumour, LabelRole::Pvtt})
    for (const auto& s : segments(role)) out[s.value] = role;
  return out;
}

std::string LabelRoles::describe(LabelRole role) const {
  const auto& segs = segments(role);
  if (segs.empty()) return "no segment";
  std::string out = segs.size() == 1 ? "segment " : "segments ";
  for (std::size_t n = 0; n < segs.size(); ++n) {
    if (n) out += ", ";
    out += std::to_string(segs[n].value) + " '" + segs[n].name + "'";
  }
  return out;
}

LabelRoles resolveLabelRoles(const LabelTable& table) {
  LabelRoles r;
  for (const auto& e : table.entries()) {
    if (e.value == 0) continue;
    const RoleSegment seg{e.value, e.name};
    if (const auto role = roleForName(e.name)) slot(r, *role).push_back(seg);
    else r.other.push_back(seg);
  }
  return r;
}

void overrideRole(LabelRoles& roles, LabelRole role, std::uint8_t value, const LabelTable& table) {
  // The value leaves whatever role (or the "other" list) its name gave it.
  for (auto* list : {&roles.liver, &roles.tumour, &roles.pvtt, &roles.other})
    list->erase(std::remove_if(list->begin(), list->end(), [&](const RoleSegment& s) { return s.value == value; }),
                list->end());
  const LabelInfo* info = table.find(value);
  std::string name = "value " + std::to_string(value) + " (given by the user";
  if (info && !info->name.empty()) name += "; named '" + info->name + "'";
  slot(roles, role) = {RoleSegment{value, name + ")"}};
}

}  // namespace hccws::core
