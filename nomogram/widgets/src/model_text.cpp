#include "model_text.h"

#include <QCoreApplication>

namespace hccws::nomo {

namespace {

constexpr const char* kContext = "hccws::nomo::ModelText";

void tr(std::string& s) {
  if (s.empty()) return;
  s = QCoreApplication::translate(kContext, s.c_str()).toStdString();
}

// Every display string of a model, for translating in place and for listing.
template <typename Model, typename F>
void forEachDisplayString(Model& m, F&& f) {
  f(m.title);
  f(m.provenance.kind);
  f(m.provenance.cohort);
  f(m.provenance.method);
  for (auto& v : m.variables) {
    f(v.label);
    f(v.unit);
    f(v.coding);
    f(v.source.note);
    for (auto& l : v.levels) f(l.label);
    if (v.assumed) f(v.assumed->source);
    if (v.cohort) f(v.cohort->note);
  }
  f(m.baseline.source.note);
  f(m.risk.source.note);
  f(m.risk.publishedScale);
}

}  // namespace

void localiseModelText(surv::NomogramModel& m) {
  forEachDisplayString(m, [](std::string& s) { tr(s); });
}

std::vector<std::string> modelDisplayStrings(const surv::NomogramModel& m) {
  std::vector<std::string> out;
  forEachDisplayString(m, [&](const std::string& s) {
    if (!s.empty()) out.push_back(s);
  });
  return out;
}

}  // namespace hccws::nomo
