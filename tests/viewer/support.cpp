#include "support.h"

#include "skip.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace hccws::test {

std::string sharedData(const std::string& relative) { return requireSharedData(relative); }

std::string scratchDir(const std::string& name) {
  const char* env = std::getenv("HCCWS_TEST_TMP");
  const std::filesystem::path dir = std::filesystem::path(env ? env : "/tmp") / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

core::LabelMap emptyLabelMap(const core::Dims3& dims, const core::Vec3& spacingMm, const core::Vec3& originLps) {
  core::Geometry g;
  g.dims = dims;
  g.spacingMm = spacingMm;
  g.originLps = originLps;
  core::LabelMap m;
  m.labels = core::Volume<std::uint8_t>(g, 0);
  return m;
}

}  // namespace hccws::test
