// Case folders on disk: create, save (atomic; the previous version kept), the journal and recovery, the lock
// (a second writer gets the case read-only and cannot write), a changed source reported, damaged files named.
#include "case_edits.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>
#include <hccws/case/source_hash.h>
#include <hccws/core/dicom_seg.h>
#include <hccws/core/dicom_series.h>
#include <hccws/core/dicom_writer.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace hccws;
using namespace hccws::cases;
namespace fs = std::filesystem;

namespace {

// A source series: a folder of a few small files (the hash reads names and bytes, not DICOM).
std::string makeSource(const std::string& dir) {
  fs::create_directories(dir + "/sub");
  for (int n = 0; n < 3; ++n) std::ofstream(dir + "/f" + std::to_string(n) + ".dcm") << "slice " << n;
  std::ofstream(dir + "/sub/g.dcm") << "nested";
  return dir;
}

CaseManifest newManifest(const std::string& source) {
  CaseManifest m;
  m.patientId = "CASE-TEST";
  SourceSeries s;
  s.path = source;
  s.phase = "portal_venous";
  m.sources.push_back(s);
  return m;
}

bool sameLabels(const core::LabelMap& a, const core::LabelMap& b) { return a.labels.buffer() == b.labels.buffer(); }

}  // namespace

TEST_CASE("case folder: create, save, reopen; the previous save is kept as case.json.bak", "[case][folder]") {
  const std::string root = test::scratchDir("case_folder_create");
  const std::string src = makeSource(root + "/series");
  core::LabelMap labels = test::afterEdits(5);
  {
    CaseFolder c = CaseFolder::create(root + "/case", newManifest(src), &labels, "hccws test");
    CHECK(c.manifest().generation == 1);
    CHECK(c.manifest().sources[0].files == 4);
    CHECK(c.manifest().sources[0].sha256.size() == 64);
    CHECK(fs::exists(root + "/case/segmentation-1.nrrd"));
    CHECK_FALSE(fs::exists(root + "/case/case.json.bak"));
    c.manifest().note = "second save";
    test::applyEdit(6, labels);
    c.journalLabels("edit 6", test::editBox(6), labels);
    c.save(&labels);
    CHECK(c.manifest().generation == 2);
    CHECK(fs::exists(root + "/case/case.json.bak"));
    // the files named by case.json and case.json.bak are kept, older ones go
    c.save(&labels);
    CHECK_FALSE(fs::exists(root + "/case/segmentation-1.nrrd"));
    CHECK(fs::exists(root + "/case/segmentation-2.nrrd"));
    CHECK(fs::exists(root + "/case/segmentation-3.nrrd"));
  }
  CaseFolder c = CaseFolder::open(root + "/case");
  CHECK_FALSE(c.readOnly());
  CHECK(c.manifest().note == "second save");
  CHECK(c.manifest().program == "hccws");
  CHECK_FALSE(c.pending().any());
  const auto saved = c.readSavedSegmentation();
  REQUIRE(saved);
  CHECK(sameLabels(*saved, test::afterEdits(6)));
  std::ifstream bak(root + "/case/case.json.bak");
  const std::string bakText((std::istreambuf_iterator<char>(bak)), std::istreambuf_iterator<char>());
  CHECK(parseManifest(bakText, "case.json.bak").generation == 2);
  CHECK_THROWS_WITH(CaseFolder::create(root + "/case", newManifest(src)), Catch::Matchers::Contains("empty or new folder"));
}

TEST_CASE("case folder: edits after the last save are recovered from the journal", "[case][journal]") {
  const std::string root = test::scratchDir("case_folder_journal");
  const std::string src = makeSource(root + "/series");
  core::LabelMap labels = test::afterEdits(3);
  {
    CaseFolder c = CaseFolder::create(root + "/case", newManifest(src), &labels);
    for (std::uint64_t n = 4; n <= 9; ++n) {
      test::applyEdit(n, labels);
      c.journalLabels("edit " + std::to_string(n), test::editBox(n), labels);
    }
    c.manifest().note = "typed after the save";
    c.manifest().arm = "HAIC";
    c.journalManifest();
    // no save: the process "dies" here
  }
  CaseFolder c = CaseFolder::open(root + "/case");
  CHECK(c.pending().labelPatches == 6);
  CHECK(c.pending().manifestSnapshots == 1);
  CHECK_FALSE(c.pending().tornTail);
  core::LabelMap back = *c.readSavedSegmentation();
  CHECK(sameLabels(back, test::afterEdits(3)));
  // saving without applying or discarding the journal would lose it
  CHECK_THROWS_WITH(c.save(nullptr), Catch::Matchers::Contains("recover or discard"));
  c.recover(&back);
  CHECK(sameLabels(back, test::afterEdits(9)));
  CHECK(c.manifest().note == "typed after the save");
  CHECK(c.manifest().arm == "HAIC");
  CHECK(c.manifest().segmentation->version == 6);
  CHECK_THROWS_WITH(c.save(nullptr), Catch::Matchers::Contains("edit(s) since the last save"));
  c.save(&back);
  CaseFolder again = CaseFolder::open(root + "/case", true);
  CHECK_FALSE(again.pending().any());
  CHECK(sameLabels(*again.readSavedSegmentation(), test::afterEdits(9)));
}

TEST_CASE("case folder: a torn last record is the edit in progress; the records before it are kept",
          "[case][journal]") {
  const std::string root = test::scratchDir("case_folder_torn");
  core::LabelMap labels = test::caseGrid();
  {
    CaseFolder c = CaseFolder::create(root + "/case", newManifest(makeSource(root + "/series")), &labels);
    for (std::uint64_t n = 1; n <= 4; ++n) {
      test::applyEdit(n, labels);
      c.journalLabels("edit", test::editBox(n), labels);
    }
  }
  const std::string journal = root + "/case/journal.bin";
  const auto size = fs::file_size(journal);
  fs::resize_file(journal, size - 5);  // the fourth record cut short
  {
    CaseFolder c = CaseFolder::open(root + "/case");
    CHECK(c.pending().labelPatches == 3);
    CHECK(c.pending().tornTail);
    CHECK_FALSE(c.pending().problem.empty());
    core::LabelMap back = *c.readSavedSegmentation();
    c.recover(&back);
    CHECK(sameLabels(back, test::afterEdits(3)));
    // editing goes on after the good records (the torn bytes were cut)
    test::applyEdit(4, back);
    c.journalLabels("edit 4 again", test::editBox(4), back);
  }
  {
    CaseFolder c = CaseFolder::open(root + "/case");
    CHECK(c.pending().labelPatches == 4);
    CHECK_FALSE(c.pending().tornTail);
    core::LabelMap back = *c.readSavedSegmentation();
    c.recover(&back);
    CHECK(sameLabels(back, test::afterEdits(4)));
  }
  // a byte flipped in the last record (its checksum): that record fails, the ones before it stay
  {
    std::fstream f(journal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(-1, std::ios::end);
    const char last = static_cast<char>(f.get());
    f.seekp(-1, std::ios::end);
    f.put(static_cast<char>(last ^ 0x5A));
  }
  CaseFolder c = CaseFolder::open(root + "/case", true);
  CHECK(c.pending().labelPatches == 3);
  CHECK(c.pending().tornTail);
  CHECK_THAT(c.pending().problem, Catch::Matchers::Contains("checksum"));
}

TEST_CASE("case folder: a second writer gets the case read-only, naming the holder; it cannot write",
          "[case][lock]") {
  const std::string root = test::scratchDir("case_folder_lock");
  core::LabelMap labels = test::caseGrid();
  CaseFolder first = CaseFolder::create(root + "/case", newManifest(makeSource(root + "/series")), &labels);
  CaseFolder second = CaseFolder::open(root + "/case");
  CHECK(second.readOnly());
  CHECK_THAT(second.readOnlyReason(), Catch::Matchers::Contains("process") && Catch::Matchers::Contains("since"));
  CHECK_THROWS_WITH(second.save(&labels), Catch::Matchers::Contains("read-only"));
  CHECK_THROWS_WITH(second.journalLabels("x", test::editBox(1), labels), Catch::Matchers::Contains("read-only"));
  CHECK_THROWS_WITH(second.journalManifest(), Catch::Matchers::Contains("read-only"));
  // the first still writes; after it closes, the case opens for writing again
  first.manifest().note = "still mine";
  first.save(&labels);
  { CaseFolder gone = std::move(first); }
  CaseFolder third = CaseFolder::open(root + "/case");
  CHECK_FALSE(third.readOnly());
  CHECK(third.manifest().note == "still mine");
}

TEST_CASE("case folder: a changed, moved or unrecorded source is reported", "[case][sources]") {
  const std::string root = test::scratchDir("case_folder_sources");
  const std::string src = makeSource(root + "/series");
  CaseManifest m = newManifest(src);
  SourceSeries other;
  other.path = root + "/other.nii";
  std::ofstream(other.path) << "volume";
  m.sources.push_back(other);
  CaseFolder c = CaseFolder::create(root + "/case", m);
  auto checks = c.checkSources();
  REQUIRE(checks.size() == 2);
  CHECK(checks[0].state == SourceCheck::State::Same);
  CHECK(checks[1].state == SourceCheck::State::Same);
  std::ofstream(src + "/f1.dcm", std::ios::app) << "!";  // one byte more in one file
  fs::remove(other.path);
  checks = c.checkSources();
  CHECK(checks[0].state == SourceCheck::State::Changed);
  CHECK_THAT(checks[0].detail, Catch::Matchers::Contains("differs"));
  CHECK(checks[1].state == SourceCheck::State::Missing);
  // renaming a file inside the folder is a change too (names are hashed)
  const SourceDigest before = hashSource(src);
  fs::rename(src + "/f2.dcm", src + "/f9.dcm");
  CHECK(hashSource(src).sha256 != before.sha256);
  c.manifest().sources[0].sha256.clear();
  CHECK(c.checkSources()[0].state == SourceCheck::State::NotRecorded);
}

TEST_CASE("case folder: damaged or foreign folders are refused with the file and the problem", "[case][folder]") {
  using Catch::Matchers::Contains;
  const std::string root = test::scratchDir("case_folder_damaged");
  CHECK_THROWS_WITH(CaseFolder::open(root), Contains("not a case folder"));
  core::LabelMap labels = test::caseGrid();
  { CaseFolder c = CaseFolder::create(root + "/case", newManifest(makeSource(root + "/series")), &labels); }
  fs::remove(root + "/case/segmentation-1.nrrd");
  CHECK_THROWS_WITH(CaseFolder::open(root + "/case"), Contains("segmentation-1.nrrd is missing"));
  std::ofstream(root + "/case/case.json") << "{\"format\": \"hccws-case\", \"format_version\": 2, \"sources\": 3}";
  CHECK_THROWS_WITH(CaseFolder::open(root + "/case"), Contains("case.json") && Contains("'sources' must be an array"));
}

TEST_CASE("case folder: a segmentation on a DICOM series is also kept as a DICOM SEG referencing it", "[case][dicom]") {
  const std::string root = test::scratchDir("case_folder_seg");
  core::PhantomOptions o;
  o.dims = {32, 28, 6};
  o.spacingMm = {6.0, 6.5, 7.5};
  o.phases = {core::PhaseKind::PortalVenous};
  const core::Phantom ph = core::generatePhantom(o);
  core::DicomWriteOptions w;
  w.patientId = "CASE-SEG";
  w.patientName = "Case^Seg";
  core::writeDicomSeries(ph.phases.front().volume, w, root + "/ct");
  const core::Study study = core::loadStudy(root + "/ct");
  REQUIRE(study.phases.size() == 1);
  const core::SeriesSource& series = study.phases.front().source;
  CaseManifest m = newManifest(root + "/ct");
  m.segmentation = SegmentationRecord{};
  m.segmentation->madeBy = "model 'demo' (synthetic)";
  core::LabelMap labels = ph.truthLabels;
  CaseFolder c = CaseFolder::create(root + "/case", m, &labels, "hccws test", &series);
  REQUIRE(c.manifest().segmentation->dicomSeg == "segmentation-1.dcm");
  const std::string seg1 = root + "/case/segmentation-1.dcm";
  REQUIRE(core::isDicomSegFile(seg1));
  core::SegmentSet set = core::readDicomSeg(seg1, study.phases.front().volume.geometry());
  CHECK(set.referencedSeriesInstanceUid == series.seriesInstanceUid);
  CHECK(set.patientId == "CASE-SEG");
  CHECK(set.segments.front().algorithmType == "SEMIAUTOMATIC");
  CHECK(core::labelMapFromSegmentSet(set).labels.buffer() == labels.labels.buffer());
  // an edit saved: a new SEG of the new labels; the one of the backup kept, older ones removed
  labels.labels.at(3, 3, 3) = 2;
  c.journalLabels("one voxel", core::IndexBox::whole(labels.labels.dims()), labels);
  c.save(&labels, "hccws test", &series);
  c.save(&labels, "hccws test", &series);
  CHECK(c.manifest().segmentation->dicomSeg == "segmentation-3.dcm");
  CHECK(core::labelMapFromSegmentSet(core::readDicomSeg(root + "/case/segmentation-3.dcm")).labels.at(3, 3, 3) == 2);
  CHECK(fs::exists(root + "/case/segmentation-2.dcm"));  // named by case.json.bak
  CHECK_FALSE(fs::exists(seg1));
  // saved without the series (an image file): no SEG claims to describe the new labels
  c.save(&labels, "hccws test");
  CHECK(c.manifest().segmentation->dicomSeg.empty());
  CHECK(c.saveWarning().empty());
  // a series whose files are not DICOM (damaged, replaced): the case is saved, without a SEG, saying why
  core::SeriesSource broken = series;
  broken.files = {root + "/series-gone/slice1.dcm"};
  c.save(&labels, "hccws test", &broken);
  CHECK(c.manifest().segmentation->dicomSeg.empty());
  CHECK_THAT(c.saveWarning(), Catch::Matchers::Contains("DICOM SEG") && Catch::Matchers::Contains("slice1.dcm"));
  CHECK(CaseFolder::open(root + "/case", true).manifest().generation == c.manifest().generation);
}

TEST_CASE("case folder: heatmaps and key-image snapshots no save names are removed; named ones are kept",
          "[case][folder]") {
  const std::string root = test::scratchDir("case_folder_owned");
  const std::string src = makeSource(root + "/series");
  core::LabelMap labels = test::afterEdits(2);
  CaseFolder c = CaseFolder::create(root + "/case", newManifest(src), &labels, "hccws test");
  fs::create_directories(root + "/case/heatmaps");
  fs::create_directories(root + "/case/keyimages");
  for (const char* f : {"heatmaps/a-1.nii.gz", "heatmaps/b-2.nii.gz", "keyimages/3d-1.png", "keyimages/3d-2.png"})
    std::ofstream(root + "/case/" + f) << "x";
  std::ofstream(root + "/case/my-notes.txt") << "the user's file";  // not the case's: never touched
  recordResult(c.manifest(), "pmn", {{"p_proliferative", 0.5}}, {"segmentation"}, "test", {"heatmaps/a-1.nii.gz"});
  KeyImage k;
  k.view = "3d";
  k.file = "keyimages/3d-1.png";
  c.manifest().keyImages.push_back(k);
  c.journalManifest();
  c.save(&labels);
  CHECK(fs::exists(root + "/case/heatmaps/a-1.nii.gz"));
  CHECK(fs::exists(root + "/case/keyimages/3d-1.png"));
  CHECK_FALSE(fs::exists(root + "/case/heatmaps/b-2.nii.gz"));
  CHECK_FALSE(fs::exists(root + "/case/keyimages/3d-2.png"));
  CHECK(fs::exists(root + "/case/my-notes.txt"));
  // replaced: kept while case.json.bak names it, gone one save later
  c.manifest().keyImages.clear();
  c.manifest().results.erase("pmn");
  c.journalManifest();
  c.save(&labels);
  CHECK(fs::exists(root + "/case/keyimages/3d-1.png"));
  c.save(&labels);
  CHECK_FALSE(fs::exists(root + "/case/keyimages/3d-1.png"));
  CHECK_FALSE(fs::exists(root + "/case/heatmaps/a-1.nii.gz"));
}
