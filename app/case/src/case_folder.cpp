#include <hccws/case/case_folder.h>

#include "case_journal.h"

#include <hccws/case/source_hash.h>
#include <hccws/core/dicom_seg.h>
#include <hccws/core/image_io.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace hccws::cases {

namespace fs = std::filesystem;

struct CaseFolder::State {
  std::string dir;
  CaseManifest manifest;
  bool readOnly = false;
  std::string readOnlyReason;
  int lockFd = -1;
  detail::JournalWriter journal;
  std::uint64_t seq = 0;  // last journal sequence number used
  std::string saveWarning;  // what the last save could not write beside the case (the DICOM SEG)
  std::size_t labelEditsSinceSave = 0;  // journaled label patches (and recovered ones) not yet in a saved file
  PendingJournal pending;
  std::vector<detail::JournalRecord> pendingRecords;

  std::string path(const std::string& name) const { return (fs::path(dir) / name).string(); }
  ~State() {
    journal.close();
    if (lockFd >= 0) ::close(lockFd);  // releases the flock
  }
  void requireWritable(const char* what) const {
    if (readOnly) throw CaseError(dir + ": cannot " + std::string(what) + ": the case is open read-only (" + readOnlyReason + ")");
  }
};

namespace {

std::string hostName() {
  char buf[256] = {0};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

// Takes the lock, or says who holds it. Returns the descriptor (held for the case's life) or -1.
int takeLock(const std::string& lockPath, std::string& heldBy) {
  const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    heldBy = std::string("cannot create the lock file (") + std::strerror(errno) + ")";
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    std::string who;
    try {
      who = detail::readFile(lockPath);
    } catch (const CaseError&) {
    }
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    heldBy = "open in another workstation: " + (who.empty() ? std::string("unknown process") : who);
    ::close(fd);
    return -1;
  }
  const std::string me = "process " + std::to_string(::getpid()) + " on " + hostName() + " since " + utcNow() + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t ignored = ::pwrite(fd, me.data(), me.size(), 0);
    (void)ignored;
  }
  return fd;
}

std::string segmentationFileName(std::uint64_t generation) { return "segmentation-" + std::to_string(generation) + ".nrrd"; }
std::string dicomSegFileName(std::uint64_t generation) { return "segmentation-" + std::to_string(generation) + ".dcm"; }

// The labels as a DICOM SEG referencing the series they were drawn on (UIDs, patient, one reference per slice).
// The algorithm: MANUAL when the segmentation was drawn or edited by hand only, SEMIAUTOMATIC otherwise.
void writeCaseDicomSeg(const core::LabelMap& labels, const core::SeriesSource& series, const std::string& madeBy,
                       const std::string& path) {
  try {
    core::SegmentSet set = core::segmentSetFromLabelMap(labels);
    core::referenceDicomSeries(set, series);
    const bool manual = madeBy.empty() || madeBy == "edited in the workstation";
    for (auto& seg : set.segments) {
      seg.algorithmType = manual ? "MANUAL" : "SEMIAUTOMATIC";
      if (!manual) seg.algorithmName = "HCC Workstation";
    }
    core::writeDicomSeg(set, path);  // atomic (temporary file + rename)
  } catch (const std::exception& e) {
    throw CaseError(path + ": cannot write the DICOM SEG (" + e.what() + ")");
  }
}

void applyPatch(const detail::LabelPatch& p, core::LabelMap& labels, const std::string& dir) {
  if (labels.labels.dims() != p.dims)
    throw CaseError(dir + ": the journal's edit '" + p.what + "' is for a " + std::to_string(p.dims[0]) + "x" +
                    std::to_string(p.dims[1]) + "x" + std::to_string(p.dims[2]) + " grid, not this segmentation's");
  std::size_t n = 0;
  for (std::size_t k = p.box.lo[2]; k < p.box.hi[2]; ++k)
    for (std::size_t j = p.box.lo[1]; j < p.box.hi[1]; ++j)
      for (std::size_t i = p.box.lo[0]; i < p.box.hi[0]; ++i) labels.labels.at(i, j, k) = p.labels[n++];
}

}  // namespace

CaseFolder::CaseFolder(std::unique_ptr<State> state) : s_(std::move(state)) {}
CaseFolder::CaseFolder(CaseFolder&&) noexcept = default;
CaseFolder& CaseFolder::operator=(CaseFolder&&) noexcept = default;
CaseFolder::~CaseFolder() = default;

const std::string& CaseFolder::dir() const { return s_->dir; }
CaseManifest& CaseFolder::manifest() { return s_->manifest; }
const CaseManifest& CaseFolder::manifest() const { return s_->manifest; }
bool CaseFolder::readOnly() const { return s_->readOnly; }
const std::string& CaseFolder::readOnlyReason() const { return s_->readOnlyReason; }
const PendingJournal& CaseFolder::pending() const { return s_->pending; }
const std::string& CaseFolder::saveWarning() const { return s_->saveWarning; }

CaseFolder CaseFolder::create(const std::string& dir, CaseManifest manifest, const core::LabelMap* labels,
                              const std::string& program, const core::SeriesSource* dicomSegOf) {
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    throw CaseError(dir + ": a new case needs an empty or new folder");
  fs::create_directories(dir, ec);
  if (ec) throw CaseError(dir + ": cannot create the folder (" + ec.message() + ")");
  auto s = std::make_unique<State>();
  s->dir = dir;
  std::string heldBy;
  s->lockFd = takeLock(s->path(kLock), heldBy);
  if (s->lockFd < 0) throw CaseError(dir + ": " + heldBy);
  for (auto& src : manifest.sources)
    if (src.sha256.empty()) {
      const SourceDigest d = hashSource(src.path);
      src.sha256 = d.sha256;
      src.files = d.files;
      src.bytes = d.bytes;
    }
  if (manifest.created.empty()) manifest.created = utcNow();
  manifest.generation = 0;
  manifest.journalSeq = 0;
  if (labels && !manifest.segmentation) manifest.segmentation = SegmentationRecord{};
  s->manifest = std::move(manifest);
  CaseFolder c(std::move(s));
  c.save(labels, program, dicomSegOf);
  return c;
}

CaseFolder CaseFolder::open(const std::string& dir, bool readOnly) {
  auto s = std::make_unique<State>();
  s->dir = dir;
  const std::string manifestPath = s->path(kManifest);
  std::error_code ec;
  if (!fs::exists(manifestPath, ec)) throw CaseError(dir + ": not a case folder (no " + std::string(kManifest) + ")");
  s->manifest = parseManifest(detail::readFile(manifestPath), manifestPath);
  if (s->manifest.segmentation && !s->manifest.segmentation->file.empty() &&
      !fs::exists(s->path(s->manifest.segmentation->file), ec))
    throw CaseError(manifestPath + ": its segmentation " + s->manifest.segmentation->file + " is missing");
  if (readOnly) {
    s->readOnly = true;
    s->readOnlyReason = "opened read-only";
  } else {
    std::string heldBy;
    s->lockFd = takeLock(s->path(kLock), heldBy);
    if (s->lockFd < 0) {
      s->readOnly = true;
      s->readOnlyReason = heldBy;
    }
  }
  // The journal beyond the last save.
  const detail::JournalContents j = detail::readJournal(s->path(kJournal));
  s->seq = s->manifest.journalSeq;
  for (const auto& r : j.records) {
    s->seq = std::max(s->seq, r.seq);
    if (r.seq <= s->manifest.journalSeq) continue;
    (r.type == detail::RecordType::LabelPatch ? s->pending.labelPatches : s->pending.manifestSnapshots)++;
    s->pending.lastSeq = r.seq;
    s->pendingRecords.push_back(r);
  }
  s->pending.tornTail = j.tornTail;
  s->pending.problem = j.problem;
  if (!s->readOnly) {
    // Temporary files of a save that was interrupted (this process holds the lock: no one else is writing).
    const std::regex temp(R"(\.?(case\.json|case\.json\.bak|journal\.bin|segmentation-\d+\.(nrrd|dcm))\.tmp-.*)");
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (std::regex_match(e.path().filename().string(), temp)) fs::remove_all(e.path(), ec);
    // A torn tail would hide every later record: cut it now (the good records stay, byte for byte).
    if (j.tornTail) detail::compactJournal(s->path(kJournal), 0);
    s->journal = detail::JournalWriter(s->path(kJournal));
  }
  return CaseFolder(std::move(s));
}

std::optional<core::LabelMap> CaseFolder::readSavedSegmentation() const {
  const auto& seg = s_->manifest.segmentation;
  if (!seg || seg->file.empty()) return std::nullopt;
  try {
    return core::readLabelMap(s_->path(seg->file));
  } catch (const std::exception& e) {
    throw CaseError(s_->path(seg->file) + ": " + e.what());
  }
}

void CaseFolder::recover(core::LabelMap* labels) {
  for (const auto& r : s_->pendingRecords) {
    if (r.type == detail::RecordType::LabelPatch) {
      if (!labels) throw CaseError(s_->dir + ": the journal holds label edits but no segmentation was given to apply them to");
      applyPatch(r.patch, *labels, s_->dir);
      ++s_->labelEditsSinceSave;
      if (!s_->manifest.segmentation) s_->manifest.segmentation = SegmentationRecord{};
      ++s_->manifest.segmentation->version;
    } else {
      const std::uint64_t version = s_->manifest.segmentation ? s_->manifest.segmentation->version : 0;
      const std::string file = s_->manifest.segmentation ? s_->manifest.segmentation->file : std::string();
      CaseManifest m = parseManifest(r.manifest, s_->path(kJournal));
      // the snapshot's bookkeeping is older than the patches replayed so far
      m.generation = s_->manifest.generation;
      m.journalSeq = s_->manifest.journalSeq;
      if (m.segmentation) {
        m.segmentation->version = std::max(m.segmentation->version, version);
        m.segmentation->file = file;
      }
      s_->manifest = std::move(m);
    }
  }
  s_->pendingRecords.clear();
  s_->pending = {};
}

void CaseFolder::discardPending() {
  s_->requireWritable("discard the journal");
  s_->pendingRecords.clear();
  s_->pending = {};
  s_->journal.close();
  detail::compactJournal(s_->path(kJournal), s_->seq);
  s_->journal = detail::JournalWriter(s_->path(kJournal));
}

std::uint64_t CaseFolder::journalLabels(const std::string& what, const core::IndexBox& box, const core::LabelMap& labels) {
  s_->requireWritable("record an edit");
  const std::uint64_t seq = ++s_->seq;
  s_->journal.appendPatch(seq, what, box, labels);
  ++s_->labelEditsSinceSave;
  if (!s_->manifest.segmentation) s_->manifest.segmentation = SegmentationRecord{};
  ++s_->manifest.segmentation->version;
  return seq;
}

std::uint64_t CaseFolder::journalManifest() {
  s_->requireWritable("record an edit");
  const std::uint64_t seq = ++s_->seq;
  s_->journal.appendManifest(seq, manifestToJson(s_->manifest));
  return seq;
}

void CaseFolder::save(const core::LabelMap* labels, const std::string& program, const core::SeriesSource* dicomSegOf) {
  s_->requireWritable("save");
  if (!labels && s_->labelEditsSinceSave > 0)
    throw CaseError(s_->dir + ": the segmentation has " + std::to_string(s_->labelEditsSinceSave) +
                    " edit(s) since the last save: save it with the case");
  if (!labels && !s_->pendingRecords.empty())
    throw CaseError(s_->dir + ": the journal holds edits newer than the last save: recover or discard them first");
  CaseManifest next = s_->manifest;
  next.generation = s_->manifest.generation + 1;
  next.journalSeq = s_->seq;
  next.saved = utcNow();
  next.program = program;
  if (labels) {
    if (!next.segmentation) next.segmentation = SegmentationRecord{};
    next.segmentation->file = segmentationFileName(next.generation);
    try {
      core::writeLabelMap(*labels, s_->path(next.segmentation->file));  // atomic (core::io::writeAtomically)
    } catch (const std::exception& e) {
      throw CaseError(s_->path(next.segmentation->file) + ": " + e.what());
    }
    next.segmentation->dicomSeg.clear();  // a SEG of older labels no longer describes them
    s_->saveWarning.clear();
    if (dicomSegOf && !dicomSegOf->files.empty() && !dicomSegOf->seriesInstanceUid.empty()) {
      // the SEG is a copy for PACS: when it cannot be written the case is saved without it, and says why
      try {
        writeCaseDicomSeg(*labels, *dicomSegOf, next.segmentation->madeBy, s_->path(dicomSegFileName(next.generation)));
        next.segmentation->dicomSeg = dicomSegFileName(next.generation);
      } catch (const CaseError& e) {
        s_->saveWarning = e.what();
      }
    }
  }
  const std::string manifestPath = s_->path(kManifest);
  std::error_code ec;
  if (fs::exists(manifestPath, ec)) detail::writeFileAtomically(s_->path(kBackup), detail::readFile(manifestPath));
  detail::writeFileAtomically(manifestPath, manifestToJson(next));  // the commit point
  s_->manifest = std::move(next);
  s_->labelEditsSinceSave = 0;
  s_->pendingRecords.clear();
  s_->pending = {};
  // After the commit: the journal keeps only what came later (nothing, single-threaded), and segmentation files
  // named by neither case.json nor case.json.bak go.
  s_->journal.close();
  detail::compactJournal(s_->path(kJournal), s_->manifest.journalSeq);
  s_->journal = detail::JournalWriter(s_->path(kJournal));
  removeUnreferencedFiles();
}

// Files of the case that neither case.json nor case.json.bak names: segmentation files of older saves, and
// heatmaps and key-image snapshots of results that were replaced.
void CaseFolder::removeUnreferencedFiles() {
  std::set<std::string> keep;
  auto collect = [&keep](const CaseManifest& m) {
    if (m.segmentation) {
      keep.insert(m.segmentation->file);
      if (!m.segmentation->dicomSeg.empty()) keep.insert(m.segmentation->dicomSeg);
    }
    for (const auto& [name, r] : m.results) keep.insert(r.files.begin(), r.files.end());
    for (const auto& k : m.keyImages)
      if (!k.file.empty()) keep.insert(k.file);
  };
  collect(s_->manifest);
  try {
    collect(parseManifest(detail::readFile(s_->path(kBackup)), s_->path(kBackup)));
  } catch (const CaseError&) {
  }
  std::error_code ec;
  const std::regex segFile(R"(segmentation-\d+\.(nrrd|dcm))");
  for (const auto& e : fs::directory_iterator(s_->dir, ec)) {
    const std::string name = e.path().filename().string();
    if (std::regex_match(name, segFile) && !keep.count(name)) fs::remove(e.path(), ec);
  }
  for (const char* owned : {"heatmaps", "keyimages"}) {
    const fs::path folder = fs::path(s_->dir) / owned;
    if (!fs::is_directory(folder, ec)) continue;
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      const std::string rel = std::string(owned) + "/" + e.path().filename().string();
      if (e.is_regular_file(ec) && !keep.count(rel)) fs::remove(e.path(), ec);
    }
  }
}

std::vector<SourceCheck> CaseFolder::checkSources() const {
  std::vector<SourceCheck> out;
  for (std::size_t n = 0; n < s_->manifest.sources.size(); ++n) {
    const auto& src = s_->manifest.sources[n];
    SourceCheck c;
    c.source = static_cast<int>(n);
    fs::path p(src.path);
    if (p.is_relative()) p = fs::path(s_->dir) / p;
    c.path = p.string();
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      c.state = SourceCheck::State::Missing;
      c.detail = "not found";
    } else if (src.sha256.empty()) {
      c.state = SourceCheck::State::NotRecorded;
      c.detail = "no hash was recorded for it";
    } else {
      const SourceDigest d = hashSource(p.string());
      if (d.sha256 == src.sha256) {
        c.detail = std::to_string(d.files) + " file(s), unchanged";
      } else {
        c.state = SourceCheck::State::Changed;
        c.detail = std::to_string(d.files) + " file(s), " + std::to_string(d.bytes) + " bytes now; recorded " +
                   std::to_string(src.files) + " file(s), " + std::to_string(src.bytes) + " bytes: the content differs";
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace hccws::cases
