#include "case_journal.h"

#include <hccws/case/case_manifest.h>

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace hccws::cases::detail {

namespace fs = std::filesystem;

namespace {

constexpr char kHeader[8] = {'H', 'C', 'C', 'W', 'S', 'J', '0', '1'};
constexpr std::uint32_t kMagic = 0x524A4348;  // "HCJR"
constexpr std::uint32_t kMaxPayload = 1u << 30;

template <typename T>
void put(std::string& out, T v) {
  for (std::size_t b = 0; b < sizeof(T); ++b) out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * b)) & 0xFF));
}

template <typename T>
bool take(const std::string& in, std::size_t& at, T& v) {
  if (in.size() - at < sizeof(T) || at > in.size()) return false;
  std::uint64_t x = 0;
  for (std::size_t b = 0; b < sizeof(T); ++b) x |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + b])) << (8 * b);
  v = static_cast<T>(x);
  at += sizeof(T);
  return true;
}

std::uint32_t crcOf(const std::string& bytes) {
  return static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void writeAll(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw CaseError(path + ": cannot write (" + std::strerror(errno) + ")");
    done += static_cast<std::size_t>(n);
  }
}

void syncFolder(const std::string& path) {
  const std::string dir = fs::path(path).parent_path().string();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string patchPayload(const std::string& what, const core::IndexBox& box, const core::LabelMap& labels) {
  const auto& d = labels.labels.dims();
  std::vector<std::uint8_t> raw;
  raw.reserve(box.voxelCount());
  for (std::size_t k = box.lo[2]; k < box.hi[2]; ++k)
    for (std::size_t j = box.lo[1]; j < box.hi[1]; ++j)
      for (std::size_t i = box.lo[0]; i < box.hi[0]; ++i) raw.push_back(labels.labels.at(i, j, k));
  uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packedSize, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packedSize, raw.data(), static_cast<uLong>(raw.size()), 1) != Z_OK)
    throw CaseError("journal: cannot compress a label patch");
  packed.resize(packedSize);
  std::string p;
  put<std::uint16_t>(p, static_cast<std::uint16_t>(std::min<std::size_t>(what.size(), 65535)));
  p.append(what, 0, std::min<std::size_t>(what.size(), 65535));
  for (int a = 0; a < 3; ++a) put<std::uint64_t>(p, d[a]);
  for (int a = 0; a < 3; ++a) put<std::uint64_t>(p, box.lo[a]);
  for (int a = 0; a < 3; ++a) put<std::uint64_t>(p, box.hi[a]);
  p += packed;
  return p;
}

// A label patch from its payload; false (with why) for one that does not hold together.
bool parsePatch(const std::string& p, LabelPatch& out, std::string& why) {
  std::size_t at = 0;
  std::uint16_t n = 0;
  if (!take(p, at, n) || p.size() - at < n) return why = "a label patch is cut short", false;
  out.what = p.substr(at, n);
  at += n;
  std::uint64_t v[9];
  for (auto& x : v)
    if (!take(p, at, x)) return why = "a label patch is cut short", false;
  for (int a = 0; a < 3; ++a) {
    out.dims[a] = v[a];
    out.box.lo[a] = v[3 + a];
    out.box.hi[a] = v[6 + a];
    if (v[a] == 0 || v[a] > (1u << 20) || v[6 + a] > v[a] || v[3 + a] >= v[6 + a])
      return why = "a label patch's box is outside its map", false;
  }
  const std::size_t voxels = out.box.voxelCount();
  if (voxels > (std::size_t{1} << 32)) return why = "a label patch's box is too large", false;
  out.labels.assign(voxels, 0);
  uLongf size = static_cast<uLongf>(voxels);
  if (uncompress(out.labels.data(), &size, reinterpret_cast<const Bytef*>(p.data() + at), static_cast<uLong>(p.size() - at)) != Z_OK ||
      size != voxels)
    return why = "a label patch does not decompress to its box", false;
  return true;
}

struct RawRecord {
  std::size_t start = 0, end = 0;  // bytes [start, end) of the file
  std::uint32_t type = 0;
  std::uint64_t seq = 0;
  std::string payload;
};

// The good records of a journal's bytes, in order; reading stops at the first one cut short or failing its
// checksum (`problem` says which). A file without the header has none.
std::vector<RawRecord> scanRecords(const std::string& bytes, std::string& problem) {
  std::vector<RawRecord> out;
  if (bytes.size() < sizeof kHeader || std::memcmp(bytes.data(), kHeader, sizeof kHeader) != 0) {
    if (!bytes.empty()) problem = "the journal's header is damaged";
    return out;
  }
  std::size_t at = sizeof kHeader;
  while (at < bytes.size()) {
    RawRecord r;
    r.start = at;
    std::uint32_t magic = 0, length = 0, crc = 0;
    if (!take(bytes, at, magic) || magic != kMagic || !take(bytes, at, r.type) || !take(bytes, at, r.seq) ||
        !take(bytes, at, length) || length > kMaxPayload || bytes.size() - at < std::size_t{length} + 4) {
      problem = "a record at byte " + std::to_string(r.start) + " is incomplete";
      break;
    }
    r.payload = bytes.substr(at, length);
    at += length;
    take(bytes, at, crc);
    if (crc != crcOf(bytes.substr(r.start + 4, 4 + 8 + 4 + length))) {
      problem = "a record at byte " + std::to_string(r.start) + " fails its checksum";
      break;
    }
    r.end = at;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CaseError(path + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

JournalContents readJournal(const std::string& path) {
  JournalContents c;
  std::error_code ec;
  if (!fs::exists(path, ec)) return c;
  for (auto& raw : scanRecords(readFile(path), c.problem)) {
    JournalRecord r;
    r.seq = raw.seq;
    if (raw.type == static_cast<std::uint32_t>(RecordType::LabelPatch)) {
      r.type = RecordType::LabelPatch;
      if (!parsePatch(raw.payload, r.patch, c.problem)) break;
    } else if (raw.type == static_cast<std::uint32_t>(RecordType::Manifest)) {
      r.type = RecordType::Manifest;
      r.manifest = std::move(raw.payload);
    } else {
      c.problem = "a record of unknown type " + std::to_string(raw.type);
      break;
    }
    c.records.push_back(std::move(r));
  }
  c.tornTail = !c.problem.empty();
  return c;
}

JournalWriter::JournalWriter(const std::string& path) : path_(path) {
  std::error_code ec;
  const bool fresh = !fs::exists(path, ec) || fs::file_size(path, ec) == 0;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw CaseError(path + ": cannot open the journal (" + std::strerror(errno) + ")");
  if (fresh) {
    writeAll(fd_, std::string(kHeader, sizeof kHeader), path_);
    ::fdatasync(fd_);
    syncFolder(path_);
  }
}

JournalWriter::~JournalWriter() { close(); }

JournalWriter::JournalWriter(JournalWriter&& o) noexcept : path_(std::move(o.path_)), fd_(o.fd_) { o.fd_ = -1; }

JournalWriter& JournalWriter::operator=(JournalWriter&& o) noexcept {
  if (this != &o) {
    close();
    path_ = std::move(o.path_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

void JournalWriter::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void JournalWriter::append(RecordType type, std::uint64_t seq, const std::string& payload) {
  if (fd_ < 0) throw CaseError(path_ + ": the journal is not open");
  if (payload.size() > kMaxPayload) throw CaseError(path_ + ": a journal record is too large");
  std::string body;
  put<std::uint32_t>(body, static_cast<std::uint32_t>(type));
  put<std::uint64_t>(body, seq);
  put<std::uint32_t>(body, static_cast<std::uint32_t>(payload.size()));
  body += payload;
  std::string record;
  put<std::uint32_t>(record, kMagic);
  record += body;
  put<std::uint32_t>(record, crcOf(body));
  writeAll(fd_, record, path_);
  if (::fdatasync(fd_) != 0) throw CaseError(path_ + ": cannot sync the journal (" + std::strerror(errno) + ")");
}

void JournalWriter::appendPatch(std::uint64_t seq, const std::string& what, const core::IndexBox& box, const core::LabelMap& labels) {
  const core::IndexBox b = box.clippedTo(labels.labels.dims());
  if (b.empty()) return;
  append(RecordType::LabelPatch, seq, patchPayload(what, b, labels));
}

void JournalWriter::appendManifest(std::uint64_t seq, const std::string& manifestJson) {
  append(RecordType::Manifest, seq, manifestJson);
}

void writeFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw CaseError(path + ": cannot write (" + std::strerror(errno) + ")");
  try {
    writeAll(fd, bytes, path);
    if (::fsync(fd) != 0) throw CaseError(path + ": cannot sync (" + std::strerror(errno) + ")");
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw CaseError(path + ": cannot replace (" + why + ")");
  }
  syncFolder(path);
}

void compactJournal(const std::string& path, std::uint64_t keepAfterSeq) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return;
  const std::string bytes = readFile(path);
  std::string problem;
  std::string out(kHeader, sizeof kHeader);
  for (const auto& r : scanRecords(bytes, problem))  // the good records after keepAfterSeq, byte for byte
    if (r.seq > keepAfterSeq) out += bytes.substr(r.start, r.end - r.start);
  writeFileAtomically(path, out);
}

}  // namespace hccws::cases::detail
