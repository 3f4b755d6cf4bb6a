#pragma once
// Helpers shared by the inference tests (header-only: these tests build with LibTorch alone).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace hccws::test {

// A fresh, empty folder under $HCCWS_TEST_TMP (or /tmp) named `name`.
inline std::string tmpDir(const std::string& name) {
  const char* base = std::getenv("HCCWS_TEST_TMP");
  const std::string dir = std::string(base ? base : "/tmp") + "/" + name;
  const int rc = std::system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "'").c_str());
  (void)rc;
  return dir;
}

// The repository (HCCWS_SOURCE_DIR, set by ctest; "." when run by hand from the repository).
inline std::string sourceDir() {
  const char* s = std::getenv("HCCWS_SOURCE_DIR");
  return s ? s : ".";
}

// A whole file as bytes ("" when it cannot be read).
inline std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hccws::test
