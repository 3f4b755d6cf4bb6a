#include <hccws/core/label_map.h>

namespace hccws::core {

LabelTable LabelTable::standard() {
  LabelTable t;
  t.entries_ = {
      {1, "liver", {221, 130, 101}, true, false},
      {2, "tumour", {241, 214, 69}, true, false},
      {3, "portal vein tumour thrombus", {144, 238, 144}, true, false},
  };
  return t;
}

const LabelInfo* LabelTable::find(std::uint8_t value) const {
  for (const auto& e : entries_)
    if (e.value == value) return &e;
  return nullptr;
}

LabelInfo* LabelTable::find(std::uint8_t value) {
  for (auto& e : entries_)
    if (e.value == value) return &e;
  return nullptr;
}

const LabelInfo* LabelTable::findByName(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

void LabelTable::set(const LabelInfo& info) {
  if (auto* e = find(info.value)) {
    *e = info;
    return;
  }
  entries_.push_back(info);
}

}  // namespace hccws::core
