#include <hccws/pipeline/phase_alignment.h>

#include <hccws/core/registration.h>
#include <hccws/core/resample.h>

namespace hccws::pipeline {

infer::InputImage toInputImage(const core::CtVolume& v, const std::string& phase) {
  infer::InputImage im;
  const auto& g = v.geometry();
  for (int a = 0; a < 3; ++a) {
    im.dims[a] = static_cast<std::int64_t>(g.dims[a]);
    im.spacingMm[a] = g.spacingMm[a];
  }
  im.voxels.assign(v.buffer().begin(), v.buffer().end());
  im.phase = phase;
  return im;
}

std::vector<infer::InputImage> alignPhases(const std::vector<PhaseImage>& phases, const core::Geometry& grid,
                                           const core::CtVolume* reference, const std::string& referenceName,
                                           std::vector<std::string>& log, const core::ProgressSink& progress) {
  std::vector<infer::InputImage> inputs;
  for (std::size_t p = 0; p < phases.size(); ++p) {
    if (progress && !progress(static_cast<double>(p) / phases.size(), "preparing phases")) throw core::Cancelled();
    const auto& ph = phases[p];
    if (ph.volume.geometry().sameGrid(grid) && (!reference || &ph.volume == reference)) {
      inputs.push_back(toInputImage(ph.volume, ph.phase));
    } else if (reference) {
      const auto reg = core::registerImages(*reference, ph.volume);
      // NMI is the quality figure between phases of different contrast; NCC can fall at alignment
      // (arterial and portal venous enhance different organs), so it is shown only as a secondary figure.
      const core::RegistrationCheck check = core::checkPhaseRegistration(reg);
      log.push_back("phase '" + ph.phase + "' registered onto '" + referenceName + "': " + core::summary(reg) +
                    (check.plausible ? std::string() : "; REJECTED (" + check.reason + "), used as acquired"));
      core::ResampleOptions ro;
      ro.fillValue = -1024.0;
      inputs.push_back(toInputImage(
          core::resample(ph.volume, grid, check.plausible ? reg.fixedToMoving : core::AffineTransform{}, ro), ph.phase));
    } else {
      log.push_back("phase '" + ph.phase + "' resampled onto the '" + referenceName +
                    "' grid through the world frame (not registered)");
      core::ResampleOptions ro;
      ro.fillValue = -1024.0;
      inputs.push_back(toInputImage(core::resample(ph.volume, grid, core::AffineTransform{}, ro), ph.phase));
    }
  }
  return inputs;
}

}  // namespace hccws::pipeline
