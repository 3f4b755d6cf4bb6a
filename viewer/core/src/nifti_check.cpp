#include "nifti_check.h"

#include <hccws/core/errors.h>
#include <hccws/core/limits.h>

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

namespace hccws::core::nifti {
namespace {

bool endsWith(std::string s, const std::string& suffix) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Little/big-endian field access at a byte offset of the header.
struct Fields {
  const unsigned char* h;
  bool swap;
  template <typename T>
  T get(std::size_t offset) const {
    unsigned char b[sizeof(T)];
    std::memcpy(b, h + offset, sizeof(T));
    if (swap) std::reverse(b, b + sizeof(T));
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
  }
};

int bitsOf(int datatype) {
  switch (datatype) {
    case 2: case 256: return 8;                 // uint8, int8
    case 4: case 512: return 16;                // int16, uint16
    case 8: case 768: case 16: return 32;       // int32, uint32, float32
    case 64: case 1024: case 1280: case 32: return 64;  // float64, int64, uint64, complex64
    case 128: return 24;                        // RGB24
    case 2304: return 32;                       // RGBA32
    case 1536: case 1792: return 128;           // float128, complex128
    case 2048: return 256;                      // complex256
    default: return 0;
  }
}

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};

}  // namespace

bool isNiftiPath(const std::string& path) {
  return endsWith(path, ".nii") || endsWith(path, ".nii.gz") || endsWith(path, ".hdr") || endsWith(path, ".hdr.gz");
}

std::uint64_t checkHeader(const unsigned char* header, const std::string& path) {
  Fields f{header, false};
  if (f.get<std::int32_t>(0) != 348) {
    f.swap = true;
    if (f.get<std::int32_t>(0) != 348) {
      Fields le{header, false};
      if (le.get<std::int32_t>(0) == 540 || Fields{header, true}.get<std::int32_t>(0) == 540)
        throw ImagingError(path, "a NIfTI-2 file; only NIfTI-1 is supported");
      throw ImagingError(path, "not a NIfTI-1 file or corrupt header (sizeof_hdr is not 348)");
    }
  }
  const int nd = f.get<std::int16_t>(40);
  if (nd < 1 || nd > 7) throw ImagingError(path, "corrupt NIfTI header: dim[0] is " + std::to_string(nd) + " (1..7)");
  std::uint64_t voxels = 1;
  for (int d = 1; d <= nd; ++d) {
    const int n = f.get<std::int16_t>(40 + 2 * d);
    if (n < 1) throw ImagingError(path, "corrupt NIfTI header: dim[" + std::to_string(d) + "] is " + std::to_string(n));
    voxels *= static_cast<std::uint64_t>(n);  // at most 32767^7 < 2^105: checked against the budget below
    if (voxels > (1ull << 50)) break;
  }
  const int datatype = f.get<std::int16_t>(70);
  const int bits = bitsOf(datatype);
  if (bits == 0) throw ImagingError(path, "corrupt NIfTI header: unknown datatype " + std::to_string(datatype));
  checkAllocation(path, "the image (NIfTI dim[] " + std::to_string(voxels) + " voxels)", voxels,
                  static_cast<std::uint64_t>(std::max(bits / 8, 1)) * 2 /* read buffer + conversion */);
  for (int d = 1; d <= std::min(nd, 3); ++d) {
    const float p = f.get<float>(76 + 4 * d);
    if (!std::isfinite(p) || p == 0.0f || std::abs(p) > kMaxSpacingMm)
      throw ImagingError(path, "corrupt NIfTI header: pixdim[" + std::to_string(d) + "] is " + std::to_string(p) +
                                   " (a voxel size must be finite and non-zero)");
  }
  const float voxOffset = f.get<float>(108);
  if (!std::isfinite(voxOffset) || voxOffset < 0 || voxOffset > 1e12f)
    throw ImagingError(path, "corrupt NIfTI header: vox_offset is " + std::to_string(voxOffset));
  auto checkFinite = [&](std::size_t offset, int count, const char* what) {
    for (int k = 0; k < count; ++k) {
      const float v = f.get<float>(offset + 4 * static_cast<std::size_t>(k));
      if (!std::isfinite(v) || std::abs(v) > 1e9f)
        throw ImagingError(path, std::string("corrupt NIfTI header: ") + what + " holds " + std::to_string(v) +
                                     " (NaN, infinite or absurd orientation)");
    }
  };
  if (f.get<std::int16_t>(252) > 0) checkFinite(256, 6, "the qform (quatern_b..qoffset_z)");
  if (f.get<std::int16_t>(254) > 0) checkFinite(280, 12, "the sform (srow_x, srow_y, srow_z)");
  const bool single = std::memcmp(header + 344, "n+1", 4) == 0;
  const std::uint64_t offset = single ? std::max<std::uint64_t>(348, static_cast<std::uint64_t>(voxOffset)) : 0;
  return offset + voxels * static_cast<std::uint64_t>(bits) / 8;
}

void checkFile(const std::string& path) {
  if (!isNiftiPath(path)) return;
  const bool gz = endsWith(path, ".gz");
  // The NIfTI library looks for X.nii before X.nii.gz whatever it is given: with both present it would read
  // the other file than the one named.
  if (gz) {
    const std::string plain = path.substr(0, path.size() - 3);
    std::error_code ec;
    if (std::filesystem::exists(plain, ec))
      throw ImagingError(path, "both " + std::filesystem::path(plain).filename().string() + " and " +
                                   std::filesystem::path(path).filename().string() +
                                   " exist; ITK's NIfTI reader would read the uncompressed one. Rename or remove one");
  }
  unsigned char header[348];
  std::uint64_t need = 0;
  std::error_code ec;
  if (gz) {
    std::unique_ptr<gzFile_s, GzCloser> in(gzopen(path.c_str(), "rb"));
    if (!in) throw ImagingError(path, "cannot open the file");
    if (gzread(in.get(), header, sizeof header) != static_cast<int>(sizeof header))
      throw ImagingError(path, "not a NIfTI file: corrupt header or a damaged gzip stream (no complete 348-byte header)");
    need = checkHeader(header, path);
    if (std::memcmp(header + 344, "n+1", 4) == 0 && need > sizeof header) {
      // Decompress up to the last byte the data needs (no buffer: gzseek reads forward through the stream).
      const auto target = static_cast<z_off_t>(need - 1);
      unsigned char last = 0;
      if (gzseek(in.get(), target, SEEK_SET) != target || gzread(in.get(), &last, 1) != 1) {
        int err = Z_OK;
        const char* msg = gzerror(in.get(), &err);
        throw ImagingError(path, err != Z_OK && err != Z_BUF_ERROR
                                     ? std::string("damaged gzip stream (") + (msg ? msg : "zlib error") + ")"
                                     : "truncated image file: the decompressed data ends before the " +
                                           std::to_string(need) + " bytes the header describes");
      }
    }
  } else {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) throw ImagingError(path, "cannot open the file");
    if (std::fread(header, 1, sizeof header, in.get()) != sizeof header)
      throw ImagingError(path, "not a NIfTI file: corrupt header (shorter than the 348 bytes of a NIfTI-1 header)");
    need = checkHeader(header, path);
    const bool pair = std::memcmp(header + 344, "n+1", 4) != 0;
    std::string data = path;
    if (pair) data.replace(data.size() - 4, 4, endsWith(path, ".HDR") ? ".IMG" : ".img");
    const auto have = std::filesystem::file_size(data, ec);
    if (ec) throw ImagingError(data, "cannot read the image data file (" + ec.message() + ")");
    if (have < need)
      throw ImagingError(data, "truncated image file (" + std::to_string(have) + " bytes; vox_offset + data need " +
                                   std::to_string(need) + ")");
  }
}

}  // namespace hccws::core::nifti
