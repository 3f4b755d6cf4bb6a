// Core <-> inference bridge for segmentation (see segmentation.h).
// Compiled only when the inference engine is part of the build (its header needs hccws/inference).
#ifdef HCCWS_HAVE_INFERENCE
#include <hccws/pipeline/segmentation.h>

#include <hccws/core/label_roles.h>

#include <hccws/core/errors.h>
#include <hccws/core/registration.h>
#include <hccws/core/resample.h>
#include <hccws/inference/bundle.h>
#include <hccws/inference/segmenter.h>

#include <cstdio>

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

core::LabelMap toLabelMap(const infer::SegmentationResult& r, const core::Geometry& grid) {
  if (r.labels.size() != grid.voxelCount())
    throw core::ImagingError("", "segmentation result does not match the reference grid " + grid.describe());
  core::LabelMap out;
  out.labels = core::Volume<std::uint8_t>(grid, r.labels);
  // The model's own label names, and only those: a class the model does not have (PVTT for a liver/tumour
  // model) has no segment, so it is never reported as measured. Colours of the standard names are kept.
  const core::LabelTable standard = core::LabelTable::standard();
  out.table = core::LabelTable();
  for (std::size_t v = 1; v < r.labelNames.size() && v < 256; ++v) {
    core::LabelInfo info;
    info.value = static_cast<std::uint8_t>(v);
    info.name = r.labelNames[v];
    const auto role = core::roleForName(info.name);
    for (const auto& e : standard.entries())
      if (role && core::roleForName(e.name) == role) info.rgb = e.rgb;
    out.table.set(info);
  }
  return out;
}

SegmentationOutput segmentCase(const SegmentationRequest& req, const core::ProgressSink& progress) {
  if (req.phases.empty()) throw core::ImagingError("", "no input phase given");
  const core::ProgressScope prep(progress, 0.0, 0.05);
  const core::ProgressScope run(progress, 0.05, 1.0);
  SegmentationOutput out;
  try {
    const infer::ModelBundle bundle = infer::loadBundle(req.modelDir, req.verifyChecksums);
    const core::Geometry& ref = req.phases[0].volume.geometry();
    std::vector<infer::InputImage> inputs;
    for (std::size_t p = 0; p < req.phases.size(); ++p) {
      prep.report(static_cast<double>(p) / req.phases.size(), "preparing phases");
      const auto& ph = req.phases[p];
      if (req.registerPhases && p > 0) {
        const auto reg = core::registerImages(req.phases[0].volume, ph.volume);
        // NMI is the quality figure between phases of different contrast; NCC can fall at alignment
        // (arterial and portal venous enhance different organs), so it is shown only as a secondary figure.
        const core::RegistrationCheck check = core::checkPhaseRegistration(reg);
        out.log.push_back("phase '" + ph.phase + "' registered onto '" + req.phases[0].phase + "': " + core::summary(reg) +
                          (check.plausible ? std::string() : "; REJECTED (" + check.reason + "), used as acquired"));
        inputs.push_back(toInputImage(
            core::resample(ph.volume, ref, check.plausible ? reg.fixedToMoving : core::AffineTransform{}), ph.phase));
      } else if (ph.volume.geometry().sameGrid(ref)) {
        inputs.push_back(toInputImage(ph.volume, ph.phase));
      } else {
        out.log.push_back("phase '" + ph.phase + "' resampled onto the '" + req.phases[0].phase +
                          "' grid through the world frame (not registered)");
        core::ResampleOptions ro;
        ro.fillValue = -1024.0;
        inputs.push_back(toInputImage(core::resample(ph.volume, ref, core::AffineTransform{}, ro), ph.phase));
      }
    }
    infer::Segmenter seg(bundle, req.options);
    const infer::SegmentationResult r = seg.segment(inputs, run.sink());
    inputs.clear();
    out.labels = toLabelMap(r, ref);
    out.labelNames = r.labelNames;
    const std::size_t n = r.labels.size();
    for (std::size_t k = 0; n > 0 && (k + 1) * n <= r.probabilities.size(); ++k)
      out.probabilities.emplace_back(ref, std::vector<float>(r.probabilities.begin() + static_cast<std::ptrdiff_t>(k * n),
                                                             r.probabilities.begin() + static_cast<std::ptrdiff_t>((k + 1) * n)));
    out.log.insert(out.log.end(), r.log.begin(), r.log.end());
    out.device = r.device;
    out.seconds = r.seconds;
  } catch (const infer::Cancelled&) {
    throw core::Cancelled();
  } catch (const infer::InferenceError& e) {
    throw core::ImagingError(e.file(), e.problem(), e.detail());
  }
  return out;
}

}  // namespace hccws::pipeline
#endif  // HCCWS_HAVE_INFERENCE
