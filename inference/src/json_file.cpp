// JSON reading with messages that name the file and the key (see json_file.h).
#include "json_file.h"

#include "input_file.h"

#include <hccws/inference/limits.h>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace hccws::infer {
namespace {

// Line and column (1-based) of a byte offset, for messages.
std::string lineColumn(const std::string& text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

// Byte offset where the nesting of arrays/objects exceeds maxDepth, or npos.
std::size_t tooDeep(const std::string& text, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string::npos;
}

std::string numberText(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::size_t firstInvalidUtf8(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c == 0xED) len = 3, hi = 0x9F;  // no UTF-16 surrogates
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;  // nothing above U+10FFFF
    else return i;
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string::npos;
}

std::string readTextFile(const std::string& path, const std::string& what) {
  return detail::InputFile(path, what).readAll(kMaxJsonFileBytes);
}

nlohmann::json parseJsonText(const std::string& text, const std::string& source) {
  if (text.size() > kMaxJsonFileBytes)
    throw InferenceError(source, "is " + formatBytes(text.size()) + ", over the limit of " +
                                     formatBytes(kMaxJsonFileBytes) + " for a JSON file");
  const std::size_t bad = firstInvalidUtf8(text);
  if (bad != std::string::npos)
    throw InferenceError(source, "not valid UTF-8 at byte " + std::to_string(bad) + " (" + lineColumn(text, bad) +
                                     "): JSON text must be UTF-8");
  const std::size_t deep = tooDeep(text, kMaxJsonDepth);
  if (deep != std::string::npos)
    throw InferenceError(source, "is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at byte " +
                                     std::to_string(deep) + " (" + lineColumn(text, deep) + ")");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    throw InferenceError(source, "is not valid JSON: syntax error at byte " + std::to_string(at) + " (" +
                                     lineColumn(text, at) + ")");
  } catch (const nlohmann::json::exception&) {
    throw InferenceError(source, "is not valid JSON");
  }
}

std::string JsonField::child(const std::string& key) const {
  // A key is data from the file: a long one is shortened (at a UTF-8 boundary) so messages stay readable.
  std::string k = key;
  if (k.size() > 80) {
    std::size_t cut = 72;
    while (cut > 0 && (static_cast<unsigned char>(k[cut]) & 0xC0) == 0x80) --cut;
    k = k.substr(0, cut) + "...";
  }
  return name_.empty() ? k : name_ + "." + k;
}

void JsonField::fail(const std::string& problem) const {
  throw InferenceError(file_, (name_.empty() ? std::string("the top level") : "'" + name_ + "'") + " " + problem);
}

bool JsonField::has(const std::string& key) const {
  if (!v_->is_object()) fail(std::string("must be an object, not ") + v_->type_name());
  const auto it = v_->find(key);
  return it != v_->end() && !it->is_null();
}

JsonField JsonField::operator[](const std::string& key) const {
  if (!has(key)) throw InferenceError(file_, "has no '" + child(key) + "'");
  return JsonField(v_->find(key).value(), file_, child(key));
}

JsonField JsonField::at(std::size_t i) const {
  if (!v_->is_array()) fail(std::string("must be a list, not ") + v_->type_name());
  if (i >= v_->size()) fail("has " + std::to_string(v_->size()) + " entries; entry " + std::to_string(i) + " is missing");
  return JsonField((*v_)[i], file_, name_ + "[" + std::to_string(i) + "]");
}

std::string JsonField::str() const {
  if (!v_->is_string()) fail(std::string("must be a string, not ") + v_->type_name());
  return v_->get_ref<const std::string&>();
}

std::string JsonField::str(const std::string& key, const std::string& fallback) const {
  return has(key) ? (*this)[key].str() : fallback;
}

std::int64_t JsonField::integer(std::int64_t lo, std::int64_t hi) const {
  const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
  if (v_->is_number_unsigned()) {
    const auto u = v_->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi)) fail("is " + std::to_string(u) + "; allowed: " + range);
    return static_cast<std::int64_t>(u);
  }
  if (v_->is_number_integer()) {
    const auto i = v_->get<std::int64_t>();
    if (i < lo || i > hi) fail("is " + std::to_string(i) + "; allowed: " + range);
    return i;
  }
  if (v_->is_number_float()) {
    const double d = v_->get<double>();
    if (!std::isfinite(d) || d != std::floor(d)) fail("must be a whole number in " + range + ", not " + numberText(d));
    // |d| < 2^63 as well: double(INT64_MAX) rounds up to 2^63, whose conversion would be undefined.
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi) || std::abs(d) >= 9.2e18)
      fail("is " + numberText(d) + "; allowed: " + range);
    return static_cast<std::int64_t>(d);
  }
  fail("must be a whole number in " + range + ", not " + v_->type_name());
}

double JsonField::number(double lo, double hi) const {
  if (!v_->is_number()) fail(std::string("must be a number, not ") + v_->type_name());
  const double d = v_->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi)
    fail("is " + numberText(d) + "; allowed: " + numberText(lo) + ".." + numberText(hi));
  return d;
}

bool JsonField::boolean() const {
  if (!v_->is_boolean()) fail(std::string("must be true or false, not ") + v_->type_name());
  return v_->get<bool>();
}

bool JsonField::boolean(const std::string& key, bool fallback) const {
  return has(key) ? (*this)[key].boolean() : fallback;
}

std::vector<JsonField> JsonField::list(std::size_t minCount, std::size_t maxCount) const {
  if (!v_->is_array()) fail(std::string("must be a list, not ") + v_->type_name());
  if (v_->size() < minCount || v_->size() > maxCount)
    fail("has " + std::to_string(v_->size()) + " entries; allowed: " + std::to_string(minCount) + ".." +
         std::to_string(maxCount));
  std::vector<JsonField> out;
  out.reserve(v_->size());
  for (std::size_t i = 0; i < v_->size(); ++i) out.emplace_back((*v_)[i], file_, name_ + "[" + std::to_string(i) + "]");
  return out;
}

std::vector<std::pair<std::string, JsonField>> JsonField::members() const {
  if (!v_->is_object()) fail(std::string("must be an object, not ") + v_->type_name());
  std::vector<std::pair<std::string, JsonField>> out;
  for (auto it = v_->begin(); it != v_->end(); ++it) out.emplace_back(it.key(), JsonField(it.value(), file_, child(it.key())));
  return out;
}

void writeJsonFile(const std::string& path, const nlohmann::ordered_json& j) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::trunc);
    if (!o) throw InferenceError(path, "cannot be written");
    o << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    o.flush();
    if (!o) throw InferenceError(path, "could not be written completely (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw InferenceError(path, "cannot be replaced");
}

}  // namespace hccws::infer
