#pragma once
// LabelMap: uint8 labels on a grid (0 background, 1 liver, 2 tumour by default; more labels allowed),
// with a label table giving each value a name, a colour and flags.
#include <hccws/core/volume.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::core {

enum class StandardLabel : std::uint8_t { Background = 0, Liver = 1, Tumour = 2, PortalVeinThrombus = 3 };

struct LabelInfo {
  std::uint8_t value = 0;
  std::string name;
  std::array<std::uint8_t, 3> rgb{255, 255, 255};
  bool visible = true;
  bool locked = false;  // editing tools never overwrite a locked label
};

class LabelTable {
 public:
  // Liver, tumour and portal vein tumour thrombus with the colours used everywhere in the workstation.
  static LabelTable standard();

  const std::vector<LabelInfo>& entries() const { return entries_; }
  std::vector<LabelInfo>& entries() { return entries_; }
  const LabelInfo* find(std::uint8_t value) const;
  LabelInfo* find(std::uint8_t value);
  const LabelInfo* findByName(const std::string& name) const;
  // Adds or replaces the entry with the same value.
  void set(const LabelInfo& info);

 private:
  std::vector<LabelInfo> entries_;
};

struct LabelMap {
  Volume<std::uint8_t> labels;
  LabelTable table = LabelTable::standard();
};

}  // namespace hccws::core
