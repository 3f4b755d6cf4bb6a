// Target plans: nnU-Net plans.json + dataset.json (inference/src/plans.cpp: parseNnunetPlan, then the network
// description's validate()). The input is "plans[SEP dataset[SEP configuration]]" (SEP = kFileSeparator);
// without a dataset part the demo model's dataset.json is used, without a configuration "3d_fullres".
#include "fuzz_inference.h"

#include <hccws/inference/plans.h>

HCCWS_FUZZ_TARGET(plans) {
  using namespace hccws;
  static const std::string demoDataset = fuzz::demoFile("dataset.json");
  const auto parts = fuzz::splitFiles(data, size, 3);
  const std::string& dataset = parts.size() > 1 ? parts[1] : demoDataset;
  const std::string configuration = parts.size() > 2 ? parts[2] : "3d_fullres";
  fuzz::inferenceCall([&] {
    const infer::NnunetPlan plan = infer::parseNnunetPlan(parts[0], dataset, configuration, "plans.json");
    plan.network.validate("plans.json");
  });
  return 0;
}
