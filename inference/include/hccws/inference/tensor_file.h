#pragma once
// Reading and writing safetensors files, the weights format of model bundles (docs/inference.md).
// Torch-free so tests and tools can read reference tensors without compiling LibTorch headers.
//
// Format: 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}, optional
// "__metadata__": {string: string}}, then the little-endian C-order data. Supported dtypes: F32, F16, BF16,
// I64, U8. Failures (missing file, truncated data, bad header, offsets outside the file) throw
// InferenceError naming the file. Little-endian hosts only (x86-64, aarch64), checked at run time.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hccws::infer {

enum class TensorDtype { F32, F16, BF16, I64, U8 };

struct RawTensor {
  TensorDtype dtype = TensorDtype::F32;
  std::vector<std::int64_t> shape;
  std::vector<std::uint8_t> bytes;  // little-endian, C order

  std::int64_t numel() const;
  // Values converted to float (F16/BF16 exactly, I64/U8 by value).
  std::vector<float> toFloat() const;
};

struct TensorFile {
  std::map<std::string, RawTensor> tensors;  // sorted by name
  std::map<std::string, std::string> metadata;
};

TensorFile readSafetensors(const std::string& path);
// Writes float32 tensors (names in map order) with metadata; atomic (temporary file, then rename).
void writeSafetensors(const std::string& path, const std::map<std::string, RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});
RawTensor makeF32(std::vector<std::int64_t> shape, const std::vector<float>& values);

// IEEE half / bfloat16 bit patterns to float.
float halfToFloat(std::uint16_t h);
float bf16ToFloat(std::uint16_t b);
// Round-to-nearest-even float -> half bits (what a float16 cast does).
std::uint16_t floatToHalf(float f);

}  // namespace hccws::infer
