#pragma once
// Helpers for the model-bundle harnesses (inference/src bundle.cpp, plans.cpp, tensor_file.cpp; Torch-free).
#include "fuzz_target.h"

#include <hccws/inference/types.h>

#include <fstream>
#include <sstream>

#ifndef HCCWS_FUZZ_DEMO_MODEL
#error "HCCWS_FUZZ_DEMO_MODEL (resources/models/demo_liver_tumour) must be defined by tests/fuzz/CMakeLists.txt"
#endif

namespace hccws::fuzz {

inline bool isInferenceError(const std::exception& e) {
  return dynamic_cast<const infer::InferenceError*>(&e) || dynamic_cast<const infer::Cancelled*>(&e);
}

template <typename Body>
void inferenceCall(Body&& body) {
  expectRefusal(body, isInferenceError);
}

// A file of the demo bundle (resources/models/demo_liver_tumour), read once.
inline std::string demoFile(const std::string& name) {
  std::ifstream in(std::string(HCCWS_FUZZ_DEMO_MODEL) + "/" + name, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "hccws-fuzz: cannot read the demo model's %s\n", name.c_str());
    std::abort();
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace hccws::fuzz
