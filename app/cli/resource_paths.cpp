#include "cli/resource_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hccws::cli {

namespace fs = std::filesystem;

std::string resourceDir() {
  std::error_code ec;
  if (const char* env = std::getenv("HCCWS_RESOURCES"); env && *env && fs::is_directory(env, ec)) return env;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "hccws" / "resources";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return HCCWS_SOURCE_RESOURCES;
}

std::string resourcePath(const std::string& relative) { return resourceDir() + "/" + relative; }

}  // namespace hccws::cli
