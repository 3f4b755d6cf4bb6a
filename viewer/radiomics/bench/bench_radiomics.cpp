// Time per case for all radiomic features (issue 19's target: under 10 s on 2 cores) on a synthetic
// 512 x 512 x 300 CT (0.7 x 0.7 x 1.0 mm) with a 10 cm tumour in a liver: the tumour, the 6 mm ring and the
// liver, with the clinical default settings (3D aggregations, bin width 25 HU, re-segmentation -100..300 HU) and
// with interpolation to 1 mm isotropic voxels. The baseline in the same process is the tumour measurement
// (core::measure: components and diameters), so the ratio is comparable across machines.
// Run: build/viewer/radiomics/bench_radiomics [threads]
#include <hccws/core/measurements.h>
#include <hccws/radiomics/case_rois.h>
#include <hccws/radiomics/features.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

using namespace hccws;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

int main() {
  core::Geometry g;
  g.dims = {512, 512, 300};
  g.spacingMm = {0.7, 0.7, 1.0};
  core::FloatVolume ct(g, -1000.0f);
  core::LabelMap labels;
  labels.labels = core::Volume<std::uint8_t>(g, 0);
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.0f, 12.0f);
  const double cx = 256 * 0.7, cy = 256 * 0.7, cz = 150;
  for (std::size_t k = 0; k < g.dims[2]; ++k)
    for (std::size_t j = 0; j < g.dims[1]; ++j)
      for (std::size_t i = 0; i < g.dims[0]; ++i) {
        const double x = i * 0.7 - cx, y = j * 0.7 - cy, z = k * 1.0 - cz;
        const double liver = (x / 110) * (x / 110) + (y / 90) * (y / 90) + (z / 100) * (z / 100);
        const double tx = x - 20, ty = y, tz = z;
        const double r = std::sqrt(tx * tx + ty * ty + tz * tz);
        float v = 40.0f;
        std::uint8_t l = 0;
        if (liver <= 1) v = 60.0f, l = 1;
        if (r <= 50) {  // 10 cm tumour with a necrotic core and a rim
          v = r < 20 ? 20.0f : static_cast<float>(90 + 20 * std::sin(tx / 4.0) * std::cos(ty / 5.0));
          l = 2;
        }
        ct.at(i, j, k) = v + noise(rng);
        labels.labels.at(i, j, k) = l;
      }
  auto t0 = Clock::now();
  const core::Measurements m = core::measure(labels);
  const double baseline = seconds(t0);
  std::printf("grid 512x512x300 (0.7x0.7x1.0 mm), tumour %.0f mL, %d lesion(s)\n", m.tumourVolumeMl, m.tumourCount);
  std::printf("baseline core::measure: %.2f s\n", baseline);

  radiomics::RoiRequest req;
  req.lesions = false;  // one lesion: the tumour ROI is the same voxels
  t0 = Clock::now();
  std::vector<std::string> skipped;
  const auto rois = radiomics::caseRois(labels, req, &skipped);
  const double roiTime = seconds(t0);
  std::printf("ROIs (tumour, liver, 6 mm ring): %.2f s\n", roiTime);

  for (int variant = 0; variant < 2; ++variant) {
    radiomics::Settings s;
    s.resegmentLower = -100;
    s.resegmentUpper = 300;
    s.binWidth = 25;
    if (variant == 1) s.isotropicMm = 1.0;
    double total = roiTime;
    for (const auto& roi : rois) {
      t0 = Clock::now();
      std::string lastStage;
      auto stageStart = Clock::now();
      std::string stages;
      const auto t = radiomics::computeFeatures(ct, roi.mask, s, [&](double, std::string_view st) {
        if (st != lastStage) {
          if (!lastStage.empty()) {
            char b[64];
            std::snprintf(b, sizeof b, " %s %.2f", lastStage.c_str(), seconds(stageStart));
            stages += b;
          }
          lastStage = std::string(st);
          stageStart = Clock::now();
        }
        return true;
      });
      const double dt = seconds(t0);
      total += dt;
      std::printf("  %-10s %s: %3zu features, %9lld voxels, %6.2f s (%.1fx baseline)\n", roi.id.c_str(),
                  variant ? "1 mm iso" : "native  ", t.features.size(), t.roi.intensityVoxels, dt, dt / baseline);
      std::printf("     stages (s):%s\n", stages.c_str());
    }
    std::printf("case total (%s): %.2f s (%.1fx baseline)\n", variant ? "1 mm isotropic" : "native grid", total,
                total / baseline);
  }
  return 0;
}
