// safetensors reader/writer (see tensor_file.h).
#include <hccws/inference/tensor_file.h>
#include <hccws/inference/types.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hccws::infer {
namespace {

std::size_t dtypeSize(TensorDtype d) {
  switch (d) {
    case TensorDtype::F32: return 4;
    case TensorDtype::F16: case TensorDtype::BF16: return 2;
    case TensorDtype::I64: return 8;
    case TensorDtype::U8: return 1;
  }
  return 1;
}

TensorDtype dtypeFrom(const std::string& s, const std::string& path, const std::string& name) {
  if (s == "F32") return TensorDtype::F32;
  if (s == "F16") return TensorDtype::F16;
  if (s == "BF16") return TensorDtype::BF16;
  if (s == "I64") return TensorDtype::I64;
  if (s == "U8") return TensorDtype::U8;
  throw InferenceError(path, "tensor '" + name + "' has unsupported dtype " + s);
}

const char* dtypeName(TensorDtype d) {
  switch (d) {
    case TensorDtype::F32: return "F32";
    case TensorDtype::F16: return "F16";
    case TensorDtype::BF16: return "BF16";
    case TensorDtype::I64: return "I64";
    case TensorDtype::U8: return "U8";
  }
  return "?";
}

void requireLittleEndian(const std::string& path) {
  const std::uint16_t probe = 1;
  std::uint8_t first;
  std::memcpy(&first, &probe, 1);
  if (first != 1) throw InferenceError(path, "safetensors files are read on little-endian hosts only");
}

}  // namespace

std::int64_t RawTensor::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

float halfToFloat(std::uint16_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16;
  std::uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ffu, bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      int e = -1;
      do { ++e; mant <<= 1; } while ((mant & 0x400u) == 0);
      bits = sign | (static_cast<std::uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bf16ToFloat(std::uint16_t b) {
  const std::uint32_t bits = static_cast<std::uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::uint16_t floatToHalf(float f) {
  std::uint32_t x;
  std::memcpy(&x, &f, 4);
  const std::uint32_t sign = (x >> 16) & 0x8000u;
  const std::uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) return static_cast<std::uint16_t>(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0));
  if (absx >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u);  // rounds to infinity
  if (absx < 0x38800000u) {  // subnormal half (or zero): value / 2^-24, rounded to nearest even
    float a;
    std::memcpy(&a, &absx, 4);
    const float scaled = a * 16777216.0f;  // 2^24, exact
    auto m = static_cast<std::uint32_t>(scaled);
    const float rem = scaled - static_cast<float>(m);
    if (rem > 0.5f || (rem == 0.5f && (m & 1u))) ++m;
    return static_cast<std::uint16_t>(sign | m);
  }
  const std::uint32_t mant = absx & 0x7fffffu;
  std::uint32_t h = ((absx >> 23) - 127 + 15) << 10 | (mant >> 13);
  const std::uint32_t rest = mant & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
  return static_cast<std::uint16_t>(sign | h);
}

std::vector<float> RawTensor::toFloat() const {
  const auto n = static_cast<std::size_t>(numel());
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (dtype) {
      case TensorDtype::F32: std::memcpy(&out[i], bytes.data() + 4 * i, 4); break;
      case TensorDtype::F16: {
        std::uint16_t h; std::memcpy(&h, bytes.data() + 2 * i, 2); out[i] = halfToFloat(h); break;
      }
      case TensorDtype::BF16: {
        std::uint16_t b; std::memcpy(&b, bytes.data() + 2 * i, 2); out[i] = bf16ToFloat(b); break;
      }
      case TensorDtype::I64: {
        std::int64_t v; std::memcpy(&v, bytes.data() + 8 * i, 8); out[i] = static_cast<float>(v); break;
      }
      case TensorDtype::U8: out[i] = bytes[i]; break;
    }
  }
  return out;
}

TensorFile readSafetensors(const std::string& path) {
  requireLittleEndian(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InferenceError(path, "weights file is missing or unreadable");
  in.seekg(0, std::ios::end);
  const auto fileSize = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  std::uint64_t n = 0;
  if (fileSize < 8 || !in.read(reinterpret_cast<char*>(&n), 8) || n > fileSize - 8)
    throw InferenceError(path, "is not a safetensors file (bad header length)");
  std::string header(static_cast<std::size_t>(n), '\0');
  in.read(header.data(), static_cast<std::streamsize>(n));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(header);
  } catch (const nlohmann::json::exception& e) {
    throw InferenceError(path, "is not a safetensors file (header is not JSON)", e.what());
  }
  const std::uint64_t dataSize = fileSize - 8 - n;
  TensorFile out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "__metadata__") {
      for (auto m = it.value().begin(); m != it.value().end(); ++m)
        out.metadata[m.key()] = m.value().is_string() ? m.value().get<std::string>() : m.value().dump();
      continue;
    }
    RawTensor t;
    try {
      t.dtype = dtypeFrom(it.value().at("dtype").get<std::string>(), path, it.key());
      t.shape = it.value().at("shape").get<std::vector<std::int64_t>>();
      const auto off = it.value().at("data_offsets").get<std::vector<std::uint64_t>>();
      if (off.size() != 2 || off[1] < off[0] || off[1] > dataSize ||
          off[1] - off[0] != static_cast<std::uint64_t>(t.numel()) * dtypeSize(t.dtype))
        throw InferenceError(path, "tensor '" + it.key() + "' has offsets that do not match its shape or the file");
      t.bytes.resize(static_cast<std::size_t>(off[1] - off[0]));
      in.seekg(static_cast<std::streamoff>(8 + n + off[0]));
      if (!in.read(reinterpret_cast<char*>(t.bytes.data()), static_cast<std::streamsize>(t.bytes.size())))
        throw InferenceError(path, "is truncated (tensor '" + it.key() + "')");
    } catch (const nlohmann::json::exception& e) {
      throw InferenceError(path, "tensor '" + it.key() + "' has a malformed header entry", e.what());
    }
    out.tensors.emplace(it.key(), std::move(t));
  }
  return out;
}

RawTensor makeF32(std::vector<std::int64_t> shape, const std::vector<float>& values) {
  RawTensor t;
  t.shape = std::move(shape);
  if (static_cast<std::size_t>(t.numel()) != values.size())
    throw std::invalid_argument("makeF32: shape does not match the value count");
  t.bytes.resize(values.size() * 4);
  std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

void writeSafetensors(const std::string& path, const std::map<std::string, RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  requireLittleEndian(path);
  nlohmann::ordered_json h;
  if (!metadata.empty()) h["__metadata__"] = metadata;
  std::uint64_t off = 0;
  for (const auto& [name, t] : tensors) {
    h[name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {off, off + t.bytes.size()}}};
    off += t.bytes.size();
  }
  std::string hs = h.dump();
  hs.append((8 - hs.size() % 8) % 8, ' ');
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    if (!o) throw InferenceError(path, "cannot be written");
    const std::uint64_t n = hs.size();
    o.write(reinterpret_cast<const char*>(&n), 8);
    o.write(hs.data(), static_cast<std::streamsize>(hs.size()));
    for (const auto& kv : tensors)
      o.write(reinterpret_cast<const char*>(kv.second.bytes.data()), static_cast<std::streamsize>(kv.second.bytes.size()));
    if (!o) throw InferenceError(path, "write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw InferenceError(path, "cannot be replaced");
}

}  // namespace hccws::infer
