// DICOM Segmentation objects (DCMTK dcmseg): the real dcmqi SEG against its NRRD, round trips of segment sets
// (empty and overlapping segments, names, colours, codes, oblique/left-handed grids, odd frame sizes whose bits
// do not fill whole bytes), LabelMap and NRRD round trips, references to the CT series, and bad input.
#include "support.h"

#include <hccws/core/dicom_seg.h>
#include <hccws/core/dicom_series.h>
#include <hccws/core/dicom_writer.h>
#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>

// Only to forge a FRACTIONAL SEG from a binary one (the workstation writes binary SEG only).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace hccws::core;
using hccws::test::scratchDir;
using hccws::test::sharedData;
namespace fs = std::filesystem;

namespace {

// A proper rotation (about 20 degrees around an oblique axis): i, j, k = i x j.
Mat3 obliqueDirection() {
  const double a = 20.0 * 3.14159265358979323846 / 180.0;
  const Vec3 u{0.6, 0.0, 0.8};  // unit axis
  const double c = std::cos(a), s = std::sin(a), t = 1 - c;
  return {t * u[0] * u[0] + c,        t * u[0] * u[1] - s * u[2], t * u[0] * u[2] + s * u[1],
          t * u[0] * u[1] + s * u[2], t * u[1] * u[1] + c,        t * u[1] * u[2] - s * u[0],
          t * u[0] * u[2] - s * u[1], t * u[1] * u[2] + s * u[0], t * u[2] * u[2] + c};
}

Geometry testGrid() {
  Geometry g;
  g.dims = {13, 7, 5};  // 91 pixels per frame: frames do not end on a byte boundary
  g.spacingMm = {0.7, 1.3, 2.5};
  g.originLps = {-101.25, 37.5, -412.125};
  g.direction = obliqueDirection();
  return g;
}

Segment makeSegment(const Geometry& g, const std::string& label, std::array<std::uint8_t, 3> rgb) {
  Segment s;
  s.label = label;
  s.rgb = rgb;
  s.mask = Volume<std::uint8_t>(g, std::uint8_t{0});
  return s;
}

// Liver-ish block, a tumour overlapping it, and an empty segment.
SegmentSet testSet(const Geometry& g) {
  SegmentSet set;
  set.geometry = g;
  Segment liver = makeSegment(g, "liver", {221, 130, 101});
  Segment tumour = makeSegment(g, "tumour", {241, 214, 69});
  tumour.algorithmType = "SEMIAUTOMATIC";
  tumour.algorithmName = "HCC Workstation threshold paint";
  tumour.description = "arterial-phase enhancing lesion";
  Segment empty = makeSegment(g, "ablation zone", {10, 120, 250});
  empty.categoryCode = "49755003";
  empty.categoryMeaning = "Morphologically Altered Structure";
  empty.typeCode = "52988006";
  empty.typeMeaning = "Lesion";
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        if (i >= 2 && i <= 10 && j >= 1 && k <= 3) liver.mask.at(i, j, k) = 1;
        if ((i + 2 * j + 3 * k) % 7 == 0 && i >= 6) tumour.mask.at(i, j, k) = 1;
      }
  tumour.mask.at(12, 6, 4) = 1;  // the last bit of the last frame
  tumour.mask.at(0, 0, 0) = 1;   // the first bit of the first frame
  set.segments = {std::move(liver), std::move(tumour), std::move(empty)};
  return set;
}

std::size_t count(const Volume<std::uint8_t>& v) {
  return static_cast<std::size_t>(std::count_if(v.buffer().begin(), v.buffer().end(), [](auto x) { return x != 0; }));
}

void requireSameColour(const std::array<std::uint8_t, 3>& a, const std::array<std::uint8_t, 3>& b) {
  for (int c = 0; c < 3; ++c) CHECK(std::abs(int(a[c]) - int(b[c])) <= 1);
}

std::string writeTextFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

// Writes the first `bytes` of `from` to `to`.
void truncateCopy(const std::string& from, const std::string& to, std::uintmax_t bytes) {
  std::ifstream in(from, std::ios::binary);
  std::string data(bytes, '\0');
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  std::ofstream(to, std::ios::binary).write(data.data(), in.gcount());
}

}  // namespace

TEST_CASE("The dcmqi liver SEG loads onto the CT grid and equals its NRRD voxel for voxel", "[dicom][seg][real]") {
  const Study study = loadStudy(sharedData("dcmqi_liver/ct-3slice"));
  REQUIRE(study.phases.size() == 1);
  const Geometry& ct = study.phases.front().volume.geometry();
  const std::string segPath = sharedData("dcmqi_liver/liver.dcm");
  REQUIRE(isDicomSegFile(segPath));
  CHECK_FALSE(isDicomSegFile(sharedData("dcmqi_liver/ct-3slice/01.dcm")));
  CHECK_FALSE(isDicomSegFile(sharedData("dcmqi_liver/liver_seg.nrrd")));

  const SegmentSet set = readDicomSeg(segPath, ct);
  REQUIRE(set.segments.size() == 1);
  const Segment& s = set.segments.front();
  CHECK(s.label == "Liver");
  CHECK(s.typeCode == "T-62000");
  CHECK(s.typeScheme == "SRT");
  CHECK(s.typeMeaning == "Liver");
  CHECK(s.categoryMeaning == "Tissue");
  CHECK(s.algorithmType == "SEMIAUTOMATIC");
  CHECK(s.algorithmName == "SlicerEditor");
  CHECK(set.frameOfReferenceUid == study.phases.front().source.frameOfReferenceUid);
  CHECK(set.referencedSeriesInstanceUid == study.phases.front().source.seriesInstanceUid);
  CHECK(set.referencedImages.size() == 3);
  // A liver colour: reddish brown (red well above blue), not the white default.
  CHECK(int(s.rgb[0]) - int(s.rgb[2]) > 60);

  // The NRRD is the same label saved by 3D Slicer; compare through world coordinates (no grid assumed).
  const LabelMap nrrd = readLabelMap(sharedData("dcmqi_liver/liver_seg.nrrd"));
  const Geometry& ng = nrrd.labels.geometry();
  std::size_t segOn = 0, nrrdOn = 0, differ = 0;
  for (std::size_t k = 0; k < ct.dims[2]; ++k)
    for (std::size_t j = 0; j < ct.dims[1]; ++j)
      for (std::size_t i = 0; i < ct.dims[0]; ++i) {
        const Vec3 n = ng.worldToIndex(ct.indexToWorld({double(i), double(j), double(k)}));
        const long a = std::lround(n[0]), b = std::lround(n[1]), c = std::lround(n[2]);
        const bool inNrrd = ng.containsIndex(a, b, c) && nrrd.labels.at(a, b, c) != 0;
        const bool inSeg = s.mask.at(i, j, k) != 0;
        segOn += inSeg;
        nrrdOn += inNrrd;
        differ += inSeg != inNrrd;
      }
  INFO("SEG voxels " << segOn << ", NRRD voxels " << nrrdOn);
  CHECK(segOn > 10000);
  CHECK(differ == 0);

  // The image_io entry point gives the same voxels as a LabelMap, with and without the CT grid.
  const LabelMap onCt = readLabelMap(segPath, ct);
  CHECK(onCt.labels.geometry().sameGrid(ct));
  CHECK(onCt.labels.buffer() == s.mask.buffer());
  REQUIRE(onCt.table.find(1));
  CHECK(onCt.table.find(1)->name == "Liver");
  const LabelMap own = readLabelMap(segPath);
  CHECK(own.labels.geometry().sameGrid(ct, 1e-3, 1e-5));
  CHECK(own.labels.buffer() == s.mask.buffer());
}

TEST_CASE("Empty and overlapping segments round-trip with names, colours and codes", "[dicom][seg]") {
  const std::string dir = scratchDir("seg_roundtrip");
  const SegmentSet set = testSet(testGrid());
  REQUIRE(count(set.segments[1].mask) > 0);
  std::size_t overlap = 0;
  labelMapFromSegmentSet(set, &overlap);
  REQUIRE(overlap > 0);  // the tumour overlaps the liver

  const std::string path = dir + "/three.dcm";
  std::vector<double> fractions;
  writeDicomSeg(set, path, [&](double f, std::string_view) {
    fractions.push_back(f);
    return true;
  });
  REQUIRE(fs::exists(path));
  REQUIRE_FALSE(fractions.empty());
  CHECK(fractions.back() == Approx(1.0));
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));

  for (const bool withGrid : {false, true}) {
    INFO("with reference grid: " << withGrid);
    const SegmentSet back = withGrid ? readDicomSeg(path, set.geometry) : readDicomSeg(path);
    CHECK(back.geometry.sameGrid(set.geometry, 1e-6, 1e-9));
    REQUIRE(back.segments.size() == 3);
    for (std::size_t n = 0; n < 3; ++n) {
      const Segment& a = set.segments[n];
      const Segment& b = back.segments[n];
      INFO("segment " << a.label);
      CHECK(b.label == a.label);
      CHECK(b.mask.buffer() == a.mask.buffer());
      requireSameColour(a.rgb, b.rgb);
      CHECK(b.labelValue == n + 1);
      CHECK(b.algorithmType == (a.algorithmType.empty() ? "MANUAL" : a.algorithmType));
      CHECK(b.algorithmName == a.algorithmName);
      CHECK(b.description == a.description);
    }
    CHECK(count(back.segments[2].mask) == 0);
    // Codes: the standard ones filled in by name, the given ones kept.
    CHECK(back.segments[0].typeCode == "10200004");
    CHECK(back.segments[0].categoryCode == "123037004");
    CHECK(back.segments[1].typeCode == "108369006");
    CHECK(back.segments[1].categoryCode == "49755003");
    CHECK(back.segments[2].typeCode == "52988006");
    CHECK(back.segments[2].typeMeaning == "Lesion");
    CHECK(back.segments[2].categoryScheme == "SCT");
  }
}

TEST_CASE("A left-handed grid (k against the slice normal) survives a SEG round trip", "[dicom][seg]") {
  const std::string dir = scratchDir("seg_lefthanded");
  Geometry g = testGrid();
  for (int r = 0; r < 3; ++r) g.direction[3 * r + 2] = -g.direction[3 * r + 2];  // flip k
  const SegmentSet set = testSet(g);
  writeDicomSeg(set, dir + "/flip.dcm");
  const SegmentSet back = readDicomSeg(dir + "/flip.dcm");
  CHECK(back.geometry.sameGrid(g, 1e-6, 1e-9));
  for (std::size_t n = 0; n < 3; ++n) CHECK(back.segments[n].mask.buffer() == set.segments[n].mask.buffer());
}

TEST_CASE("Phantom LabelMap -> DICOM SEG -> LabelMap is identical, empty label included", "[dicom][seg][phantom]") {
  const std::string dir = scratchDir("seg_phantom");
  PhantomOptions o;
  o.dims = {48, 40, 24};
  o.spacingMm = {4.0, 4.5, 5.0};
  o.pvtt = true;
  o.phases = {PhaseKind::Arterial};
  const Phantom ph = generatePhantom(o);
  LabelMap labels = ph.truthLabels;
  for (std::uint8_t v = 1; v <= 3; ++v) {
    INFO("label " << int(v));
    CHECK(std::count(labels.labels.buffer().begin(), labels.labels.buffer().end(), v) > 0);
  }
  labels.table.set({4, "ablation zone", {0, 151, 206}, true, false});  // listed, but no voxel

  const std::string path = dir + "/phantom_seg.dcm";
  writeLabelMap(labels, path);
  REQUIRE(isDicomSegFile(path));
  const LabelMap back = readLabelMap(path, labels.labels.geometry());
  CHECK(back.labels.geometry().sameGrid(labels.labels.geometry()));
  CHECK(back.labels.buffer() == labels.labels.buffer());
  REQUIRE(back.table.entries().size() == labels.table.entries().size());
  for (const LabelInfo& e : labels.table.entries()) {
    const LabelInfo* b = back.table.find(e.value);
    REQUIRE(b);
    CHECK(b->name == e.name);
    requireSameColour(b->rgb, e.rgb);
  }
  // Without the grid the SEG still spans the whole phantom grid (every slice has a frame).
  CHECK(readLabelMap(path).labels.geometry().sameGrid(labels.labels.geometry(), 1e-6, 1e-9));
  const SegmentSet set = readDicomSeg(path);
  REQUIRE(set.segments.size() == 4);
  CHECK(set.segments[2].typeMeaning == "Thrombus");
  CHECK(count(set.segments[3].mask) == 0);
}

TEST_CASE("NRRD -> DICOM SEG -> NRRD is identical", "[dicom][seg][real][io]") {
  const std::string dir = scratchDir("seg_nrrd");
  const LabelMap nrrd = readLabelMap(sharedData("dcmqi_liver/liver_spine_seg.nrrd"));
  REQUIRE(nrrd.table.find(2));
  writeLabelMap(nrrd, dir + "/liver_spine.dcm");
  const LabelMap seg = readLabelMap(dir + "/liver_spine.dcm");
  writeLabelMap(seg, dir + "/again.nrrd");
  const LabelMap again = readLabelMap(dir + "/again.nrrd");
  CHECK(again.labels.geometry().sameGrid(nrrd.labels.geometry(), 1e-6, 1e-9));
  CHECK(again.labels.buffer() == nrrd.labels.buffer());
  for (const LabelInfo& e : nrrd.table.entries()) {
    const LabelInfo* b = again.table.find(e.value);
    REQUIRE(b);
    CHECK(b->name == e.name);
    requireSameColour(b->rgb, e.rgb);
  }
}

TEST_CASE("A SEG saved against a DICOM CT series references its study, frame of reference and images",
          "[dicom][seg]") {
  const std::string dir = scratchDir("seg_reference");
  PhantomOptions o;
  o.dims = {32, 28, 6};
  o.spacingMm = {6.0, 6.5, 7.5};
  o.phases = {PhaseKind::PortalVenous};
  const Phantom ph = generatePhantom(o);
  DicomWriteOptions w;
  w.patientId = "SEG-TEST";
  w.patientName = "Seg^Test";
  w.seriesDescription = "PORTAL VENOUS";
  writeDicomSeries(ph.phases.front().volume, w, dir + "/ct");
  const Study study = loadStudy(dir + "/ct");
  REQUIRE(study.phases.size() == 1);
  const Phase& phase = study.phases.front();

  writeLabelMap(ph.truthLabels, dir + "/seg.dcm", phase.source);
  const SegmentSet set = readDicomSeg(dir + "/seg.dcm", phase.volume.geometry());
  CHECK(set.studyInstanceUid == phase.source.studyInstanceUid);
  CHECK(set.frameOfReferenceUid == phase.source.frameOfReferenceUid);
  CHECK(set.referencedSeriesInstanceUid == phase.source.seriesInstanceUid);
  CHECK(set.patientId == "SEG-TEST");
  CHECK(set.patientName == "Seg^Test");
  CHECK(set.referencedImages.size() == phase.source.files.size());
  CHECK(labelMapFromSegmentSet(set).labels.buffer() == ph.truthLabels.labels.buffer());

  // referenceDicomSeries places each CT file on its slice.
  SegmentSet refs = segmentSetFromLabelMap(ph.truthLabels);
  referenceDicomSeries(refs, phase.source);
  REQUIRE(refs.referencedImages.size() == o.dims[2]);
  std::vector<long> slices;
  for (const auto& r : refs.referencedImages) {
    CHECK(r.sopClassUid == "1.2.840.10008.5.1.4.1.1.2");
    slices.push_back(r.sliceIndex);
  }
  std::sort(slices.begin(), slices.end());
  for (std::size_t k = 0; k < slices.size(); ++k) CHECK(slices[k] == long(k));

  // The same CT folder is not a segmentation.
  CHECK_THROWS_WITH(readLabelMap(phase.source.files.front()), Catch::Contains("not a DICOM Segmentation object") &&
                                                                  Catch::Contains("1.2.840.10008.5.1.4.1.1.2"));
}

TEST_CASE("A FRACTIONAL SEG is read thresholded at half of MaximumFractionalValue", "[dicom][seg]") {
  const std::string dir = scratchDir("seg_fractional");
  const SegmentSet set = testSet(testGrid());
  writeDicomSeg(set, dir + "/binary.dcm");
  // Same dataset, pixel data as one byte per pixel: 200 where the mask is set, 90 (< 127.5) elsewhere on
  // odd pixels, so a reader that does not threshold gets extra voxels.
  DcmFileFormat ff;
  REQUIRE(ff.loadFile((dir + "/binary.dcm").c_str()).good());
  DcmDataset* ds = ff.getDataset();
  const Geometry& g = set.geometry;
  const std::size_t frame = g.dims[0] * g.dims[1];
  std::vector<Uint8> bytes;
  for (const Segment& s : set.segments)
    for (std::size_t n = 0; n < s.mask.size(); ++n) bytes.push_back(s.mask.data()[n] ? 200 : (n % frame) % 2 ? 90 : 0);
  if (bytes.size() % 2) bytes.push_back(0);
  REQUIRE(ds->putAndInsertString(DCM_SegmentationType, "FRACTIONAL").good());
  REQUIRE(ds->putAndInsertString(DCM_SegmentationFractionalType, "PROBABILITY").good());
  REQUIRE(ds->putAndInsertUint16(DCM_MaximumFractionalValue, 255).good());
  REQUIRE(ds->putAndInsertUint16(DCM_BitsAllocated, 8).good());
  REQUIRE(ds->putAndInsertUint16(DCM_BitsStored, 8).good());
  REQUIRE(ds->putAndInsertUint16(DCM_HighBit, 7).good());
  REQUIRE(ds->putAndInsertUint8Array(DCM_PixelData, bytes.data(), static_cast<unsigned long>(bytes.size())).good());
  REQUIRE(ff.saveFile((dir + "/fractional.dcm").c_str(), EXS_LittleEndianExplicit).good());

  const SegmentSet back = readDicomSeg(dir + "/fractional.dcm");
  REQUIRE(back.segments.size() == set.segments.size());
  for (std::size_t n = 0; n < set.segments.size(); ++n) CHECK(back.segments[n].mask.buffer() == set.segments[n].mask.buffer());

  // An unknown fractional type is refused by name.
  REQUIRE(ds->putAndInsertString(DCM_SegmentationFractionalType, "CONFIDENCE").good());
  REQUIRE(ff.saveFile((dir + "/odd.dcm").c_str(), EXS_LittleEndianExplicit).good());
  CHECK_THROWS_AS(readDicomSeg(dir + "/odd.dcm"), ImagingError);
  CHECK_THROWS_WITH(readDicomSeg(dir + "/odd.dcm"), Catch::Contains("odd.dcm"));
}

TEST_CASE("Bad SEG input gives ImagingError naming the file", "[dicom][seg][errors]") {
  const std::string dir = scratchDir("seg_bad");
  const std::string liver = sharedData("dcmqi_liver/liver.dcm");

  SECTION("missing file") {
    CHECK_THROWS_AS(readDicomSeg(dir + "/nothing.dcm"), ImagingError);
    CHECK_THROWS_WITH(readDicomSeg(dir + "/nothing.dcm"), Catch::Contains("nothing.dcm") && Catch::Contains("does not exist"));
  }
  SECTION("not DICOM") {
    const std::string p = writeTextFile(dir + "/notes.dcm", "this is not a DICOM file at all\n");
    CHECK_THROWS_WITH(readDicomSeg(p), Catch::Contains("notes.dcm") && Catch::Contains("not a readable DICOM file"));
    CHECK_FALSE(isDicomSegFile(p));
  }
  SECTION("a CT slice") {
    const std::string ct = sharedData("dcmqi_liver/ct-3slice/01.dcm");
    CHECK_THROWS_WITH(readDicomSeg(ct), Catch::Contains("01.dcm") && Catch::Contains("not a DICOM Segmentation object"));
  }
  SECTION("truncated SEG") {
    const std::string p = dir + "/cut.dcm";
    truncateCopy(liver, p, fs::file_size(liver) * 2 / 3);
    try {
      readDicomSeg(p);
      FAIL("a truncated SEG was read");
    } catch (const ImagingError& e) {
      CHECK(e.file() == p);
      INFO(e.what() << " | " << e.detail());
      CHECK(!e.problem().empty());
    }
  }
  SECTION("frames off the reference grid") {
    const Study study = loadStudy(sharedData("dcmqi_liver/ct-3slice"));
    Geometry shifted = study.phases.front().volume.geometry();
    shifted.originLps[2] += 0.5 * shifted.spacingMm[2];  // half a slice
    CHECK_THROWS_WITH(readDicomSeg(liver, shifted), Catch::Contains("liver.dcm") && Catch::Contains("off the reference grid"));
    Geometry fewer = study.phases.front().volume.geometry();
    fewer.dims[2] = 2;  // the third frame falls outside
    CHECK_THROWS_WITH(readDicomSeg(liver, fewer), Catch::Contains("frame 3") && Catch::Contains("outside"));
    Geometry rotated = study.phases.front().volume.geometry();
    rotated.direction = obliqueDirection();
    CHECK_THROWS_WITH(readDicomSeg(liver, rotated), Catch::Contains("not parallel"));
    CHECK_THROWS_AS(readLabelMap(liver, shifted), ImagingError);
  }
}

TEST_CASE("Writing refuses bad segment sets and leaves nothing behind", "[dicom][seg][errors]") {
  const std::string dir = scratchDir("seg_refuse");
  SegmentSet set = testSet(testGrid());

  SECTION("no segments") {
    SegmentSet none;
    none.geometry = set.geometry;
    CHECK_THROWS_WITH(writeDicomSeg(none, dir + "/none.dcm"), Catch::Contains("none.dcm") && Catch::Contains("without segments"));
  }
  SECTION("a mask on another grid") {
    Geometry other = set.geometry;
    other.spacingMm[0] = 0.8;
    set.segments[1].mask.setGeometry(other);
    CHECK_THROWS_WITH(writeDicomSeg(set, dir + "/off.dcm"), Catch::Contains("'tumour'") && Catch::Contains("not on the set's grid"));
  }
  SECTION("an automatic segment without an algorithm name") {
    set.segments[0].algorithmType = "AUTOMATIC";
    CHECK_THROWS_WITH(writeDicomSeg(set, dir + "/auto.dcm"), Catch::Contains("algorithm name"));
  }
  SECTION("cancelled") {
    CHECK_THROWS_AS(writeDicomSeg(set, dir + "/cancel.dcm", [](double f, std::string_view) { return f < 0.3; }), Cancelled);
  }
  SECTION("a folder that does not exist") {
    CHECK_THROWS_AS(writeDicomSeg(set, dir + "/no/such/folder/x.dcm"), ImagingError);
  }
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 0);
}

// Hidden benchmark (run with: test_core_dicom_seg "[.bench]"): SEG write/read time and size against NRRD for a
// CT-sized label map, as a ratio in the same run. Prints figures; asserts only correctness.
TEST_CASE("Benchmark: DICOM SEG against NRRD on a 512x512xN label map (N = $HCCWS_BENCH_SLICES, 89)", "[.bench][dicom][seg]") {
  const std::string dir = scratchDir("seg_bench");
  Geometry g;
  const char* slices = std::getenv("HCCWS_BENCH_SLICES");  // default 89, the real HCC series
  g.dims = {512, 512, slices ? std::size_t(std::atoi(slices)) : std::size_t(89)};
  g.spacingMm = {0.703125, 0.703125, 2.5};
  LabelMap lm;
  lm.labels = Volume<std::uint8_t>(g, std::uint8_t{0});
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = (double(i) - 300) / 150, y = (double(j) - 260) / 120;
        const double z = (double(k) - 0.5 * g.dims[2]) / (0.4 * g.dims[2]);
        if (x * x + y * y + z * z < 1) lm.labels.at(i, j, k) = 1;
        const double tx = (double(i) - 330) / 30, ty = (double(j) - 250) / 30, tz = (double(k) - 0.45 * g.dims[2]) / (0.1 * g.dims[2]);
        if (tx * tx + ty * ty + tz * tz < 1) lm.labels.at(i, j, k) = 2;
      }
  lm.table.set({4, "ablation zone", {0, 151, 206}, true, false});
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); };
  auto t = Clock::now();
  writeLabelMap(lm, dir + "/bench.nrrd");
  const double nrrdWrite = seconds(t);
  t = Clock::now();
  const LabelMap nrrd = readLabelMap(dir + "/bench.nrrd");
  const double nrrdRead = seconds(t);
  t = Clock::now();
  double encoded = 0, built = 0;
  writeLabelMap(lm, dir + "/bench.dcm", SeriesSource{}, [&](double f, std::string_view stage) {
    if (stage == "encoding DICOM SEG frames" && f >= 0.999 * 0.8 * 0.8 + 0.2 - 1e-9) encoded = seconds(t);
    if (stage == "writing DICOM SEG" && built == 0) built = seconds(t);
    return true;
  });
  const double segWrite = seconds(t);
  t = Clock::now();
  double firstFrame = 0;
  const LabelMap seg = readLabelMap(dir + "/bench.dcm", g, [&](double, std::string_view stage) {
    if (stage == "reading DICOM SEG frames" && firstFrame == 0) firstFrame = seconds(t);
    return true;
  });
  const double segRead = seconds(t);
  CHECK(seg.labels.buffer() == lm.labels.buffer());
  CHECK(nrrd.labels.buffer() == lm.labels.buffer());
  std::printf("SEG vs NRRD, 512x512x%zu, 4 segments (%zu frames):\n", g.dims[2], 4 * g.dims[2]);
  std::printf("  write: SEG %.3f s, NRRD %.3f s (ratio %.1f)\n", segWrite, nrrdWrite, segWrite / nrrdWrite);
  std::printf("  SEG write stages: frames encoded %.3f s, dataset built %.3f s, file saved %.3f s\n", encoded,
              built, segWrite);
  std::printf("  SEG read stages: parsed and first frame placed %.3f s\n", firstFrame);
  std::printf("  read:  SEG %.3f s, NRRD %.3f s (ratio %.1f)\n", segRead, nrrdRead, segRead / nrrdRead);
  std::printf("  size:  SEG %.2f MB, NRRD (gzip) %.2f MB\n", fs::file_size(dir + "/bench.dcm") / 1e6,
              fs::file_size(dir + "/bench.nrrd") / 1e6);
}
