#pragma once
// Shared by every fuzz harness (tests/fuzz/fuzz_*.cpp). A harness is written once and built two ways:
// - HCCWS_FUZZ_LIBFUZZER (tests/fuzz/run.sh, clang, build-fuzz): one libFuzzer executable per target;
//   HCCWS_FUZZ_TARGET(name) defines LLVMFuzzerTestOneInput.
// - otherwise (the normal build, any compiler): every harness goes into one executable, hccws_fuzz_replay,
//   with replay_main.cpp; HCCWS_FUZZ_TARGET(name) registers the function under its name, and
//   `hccws_fuzz_replay <target> FILE|DIR...` feeds each file to it once (the ctest fuzz_replay).
//
// What counts as a finding: a crash, a sanitizer report, a hang, a huge allocation, or an exception that is
// not a std::exception. Expected refusals are fine: the project's typed errors (core::ImagingError,
// infer::InferenceError, surv::SurvivalError, Cancelled) and any other std::exception. Other std::exceptions
// (std::out_of_range from "stoi", raw nlohmann::json errors, itk::ExceptionObject, ...) are refusals with a
// poor message: with HCCWS_FUZZ_STRICT=1 in the environment they abort too, to find such messages.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <typeinfo>
#include <vector>

namespace hccws::fuzz {

using TargetFn = int (*)(const std::uint8_t*, std::size_t);
bool registerTarget(const char* name, TargetFn fn);  // replay_main.cpp

// Calls body(); typed errors are expected. `typed` says whether an exception is one of the project's own.
template <typename Typed, typename Body>
void expectRefusal(Body&& body, Typed&& typed) {
  try {
    body();
  } catch (const std::exception& e) {
    if (!typed(e)) {
      static const bool strict = std::getenv("HCCWS_FUZZ_STRICT") != nullptr;
      if (strict) {
        std::fprintf(stderr, "hccws-fuzz: untyped exception %s: %s\n", typeid(e).name(), e.what());
        std::abort();
      }
    }
  }
}

// A private scratch folder for this process (TMPDIR or /tmp), removed at exit. Harnesses for readers that
// take paths write the input there.
inline const std::filesystem::path& scratchDir() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/hccws-fuzz-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) {
      std::perror("hccws-fuzz: mkdtemp");
      std::abort();
    }
    static std::filesystem::path made(buf.data());
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(made, ec);
    });
    return made;
  }();
  return dir;
}

// A fresh empty sub-folder of the scratch folder.
inline std::filesystem::path freshDir(const std::string& name) {
  const auto dir = scratchDir() / name;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void writeFile(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::perror("hccws-fuzz: cannot write the scratch file");
    std::abort();
  }
}

// Writes the input as <scratch>/<name> and returns the path.
inline std::string writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const auto path = scratchDir() / name;
  writeFile(path, data, size);
  return path.string();
}

// Several files in one input: the parts between kFileSeparator lines (the dictionaries list it).
inline constexpr const char* kFileSeparator = "\n--hccws-next-file--\n";

inline std::vector<std::string> splitFiles(const std::uint8_t* data, std::size_t size, std::size_t maxParts) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::string sep = kFileSeparator;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() + 1 < maxParts) {
    const std::size_t at = all.find(sep, start);
    if (at == std::string::npos) break;
    parts.push_back(all.substr(start, at - start));
    start = at + sep.size();
  }
  parts.push_back(all.substr(start));
  return parts;
}

// Reads values off the front of the input (for structured targets); zeros once the input is used up.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ == end_; }
  std::uint8_t byte() { return p_ == end_ ? 0 : *p_++; }
  template <typename T>
  T raw() {
    T v{};
    unsigned char* out = reinterpret_cast<unsigned char*>(&v);
    for (std::size_t n = 0; n < sizeof(T); ++n) out[n] = byte();
    return v;
  }
  // A double that is often ordinary (small integers, halves) and sometimes any bit pattern (NaN, inf, 1e300).
  double number() {
    const std::uint8_t how = byte();
    if (how < 200) return (static_cast<int>(byte()) - 128) * 0.5;
    return raw<double>();
  }
  std::string text(std::size_t maxLen) {
    const std::size_t n = byte() % (maxLen + 1);
    std::string s;
    for (std::size_t k = 0; k < n && p_ != end_; ++k) s.push_back(static_cast<char>(*p_++));
    return s;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace hccws::fuzz

#if defined(HCCWS_FUZZ_LIBFUZZER)
#define HCCWS_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#else
#define HCCWS_FUZZ_TARGET(name)                                                                     \
  static int hccws_fuzz_##name(const std::uint8_t* data, std::size_t size);                        \
  [[maybe_unused]] static const bool hccws_fuzz_registered_##name =                                 \
      ::hccws::fuzz::registerTarget(#name, hccws_fuzz_##name);                                      \
  static int hccws_fuzz_##name(const std::uint8_t* data, std::size_t size)
#endif
