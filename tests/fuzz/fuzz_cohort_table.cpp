// Target cohort_table: a clinical table through the shipped mappings' kinds of rule (nomogram/core/src/cohort.cpp
// importCohortTable): a patient table (codes, unit conversion, ranges) and a visit table (first visit by date,
// only_if, dates in one format), both imputations; every result is used (survival data of the variables).
#include "fuzz_nomogram.h"

#include <hccws/survival/cohort.h>
#include <hccws/survival/csv_table.h>

namespace {
const hccws::surv::CohortMapping& patients() {
  static const auto m = hccws::surv::parseCohortMapping(R"({"format": "hccws-cohort-mapping", "format_version": 1,
    "name": "fuzz patients", "id": "TCIA_ID", "time": {"column": "OS", "unit": "weeks"},
    "event": {"column": "Death_1_StillAliveorLostToFU_0"},
    "variables": [{"name": "lesion_number", "column": "tumor_nodul", "codes": {"uninodular": 1, "multinodular": 2}},
                  {"name": "hbv", "column": "hepatitis", "codes": {"No virus": 0, "HCV only": 0, "HBV only": 1, "HCV and HBV": 1}},
                  {"name": "diameter", "column": "Tr_Size", "range": [0.5, 30]},
                  {"name": "ast", "note": "none"}]})", "patients.json");
  return m;
}
const hccws::surv::CohortMapping& visits() {
  static const auto m = hccws::surv::parseCohortMapping(R"({"format": "hccws-cohort-mapping", "format_version": 1,
    "name": "fuzz visits", "kind": "visits", "id": "ID", "time": {"column": "OStime_day", "unit": "days"},
    "event": {"column": "Status_of_death"}, "baseline": {"date": "Date", "only_if": {"column": "Embolization", "equals": 1}},
    "variables": [{"name": "lesion_number", "column": "Amount.of.Hepatic.Lesions", "range": [1, 4]},
                  {"name": "diameter", "column": "Largest.Diameter.of.Hepatic.Lesions", "convert": "mm_to_cm"}]})", "visits.json");
  return m;
}
}  // namespace

HCCWS_FUZZ_TARGET(cohort_table) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::survivalCall([&] {
    const surv::CsvTable t = surv::CsvTable::parse(text, "cohort.csv");
    for (const auto* m : {&patients(), &visits()})
      for (const auto imp : {surv::Imputation::CompleteCase, surv::Imputation::Median})
        fuzz::survivalCall([&] {
          const surv::CohortData c = surv::importCohortTable(*m, t, imp);
          (void)surv::cohortSurvData(c, c.names);
          (void)surv::cohortSurvData(c, {"lesion_number", "ast"}, {{"lesion_number", 1}, {"ast", 40}});
        });
  });
  return 0;
}
