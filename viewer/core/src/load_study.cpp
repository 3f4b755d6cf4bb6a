// loadStudy: whatever the user named (DICOM folder, one DICOM file, or an image file) as a Study with its
// phases decided. No ITK here: it goes through the DICOM scan/read and image_io functions.
#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace hccws::core {
namespace {

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
    phase.volume = readDicomSeries(s, sub.sink());
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
    throw ImagingError(scan.folder, "no loadable CT series (found: " + found + ")");
  }
  return chosen;
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
    throw ImagingError(path, "this DICOM file is not part of a loadable CT series");
  }

  Study study;
  Phase phase;
  phase.source.path = path;
  phase.source.files = {path};
  phase.volume = readCtImage(path);
  study.phases.push_back(std::move(phase));
  detectPhases(study, {PhaseHints{{}, fs::path(path).filename().string()}});
  return study;
}

}  // namespace hccws::core
