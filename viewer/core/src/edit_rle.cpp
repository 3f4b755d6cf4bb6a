#include "edit_rle.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace hccws::core::detail {

namespace {

void putRun(std::vector<std::uint8_t>& out, std::uint8_t value, std::size_t length) {
  out.push_back(value);
  do {
    std::uint8_t byte = static_cast<std::uint8_t>(length & 0x7f);
    length >>= 7;
    if (length) byte |= 0x80;
    out.push_back(byte);
  } while (length);
}

}  // namespace

void rleEncodeBox(const std::uint8_t* data, const Dims3& dims, const IndexBox& box, std::vector<std::uint8_t>& out) {
  if (box.empty()) return;
  const std::size_t nx = box.hi[0] - box.lo[0];
  std::uint8_t value = 0;
  std::size_t length = 0;
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      const std::uint8_t* row = data + box.lo[0] + dims[0] * (j + dims[1] * k);
      for (std::size_t i = 0; i < nx; ++i) {
        if (length && row[i] == value) {
          ++length;
          continue;
        }
        if (length) putRun(out, value, length);
        value = row[i];
        length = 1;
      }
    }
  putRun(out, value, length);
}

void rleDecodeBox(const std::vector<std::uint8_t>& runs, std::uint8_t* data, const Dims3& dims, const IndexBox& box) {
  if (box.empty()) return;
  const std::size_t nx = box.hi[0] - box.lo[0];
  std::size_t pos = 0;
  std::uint8_t value = 0;
  std::size_t left = 0;  // voxels of the current run not yet written
  auto nextRun = [&] {
    if (pos >= runs.size()) throw std::logic_error("EditHistory: run-length data ends before its box");
    value = runs[pos++];
    left = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (pos >= runs.size() || shift > 63) throw std::logic_error("EditHistory: corrupt run length");
      const std::uint8_t byte = runs[pos++];
      left |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
  };
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j) {
      std::uint8_t* row = data + box.lo[0] + dims[0] * (j + dims[1] * k);
      for (std::size_t i = 0; i < nx;) {
        while (!left) nextRun();
        const std::size_t n = std::min(left, nx - i);
        std::memset(row + i, value, n);
        i += n;
        left -= n;
      }
    }
  if (left || pos != runs.size()) throw std::logic_error("EditHistory: run-length data longer than its box");
}

}  // namespace hccws::core::detail
