#pragma once
// Segments are found by NAME, never by value: which segment of a label map is the liver, the tumour or the
// portal vein tumour thrombus (PVTT) comes from the names in its label table (NRRD SegmentN_Name, DICOM SEG
// SegmentLabel, a model's dataset.json labels) through one synonym table. A role whose segment is absent from
// the table is missing: nothing is measured for it, and whatever needs it says so.
//
// Synonyms (case, spaces, '_' and '-' ignored; a trailing number such as "lesion 2" or "tumor_1" is allowed,
// so several segments may share a role):
//   liver:  liver, liver parenchyma, hepatic parenchyma, normal liver
//   tumour: tumour, tumor, lesion, liver tumour/tumor, liver lesion, hcc, hepatocellular carcinoma,
//           liver cancer, neoplasm
//   PVTT:   pvtt, portal vein tumour/tumor thrombus, portal vein thrombus, portal vein thrombosis,
//           tumour/tumor thrombus
// Values without a table entry are not resolved (a bare value means nothing). Threading: pure functions.
#include <hccws/core/label_map.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hccws::core {

enum class LabelRole { Liver, Tumour, Pvtt };

const char* roleName(LabelRole role);  // "liver", "tumour", "PVTT"

// The role a segment name stands for, or none.
std::optional<LabelRole> roleForName(std::string_view segmentName);

// One segment that carries a role: its value and name as written in the table.
struct RoleSegment {
  std::uint8_t value = 0;
  std::string name;
};

struct LabelRoles {
  std::vector<RoleSegment> liver, tumour, pvtt;  // empty: the role is missing
  std::vector<RoleSegment> other;                // named segments with no role (not used by measurements)

  const std::vector<RoleSegment>& segments(LabelRole role) const;
  bool has(LabelRole role) const { return !segments(role).empty(); }
  // value -> role lookup (index 0..255), for voxel loops.
  std::array<std::optional<LabelRole>, 256> byValue() const;
  // "segment 2 'tumor'" or "segments 2 'lesion 1', 4 'lesion 2'"; "no segment" when missing.
  std::string describe(LabelRole role) const;
};

LabelRoles resolveLabelRoles(const LabelTable& table);

// An explicit value given by the user (e.g. `hccws measure --pvtt-label 3`) overrides the names for a role;
// the segment is then named "value N (given by the user)".
void overrideRole(LabelRoles& roles, LabelRole role, std::uint8_t value, const LabelTable& table);

}  // namespace hccws::core
