#include <hccws/case/source_hash.h>

#include <hccws/case/case_manifest.h>

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace hccws::cases {

namespace fs = std::filesystem;

namespace {

struct Digest {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  Digest() {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw CaseError("SHA-256 is not available");
  }
  void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
  std::string hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), out, &n);
    static const char* const digits = "0123456789abcdef";
    std::string s;
    for (unsigned int i = 0; i < n; ++i) {
      s += digits[out[i] >> 4];
      s += digits[out[i] & 15];
    }
    return s;
  }
};

std::uint64_t addFile(Digest& d, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CaseError(file.string() + ": cannot read");
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    d.add(buf.data(), n);
    total += n;
  }
  return total;
}

}  // namespace

SourceDigest hashSource(const std::string& path) {
  std::error_code ec;
  const fs::path root(path);
  if (!fs::exists(root, ec)) throw CaseError(path + ": not found");
  Digest d;
  SourceDigest out;
  if (fs::is_regular_file(root, ec)) {
    out.bytes = addFile(d, root);
    out.files = 1;
    out.sha256 = d.hex();
    return out;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end; it != end && !ec;
       it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(fs::relative(it->path(), root, ec));
  if (ec) throw CaseError(path + ": cannot list (" + ec.message() + ")");
  std::sort(files.begin(), files.end());
  for (const auto& rel : files) {
    const std::string name = rel.generic_string();
    const std::uint64_t size = fs::file_size(root / rel, ec);
    d.add(name.c_str(), name.size() + 1);
    d.add(&size, sizeof size);
    out.bytes += addFile(d, root / rel);
    ++out.files;
  }
  out.sha256 = d.hex();
  return out;
}

}  // namespace hccws::cases
