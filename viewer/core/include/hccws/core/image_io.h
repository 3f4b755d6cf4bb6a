#pragma once
// Reading and writing single-file images and label maps: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr),
// MetaImage (.mha, .mhd), and for label maps also DICOM Segmentation objects (.dcm or any DICOM file whose
// SOP class is Segmentation Storage; see dicom_seg.h); and loading any input the user names (file or DICOM
// folder) as a Study.
//
// Frames: everything comes out in LPS mm. RAS-stored files (NIfTI's convention) are converted on read by
// ITK; a mask saved with one convention overlays its CT exactly. Writing uses ITK's conventions for each
// format. Failures throw ImagingError naming the file and the problem (missing, unreadable, corrupt header,
// unsupported pixel type, not 3D). Writes are atomic (temporary file in the same folder, then rename).
#include <hccws/core/heatmap.h>
#include <hccws/core/label_map.h>
#include <hccws/core/progress.h>
#include <hccws/core/study.h>
#include <hccws/core/volume.h>

#include <string>

namespace hccws::core {

// CT (or any scalar image) as int16 HU. Values outside int16 are clamped, with a Diagnostic when asked.
CtVolume readCtImage(const std::string& path);
FloatVolume readFloatImage(const std::string& path);
// Label map; a float 0/1 mask is accepted (rounded). NRRD label tables written by writeLabelMap (and 3D
// Slicer's segmentation NRRD "SegmentN_*" keys) are read back into the table.
// A DICOM SEG file loads onto the grid its frames span (segment n becomes label n, later segments win where
// segments overlap); pass the CT's grid to place it on that grid instead (frames off that grid are an
// ImagingError). Other formats carry their own grid and ignore referenceGrid. A DICOM file that is not a SEG
// (a CT slice) is an ImagingError naming its SOP class.
LabelMap readLabelMap(const std::string& path);
LabelMap readLabelMap(const std::string& path, const Geometry& referenceGrid, const ProgressSink& progress = {});

void writeImage(const CtVolume& volume, const std::string& path);
void writeImage(const FloatVolume& volume, const std::string& path);
// Writes the label table into NRRD key/value fields when the format allows it. A ".dcm" path writes a DICOM
// SEG (one segment per label of the table or present in the voxels, empty ones included); without a
// reference it stands alone (new study and frame-of-reference UIDs), so PACS viewers will not overlay it on
// the CT: pass the CT's SeriesSource (Phase::source) to reference its patient, study, frame of reference
// and images. For other formats the reference is ignored.
void writeLabelMap(const LabelMap& labels, const std::string& path);
void writeLabelMap(const LabelMap& labels, const std::string& path, const SeriesSource& reference,
                   const ProgressSink& progress = {});

// Loads what the user named: a DICOM folder (every CT series in it, phases detected), or one image file
// (one phase, decided from the file name when it says so, else Unknown).
Study loadStudy(const std::string& path, const ProgressSink& progress = {});

}  // namespace hccws::core
