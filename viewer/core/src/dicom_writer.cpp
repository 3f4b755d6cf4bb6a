// DICOM CT (and MR) series writer: one GDCMImageIO write per slice with a complete meta-data dictionary, so every
// tag (positions, UIDs, contrast and timing) is ours rather than GDCM's defaults. Pixels are stored as
// signed 16-bit with RescaleIntercept 0 / RescaleSlope 1, which makes the HU values round-trip exactly.
#include <hccws/core/dicom_writer.h>

#include "dicom_decimal.h"
#include <hccws/core/errors.h>

#include "itk_bridge.h"

#include <gdcmUIDGenerator.h>
#include <itkGDCMImageIO.h>
#include <itkImageFileWriter.h>
#include <itkMetaDataObject.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

namespace hccws::core {

namespace {

std::string decimalString(double v) { return dicomDecimalString(v); }

std::string joinDecimals(std::initializer_list<double> values) {
  std::string s;
  for (double v : values) s += (s.empty() ? "" : "\\") + decimalString(v);
  return s;
}

void put(itk::MetaDataDictionary& dict, const char* tag, const std::string& value) {
  itk::EncapsulateMetaData<std::string>(dict, tag, value);
}

}  // namespace

std::string newDicomUid() {
  gdcm::UIDGenerator generator;
  const char* uid = generator.Generate();
  if (!uid) throw std::runtime_error("DICOM: could not generate a UID");
  return uid;
}

namespace {

// One writer for CT (int16 HU, CT Image Storage) and MR (uint16, MR Image Storage, no HU).
template <typename T>
std::string writeSeries(const Volume<T>& volume, const DicomWriteOptions& o, const std::string& folder,
                        const ProgressSink& progress, bool mr) {
  const Geometry& g = volume.geometry();
  if (volume.empty()) throw ImagingError(folder, "cannot write an empty volume as DICOM");
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw ImagingError(folder, "cannot create the DICOM output folder", ec.message());

  const std::string studyUid = o.studyInstanceUid.empty() ? newDicomUid() : o.studyInstanceUid;
  const std::string seriesUid = o.seriesInstanceUid.empty() ? newDicomUid() : o.seriesInstanceUid;
  const std::string forUid = o.frameOfReferenceUid.empty() ? newDicomUid() : o.frameOfReferenceUid;
  const Vec3 row = g.axisDirection(0), col = g.axisDirection(1), normal = g.sliceNormal();
  // The distance between slice centres along the normal (the k axis may be oblique to the i-j plane).
  const Vec3 kStep{g.direction[2] * g.spacingMm[2], g.direction[5] * g.spacingMm[2], g.direction[8] * g.spacingMm[2]};
  const double sliceStep = std::abs(dot(kStep, normal));

  itk::MetaDataDictionary common;
  put(common, "0008|0005", "ISO_IR 100");
  put(common, "0008|0008", o.imageType);
  put(common, "0008|0016", mr ? "1.2.840.10008.5.1.4.1.1.4" : "1.2.840.10008.5.1.4.1.1.2");  // MR / CT Image Storage
  put(common, "0008|0020", o.studyDate);
  put(common, "0008|0021", o.studyDate);
  put(common, "0008|0022", o.studyDate);
  put(common, "0008|0023", o.studyDate);
  put(common, "0008|0030", o.studyTime);
  const std::string acqTime = o.acquisitionTime.empty() ? o.studyTime : o.acquisitionTime;
  put(common, "0008|0031", acqTime);
  put(common, "0008|0032", acqTime);
  put(common, "0008|0033", acqTime);
  put(common, "0008|0060", mr ? "MR" : "CT");
  put(common, "0008|0070", "HCCWS");
  put(common, "0008|1030", o.studyDescription);
  put(common, "0008|103e", o.seriesDescription);
  put(common, "0008|1090", "Synthetic phantom generator");
  put(common, "0010|0010", o.patientName);
  put(common, "0010|0020", o.patientId);
  put(common, "0010|0030", "");
  put(common, "0010|0040", "O");
  if (!o.contrastBolusAgent.empty()) {
    put(common, "0018|0010", o.contrastBolusAgent);
    if (!o.contrastBolusStartTime.empty()) put(common, "0018|1042", o.contrastBolusStartTime);
  }
  put(common, "0018|0015", "ABDOMEN");
  put(common, "0018|0050", decimalString(sliceStep));
  put(common, "0018|0088", decimalString(sliceStep));
  if (mr) {
    put(common, "0018|0087", "1.5");  // MagneticFieldStrength
    put(common, "0018|0023", "3D");   // MRAcquisitionType
  } else {
    put(common, "0018|0060", "120");  // KVP
  }
  put(common, "0018|5100", "HFS");
  put(common, "0020|000d", studyUid);
  put(common, "0020|000e", seriesUid);
  put(common, "0020|0010", "1");
  put(common, "0020|0011", std::to_string(o.seriesNumber));
  put(common, "0020|0012", "1");
  put(common, "0020|0052", forUid);
  put(common, "0020|0037", joinDecimals({row[0], row[1], row[2], col[0], col[1], col[2]}));
  put(common, "0028|0002", "1");
  put(common, "0028|0004", "MONOCHROME2");
  put(common, "0028|1050", decimalString(o.windowCenter));
  put(common, "0028|1051", decimalString(o.windowWidth));
  if (!mr) {
    put(common, "0028|1052", "0");
    put(common, "0028|1053", "1");
    put(common, "0028|1054", "HU");
  }

  using Slice = itk::Image<T, 2>;
  const std::size_t nx = g.dims[0], ny = g.dims[1], nz = g.dims[2];
  for (std::size_t k = 0; k < nz; ++k) {
    auto slice = Slice::New();
    typename Slice::RegionType region;
    region.SetSize(0, nx);
    region.SetSize(1, ny);
    slice->SetRegions(region);
    typename Slice::SpacingType sp;
    sp[0] = g.spacingMm[0];
    sp[1] = g.spacingMm[1];
    slice->SetSpacing(sp);
    slice->Allocate();
    std::memcpy(slice->GetBufferPointer(), volume.data() + k * nx * ny, nx * ny * sizeof(T));

    itk::MetaDataDictionary dict = common;
    const Vec3 ipp = g.indexToWorld({0.0, 0.0, double(k)});
    put(dict, "0008|0018", newDicomUid());
    put(dict, "0020|0013", std::to_string(k + 1));
    put(dict, "0020|0032", joinDecimals({ipp[0], ipp[1], ipp[2]}));
    put(dict, "0020|1041", decimalString(dot(ipp, normal)));
    slice->SetMetaDataDictionary(dict);

    auto io = itk::GDCMImageIO::New();
    io->KeepOriginalUIDOn();
    io->SetMetaDataDictionary(dict);
    char name[32];
    std::snprintf(name, sizeof name, "IMG%04zu.dcm", k + 1);
    const std::string path = (std::filesystem::path(folder) / name).string();
    auto writer = itk::ImageFileWriter<Slice>::New();
    writer->SetImageIO(io);
    writer->SetFileName(path);
    writer->SetInput(slice);
    try {
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      throw ImagingError(path, "cannot write the DICOM slice", e.GetDescription());
    }
    if (progress && !progress(double(k + 1) / nz, "writing DICOM")) throw Cancelled();
  }
  return seriesUid;
}

}  // namespace

std::string writeDicomSeries(const CtVolume& volume, const DicomWriteOptions& o, const std::string& folder,
                             const ProgressSink& progress) {
  return writeSeries(volume, o, folder, progress, false);
}

std::string writeDicomMrSeries(const Volume<std::uint16_t>& volume, const DicomWriteOptions& o, const std::string& folder,
                               const ProgressSink& progress) {
  return writeSeries(volume, o, folder, progress, true);
}

}  // namespace hccws::core
