// Budgets and fixed limits of the inference engine (see limits.h for why it does not use the core's).
#include <hccws/inference/limits.h>
#include <hccws/inference/types.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <thread>

namespace hccws::infer {
namespace {

// A byte count from the environment: digits (a decimal point allowed) and an optional K/M/G suffix.
std::uint64_t budgetFromEnvironment(const char* variable, std::uint64_t fallback) {
  const char* env = std::getenv(variable);
  if (!env || !*env) return fallback;
  const std::string text(env);
  char* end = nullptr;
  const double v = std::strtod(env, &end);
  double scale = 1;
  std::string rest = end ? std::string(end) : std::string();
  if (rest == "K" || rest == "k") scale = 1024.0, rest.clear();
  if (rest == "M" || rest == "m") scale = 1024.0 * 1024, rest.clear();
  if (rest == "G" || rest == "g") scale = 1024.0 * 1024 * 1024, rest.clear();
  if (end == env || !rest.empty() || !std::isfinite(v) || !(v > 0))
    throw InferenceError(variable, "is '" + text + "': it must be a positive byte count, optionally with K, M or G "
                                   "(e.g. 4G)");
  const double bytes = v * scale;
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

}  // namespace

std::uint64_t tensorByteBudget() { return budgetFromEnvironment("HCCWS_MAX_TENSOR_BYTES", 2ull << 30); }
std::uint64_t modelByteBudget() { return budgetFromEnvironment("HCCWS_MAX_MODEL_BYTES", 8ull << 30); }

std::string formatBytes(std::uint64_t bytes) {
  char buf[64];
  if (bytes >= (1ull << 30))
    std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / double(1ull << 30));
  else if (bytes >= (1ull << 20))
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / double(1ull << 20));
  else
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  return buf;
}

void checkBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem,
                std::uint64_t budget, const char* variable) {
  const bool overflow = bytesPerItem != 0 && count > std::numeric_limits<std::uint64_t>::max() / bytesPerItem;
  const std::uint64_t bytes = overflow ? 0 : count * bytesPerItem;
  if (overflow || bytes > budget)
    throw InferenceError(file, what + " would need " + (overflow ? std::string("more than 16 EB") : formatBytes(bytes)) +
                                   ", over the limit of " + formatBytes(budget) + " (set " + variable +
                                   " to allow more)");
}

void checkTensorBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem) {
  checkBytes(file, what, count, bytesPerItem, tensorByteBudget(), "HCCWS_MAX_TENSOR_BYTES");
}

void checkModelBytes(const std::string& file, const std::string& what, std::uint64_t count, std::uint64_t bytesPerItem) {
  checkBytes(file, what, count, bytesPerItem, modelByteBudget(), "HCCWS_MAX_MODEL_BYTES");
}

int maxCpuThreads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return 4 * static_cast<int>(hw == 0 ? 1 : (hw > 4096 ? 4096 : hw));
}

}  // namespace hccws::infer
