// DICOM scanning, sorting and reading on the real series in ../shared/data, and the stack checks on
// made-up headers (every rule with a hand-known answer).
#include "support.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace hccws::core;
using hccws::test::sharedData;

namespace {

bool hasDiagnostic(const std::vector<Diagnostic>& d, const std::string& text, Severity s = Severity::Warning) {
  return std::any_of(d.begin(), d.end(), [&](const Diagnostic& x) {
    return x.severity == s && x.message.find(text) != std::string::npos;
  });
}

DicomSliceHeader slice(const std::string& file, double z, int instance) {
  DicomSliceHeader h;
  h.file = file;
  h.seriesInstanceUid = "1.2.3";
  h.modality = "CT";
  h.imageType = "ORIGINAL\\PRIMARY\\AXIAL";
  h.rows = 4;
  h.columns = 5;
  h.rowSpacingMm = 0.8;
  h.columnSpacingMm = 0.7;
  h.hasPixelSpacing = true;
  h.positionLps = {-10, -20, z};
  h.hasPosition = h.hasOrientation = true;
  h.instanceNumber = instance;
  return h;
}

}  // namespace

TEST_CASE("HCC portal venous series loads as one correctly ordered 512x512x89 volume", "[dicom][real]") {
  const std::string folder = sharedData("hcc048_pv");
  const DicomScan scan = scanDicomFolder(folder);
  REQUIRE(scan.series.size() == 1);
  const DicomSeries& s = scan.series.front();
  CHECK(s.loadable);
  CHECK(s.kind == SeriesKind::Image);
  REQUIRE(s.slices.size() == 89);
  // The README and LICENSE files are skipped with a warning naming them.
  CHECK(hasDiagnostic(scan.diagnostics, "ATTRIBUTION.md"));
  // No stack warnings on this clean series.
  for (const auto& d : s.diagnostics) CHECK(d.severity == Severity::Info);

  // Positions strictly increase along the normal; the file-name order is not that order.
  const Vec3 normal = s.geometry.sliceNormal();
  bool fileOrder = true;
  for (std::size_t k = 1; k < s.slices.size(); ++k) {
    CHECK(dot(s.slices[k].positionLps, normal) > dot(s.slices[k - 1].positionLps, normal));
    fileOrder = fileOrder && s.slices[k].file > s.slices[k - 1].file;
  }
  CHECK_FALSE(fileOrder);

  const Geometry& g = s.geometry;
  CHECK(g.dims == Dims3{512, 512, 89});
  CHECK(g.spacingMm[0] == Approx(0.703125));
  CHECK(g.spacingMm[1] == Approx(0.703125));
  CHECK(g.spacingMm[2] == Approx(2.5));
  CHECK(g.originLps[0] == Approx(s.slices.front().positionLps[0]));
  CHECK(g.originLps[1] == Approx(s.slices.front().positionLps[1]));
  CHECK(g.originLps[2] == Approx(s.slices.front().positionLps[2]));
  CHECK(g.orientationCode() == "LPS");
  // Slice k sits where its file says.
  for (std::size_t k : {std::size_t(0), std::size_t(44), std::size_t(88)})
    CHECK(g.indexToWorld({0, 0, double(k)})[2] == Approx(s.slices[k].positionLps[2]));

  // SeriesSource is filled from the headers.
  CHECK(s.source.seriesDescription == "Recon 3: LIVER 2 PHASE (C/A/P)");
  CHECK(s.source.seriesNumber == 6);
  CHECK(s.source.modality == "CT");
  CHECK(s.source.patientId == "Patient_01");
  CHECK(s.source.studyDate == "20010812");
  CHECK(s.source.seriesInstanceUid == "1.3.6.1.4.1.14519.5.2.1.1706.8374.212512542241432476118639218381");
  CHECK(s.source.windowCenter == Approx(40));
  CHECK(s.source.windowWidth == Approx(400));
  CHECK(s.contrastBolusRoute == "Oral & IV");
  CHECK(s.source.files.size() == 89);

  const CtVolume ct = readDicomSeries(s);
  CHECK(ct.geometry().sameGrid(g));
  const auto [mn, mx] = std::minmax_element(ct.buffer().begin(), ct.buffer().end());
  // Padding (-2000 stored, -3024 HU) became air.
  CHECK(*mn >= -1024);
  CHECK(*mx > 1000);
  // Centre of the middle slice lies inside the body: soft tissue, not air.
  CHECK(ct.at(256, 256, 44) > -200);
}

TEST_CASE("loadStudy on the HCC folder gives one portal venous phase", "[dicom][real][phase]") {
  const Study study = loadStudy(sharedData("hcc048_pv"));
  REQUIRE(study.phases.size() == 1);
  const Phase& p = study.phases.front();
  CHECK(p.volume.dims() == Dims3{512, 512, 89});
  CHECK(p.decision.kind == PhaseKind::PortalVenous);
  CHECK(p.decision.confidence > 0);
  CHECK_FALSE(p.decision.reason.empty());
  CHECK(study.patientId == "Patient_01");
  INFO(p.decision.reason);
}

TEST_CASE("JPEG 2000 lossless series decodes to sensible HU", "[dicom][real]") {
  const DicomScan scan = scanDicomFolder(sharedData("totalseg_example/example_ct_dicom"));
  REQUIRE(scan.series.size() == 1);
  const DicomSeries& s = scan.series.front();
  CHECK(s.slices.front().transferSyntaxUid == "1.2.840.10008.1.2.4.90");
  // This export has an empty SeriesInstanceUID: grouped by the fallback key, with a note.
  CHECK(hasDiagnostic(s.diagnostics, "no SeriesInstanceUID", Severity::Info));
  CHECK(s.geometry.dims == Dims3{512, 512, 20});
  const CtVolume ct = readDicomSeries(s);
  const auto [mn, mx] = std::minmax_element(ct.buffer().begin(), ct.buffer().end());
  CHECK(*mn >= -1100);
  CHECK(*mn <= -900);
  CHECK(*mx > 300);
  CHECK(*mx < 4000);
  CHECK(ct.at(256, 300, 10) > -200);  // inside the body
}

TEST_CASE("dcmqi 3-slice CT and its manual NRRD liver label line up in world coordinates", "[dicom][real][io]") {
  const Study study = loadStudy(sharedData("dcmqi_liver/ct-3slice"));
  REQUIRE(study.phases.size() == 1);
  const CtVolume& ct = study.phases.front().volume;
  REQUIRE(ct.dims()[2] == 3);
  const LabelMap label = readLabelMap(sharedData("dcmqi_liver/liver_seg.nrrd"));
  // Do not assume the same grid: map each label voxel through world coordinates onto the CT grid.
  double sum = 0;
  std::size_t n = 0, outside = 0;
  const auto& lg = label.labels.geometry();
  for (std::size_t k = 0; k < lg.dims[2]; ++k)
    for (std::size_t j = 0; j < lg.dims[1]; ++j)
      for (std::size_t i = 0; i < lg.dims[0]; ++i) {
        if (label.labels.at(i, j, k) == 0) continue;
        const Vec3 ijk = ct.geometry().worldToIndex(lg.indexToWorld({double(i), double(j), double(k)}));
        const long a = std::lround(ijk[0]), b = std::lround(ijk[1]), c = std::lround(ijk[2]);
        if (!ct.geometry().containsIndex(a, b, c)) {
          ++outside;
          continue;
        }
        sum += ct.at(a, b, c);
        ++n;
      }
  REQUIRE(n > 1000);
  CHECK(outside == 0);
  const double mean = sum / n;
  INFO("mean HU inside the liver label: " << mean);
  CHECK(mean > 20);
  CHECK(mean < 200);
}

TEST_CASE("stack checks: sorting by position, gaps, uneven steps, duplicates", "[dicom][rules]") {
  std::vector<DicomSliceHeader> h;
  // Instance numbers run backwards and file names are shuffled: only positions give the order.
  const double z[] = {0, 2, 4, 6, 10, 12, 14.5, 16.5};
  for (int n = 0; n < 8; ++n) h.push_back(slice("f" + std::to_string((n * 5) % 8), z[n], 100 - n));
  h.push_back(slice("dup", 12, 7));
  std::reverse(h.begin(), h.end());
  const auto series = assembleSeries(h, "/data");
  REQUIRE(series.size() == 1);
  const DicomSeries& s = series.front();
  REQUIRE(s.slices.size() == 8);
  for (std::size_t k = 0; k < 8; ++k) CHECK(s.slices[k].positionLps[2] == z[k]);
  CHECK(s.geometry.spacingMm[2] == Approx(2.0));
  CHECK(s.geometry.spacingMm[0] == Approx(0.7));  // column spacing along i
  CHECK(s.geometry.spacingMm[1] == Approx(0.8));
  CHECK(s.geometry.dims == Dims3{5, 4, 8});
  CHECK(s.geometry.originLps[2] == 0);
  CHECK(hasDiagnostic(s.diagnostics, "missing slice(s) between f7 and f4"));
  CHECK(hasDiagnostic(s.diagnostics, "uneven slice spacing"));
  CHECK(hasDiagnostic(s.diagnostics, "same position"));
}

TEST_CASE("stack checks: tilt, mixed sizes, localizers, derived and non-CT", "[dicom][rules]") {
  std::vector<DicomSliceHeader> h;
  for (int n = 0; n < 5; ++n) {
    auto x = slice("t" + std::to_string(n), 2.0 * n, n);
    x.positionLps[1] += 0.5 * n;  // positions drift in y: a tilted gantry (14 degrees)
    h.push_back(x);
  }
  auto tilted = assembleSeries(h, "/data");
  REQUIRE(tilted.size() == 1);
  CHECK(hasDiagnostic(tilted.front().diagnostics, "gantry tilt"));

  h.clear();
  for (int n = 0; n < 4; ++n) h.push_back(slice("a" + std::to_string(n), n, n));
  for (int n = 0; n < 2; ++n) {
    auto x = slice("b" + std::to_string(n), n, n);
    x.rows = 8;
    h.push_back(x);
  }
  auto loc = slice("scout", 0, 99);
  loc.imageType = "ORIGINAL\\PRIMARY\\LOCALIZER";
  h.push_back(loc);
  auto mixed = assembleSeries(h, "/data");
  REQUIRE(mixed.size() == 3);
  CHECK(mixed[0].slices.size() == 4);
  CHECK(hasDiagnostic(mixed[0].diagnostics, "split into 3 stacks"));
  const auto locIt = std::find_if(mixed.begin(), mixed.end(), [](const DicomSeries& s) { return s.kind == SeriesKind::Localizer; });
  REQUIRE(locIt != mixed.end());
  CHECK_FALSE(locIt->loadable);

  auto derived = slice("d", 0, 1);
  derived.imageType = "DERIVED\\SECONDARY\\MPR";
  derived.seriesInstanceUid = "9";
  auto seg = slice("s", 0, 1);
  seg.modality = "SEG";
  seg.seriesInstanceUid = "8";
  auto other = assembleSeries({derived, seg}, "/data");
  REQUIRE(other.size() == 2);
  for (const auto& s : other) {
    if (s.kind == SeriesKind::Derived) {
      CHECK(s.loadable);
      CHECK(hasDiagnostic(s.diagnostics, "derived"));
    } else {
      CHECK(s.kind == SeriesKind::NonCt);
      CHECK_FALSE(s.loadable);
    }
  }
}

TEST_CASE("loading reports progress and can be cancelled", "[dicom][real]") {
  std::vector<double> seen;
  CHECK_THROWS_AS(loadStudy(sharedData("hcc048_pv"),
                            [&](double f, std::string_view) {
                              seen.push_back(f);
                              return f < 0.5;
                            }),
                  Cancelled);
  REQUIRE_FALSE(seen.empty());
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.back() >= 0.5);
}
