#pragma once
// Private to viewer/core: the small JSON files the core reads and writes (seed strokes, measurement marks).
// readJsonFile: a regular file of at most maxBytes (checked before reading), parsed as UTF-8 JSON; every
// failure is an ImagingError naming the file ("not a regular file", "larger than ...", "not valid JSON").
// writeTextAtomically: the text written through io::writeAtomically (the target is untouched on failure).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace hccws::core::io {

nlohmann::json readJsonFile(const std::string& path, std::uintmax_t maxBytes);
void writeTextAtomically(const std::string& path, const std::string& text);

}  // namespace hccws::core::io
