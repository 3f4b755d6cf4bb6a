#include "io_atomic.h"

#include <hccws/core/errors.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

namespace fs = std::filesystem;

namespace hccws::core::io {
namespace {

// False when the data could not be made durable (EIO, ENOSPC on delayed allocation): the file is not kept.
bool fsyncPath(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

std::string uniqueSuffix() {
  std::random_device rd;
  const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(::getpid()) + "-" + std::to_string(rd()) + "-" + std::to_string(t % 1000000);
}

}  // namespace

void writeAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write) {
  const fs::path target = fs::absolute(path);
  const fs::path dir = target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ImagingError(path, "cannot write: the folder " + dir.string() + " does not exist");
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" + uniqueSuffix());
  if (!fs::create_directory(temp, ec)) throw ImagingError(path, "cannot write: cannot create a file in " + dir.string(), ec.message());
  try {
    write((temp / target.filename()).string());
    std::vector<fs::path> produced;
    for (const auto& e : fs::directory_iterator(temp)) produced.push_back(e.path());
    if (produced.empty()) throw ImagingError(path, "cannot write: the writer produced no file");
    // The named (header) file goes last, so a reader never sees a header whose data file is missing.
    std::stable_partition(produced.begin(), produced.end(),
                          [&](const fs::path& p) { return p.filename() != target.filename(); });
    for (const auto& p : produced)
      if (!fsyncPath(p)) throw ImagingError(path, "cannot write: the data could not be stored (disk full or I/O error)");
    for (const auto& p : produced) fs::rename(p, dir / p.filename());
    fsyncPath(dir);
    fs::remove_all(temp, ec);
  } catch (const ImagingError&) {
    fs::remove_all(temp, ec);
    throw;
  } catch (const std::exception& e) {
    fs::remove_all(temp, ec);
    throw ImagingError(path, "cannot write the file", e.what());
  }
}

}  // namespace hccws::core::io
