#pragma once
// Helpers for the harnesses of the imaging core (viewer/core): which exceptions are its typed refusals, and
// the follow-up every loaded label map or study goes through (what `hccws measure` / `inspect` do next).
#include "fuzz_target.h"

#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/label_map.h>
#include <hccws/core/measurements.h>
#include <hccws/core/progress.h>
#include <hccws/core/study.h>

#include <stdexcept>

namespace hccws::fuzz {

inline bool isCoreError(const std::exception& e) {
  return dynamic_cast<const core::ImagingError*>(&e) || dynamic_cast<const core::Cancelled*>(&e);
}

template <typename Body>
void coreCall(Body&& body) {
  expectRefusal(body, isCoreError);
}

// Measurements of a label map that loaded (small maps only: the 3D diameter search is quadratic).
inline void measureLoaded(const core::LabelMap& labels) {
  if (labels.labels.size() > 64u * 64u * 64u) return;
  coreCall([&] {
    const core::Measurements m = core::measure(labels);
    (void)core::measurementsJson(m);
  });
}

// Touches every voxel of every phase (a read past a buffer shows up here under ASan).
inline long long sumStudy(const core::Study& study) {
  long long sum = 0;
  for (const auto& p : study.phases)
    for (std::size_t n = 0; n < p.volume.size(); ++n) sum += p.volume.data()[n];
  return sum;
}

}  // namespace hccws::fuzz
