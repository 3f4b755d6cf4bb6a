// Target bundle_manifest: a model bundle's manifest.json (inference/src/bundle.cpp: loadBundle) in a bundle
// folder that holds the demo model's plans.json and dataset.json and a small weights file
// (fold_0.safetensors, content "hccws-fuzz-weights\n", sha256 in the seeds). Odd-sized inputs are loaded with
// checksum verification, even-sized ones without, so both paths are fuzzed.
#include "fuzz_inference.h"

#include <hccws/inference/bundle.h>

HCCWS_FUZZ_TARGET(bundle_manifest) {
  using namespace hccws;
  static const std::filesystem::path dir = [] {
    const auto d = fuzz::freshDir("bundle");
    for (const char* name : {"plans.json", "dataset.json"}) {
      const std::string text = fuzz::demoFile(name);
      fuzz::writeFile(d / name, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    }
    const std::string weights = "hccws-fuzz-weights\n";
    fuzz::writeFile(d / "fold_0.safetensors", reinterpret_cast<const std::uint8_t*>(weights.data()), weights.size());
    return d;
  }();
  fuzz::writeFile(dir / "manifest.json", data, size);
  fuzz::inferenceCall([&] {
    const infer::ModelBundle b = infer::loadBundle(dir.string(), size % 2 == 1);
    (void)infer::requiredPhases(b.manifest);
    (void)infer::missingPhases(b.manifest, {"portal_venous"});
  });
  return 0;
}
