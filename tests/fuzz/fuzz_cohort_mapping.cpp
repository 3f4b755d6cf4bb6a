// Target cohort_mapping: a cohort mapping file (nomogram/core/src/cohort.cpp parseCohortMapping): any text is
// a mapping or a CohortError naming the problem.
#include "fuzz_nomogram.h"

#include <hccws/survival/cohort.h>

HCCWS_FUZZ_TARGET(cohort_mapping) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::survivalCall([&] {
    const surv::CohortMapping m = surv::parseCohortMapping(text, "mapping.json");
    (void)surv::mappedTablePath(m);
  });
  return 0;
}
