#pragma once
// Core-internal: checks a NIfTI-1 file's header BEFORE ITK reads it. ITK's NIfTI reader aborts on a VNL
// assertion for a NaN sform, fills a truncated .nii.gz (or a vox_offset past the end) with zeros that would
// then be shown as a real image, and allocates whatever dims[] claims. Read from the file's first 348 bytes
// (through zlib for .gz), the header is checked for:
//   sizeof_hdr 348 (either byte order), dim[0] 1..7 and dim[1..] >= 1, a known datatype, the data size against
//   the volume budget (limits.h), pixdim[1..3] finite and > 0, finite qform/sform parameters when their codes
//   are set, vox_offset >= 348 and finite, and that the file (decompressed, for .gz) holds vox_offset + data.
// Analyze/NIfTI pairs (.hdr/.img) are checked against the .img size. Other files are not NIfTI and pass.
// Throws ImagingError naming the file and the field. Pure apart from reading the file; thread-safe.
#include <cstdint>
#include <string>

namespace hccws::core::nifti {

// Validates a raw 348-byte header (tests use it directly); returns vox_offset + data bytes (what the file must
// hold after decompression).
std::uint64_t checkHeader(const unsigned char* header348, const std::string& path);

// Whether `path` names a NIfTI file by its extension (.nii, .nii.gz, .hdr, .hdr.gz).
bool isNiftiPath(const std::string& path);

// Reads and checks the header of `path`, then that the (decompressed) file is long enough.
void checkFile(const std::string& path);

}  // namespace hccws::core::nifti
