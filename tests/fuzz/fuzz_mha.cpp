// Target mha: MetaImage (.mha, header and data in one file) read as CT, float image and label map (see image_file_harness.h).
#include "image_file_harness.h"

HCCWS_FUZZ_TARGET(mha) { return hccws::fuzz::readImageFile("image.mha", data, size); }
