#pragma once
// Nomogram model files: JSON, "format": "hccws-nomogram", "format_version": 1 (see
// docs/nomogram-models.md for every key). Reading checks the format and version and validates the model;
// unknown keys are ignored (forward-compatible additions), a newer major version is refused.
// Writing is atomic (temporary file + rename) so a crash never leaves half a model.
// Errors: SurvivalError("<file>: <key>: <problem>").
#include "hccws/survival/nomogram_model.h"

#include <string>

namespace hccws::surv {

NomogramModel readNomogramModel(const std::string& path);
NomogramModel parseNomogramModel(const std::string& jsonText, const std::string& sourceName);
std::string nomogramModelToJson(const NomogramModel& model);
void writeNomogramModel(const NomogramModel& model, const std::string& path);

}  // namespace hccws::surv
