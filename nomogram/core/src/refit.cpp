// A nomogram model refit on a cohort (refit.h).
#include "hccws/survival/refit.h"

#include "hccws/survival/bootstrap.h"
#include "hccws/survival/concordance.h"
#include "hccws/survival/cox.h"

#include <algorithm>
#include <cctype>

namespace hccws::surv {

namespace {

SurvData rowsOf(const SurvData& d, const std::vector<int>& rows) {
  SurvData s;
  s.names = d.names;
  s.time.resize(static_cast<long>(rows.size()));
  s.status.resize(static_cast<long>(rows.size()));
  s.x.resize(static_cast<long>(rows.size()), d.x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    s.time(static_cast<long>(i)) = d.time(rows[i]);
    s.status(static_cast<long>(i)) = d.status(rows[i]);
    s.x.row(static_cast<long>(i)) = d.x.row(rows[i]);
  }
  return s;
}

double cIndexOf(const SurvData& d, const CoxFit& fit) {
  return harrellC(d.time, d.status, d.x * fit.beta, true).index();
}

}  // namespace

RefitResult refitModel(const NomogramModel& original, const CohortData& cohort, const CohortMapping& mapping,
                       const RefitOptions& o) {
  RefitResult r;
  for (const auto& v : original.variables) {
    if (std::find(cohort.names.begin(), cohort.names.end(), v.name) != cohort.names.end()) {
      r.used.push_back(v.name);
      continue;
    }
    std::string why = "not in the mapping";
    for (const auto& vr : cohort.report.variables)
      if (vr.name == v.name) why = vr.note.empty() ? "not evaluable" : vr.note;
    r.dropped.push_back(v.name + ": " + why);
  }
  if (r.used.empty()) throw SurvivalError(mapping.source + ": none of the model's variables can be evaluated on " + mapping.name);
  const SurvData data = cohortSurvData(cohort, r.used);
  r.n = data.n();
  r.events = data.events();
  CoxOptions co;
  co.ties = Ties::Efron;
  const CoxFit fit = fitCox(data, co);
  const std::string cohortText = mapping.name + " (n = " + std::to_string(r.n) + ", " + std::to_string(r.events) + " deaths)";
  r.model = modelFromCox(data, fit, cohortText, "months");
  // the original's labels, units, codes and axis ranges where they cover the cohort's values
  for (auto& v : r.model.variables) {
    const auto it = std::find_if(original.variables.begin(), original.variables.end(), [&](const NomogramVariable& o2) { return o2.name == v.name; });
    v.label = it->label;
    v.unit = it->unit;
    v.coding = it->coding;
    if (it->kind != VariableKind::Continuous) {
      v.kind = it->kind;
      v.levels = it->levels;
    }
    v.min = std::min(v.min, it->min);
    v.max = std::max(v.max, it->max);
    v.source = {"refit", "Cox (Efron) on " + cohortText};
  }
  std::string slug;
  for (const char c : mapping.name) {
    if (std::isalnum(static_cast<unsigned char>(c))) slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!slug.empty() && slug.back() != '_') slug += '_';
    if (slug.size() >= 24) break;
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  r.model.id = original.id + "_refit_" + slug;
  r.model.arm = original.arm;
  r.model.title = original.arm + " clinical model refit on " + mapping.name;
  std::string used;
  for (const auto& u : r.used) used += (used.empty() ? "" : ", ") + u;
  std::string dropped;
  for (const auto& d : r.dropped) dropped += (dropped.empty() ? "" : "; ") + d;
  r.model.provenance.kind = "refit on " + mapping.name;
  r.model.provenance.cohort = cohortText;
  r.model.provenance.citation = mapping.citation;
  r.model.provenance.method = "Cox partial likelihood (Efron ties) on " + used + " of model '" + original.id + "'" +
                              (dropped.empty() ? "" : " (not evaluable on this cohort, left out: " + dropped + ")") +
                              "; mapping " + mapping.source + "; " + imputationName(cohort.report.imputation) + "; " +
                              o.program;
  r.apparentC = cIndexOf(data, fit);
  r.correctedC = r.apparentC;
  if (o.bootstrap > 0) {
    // Harrell's optimism: the refit on a resample, its C on the resample minus its C on the whole cohort
    const auto b = bootstrap(r.n, [&](const std::vector<int>& rows) {
      const SurvData s = rowsOf(data, rows);
      const CoxFit f = fitCox(s, co);
      return cIndexOf(s, f) - cIndexOf(data, f);
    }, o.bootstrap, o.seed);
    double sum = 0;
    for (const double v : b.replicates) sum += v;
    r.optimism = b.replicates.empty() ? 0 : sum / double(b.replicates.size());
    r.correctedC = r.apparentC - r.optimism;
    r.bootstrapReps = b.reps;
    r.bootstrapFailed = b.failed;
  }
  r.model.validate();
  return r;
}

}  // namespace hccws::surv
