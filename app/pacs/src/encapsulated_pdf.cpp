// A PDF as a DICOM Encapsulated PDF instance (encapsulated_pdf.h), with DCMTK's dcmdata.
#include "hccws/pacs/encapsulated_pdf.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace hccws::pacs {

std::string writeEncapsulatedPdf(const std::string& pdfPath, const PdfContext& c, const std::string& outPath) {
  std::ifstream in(pdfPath, std::ios::binary);
  if (!in) throw std::runtime_error(pdfPath + ": cannot be read");
  std::vector<char> pdf((std::istreambuf_iterator<char>(in)), {});
  if (pdf.size() < 5 || std::string(pdf.data(), 5) != "%PDF-") throw std::runtime_error(pdfPath + ": not a PDF file");
  if (pdf.size() > (std::size_t(1) << 31)) throw std::runtime_error(pdfPath + ": larger than 2 GiB");
  if (pdf.size() % 2) pdf.push_back('\0');  // OB values have an even length
  DcmFileFormat file;
  DcmDataset* d = file.getDataset();
  if (!c.referenceFile.empty()) {
    DcmFileFormat ref;
    if (ref.loadFile(c.referenceFile.c_str()).bad()) throw std::runtime_error(c.referenceFile + ": not a readable DICOM file");
    for (const DcmTagKey& k : {DCM_PatientName, DCM_PatientID, DCM_PatientBirthDate, DCM_PatientSex, DCM_StudyInstanceUID,
                                DCM_StudyDate, DCM_StudyTime, DCM_StudyID, DCM_AccessionNumber, DCM_ReferringPhysicianName,
                                DCM_StudyDescription}) {
      DcmElement* e = nullptr;
      if (ref.getDataset()->findAndGetElement(k, e).good() && e) d->insert(dynamic_cast<DcmElement*>(e->clone()), true);
    }
  }
  auto put = [d](const DcmTagKey& k, const std::string& v) {
    if (!v.empty()) d->putAndInsertString(k, v.c_str());
  };
  if (c.referenceFile.empty()) {
    put(DCM_PatientName, c.patientName);
    put(DCM_PatientID, c.patientId);
    put(DCM_StudyDate, c.studyDate);
    char study[100];
    put(DCM_StudyInstanceUID, c.studyUid.empty() ? dcmGenerateUniqueIdentifier(study, SITE_STUDY_UID_ROOT) : c.studyUid);
  }
  char series[100], instance[100];
  dcmGenerateUniqueIdentifier(series, SITE_SERIES_UID_ROOT);
  dcmGenerateUniqueIdentifier(instance, SITE_INSTANCE_UID_ROOT);
  const std::time_t now = std::time(nullptr);
  char date[16], time[16];
  std::strftime(date, sizeof date, "%Y%m%d", std::gmtime(&now));
  std::strftime(time, sizeof time, "%H%M%S", std::gmtime(&now));
  put(DCM_SOPClassUID, UID_EncapsulatedPDFStorage);
  put(DCM_SOPInstanceUID, instance);
  put(DCM_SeriesInstanceUID, series);
  put(DCM_Modality, "DOC");
  put(DCM_SeriesNumber, "301");
  put(DCM_InstanceNumber, "1");
  put(DCM_SeriesDescription, c.seriesDescription);
  put(DCM_ConversionType, "WSD");
  put(DCM_Manufacturer, "HCC Workstation (research use only)");
  put(DCM_ContentDate, date);
  put(DCM_ContentTime, time);
  put(DCM_AcquisitionDateTime, std::string(date) + time);
  put(DCM_BurnedInAnnotation, "YES");
  put(DCM_DocumentTitle, c.documentTitle);
  put(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
  d->insertEmptyElement(DCM_ConceptNameCodeSequence);  // type 2, empty
  d->putAndInsertUint8Array(DCM_EncapsulatedDocument, reinterpret_cast<const Uint8*>(pdf.data()), static_cast<unsigned long>(pdf.size()));
  const std::string tmp = outPath + ".tmp";
  if (file.saveFile(tmp.c_str(), EXS_LittleEndianExplicit).bad()) {
    std::filesystem::remove(tmp);
    throw std::runtime_error(outPath + ": cannot be written");
  }
  std::filesystem::rename(tmp, outPath);
  return instance;
}

}  // namespace hccws::pacs
