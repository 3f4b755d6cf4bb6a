// Target safetensors: a weights/tensor file (inference/src/tensor_file.cpp: readSafetensors), then every
// tensor's values converted to float as the network loader does (small tensors only).
#include "fuzz_inference.h"

#include <hccws/inference/tensor_file.h>

HCCWS_FUZZ_TARGET(safetensors) {
  using namespace hccws;
  const std::string path = fuzz::writeInput("weights.safetensors", data, size);
  fuzz::inferenceCall([&] {
    const infer::TensorFile f = infer::readSafetensors(path);
    for (const auto& [name, t] : f.tensors) {
      if (t.numel() <= (1 << 20)) (void)t.toFloat();
    }
  });
  return 0;
}
