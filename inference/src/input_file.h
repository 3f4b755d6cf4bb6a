#pragma once
// Reading a file that came from outside (bundle JSON, weights) without hanging or reading without bound
// (issue 13): only regular files are opened (a FIFO, /dev/zero, a socket or a folder is refused before any
// read, so a checksum or a reader can never wait on a pipe or stream an endless device), and every read is
// bounded by the size the file had when it was opened (a file that shrinks or grows meanwhile is reported as
// changed). POSIX (open with O_NONBLOCK, fstat, pread): the engine runs on Linux (x86-64, aarch64).
// Errors are InferenceError naming the file.
#include <cstddef>
#include <cstdint>
#include <string>

namespace hccws::infer::detail {

class InputFile {
 public:
  // `what` names the file's role in messages ("weights file", "manifest", ...).
  InputFile(const std::string& path, const std::string& what);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // Reads exactly `bytes` at `offset`; offset + bytes must lie within size() (else InferenceError).
  void readAt(std::uint64_t offset, void* buffer, std::size_t bytes) const;
  // The whole file, refused when it is larger than maxBytes.
  std::string readAll(std::uint64_t maxBytes) const;

 private:
  std::string path_, what_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// Why `path` cannot be read as a regular file ("does not exist", "is a FIFO", ...), or empty when it can.
// Does not open the file (stat only), so a FIFO is never waited on.
std::string notRegularFileReason(const std::string& path);

}  // namespace hccws::infer::detail
