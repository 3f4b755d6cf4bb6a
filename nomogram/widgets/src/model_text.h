#pragma once
// The display text of a nomogram model file (title, variable labels, units, level labels) in the user's
// language. Model files are data, so lupdate cannot see their strings: model_text.cpp lists those of the
// shipped models (resources/models/nomogram_*.json) with QT_TRANSLATE_NOOP; a string without a translation
// (a site's own model) is shown as written. Names used by the program (variable names, arm) are not touched.
#include <hccws/survival/nomogram_model.h>

namespace hccws::nomo {

void localiseModelText(surv::NomogramModel& model);
// Every display string of the model (for the translation test).
std::vector<std::string> modelDisplayStrings(const surv::NomogramModel& model);

}  // namespace hccws::nomo
