// loadStudy: whatever the user named (DICOM folder, one DICOM file, or an image file) as a Study with its
// phases decided. No ITK here: it goes through the DICOM scan/read and image_io functions.
#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace hccws::core {
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Study loadDicom(const DicomScan& scan, const std::vector<std::size_t>& chosen, const ProgressSink& progress) {
  ProgressScope scope(progress, 0.0, 1.0);
  Study study;
  std::vector<PhaseHints> hints;
  for (std::size_t n = 0; n < chosen.size(); ++n) {
    const DicomSeries& s = scan.series[chosen[n]];
    Phase phase;
    phase.source = s.source;
    phase.diagnostics = s.diagnostics;
    ProgressScope sub(progress, double(n) / chosen.size(), double(n + 1) / chosen.size());
    if (upper(s.source.modality) == "MR") {
      // MRI: no HU; the values kept exactly when they fit int16, else mapped (the map is the phase's).
      phase.intensity.unit = "";
      phase.volume = quantiseToInt16(readDicomSeriesValues(s, sub.sink()), &phase.intensity);
    } else {
      phase.volume = readDicomSeries(s, sub.sink());
    }
    hints.push_back({s.contrastBolusRoute, {}});
    study.phases.push_back(std::move(phase));
  }
  // Folder-level findings (skipped files) belong to every phase's list, so nothing is lost when the user
  // looks at one phase only.
  for (auto& p : study.phases) p.diagnostics.insert(p.diagnostics.begin(), scan.diagnostics.begin(), scan.diagnostics.end());
  if (!study.phases.empty()) {
    study.patientId = study.phases.front().source.patientId;
    study.studyInstanceUid = study.phases.front().source.studyInstanceUid;
  }
  scope.report(1.0, "detecting phases");
  detectPhases(study, hints);
  return study;
}

std::vector<std::size_t> loadableSeries(const DicomScan& scan) {
  std::vector<std::size_t> chosen;
  for (std::size_t n = 0; n < scan.series.size(); ++n)
    if (scan.series[n].loadable) chosen.push_back(n);
  if (chosen.empty()) {
    std::string found;
    for (const auto& s : scan.series)
      found += (found.empty() ? "" : ", ") + toString(s.kind) + " series '" + s.source.seriesDescription + "'";
    throw ImagingError(scan.folder, "no loadable CT or MR series (found: " + found + ")");
  }
  return chosen;
}

// An image file whose name says MRI (tokens MR, MRI, T1, T2, DCE, VIBE, LAVA, THRIVE, EOB, HBP, GD, DWI, ADC):
// NIfTI and friends carry no modality, so the name is the only hint (else the file is taken as CT in HU).
bool mrFileName(const std::string& path) {
  const std::string name = upper(fs::path(path).filename().string());
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) cur += c;
    else if (!cur.empty()) tokens.push_back(cur), cur.clear();
  }
  if (!cur.empty()) tokens.push_back(cur);
  for (const auto& t : tokens)
    for (const char* k : {"MR", "MRI", "T1", "T2", "DCE", "VIBE", "LAVA", "THRIVE", "EOB", "HBP", "GD", "DWI", "ADC", "T1W", "T2W"})
      if (t == k) return true;
  return false;
}

}  // namespace

Study loadDicomStudy(const DicomScan& scan, const ProgressSink& progress) {
  return loadDicom(scan, loadableSeries(scan), progress);
}

Study loadStudy(const std::string& path, const ProgressSink& progress) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ImagingError(path, "does not exist");
  if (!fs::is_directory(path, ec) && !fs::is_regular_file(path, ec))
    throw ImagingError(path, "not a regular file or folder (a device, pipe or socket); nothing is read from it");
  if (fs::is_directory(path, ec)) {
    const DicomScan scan = scanDicomFolder(path, ProgressScope(progress, 0.0, 0.2).sink());
    return loadDicomStudy(scan, ProgressScope(progress, 0.2, 1.0).sink());
  }

  // One file: a DICOM slice means its whole series (the folder is scanned); anything else is an image file.
  bool isDicom = false;
  try {
    readDicomSliceHeader(path);
    isDicom = true;
  } catch (const ImagingError&) {
  }
  if (isDicom) {
    const std::string folder = fs::path(path).parent_path().string();
    // Its siblings only: a file's series lives beside it, and the parent may be a whole archive.
    const DicomScan scan =
        scanDicomFolder(folder.empty() ? "." : folder, ProgressScope(progress, 0.0, 0.2).sink(), false);
    for (std::size_t n = 0; n < scan.series.size(); ++n) {
      const auto& files = scan.series[n].source.files;
      if (std::any_of(files.begin(), files.end(), [&](const std::string& f) { return fs::equivalent(f, path, ec); }))
        return loadDicom(scan, {n}, ProgressScope(progress, 0.2, 1.0).sink());
    }
    throw ImagingError(path, "this DICOM file is not part of a loadable CT or MR series");
  }

  Study study;
  Phase phase;
  phase.source.path = path;
  phase.source.files = {path};
  if (mrFileName(path)) {
    phase.source.modality = "MR";
    phase.intensity.unit = "";
    phase.volume = quantiseToInt16(readFloatImage(path), &phase.intensity);
  } else {
    phase.volume = readCtImage(path);
  }
  study.phases.push_back(std::move(phase));
  detectPhases(study, {PhaseHints{{}, fs::path(path).filename().string()}});
  return study;
}

}  // namespace hccws::core
