#pragma once
// A DICOMweb client (PS3.18): QIDO-RS search of studies, series and instances, WADO-RS retrieve of a series
// instance by instance (so a retrieve that stopped - cancelled, the server gone - resumes where it was: an
// instance already in the folder is not fetched again), STOW-RS store of DICOM files into a study.
// Transport: libcurl; TLS verified with the system's certificates (or `caFile`); Basic (user, password) or
// bearer-token authentication; a time-out per request; connection failures and 5xx/429 answers retried with
// exponential back-off (`retries` times, from `backoffMs`). Every failure is a PacsError naming the server, the
// request and the problem in words (wrong credentials, not found, the server's own message, an answer that is
// not DICOM JSON / not multipart, a connection refused). No request is ever made unless a method is called.
// Threading: one client per thread (libcurl easy handles are not shared).
#include <hccws/core/progress.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::pacs {

struct PacsError : std::runtime_error {
  using std::runtime_error::runtime_error;
  long httpStatus = 0;  // 0: no HTTP answer (connection failure, garbage)
  PacsError(const std::string& message, long status) : std::runtime_error(message), httpStatus(status) {}
};

struct ServerConfig {
  std::string name;  // for messages ("hospital PACS")
  std::string url;   // the DICOMweb root, e.g. https://pacs.example.org/dicom-web
  std::string user, password;  // Basic authentication when `user` is set
  std::string bearerToken;     // else a bearer token when set
  long timeoutSeconds = 60;
  int retries = 3;
  long backoffMs = 250;
  bool verifyTls = true;
  std::string caFile;  // extra CA bundle (PEM); the system's otherwise
};

struct QueryFilters {
  std::string patientName, patientId;  // DICOM matching: '*' wildcards
  std::string studyDateFrom, studyDateTo;  // YYYYMMDD
  std::string modality, description;
  int limit = 0;  // 0: the server's default
};

struct StudyInfo {
  std::string studyUid, patientName, patientId, studyDate, description, modalities;
  int series = 0, instances = 0;
};
struct SeriesInfo {
  std::string studyUid, seriesUid, modality, description;
  int number = 0, instances = 0;
};

struct RetrieveResult {
  int instances = 0;   // in the series (per the server)
  int fetched = 0;     // fetched by this call
  int alreadyHere = 0; // found in the folder from an earlier, interrupted retrieve
  std::uint64_t bytes = 0;
  std::vector<std::string> files;  // every instance's file in the folder
};

struct StoreResult {
  int stored = 0, failed = 0;
  std::vector<std::string> failures;  // "<file>: <reason>"
};

class DicomWebClient {
 public:
  explicit DicomWebClient(ServerConfig config);
  ~DicomWebClient();
  DicomWebClient(const DicomWebClient&) = delete;
  DicomWebClient& operator=(const DicomWebClient&) = delete;

  const ServerConfig& config() const { return config_; }
  // GET {root}/studies?limit=1: true, or PacsError saying why not (credentials, not DICOMweb, unreachable).
  void echo();
  std::vector<StudyInfo> findStudies(const QueryFilters& filters);
  std::vector<SeriesInfo> findSeries(const std::string& studyUid, const QueryFilters& filters = {});
  std::vector<std::string> findInstances(const std::string& studyUid, const std::string& seriesUid);
  // Every instance of the series into `folder` (created; <SOPInstanceUID>.dcm, written atomically), those
  // already there kept; progress per instance, cancel between instances (core::Cancelled).
  RetrieveResult retrieveSeries(const std::string& studyUid, const std::string& seriesUid, const std::string& folder,
                                const core::ProgressSink& progress = {});
  // POST {root}/studies[/{studyUid}] as multipart/related; type="application/dicom", one request per file.
  StoreResult store(const std::vector<std::string>& files, const std::string& studyUid = {});

 private:
  struct Response {
    long status = 0;
    std::string body, contentType;
  };
  Response request(const std::string& method, const std::string& path, const std::string& accept,
                   const std::string& body = {}, const std::string& contentType = {});
  std::string describe(const std::string& what) const;
  ServerConfig config_;
  void* curl_ = nullptr;
};

// True when `path` is a file with the DICOM preamble ("DICM" at byte 128).
bool isDicomFile(const std::string& path);

// The parts of a multipart/related body (boundary from the Content-Type); throws PacsError for a body that is
// not one. Exposed for tests and fuzzing.
std::vector<std::string> multipartParts(const std::string& body, const std::string& contentType);

}  // namespace hccws::pacs
