#include "json_file.h"

#include <fstream>
#include <sstream>

namespace hccws::infer {

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InferenceError(path, "file is missing or unreadable");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json parseJsonText(const std::string& text, const std::string& source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InferenceError(source, "is not valid JSON", e.what());
  }
}

}  // namespace hccws::infer
