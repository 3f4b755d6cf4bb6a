// Target pmn_manifest: a PMN bundle's manifest.json (inference/src/pmn_bundle.cpp: loadPmnBundle, and the
// network configuration reader of pmn_config.cpp) in a folder holding a small weights file
// (weights.safetensors, content "hccws-fuzz-weights\n", sha256 in the seeds). Odd-sized inputs are loaded
// with checksum verification, even-sized ones without.
#include "fuzz_inference.h"

#include <hccws/inference/pmn_bundle.h>

HCCWS_FUZZ_TARGET(pmn_manifest) {
  using namespace hccws;
  static const std::filesystem::path dir = [] {
    const auto d = fuzz::freshDir("pmn_bundle");
    const std::string weights = "hccws-fuzz-weights\n";
    fuzz::writeFile(d / "weights.safetensors", reinterpret_cast<const std::uint8_t*>(weights.data()), weights.size());
    return d;
  }();
  fuzz::writeFile(dir / "manifest.json", data, size);
  fuzz::inferenceCall([&] { (void)infer::loadPmnBundle(dir.string(), size % 2 == 1); });
  return 0;
}
