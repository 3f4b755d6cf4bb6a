#pragma once
// Content hash of a source series, so that a case notices when the CT it was made from has changed.
// A folder: every regular file below it (recursively; DICOM folders often nest), in the order of their relative
// paths, each as its relative path, its size and its bytes; a file: its bytes. SHA-256 through OpenSSL's EVP.
// Throws CaseError naming the path when it cannot be read.
#include <cstdint>
#include <string>

namespace hccws::cases {

struct SourceDigest {
  std::string sha256;  // lower-case hex
  std::uint64_t files = 0, bytes = 0;
};

SourceDigest hashSource(const std::string& path);

}  // namespace hccws::cases
