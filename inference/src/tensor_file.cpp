// safetensors reader/writer (see tensor_file.h).
#include <hccws/inference/tensor_file.h>
#include <hccws/inference/limits.h>
#include <hccws/inference/types.h>

#include "input_file.h"
#include "json_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
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
  // Shapes come from files: a negative extent or a product past 2^62 is an error, never a wrapped number.
  std::int64_t n = 1;
  for (auto s : shape) {
    if (s < 0) throw InferenceError("", "tensor shape has a negative extent (" + std::to_string(s) + ")");
    if (s != 0 && n > (std::int64_t{1} << 62) / s)
      throw InferenceError("", "tensor shape's element count overflows");
    n *= s;
  }
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
  if (bytes.size() / dtypeSize(dtype) != n || bytes.size() % dtypeSize(dtype) != 0)
    throw InferenceError("", "tensor holds " + std::to_string(bytes.size()) + " bytes, its shape and dtype need " +
                                 std::to_string(n * dtypeSize(dtype)));
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
  // A regular file only (no FIFO, device such as /dev/zero), every read bounded by its size (input_file.h).
  const detail::InputFile in(path, "weights file");
  const std::uint64_t fileSize = in.size();
  if (fileSize < 8) throw InferenceError(path, "is not a safetensors file (" + std::to_string(fileSize) + " bytes, shorter than its 8-byte header length)");
  std::uint8_t lenBytes[8];
  in.readAt(0, lenBytes, 8);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | lenBytes[i];
  if (n > fileSize - 8)
    throw InferenceError(path, "is not a safetensors file: its header length (" + std::to_string(n) +
                                   " bytes) is larger than the file (" + std::to_string(fileSize) + " bytes)");
  if (n > kMaxSafetensorsHeaderBytes)
    throw InferenceError(path, "safetensors header is " + formatBytes(n) + ", over the limit of " +
                                   formatBytes(kMaxSafetensorsHeaderBytes));
  std::string header(static_cast<std::size_t>(n), '\0');
  in.readAt(8, header.data(), header.size());
  const nlohmann::json j = parseJsonText(header, path + " (safetensors header)");
  const JsonField root(j, path + " (safetensors header)");
  if (!root.isObject()) root.fail("must be a JSON object of tensors");
  const std::uint64_t dataSize = fileSize - 8 - n;

  // Pass 1: every entry checked (dtype, shape, offsets within the data, no overlap, sizes within the budgets)
  // before a single tensor is allocated.
  struct Entry {
    std::string name;
    RawTensor tensor;  // shape and dtype only
    std::uint64_t begin = 0, end = 0;
  };
  std::vector<Entry> entries;
  TensorFile out;
  std::uint64_t totalBytes = 0;
  for (const auto& [name, value] : root.members()) {
    if (name == "__metadata__") {
      for (const auto& [key, m] : value.members()) {
        if (!m.isString()) m.fail("must be a string (safetensors metadata holds strings only)");
        out.metadata[key] = m.str();
      }
      continue;
    }
    Entry e;
    e.name = name;
    const std::string tensor = "tensor '" + value.name() + "'";
    e.tensor.dtype = dtypeFrom(value["dtype"].str(), path, value.name());
    const auto dims = value["shape"].list(0, kMaxTensorRank);
    std::uint64_t count = 1;
    bool overflow = false;
    for (const auto& d : dims) {
      const auto extent = d.integer(0, std::int64_t{1} << 40);
      e.tensor.shape.push_back(extent);
      if (extent != 0 && count > (std::uint64_t{1} << 62) / static_cast<std::uint64_t>(extent)) overflow = true;
      count = overflow ? count : count * static_cast<std::uint64_t>(extent);
    }
    if (overflow)
      throw InferenceError(path, tensor + " has a shape whose element count overflows");
    checkTensorBytes(path, tensor + " (" + std::to_string(count) + " elements)", count, dtypeSize(e.tensor.dtype));
    const auto off = value["data_offsets"].list(2, 2);
    e.begin = static_cast<std::uint64_t>(off[0].integer(0, INT64_MAX));
    e.end = static_cast<std::uint64_t>(off[1].integer(0, INT64_MAX));
    if (e.end < e.begin) throw InferenceError(path, tensor + " ends (" + std::to_string(e.end) + ") before it begins (" + std::to_string(e.begin) + ")");
    if (e.end > dataSize)
      throw InferenceError(path, tensor + " lies past the end of the file (data ends at byte " + std::to_string(e.end) +
                                     " of " + std::to_string(dataSize) + "): the file is truncated or its header wrong");
    const std::uint64_t need = count * dtypeSize(e.tensor.dtype);
    if (e.end - e.begin != need)
      throw InferenceError(path, tensor + " has " + std::to_string(e.end - e.begin) + " bytes of data, its shape and dtype need " +
                                     std::to_string(need));
    totalBytes += need;  // each need is within the tensor budget, so the sum cannot overflow over 2^20 entries
    checkModelBytes(path, "the tensors of the file", totalBytes, 1);
    entries.push_back(std::move(e));
  }
  std::vector<const Entry*> byOffset;
  for (const auto& e : entries) byOffset.push_back(&e);
  std::sort(byOffset.begin(), byOffset.end(), [](const Entry* a, const Entry* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->begin < byOffset[i - 1]->end)
      throw InferenceError(path, "tensors '" + byOffset[i - 1]->name + "' and '" + byOffset[i]->name +
                                     "' overlap in the file's data (a damaged or hand-made header)");

  // Pass 2: read the data.
  for (auto& e : entries) {
    e.tensor.bytes.resize(static_cast<std::size_t>(e.end - e.begin));
    if (!e.tensor.bytes.empty()) in.readAt(8 + n + e.begin, e.tensor.bytes.data(), e.tensor.bytes.size());
    out.tensors.emplace(e.name, std::move(e.tensor));
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
  std::string hs = h.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
