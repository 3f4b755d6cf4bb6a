#pragma once
// Private to viewer/core: how the segment-editor operations apply EditRules, and the shared two-pass writer.
//
// A WriteFilter answers "may this voxel, now holding `cur`, become `to`?" in O(1): a 256-entry table of the
// values that may be replaced (from the editable area, the lock flags and overwriteOtherLabels) and the CT
// value against the HU range. Paint filters replace towards rules.label; erase filters replace rules.label
// by rules.eraseTo. A locked label's voxels are never replaced.
#include <hccws/core/label_edit.h>

#include <array>
#include <cstdint>

namespace hccws::core::detail {

struct WriteFilter {
  std::array<bool, 256> from{};  // values that may be replaced
  std::uint8_t to = 0;
  const std::int16_t* ct = nullptr;  // with a HU range only
  double huMin = 0, huMax = 0;

  bool allows(std::size_t idx, std::uint8_t cur) const {
    return from[cur] && (!ct || (ct[idx] >= huMin && ct[idx] <= huMax));
  }
  bool anything() const {
    for (bool f : from)
      if (f) return true;
    return false;
  }
};

// Throws std::invalid_argument (naming `op`) for label 0, a HU range without CT, or CT on another grid.
void validateRules(const LabelMap& labels, const EditRules& rules, const char* op);
WriteFilter paintFilter(const LabelMap& labels, const EditRules& rules);
WriteFilter eraseFilter(const LabelMap& labels, const EditRules& rules);
void checkAxis(int sliceAxis, const char* op);

// Bounding box of the voxels holding `value` inside `within` (empty when there are none).
IndexBox valueBox(const Volume<std::uint8_t>& v, std::uint8_t value, const IndexBox& within);
// box grown by pad[a] voxels on both sides along each axis, clipped to dims.
IndexBox padded(const IndexBox& box, const Dims3& pad, const Dims3& dims);

// Two passes over `search`: first the tight box of the voxels that `decide` changes (announced to the
// recorder), then the writes inside it. decide(linearIndex, i, j, k, current) returns the new value (return
// `current` for no change); it must depend only on its arguments and data the operation does not write.
template <typename Decide>
EditResult applyInBox(LabelMap& labels, const IndexBox& search, ChangeRecorder* recorder, Decide&& decide) {
  Volume<std::uint8_t>& v = labels.labels;
  const Geometry& g = v.geometry();
  EditResult r;
  IndexBox t{g.dims, {0, 0, 0}};
  for (std::size_t k = search.lo[2]; k < search.hi[2]; ++k)
    for (std::size_t j = search.lo[1]; j < search.hi[1]; ++j) {
      std::size_t idx = g.linearIndex(search.lo[0], j, k);
      bool rowChanged = false;
      for (std::size_t i = search.lo[0]; i < search.hi[0]; ++i, ++idx) {
        const std::uint8_t cur = v.data()[idx];
        if (decide(idx, i, j, k, cur) == cur) continue;
        t.lo[0] = std::min(t.lo[0], i);
        t.hi[0] = std::max(t.hi[0], i + 1);
        rowChanged = true;
      }
      if (!rowChanged) continue;
      t.lo[1] = std::min(t.lo[1], j);
      t.hi[1] = std::max(t.hi[1], j + 1);
      t.lo[2] = std::min(t.lo[2], k);
      t.hi[2] = std::max(t.hi[2], k + 1);
    }
  if (t.empty()) return r;
  if (recorder) recorder->aboutToChange(t);
  for (std::size_t k = t.lo[2]; k < t.hi[2]; ++k)
    for (std::size_t j = t.lo[1]; j < t.hi[1]; ++j) {
      std::size_t idx = g.linearIndex(t.lo[0], j, k);
      for (std::size_t i = t.lo[0]; i < t.hi[0]; ++i, ++idx) {
        std::uint8_t& cur = v.data()[idx];
        const std::uint8_t next = decide(idx, i, j, k, cur);
        if (next == cur) continue;
        cur = next;
        ++r.changedVoxels;
      }
    }
  r.box = t;
  return r;
}

}  // namespace hccws::core::detail
