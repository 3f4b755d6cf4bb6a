#pragma once
// Core-internal: checks a MetaImage header (.mha/.mhd) BEFORE ITK's MetaIO parses it. MetaIO copies field names
// and values into fixed 255-byte buffers without bounds (a long key or ElementDataFile name overflows them:
// heap corruption and "buffer overflow detected" aborts, found by fuzzing, tests/fuzz/regressions/mha). The
// header is the text up to and including the ElementDataFile line; it is refused (ImagingError naming the file
// and the line) when it has no ElementDataFile line within the first 64 KiB, a line over 1,000 bytes, a key
// over 60 bytes, a value over 250 bytes, or a NUL byte. Other files pass. Pure apart from reading the file.
#include <string>

namespace hccws::core::metaimage {

bool isMetaImagePath(const std::string& path);
void checkFile(const std::string& path);

}  // namespace hccws::core::metaimage
