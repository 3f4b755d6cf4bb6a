#pragma once
// Private to viewer/core: run-length coding of the uint8 labels inside an IndexBox of a dense buffer, the
// storage format of EditHistory steps.
//
// Format: a sequence of runs, each one value byte followed by the run length as an unsigned LEB128 varint
// (7 bits a byte, low first). Runs continue across rows and slices of the box (i fastest, then j, then k),
// so a box of one value is 2-6 bytes whatever its size. Worst case (every voxel differs from the last):
// 2 bytes a voxel.
//
// Why not zlib: label maps are long runs of a few values, and this coder is a few dozen lines, has no
// dependency (zlib reaches viewer/core only indirectly through ITK's private third-party copy, whose symbol
// names are mangled), encodes a 100^3 box in well under a millisecond and decodes by memset per run.
#include <hccws/core/geometry.h>
#include <hccws/core/index_box.h>

#include <cstdint>
#include <vector>

namespace hccws::core::detail {

// Appends the runs of data[box] to out. `dims` are the dims of the buffer `data` (i fastest); box must lie
// inside dims.
void rleEncodeBox(const std::uint8_t* data, const Dims3& dims, const IndexBox& box, std::vector<std::uint8_t>& out);

// Writes runs back into data[box]. Throws std::logic_error when the runs do not cover box exactly
// (a corrupt step: a programming error, never user input).
void rleDecodeBox(const std::vector<std::uint8_t>& runs, std::uint8_t* data, const Dims3& dims, const IndexBox& box);

}  // namespace hccws::core::detail
