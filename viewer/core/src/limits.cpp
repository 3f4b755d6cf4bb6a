#include <hccws/core/limits.h>

#include <hccws/core/errors.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hccws::core {

std::uint64_t volumeByteBudget() {
  constexpr std::uint64_t kDefault = 4ull << 30;
  const char* env = std::getenv("HCCWS_MAX_VOLUME_BYTES");
  if (!env || !*env) return kDefault;
  char* end = nullptr;
  const double v = std::strtod(env, &end);
  if (!(v > 0) || !std::isfinite(v)) return kDefault;
  double scale = 1;
  if (end && (*end == 'K' || *end == 'k')) scale = 1024.0;
  if (end && (*end == 'M' || *end == 'm')) scale = 1024.0 * 1024;
  if (end && (*end == 'G' || *end == 'g')) scale = 1024.0 * 1024 * 1024;
  const double bytes = v * scale;
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

std::string formatBytes(std::uint64_t bytes) {
  char buf[64];
  if (bytes >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GB", bytes / double(1ull << 30));
  else if (bytes >= (1ull << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / double(1ull << 20));
  else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  return buf;
}

void checkAllocation(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem) {
  const std::uint64_t budget = volumeByteBudget();
  const bool overflow = bytesPerItem != 0 && count > std::numeric_limits<std::uint64_t>::max() / bytesPerItem;
  const std::uint64_t bytes = overflow ? std::numeric_limits<std::uint64_t>::max() : count * bytesPerItem;
  if (overflow || bytes > budget)
    throw ImagingError(file, what + " would need " + (overflow ? std::string("more than 16 EB") : formatBytes(bytes)) +
                                 ", over the limit of " + formatBytes(budget) +
                                 " per volume (set HCCWS_MAX_VOLUME_BYTES to allow more)");
}

bool plausiblePositionMm(double v) { return std::isfinite(v) && std::abs(v) <= kMaxPositionMm; }
bool plausibleSpacingMm(double v) { return std::isfinite(v) && v >= kMinSpacingMm && v <= kMaxSpacingMm; }

}  // namespace hccws::core
