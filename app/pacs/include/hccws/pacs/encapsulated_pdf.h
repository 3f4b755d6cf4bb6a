#pragma once
// A PDF (the tumour-board report) as a DICOM Encapsulated PDF instance (SOP class 1.2.840.10008.5.1.4.1.1.104.1,
// modality DOC) in the patient's study, so a PACS keeps it beside the images. The patient and study come from a
// DICOM file of that study when given (its Patient and General Study modules copied), else from the fields.
// Written atomically; throws std::runtime_error naming the file and the problem. DCMTK.
#include <string>

namespace hccws::pacs {

struct PdfContext {
  std::string referenceFile;  // a DICOM file of the study (optional)
  std::string patientName, patientId, studyUid, studyDate;
  std::string documentTitle = "Tumour board report (HCC Workstation, research use only)";
  std::string seriesDescription = "HCC Workstation report";
};

// Returns the new instance's SOPInstanceUID.
std::string writeEncapsulatedPdf(const std::string& pdfPath, const PdfContext& context, const std::string& outPath);

}  // namespace hccws::pacs
