#pragma once
// SHA-256 (FIPS 180-4), written here because the inference layer may link only LibTorch and the standard
// library on the GPU machine (no OpenSSL guaranteed there), and a bundle's checksum must be verifiable
// everywhere the bundle runs. Streaming, no global state; checked against the FIPS test vectors.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace hccws::infer {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t bytes);
  std::array<std::uint8_t, 32> finish();  // the object is spent afterwards
  static std::string hex(const std::array<std::uint8_t, 32>& digest);

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t bufLen_ = 0;
  std::uint64_t totalBytes_ = 0;
};

// Lower-case hex digest of a file; throws InferenceError when it cannot be read.
std::string sha256File(const std::string& path);
std::string sha256Hex(const std::string& bytes);

}  // namespace hccws::infer
