// DICOMweb client (dicomweb.h) over libcurl.
#include "hccws/pacs/dicomweb.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace hccws::pacs {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr std::size_t kMaxAnswer = std::size_t(2) << 30;  // 2 GiB: no answer of a PACS is larger (one instance)

size_t onData(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxAnswer) return 0;  // refused: curl then reports a write error
  body->append(data, size * n);
  return size * n;
}

std::string tag(const json& item, const char* t) {
  if (!item.is_object() || !item.contains(t)) return {};
  const json& e = item[t];
  if (!e.is_object() || !e.contains("Value") || !e["Value"].is_array() || e["Value"].empty()) return {};
  const json& v = e["Value"][0];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return std::to_string(v.get<double>());
  if (v.is_object() && v.contains("Alphabetic") && v["Alphabetic"].is_string()) return v["Alphabetic"].get<std::string>();
  return {};
}

std::string tags(const json& item, const char* t) {  // every value, joined with '\'
  std::string out;
  if (!item.is_object() || !item.contains(t) || !item[t].is_object() || !item[t].contains("Value") || !item[t]["Value"].is_array()) return out;
  for (const auto& v : item[t]["Value"])
    if (v.is_string()) out += (out.empty() ? "" : "\\") + v.get<std::string>();
  return out;
}

int toInt(const std::string& s) {
  try {
    return s.empty() ? 0 : std::stoi(s);
  } catch (const std::exception&) {
    return 0;
  }
}

// A UID that can name a file and a URL path segment (digits and dots only, as DICOM UIDs are).
bool plainUid(const std::string& uid) {
  return !uid.empty() && uid.size() <= 64 && std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// A query parameter's value, percent-encoded except DICOM's wildcards ('*', '?'), which some servers
// (Orthanc) only take literally.
std::string paramOf(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '*' || ch == '?') {
      out += ch;
      continue;
    }
    char* e = curl_easy_escape(nullptr, &ch, 1);
    out += e ? e : "";
    curl_free(e);
  }
  return out;
}

void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool isDicomFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[132] = {};
  return in.read(head, sizeof head) && std::string(head + 128, 4) == "DICM";
}

std::vector<std::string> multipartParts(const std::string& body, const std::string& contentType) {
  const auto b = contentType.find("boundary=");
  if (contentType.find("multipart/related") == std::string::npos || b == std::string::npos)
    throw PacsError("the answer is not multipart/related (Content-Type '" + contentType.substr(0, 120) + "')", 0);
  std::string boundary = contentType.substr(b + 9);
  if (const auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
  if (!boundary.empty() && boundary.front() == '"') {
    boundary = boundary.substr(1);
    if (const auto q = boundary.find('"'); q != std::string::npos) boundary.resize(q);
  }
  if (boundary.empty() || boundary.size() > 200) throw PacsError("the multipart answer has no usable boundary", 0);
  const std::string delim = "--" + boundary;
  std::vector<std::string> parts;
  std::size_t pos = body.find(delim);
  while (pos != std::string::npos) {
    pos += delim.size();
    if (body.compare(pos, 2, "--") == 0) break;  // the closing delimiter
    const auto headersEnd = body.find("\r\n\r\n", pos);
    if (headersEnd == std::string::npos) throw PacsError("a part of the multipart answer has no header end", 0);
    const auto next = body.find("\r\n" + delim, headersEnd + 4);
    if (next == std::string::npos) throw PacsError("the multipart answer is cut (no closing boundary)", 0);
    parts.push_back(body.substr(headersEnd + 4, next - headersEnd - 4));
    pos = next + 2;
  }
  if (parts.empty()) throw PacsError("the multipart answer holds no part", 0);
  return parts;
}

DicomWebClient::DicomWebClient(ServerConfig config) : config_(std::move(config)) {
  globalInit();
  while (!config_.url.empty() && config_.url.back() == '/') config_.url.pop_back();
  if (config_.url.rfind("http://", 0) != 0 && config_.url.rfind("https://", 0) != 0)
    throw PacsError(config_.url + ": a DICOMweb server's URL starts with http:// or https://", 0);
  curl_ = curl_easy_init();
  if (!curl_) throw PacsError("libcurl could not start", 0);
}

DicomWebClient::~DicomWebClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string DicomWebClient::describe(const std::string& what) const {
  return (config_.name.empty() ? config_.url : config_.name + " (" + config_.url + ")") + ": " + what;
}

DicomWebClient::Response DicomWebClient::request(const std::string& method, const std::string& path, const std::string& accept,
                                                 const std::string& body, const std::string& contentType) {
  CURL* c = static_cast<CURL*>(curl_);
  const std::string url = config_.url + path;
  Response r;
  std::string lastError;
  for (int attempt = 0; attempt <= config_.retries; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(config_.backoffMs << (attempt - 1)));
    curl_easy_reset(c);
    r = Response{};
    curl_slist* headers = nullptr;
    if (!accept.empty()) headers = curl_slist_append(headers, ("Accept: " + accept).c_str());
    if (!contentType.empty()) headers = curl_slist_append(headers, ("Content-Type: " + contentType).c_str());
    if (config_.user.empty() && !config_.bearerToken.empty())
      headers = curl_slist_append(headers, ("Authorization: Bearer " + config_.bearerToken).c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, config_.timeoutSeconds);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(config_.timeoutSeconds, 15L));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, config_.verifyTls ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, config_.verifyTls ? 2L : 0L);
    if (!config_.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.caFile.c_str());
    if (!config_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(c, CURLOPT_USERNAME, config_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    if (method == "POST") {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      lastError = rc == CURLE_WRITE_ERROR ? "the answer is larger than 2 GiB" : curl_easy_strerror(rc);
      if (rc == CURLE_WRITE_ERROR || rc == CURLE_SSL_CACERT || rc == CURLE_PEER_FAILED_VERIFICATION) break;  // retrying will not help
      continue;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    char* ct = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) r.contentType = ct;
    if (r.status >= 500 || r.status == 429) {
      lastError = "HTTP " + std::to_string(r.status);
      continue;
    }
    break;
  }
  if (r.status == 0) throw PacsError(describe(method + " " + path + ": no answer (" + lastError + ")"), 0);
  if (r.status == 401 || r.status == 403)
    throw PacsError(describe(method + " " + path + ": the server refused the credentials (HTTP " + std::to_string(r.status) +
                             "): check the user name and password, or the token"), r.status);
  if (r.status >= 400) {
    std::string excerpt = r.body.substr(0, 200);
    std::replace_if(excerpt.begin(), excerpt.end(), [](char ch) { return ch == '\n' || ch == '\r'; }, ' ');
    throw PacsError(describe(method + " " + path + ": HTTP " + std::to_string(r.status) +
                             (r.status == 404 ? " (not found)" : "") + (excerpt.empty() ? "" : ": " + excerpt)), r.status);
  }
  return r;
}

namespace {
json parseDicomJson(const std::string& body, const std::string& where) {
  if (body.empty()) return json::array();  // 204 No Content: no match
  json j;
  try {
    j = json::parse(body);
  } catch (const json::exception&) {
    throw PacsError(where + ": the answer is not DICOM JSON (\"" + body.substr(0, 60) + "...\")", 0);
  }
  if (!j.is_array()) throw PacsError(where + ": the answer is not a list of DICOM JSON objects", 0);
  return j;
}
}  // namespace

void DicomWebClient::echo() {
  const Response r = request("GET", "/studies?limit=1", "application/dicom+json");
  parseDicomJson(r.body, describe("GET /studies"));
}

std::vector<StudyInfo> DicomWebClient::findStudies(const QueryFilters& f) {
  std::string q = "/studies?includefield=00081030&includefield=00201206&includefield=00201208&includefield=00080061";
  if (!f.patientName.empty()) q += "&PatientName=" + paramOf(f.patientName);
  if (!f.patientId.empty()) q += "&PatientID=" + paramOf(f.patientId);
  if (!f.studyDateFrom.empty() || !f.studyDateTo.empty()) q += "&StudyDate=" + paramOf(f.studyDateFrom + "-" + f.studyDateTo);
  if (!f.modality.empty()) q += "&ModalitiesInStudy=" + paramOf(f.modality);
  if (!f.description.empty()) q += "&StudyDescription=" + paramOf(f.description);
  if (f.limit > 0) q += "&limit=" + std::to_string(f.limit);
  const json j = parseDicomJson(request("GET", q, "application/dicom+json").body, describe("GET /studies"));
  std::vector<StudyInfo> out;
  for (const auto& item : j) {
    StudyInfo s;
    s.studyUid = tag(item, "0020000D");
    s.patientName = tag(item, "00100010");
    s.patientId = tag(item, "00100020");
    s.studyDate = tag(item, "00080020");
    s.description = tag(item, "00081030");
    s.modalities = tags(item, "00080061");
    s.series = toInt(tag(item, "00201206"));
    s.instances = toInt(tag(item, "00201208"));
    if (!s.studyUid.empty()) out.push_back(s);
  }
  return out;
}

std::vector<SeriesInfo> DicomWebClient::findSeries(const std::string& studyUid, const QueryFilters& f) {
  if (!plainUid(studyUid)) throw PacsError(describe("'" + studyUid.substr(0, 80) + "' is not a study UID"), 0);
  std::string q = "/studies/" + studyUid + "/series?includefield=0008103E&includefield=00200011&includefield=00201209";
  if (!f.modality.empty()) q += "&Modality=" + paramOf(f.modality);
  if (!f.description.empty()) q += "&SeriesDescription=" + paramOf(f.description);
  const json j = parseDicomJson(request("GET", q, "application/dicom+json").body, describe("GET /studies/.../series"));
  std::vector<SeriesInfo> out;
  for (const auto& item : j) {
    SeriesInfo s;
    s.studyUid = studyUid;
    s.seriesUid = tag(item, "0020000E");
    s.modality = tag(item, "00080060");
    s.description = tag(item, "0008103E");
    s.number = toInt(tag(item, "00200011"));
    s.instances = toInt(tag(item, "00201209"));
    if (!s.seriesUid.empty()) out.push_back(s);
  }
  return out;
}

std::vector<std::string> DicomWebClient::findInstances(const std::string& studyUid, const std::string& seriesUid) {
  if (!plainUid(studyUid) || !plainUid(seriesUid)) throw PacsError(describe("not a study and series UID"), 0);
  const json j = parseDicomJson(request("GET", "/studies/" + studyUid + "/series/" + seriesUid + "/instances",
                                        "application/dicom+json").body,
                                describe("GET /studies/.../series/.../instances"));
  std::vector<std::string> out;
  for (const auto& item : j)
    if (const std::string uid = tag(item, "00080018"); plainUid(uid)) out.push_back(uid);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

RetrieveResult DicomWebClient::retrieveSeries(const std::string& studyUid, const std::string& seriesUid, const std::string& folder,
                                              const core::ProgressSink& progress) {
  const auto uids = findInstances(studyUid, seriesUid);
  RetrieveResult r;
  r.instances = static_cast<int>(uids.size());
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw PacsError(folder + ": cannot create the folder (" + ec.message() + ")", 0);
  for (std::size_t k = 0; k < uids.size(); ++k) {
    if (progress && !progress(double(k) / double(uids.size()), "retrieving")) throw core::Cancelled();
    const fs::path file = fs::path(folder) / (uids[k] + ".dcm");
    r.files.push_back(file.string());
    if (fs::exists(file, ec)) {
      ++r.alreadyHere;
      continue;
    }
    const Response resp = request("GET", "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + uids[k],
                                  "multipart/related; type=\"application/dicom\"");
    const auto parts = multipartParts(resp.body, resp.contentType);
    const std::string& dicom = parts.front();
    if (dicom.size() < 132 || dicom.compare(128, 4, "DICM") != 0)
      throw PacsError(describe("instance " + uids[k] + ": the part received is not a DICOM file"), 0);
    const fs::path tmp = file.string() + ".part";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(dicom.data(), static_cast<std::streamsize>(dicom.size()));
      if (!out) throw PacsError(tmp.string() + ": cannot write (disk full?)", 0);
    }
    fs::rename(tmp, file, ec);
    if (ec) throw PacsError(file.string() + ": cannot write (" + ec.message() + ")", 0);
    r.bytes += dicom.size();
    ++r.fetched;
  }
  if (progress) progress(1.0, "retrieved");
  return r;
}

StoreResult DicomWebClient::store(const std::vector<std::string>& files, const std::string& studyUid) {
  if (!studyUid.empty() && !plainUid(studyUid)) throw PacsError(describe("'" + studyUid.substr(0, 80) + "' is not a study UID"), 0);
  StoreResult r;
  const std::string boundary = "hccws-stow-7d3f9a1c2b";
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (!in.good() && !in.eof()) {
      r.failures.push_back(f + ": cannot be read");
      ++r.failed;
      continue;
    }
    if (bytes.size() < 132 || bytes.compare(128, 4, "DICM") != 0) {
      r.failures.push_back(f + ": not a DICOM file");
      ++r.failed;
      continue;
    }
    const std::string body = "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    try {
      const Response resp = request("POST", studyUid.empty() ? "/studies" : "/studies/" + studyUid, "application/dicom+json", body,
                                    "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
      // a 200 answer may still list the instance as failed (FailedSOPSequence)
      const json j = resp.body.empty() ? json::object() : json::parse(resp.body, nullptr, false);
      if (j.is_object() && j.contains("00081198") && j["00081198"].contains("Value") && !j["00081198"]["Value"].empty()) {
        r.failures.push_back(f + ": the server lists it as failed");
        ++r.failed;
      } else {
        ++r.stored;
      }
    } catch (const PacsError& e) {
      if (e.httpStatus == 401 || e.httpStatus == 403 || e.httpStatus == 0) throw;  // nothing else will get through
      r.failures.push_back(f + ": " + e.what());
      ++r.failed;
    }
  }
  return r;
}

}  // namespace hccws::pacs
