#include "dicom_pixel_module.h"

#include "dicom_seg_dcmtk.h"

#include <hccws/core/errors.h>
#include <hccws/core/limits.h>

#include <dcmtk/config/osconfig.h>  // must come first among DCMTK headers
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <cstdint>
#include <cstdlib>

namespace hccws::core {

void checkDicomPixelModule(const std::string& file) {
  dcmseg::quietDcmtkWarnings();  // "PixelData encountered, skipping rest of dataset" is what we asked for
  DcmFileFormat ff;
  // Header only: parsing stops at Pixel Data.
  if (ff.loadFileUntilTag(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData)
          .bad())
    return;
  DcmDataset* ds = ff.getDataset();
  Uint16 bits = 0, samples = 0, rows = 0, cols = 0;
  if (ds->findAndGetUint16(DCM_BitsAllocated, bits).good() && bits != 8 && bits != 16 && bits != 32)
    throw ImagingError(file, "unsupported BitsAllocated (0028,0100) " + std::to_string(bits) + " (8, 16 or 32 for CT)");
  if (ds->findAndGetUint16(DCM_SamplesPerPixel, samples).good() && samples != 1)
    throw ImagingError(file, "SamplesPerPixel (0028,0002) is " + std::to_string(samples) + "; CT images have 1");
  OFString photometric;
  if (ds->findAndGetOFString(DCM_PhotometricInterpretation, photometric).good() && !photometric.empty() &&
      photometric != "MONOCHROME1" && photometric != "MONOCHROME2")
    throw ImagingError(file, "PhotometricInterpretation (0028,0004) '" + std::string(photometric.c_str()) +
                                 "' is not a grey-scale image");
  ds->findAndGetUint16(DCM_Rows, rows);
  ds->findAndGetUint16(DCM_Columns, cols);
  OFString framesText;
  long frames = 1;
  if (ds->findAndGetOFString(DCM_NumberOfFrames, framesText).good()) frames = std::max(1L, std::atol(framesText.c_str()));
  checkAllocation(file,
                  "a " + std::to_string(cols) + " x " + std::to_string(rows) + " x " + std::to_string(frames) +
                      " image (Rows, Columns, NumberOfFrames)",
                  static_cast<std::uint64_t>(rows) * cols * static_cast<std::uint64_t>(frames),
                  static_cast<std::uint64_t>(bits ? bits / 8 : 2) * 3);
}

}  // namespace hccws::core
