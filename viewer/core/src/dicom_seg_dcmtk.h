#pragma once
// Private to viewer/core (dicom_seg*.cpp only): small helpers around DCMTK shared by the SEG reader and
// writer. DCMTK headers stay out of this header, so it can be included anywhere in src/.
//
// Why DCMTK and not ITK/GDCM for SEG: ITK's GDCM reader would read a SEG's frames as a grey volume, without
// the segment number and plane position of each frame; DCMTK's dcmseg implements the SEG IOD (it is what
// dcmqi and 3D Slicer use).
// DCMTK next to ITK/GDCM (checked on Debian 12, DCMTK 3.6.7, GDCM 3.0, ITK 5.2): the headers compile together
// in either order and both libraries load in one process (Debian builds DCMTK with -fvisibility=hidden; GDCM
// brings libcharls, DCMTK its own dcmtkcharls, which dcmseg does not pull in). We still keep DCMTK to the
// dicom_seg*.cpp files, linked PRIVATE, so nothing else compiles against it. DCMTK reads its data
// dictionary from /usr/share/libdcmtk17/dicom.dic (package libdcmtk17, a dependency of libdcmtk-dev).
#include <array>
#include <cstdint>
#include <string>

namespace hccws::core::dcmseg {

// DCMTK logs warnings to stderr for things that are normal here (stopping a header read before the pixel
// data, type 2 attributes left empty); this lowers the "dcmtk" logger to errors. Process-wide, idempotent and
// only ever lowered, like gdcm::Trace::WarningOff() in dicom_scan.cpp.
void quietDcmtkWarnings();

// sRGB 0..255 <-> DICOM's scaled CIELab (0..65535 per component, D65 white as DCMTK's IODCIELabUtil).
std::array<std::uint16_t, 3> rgbToDicomLab(const std::array<std::uint8_t, 3>& rgb);
std::array<std::uint8_t, 3> dicomLabToRgb(const std::array<std::uint16_t, 3>& lab);

// BINARY SEG pixel data: all frames' bits back to back, the first pixel of a frame in the lowest bit, frames
// NOT padded to whole bytes (PS3.5 8.1.1; only the end of the whole Pixel Data is padded to even length).
// Hand-written because DCMTK 3.6.7 writes frames whose pixel count is not a multiple of 8 at the wrong bit
// offsets (from the third frame of a 13x7 SEG on; checked with pydicom), and such sizes are real (crops).
void setBit(std::uint8_t* packed, std::size_t bit);
bool getBit(const std::uint8_t* packed, std::size_t bit);

// A DICOM decimal string (DS, at most 16 characters) holding v as precisely as fits.
std::string decimalString(double v);

}  // namespace hccws::core::dcmseg
