// Patient inputs carry their state: missing until measured, typed or (on request) assumed; a typed value is
// never overwritten by a measurement; a model is evaluated only when all its inputs are present. Also checks
// the shipped model files' assumed values: every input but AST has one, each with a source.
#include <hccws/survival/model_json.h>
#include <hccws/survival/patient_inputs.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

using namespace hccws::surv;

namespace {
NomogramModel shipped(const std::string& arm) {
  const char* src = std::getenv("HCCWS_SOURCE_DIR");
  return readNomogramModel(std::string(src ? src : ".") + "/resources/models/nomogram_" + arm + ".json");
}
}  // namespace

TEST_CASE("inputs start missing and a model needs all of its own", "[inputs]") {
  const NomogramModel tace = shipped("tace"), haic = shipped("haic");
  PatientInputs in;
  in.setModels({&tace, &haic});
  CHECK(in.names().size() == 9);  // lesion_number, hbv, diameter, dl_risk_score_tace, proliferative, sex, ast, pvtt,
                                  // dl_risk_score_haic (one PMN score per arm)
  for (const auto& n : in.names()) CHECK(in.input(n).state == InputState::Missing);
  CHECK(in.missingFor(tace).size() == 5);
  CHECK_FALSE(in.valuesFor(tace).has_value());

  CHECK(in.offerMeasured("lesion_number", 2.0, "segment 2 'tumour'"));
  CHECK(in.input("lesion_number").state == InputState::Measured);
  CHECK(in.input("lesion_number").source == "segment 2 'tumour'");
  CHECK_FALSE(in.offerMeasured("liver_volume_ml", 1.0, "x"));  // not a model input
  CHECK(in.missingFor(tace) == std::vector<std::string>{"hbv", "diameter", "dl_risk_score_tace", "proliferative"});
}

TEST_CASE("a typed value stays until the user takes the measured one", "[inputs]") {
  const NomogramModel tace = shipped("tace");
  PatientInputs in;
  in.setModels({&tace});
  in.offerMeasured("diameter", 8.0, "segment 2 'tumour'");
  CHECK(in.setTyped("diameter", 9.5));
  CHECK(in.input("diameter").state == InputState::Typed);
  // the next measurement: kept beside the typed value, which stays
  CHECK(in.offerMeasured("diameter", 8.2, "segment 2 'tumour'"));
  CHECK(in.input("diameter").value == 9.5);
  REQUIRE(in.input("diameter").measuredValue.has_value());
  CHECK(*in.input("diameter").measuredValue == 8.2);
  // a measurement that is no longer possible does not touch a typed value either
  in.offerMeasured("diameter", std::nullopt, "");
  CHECK(in.input("diameter").value == 9.5);
  CHECK_FALSE(in.useMeasured("diameter"));  // nothing measured now
  in.offerMeasured("diameter", 8.3, "segment 2 'tumour'");
  CHECK(in.useMeasured("diameter"));
  CHECK(in.input("diameter").state == InputState::Measured);
  CHECK(in.input("diameter").value == 8.3);
  // a measured value whose segment is gone becomes missing (never a stale number)
  in.offerMeasured("diameter", std::nullopt, "");
  CHECK(in.input("diameter").state == InputState::Missing);
  CHECK(in.clear("lesion_number") == false);
}

TEST_CASE("fill missing with cohort values: only missing inputs, marked assumed, AST has none", "[inputs]") {
  const NomogramModel tace = shipped("tace"), haic = shipped("haic");
  for (const NomogramModel* m : {&tace, &haic})
    for (const auto& v : m->variables) {
      INFO(m->arm << " " << v.name);
      if (v.name == "ast") {
        CHECK_FALSE(v.assumed.has_value());  // neither real cohort records AST
      } else {
        REQUIRE(v.assumed.has_value());
        CHECK_FALSE(v.assumed->source.empty());
        CHECK(v.assumed->value >= v.min);
        CHECK(v.assumed->value <= v.max);
      }
    }
  PatientInputs in;
  in.setModels({&tace, &haic});
  in.offerMeasured("diameter", 7.0, "segment 2 'tumour'");
  in.setTyped("sex", 1);
  const auto filled = in.fillAssumed();
  CHECK(std::find(filled.begin(), filled.end(), "diameter") == filled.end());
  CHECK(std::find(filled.begin(), filled.end(), "sex") == filled.end());
  CHECK(in.input("diameter").value == 7.0);
  CHECK(in.input("sex").value == 1.0);
  CHECK(in.input("hbv").state == InputState::Assumed);
  CHECK(in.input("hbv").source.rfind("assumed: ", 0) == 0);
  CHECK(in.completeFor(tace));
  CHECK(in.assumedFor(tace) == std::vector<std::string>{"lesion_number", "hbv", "dl_risk_score_tace", "proliferative"});
  CHECK_FALSE(in.completeFor(haic));
  CHECK(in.missingFor(haic) == std::vector<std::string>{"ast"});
  const auto values = in.valuesFor(tace);
  REQUIRE(values.has_value());
  CHECK((*values)[2] == 7.0);  // diameter, in model order
}
