#pragma once
// Helpers shared by the inference tests (header-only: these tests build with LibTorch alone).
#include <cstdlib>
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

}  // namespace hccws::test
