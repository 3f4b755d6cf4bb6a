// File > Query PACS (issue 18) against a real Orthanc started by the test: the real HCC_048 series stored, found
// by patient ID in the dialog, its series listed, retrieved into the dialog's cache off the UI thread and opened by
// the window through the normal loader; the cache kept under its size limit. Real patient data (TCIA, CC BY 4.0).
#include "gui/main_window.h"
#include "gui/pacs_dialog.h"
#include "orthanc_fixture.h"
#include "skip.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/label_map.h>
#include <hccws/pacs/dicomweb.h>

#include <catch2/catch.hpp>

#include <QDir>
#include <QSignalSpy>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace hccws;
namespace fs = std::filesystem;

TEST_CASE("Query PACS: find HCC_048 on Orthanc, retrieve it into the cache and open it", "[gui][pacs][data]") {
  if (!test::orthancInstalled()) test::skipTest("Orthanc is not installed (Debian packages orthanc and orthanc-dicomweb)");
  const std::string series = test::sharedData("hcc048_pv");
  const std::string root = test::scratchDir("gui_pacs");
  test::OrthancServer o(root + "/orthanc");
  REQUIRE(o.start());
  pacs::ServerConfig server;
  server.name = "test Orthanc";
  server.url = o.url;
  server.user = "hccws";
  server.password = "s3cret";
  {
    pacs::DicomWebClient c(server);
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(series))
      if (e.path().extension() == ".dcm") files.push_back(e.path().string());
    REQUIRE(c.store(files).stored == 89);
  }
  gui::MainWindow w;
  w.setProperty("hccwsNoDialogs", true);
  w.resize(1400, 900);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  gui::PacsDialog* d = w.pacsDialog();
  d->setServer(server);
  d->setCache(QString::fromStdString(root + "/cache"), qint64(200) << 20);
  pacs::QueryFilters f;
  f.patientId = "Patient_0*";
  d->setFilters(f);
  d->show();
  QSignalSpy searched(d, &gui::PacsDialog::searched), listed(d, &gui::PacsDialog::seriesListed),
      retrieved(d, &gui::PacsDialog::retrieved);
  QSignalSpy shown(&w, &gui::MainWindow::studyShown);
  REQUIRE(d->search());
  REQUIRE(searched.wait(30000));
  INFO(d->statusText().toStdString());
  REQUIRE(searched.first().at(1).toString().isEmpty());
  REQUIRE(d->studyCount() == 1);
  REQUIRE(d->listSeries(0));
  REQUIRE(listed.wait(30000));
  REQUIRE(d->seriesCount() == 1);
  REQUIRE(d->retrieve(0));
  REQUIRE(retrieved.wait(60000));
  const QString folder = retrieved.first().at(0).toString();
  REQUIRE_FALSE(folder.isEmpty());
  CHECK(folder.startsWith(QString::fromStdString(root + "/cache")));
  CHECK(QDir(folder).entryList(QDir::Files).size() == 89);
  CHECK(d->statusText().contains(QStringLiteral("89 retrieved")));
  // the window opens it through the normal loader
  REQUIRE(shown.wait(60000));
  REQUIRE(w.study().phases.size() == 1);
  CHECK(w.study().patientId == "Patient_01");
  // Send to PACS: a small segmentation on the retrieved series kept in a case (with its DICOM SEG), its report
  // exported; both go back into the patient's study and are found there
  {
    core::LabelMap labels;
    labels.labels = core::Volume<std::uint8_t>(w.phaseVolume(0)->geometry(), 0);
    const auto dims = labels.labels.geometry().dims;
    for (std::size_t k = dims[2] / 2 - 2; k < dims[2] / 2 + 2; ++k)
      for (std::size_t j = dims[1] / 2 - 10; j < dims[1] / 2 + 10; ++j)
        for (std::size_t i = dims[0] / 2 - 10; i < dims[0] / 2 + 10; ++i) labels.labels.at(i, j, k) = 1;
    QSignalSpy seg(&w, &gui::MainWindow::segmentationShown);
    w.showSegmentation(std::move(labels));
    const std::string caseDir = root + "/case";
    REQUIRE(w.saveCaseAs(QString::fromStdString(caseDir)));
    REQUIRE_FALSE(w.caseFolder()->manifest().segmentation->dicomSeg.empty());
    QSignalSpy exported(&w, &gui::MainWindow::reportExported);
    REQUIRE(w.exportReport(QString::fromStdString(root + "/report.pdf")));
    REQUIRE(exported.wait(120000));
    REQUIRE(exported.first().at(1).toBool());
    REQUIRE(w.saveCase());  // as File > Send case to PACS does: the report's record is in the saved case
    QSignalSpy sent(d, &gui::PacsDialog::sent);
    REQUIRE(d->sendCase(QString::fromStdString(caseDir)));
    REQUIRE(sent.wait(60000));
    INFO(d->statusText().toStdString());
    CHECK(sent.first().at(0).toInt() == 2);
    pacs::DicomWebClient c(server);
    std::set<std::string> modalities;
    for (const auto& s : c.findSeries(c.findStudies({}).front().studyUid)) modalities.insert(s.modality);
    CHECK(modalities.count("SEG") == 1);
    CHECK(modalities.count("DOC") == 1);
  }
  // a wrong password: the search says so, nothing else happens
  server.password = "nope";
  d->setServer(server);
  searched.clear();
  REQUIRE(d->search());
  REQUIRE(searched.wait(30000));
  CHECK(searched.first().at(1).toString().contains(QStringLiteral("refused the credentials")));
  // the cache limit: two older series folders of 1 MiB each and a limit of the retrieved series plus 1.5 MiB: the
  // oldest goes, the retrieved one stays
  for (const char* name : {"old1", "old2"}) {
    const std::string dir = root + "/cache/study/" + name;
    fs::create_directories(dir);
    std::ofstream(dir + "/x.bin") << std::string(1 << 20, 'x');
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }
  qint64 seriesBytes = 0;
  for (const auto& e : fs::directory_iterator(folder.toStdString())) seriesBytes += static_cast<qint64>(e.file_size());
  const QStringList removed =
      gui::PacsDialog::enforceCacheLimit(QString::fromStdString(root + "/cache"), seriesBytes + (qint64(3) << 19), folder);
  INFO(removed.join(QStringLiteral(", ")).toStdString());
  CHECK(removed.size() == 1);
  CHECK(removed.value(0).endsWith(QStringLiteral("old1")));
  CHECK(QDir(folder).exists());
  o.stop();
}
