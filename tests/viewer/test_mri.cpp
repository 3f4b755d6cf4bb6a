// Multi-phase contrast MRI (issue 19): real DICOM MR series (unsigned 16-bit up to 65535, no HU) and NIfTI
// float MRI load as phases with their real values kept (exactly when they fit int16, else through a recorded
// linear map); phases come from series descriptions, from the MR bolus timing with a hepatobiliary agent
// (pre-contrast, arterial, portal venous, transitional, hepatobiliary), from the acquisition order, and the
// file name; CT's HU-based content rule is never applied to MRI; CT still loads as HU.
// SYNTHETIC DATA - NOT PATIENT DATA.
#include "support.h"

#include <hccws/core/dicom_series.h>
#include <hccws/core/dicom_writer.h>
#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace hccws::core;
namespace fs = std::filesystem;

namespace {

Geometry mrGrid() {
  Geometry g;
  g.dims = {48, 40, 12};
  g.spacingMm = {1.5, 1.5, 4.0};
  g.originLps = {-36, -30, -24};
  return g;
}

// A liver-like ellipsoid with a brighter lesion, scaled so that the maximum is `peak` (unsigned 16-bit).
Volume<std::uint16_t> mrVolume(double peak) {
  Volume<std::uint16_t> v(mrGrid(), 0);
  const auto& d = v.dims();
  for (std::size_t k = 0; k < d[2]; ++k)
    for (std::size_t j = 0; j < d[1]; ++j)
      for (std::size_t i = 0; i < d[0]; ++i) {
        const double x = (i - 24.0) / 20, y = (j - 20.0) / 16, z = (k - 6.0) / 5;
        double s = x * x + y * y + z * z <= 1 ? 0.5 : 0.05;
        if ((i - 30.0) * (i - 30.0) + (j - 20.0) * (j - 20.0) < 16) s = 1.0;
        v.at(i, j, k) = static_cast<std::uint16_t>(std::lround(s * peak * (0.98 + 0.02 * ((i + j + k) % 5) / 4.0)));
      }
  return v;
}

struct Series {
  const char* description;
  const char* acquisitionTime;  // bolus start 100000
  double peak;
};

std::string writeMrStudy(const std::string& name, const std::vector<Series>& series, const std::string& agent) {
  const std::string dir = hccws::test::scratchDir(name);
  const std::string study = newDicomUid(), frame = newDicomUid();
  int n = 1;
  for (const auto& s : series) {
    DicomWriteOptions o;
    o.studyInstanceUid = study;
    o.frameOfReferenceUid = frame;
    o.studyDescription = "MR LIVER";
    o.seriesDescription = s.description;
    o.contrastBolusAgent = agent;
    o.contrastBolusStartTime = agent.empty() ? "" : "100000";
    o.acquisitionTime = s.acquisitionTime;
    o.seriesNumber = n;
    o.windowCenter = s.peak / 2;
    o.windowWidth = s.peak;
    writeDicomMrSeries(mrVolume(s.peak), o, dir + "/s" + std::to_string(n++));
  }
  return dir;
}

}  // namespace

TEST_CASE("MRI: DICOM MR series load with their values, phases by MR bolus timing and a hepatobiliary agent",
          "[mri][dicom]") {
  // Descriptions name no phase: the MR delays decide (25, 70, 180, 1200 s after the bolus); the first series has
  // no delay (pre-contrast) and its own description says so.
  const std::string dir = writeMrStudy("mri_timing",
                                       {{"T1 VIBE PRE", "095900", 3000},
                                        {"T1 VIBE DYN", "100025", 3500},
                                        {"T1 VIBE DYN", "100110", 40000},
                                        {"T1 VIBE DYN", "100300", 4000},
                                        {"T1 VIBE DYN", "102000", 60000}},
                                       "Primovist");
  const Study study = loadStudy(dir);
  REQUIRE(study.phases.size() == 5);
  std::vector<PhaseKind> kinds;
  for (const auto& p : study.phases) {
    INFO(p.source.seriesDescription << " " << p.source.acquisitionTime << ": " << p.decision.reason);
    CHECK(p.source.modality == "MR");
    CHECK_FALSE(p.isCt());
    CHECK(p.intensity.unit.empty());
    kinds.push_back(p.decision.kind);
  }
  // Scan order follows the series numbers.
  std::sort(kinds.begin(), kinds.end(), [](PhaseKind a, PhaseKind b) { return static_cast<int>(a) < static_cast<int>(b); });
  CHECK(kinds == std::vector<PhaseKind>{PhaseKind::Native, PhaseKind::Arterial, PhaseKind::PortalVenous,
                                        PhaseKind::Delayed, PhaseKind::Hepatobiliary});
  for (const auto& p : study.phases) {
    if (p.decision.kind == PhaseKind::Hepatobiliary) {
      CHECK(p.decision.reason.find("hepatobiliary agent") != std::string::npos);
      CHECK(p.decision.reason.find("1200.0 s") != std::string::npos);
    }
    // Values: the 60000 and 40000 peaks do not fit int16 and are mapped; the others are stored as they are.
    const Volume<std::uint16_t> truth = mrVolume(p.source.windowWidth);
    const FloatVolume real = realValues(p.volume, p.intensity);
    double worst = 0;
    for (std::size_t n = 0; n < truth.size(); ++n) worst = std::max(worst, double(std::abs(real.buffer()[n] - truth.buffer()[n])));
    INFO("peak " << p.source.windowWidth << ": slope " << p.intensity.slope << ", worst error " << worst);
    if (p.source.windowWidth > 32767) {
      CHECK_FALSE(p.intensity.identity());
      CHECK(worst <= p.intensity.slope / 2 + 1e-3);
    } else {
      CHECK(p.intensity.identity());
      CHECK(worst == 0);
    }
  }
}

TEST_CASE("MRI: descriptions name the phases (pre, arterial, portal venous, transitional, HBP)", "[mri][rules]") {
  auto kind = [](const std::string& text) {
    const auto d = phaseFromKeywords(text, "SeriesDescription", 0.9);
    return d ? d->kind : PhaseKind::Unknown;
  };
  CHECK(kind("T1 VIBE PRE") == PhaseKind::Native);
  CHECK(kind("t1_vibe_fs_tra_pre-contrast") == PhaseKind::Native);
  CHECK(kind("LAVA ARTERIAL") == PhaseKind::Arterial);
  CHECK(kind("THRIVE PORTAL VENOUS") == PhaseKind::PortalVenous);
  CHECK(kind("T1 TRANSITIONAL 3MIN") == PhaseKind::Delayed);
  CHECK(kind("T1 VIBE HBP 20MIN") == PhaseKind::Hepatobiliary);
  CHECK(kind("HEPATOBILIARY PHASE") == PhaseKind::Hepatobiliary);
  // Without a hepatobiliary agent a late MR series is delayed, not hepatobiliary.
  CHECK(phaseFromMrBolusTiming("102000", "100000", "Gadovist")->kind == PhaseKind::Delayed);
  CHECK(phaseFromMrBolusTiming("102000", "100000", "Gd-EOB-DTPA")->kind == PhaseKind::Hepatobiliary);
  CHECK(phaseFromMrBolusTiming("100030", "100000", "Primovist")->kind == PhaseKind::Arterial);
  CHECK(phaseKindFromString("hbp") == PhaseKind::Hepatobiliary);
  CHECK(toString(PhaseKind::Hepatobiliary) == "hepatobiliary");
}

TEST_CASE("MRI: acquisition order with a hepatobiliary agent, no content rule on MR", "[mri][rules]") {
  // No description keywords, no bolus start time: only the order decides; the fourth is hepatobiliary.
  const std::string dir = writeMrStudy("mri_order",
                                       {{"T1 DYN 1", "100030", 3000},
                                        {"T1 DYN 2", "100130", 3000},
                                        {"T1 DYN 3", "100330", 3000},
                                        {"T1 DYN 4", "102000", 3000}},
                                       "Primovist");
  // Remove the bolus start time from the files? The writer wrote it: a study without it is made by keywords only.
  Study study = loadStudy(dir);
  for (auto& p : study.phases) p.source.contrastBolusStartTime.clear();
  for (auto& p : study.phases) p.decision = {};
  detectPhases(study);
  std::vector<PhaseKind> kinds;
  for (const auto& p : study.phases) {
    INFO(p.decision.reason);
    CHECK(p.decision.reason.find("HU") == std::string::npos);  // never the CT content rule
    kinds.push_back(p.decision.kind);
  }
  std::sort(kinds.begin(), kinds.end(), [](PhaseKind a, PhaseKind b) { return static_cast<int>(a) < static_cast<int>(b); });
  CHECK(kinds == std::vector<PhaseKind>{PhaseKind::Arterial, PhaseKind::PortalVenous, PhaseKind::Delayed,
                                        PhaseKind::Hepatobiliary});
}

TEST_CASE("MRI: a float NIfTI named as MRI keeps its values; a CT file still loads as HU", "[mri][nifti]") {
  const std::string dir = hccws::test::scratchDir("mri_nifti");
  FloatVolume f(mrGrid(), 0.0f);
  for (std::size_t n = 0; n < f.size(); ++n) f.buffer()[n] = static_cast<float>(0.001 * (n % 977) + 0.25);  // 0.25..1.226
  const std::string path = dir + "/case7_t1_hbp.nii.gz";
  writeImage(f, path);
  const Study s = loadStudy(path);
  REQUIRE(s.phases.size() == 1);
  const Phase& p = s.phases[0];
  CHECK(p.source.modality == "MR");
  CHECK_FALSE(p.isCt());
  CHECK(p.decision.kind == PhaseKind::Hepatobiliary);
  const FloatVolume back = realValues(p.volume, p.intensity);
  double worst = 0;
  for (std::size_t n = 0; n < f.size(); ++n) worst = std::max(worst, double(std::abs(back.buffer()[n] - f.buffer()[n])));
  CHECK(worst <= p.intensity.slope / 2 + 1e-6);
  CHECK(worst < 1e-4);  // 16-bit steps over a range of about 1

  CtVolume ct(mrGrid(), -1000);
  ct.buffer()[5] = 300;
  writeImage(ct, dir + "/arterial.nii.gz");
  const Study c = loadStudy(dir + "/arterial.nii.gz");
  CHECK(c.phases[0].isCt());
  CHECK(c.phases[0].intensity.identity());
  CHECK(c.phases[0].volume.buffer()[5] == 300);
}
