#pragma once
// DICOM decimal strings (VR DS) hold at most 16 characters: the most precise form of v that fits, no "-0".
#include <string>

namespace hccws::core {
std::string dicomDecimalString(double v);
}
