#include "io_json.h"

#include <hccws/core/errors.h>

#include "io_atomic.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace hccws::core::io {

nlohmann::json readJsonFile(const std::string& path, std::uintmax_t maxBytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw ImagingError(path, "not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw ImagingError(path, "cannot read its size: " + ec.message());
  if (size > maxBytes)
    throw ImagingError(path, "larger than " + std::to_string(maxBytes >> 20) + " MiB (" + std::to_string(size) +
                                 " bytes)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImagingError(path, "cannot be opened");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::exception& e) {
    throw ImagingError(path, std::string("not valid JSON (UTF-8): ") + e.what());
  }
}

void writeTextAtomically(const std::string& path, const std::string& text) {
  writeAtomically(path, [&](const std::string& temp) {
    std::ofstream out(temp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) throw ImagingError(path, "cannot write the file");
  });
}

}  // namespace hccws::core::io
