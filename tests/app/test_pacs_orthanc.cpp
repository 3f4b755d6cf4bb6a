// `hccws pacs` against a real Orthanc (issue 18): Orthanc with its DICOMweb plugin (Debian orthanc,
// orthanc-dicomweb) started by the test on free loopback ports with a temporary storage folder and Basic
// authentication, stopped afterwards. The phantom's DICOM series and the real HCC_048 series are stored
// (STOW-RS), found (QIDO-RS), retrieved (WADO-RS) and opened; the phantom is segmented into a case whose DICOM
// SEG and report (as Encapsulated PDF) go back into its study and are found there; a wrong password, a server
// stopped in the middle of a retrieve (the retrieve resumes when it is back) and a series with a missing slice.
#include "cli_runner.h"
#include "orthanc_fixture.h"
#include "skip.h"
#include "viewer/support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fcntl.h>
#include <set>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using hccws::test::runHccws;
using nlohmann::json;

namespace {

json findJson(const std::string& args) {
  const auto r = runHccws("pacs find " + args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("PACS: store, find, retrieve (resumable), open, segment and send back to a real Orthanc", "[app][pacs]") {
  if (!hccws::test::orthancInstalled()) hccws::test::skipTest("Orthanc is not installed (Debian packages orthanc and orthanc-dicomweb)");
  const std::string hcc048 = hccws::test::sharedData("hcc048_pv");
  const std::string root = hccws::test::scratchDir("pacs_orthanc");
  hccws::test::OrthancServer o(root + "/orthanc");
  REQUIRE(o.http > 0);
  REQUIRE(o.start());
  const std::string S = "--server " + o.url + " --user hccws --password s3cret";

  // a server that answers garbage (a plain web server, not DICOMweb): said so
  {
    const std::string web = root + "/notdicomweb";
    fs::create_directories(web);
    std::ofstream(web + "/studies") << "<html>this is not DICOM JSON</html>";
    const int port = hccws::test::freePort();
    const pid_t child = fork();
    if (child == 0) {
      const int fd = ::open("/dev/null", O_WRONLY);
      dup2(fd, 1);
      dup2(fd, 2);
      execlp("python3", "python3", "-m", "http.server", std::to_string(port).c_str(), "--bind", "127.0.0.1", "--directory",
             web.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !hccws::test::portOpen(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto garbage = runHccws("pacs echo --server http://127.0.0.1:" + std::to_string(port));
    ::kill(child, SIGTERM);
    waitpid(child, nullptr, 0);
    CHECK(garbage.exitCode == 2);
    CHECK(garbage.err.find("not DICOM JSON") != std::string::npos);
    const auto none = runHccws("pacs echo --timeout 2 --server http://127.0.0.1:" + std::to_string(hccws::test::freePort()));
    CHECK(none.exitCode == 2);
    CHECK(none.err.find("no answer") != std::string::npos);  // after the retries with back-off
  }

  // TLS and bearer tokens: a small HTTPS server (python3's ssl) with a self-signed certificate that answers
  // DICOMweb's empty study list only to "Authorization: Bearer tok-123"; the certificate refused unless given
  // with --ca-file; a wrong token refused
  {
    if (std::system("command -v openssl >/dev/null") != 0) hccws::test::skipTest("openssl is not installed (Debian package openssl)");
    const std::string tls = root + "/tls";
    fs::create_directories(tls);
    REQUIRE(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
                         "-keyout " + tls + "/key.pem -out " + tls + "/cert.pem >/dev/null 2>&1").c_str()) == 0);
    std::ofstream(tls + "/server.py") << R"PY(
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.headers.get("Authorization") == "Bearer tok-123"
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/dicom+json")
        self.end_headers()
        self.wfile.write(b"[]" if ok else b"no")
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(sys.argv[2], sys.argv[3])
s.socket = c.wrap_socket(s.socket, server_side=True)
s.serve_forever()
)PY";
    const int port = hccws::test::freePort();
    const pid_t child = fork();
    if (child == 0) {
      execlp("python3", "python3", (tls + "/server.py").c_str(), std::to_string(port).c_str(), (tls + "/cert.pem").c_str(),
             (tls + "/key.pem").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !hccws::test::portOpen(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string https = "--server https://127.0.0.1:" + std::to_string(port) + "/dicom-web";
    const auto untrusted = runHccws("pacs echo " + https + " --token tok-123");
    CHECK(untrusted.exitCode == 2);  // a self-signed certificate is not trusted by default
    CHECK((untrusted.err.find("certificate") != std::string::npos || untrusted.err.find("SSL") != std::string::npos));
    const auto trusted = runHccws("pacs echo " + https + " --token tok-123 --ca-file " + tls + "/cert.pem");
    INFO(trusted.err);
    CHECK(trusted.exitCode == 0);
    const auto badToken = runHccws("pacs echo " + https + " --token nope --ca-file " + tls + "/cert.pem");
    CHECK(badToken.exitCode == 2);
    CHECK(badToken.err.find("refused the credentials") != std::string::npos);
    ::kill(child, SIGTERM);
    waitpid(child, nullptr, 0);
  }

  // a wrong password: refused, said so
  const auto wrong = runHccws("pacs echo --server " + o.url + " --user hccws --password nope");
  CHECK(wrong.exitCode == 2);
  CHECK(wrong.err.find("refused the credentials") != std::string::npos);

  // the phantom (two DICOM series) and the real HCC_048 series, stored
  REQUIRE(runHccws("-q phantom --out " + root + "/ph --seed 7 --size 64,64,32 --spacing 4,4,5 --phases arterial,portal_venous").exitCode == 0);
  const auto put = runHccws("pacs store " + S + " " + root + "/ph/dicom " + hcc048);
  INFO(put.err);
  CHECK(put.out.find("stored 153") != std::string::npos);  // 2 x 32 phantom slices + 89 CT slices
  // found: the studies, by patient and by wildcard
  const json studies = findJson(S);
  REQUIRE(studies.size() == 2);
  const json real = findJson(S + " --patient-id Patient_0*");
  REQUIRE(real.size() == 1);
  CHECK(real[0]["instances"] == 89);
  const std::string realStudy = real[0]["study_uid"];
  const json realSeries = findJson(S + " --study " + realStudy);
  REQUIRE(realSeries.size() == 1);
  const std::string series = realSeries[0]["series_uid"];

  // retrieved; the server stopped in the middle; the retrieve resumes once it is back
  const std::string out = root + "/retrieved/hcc048";
  {
    const std::string cmd = std::string("exec ") + HCCWS_EXE + " -q pacs retrieve " + S + " --timeout 5 --study " + realStudy +
                            " --series " + series + " --out " + out + " >" + root + "/cut.out 2>&1";
    const pid_t child = fork();
    if (child == 0) {
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    while (!fs::exists(out) || std::distance(fs::directory_iterator(out), fs::directory_iterator{}) < 10)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    o.stop();
    int status = 0;
    waitpid(child, &status, 0);
    const std::string said = [&] {
      std::ifstream f(root + "/cut.out");
      return std::string((std::istreambuf_iterator<char>(f)), {});
    }();
    INFO(said);
    const std::size_t got = static_cast<std::size_t>(std::distance(fs::directory_iterator(out), fs::directory_iterator{}));
    if (WEXITSTATUS(status) == 0) {
      WARN("the retrieve finished before the server stopped (" << got << " files)");
    } else {
      CHECK(WEXITSTATUS(status) == 2);
      CHECK(said.find("no answer") != std::string::npos);
      CHECK(got < 89);
    }
  }
  REQUIRE(o.start());
  const auto resumed = runHccws("pacs retrieve " + S + " --study " + realStudy + " --series " + series + " --out " + out);
  INFO(resumed.out << resumed.err);
  REQUIRE(resumed.exitCode == 0);
  CHECK(resumed.out.find("89 instance(s)") != std::string::npos);
  CHECK(resumed.out.find("already here") != std::string::npos);
  CHECK(resumed.out.find(", 0 already here") == std::string::npos);  // some came from the interrupted retrieve
  // opened: the retrieved series goes through the same loading and checks as a local folder
  const auto opened = runHccws("inspect " + out + " --json");
  CHECK(opened.exitCode == 0);
  CHECK(opened.out.find("Patient_01") != std::string::npos);

  // DIMSE (a PACS without DICOMweb): C-ECHO, C-FIND, C-GET of the same series, and a C-GET that resumes
  const std::string D = "--peer 127.0.0.1:" + std::to_string(o.dicom) + " --aet ORTHANCTEST";
  CHECK(runHccws("pacs dimse-echo " + D).exitCode == 0);
  const json dimseStudies = [&] {
    const auto r = runHccws("pacs dimse-find " + D + " --patient-id Patient_0*");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return json::parse(r.out);
  }();
  REQUIRE(dimseStudies.size() == 1);
  CHECK(dimseStudies[0]["study_uid"] == realStudy);
  const std::string viaGet = root + "/retrieved/cget";
  const auto got = runHccws("pacs dimse-retrieve " + D + " --study " + realStudy + " --series " + series + " --out " + viaGet);
  INFO(got.err);
  REQUIRE(got.exitCode == 0);
  CHECK(got.out.find("89 fetched") != std::string::npos);
  int removed = 0;
  for (const auto& e : fs::directory_iterator(viaGet))
    if (removed < 7) {
      fs::remove(e.path());
      ++removed;
    }
  CHECK(runHccws("pacs dimse-retrieve " + D + " --study " + realStudy + " --series " + series + " --out " + viaGet).out.find("7 fetched") !=
        std::string::npos);
  CHECK(runHccws("inspect " + viaGet).exitCode == 0);
  const auto noPacs = runHccws("pacs dimse-echo --peer 127.0.0.1:1 --aet NONE --timeout 3");
  CHECK(noPacs.exitCode == 2);
  CHECK(noPacs.err.find("no association") != std::string::npos);

  // the phantom: retrieved, segmented into a case (with its DICOM SEG), reported; the SEG and the report go back
  std::string phStudy, art, pv;
  for (const auto& s : studies)
    if (s["study_uid"] != realStudy) phStudy = s["study_uid"];
  for (const auto& s : findJson(S + " --study " + phStudy)) {
    const std::string uid = s["series_uid"];
    const std::string d = root + "/retrieved/" + uid;
    REQUIRE(runHccws("-q pacs retrieve " + S + " --study " + phStudy + " --series " + uid + " --out " + d).exitCode == 0);
    (std::string(s["description"]).find("ARTERIAL") != std::string::npos ? art : pv) = d;
  }
  REQUIRE_FALSE(art.empty());
  REQUIRE_FALSE(pv.empty());
  const auto analysed = runHccws("-q analyze --phase arterial=" + art + " --phase portal_venous=" + pv + " --out-case " + root + "/case");
  INFO(analysed.err);
  if (analysed.exitCode != 0 && analysed.err.find("not available in this build") != std::string::npos)
    hccws::test::skipTest("hccws-inference is not built");
  REQUIRE(analysed.exitCode == 0);
  std::string seg;
  for (const auto& e : fs::directory_iterator(root + "/case"))
    if (e.path().extension() == ".dcm") seg = e.path().string();
  REQUIRE_FALSE(seg.empty());
  CHECK(runHccws("pacs store " + S + " --study " + phStudy + " " + seg).out.find("stored 1") != std::string::npos);
  REQUIRE(runHccws("-q report --case " + root + "/case --out " + root + "/report.pdf").exitCode == 0);
  const auto sent = runHccws("pacs store-report " + S + " --pdf " + root + "/report.pdf --reference " +
                             fs::directory_iterator(art)->path().string() + " --keep " + root + "/report.dcm");
  INFO(sent.err);
  REQUIRE(sent.exitCode == 0);
  // found again in the patient's study: the SEG and the report beside the CT
  std::set<std::string> modalities;
  for (const auto& s : findJson(S + " --study " + phStudy)) modalities.insert(s["modality"]);
  CHECK(modalities.count("SEG") == 1);
  CHECK(modalities.count("DOC") == 1);
  CHECK(modalities.count("CT") == 1);

  // a series with a missing slice (the phantom's arterial series without its 16th of 32 slices): stored into a
  // fresh server, retrieved, and the loader reports the gap
  REQUIRE(o.restartEmpty());
  const std::string gap = root + "/gap";
  fs::create_directories(gap);
  for (const auto& e : fs::directory_iterator(root + "/ph/dicom/arterial"))
    if (e.path().filename() != "IMG0016.dcm") fs::copy_file(e.path(), gap + "/" + e.path().filename().string());
  REQUIRE(runHccws("pacs store " + S + " " + gap).out.find("stored 31") != std::string::npos);
  const json gapStudy = findJson(S);
  REQUIRE(gapStudy.size() == 1);
  const json gapSeries = findJson(S + " --study " + std::string(gapStudy[0]["study_uid"]));
  REQUIRE(gapSeries.size() == 1);
  const std::string gapRetrieved = root + "/retrieved/gap";
  REQUIRE(runHccws("-q pacs retrieve " + S + " --study " + std::string(gapStudy[0]["study_uid"]) + " --series " +
                   std::string(gapSeries[0]["series_uid"]) + " --out " + gapRetrieved).exitCode == 0);
  const auto gapInspect = runHccws("inspect " + gapRetrieved);
  INFO(gapInspect.out << gapInspect.err);
  CHECK(gapInspect.exitCode == 4);  // loaded, with the missing slice reported
  CHECK((gapInspect.out + gapInspect.err).find("missing") != std::string::npos);
  o.stop();
}
