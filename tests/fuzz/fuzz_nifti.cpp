// Target nifti: NIfTI-1 (.nii; gzip content is read too) read as CT, float image and label map (see image_file_harness.h).
#include "image_file_harness.h"

HCCWS_FUZZ_TARGET(nifti) { return hccws::fuzz::readImageFile("image.nii", data, size); }
