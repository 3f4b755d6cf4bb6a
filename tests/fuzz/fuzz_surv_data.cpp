// Target surv_data: survival data built from a cohort table (nomogram/core/src/csv_table.cpp:
// buildSurvData, complete-case rule) with column 1 = time, column 2 = event, columns 3..6 = covariates and,
// when the last header is "strata", that column as strata; then Kaplan-Meier and a Cox fit as
// `hccws survival km|cox` run them on small data.
#include "fuzz_nomogram.h"

#include <hccws/survival/cox.h>
#include <hccws/survival/csv_table.h>
#include <hccws/survival/kaplan_meier.h>

HCCWS_FUZZ_TARGET(surv_data) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::survivalCall([&] {
    const surv::CsvTable t = surv::CsvTable::parse(text, "cohort.csv");
    const auto& h = t.header();
    if (h.size() < 2) return;
    surv::SurvColumns cols;
    cols.time = h[0];
    cols.event = h[1];
    std::size_t last = h.size();
    if (h.back() == "strata" && h.size() > 2) {
      cols.strata = h.back();
      --last;
    }
    for (std::size_t c = 2; c < last && c < 6; ++c) cols.covariates.push_back(h[c]);
    const surv::SurvTable st = surv::buildSurvData(t, cols);
    const surv::SurvData& d = st.data;
    (void)surv::kaplanMeier(d.time, d.status);
    if (d.strata.size() == d.time.size() && d.strata.size() > 0)
      (void)surv::kaplanMeierByGroup(d.time, d.status, d.strata);
    if (d.p() > 0 && d.n() <= 2000) {
      surv::CoxOptions o;
      o.maxIter = 10;
      fuzz::survivalCall([&] { (void)surv::fitCox(d, o); });
    }
  });
  return 0;
}
