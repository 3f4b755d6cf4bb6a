#pragma once
// Bounded allocation and plausible geometry for everything read from outside (issue 13): a header can claim
// anything (65,535 x 65,535 pixels, 12,000 segments, a position of 1e300 mm), so every reader checks a size
// before it allocates and every coordinate before it computes with it.
//
// - Budget: at most volumeByteBudget() bytes for one volume or one decoded object (default 4 GiB). The
//   environment variable HCCWS_MAX_VOLUME_BYTES changes it (bytes, or a number with K/M/G suffix, e.g. "8G").
// - checkAllocation() throws ImagingError naming the file, the field that asked for the memory and the limit;
//   count x bytesPerItem overflow counts as over the budget.
// - Geometry: positions within +-1e6 mm and spacings in [1e-4, 1e4] mm are plausible for any scanner; anything
//   else (NaN, infinite, 1e300, 0) is refused where it is read, never silently replaced.
// Threading: pure functions (the environment is read on each call).
#include <cstdint>
#include <string>

namespace hccws::core {

std::uint64_t volumeByteBudget();

void checkAllocation(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem);

constexpr double kMaxPositionMm = 1e6;
constexpr double kMinSpacingMm = 1e-4, kMaxSpacingMm = 1e4;

bool plausiblePositionMm(double v);  // finite and |v| <= 1e6
bool plausibleSpacingMm(double v);   // finite and in [1e-4, 1e4]

// "4.0 GB" style text for messages.
std::string formatBytes(std::uint64_t bytes);

}  // namespace hccws::core
