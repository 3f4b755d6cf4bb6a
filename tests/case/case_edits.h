#pragma once
// The deterministic edits of the case tests: edit n (1, 2, ...) writes label editLabel(n) into editBox(n) of a
// small grid. The killed child and the test both use them, so the test knows what the labels must be after
// any number of edits.
#include <hccws/core/index_box.h>
#include <hccws/core/label_map.h>

#include <cstdint>

namespace hccws::test {

core::LabelMap caseGrid();  // 40 x 36 x 12 at 1 x 1 x 2.5 mm, all background
core::IndexBox editBox(std::uint64_t n);
std::uint8_t editLabel(std::uint64_t n);
void applyEdit(std::uint64_t n, core::LabelMap& labels);
core::LabelMap afterEdits(std::uint64_t count);  // caseGrid() with edits 1..count applied

}  // namespace hccws::test
