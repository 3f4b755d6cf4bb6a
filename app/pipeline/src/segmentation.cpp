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
    // Registration onto phases[0] (the reference image) when asked; the first phase is on the grid by definition.
    std::vector<infer::InputImage> inputs =
        alignPhases(req.phases, ref, req.registerPhases ? &req.phases[0].volume : nullptr, req.phases[0].phase, out.log,
                    prep.sink());
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
