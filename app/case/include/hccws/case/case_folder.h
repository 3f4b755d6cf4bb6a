#pragma once
// A case folder on disk: case.json (and case.json.bak, the previous good save), segmentation-<generation>.nrrd,
// journal.bin (the autosave journal) and .lock. docs/case-files.md has the layout and the guarantees.
//
// Guarantees:
// - Saving is atomic: the new segmentation goes to a new file, then case.json is replaced by rename (the commit
//   point), after case.json.bak got the previous version. A crash at any moment leaves a case.json that opens,
//   naming files that exist.
// - Every edit is journaled as it happens (journalLabels/journalManifest return after fdatasync), so a crash or
//   kill -9 loses at most the edit being written. open() finds what the journal holds beyond the last save
//   (pending()); recover() applies it, discardPending() drops it.
// - One writer: open() takes an exclusive lock (flock on .lock, released by the kernel when the process dies); a
//   second open gets the case read-only with the holder named, and every write then throws CaseError.
// Not thread-safe: one CaseFolder is used from one thread at a time.
#include <hccws/case/case_manifest.h>
#include <hccws/core/index_box.h>
#include <hccws/core/label_map.h>
#include <hccws/core/study.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hccws::cases {

struct SourceCheck {
  enum class State { Same, Changed, Missing, NotRecorded };
  int source = 0;
  std::string path;
  State state = State::Same;
  std::string detail;  // e.g. "89 files, 46.7 MB: sha256 differs from the one recorded on 2026-12-07"
};

struct PendingJournal {
  std::size_t labelPatches = 0, manifestSnapshots = 0;
  std::uint64_t lastSeq = 0;
  bool tornTail = false;    // an edit was being written when the program stopped: it is lost
  std::string problem;      // why the journal's reading stopped early
  bool any() const { return labelPatches + manifestSnapshots > 0; }
};

class CaseFolder {
 public:
  // Makes `dir` (which must not exist, or be an empty folder) a case: the manifest's sources are hashed when they
  // have no hash yet; `labels` (optional) becomes the segmentation. Takes the lock; generation 1 is saved.
  // `dicomSegOf` (optional): the DICOM series the labels are drawn on; the segmentation is then also saved as a
  // DICOM SEG referencing it (segmentation-<generation>.dcm, manifest segmentation.dicom_seg).
  static CaseFolder create(const std::string& dir, CaseManifest manifest, const core::LabelMap* labels = nullptr,
                           const std::string& program = "hccws", const core::SeriesSource* dicomSegOf = nullptr);
  // Opens a case; read-only when asked or when another process holds it (readOnlyReason() says who).
  static CaseFolder open(const std::string& dir, bool readOnly = false);

  CaseFolder(CaseFolder&&) noexcept;
  CaseFolder& operator=(CaseFolder&&) noexcept;
  ~CaseFolder();

  const std::string& dir() const;
  CaseManifest& manifest();
  const CaseManifest& manifest() const;
  bool readOnly() const;
  const std::string& readOnlyReason() const;

  // The segmentation as saved (nullopt when the case has none). Throws CaseError when the file is damaged.
  std::optional<core::LabelMap> readSavedSegmentation() const;

  // What the journal holds beyond the last save, as found by open().
  const PendingJournal& pending() const;
  // Applies the pending journal: label patches onto `labels` (the saved segmentation, or an empty map on the
  // source grid when the case had none; patches for another grid throw CaseError), then the last manifest
  // snapshot. The segmentation's version moves with each patch. Nothing is written: save() makes it permanent.
  void recover(core::LabelMap* labels);
  // Drops the pending journal (the user declined the recovery).
  void discardPending();

  // Journals an edit of the labels inside `box` (the labels after the edit); returns its sequence number and
  // moves the segmentation's version (results computed before are stale from now on).
  std::uint64_t journalLabels(const std::string& what, const core::IndexBox& box, const core::LabelMap& labels);
  // Journals the manifest as it is now (after an edit of the note, the inputs, the arm, key images ...).
  std::uint64_t journalManifest();

  // Saves atomically (see the header comment); `labels` null keeps the segmentation file as it is. With labels and
  // `dicomSegOf` (a DICOM series: files and SeriesInstanceUID) a DICOM SEG of the labels referencing that series is written
  // beside the NRRD (before the commit, like it). After the commit, files in the folders the case owns
  // (heatmaps/, keyimages/) and segmentation files named by neither case.json nor case.json.bak are removed.
  void save(const core::LabelMap* labels, const std::string& program = "hccws",
            const core::SeriesSource* dicomSegOf = nullptr);

  // What the last save could not write beside the case ("" when nothing): a DICOM SEG that failed (the case itself
  // was saved, without it).
  const std::string& saveWarning() const;

  // Re-hashes every source and compares with what the case recorded.
  std::vector<SourceCheck> checkSources() const;

  static constexpr const char* kManifest = "case.json";
  static constexpr const char* kBackup = "case.json.bak";
  static constexpr const char* kJournal = "journal.bin";
  static constexpr const char* kLock = ".lock";

 private:
  struct State;
  explicit CaseFolder(std::unique_ptr<State> state);
  void removeUnreferencedFiles();
  std::unique_ptr<State> s_;
};

}  // namespace hccws::cases
