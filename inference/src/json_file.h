#pragma once
// Reading the JSON files of a model bundle (manifest.json, plans.json, dataset.json, a safetensors header)
// with errors that name the file and the key, never nlohmann-json's own exception text (issue 13):
// - readTextFile(): regular files only, at most kMaxJsonFileBytes (input_file.h: no FIFO/device, bounded).
// - parseJsonText(): "<file>: not valid UTF-8 at byte N", "nested deeper than 64 levels at byte N", "is not
//   valid JSON: syntax error at byte N (line L, column C)", checked before nlohmann parses.
// - JsonField: typed access by key path ("configurations.3d_fullres.patch_size[1]"); a missing key, a wrong
//   type or a number outside its allowed range throws InferenceError(file, "'<path>' ... allowed: lo..hi").
//   Integers must be integral and within range before any conversion (nlohmann's get<int>() of 1e300 is
//   undefined behaviour).
#include <hccws/inference/types.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace hccws::infer {

std::string readTextFile(const std::string& path, const std::string& what = "file");
// `source` names where the text came from in the error ("plans.json", a path, ...).
nlohmann::json parseJsonText(const std::string& text, const std::string& source);
inline nlohmann::json readJsonFile(const std::string& path) { return parseJsonText(readTextFile(path), path); }

// Writes `j` (2-space indent; bytes that are not UTF-8 replaced) to path.tmp, flushes and renames it over path;
// InferenceError naming the file when it cannot be written completely or replaced.
void writeJsonFile(const std::string& path, const nlohmann::ordered_json& j);

// Byte offset (0-based) of the first invalid UTF-8 sequence in `text`, or npos when it is valid UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t firstInvalidUtf8(const std::string& text);

class JsonField {
 public:
  JsonField(const nlohmann::json& value, std::string file, std::string name = {})
      : v_(&value), file_(std::move(file)), name_(std::move(name)) {}

  const nlohmann::json& raw() const { return *v_; }
  const std::string& file() const { return file_; }
  const std::string& name() const { return name_; }

  bool isObject() const { return v_->is_object(); }
  bool isArray() const { return v_->is_array(); }
  bool isNull() const { return v_->is_null(); }
  bool isNumber() const { return v_->is_number(); }
  bool isString() const { return v_->is_string(); }
  // This must be an object; whether it has `key` (a null value counts as absent).
  bool has(const std::string& key) const;
  // Required member of an object.
  JsonField operator[](const std::string& key) const;
  // Array element i (the array must have it).
  JsonField at(std::size_t i) const;

  std::string str() const;
  std::string str(const std::string& key, const std::string& fallback) const;  // optional string member
  std::int64_t integer(std::int64_t lo, std::int64_t hi) const;
  int integer32(int lo, int hi) const { return static_cast<int>(integer(lo, hi)); }
  double number(double lo = -std::numeric_limits<double>::max(), double hi = std::numeric_limits<double>::max()) const;
  bool boolean() const;
  bool boolean(const std::string& key, bool fallback) const;  // optional boolean member
  // Array elements, refused outside [minCount, maxCount].
  std::vector<JsonField> list(std::size_t minCount = 0, std::size_t maxCount = 1u << 20) const;
  // Object members in key order.
  std::vector<std::pair<std::string, JsonField>> members() const;

  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::string child(const std::string& key) const;
  const nlohmann::json* v_;
  std::string file_, name_;
};

}  // namespace hccws::infer
