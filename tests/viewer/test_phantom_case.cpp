// A phantom case on disk: NIfTI, truth labels, DICOM series with detectable phases, truth.json.
#include "support.h"

#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace hccws::core;
namespace fs = std::filesystem;

TEST_CASE("a phantom case folder holds NIfTI, DICOM and truth that agree", "[phantom][io]") {
  PhantomOptions o;
  o.dims = {64, 64, 24};
  o.spacingMm = {5.5, 5.5, 7.5};
  o.tumourDiametersMm = {60};
  const Phantom ph = generatePhantom(o);
  const std::string dir = hccws::test::scratchDir("phantom_case");
  writePhantomCase(ph, dir);

  for (const char* f : {"native.nii.gz", "arterial.nii.gz", "portal_venous.nii.gz", "delayed.nii.gz",
                        "truth_labels.nii.gz", "truth.json"})
    CHECK(fs::exists(fs::path(dir) / f));

  // NIfTI round trip.
  const CtVolume art = readCtImage((fs::path(dir) / "arterial.nii.gz").string());
  CHECK(art.geometry().sameGrid(ph.geometry, 1e-3, 1e-5));
  CHECK(art.buffer() == ph.find(PhaseKind::Arterial)->volume.buffer());
  const LabelMap labels = readLabelMap((fs::path(dir) / "truth_labels.nii.gz").string());
  CHECK(labels.labels.buffer() == ph.truthLabels.labels.buffer());

  // truth.json agrees with measuring the labels.
  std::ifstream in(fs::path(dir) / "truth.json");
  const nlohmann::json truth = nlohmann::json::parse(in);
  CHECK(truth["note"] == "synthetic phantom - not patient data");
  CHECK(truth["seed"] == 7);
  CHECK(truth["tumour_count"] == 1);
  const Measurements m = measure(labels);
  CHECK(truth["liver_volume_ml"].get<double>() == Approx(m.liverVolumeMl));
  CHECK(truth["largest_diameter_3d_mm"].get<double>() == Approx(m.largestDiameter3dMm));
  CHECK(truth["tumours"][0]["nominal_diameter_mm"].get<double>() == Approx(60));
  REQUIRE(truth["phases"].size() == 4);
  const auto& pvJson = truth["phases"][2];
  CHECK(pvJson["phase"] == "portal_venous");
  const auto m4 = ph.find(PhaseKind::PortalVenous)->arterialToPhase.toMatrix4();
  CHECK(pvJson["arterial_to_phase"][0][3].get<double>() == Approx(m4[3]));

  // The DICOM study: four series, phases detected from the tags, voxels identical.
  const Study study = loadStudy((fs::path(dir) / "dicom").string());
  REQUIRE(study.phases.size() == 4);
  for (const auto& p : ph.phases) {
    const Phase* loaded = study.find(p.kind);
    INFO(toString(p.kind));
    REQUIRE(loaded);
    CHECK(loaded->volume.geometry().sameGrid(ph.geometry, 1e-3, 1e-5));
    CHECK(loaded->volume.buffer() == p.volume.buffer());
    CHECK(loaded->source.studyInstanceUid == study.phases[0].source.studyInstanceUid);
    CHECK(loaded->source.frameOfReferenceUid == study.phases[0].source.frameOfReferenceUid);
  }
}
