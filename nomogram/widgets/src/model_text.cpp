#include "model_text.h"

#include <QCoreApplication>

namespace hccws::nomo {

namespace {

constexpr const char* kContext = "hccws::nomo::ModelText";

// The shipped models' display strings, for lupdate (resources/models/nomogram_tace.json, nomogram_haic.json).
[[maybe_unused]] const char* const kShipped[] = {
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "TACE nomogram (Cao 2025; published HRs, reconstructed baseline)"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "HAIC nomogram (Cao 2025; published HRs, reconstructed baseline)"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "Intrahepatic lesion number"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "HBV infection"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "Largest tumour diameter"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "DL risk score, TACE head (PMN)"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "DL risk score, HAIC head (PMN)"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "Proliferative subtype (PMN)"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "Portal vein tumour thrombus"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "Sex"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "AST"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "count"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "cm"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "U/L"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "probability"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "no"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "yes"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "non-proliferative"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "proliferative"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "female"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText", "male"),
    QT_TRANSLATE_NOOP("hccws::nomo::ModelText",
                      "the study included only tumours >= 5 cm (Cao 2025); the model was not fitted on smaller tumours"),
};

void tr(std::string& s) {
  if (s.empty()) return;
  s = QCoreApplication::translate(kContext, s.c_str()).toStdString();
}

}  // namespace

void localiseModelText(surv::NomogramModel& m) {
  tr(m.title);
  for (auto& v : m.variables) {
    tr(v.label);
    tr(v.unit);
    for (auto& l : v.levels) tr(l.label);
    if (v.cohort) tr(v.cohort->note);
  }
}

std::vector<std::string> modelDisplayStrings(const surv::NomogramModel& m) {
  std::vector<std::string> out{m.title};
  for (const auto& v : m.variables) {
    out.push_back(v.label);
    if (!v.unit.empty()) out.push_back(v.unit);
    for (const auto& l : v.levels) out.push_back(l.label);
    if (v.cohort && !v.cohort->note.empty()) out.push_back(v.cohort->note);
  }
  return out;
}

}  // namespace hccws::nomo
