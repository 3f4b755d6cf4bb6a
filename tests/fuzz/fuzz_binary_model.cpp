// Target binary_model: a binary-outcome model file (nomogram/core binary_model.cpp: BinaryModel::fromJson), and
// what `hccws model evaluate` and the model page compute from a model that loaded: predictions, the nomogram's
// points and probability, the JSON written back.
#include "fuzz_nomogram.h"

#include <hccws/survival/binary_model.h>

HCCWS_FUZZ_TARGET(binary_model) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::survivalCall([&] {
    const surv::BinaryModel m = surv::BinaryModel::fromJson(text, "model.json");
    const surv::BinaryModel back = surv::BinaryModel::fromJson(m.toJson(), "model.json");
    std::vector<double> values;
    for (const auto& t : m.terms) values.push_back(t.mean);
    (void)m.predict(values);
    (void)back.predict(values);
    const surv::LogisticNomogram nom = surv::logisticNomogram(m);
    (void)nom.probability(nom.points(values));
  });
  return 0;
}
