#pragma once
// Private to the case library: the autosave journal (journal.bin in the case folder).
//
// An append-only file: a header "HCCWSJ01", then records [magic u32][type u32][seq u64][length u32][payload]
// [crc32 u32] (little-endian; the CRC covers type, seq, length and payload). Each append is one write() followed
// by fdatasync(), so a record is either wholly on disk or torn; reading stops at the first torn or corrupt record
// (the edit in progress when the program died) and says so. Lengths are checked against the file before anything
// is allocated. Types: a label patch (an edited box and its labels after the edit, deflated) and a manifest
// snapshot (the whole case.json text after an edit of the note, inputs or key images).
#include <hccws/core/index_box.h>
#include <hccws/core/label_map.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hccws::cases::detail {

enum class RecordType : std::uint32_t { LabelPatch = 1, Manifest = 2 };

struct LabelPatch {
  std::string what;                  // the edit's name ("Paint tumour")
  core::Dims3 dims{0, 0, 0};         // the whole map's dims (checked against the map it is applied to)
  core::IndexBox box;
  std::vector<std::uint8_t> labels;  // box.voxelCount() labels, i fastest
};

struct JournalRecord {
  RecordType type = RecordType::LabelPatch;
  std::uint64_t seq = 0;
  LabelPatch patch;       // LabelPatch
  std::string manifest;   // Manifest
};

struct JournalContents {
  std::vector<JournalRecord> records;
  bool tornTail = false;  // bytes after the last good record (an append that did not finish)
  std::string problem;    // why reading stopped early, for the message
};

// Reads every good record (an absent file has none). Throws CaseError only when the file cannot be read at all.
JournalContents readJournal(const std::string& path);

class JournalWriter {
 public:
  JournalWriter() = default;
  explicit JournalWriter(const std::string& path);  // opens for appending, writing the header to a new file
  ~JournalWriter();
  JournalWriter(JournalWriter&& other) noexcept;
  JournalWriter& operator=(JournalWriter&& other) noexcept;
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  bool isOpen() const { return fd_ >= 0; }
  // Appends and syncs; throws CaseError naming the file when the disk refuses.
  void appendPatch(std::uint64_t seq, const std::string& what, const core::IndexBox& box, const core::LabelMap& labels);
  void appendManifest(std::uint64_t seq, const std::string& manifestJson);
  void close();

 private:
  void append(RecordType type, std::uint64_t seq, const std::string& payload);
  std::string path_;
  int fd_ = -1;
};

// Rewrites the journal atomically with only the records after `keepAfterSeq` (after a save).
void compactJournal(const std::string& path, std::uint64_t keepAfterSeq);

// The whole file; throws CaseError naming it when it cannot be read.
std::string readFile(const std::string& path);

// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename, fsync of the folder.
void writeFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace hccws::cases::detail
