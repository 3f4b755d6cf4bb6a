// Target nrrd: NRRD (attached header; raw, gzip, ascii encodings; label table keys) read as CT, float image and label map (see image_file_harness.h).
#include "image_file_harness.h"

HCCWS_FUZZ_TARGET(nrrd) { return hccws::fuzz::readImageFile("image.nrrd", data, size); }
