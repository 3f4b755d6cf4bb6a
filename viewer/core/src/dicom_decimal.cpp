#include "dicom_decimal.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace hccws::core {

std::string dicomDecimalString(double v) {
  if (std::abs(v) < 1e-12) v = 0;  // no "-0"
  char buf[64];
  for (int precision = 15; precision >= 6; --precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strlen(buf) <= 16) break;
  }
  return buf;
}

}  // namespace hccws::core
