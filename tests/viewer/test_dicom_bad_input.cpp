// Bad DICOM input built from copies of real files: each case gives a clear message naming the file and the
// problem (an ImagingError or a Diagnostic), never a crash.
#include "support.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace hccws::core;
using hccws::test::scratchDir;
using hccws::test::sharedData;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> hccFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(sharedData("hcc048_pv")))
    if (e.path().extension() == ".dcm") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string copyInto(const std::string& file, const std::string& dir) {
  const fs::path to = fs::path(dir) / fs::path(file).filename();
  fs::copy_file(file, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write);
  return to.string();
}

const Diagnostic* findDiagnostic(const std::vector<Diagnostic>& d, const std::string& text) {
  auto it = std::find_if(d.begin(), d.end(), [&](const Diagnostic& x) { return x.message.find(text) != std::string::npos; });
  return it == d.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("an empty folder is an error naming the folder", "[dicom][bad]") {
  const std::string dir = scratchDir("bad_empty");
  try {
    loadStudy(dir);
    FAIL("no error");
  } catch (const ImagingError& e) {
    CHECK(e.file() == dir);
    CHECK(std::string(e.what()).find("empty") != std::string::npos);
  }
}

TEST_CASE("a path that does not exist is an error naming it", "[dicom][bad]") {
  const std::string path = scratchDir("bad_missing") + "/no/such/folder";
  CHECK_THROWS_WITH(loadStudy(path), Catch::Contains(path) && Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(scanDicomFolder(path), Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(readCtImage(path + ".nii.gz"), Catch::Contains("does not exist"));
}

TEST_CASE("non-DICOM files: an error when nothing else is there, a warning beside a series", "[dicom][bad]") {
  const std::string dir = scratchDir("bad_nondicom");
  std::ofstream(dir + "/notes.txt") << "not an image\n";
  copyInto(sharedData("totalseg_example/example_ct_sm.nii.gz"), dir);
  CHECK_THROWS_WITH(loadStudy(dir), Catch::Contains("no readable DICOM images") && Catch::Contains("notes.txt") &&
                                        Catch::Contains("example_ct_sm.nii.gz"));
  const auto files = hccFiles();
  for (std::size_t n = 0; n < 4; ++n) copyInto(files[n], dir);
  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 1);
  CHECK(scan.series.front().slices.size() == 4);
  const Diagnostic* d = findDiagnostic(scan.diagnostics, "non-DICOM");
  REQUIRE(d);
  CHECK(d->severity == Severity::Warning);
  CHECK(d->message.find("notes.txt") != std::string::npos);
}

TEST_CASE("a truncated file is skipped with a warning naming it", "[dicom][bad]") {
  const std::string dir = scratchDir("bad_truncated");
  const auto files = hccFiles();
  std::vector<std::string> copies;
  for (std::size_t n = 0; n < 5; ++n) copies.push_back(copyInto(files[n], dir));
  fs::resize_file(copies[2], 200000);
  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 1);
  CHECK(scan.series.front().slices.size() == 4);
  const Diagnostic* d = findDiagnostic(scan.diagnostics, "truncated");
  REQUIRE(d);
  CHECK(d->file == copies[2]);
  CHECK(d->severity == Severity::Warning);

  // Cut after the scan: reading names the file instead of crashing.
  fs::resize_file(copies[3], 100000);
  DicomSeries s = scan.series.front();
  try {
    readDicomSeries(s);
    FAIL("no error");
  } catch (const ImagingError& e) {
    CHECK(e.file() == copies[3]);
  }
  // A folder holding only a cut file: an error naming it.
  const std::string only = scratchDir("bad_truncated_only");
  fs::resize_file(copyInto(files[0], only), 1000);
  CHECK_THROWS_WITH(loadStudy(only), Catch::Contains(fs::path(files[0]).filename().string()));
}

TEST_CASE("two series in one folder are reported separately, not merged", "[dicom][bad]") {
  const std::string dir = scratchDir("bad_two_series");
  const auto files = hccFiles();
  for (std::size_t n = 0; n < 6; ++n) copyInto(files[n], dir);
  for (const char* f : {"01.dcm", "02.dcm", "03.dcm"}) {
    fs::copy_file(sharedData(std::string("dcmqi_liver/ct-3slice/") + f), fs::path(dir) / (std::string("x") + f));
  }
  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 2);
  CHECK(scan.series[0].source.seriesInstanceUid != scan.series[1].source.seriesInstanceUid);
  std::vector<std::size_t> sizes{scan.series[0].slices.size(), scan.series[1].slices.size()};
  std::sort(sizes.begin(), sizes.end());
  CHECK(sizes == std::vector<std::size_t>{3, 6});
  const Study study = loadStudy(dir);
  CHECK(study.phases.size() == 2);
}

TEST_CASE("a missing slice gives a warning naming the neighbours", "[dicom][bad]") {
  const DicomScan full = scanDicomFolder(sharedData("hcc048_pv"));
  REQUIRE(full.series.size() == 1);
  const auto& sorted = full.series.front().source.files;
  const std::string dir = scratchDir("bad_missing_slice");
  for (std::size_t k = 0; k < sorted.size(); ++k)
    if (k != 40) copyInto(sorted[k], dir);
  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 1);
  const Diagnostic* d = findDiagnostic(scan.series.front().diagnostics, "missing slice");
  REQUIRE(d);
  INFO(d->message);
  CHECK(d->severity == Severity::Warning);
  CHECK(fs::path(d->file).filename() == fs::path(sorted[41]).filename());
  CHECK(d->message.find(fs::path(sorted[39]).filename().string()) != std::string::npos);
  CHECK(d->message.find("5.00 mm") != std::string::npos);
  CHECK(d->message.find("filled by interpolating") != std::string::npos);
  // The gap is filled, so every file keeps its true place and distances stay right.
  const DicomSeries& s = scan.series.front();
  CHECK(s.geometry.spacingMm[2] == Approx(2.5));
  CHECK(s.geometry.dims[2] == 89);
  CHECK(s.slices.size() == 88);
  const CtVolume ct = readDicomSeries(s);
  for (std::size_t n = 0; n < s.slices.size(); ++n)
    CHECK(ct.geometry().indexToWorld({0, 0, double(s.sliceIndex[n])})[2] == Approx(s.slices[n].positionLps[2]));
  const CtVolume original = readDicomSeries(full.series.front());
  for (std::size_t i : {100u, 256u, 400u}) {
    const int expected = (original.at(i, 256, 39) + original.at(i, 256, 41)) / 2;
    CHECK(std::abs(ct.at(i, 256, 40) - expected) <= 1);
    CHECK(ct.at(i, 256, 41) == original.at(i, 256, 41));
  }
}
