#pragma once
// DIMSE for PACS without DICOMweb, through DCMTK's DcmSCU: C-ECHO, C-FIND (study root: studies, series,
// instances) and C-GET of a series instance by instance into a folder (<SOPInstanceUID>.dcm, written
// atomically; instances already there are not fetched again, so an interrupted retrieve resumes). C-GET needs no
// inbound connection to this computer (unlike C-MOVE), which is why it is the retrieve used here; the PACS must
// know this workstation's AE title. Failures: PacsError naming the peer and what DICOM said.
#include <hccws/core/progress.h>
#include <hccws/pacs/dicomweb.h>

#include <string>
#include <vector>

namespace hccws::pacs {

struct DimseConfig {
  std::string host;
  int port = 104;
  std::string calledAet;              // the PACS's AE title
  std::string callingAet = "HCCWS";  // this workstation's, as configured on the PACS
  int timeoutSeconds = 30;
};

void dimseEcho(const DimseConfig& config);
std::vector<StudyInfo> dimseFindStudies(const DimseConfig& config, const QueryFilters& filters);
std::vector<SeriesInfo> dimseFindSeries(const DimseConfig& config, const std::string& studyUid);
RetrieveResult dimseGetSeries(const DimseConfig& config, const std::string& studyUid, const std::string& seriesUid,
                              const std::string& folder, const core::ProgressSink& progress = {});

}  // namespace hccws::pacs
