#pragma once
// Core-internal: the Image Pixel module of a DICOM file checked with DCMTK before GDCM parses the file.
// Debian's GDCM asserts (aborts) on BitsAllocated 1 or 12, SamplesPerPixel 0 and other values a damaged file
// can hold; the isolated reader (isolated_parse.h) survives that, but only this check can say WHICH field is
// wrong. Refused: BitsAllocated other than 8/16/32, SamplesPerPixel other than 1, a colour
// PhotometricInterpretation, and Rows x Columns x frames over the volume budget (limits.h). A file DCMTK
// cannot parse passes (the reader that follows reports it). Throws ImagingError naming the file and field.
#include <string>

namespace hccws::core {

void checkDicomPixelModule(const std::string& file);

}  // namespace hccws::core
