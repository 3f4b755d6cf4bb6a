// Single-file image I/O through ITK (NIfTI, NRRD, MetaImage; anything else ITK's factories read).
// Orientation: ITK's NIfTI reader turns the RAS-stored qform/sform into LPS direction cosines and its writer
// does the reverse, so every Volume is LPS here and a mask overlays its CT in world coordinates whatever
// the files' conventions. loadStudy is in load_study.cpp.
#include <hccws/core/image_io.h>

#include <hccws/core/dicom_seg.h>
#include <hccws/core/limits.h>

#include "io_atomic.h"
#include "io_label_table.h"
#include "metaimage_check.h"
#include "nifti_check.h"
#include "itk_bridge.h"

#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkMetaImageIO.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>
#include <itkMetaDataObject.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace hccws::core {
namespace {

using itkbridge::Image;

// A DICOM Part 10 file: "DICM" after the 128-byte preamble. Such files are read with DCMTK (SEG) here, never
// through ITK's GDCM reader, which would read a SEG's frames as a grey volume without placing them.
bool isDicomPart10(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[132] = {};
  return in.read(magic, sizeof magic) && std::memcmp(magic + 128, "DICM", 4) == 0;
}

bool endsWithNoCase(std::string s, const std::string& suffix) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The reader for the file's extension. Explicit, not ITK's factory: the factory asks every reader, GDCM
// included, whether it can read the file, and Debian's GDCM aborts the process on some damaged files. DICOM
// files go through the isolated series reader (loadStudy) or DCMTK (SEG) only.
itk::ImageIOBase::Pointer ioForExtension(const std::string& path) {
  for (const char* e : {".nii", ".nii.gz", ".hdr", ".hdr.gz", ".img", ".img.gz"})
    if (endsWithNoCase(path, e)) return itk::NiftiImageIO::New().GetPointer();
  for (const char* e : {".nrrd", ".nhdr"})
    if (endsWithNoCase(path, e)) return itk::NrrdImageIO::New().GetPointer();
  for (const char* e : {".mha", ".mhd"})
    if (endsWithNoCase(path, e)) return itk::MetaImageIO::New().GetPointer();
  return nullptr;
}

// Opens the file's ImageIO and checks it is a scalar 3D (or 2D, or 4D with one volume) image that fits the
// memory budget (limits.h), before any voxel is read.
itk::ImageIOBase::Pointer openImage(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ImagingError(path, "does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw ImagingError(path, "is a folder, not an image file (DICOM folders are loaded with loadStudy)");
  if (!std::filesystem::is_regular_file(path, ec))
    throw ImagingError(path, "not a regular file (a device, pipe or socket); nothing is read from it");
  auto io = ioForExtension(path);
  if (!io) {
    if (isDicomPart10(path))
      throw ImagingError(path, "a DICOM file that is not part of a readable CT series (damaged, or not an image); "
                               "open its folder to see why");
    throw ImagingError(path, "unsupported file type (NIfTI .nii/.nii.gz, NRRD .nrrd/.nhdr and MetaImage .mha/.mhd "
                             "are read; DICOM through its folder)");
  }
  nifti::checkFile(path);      // NIfTI: header fields and file length checked before ITK sees them
  metaimage::checkFile(path);  // MetaImage: field lengths checked before MetaIO's fixed buffers see them
  try {
    io->SetFileName(path);
    if (!io->CanReadFile(path.c_str())) throw ImagingError(path, "not a readable image: corrupt header or wrong extension");
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw ImagingError(path, "corrupt or unreadable image header", e.GetDescription());
  }
  const unsigned nd = io->GetNumberOfDimensions();
  if (nd < 2) throw ImagingError(path, "not a 2D/3D image (" + std::to_string(nd) + " dimension)");
  for (unsigned d = 3; d < nd; ++d)
    if (io->GetDimensions(d) > 1)
      throw ImagingError(path, "a " + std::to_string(nd) + "D image with " + std::to_string(io->GetDimensions(d)) +
                                   " volumes; only single 3D volumes are supported");
  if (io->GetNumberOfComponents() != 1)
    throw ImagingError(path, "a multi-component (vector/RGB) image; a scalar image is needed");
  // Asked before GetComponentSize(), which throws a raw ITK message without the file's name on an unknown
  // type (fuzz finding F7, tests/fuzz/FINDINGS.md).
  if (io->GetComponentType() == itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE)
    throw ImagingError(path, "unknown or unsupported voxel type in the header (e.g. MetaImage ElementType)");
  std::uint64_t voxels = 1;
  for (unsigned d = 0; d < nd; ++d) {
    const auto n = static_cast<std::uint64_t>(io->GetDimensions(d));
    if (n == 0) throw ImagingError(path, "empty image (dimension " + std::to_string(d) + " has size 0)");
    voxels = voxels > (1ull << 50) / n ? (1ull << 50) : voxels * n;
  }
  checkAllocation(path, "the image (" + std::to_string(voxels) + " voxels)", voxels,
                  std::max<std::uint64_t>(io->GetComponentSize(), 1) + 2 /* the int16 or uint8 copy */);
  for (unsigned d = 0; d < std::min(nd, 3u); ++d)
    if (!plausibleSpacingMm(io->GetSpacing(d)))
      throw ImagingError(path, "implausible voxel spacing " + std::to_string(io->GetSpacing(d)) + " mm along axis " +
                                   std::to_string(d));
  for (unsigned d = 0; d < std::min(nd, 3u); ++d)
    if (!plausiblePositionMm(io->GetOrigin(d)))
      throw ImagingError(path, "implausible origin " + std::to_string(io->GetOrigin(d)) + " mm along axis " +
                                   std::to_string(d));
  return io;
}

bool isFloatComponent(const itk::ImageIOBase* io) {
  const auto t = io->GetComponentType();
  return t == itk::IOComponentEnum::FLOAT || t == itk::IOComponentEnum::DOUBLE;
}

template <typename TPixel>
typename Image<TPixel>::Pointer readItk(const std::string& path, itk::ImageIOBase* io) {
  auto reader = itk::ImageFileReader<Image<TPixel>>::New();
  reader->SetFileName(path);
  reader->SetImageIO(io);
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& e) {
    throw ImagingError(path, "cannot read the image data (truncated or damaged file)", e.GetDescription());
  }
  return reader->GetOutput();
}

template <typename T, typename TRead>
Volume<T> readClamped(const std::string& path, itk::ImageIOBase* io) {
  auto img = readItk<TRead>(path, io);
  Volume<T> v(itkbridge::geometryOf(img.GetPointer()));
  const TRead* src = img->GetBufferPointer();
  const long long lo = static_cast<long long>(std::numeric_limits<T>::lowest());
  const long long hi = static_cast<long long>(std::numeric_limits<T>::max());
  std::transform(src, src + v.size(), v.data(),
                 [&](TRead x) { return static_cast<T>(std::clamp(static_cast<long long>(x), lo, hi)); });
  return v;
}

// Reads any scalar type into T: floats are rounded when T is integral, everything is clamped to T's range.
template <typename T>
Volume<T> readConverted(const std::string& path) {
  auto io = openImage(path);
  if (std::is_floating_point<T>::value || isFloatComponent(io)) {
    auto img = readItk<double>(path, io);
    Volume<T> v(itkbridge::geometryOf(img.GetPointer()));
    const double* src = img->GetBufferPointer();
    const double lo = double(std::numeric_limits<T>::lowest()), hi = double(std::numeric_limits<T>::max());
    std::transform(src, src + v.size(), v.data(), [&](double x) {
      // NaN has no integer value (casting it is undefined): an integer volume gets its lowest value there,
      // which no real CT voxel holds, so it shows as "no data" instead of a plausible number.
      if (!std::is_floating_point<T>::value && std::isnan(x)) return std::numeric_limits<T>::lowest();
      if (!std::is_floating_point<T>::value) x = std::round(x);
      return static_cast<T>(std::clamp(x, lo, hi));
    });
    return v;
  }
  const auto ct = io->GetComponentType();
  // int16 CT (the usual case) read as it is: no intermediate buffer of a wider type.
  if (std::is_same<T, std::int16_t>::value && ct == itk::IOComponentEnum::SHORT) {
    auto img = readItk<std::int16_t>(path, io);
    Volume<T> v(itkbridge::geometryOf(img.GetPointer()));
    std::copy(img->GetBufferPointer(), img->GetBufferPointer() + v.size(), v.data());
    return v;
  }
  // Other 8- and 16-bit files through int32: a quarter of the memory of the 64-bit path.
  const bool small = ct == itk::IOComponentEnum::CHAR || ct == itk::IOComponentEnum::UCHAR ||
                     ct == itk::IOComponentEnum::SHORT || ct == itk::IOComponentEnum::USHORT;
  return small ? readClamped<T, std::int32_t>(path, io) : readClamped<T, long long>(path, io);
}

std::string lowerExtension(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm"}) {
    const std::string e = ext;
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return e;
  }
  return {};
}

template <typename TImage>
void writeItk(TImage* image, const std::string& path, bool compress) {
  const std::string ext = lowerExtension(path);
  if (ext == ".dcm")
    throw ImagingError(path, "only label maps can be written as DICOM here (as a DICOM SEG); CT series are "
                             "written with writeDicomSeries");
  if (ext.empty())
    throw ImagingError(path, "unsupported file type for writing (use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)");
  io::writeAtomically(path, [&](const std::string& temp) {
    auto writer = itk::ImageFileWriter<TImage>::New();
    writer->SetFileName(temp);
    writer->SetInput(image);
    writer->SetUseCompression(compress);
    try {
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      throw ImagingError(path, "cannot write the image", e.GetDescription());
    }
    // ITK's NIfTI writer ignores failed writes (a full disk leaves a cut .nii.gz and no error): the written
    // file is checked for completeness before it may replace the previous one.
    if (nifti::isNiftiPath(temp)) {
      try {
        nifti::checkFile(temp);
      } catch (const ImagingError& e) {
        throw ImagingError(path, "cannot write the image: the written file is incomplete (disk full?)", e.problem());
      }
    }
  });
}

}  // namespace

CtVolume readCtImage(const std::string& path) { return readConverted<std::int16_t>(path); }

FloatVolume readFloatImage(const std::string& path) { return readConverted<float>(path); }

LabelMap readLabelMap(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && isDicomPart10(path))
    return labelMapFromSegmentSet(readDicomSeg(path));
  auto io = openImage(path);
  LabelMap out;
  // Labels are small non-negative integers; a float 0/1 mask is rounded. Anything else is not a label map.
  // uint8 files (the usual case) are read as they are; other types through int32 or float (not double:
  // a 512x512x500 map would need 1 GB).
  std::array<bool, 256> present{};
  auto badValue = [&](const std::string& value) {
    throw ImagingError(path, "not a label map: voxel value " + value + " is not an integer label in 0..255");
  };
  if (io->GetComponentType() == itk::IOComponentEnum::UCHAR && io->GetNumberOfComponents() == 1) {
    auto img = readItk<std::uint8_t>(path, io);
    out.labels = Volume<std::uint8_t>(itkbridge::geometryOf(img.GetPointer()));
    std::copy(img->GetBufferPointer(), img->GetBufferPointer() + out.labels.size(), out.labels.data());
    for (std::uint8_t v : out.labels.buffer()) present[v] = true;
  } else if (isFloatComponent(io)) {
    auto img = readItk<float>(path, io);
    out.labels = Volume<std::uint8_t>(itkbridge::geometryOf(img.GetPointer()));
    const float* src = img->GetBufferPointer();
    for (std::size_t n = 0; n < out.labels.size(); ++n) {
      const float x = src[n];
      const long r = std::lround(x);
      if (!(x == x) || r < 0 || r > 255 || std::abs(x - float(r)) > 0.01f) badValue(std::to_string(x));
      out.labels.data()[n] = static_cast<std::uint8_t>(r);
      present[static_cast<std::size_t>(r)] = true;
    }
  } else {
    auto img = readItk<std::int32_t>(path, io);
    out.labels = Volume<std::uint8_t>(itkbridge::geometryOf(img.GetPointer()));
    const std::int32_t* src = img->GetBufferPointer();
    for (std::size_t n = 0; n < out.labels.size(); ++n) {
      const std::int32_t x = src[n];
      if (x < 0 || x > 255) badValue(std::to_string(x));
      out.labels.data()[n] = static_cast<std::uint8_t>(x);
      present[static_cast<std::size_t>(x)] = true;
    }
  }
  std::map<std::string, std::string> keys;
  const auto& dict = io->GetMetaDataDictionary();
  for (const auto& key : dict.GetKeys()) {
    std::string value;
    if (itk::ExposeMetaData<std::string>(dict, key, value)) keys[key] = value;
  }
  if (auto table = io::labelTableFromKeys(keys)) {
    out.table = *table;
  } else {
    // No table in the file: the workstation's convention (1 liver, 2 tumour, 3 PVTT) names the values PRESENT,
    // "label N" the others. A value the file does not contain gets no segment, so a role it lacks (PVTT in a
    // liver/tumour model's output) stays missing instead of being measured as absent (label_roles.h).
    const LabelTable standard = LabelTable::standard();
    out.table = LabelTable();
    for (int v = 1; v < 256; ++v) {
      if (!present[static_cast<std::size_t>(v)]) continue;
      if (const LabelInfo* info = standard.find(static_cast<std::uint8_t>(v))) out.table.set(*info);
      else out.table.set({static_cast<std::uint8_t>(v), "label " + std::to_string(v), {200, 200, 200}, true, false});
    }
  }
  return out;
}

LabelMap readLabelMap(const std::string& path, const Geometry& referenceGrid, const ProgressSink& progress) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && isDicomPart10(path))
    return labelMapFromSegmentSet(readDicomSeg(path, referenceGrid, progress));
  return readLabelMap(path);
}

void writeImage(const CtVolume& volume, const std::string& path) {
  auto image = itkbridge::toItkView(volume);
  writeItk(image.GetPointer(), path, false);
}

void writeImage(const FloatVolume& volume, const std::string& path) {
  auto image = itkbridge::toItkView(volume);
  writeItk(image.GetPointer(), path, false);
}

void writeLabelMap(const LabelMap& labels, const std::string& path) {
  if (lowerExtension(path) == ".dcm") {
    writeDicomSeg(segmentSetFromLabelMap(labels), path);
    return;
  }
  auto image = itkbridge::toItkView(labels.labels);
  const std::string ext = lowerExtension(path);
  if (ext == ".nrrd" || ext == ".nhdr") {
    auto& dict = image->GetMetaDataDictionary();
    for (const auto& [key, value] : io::labelTableToKeys(labels.table, labels.labels.dims()))
      itk::EncapsulateMetaData<std::string>(dict, key, value);
  }
  writeItk(image.GetPointer(), path, true);
}

void writeLabelMap(const LabelMap& labels, const std::string& path, const SeriesSource& reference,
                   const ProgressSink& progress) {
  if (lowerExtension(path) != ".dcm") {
    writeLabelMap(labels, path);
    return;
  }
  SegmentSet set = segmentSetFromLabelMap(labels);
  if (!reference.files.empty() || !reference.seriesInstanceUid.empty()) {
    ProgressScope scope(progress, 0.0, 0.2);
    scope.report(0.0, "reading the referenced CT headers");
    referenceDicomSeries(set, reference);
  }
  writeDicomSeg(set, path, ProgressScope(progress, 0.2, 1.0).sink());
}

}  // namespace hccws::core
