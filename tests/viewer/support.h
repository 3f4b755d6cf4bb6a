#pragma once
// Helpers shared by the viewer-core tests: where the shared data and scratch space are.
#include <hccws/core/label_map.h>

#include <string>

namespace hccws::test {
// ../shared/data (HCCWS_SHARED_DATA), with a trailing component appended; must exist (tests/skip.h: a skip
// outside CI, a failure in CI).
std::string sharedData(const std::string& relative = {});
// A fresh empty folder under HCCWS_TEST_TMP named after `name`.
std::string scratchDir(const std::string& name);
// An all-background label map on an axis-aligned grid (standard label table).
core::LabelMap emptyLabelMap(const core::Dims3& dims, const core::Vec3& spacingMm, const core::Vec3& originLps);
}  // namespace hccws::test
