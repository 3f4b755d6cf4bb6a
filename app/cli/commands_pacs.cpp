// `hccws pacs echo|find|retrieve|store|store-report` (docs/pacs.md): a DICOMweb PACS from the command line,
// through app/pacs (Qt-free). No connection is made unless a command names a server. The password may come
// from $HCCWS_PACS_PASSWORD instead of the command line (which other users of the machine can see).
#include "cli/commands.h"

#include <hccws/pacs/dicomweb.h>
#include <hccws/pacs/dimse.h>
#include <hccws/pacs/encapsulated_pdf.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <memory>

namespace hccws::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct PacsArgs {
  std::string server, user, password, token, caFile;
  bool insecure = false;
  long timeout = 60;
  pacs::QueryFilters filters;
  std::string study, series, out, pdf, reference;
  std::vector<std::string> files;
};

void addServerOptions(CLI::App* c, PacsArgs& a) {
  c->add_option("--server", a.server, "The DICOMweb root URL, e.g. https://pacs.example.org/dicom-web")->required();
  c->add_option("--user", a.user, "User name (Basic authentication)");
  c->add_option("--password", a.password, "Password (or $HCCWS_PACS_PASSWORD, which other users cannot see)");
  c->add_option("--token", a.token, "Bearer token (instead of a user name)");
  c->add_option("--ca-file", a.caFile, "Extra CA certificates (PEM) for TLS; the system's are always used");
  c->add_flag("--insecure", a.insecure, "Do not verify the server's TLS certificate (test servers only)");
  c->add_option("--timeout", a.timeout, "Seconds per request (default 60)")->check(CLI::Range(1, 3600));
}

pacs::ServerConfig configOf(const PacsArgs& a) {
  pacs::ServerConfig s;
  s.url = a.server;
  s.user = a.user;
  s.password = a.password;
  if (s.password.empty())
    if (const char* p = std::getenv("HCCWS_PACS_PASSWORD")) s.password = p;
  s.bearerToken = a.token;
  s.caFile = a.caFile;
  s.verifyTls = !a.insecure;
  s.timeoutSeconds = a.timeout;
  return s;
}

// Files given directly, and every regular file under the folders given.
std::vector<std::string> expand(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file(ec)) out.push_back(e.path().string());
    } else {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct DimseArgs {
  std::string peer, aet, callingAet = "HCCWS", study, series, out;
  int timeout = 30;
  pacs::QueryFilters filters;
};

void addDimseOptions(CLI::App* c, DimseArgs& a) {
  c->add_option("--peer", a.peer, "The PACS's DIMSE address, HOST:PORT")->required();
  c->add_option("--aet", a.aet, "The PACS's AE title")->required();
  c->add_option("--calling-aet", a.callingAet, "This workstation's AE title, as the PACS knows it (default HCCWS)");
  c->add_option("--timeout", a.timeout, "Seconds (default 30)")->check(CLI::Range(1, 3600));
}

pacs::DimseConfig dimseOf(const DimseArgs& a) {
  pacs::DimseConfig c;
  const auto colon = a.peer.rfind(':');
  if (colon == std::string::npos || colon == 0) throw CLI::ValidationError("--peer", "'" + a.peer + "' is not HOST:PORT");
  c.host = a.peer.substr(0, colon);
  try {
    c.port = std::stoi(a.peer.substr(colon + 1));
  } catch (const std::exception&) {
    c.port = 0;
  }
  if (c.port < 1 || c.port > 65535) throw CLI::ValidationError("--peer", "'" + a.peer + "': the port must be 1 to 65535");
  c.calledAet = a.aet;
  c.callingAet = a.callingAet;
  c.timeoutSeconds = a.timeout;
  return c;
}

}  // namespace

void addPacsCommand(CLI::App& app, CommandContext& ctx) {
  auto* p = app.add_subcommand("pacs", "A DICOMweb PACS: echo, find, retrieve (resumable), store, store a report");
  p->require_subcommand(1);
  auto a = std::make_shared<PacsArgs>();

  auto* echo = p->add_subcommand("echo", "Check that the server answers DICOMweb queries with these credentials");
  addServerOptions(echo, *a);
  echo->callback([a] {
    pacs::DicomWebClient c(configOf(*a));
    c.echo();
    std::printf("%s: answers DICOMweb (QIDO-RS)\n", a->server.c_str());
  });

  auto* find = p->add_subcommand("find", "Studies matching the filters, or the series of --study (JSON on stdout)");
  addServerOptions(find, *a);
  find->add_option("--patient-name", a->filters.patientName, "PatientName ('*' wildcards)");
  find->add_option("--patient-id", a->filters.patientId, "PatientID ('*' wildcards)");
  find->add_option("--date-from", a->filters.studyDateFrom, "StudyDate from (YYYYMMDD)");
  find->add_option("--date-to", a->filters.studyDateTo, "StudyDate to (YYYYMMDD)");
  find->add_option("--modality", a->filters.modality, "Modality (CT, SEG, DOC ...)");
  find->add_option("--description", a->filters.description, "Study (or series) description");
  find->add_option("--limit", a->filters.limit, "At most this many studies");
  find->add_option("--study", a->study, "List this study's series instead");
  find->callback([a] {
    pacs::DicomWebClient c(configOf(*a));
    json out = json::array();
    if (a->study.empty()) {
      for (const auto& s : c.findStudies(a->filters))
        out.push_back({{"study_uid", s.studyUid}, {"patient_name", s.patientName}, {"patient_id", s.patientId},
                       {"study_date", s.studyDate}, {"description", s.description}, {"modalities", s.modalities},
                       {"series", s.series}, {"instances", s.instances}});
    } else {
      for (const auto& s : c.findSeries(a->study, a->filters))
        out.push_back({{"series_uid", s.seriesUid}, {"modality", s.modality}, {"description", s.description},
                       {"number", s.number}, {"instances", s.instances}});
    }
    std::printf("%s\n", out.dump(1).c_str());
  });

  auto* get = p->add_subcommand("retrieve", "Retrieve a series into a folder (WADO-RS); resumes where an earlier retrieve stopped");
  addServerOptions(get, *a);
  get->add_option("--study", a->study, "StudyInstanceUID")->required();
  get->add_option("--series", a->series, "SeriesInstanceUID")->required();
  get->add_option("--out", a->out, "The folder (one file per instance)")->required();
  get->callback([a, &ctx] {
    pacs::DicomWebClient c(configOf(*a));
    const auto r = c.retrieveSeries(a->study, a->series, a->out, ctx.progress());
    std::printf("%s: %d instance(s): %d fetched (%.1f MB), %d already here\n", a->out.c_str(), r.instances, r.fetched,
                r.bytes / 1e6, r.alreadyHere);
  });

  auto* put = p->add_subcommand("store", "Store DICOM files (or every file under folders) with STOW-RS");
  addServerOptions(put, *a);
  put->add_option("--study", a->study, "Store into this study (POST /studies/{uid})");
  put->add_option("files", a->files, "DICOM files or folders")->required();
  put->callback([a, &ctx] {
    pacs::DicomWebClient c(configOf(*a));
    const auto r = c.store(expand(a->files), a->study);
    std::printf("stored %d, failed %d\n", r.stored, r.failed);
    for (const auto& f : r.failures) std::fprintf(stderr, "  %s\n", f.c_str());
    if (r.failed) ctx.exitCode = static_cast<int>(ExitCode::DataWarnings);
  });

  auto d = std::make_shared<DimseArgs>();
  auto* decho = p->add_subcommand("dimse-echo", "C-ECHO (a PACS without DICOMweb)");
  addDimseOptions(decho, *d);
  decho->callback([d] {
    pacs::dimseEcho(dimseOf(*d));
    std::printf("%s@%s: C-ECHO answered\n", d->aet.c_str(), d->peer.c_str());
  });
  auto* dfind = p->add_subcommand("dimse-find", "C-FIND: studies matching the filters, or the series of --study (JSON)");
  addDimseOptions(dfind, *d);
  dfind->add_option("--patient-name", d->filters.patientName, "PatientName ('*' wildcards)");
  dfind->add_option("--patient-id", d->filters.patientId, "PatientID ('*' wildcards)");
  dfind->add_option("--modality", d->filters.modality, "ModalitiesInStudy");
  dfind->add_option("--study", d->study, "List this study's series instead");
  dfind->callback([d] {
    json out = json::array();
    if (d->study.empty()) {
      for (const auto& s : pacs::dimseFindStudies(dimseOf(*d), d->filters))
        out.push_back({{"study_uid", s.studyUid}, {"patient_name", s.patientName}, {"patient_id", s.patientId},
                       {"study_date", s.studyDate}, {"description", s.description}, {"modalities", s.modalities},
                       {"series", s.series}, {"instances", s.instances}});
    } else {
      for (const auto& s : pacs::dimseFindSeries(dimseOf(*d), d->study))
        out.push_back({{"series_uid", s.seriesUid}, {"modality", s.modality}, {"description", s.description},
                       {"number", s.number}, {"instances", s.instances}});
    }
    std::printf("%s\n", out.dump(1).c_str());
  });
  auto* dget = p->add_subcommand("dimse-retrieve", "C-GET a series into a folder, instance by instance (resumes)");
  addDimseOptions(dget, *d);
  dget->add_option("--study", d->study, "StudyInstanceUID")->required();
  dget->add_option("--series", d->series, "SeriesInstanceUID")->required();
  dget->add_option("--out", d->out, "The folder")->required();
  dget->callback([d, &ctx] {
    const auto r = pacs::dimseGetSeries(dimseOf(*d), d->study, d->series, d->out, ctx.progress());
    std::printf("%s: %d instance(s): %d fetched (%.1f MB), %d already here\n", d->out.c_str(), r.instances, r.fetched,
                r.bytes / 1e6, r.alreadyHere);
  });

  auto* rep = p->add_subcommand("store-report", "A PDF report as a DICOM Encapsulated PDF in the patient's study, stored (STOW-RS)");
  addServerOptions(rep, *a);
  rep->add_option("--pdf", a->pdf, "The report (hccws report)")->required();
  rep->add_option("--reference", a->reference, "A DICOM file of the patient's study (its patient and study are used)")->required();
  rep->add_option("--keep", a->out, "Also keep the Encapsulated PDF file here");
  rep->callback([a] {
    const std::string dcm = a->out.empty() ? (fs::temp_directory_path() / ("hccws-report-" + std::to_string(::getpid()) + ".dcm")).string() : a->out;
    pacs::PdfContext pc;
    pc.referenceFile = a->reference;
    const std::string uid = pacs::writeEncapsulatedPdf(a->pdf, pc, dcm);
    pacs::DicomWebClient c(configOf(*a));
    const auto r = c.store({dcm});
    if (a->out.empty()) fs::remove(dcm);
    if (r.failed) throw pacs::PacsError(r.failures.front(), 0);
    std::printf("report stored as Encapsulated PDF %s\n", uid.c_str());
  });
}

}  // namespace hccws::cli
