// Regular-file reading bounded by the file size (see input_file.h).
#include "input_file.h"

#include <hccws/inference/limits.h>
#include <hccws/inference/types.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hccws::infer::detail {
namespace {

std::string kindOf(mode_t m) {
  if (S_ISDIR(m)) return "is a folder, not a file";
  if (S_ISFIFO(m)) return "is a FIFO (named pipe), not a regular file: refused so that reading it cannot hang";
  if (S_ISCHR(m) || S_ISBLK(m))
    return "is a device, not a regular file: refused so that reading it cannot hang or run without end";
  if (S_ISSOCK(m)) return "is a socket, not a regular file";
  return "is not a regular file";
}

}  // namespace

std::string notRegularFileReason(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return errno == ENOENT ? "does not exist" : std::string("cannot be read (") + std::strerror(errno) + ")";
  return S_ISREG(st.st_mode) ? std::string() : kindOf(st.st_mode);
}

InputFile::InputFile(const std::string& path, const std::string& what) : path_(path), what_(what) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Regular files ignore the flag.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    const int err = errno;
    throw InferenceError(path, what + (err == ENOENT ? " is missing" : " cannot be opened (" +
                                                                          std::string(std::strerror(err)) + ")"));
  }
  struct stat st {};
  const bool statted = ::fstat(fd_, &st) == 0;
  if (!statted || !S_ISREG(st.st_mode)) {
    const std::string why = statted ? kindOf(st.st_mode) : "cannot be examined";
    ::close(fd_);
    fd_ = -1;
    throw InferenceError(path, what + " " + why);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void InputFile::readAt(std::uint64_t offset, void* buffer, std::size_t bytes) const {
  if (offset > size_ || bytes > size_ - offset)
    throw InferenceError(path_, what_ + " is too short: " + std::to_string(bytes) + " bytes at offset " +
                                    std::to_string(offset) + " lie past its end (" + std::to_string(size_) + " bytes)");
  auto* p = static_cast<char*>(buffer);
  std::size_t done = 0;
  while (done < bytes) {
    const std::size_t chunk = std::min<std::size_t>(bytes - done, std::size_t{1} << 30);
    const ssize_t got = ::pread(fd_, p + done, chunk, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw InferenceError(path_, what_ + " read error (" + std::string(std::strerror(errno)) + ")");
    if (got == 0)
      throw InferenceError(path_, what_ + " became shorter while it was read (another program is changing it?)");
    done += static_cast<std::size_t>(got);
  }
}

std::string InputFile::readAll(std::uint64_t maxBytes) const {
  if (size_ > maxBytes)
    throw InferenceError(path_, what_ + " is " + formatBytes(size_) + ", over the limit of " + formatBytes(maxBytes));
  std::string s(static_cast<std::size_t>(size_), '\0');
  if (size_ > 0) readAt(0, s.data(), s.size());
  return s;
}

}  // namespace hccws::infer::detail
