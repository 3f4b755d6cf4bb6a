// Writing a phantom case to disk: NIfTI volumes, truth labels, DICOM series and truth.json.
#include <hccws/core/dicom_writer.h>
#include <hccws/core/errors.h>
#include <hccws/core/image_io.h>
#include <hccws/core/measurements.h>
#include <hccws/core/phantom.h>

#include "measurements_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

namespace hccws::core {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json vec(const Vec3& v) { return json::array({v[0], v[1], v[2]}); }

json matrix4(const AffineTransform& t) {
  const auto m = t.toMatrix4();
  json rows = json::array();
  for (int r = 0; r < 4; ++r) rows.push_back(json::array({m[4 * r], m[4 * r + 1], m[4 * r + 2], m[4 * r + 3]}));
  return rows;
}

std::string seriesDescription(PhaseKind k) {
  switch (k) {
    case PhaseKind::Native: return "NATIVE NON-CONTRAST";
    case PhaseKind::Arterial: return "ARTERIAL PHASE";
    case PhaseKind::PortalVenous: return "PORTAL VENOUS PHASE";
    case PhaseKind::Delayed: return "DELAYED PHASE";
    default: return "CT";
  }
}

// Bolus injection at 08:10:00; each phase is acquired its delay later (native 90 s before).
constexpr int kBolusStartS = 8 * 3600 + 10 * 60;
std::string dicomTime(double secondsOfDay) {
  const int s = static_cast<int>(std::lround(secondsOfDay));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

}  // namespace

std::string phantomTruthJson(const Phantom& ph) {
  const PhantomOptions& o = ph.options;
  json j;
  j["note"] = "synthetic phantom - not patient data";
  j["generator"] = "hccws phantom (viewer/core/src/phantom.cpp)";
  j["seed"] = o.seed;
  j["subtype"] = toString(o.subtype);
  j["pvtt"] = o.pvtt;
  j["noise_sigma_hu"] = o.noiseSigmaHu;
  const Geometry& g = ph.geometry;
  j["grid"] = {{"dims", {g.dims[0], g.dims[1], g.dims[2]}},
               {"spacing_mm", vec(g.spacingMm)},
               {"origin_lps", vec(g.originLps)},
               {"direction", g.direction},
               {"frame", "LPS mm; direction columns are the i, j, k axes"}};
  j["labels"] = {{"1", "liver (includes intrahepatic portal vein branches)"}, {"2", "tumour"},
                 {"3", "portal vein tumour thrombus"}};
  j["labels_file"] = "truth_labels.nii.gz";
  j["labels_grid"] = "arterial";

  j["transform_convention"] =
      "arterial_to_phase maps an arterial world point (LPS mm) to the world point of the same anatomy in that "
      "phase: the fixed->moving transform a registration with fixed=arterial, moving=phase must recover "
      "(ITK convention; resample the phase with it to bring it onto the arterial grid). phase_to_arterial is "
      "its inverse. Motion: rotation (deg, R = Rz*Ry*Rx about L,P,S) about rotation_centre_lps, then "
      "translation_mm.";
  json phases = json::array();
  for (const auto& p : ph.phases) {
    json e;
    e["phase"] = toString(p.kind);
    e["file"] = toString(p.kind) + ".nii.gz";
    e["dicom_folder"] = "dicom/" + toString(p.kind);
    e["series_description"] = seriesDescription(p.kind);
    e["delay_after_bolus_s"] = p.delayAfterBolusS;
    e["rotation_deg"] = vec(p.motion.rotationDeg);
    e["translation_mm"] = vec(p.motion.translationMm);
    e["rotation_centre_lps"] = vec(g.indexToWorld({(g.dims[0] - 1) / 2.0, (g.dims[1] - 1) / 2.0, (g.dims[2] - 1) / 2.0}));
    e["arterial_to_phase"] = matrix4(p.arterialToPhase);
    e["phase_to_arterial"] = matrix4(p.arterialToPhase.inverse());
    phases.push_back(e);
  }
  j["phases"] = phases;

  // Facts measured on the truth labels themselves (every component counts), with the nominal sizes.
  MeasurementOptions mo;
  mo.minTumourMl = 0;
  const Measurements m = measure(ph.truthLabels, mo);
  json measured = measurementsToJson(m);
  json& tumours = measured["tumours"];
  for (std::size_t ti = 0; ti < m.tumours.size(); ++ti) {
    const auto& t = m.tumours[ti];
    // The nominal tumour nearest to this component's centroid.
    const PhantomTumour* nominal = nullptr;
    double bestD = std::numeric_limits<double>::max();
    for (const auto& n : ph.tumours) {
      const double d = norm({n.centreLps[0] - t.centroidLps[0], n.centreLps[1] - t.centroidLps[1],
                             n.centreLps[2] - t.centroidLps[2]});
      if (d < bestD) bestD = d, nominal = &n;
    }
    if (nominal) {
      json& e = tumours[ti];
      e["nominal_diameter_mm"] = nominal->nominalDiameterMm;
      e["nominal_centre_lps"] = vec(nominal->centreLps);
      e["necrotic"] = nominal->necrotic;
      if (nominal->features.varied) {
        const auto& f = nominal->features;
        e["features"] = {{"discordant", f.discordant},
                         {"arterial_hu", f.arterialHu},
                         {"portal_venous_hu", f.portalVenousHu},
                         {"heterogeneity_hu", f.heterogeneityHu},
                         {"lobe_amplitude", f.lobeAmplitude},
                         {"rim_enhancement", f.rimEnhancement},
                         {"necrosis", f.necrosis},
                         {"capsule", f.capsule},
                         {"intratumoral_arteries", f.intratumoralArteries}};
      }
    }
  }
  j.update(measured);
  return j.dump(2);
}

void writePhantomCase(const Phantom& ph, const std::string& folder, const PhantomWriteOptions& wo,
                      const ProgressSink& progress) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw ImagingError(folder, "cannot create the phantom output folder", ec.message());
  const double steps = ph.phases.size() * ((wo.writeNifti ? 1 : 0) + (wo.writeDicom ? 2 : 0)) + 2;
  double done = 0;
  auto step = [&](double amount, std::string_view stage) {
    done += amount;
    if (progress && !progress(done / steps, stage)) throw Cancelled();
  };

  if (wo.writeNifti) {
    for (const auto& p : ph.phases) {
      writeImage(p.volume, (fs::path(folder) / (toString(p.kind) + ".nii.gz")).string());
      step(1, "writing NIfTI");
    }
  }
  writeLabelMap(ph.truthLabels, (fs::path(folder) / "truth_labels.nii.gz").string());
  step(1, "writing truth labels");

  if (wo.writeDicom) {
    DicomWriteOptions d;
    d.studyInstanceUid = newDicomUid();
    d.frameOfReferenceUid = newDicomUid();  // one scanner frame: the phases differ by patient motion only
    d.studyTime = dicomTime(kBolusStartS - 300);
    d.studyDescription = "CT ABDOMEN LIVER MULTIPHASE (SYNTHETIC PHANTOM)";
    int series = 2;
    for (const auto& p : ph.phases) {
      DicomWriteOptions s = d;
      s.seriesInstanceUid.clear();
      s.seriesDescription = seriesDescription(p.kind);
      s.seriesNumber = series++;
      s.acquisitionTime = dicomTime(kBolusStartS + p.delayAfterBolusS);
      if (p.kind != PhaseKind::Native) {
        s.contrastBolusAgent = "IOPAMIDOL 370";
        s.contrastBolusStartTime = dicomTime(kBolusStartS);
      }
      const ProgressScope scope(progress, done / steps, (done + 2) / steps);
      writeDicomSeries(p.volume, s, (fs::path(folder) / "dicom" / toString(p.kind)).string(), scope.sink());
      step(2, "writing DICOM");
    }
  }

  const fs::path truth = fs::path(folder) / "truth.json";
  const fs::path tmp = fs::path(folder) / ".truth.json.tmp";
  {
    std::ofstream out(tmp);
    out << phantomTruthJson(ph) << '\n';
    if (!out) throw ImagingError(truth.string(), "cannot write the truth file");
  }
  fs::rename(tmp, truth, ec);
  if (ec) throw ImagingError(truth.string(), "cannot write the truth file", ec.message());
  step(1, "writing truth.json");
}

}  // namespace hccws::core
