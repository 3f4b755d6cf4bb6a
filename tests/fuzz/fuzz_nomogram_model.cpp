// Target nomogram_model: a nomogram model file (nomogram/core/src/model_json.cpp: parseNomogramModel), and
// what the nomogram panel computes from a model that loaded: points, linear predictor, survival, curve,
// median, RMST, risk group, and the JSON written back.
#include "fuzz_nomogram.h"

#include <hccws/survival/model_json.h>

HCCWS_FUZZ_TARGET(nomogram_model) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::survivalCall([&] {
    const surv::NomogramModel m = surv::parseNomogramModel(text, "model.json");
    (void)surv::nomogramModelToJson(m);
    const std::vector<double> values = m.referenceValues();
    (void)m.pointsPerVariable(values);
    (void)m.outOfRange(values);
    const double lp = m.linearPredictor(values);
    (void)m.lpFromPoints(m.totalPoints(values));
    for (double t : m.survivalTimes) (void)m.survival(t, lp);
    (void)m.curve(values, {0.0, 6.0, 12.0, 24.0, 36.0, 60.0});
    (void)m.medianSurvival(lp);
    (void)m.restrictedMean(lp, 36.0);
    (void)m.riskGroup(lp);
  });
  return 0;
}
