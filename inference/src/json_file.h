#pragma once
// Reading text and JSON files for the inference layer, with errors that name the file (InferenceError).
#include <hccws/inference/types.h>

#include <nlohmann/json.hpp>

#include <string>

namespace hccws::infer {

std::string readTextFile(const std::string& path);
// `source` names where the text came from in the error ("plans.json", a path, ...).
nlohmann::json parseJsonText(const std::string& text, const std::string& source);
inline nlohmann::json readJsonFile(const std::string& path) { return parseJsonText(readTextFile(path), path); }

}  // namespace hccws::infer
