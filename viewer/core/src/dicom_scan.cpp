// Header-only reading of DICOM files through ITK's GDCMImageIO, and the recursive folder scan.
// Grouping and checking live in dicom_series.cpp (pure, testable without files).
#include <hccws/core/dicom_series.h>

#include <hccws/core/limits.h>

#include <gdcmReader.h>
#include <gdcmTrace.h>
#include <itkGDCMImageIO.h>
#include <itkMetaDataObject.h>

#include "dicom_pixel_module.h"
#include "isolated_parse.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace hccws::core {

// For the records of the isolated header reader (below); at namespace scope for nlohmann's ADL lookup.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DicomSliceHeader, file, seriesInstanceUid, studyInstanceUid, frameOfReferenceUid,
                                   sopClassUid, patientId, patientName, studyDate, modality, manufacturer,
                                   seriesDescription, protocolName, imageType, contrastBolusAgent, contrastBolusRoute,
                                   contrastBolusStartTime, acquisitionTime, seriesTime, transferSyntaxUid, minFileBytes,
                                   seriesNumber, instanceNumber, acquisitionNumber, numberOfFrames, rows, columns,
                                   positionLps, rowDirection, columnDirection, hasPosition, hasOrientation,
                                   rowSpacingMm, columnSpacingMm, hasPixelSpacing, sliceThicknessMm, gantryTiltDeg,
                                   rescaleSlope, rescaleIntercept, hasPixelPadding, pixelPaddingValue, windowCenter,
                                   windowWidth)

namespace {

std::string trim(std::string s) {
  // DICOM pads values to even length with spaces (or NUL for UIDs).
  auto junk = [](unsigned char c) { return c == 0 || std::isspace(c); };
  while (!s.empty() && junk(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && junk(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

class TagReader {
 public:
  explicit TagReader(const itk::MetaDataDictionary& d) : dict_(d) {}
  std::string str(const char* key) const {
    std::string v;
    if (!itk::ExposeMetaData<std::string>(dict_, key, v)) return {};
    return trim(v);
  }
  // The backslash-separated numbers of a DS/IS value. `ok` (when given) turns false for a value that is
  // present but not a list of finite numbers ("nan", "1e999", text): such fields are refused, not half-read.
  std::vector<double> numbers(const char* key, bool* ok = nullptr) const {
    std::vector<double> out;
    const std::string v = str(key);
    if (ok) *ok = true;
    std::size_t start = 0;
    while (!v.empty() && start <= v.size()) {
      const std::size_t end = std::min(v.find('\\', start), v.size());
      const std::string token = trim(v.substr(start, end - start));
      char* stop = nullptr;
      const double x = token.empty() ? 0.0 : std::strtod(token.c_str(), &stop);
      if (token.empty() || stop != token.c_str() + token.size() || !std::isfinite(x)) {
        if (ok) *ok = false;
        break;
      }
      out.push_back(x);
      start = end + 1;
    }
    return out;
  }
  double number(const char* key, double fallback) const {
    const auto v = numbers(key);
    return v.empty() ? fallback : v.front();
  }
  int integer(const char* key, int fallback) const {
    const double v = number(key, fallback);  // a damaged "1e300" or "nan" must not reach an int conversion
    return std::isfinite(v) && v >= -2147483648.0 && v <= 2147483647.0 ? static_cast<int>(v) : fallback;
  }

 private:
  const itk::MetaDataDictionary& dict_;
};

bool isUncompressed(const std::string& ts) {
  return ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1" || ts == "1.2.840.10008.1.2.2";
}

// Files that are never images and would only add noise to the "skipped" list.
bool isKnownNonImage(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == "DICOMDIR" || name.empty() || name.front() == '.';
}

std::string listNames(const std::vector<std::string>& files, std::size_t max = 5) {
  std::string out;
  for (std::size_t i = 0; i < files.size() && i < max; ++i) out += (i ? ", " : "") + files[i];
  if (files.size() > max) out += " and " + std::to_string(files.size() - max) + " more";
  return out;
}

// ITK's dictionary has no file meta group (0002): read the transfer syntax from the meta header alone.
std::string transferSyntaxOf(const std::string& file) {
  gdcm::Reader reader;
  reader.SetFileName(file.c_str());
  const std::set<gdcm::Tag> skip;
  if (!reader.ReadUpToTag(gdcm::Tag(0x0008, 0x0000), skip)) return {};
  const char* ts = gdcm::TransferSyntax::GetTSString(reader.GetFile().GetHeader().GetDataSetTransferSyntax());
  return ts ? trim(ts) : std::string();
}

enum class Precheck { NotDicom, NoPixelData, PixelDataPastEnd, Candidate };

// Looks at the bytes before any GDCM parser does. Debian's GDCM is built with assertions, and a file cut
// inside a nested sequence aborts the process in gdcm::DataSet::ReadNested (found with a real file cut to
// 1000 bytes). Pixel Data (7fe0,0010) is the last standard element, so a file that lacks its tag was cut
// before it (or holds no image) and never reaches GDCM. A Pixel Data element whose (defined) length runs past
// the end of the file is refused too: GDCM would allocate and try to read the claimed gigabytes.
Precheck precheck(const std::string& file, std::uint64_t* claimed = nullptr, std::uint64_t* remaining = nullptr) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Precheck::NotDicom;
  std::vector<char> buf(1 << 20);
  const char le[4] = {'\xe0', '\x7f', '\x10', '\x00'}, be[4] = {'\x7f', '\xe0', '\x00', '\x10'};
  bool magic = false, pixels = false, first = true, rawStart = false;
  std::size_t keep = 0;              // bytes carried over so a tag split across chunks is still found
  std::uint64_t chunkStart = 0;      // file offset of buf[0]
  std::int64_t tagAt = -1;           // file offset of a little-endian Pixel Data tag
  while (!pixels && in) {
    in.read(buf.data() + keep, static_cast<std::streamsize>(buf.size() - keep));
    const std::size_t n = keep + static_cast<std::size_t>(in.gcount());
    if (first) {
      magic = n >= 132 && std::equal(buf.begin() + 128, buf.begin() + 132, "DICM");
      // No preamble (old or raw DICOM): the data set starts with group 0008 (or 0000 / 0002).
      rawStart = n >= 4 && ((buf[1] == 0 && (buf[0] == 8 || buf[0] == 0 || buf[0] == 2)) ||
                            (buf[0] == 0 && (buf[1] == 8 || buf[1] == 0 || buf[1] == 2)));
      if (!magic && !rawStart) return Precheck::NotDicom;
      first = false;
    }
    const auto end = buf.begin() + static_cast<std::ptrdiff_t>(n);
    const auto hit = std::search(buf.begin(), end, le, le + 4);
    if (hit != end) tagAt = static_cast<std::int64_t>(chunkStart + static_cast<std::uint64_t>(hit - buf.begin()));
    pixels = hit != end || std::search(buf.begin(), end, be, be + 4) != end;
    keep = std::min<std::size_t>(3, n);
    std::copy(end - static_cast<std::ptrdiff_t>(keep), end, buf.begin());
    chunkStart += n - keep;
    if (n == keep) break;
  }
  if (!magic && !rawStart) return Precheck::NotDicom;
  if (!pixels) return Precheck::NoPixelData;
  if (tagAt >= 0) {
    // Explicit VR (OB/OW/OF/UN): tag, VR, 2 reserved bytes, 32-bit length; implicit VR: tag, 32-bit length.
    std::ifstream again(file, std::ios::binary);
    unsigned char h[8] = {};
    again.seekg(tagAt + 4);
    if (again.read(reinterpret_cast<char*>(h), 8)) {
      const bool vr = (h[0] == 'O' && (h[1] == 'B' || h[1] == 'W' || h[1] == 'F')) || (h[0] == 'U' && h[1] == 'N');
      const unsigned char* l = vr ? h + 4 : h;
      const std::uint32_t len = static_cast<std::uint32_t>(l[0]) | static_cast<std::uint32_t>(l[1]) << 8 |
                                static_cast<std::uint32_t>(l[2]) << 16 | static_cast<std::uint32_t>(l[3]) << 24;
      const std::uint64_t valueAt = static_cast<std::uint64_t>(tagAt) + (vr ? 12 : 8);
      std::error_code ec;
      const auto size = static_cast<std::uint64_t>(fs::file_size(file, ec));
      if (!ec && len != 0xffffffffu && valueAt <= size && len > size - valueAt) {
        if (claimed) *claimed = len;
        if (remaining) *remaining = size - valueAt;
        return Precheck::PixelDataPastEnd;
      }
    }
  }
  return Precheck::Candidate;
}

// The header read itself, in this process. Only ever called inside an isolated child (or with
// HCCWS_NO_ISOLATION set): GDCM may abort, overflow the stack or hang on a damaged file.
DicomSliceHeader readHeaderInProcess(const std::string& file) {
  // GDCM prints "Please report. Missing dict entry" for every private tag of every file; the findings that
  // matter come back as Diagnostics instead. (A process-wide GDCM switch; nothing of ours is stored.)
  gdcm::Trace::WarningOff();
  std::uint64_t claimed = 0, remaining = 0;
  switch (precheck(file, &claimed, &remaining)) {
    case Precheck::NotDicom: throw ImagingError(file, "not a DICOM file");
    case Precheck::NoPixelData:
      throw ImagingError(file, "truncated DICOM file or not an image (no pixel data element)");
    case Precheck::PixelDataPastEnd:
      throw ImagingError(file, "truncated DICOM file or damaged Pixel Data length: the element claims " +
                                   std::to_string(claimed) + " bytes, the file holds " + std::to_string(remaining) +
                                   " after it");
    case Precheck::Candidate: break;
  }
  checkDicomPixelModule(file);  // DCMTK first: GDCM asserts on some of the values it would refuse
  // No CanReadFile(): it parses the whole file once more; ReadImageInformation fails just as clearly.
  auto io = itk::GDCMImageIO::New();
  try {
    io->SetFileName(file);
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw ImagingError(file, "unreadable DICOM file (damaged or truncated)", e.GetDescription());
  }
  const TagReader t(io->GetMetaDataDictionary());
  DicomSliceHeader h;
  h.file = file;
  h.seriesInstanceUid = t.str("0020|000e");
  h.studyInstanceUid = t.str("0020|000d");
  h.frameOfReferenceUid = t.str("0020|0052");
  h.sopClassUid = t.str("0008|0016");
  h.patientId = t.str("0010|0020");
  h.patientName = t.str("0010|0010");
  h.studyDate = t.str("0008|0020");
  h.modality = t.str("0008|0060");
  h.manufacturer = t.str("0008|0070");
  h.seriesDescription = t.str("0008|103e");
  h.protocolName = t.str("0018|1030");
  h.imageType = t.str("0008|0008");
  h.contrastBolusAgent = t.str("0018|0010");
  h.contrastBolusRoute = t.str("0018|1040");
  h.contrastBolusStartTime = t.str("0018|1042");
  h.acquisitionTime = t.str("0008|0032");
  h.seriesTime = t.str("0008|0031");
  h.transferSyntaxUid = transferSyntaxOf(file);
  h.seriesNumber = t.integer("0020|0011", -1);
  h.instanceNumber = t.integer("0020|0013", -1);
  h.acquisitionNumber = t.integer("0020|0012", -1);
  h.numberOfFrames = std::max(1, t.integer("0028|0008", 1));
  h.rows = static_cast<std::size_t>(std::max(0, t.integer("0028|0010", 0)));
  h.columns = static_cast<std::size_t>(std::max(0, t.integer("0028|0011", 0)));
  // Geometry is checked where it is read: an implausible value is refused here, never computed with.
  bool ok = true;
  if (const auto p = t.numbers("0020|0032", &ok); !ok || p.size() == 3) {
    if (!ok) throw ImagingError(file, "malformed ImagePositionPatient (0020,0032) '" + t.str("0020|0032") + "'");
    for (double x : p)
      if (!plausiblePositionMm(x))
        throw ImagingError(file, "implausible ImagePositionPatient (0020,0032) '" + t.str("0020|0032") +
                                     "': each coordinate must be finite and within 1e6 mm");
    h.positionLps = {p[0], p[1], p[2]};
    h.hasPosition = true;
  }
  if (const auto o = t.numbers("0020|0037", &ok); !ok || o.size() == 6) {
    if (!ok) throw ImagingError(file, "malformed ImageOrientationPatient (0020,0037) '" + t.str("0020|0037") + "'");
    if (!std::all_of(o.begin(), o.end(), [](double x) { return std::isfinite(x) && std::abs(x) <= 1.01; }))
      throw ImagingError(file, "implausible ImageOrientationPatient (0020,0037) '" + t.str("0020|0037") +
                                   "': direction cosines must be finite and within [-1, 1]");
    h.rowDirection = {o[0], o[1], o[2]};
    h.columnDirection = {o[3], o[4], o[5]};
    h.hasOrientation = norm(h.rowDirection) > 0.5 && norm(h.columnDirection) > 0.5 &&
                       norm(cross(h.rowDirection, h.columnDirection)) > 0.5;
  }
  if (const auto s = t.numbers("0028|0030"); s.size() == 2 && plausibleSpacingMm(s[0]) && plausibleSpacingMm(s[1])) {
    h.rowSpacingMm = s[0];
    h.columnSpacingMm = s[1];
    h.hasPixelSpacing = true;
  }
  h.sliceThicknessMm = t.number("0018|0050", 0);
  h.gantryTiltDeg = t.number("0018|1120", 0);
  h.rescaleSlope = t.number("0028|1053", 1);
  h.rescaleIntercept = t.number("0028|1052", 0);
  if (const auto pad = t.numbers("0028|0120"); !pad.empty()) {
    h.hasPixelPadding = true;
    h.pixelPaddingValue = pad.front();
  }
  h.windowCenter = t.number("0028|1050", 0);
  h.windowWidth = t.number("0028|1051", 0);

  if (h.rows == 0 || h.columns == 0) throw ImagingError(file, "DICOM file without image pixels");
  const int bits = t.integer("0028|0100", 16);
  const int samples = t.integer("0028|0002", 1);
  if (bits != 8 && bits != 16 && bits != 32)
    throw ImagingError(file, "unsupported BitsAllocated (0028,0100) " + std::to_string(bits) + " (8, 16 or 32 for CT)");
  if (samples != 1)
    throw ImagingError(file, "SamplesPerPixel (0028,0002) is " + std::to_string(samples) + "; CT images have 1");
  const std::string photometric = t.str("0028|0004");
  if (!photometric.empty() && photometric != "MONOCHROME1" && photometric != "MONOCHROME2")
    throw ImagingError(file, "PhotometricInterpretation (0028,0004) '" + photometric + "' is not a grey-scale image");
  // What decoding one frame will allocate, checked before any decoder sees the header's claim.
  checkAllocation(file, "a " + std::to_string(h.columns) + " x " + std::to_string(h.rows) + " x " +
                            std::to_string(h.numberOfFrames) + " image of " + std::to_string(bits) + "-bit pixels",
                  static_cast<std::uint64_t>(h.rows) * h.columns * static_cast<std::uint64_t>(h.numberOfFrames),
                  static_cast<std::uint64_t>(bits / 8) * 3 /* decoder + conversion + volume */);
  // GDCM accepts files cut inside the pixel data; catch them here rather than at read time.
  if (isUncompressed(h.transferSyntaxUid)) {
    const std::uintmax_t need =
        (static_cast<std::uintmax_t>(h.rows) * h.columns * h.numberOfFrames * samples * bits + 7) / 8;
    h.minFileBytes = need;
    std::error_code ec;
    const auto have = fs::file_size(file, ec);
    if (!ec && have < need)
      throw ImagingError(file, "truncated DICOM file (" + std::to_string(have) + " bytes, pixel data alone needs " +
                                   std::to_string(need) + ")");
  }
  return h;
}


// One record per file, in order: 'H' + CBOR of the header (CBOR keeps NaN and inf), or 'E' + problem + '\0' +
// detail for an expected failure.
std::string headerRecord(const std::string& file) {
  try {
    const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(nlohmann::json(readHeaderInProcess(file)));
    return "H" + std::string(cbor.begin(), cbor.end());
  } catch (const ImagingError& e) {
    return "E" + e.problem() + '\0' + e.detail();
  } catch (const std::bad_alloc&) {
    return "E" + std::string("the header asks for more memory than the parser may use") + '\0';
  } catch (const std::exception& e) {
    return "E" + std::string("unreadable DICOM file (damaged)") + '\0' + e.what();
  }
}

// Decodes a record for `file`: the header, or throws the ImagingError the child reported.
DicomSliceHeader fromRecord(std::string_view record, const std::string& file) {
  if (!record.empty() && record.front() == 'H') {
    const auto* p = reinterpret_cast<const std::uint8_t*>(record.data() + 1);
    return nlohmann::json::from_cbor(p, p + record.size() - 1).get<DicomSliceHeader>();
  }
  const std::string_view body = record.empty() ? record : record.substr(1);
  const auto nul = body.find('\0');
  throw ImagingError(file, std::string(body.substr(0, nul)),
                     nul == std::string_view::npos ? std::string() : std::string(body.substr(nul + 1)));
}

constexpr double kParserTimeoutS = 30;  // per file: a header read takes milliseconds
// A header needs kilobytes; an element claiming gigabytes (a damaged length) must fail in the child, not be
// allocated (found by the damaged-input test: a 4 GB element made the header child use 4.1 GB).
constexpr unsigned long long kHeaderAddressSpace = 1ull << 30;

std::string crashProblem(const isolation::Outcome& o) {
  return o.kind == isolation::Outcome::Kind::TimedOut
             ? "the DICOM parser did not finish (" + o.detail + "); the file is damaged or hostile"
             : "the DICOM parser crashed on this file (" + o.detail + "); the file is damaged or hostile";
}

// Reads the headers of files[first..] in one isolated child; a file that crashes or hangs the parser is
// recorded as failed and the scan goes on in a new child from the next file.
void readHeadersIsolated(const std::vector<std::string>& files,
                         const std::function<void(std::size_t, std::string_view)>& onRecord,
                         const std::function<bool()>& keepGoing) {
  std::size_t next = 0;
  while (next < files.size()) {
    const std::size_t start = next;
    const auto outcome = isolation::runIsolated(
        [&](isolation::RecordSink& out) {
          for (std::size_t n = start; n < files.size(); ++n) out.send(headerRecord(files[n]));
        },
        [&](std::string_view record) {
          onRecord(next++, record);
          return keepGoing();
        },
        kParserTimeoutS, kHeaderAddressSpace);
    if (outcome.kind == isolation::Outcome::Kind::Cancelled) return;
    if (outcome.kind != isolation::Outcome::Kind::Finished && next < files.size()) {
      const std::string failed = "E" + crashProblem(outcome) + '\0';
      onRecord(next++, failed);
      if (!keepGoing()) return;
    }
  }
}

}  // namespace

DicomSliceHeader readDicomSliceHeader(const std::string& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw ImagingError(file, "does not exist");
  if (!fs::is_regular_file(file, ec)) throw ImagingError(file, "not a regular file (a folder, device or pipe)");
  std::string record;
  readHeadersIsolated({file}, [&](std::size_t, std::string_view r) { record = r; }, [] { return true; });
  return fromRecord(record, file);
}

DicomScan scanDicomFolder(const std::string& folder, const ProgressSink& progress, bool recursive) {
  ProgressScope scope(progress, 0.0, 1.0);
  std::error_code ec;
  if (!fs::exists(folder, ec)) throw ImagingError(folder, "does not exist");
  if (!fs::is_directory(folder, ec)) throw ImagingError(folder, "is not a folder");

  std::vector<std::string> files;
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec) && !isKnownNonImage(it->path())) files.push_back(it->path().string());
  } else {
    for (auto it = fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec) && !isKnownNonImage(it->path())) files.push_back(it->path().string());
  }
  if (ec) throw ImagingError(folder, "cannot list the folder", ec.message());
  std::sort(files.begin(), files.end());  // deterministic diagnostics; slice order comes from positions
  if (files.empty()) throw ImagingError(folder, "the folder is empty (no files found)");

  DicomScan scan;
  scan.folder = folder;
  scan.filesSeen = files.size();
  std::vector<DicomSliceHeader> headers;
  std::vector<std::string> nonDicom, damaged;
  std::string firstDamageReason;
  // All headers in one isolated child (a file that crashes or hangs the parser is skipped with the reason,
  // and the scan goes on with the next file in a new child).
  readHeadersIsolated(
      files,
      [&](std::size_t n, std::string_view record) {
        try {
          headers.push_back(fromRecord(record, files[n]));
        } catch (const ImagingError& e) {
          const std::string rel = fs::path(files[n]).lexically_relative(folder).string();
          if (e.problem() == "not a DICOM file") {
            nonDicom.push_back(rel);
          } else {
            if (damaged.empty()) firstDamageReason = e.problem();
            damaged.push_back(rel);
            scan.diagnostics.push_back({Severity::Warning, files[n], "skipped " + rel + ": " + e.problem()});
          }
        }
      },
      [&, sink = scope.sink()] {  // false (cancel) ends the child; nothing may throw inside the pipe loop
        const std::size_t done = headers.size() + nonDicom.size() + damaged.size();
        return done % 16 != 0 || sink(double(done) / files.size(), "scanning DICOM headers");
      });
  scope.report(1.0, "scanning DICOM headers");  // throws Cancelled when the user cancelled during the scan
  if (!nonDicom.empty())
    scan.diagnostics.push_back({Severity::Warning,
                                nonDicom.size() == 1 ? (fs::path(folder) / nonDicom.front()).string() : folder,
                                "skipped " + std::to_string(nonDicom.size()) + " non-DICOM file(s): " +
                                    listNames(nonDicom)});
  if (headers.empty())
    throw ImagingError(folder, "no readable DICOM images in " + std::to_string(files.size()) + " file(s)" +
                                   (nonDicom.empty() ? "" : " (not DICOM: " + listNames(nonDicom) + ")") +
                                   (damaged.empty() ? "" : " (damaged: " + listNames(damaged) + "; " + damaged.front() + ": " +
                                                           firstDamageReason + ")"));
  scope.report(1.0, "grouping series");
  scan.series = assembleSeries(std::move(headers), folder);
  return scan;
}

}  // namespace hccws::core
