// DICOM writer round trip: identical voxels and geometry, our tags present, read by the project's reader.
#include "support.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/dicom_writer.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace hccws::core;

namespace {

CtVolume smallCt(const Geometry& g) {
  CtVolume v(g, 0);
  // Extreme and ordinary HU values, so that any rescaling or clamping would show.
  for (std::size_t n = 0; n < v.size(); ++n) v.data()[n] = static_cast<std::int16_t>((n * 7919) % 5000 - 1024);
  v.data()[0] = -1024;
  v.data()[1] = 3071;
  v.data()[2] = -1;
  return v;
}

}  // namespace

TEST_CASE("a CT volume round-trips through a DICOM series exactly", "[dicom]") {
  Geometry g;
  g.dims = {24, 20, 7};
  g.spacingMm = {0.7, 0.8, 2.5};
  g.originLps = {-120.35, -80.5, -310.25};
  const CtVolume v = smallCt(g);
  const std::string dir = hccws::test::scratchDir("dicom_roundtrip_axial");
  DicomWriteOptions o;
  o.seriesDescription = "ARTERIAL PHASE";
  o.contrastBolusAgent = "IOPAMIDOL 370";
  o.contrastBolusStartTime = "081000";
  o.acquisitionTime = "081035";
  o.studyInstanceUid = newDicomUid();
  o.seriesNumber = 3;
  int calls = 0;
  const std::string seriesUid = writeDicomSeries(v, o, dir, [&](double, std::string_view) { return ++calls > 0; });
  CHECK(calls == 7);
  CHECK(std::filesystem::exists(std::filesystem::path(dir) / "IMG0001.dcm"));

  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 1);
  const DicomSeries& s = scan.series[0];
  CHECK(s.slices.size() == 7);
  CHECK(s.source.seriesInstanceUid == seriesUid);
  CHECK(s.source.studyInstanceUid == o.studyInstanceUid);
  CHECK(s.source.seriesDescription == "ARTERIAL PHASE");
  CHECK(s.source.contrastBolusAgent == "IOPAMIDOL 370");
  CHECK(s.source.modality == "CT");
  CHECK(s.geometry.sameGrid(g, 1e-4, 1e-6));
  const CtVolume back = readDicomSeries(s);
  CHECK(back.geometry().sameGrid(g, 1e-4, 1e-6));
  CHECK(back.buffer() == v.buffer());
}

TEST_CASE("an oblique, reversed-slice geometry round-trips", "[dicom]") {
  Geometry g;
  g.dims = {16, 12, 5};
  g.spacingMm = {1.25, 1.25, 3};
  g.originLps = {10, 20, 30};
  const double c = std::cos(0.2), s = std::sin(0.2);
  // Rotated about S; slices still along +S (a right-handed frame), origin anywhere.
  g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  const CtVolume v = smallCt(g);
  const std::string dir = hccws::test::scratchDir("dicom_roundtrip_oblique");
  writeDicomSeries(v, {}, dir);
  const DicomScan scan = scanDicomFolder(dir);
  REQUIRE(scan.series.size() == 1);
  const CtVolume back = readDicomSeries(scan.series[0]);
  CHECK(back.geometry().sameGrid(g, 1e-4, 1e-5));
  CHECK(back.buffer() == v.buffer());
}

TEST_CASE("writing DICOM into an impossible folder names the folder", "[dicom]") {
  Geometry g;
  g.dims = {4, 4, 2};
  const CtVolume v(g, 0);
  const std::string file = hccws::test::scratchDir("dicom_not_a_folder") + "/plain_file";
  { std::FILE* f = std::fopen(file.c_str(), "w"); std::fclose(f); }
  try {
    writeDicomSeries(v, {}, file + "/sub");
    FAIL("no exception");
  } catch (const ImagingError& e) {
    CHECK(std::string(e.what()).find("plain_file") != std::string::npos);
  }
}
