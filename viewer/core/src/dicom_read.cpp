// Reading the pixels of a scanned DICOM series, slice by slice, straight into the CtVolume buffer.
// Slice by slice (rather than itk::ImageSeriesReader) so that the order and geometry are the ones the scan
// checked, a failure names its file, progress/cancel work per slice, and no second full-volume copy is made.
#include <hccws/core/dicom_series.h>

#include <hccws/core/limits.h>

#include "isolated_parse.h"

#include <gdcmTrace.h>
#include <itkGDCMImageIO.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <type_traits>
#include <vector>

namespace hccws::core {
namespace {

// Into int16 (CT in HU: rounded and clamped) or float (MRI: the values as they are).
template <typename S, typename D>
void convertSlice(const void* src, D* dst, std::size_t n) {
  const S* s = static_cast<const S*>(src);
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point<D>::value) {
      dst[i] = static_cast<D>(s[i]);
    } else {
      const double v = std::is_floating_point<S>::value ? std::round(static_cast<double>(s[i])) : static_cast<double>(s[i]);
      dst[i] = static_cast<D>(std::clamp(v, -32768.0, 32767.0));
    }
  }
}

template <typename D>
void convert(itk::IOComponentEnum type, const void* src, D* dst, std::size_t n, const std::string& file) {
  using C = itk::IOComponentEnum;
  switch (type) {
    case C::UCHAR: return convertSlice<std::uint8_t, D>(src, dst, n);
    case C::CHAR: return convertSlice<std::int8_t, D>(src, dst, n);
    case C::USHORT: return convertSlice<std::uint16_t, D>(src, dst, n);
    case C::SHORT: return convertSlice<std::int16_t, D>(src, dst, n);
    case C::UINT: return convertSlice<std::uint32_t, D>(src, dst, n);
    case C::INT: return convertSlice<std::int32_t, D>(src, dst, n);
    case C::ULONG: return convertSlice<unsigned long, D>(src, dst, n);
    case C::LONG: return convertSlice<long, D>(src, dst, n);
    case C::FLOAT: return convertSlice<float, D>(src, dst, n);
    case C::DOUBLE: return convertSlice<double, D>(src, dst, n);
    default: break;
  }
  throw ImagingError(file, "unsupported DICOM pixel type (" + itk::ImageIOBase::GetComponentTypeAsString(type) + ")");
}

// Decodes one slice into dst (in this process; called inside the isolated child).
template <typename D>
void readSliceInProcess(itk::GDCMImageIO* io, const DicomSliceHeader& h, D* dst, std::size_t sliceVoxels,
                        std::vector<char>& scratch) {
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(h.file, ec); ec || size < h.minFileBytes)
    throw ImagingError(h.file, ec ? "cannot read the file (" + ec.message() + ")"
                                  : "truncated DICOM file (" + std::to_string(size) + " bytes, pixel data alone needs " +
                                        std::to_string(h.minFileBytes) + ")");
  try {
    io->SetFileName(h.file);
    // Every slice: the header pass sets the rescale that Read applies (it may differ per slice) and
    // costs little next to Read (measured: no difference in bench_load).
    io->ReadImageInformation();
    if (io->GetDimensions(0) != h.columns || io->GetDimensions(1) != h.rows || io->GetNumberOfComponents() != 1)
      throw ImagingError(h.file, "slice size or pixel format changed since the scan");
    const auto type = io->GetComponentType();
    if (type == itk::IOComponentEnum::SHORT && std::is_same<D, std::int16_t>::value) {
      io->Read(dst);
    } else {
      scratch.resize(io->GetImageSizeInBytes());
      io->Read(scratch.data());
      convert(type, scratch.data(), dst, sliceVoxels, h.file);
    }
  } catch (const itk::ExceptionObject& e) {
    throw ImagingError(h.file, "cannot decode the DICOM pixel data (damaged, truncated or unsupported compression)",
                       e.GetDescription());
  }
}

constexpr double kDecoderTimeoutS = 60;  // per slice: decoding one slice takes milliseconds

}  // namespace

namespace {

// T = int16 (CT in HU: padding below -1024 HU becomes air) or float (MRI's values as they are).
template <typename T>
Volume<T> readSeries(const DicomSeries& series, const ProgressSink& progress) {
  constexpr bool kCt = std::is_same<T, std::int16_t>::value;
  ProgressScope scope(progress, 0.0, 1.0);
  if (series.slices.empty()) throw ImagingError(series.source.path, "empty DICOM series");
  if (series.kind == SeriesKind::Localizer || series.kind == SeriesKind::NonCt)
    throw ImagingError(series.slices.front().file, "not a CT or MR image series (" + toString(series.kind) + ")");
  if (series.slices.front().numberOfFrames > 1)
    throw ImagingError(series.slices.front().file, "multi-frame DICOM is not supported");
  const Geometry& g = series.geometry;
  checkAllocation(series.slices.front().file, "the " + g.describe() + " volume", g.voxelCount(), sizeof(T));
  const std::size_t sliceVoxels = g.dims[0] * g.dims[1];
  for (const auto& h : series.slices)
    if (h.columns * h.rows != sliceVoxels)
      throw ImagingError(h.file, "slice size " + std::to_string(h.columns) + "x" + std::to_string(h.rows) +
                                     " differs from the series grid " + g.describe());

  Volume<T> volume(g);
  // The decoders (GDCM, openjpeg, CharLS) run in an isolated child that streams the decoded slices back:
  // a damaged file that crashes or hangs them costs this series, never the workstation (isolated_parse.h).
  // Record: 'S' + slice number (u64) + the slice's int16 HU values, or 'E' + slice number + problem '\0' detail.
  std::size_t received = 0;
  std::string failure, failureDetail, failureFile;
  const auto outcome = isolation::runIsolated(
      [&](isolation::RecordSink& out) {
        // GDCM's "Please report. Missing dict entry" for every private tag of every slice is not for the user
        // (as in dicom_scan.cpp); real problems come back as records.
        gdcm::Trace::WarningOff();
        auto io = itk::GDCMImageIO::New();
        std::vector<char> scratch;
        std::vector<T> slice(sliceVoxels);
        for (std::size_t k = 0; k < series.slices.size(); ++k) {
          std::string rec(1 + sizeof(std::uint64_t), '\0');
          const std::uint64_t kk = k;
          std::memcpy(&rec[1], &kk, sizeof kk);
          try {
            readSliceInProcess(io, series.slices[k], slice.data(), sliceVoxels, scratch);
            rec[0] = 'S';
            rec.append(reinterpret_cast<const char*>(slice.data()), sliceVoxels * sizeof(T));
            out.send(rec);
          } catch (const ImagingError& e) {
            rec[0] = 'E';
            out.send(rec + e.problem() + '\0' + e.detail());
            return;
          } catch (const std::bad_alloc&) {
            rec[0] = 'E';
            out.send(rec + "decoding needs more memory than the decoder may use" + '\0');
            return;
          }
        }
      },
      [&](std::string_view record) {
        std::uint64_t k = 0;
        if (record.size() < 1 + sizeof k) return false;
        std::memcpy(&k, record.data() + 1, sizeof k);
        if (k >= series.slices.size()) return false;
        const DicomSliceHeader& h = series.slices[k];
        if (record[0] == 'E') {
          const std::string_view body = record.substr(1 + sizeof k);
          const auto nul = body.find('\0');
          failure = std::string(body.substr(0, nul));
          failureDetail = nul == std::string_view::npos ? std::string() : std::string(body.substr(nul + 1));
          failureFile = h.file;
          return false;
        }
        if (record.size() != 1 + sizeof k + sliceVoxels * sizeof(T)) return false;
        const std::size_t slot = series.sliceIndex.size() == series.slices.size() ? series.sliceIndex[k] : k;
        if (slot >= g.dims[2]) {
          failure = "slice index outside the volume";
          failureFile = h.file;
          return false;
        }
        T* dst = volume.data() + slot * sliceVoxels;
        std::memcpy(dst, record.data() + 1 + sizeof k, sliceVoxels * sizeof(T));
        // Padding outside the reconstruction circle becomes air. Not only PixelPaddingValue: the real HCC
        // series declares -2000 but stores -1024 raw (-2048 HU). Below -1024 HU nothing is physical, so
        // everything there is padding; see the header.
        if constexpr (kCt) std::replace_if(dst, dst + sliceVoxels, [](T v) { return v < -1024; }, T(-1024));
        received = static_cast<std::size_t>(k) + 1;
        return k % 8 != 0 || !progress || progress(double(k) / series.slices.size(), "reading DICOM slices");
      },
      kDecoderTimeoutS);
  if (!failure.empty()) throw ImagingError(failureFile, failure, failureDetail);
  if (outcome.kind == isolation::Outcome::Kind::Cancelled) throw Cancelled();
  if (outcome.kind != isolation::Outcome::Kind::Finished || received != series.slices.size()) {
    const std::string& file = series.slices[std::min(received, series.slices.size() - 1)].file;
    throw ImagingError(file,
                       std::string(outcome.kind == isolation::Outcome::Kind::TimedOut ? "the DICOM decoder did not finish"
                                                                                       : "the DICOM decoder crashed") +
                           " on this file (" + (outcome.detail.empty() ? "incomplete output" : outcome.detail) +
                           "); the file is damaged or hostile");
  }
  // Missing slices (see DicomSeries::sliceIndex): linear interpolation between the slices either side.
  if (series.sliceIndex.size() == series.slices.size()) {
    for (std::size_t n = 1; n < series.sliceIndex.size(); ++n) {
      const std::size_t a = series.sliceIndex[n - 1], b = series.sliceIndex[n];
      const T* pa = volume.data() + a * sliceVoxels;
      const T* pb = volume.data() + b * sliceVoxels;
      for (std::size_t k = a + 1; k < b; ++k) {
        const double t = double(k - a) / double(b - a);
        T* dst = volume.data() + k * sliceVoxels;
        for (std::size_t i = 0; i < sliceVoxels; ++i) {
          const double v = (1 - t) * pa[i] + t * pb[i];
          dst[i] = kCt ? static_cast<T>(std::lround(v)) : static_cast<T>(v);
        }
      }
    }
  }
  scope.report(1.0, "reading DICOM slices");
  return volume;
}

}  // namespace

CtVolume readDicomSeries(const DicomSeries& series, const ProgressSink& progress) {
  return readSeries<std::int16_t>(series, progress);
}

FloatVolume readDicomSeriesValues(const DicomSeries& series, const ProgressSink& progress) {
  return readSeries<float>(series, progress);
}

}  // namespace hccws::core
