// NIfTI / NRRD / MetaImage reading and writing: orientation (RAS and LAS files overlay their CT in LPS
// world coordinates), round trips of voxels and geometry, NRRD label tables, atomic writes, bad files.
#include "support.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/image_io.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace hccws::core;
using hccws::test::scratchDir;
using hccws::test::sharedData;
namespace fs = std::filesystem;

namespace {

struct Overlay {
  double meanHu = 0;
  std::size_t inside = 0, outside = 0;
  double maxIndexError = 0;  // distance of the mapped index from the nearest voxel centre
};

// Maps every voxel of `label` equal to `value` through world coordinates onto the CT grid.
Overlay overlay(const CtVolume& ct, const Volume<std::uint8_t>& label, std::uint8_t value) {
  Overlay o;
  double sum = 0;
  const auto& lg = label.geometry();
  for (std::size_t k = 0; k < lg.dims[2]; ++k)
    for (std::size_t j = 0; j < lg.dims[1]; ++j)
      for (std::size_t i = 0; i < lg.dims[0]; ++i) {
        if (label.at(i, j, k) != value) continue;
        const Vec3 c = ct.geometry().worldToIndex(lg.indexToWorld({double(i), double(j), double(k)}));
        const long a = std::lround(c[0]), b = std::lround(c[1]), d = std::lround(c[2]);
        o.maxIndexError = std::max({o.maxIndexError, std::abs(c[0] - a), std::abs(c[1] - b), std::abs(c[2] - d)});
        if (!ct.geometry().containsIndex(a, b, d)) {
          ++o.outside;
          continue;
        }
        sum += ct.at(a, b, d);
        ++o.inside;
      }
  o.meanHu = o.inside ? sum / o.inside : 0;
  return o;
}

CtVolume obliqueTestVolume() {
  Geometry g;
  g.dims = {7, 5, 4};
  g.spacingMm = {0.75, 0.8, 2.5};
  g.originLps = {-120.5, 33.25, -410.0};
  const double c = std::cos(0.2), s = std::sin(0.2);
  g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  CtVolume v(g);
  for (std::size_t n = 0; n < v.size(); ++n) v.data()[n] = static_cast<std::int16_t>(int(n * 37 % 3000) - 1024);
  return v;
}

void checkSame(const CtVolume& a, const CtVolume& b) {
  CHECK(a.geometry().sameGrid(b.geometry(), 1e-3, 1e-5));
  CHECK(a.buffer() == b.buffer());
}

}  // namespace

TEST_CASE("RAS NIfTI CT and its liver mask overlay after loading", "[io][real]") {
  const CtVolume ct = readCtImage(sharedData("totalseg_example/example_ct.nii.gz"));
  CHECK(ct.dims() == Dims3{122, 101, 112});
  // RAS-stored: in LPS the i and j axes point to the right and anterior, the origin's x and y flip sign.
  CHECK(ct.geometry().orientationCode() == "RAS");
  CHECK(ct.geometry().originLps[0] == Approx(177.9563).margin(1e-3));
  CHECK(ct.geometry().originLps[1] == Approx(-11.319).margin(1e-3));
  CHECK(ct.geometry().originLps[2] == Approx(94.3018).margin(1e-3));
  const LabelMap mask = readLabelMap(sharedData("totalseg_example/example_ct_liver_ref_5de6e4d.nii.gz"));
  CHECK(mask.labels.geometry().sameGrid(ct.geometry()));
  const Overlay o = overlay(ct, mask.labels, 1);
  CHECK(o.inside == 41602);
  CHECK(o.outside == 0);
  CHECK(o.maxIndexError < 1e-3);
  INFO("mean HU in the liver mask " << o.meanHu);
  CHECK(o.meanHu > 20);
  CHECK(o.meanHu < 200);
}

TEST_CASE("LAS NIfTI segmentation overlays its JPEG 2000 DICOM CT at the same world points", "[io][dicom][real]") {
  const Study study = loadStudy(sharedData("totalseg_example/example_ct_dicom"));
  REQUIRE(study.phases.size() == 1);
  const CtVolume& ct = study.phases.front().volume;
  const LabelMap seg = readLabelMap(sharedData("totalseg_example/example_seg_dicom.nii.gz"));
  CHECK(seg.labels.geometry().orientationCode() == "LAS");
  CHECK(ct.geometry().orientationCode() == "LPS");
  // Different grids (j is flipped), same world: every seg voxel lands exactly on a CT voxel centre.
  const Overlay liver = overlay(ct, seg.labels, 5);
  CHECK(liver.inside > 1000);
  CHECK(liver.outside == 0);
  CHECK(liver.maxIndexError < 1e-2);
  const Vec3 w = seg.labels.geometry().indexToWorld({100, 200, 3});
  const Vec3 c = ct.geometry().worldToIndex(w);
  CHECK(c[0] == Approx(100).margin(1e-3));
  CHECK(c[1] == Approx(511 - 200).margin(1e-3));
  CHECK(c[2] == Approx(3).margin(1e-3));
  INFO("mean HU in label 5 (liver) " << liver.meanHu);
  CHECK(liver.meanHu > 20);
  CHECK(liver.meanHu < 200);
  // Label values without a table in the file get generic names; 1 keeps the standard name.
  REQUIRE(seg.table.find(5));
  CHECK(seg.table.find(5)->name == "label 5");
}

TEST_CASE("CT round trips through NIfTI, NRRD and MetaImage with identical voxels and geometry", "[io]") {
  const std::string dir = scratchDir("io_roundtrip");
  const CtVolume v = obliqueTestVolume();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".mha", ".mhd"}) {
    SECTION(ext) {
      const std::string path = dir + "/ct" + ext;
      writeImage(v, path);
      checkSame(readCtImage(path), v);
      // Nothing left behind but the file (and the .raw of a .mhd).
      for (const auto& e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().rfind(".", 0) != 0);
    }
  }
  FloatVolume f(v.geometry());
  for (std::size_t n = 0; n < f.size(); ++n) f.data()[n] = 0.25f * float(n);
  writeImage(f, dir + "/f.nrrd");
  const FloatVolume g = readFloatImage(dir + "/f.nrrd");
  CHECK(g.buffer() == f.buffer());
}

TEST_CASE("NRRD label tables round trip and dcmqi's NRRD reads", "[io]") {
  const std::string dir = scratchDir("io_labels");
  LabelMap lm;
  lm.labels = Volume<std::uint8_t>(obliqueTestVolume().geometry());
  lm.labels.at(1, 1, 1) = 1;
  lm.labels.at(2, 2, 2) = 2;
  lm.labels.at(3, 3, 3) = 7;
  lm.table.set({7, "necrosis core", {10, 20, 30}, false, true});
  writeLabelMap(lm, dir + "/labels.nrrd");
  const LabelMap back = readLabelMap(dir + "/labels.nrrd");
  CHECK(back.labels.buffer() == lm.labels.buffer());
  CHECK(back.labels.geometry().sameGrid(lm.labels.geometry()));
  REQUIRE(back.table.entries().size() == lm.table.entries().size());
  const LabelInfo* n = back.table.find(7);
  REQUIRE(n);
  CHECK(n->name == "necrosis core");
  CHECK(n->rgb == std::array<std::uint8_t, 3>{10, 20, 30});
  CHECK_FALSE(n->visible);
  CHECK(n->locked);
  CHECK(back.table.find(1)->name == "liver");

  // Overwriting an existing file replaces it atomically.
  lm.table.set({7, "renamed", {1, 2, 3}, true, false});
  writeLabelMap(lm, dir + "/labels.nrrd");
  CHECK(readLabelMap(dir + "/labels.nrrd").table.find(7)->name == "renamed");

  const LabelMap dcmqi = readLabelMap(sharedData("dcmqi_liver/liver_seg.nrrd"));
  CHECK(dcmqi.labels.dims()[2] == 3);
  std::size_t count = 0;
  for (auto x : dcmqi.labels.buffer()) count += x != 0;
  CHECK(count > 1000);
}

TEST_CASE("bad image files give clear errors naming the file", "[io][bad]") {
  const std::string dir = scratchDir("io_bad");
  const CtVolume v = obliqueTestVolume();
  writeImage(v, dir + "/good.nii");

  SECTION("corrupt NIfTI header") {
    const std::string path = dir + "/corrupt.nii";
    fs::copy_file(dir + "/good.nii", path);
    {
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      const char junk[16] = {'\x7f', '\x13', '\x55', '\x01', '\x00', '\x7f', '\x7f', '\x7f',
                             '\x7f', '\x13', '\x55', '\x01', '\x00', '\x7f', '\x7f', '\x7f'};
      f.write(junk, 4);  // sizeof_hdr (must be 348)
      f.seekp(40);
      f.write(junk, sizeof junk);  // dim[0..7]: a nonsense number of dimensions and sizes
    }
    CHECK_THROWS_WITH(readCtImage(path), Catch::Contains(path) && Catch::Contains("corrupt"));
    CHECK_THROWS_AS(loadStudy(path), ImagingError);
  }
  SECTION("truncated NIfTI data") {
    const std::string path = dir + "/cut.nii";
    fs::copy_file(dir + "/good.nii", path);
    fs::resize_file(path, 352 + 20);
    CHECK_THROWS_WITH(readCtImage(path), Catch::Contains(path));
  }
  SECTION("not an image at all") {
    std::ofstream(dir + "/text.nrrd") << "hello\n";
    CHECK_THROWS_WITH(readCtImage(dir + "/text.nrrd"), Catch::Contains("text.nrrd"));
  }
  SECTION("a CT is not a label map") {
    CHECK_THROWS_WITH(readLabelMap(dir + "/good.nii"), Catch::Contains("not a label map"));
  }
  SECTION("writing into a missing folder or an unknown format") {
    CHECK_THROWS_WITH(writeImage(v, dir + "/no/such/dir/x.nii"), Catch::Contains("does not exist"));
    CHECK_THROWS_WITH(writeImage(v, dir + "/x.bmpx"), Catch::Contains("unsupported file type"));
  }
}

TEST_CASE("loadStudy on an image file takes the phase from the file name or the content", "[io]") {
  const std::string dir = scratchDir("io_study");
  const CtVolume v = readCtImage(sharedData("totalseg_example/example_ct_sm.nii.gz"));
  writeImage(v, dir + "/case1_arterial.nii.gz");
  const Study s = loadStudy(dir + "/case1_arterial.nii.gz");
  REQUIRE(s.phases.size() == 1);
  CHECK(s.phases.front().decision.kind == PhaseKind::Arterial);
  CHECK(s.phases.front().source.path == dir + "/case1_arterial.nii.gz");
  // A single DICOM file loads its whole series.
  const Study d = loadStudy(sharedData("dcmqi_liver/ct-3slice/02.dcm"));
  REQUIRE(d.phases.size() == 1);
  CHECK(d.phases.front().volume.dims()[2] == 3);
}

TEST_CASE("every shared mask reads as a label map on its CT's grid", "[io][real]") {
  const CtVolume sm = readCtImage(sharedData("totalseg_example/example_ct_sm.nii.gz"));
  for (const char* f : {"totalseg_example/example_seg.nii.gz", "totalseg_example/example_ct_sm_liver_fast.nii.gz"}) {
    INFO(f);
    const LabelMap m = readLabelMap(sharedData(f));
    CHECK(m.labels.geometry().sameGrid(sm.geometry(), 1e-3, 1e-4));
    std::size_t n = 0;
    for (auto x : m.labels.buffer()) n += x != 0;
    CHECK(n > 100);
  }
  const LabelMap spine = readLabelMap(sharedData("dcmqi_liver/liver_spine_seg.nrrd"));
  std::size_t liver = 0, other = 0;
  for (auto x : spine.labels.buffer()) (x == 1 ? liver : other) += x != 0;
  CHECK(liver > 1000);
  CHECK(other > 100);
}
