#pragma once
// Writing a small text output of a command (JSON, CSV) atomically: a temporary file beside it, flushed and
// checked, then renamed over the target, so a full disk or a crash never leaves a cut file. Errors are
// core::ImagingError naming the file. Header-only (the imaging and inference command libraries share it).
#include <hccws/core/errors.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace hccws::cli {

inline void writeTextAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::trunc);
    if (!o) throw core::ImagingError(path, "cannot be written");
    o << text;
    o.flush();
    if (!o) throw core::ImagingError(path, "could not be written completely (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw core::ImagingError(path, "cannot be replaced");
}

}  // namespace hccws::cli
