// case.json: writing, reading (with the migration of version 1) and staleness.
#include <hccws/case/case_manifest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <ctime>

namespace hccws::cases {

using nlohmann::json;

namespace {

const char* const kFormat = "hccws-case";

// A relative path that stays inside the case folder (no root, no "..", no empty name).
bool insideCase(const std::string& f) {
  return !f.empty() && f.front() != '/' && f.find("..") == std::string::npos && f.find('\\') == std::string::npos;
}

json sourceJson(const SourceSeries& s) {
  return {{"path", s.path}, {"series_uid", s.seriesInstanceUid}, {"description", s.description},
          {"modality", s.modality}, {"files", s.files}, {"bytes", s.bytes}, {"sha256", s.sha256},
          {"phase", {{"kind", s.phase}, {"reason", s.phaseReason}, {"confidence", s.phaseConfidence},
                     {"user_override", s.phaseUserOverride}}}};
}

// Typed field access that names the file and the field on a mismatch.
struct Reader {
  const std::string& file;
  [[noreturn]] void fail(const std::string& what) const { throw CaseError(file + ": " + what); }
  template <typename T>
  T get(const json& j, const char* key, T fallback) const {
    if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) return fallback;
    const json& v = j.at(key);
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      // whole numbers in T's range only (a float such as 5e11 or 2.5, or -1 for a count, is refused, not cast)
      const std::string what = std::string("'") + key + "' must be a whole number from " +
                               std::to_string(std::numeric_limits<T>::min()) + " to " +
                               std::to_string(std::numeric_limits<T>::max());
      if (!v.is_number()) fail(std::string("'") + key + "' has the wrong type");
      if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!(d == std::floor(d)) || d < static_cast<double>(std::numeric_limits<T>::min()) ||
            d > static_cast<double>(std::numeric_limits<T>::max()))
          fail(what);
        return static_cast<T>(d);
      }
      if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) fail(what);
        return static_cast<T>(u);
      }
      const auto i = v.get<std::int64_t>();
      if (i < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          (i > 0 && static_cast<std::uint64_t>(i) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
        fail(what);
      return static_cast<T>(i);
    } else {
      try {
        return v.get<T>();
      } catch (const json::exception&) {
        fail(std::string("'") + key + "' has the wrong type");
      }
    }
  }
  const json& object(const json& j, const char* key) const {
    static const json empty = json::object();
    if (!j.contains(key)) return empty;
    if (!j.at(key).is_object()) fail(std::string("'") + key + "' must be an object");
    return j.at(key);
  }
  const json& array(const json& j, const char* key) const {
    static const json empty = json::array();
    if (!j.contains(key)) return empty;
    if (!j.at(key).is_array()) fail(std::string("'") + key + "' must be an array");
    return j.at(key);
  }
};

SourceSeries sourceFrom(const Reader& r, const json& j) {
  if (!j.is_object()) r.fail("a source must be an object");
  SourceSeries s;
  s.path = r.get<std::string>(j, "path", "");
  s.seriesInstanceUid = r.get<std::string>(j, "series_uid", "");
  s.description = r.get<std::string>(j, "description", "");
  s.modality = r.get<std::string>(j, "modality", "");
  s.files = r.get<std::uint64_t>(j, "files", 0);
  s.bytes = r.get<std::uint64_t>(j, "bytes", 0);
  s.sha256 = r.get<std::string>(j, "sha256", "");
  const json& p = r.object(j, "phase");
  s.phase = r.get<std::string>(p, "kind", "unknown");
  s.phaseReason = r.get<std::string>(p, "reason", "");
  s.phaseConfidence = r.get<double>(p, "confidence", 0.0);
  s.phaseUserOverride = r.get<bool>(p, "user_override", false);
  if (s.path.empty()) r.fail("a source has no path");
  return s;
}

// Version 1 (the first case files: series paths and phases, the segmentation's file name, the nomogram inputs as
// plain numbers and the note). What it did not record is said so, never invented.
CaseManifest migrateV1(const Reader& r, const json& j) {
  CaseManifest m;
  m.migratedFrom = 1;
  m.created = r.get<std::string>(j, "created", "");
  m.patientId = r.get<std::string>(j, "patient_id", "");
  for (const auto& s : r.array(j, "series")) {
    SourceSeries src;
    src.path = r.get<std::string>(s, "path", "");
    src.seriesInstanceUid = r.get<std::string>(s, "uid", "");
    src.phase = r.get<std::string>(s, "phase", "unknown");
    src.phaseReason = "from a version 1 case file (the reason was not recorded)";
    if (src.path.empty()) r.fail("a series has no path");
    m.sources.push_back(src);
  }
  if (const std::string seg = r.get<std::string>(j, "segmentation", ""); !seg.empty()) {
    SegmentationRecord s;
    s.file = seg;
    s.version = 1;
    s.madeBy = "from a version 1 case file (how it was made was not recorded)";
    m.segmentation = s;
  }
  for (const auto& [name, v] : r.object(j, "inputs").items()) {
    if (!v.is_number()) r.fail("input '" + name + "' must be a number");
    m.nomogramInputs.push_back({name, "typed", v.get<double>(),
                                "from a version 1 case file (who entered it was not recorded)", false});
  }
  m.note = r.get<std::string>(j, "note", "");
  return m;
}

}  // namespace

std::string utcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string manifestToJson(const CaseManifest& m) {
  json j;
  j["format"] = kFormat;
  j["format_version"] = CaseManifest::kFormatVersion;
  j["created"] = m.created;
  j["saved"] = m.saved;
  j["generation"] = m.generation;
  j["journal_seq"] = m.journalSeq;
  j["program"] = m.program;
  j["patient"] = {{"id", m.patientId}, {"name", m.patientName}, {"study_date", m.studyDate},
                  {"study_uid", m.studyInstanceUid}};
  j["sources"] = json::array();
  for (const auto& s : m.sources) j["sources"].push_back(sourceJson(s));
  if (m.registration) {
    const auto& r = *m.registration;
    j["registration"] = {{"fixed", r.fixed}, {"moving", r.moving}, {"matrix", r.matrix}, {"method", r.method},
                         {"metric", r.metric}, {"version", r.version}};
  }
  if (m.segmentation) {
    const auto& s = *m.segmentation;
    j["segmentation"] = {{"file", s.file}, {"version", s.version}, {"grid_of", s.gridOf}, {"made_by", s.madeBy}};
    if (!s.dicomSeg.empty()) j["segmentation"]["dicom_seg"] = s.dicomSeg;
  }
  j["results"] = json::object();
  for (const auto& [name, r] : m.results)
    j["results"][name] = {{"value", r.value}, {"inputs", r.inputs}, {"made_by", r.madeBy},
                          {"computed_at", r.computedAt}, {"files", r.files}};
  j["nomogram"] = {{"arm", m.arm}, {"inputs", json::array()}};
  for (const auto& in : m.nomogramInputs)
    j["nomogram"]["inputs"].push_back({{"name", in.name}, {"state", in.state}, {"value", in.value},
                                       {"source", in.source}, {"stale", in.stale}});
  j["note"] = m.note;
  j["key_images"] = json::array();
  for (const auto& k : m.keyImages)
  {
    json ki = {{"view", k.view}, {"source", k.source},
               {"position_lps", {k.positionLps[0], k.positionLps[1], k.positionLps[2]}}, {"caption", k.caption}};
    if (!k.layer.empty()) ki["layer"] = k.layer;
    if (!k.file.empty()) ki["file"] = k.file;
    j["key_images"].push_back(ki);
  }
  return j.dump(1) + "\n";
}

CaseManifest parseManifest(const std::string& text, const std::string& fileName) {
  const Reader r{fileName};
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    r.fail(std::string("not valid JSON (") + e.what() + ")");
  }
  if (!j.is_object() || j.value("format", std::string()) != kFormat) r.fail("not an hccws case manifest");
  const int version = r.get<int>(j, "format_version", 0);
  if (version > CaseManifest::kFormatVersion)
    r.fail("format version " + std::to_string(version) + " is newer than this program reads (" +
           std::to_string(CaseManifest::kFormatVersion) + "); update the workstation");
  if (version == 1) return migrateV1(r, j);
  if (version != CaseManifest::kFormatVersion) r.fail("unknown format version " + std::to_string(version));
  CaseManifest m;
  m.created = r.get<std::string>(j, "created", "");
  m.saved = r.get<std::string>(j, "saved", "");
  m.generation = r.get<std::uint64_t>(j, "generation", 0);
  m.journalSeq = r.get<std::uint64_t>(j, "journal_seq", 0);
  m.program = r.get<std::string>(j, "program", "");
  const json& p = r.object(j, "patient");
  m.patientId = r.get<std::string>(p, "id", "");
  m.patientName = r.get<std::string>(p, "name", "");
  m.studyDate = r.get<std::string>(p, "study_date", "");
  m.studyInstanceUid = r.get<std::string>(p, "study_uid", "");
  for (const auto& s : r.array(j, "sources")) m.sources.push_back(sourceFrom(r, s));
  const int n = static_cast<int>(m.sources.size());
  if (j.contains("registration")) {
    const json& g = r.object(j, "registration");
    RegistrationRecord reg;
    reg.fixed = r.get<int>(g, "fixed", -1);
    reg.moving = r.get<int>(g, "moving", -1);
    reg.matrix = r.get<std::vector<double>>(g, "matrix", {});
    reg.method = r.get<std::string>(g, "method", "");
    reg.metric = r.get<double>(g, "metric", 0.0);
    reg.version = r.get<std::uint64_t>(g, "version", 0);
    if (reg.fixed < 0 || reg.fixed >= n || reg.moving < 0 || reg.moving >= n)
      r.fail("the registration names a source that is not in the case");
    if (reg.matrix.size() != 16 || !std::all_of(reg.matrix.begin(), reg.matrix.end(), [](double v) { return std::isfinite(v); }))
      r.fail("the registration matrix must be 16 finite numbers");
    m.registration = reg;
  }
  if (j.contains("segmentation")) {
    const json& g = r.object(j, "segmentation");
    SegmentationRecord s;
    s.file = r.get<std::string>(g, "file", "");
    s.version = r.get<std::uint64_t>(g, "version", 0);
    s.gridOf = r.get<int>(g, "grid_of", 0);
    s.madeBy = r.get<std::string>(g, "made_by", "");
    s.dicomSeg = r.get<std::string>(g, "dicom_seg", "");
    if (s.file.empty() || s.file.find('/') != std::string::npos || s.file.find("..") != std::string::npos)
      r.fail("the segmentation must be a file name inside the case folder");
    if (!s.dicomSeg.empty() && (s.dicomSeg.find('/') != std::string::npos || s.dicomSeg.find("..") != std::string::npos))
      r.fail("the DICOM SEG must be a file name inside the case folder");
    if (n > 0 && (s.gridOf < 0 || s.gridOf >= n)) r.fail("the segmentation's grid names a source that is not in the case");
    m.segmentation = s;
  }
  for (const auto& [name, v] : r.object(j, "results").items()) {
    ResultRecord res;
    res.value = v.contains("value") ? v.at("value") : json();
    res.inputs = r.get<std::map<std::string, std::string>>(v, "inputs", {});
    res.madeBy = r.get<std::string>(v, "made_by", "");
    res.computedAt = r.get<std::string>(v, "computed_at", "");
    res.files = r.get<std::vector<std::string>>(v, "files", {});
    for (const auto& f : res.files)
      if (!insideCase(f))
        r.fail("result '" + name + "' names a file outside the case folder: '" + f + "'");
    m.results[name] = res;
  }
  const json& nomo = r.object(j, "nomogram");
  m.arm = r.get<std::string>(nomo, "arm", "");
  static const char* const kStates[] = {"missing", "measured", "computed", "typed", "assumed", "clinical"};
  for (const auto& in : r.array(nomo, "inputs")) {
    NomogramInputRecord rec{r.get<std::string>(in, "name", ""), r.get<std::string>(in, "state", ""),
                            r.get<double>(in, "value", 0.0), r.get<std::string>(in, "source", ""),
                            r.get<bool>(in, "stale", false)};
    if (rec.name.empty()) r.fail("a nomogram input has no name");
    if (std::none_of(std::begin(kStates), std::end(kStates), [&](const char* s) { return rec.state == s; }))
      r.fail("nomogram input '" + rec.name + "' has an unknown state '" + rec.state + "'");
    m.nomogramInputs.push_back(rec);
  }
  m.note = r.get<std::string>(j, "note", "");
  for (const auto& k : r.array(j, "key_images")) {
    KeyImage ki;
    ki.view = r.get<std::string>(k, "view", "axial");
    ki.source = r.get<int>(k, "source", 0);
    const auto pos = r.get<std::vector<double>>(k, "position_lps", {0, 0, 0});
    if (pos.size() != 3) r.fail("a key image's position must be 3 numbers");
    for (int a = 0; a < 3; ++a) ki.positionLps[a] = pos[static_cast<std::size_t>(a)];
    ki.caption = r.get<std::string>(k, "caption", "");
    ki.layer = r.get<std::string>(k, "layer", "");
    ki.file = r.get<std::string>(k, "file", "");
    static const char* const kViews[] = {"axial", "coronal", "sagittal", "3d"};
    if (std::none_of(std::begin(kViews), std::end(kViews), [&](const char* v) { return ki.view == v; }))
      r.fail("a key image has an unknown view '" + ki.view + "'");
    if (n > 0 && (ki.source < 0 || ki.source >= n)) r.fail("a key image names a source that is not in the case");
    if (!std::all_of(std::begin(ki.positionLps), std::end(ki.positionLps), [](double v) { return std::isfinite(v); }))
      r.fail("a key image's position must be finite numbers");
    if (!ki.file.empty() && !insideCase(ki.file)) r.fail("a key image names a file outside the case folder: '" + ki.file + "'");
    if (!ki.layer.empty() && ki.layer.rfind("heatmap:", 0) != 0) r.fail("a key image has an unknown layer '" + ki.layer + "'");
    m.keyImages.push_back(ki);
  }
  return m;
}

std::map<std::string, std::string> currentVersions(const CaseManifest& m) {
  std::string sources;
  for (const auto& s : m.sources) sources += (sources.empty() ? "" : "+") + (s.sha256.empty() ? s.path : s.sha256.substr(0, 16));
  return {{"segmentation", m.segmentation ? std::to_string(m.segmentation->version) : "none"},
          {"sources", sources},
          {"registration", m.registration ? std::to_string(m.registration->version) : "none"}};
}

std::vector<std::string> staleResults(const CaseManifest& m) {
  const auto now = currentVersions(m);
  std::vector<std::string> stale;
  for (const auto& [name, r] : m.results)
    for (const auto& [input, version] : r.inputs) {
      const auto it = now.find(input);
      if (it == now.end() || it->second != version) {
        stale.push_back(name);
        break;
      }
    }
  return stale;
}

void recordResult(CaseManifest& m, const std::string& name, json value, const std::vector<std::string>& inputs,
                  const std::string& madeBy, std::vector<std::string> files) {
  const auto now = currentVersions(m);
  ResultRecord r;
  r.value = std::move(value);
  for (const auto& in : inputs) {
    const auto it = now.find(in);
    if (it == now.end()) throw CaseError("result '" + name + "': unknown input '" + in + "'");
    r.inputs[in] = it->second;
  }
  r.madeBy = madeBy;
  r.computedAt = utcNow();
  r.files = std::move(files);
  m.results[name] = std::move(r);
}

}  // namespace hccws::cases
