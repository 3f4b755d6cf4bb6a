#include "metaimage_check.h"

#include <hccws/core/errors.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <vector>

namespace hccws::core::metaimage {
namespace {

bool endsWithNoCase(std::string s, const std::string& suffix) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

constexpr std::size_t kMaxHeader = 64 * 1024, kMaxLine = 1000, kMaxKey = 60, kMaxValue = 250;

}  // namespace

bool isMetaImagePath(const std::string& path) { return endsWithNoCase(path, ".mha") || endsWithNoCase(path, ".mhd"); }

void checkFile(const std::string& path) {
  if (!isMetaImagePath(path)) return;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImagingError(path, "cannot open the file");
  std::vector<char> head(kMaxHeader);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t start = 0, lineNo = 0;
  while (start < head.size()) {
    ++lineNo;
    const auto nl = std::find(head.begin() + static_cast<std::ptrdiff_t>(start), head.end(), '\n');
    const std::size_t end = static_cast<std::size_t>(nl - head.begin());
    const std::string line(head.begin() + static_cast<std::ptrdiff_t>(start), nl);
    const std::string where = "MetaImage header line " + std::to_string(lineNo);
    if (line.size() > kMaxLine) throw ImagingError(path, where + " is longer than " + std::to_string(kMaxLine) + " bytes");
    if (line.find('\0') != std::string::npos) throw ImagingError(path, where + " holds a NUL byte (not a text header)");
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      if (!trimmed(line).empty()) throw ImagingError(path, where + " is not 'Key = Value'");
    } else {
      const std::string key = trimmed(line.substr(0, eq)), value = trimmed(line.substr(eq + 1));
      if (key.size() > kMaxKey)
        throw ImagingError(path, where + ": the key is " + std::to_string(key.size()) + " bytes (at most " +
                                     std::to_string(kMaxKey) + ")");
      if (value.size() > kMaxValue)
        throw ImagingError(path, where + ": the value of " + key.substr(0, 40) + " is " + std::to_string(value.size()) +
                                     " bytes (at most " + std::to_string(kMaxValue) + ")");
      if (key == "ElementDataFile") return;  // the last header field: the data follows
    }
    if (nl == head.end()) break;
    start = end + 1;
  }
  throw ImagingError(path, "not a MetaImage header: no ElementDataFile line in the first " +
                               std::to_string(kMaxHeader / 1024) + " KiB");
}

}  // namespace hccws::core::metaimage
