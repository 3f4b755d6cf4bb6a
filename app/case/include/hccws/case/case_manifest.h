#pragma once
// The manifest of a case folder (case.json): the sources of a case and every result with what it was computed
// from. Versioned JSON ("format": "hccws-case", "format_version": 2); a version 1 manifest is migrated when read
// (docs/case-files.md says what changed). Qt-free.
//
// Staleness: a result records the versions of its inputs ("segmentation" -> "7", "sources" -> a hash,
// "registration" -> "2"); currentVersions() gives the case's own; a result whose recorded version of any input
// differs is stale until it is recomputed (staleResults()).
//
// Failures: parseManifest throws CaseError naming the file and the problem (not JSON, not a case, a newer
// format, a field of the wrong type or out of range).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hccws::cases {

struct CaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SourceSeries {
  std::string path;  // folder or file as given when the case was made (absolute, or relative to the case folder)
  std::string seriesInstanceUid, description, modality;
  std::uint64_t files = 0, bytes = 0;
  std::string sha256;  // of the series' files: names (sorted) and contents - a changed source is noticed
  std::string phase;   // "arterial", "portal_venous", ... (core::toString)
  std::string phaseReason;
  double phaseConfidence = 0;
  bool phaseUserOverride = false;
};

// The rigid/affine transform that maps the moving phase onto the fixed one (a 4x4 row-major matrix, LPS mm).
struct RegistrationRecord {
  int fixed = -1, moving = -1;  // indices into sources
  std::vector<double> matrix;   // 16 numbers
  std::string method;
  double metric = 0;
  std::uint64_t version = 0;  // moves when the registration is redone
};

struct SegmentationRecord {
  std::string file;           // NRRD in the case folder, e.g. "segmentation-3.nrrd"
  std::uint64_t version = 0;  // moves with every edit (journaled or saved)
  int gridOf = 0;             // the source whose grid the labels are on
  std::string dicomSeg;       // optional DICOM SEG export in the case folder
  std::string madeBy;         // "grow from seeds", "model <id> <sha256>", "edited by hand" ...
};

// A computed result and what it was computed from.
struct ResultRecord {
  nlohmann::json value;                         // the result itself (measurements, PMN output ...)
  std::map<std::string, std::string> inputs;    // input -> version it was computed from
  std::string madeBy;                           // program and version, or model id and checksum
  std::string computedAt;                       // ISO 8601 UTC
  std::vector<std::string> files;               // files in the case folder that belong to it (heatmaps)
};

// A nomogram input as the nomogram core keeps it (survival/patient_inputs.h): state, value and where from.
struct NomogramInputRecord {
  std::string name;
  std::string state;  // "missing", "measured", "computed", "typed", "assumed", "clinical"
  double value = 0;
  std::string source;
  bool stale = false;
};

// A slice or view the user marked for the tumour board (the report and presentation mode show them in order).
struct KeyImage {
  std::string view;  // "axial", "coronal", "sagittal", "3d"
  int source = 0;    // the series shown (index into sources)
  double positionLps[3] = {0, 0, 0};  // the slice through this point (slice views)
  std::string caption;
  std::string layer;  // "" (CT and segmentation), or "heatmap:<name>" (a PMN heatmap over them)
  std::string file;   // "3d": the view's snapshot, a PNG inside the case folder (keyimages/...)
};

struct CaseManifest {
  static constexpr int kFormatVersion = 2;
  std::string created, saved;        // ISO 8601 UTC
  std::uint64_t generation = 0;      // moves with every save
  std::uint64_t journalSeq = 0;      // the last journal record included in this save
  std::string program;               // "hccws 0.1.0" that saved it
  int migratedFrom = 0;              // the format version read, when it was older (not written)
  std::string patientId, patientName, studyDate, studyInstanceUid;
  std::vector<SourceSeries> sources;
  std::optional<RegistrationRecord> registration;
  std::optional<SegmentationRecord> segmentation;
  std::map<std::string, ResultRecord> results;  // "measurements", "pmn", "nomogram" ...
  std::string arm;                               // the chosen treatment arm ("TACE", "HAIC", or empty)
  std::vector<NomogramInputRecord> nomogramInputs;
  std::string note;
  std::vector<KeyImage> keyImages;
};

std::string manifestToJson(const CaseManifest& manifest);
CaseManifest parseManifest(const std::string& text, const std::string& fileName);

// The versions results depend on: "segmentation", "sources" (the sources' hashes together), "registration".
std::map<std::string, std::string> currentVersions(const CaseManifest& manifest);
// Names of the results whose inputs moved since they were computed, in name order.
std::vector<std::string> staleResults(const CaseManifest& manifest);
// Records `name` as computed now from the current versions of `inputs` (which must be known names).
void recordResult(CaseManifest& manifest, const std::string& name, nlohmann::json value,
                  const std::vector<std::string>& inputs, const std::string& madeBy,
                  std::vector<std::string> files = {});

std::string utcNow();  // ISO 8601, seconds

}  // namespace hccws::cases
