// The PMN on a case (see pmn.h). Compiled only with the inference engine.
#ifdef HCCWS_HAVE_INFERENCE
#include <hccws/pipeline/pmn.h>

#include <hccws/core/errors.h>
#include <hccws/inference/device.h>
#include <hccws/inference/pmn_roi.h>

#include <nlohmann/json.hpp>

#include <chrono>

namespace hccws::pipeline {

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

PmnCaseInput preparePmnCase(const std::vector<PhaseImage>& phases, const core::LabelMap& labels,
                            const std::string& labelsSource, int lesionId, const infer::PmnInputSpec& spec,
                            const std::string& manifestPath, bool registerPhases, std::vector<std::string>& log,
                            const core::ProgressSink& progress) {
  const std::string labelsFile = labelsSource.empty() ? "the segmentation" : labelsSource;
  const core::ProgressScope prep(progress, 0.0, 0.8), cut(progress, 0.8, 1.0);
  PmnCaseInput in;
  // the lesion, as `hccws measure` counts and numbers them
  core::MeasurementOptions mo;
  mo.keepVoxelIndices = true;
  core::Measurements m = core::measure(labels, mo);
  if (!m.tumourMeasured)
    throw core::ImagingError(labelsFile, "has no tumour segment (a segment named tumour, lesion or HCC): the PMN "
                                         "needs the tumour segmented");
  in.lesionCount = m.tumourCount;
  if (m.tumours.empty())
    throw core::ImagingError(labelsFile, "the tumour segment holds no lesion" +
                                             std::string(m.outsideLiver.empty() ? "" : " inside the liver") +
                                             ": segment the tumour first");
  if (lesionId < 1 || lesionId > m.tumourCount)
    throw core::ImagingError(labelsFile, "lesion " + std::to_string(lesionId) + " does not exist: the segmentation has " +
                                             std::to_string(m.tumourCount) + " lesion(s), numbered 1.." +
                                             std::to_string(m.tumourCount) + " by decreasing volume");
  in.lesion = std::move(m.tumours[static_cast<std::size_t>(lesionId - 1)]);
  in.lesionSegment = m.roles.describe(core::LabelRole::Tumour);
  const core::Geometry& grid = labels.labels.geometry();
  std::vector<std::uint8_t> mask(grid.voxelCount(), 0);
  for (std::size_t v : in.lesion.voxelIndices) mask[v] = 1;
  in.lesion.voxelIndices.clear();
  in.lesion.voxelIndices.shrink_to_fit();

  // the bundle's phases, on the label map's grid
  std::vector<PhaseImage> needed;
  std::vector<std::string> have;
  for (const auto& p : phases) have.push_back(p.phase);
  for (const auto& want : spec.phases) {
    bool found = false;
    for (const auto& p : phases)
      if (p.phase == want && !found) {
        needed.push_back(p);
        found = true;
      }
    if (!found)
      throw core::ImagingError(manifestPath, "the PMN model needs the " + joined(spec.phases) + " phases; missing: " + want +
                                                 " (given: " + (have.empty() ? "none" : joined(have)) + ")");
  }
  const core::CtVolume* reference = nullptr;
  std::string referenceName = "segmentation";
  for (const auto& p : needed)
    if (!reference && p.volume.geometry().sameGrid(grid)) {
      reference = &p.volume;
      referenceName = p.phase;
    }
  const std::vector<infer::InputImage> inputs =
      alignPhases(needed, grid, registerPhases ? reference : nullptr, referenceName, log, prep.sink());
  std::array<std::int64_t, 3> dims{};
  std::array<double, 3> spacing{};
  for (int a = 0; a < 3; ++a) {
    dims[a] = static_cast<std::int64_t>(grid.dims[a]);
    spacing[a] = grid.spacingMm[a];
  }
  cut.report(0, "cutting the ROI");
  in.roi = infer::cutPmnRoi(inputs, mask, dims, spacing, spec, labelsFile);
  if (in.roi.placement.lesionFractionInside < 0.999)
    log.push_back("lesion " + std::to_string(lesionId) + " extends beyond the " + std::to_string(spec.roiVoxels) +
                  "-voxel ROI (" + std::to_string(static_cast<int>(100 * in.roi.placement.lesionFractionInside + 0.5)) +
                  " % inside)");
  if (in.roi.placement.paddedVoxels > 0)
    log.push_back("ROI padded beyond the CT for " + std::to_string(in.roi.placement.paddedVoxels) + " voxels");
  in.roiGeometry.dims = {static_cast<std::size_t>(spec.roiVoxels), static_cast<std::size_t>(spec.roiVoxels),
                         static_cast<std::size_t>(spec.roiVoxels)};
  in.roiGeometry.spacingMm = {spec.spacingMm, spec.spacingMm, spec.spacingMm};
  in.roiGeometry.direction = grid.direction;
  const auto& f = in.roi.placement.firstVoxelIndex;
  in.roiGeometry.originLps = grid.indexToWorld({f[0], f[1], f[2]});
  return in;
}

PmnCaseResult runPmnCase(const PmnCaseRequest& req, const core::ProgressSink& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const core::ProgressScope prep(progress, 0.0, 0.15), net(progress, 0.15, 1.0);
  PmnCaseResult r;
  r.modelDir = req.modelDir;
  try {
    const infer::PmnBundle bundle = infer::loadPmnBundle(req.modelDir, req.verifyChecksums);
    r.model = bundle.manifest;
    PmnCaseInput in = preparePmnCase(req.phases, req.labels, req.labelsSource, req.lesionId, bundle.manifest.input,
                                     bundle.directory + "/manifest.json", req.registerPhases, r.log, prep.sink());
    r.placement = in.roi.placement;
    r.roiGeometry = in.roiGeometry;
    r.lesion = std::move(in.lesion);
    r.lesionCount = in.lesionCount;
    r.lesionSegment = in.lesionSegment;

    r.device = infer::selectDevice(req.device);
    r.log.push_back("device: " + infer::describe(r.device));
    const infer::PmnNetwork network(bundle.manifest.network, bundle.weightsPath, r.device);
    r.output = network.run(in.roi.input, req.withMaps, net.sink());
    r.proliferative = r.output.pProliferative >= bundle.manifest.classThreshold;
    if (req.withMaps) {
      r.heatmaps.push_back({"p_proliferative",
                            "per-position p(proliferative) from the subtype prototypes (softmax shares), [0, 1]",
                            core::FloatVolume(r.roiGeometry, r.output.proliferativeMap)});
      r.heatmaps.push_back({"gradcam", "Grad-CAM of log p(proliferative) on the last fused features, max 1",
                            core::FloatVolume(r.roiGeometry, r.output.gradCam)});
      const int j = bundle.manifest.network.prototypesPerClass;
      for (std::size_t k = 0; k < r.output.prototypeMaps.size(); ++k) {
        const bool prolif = static_cast<int>(k) >= j;
        const std::string name = std::string(prolif ? "prototype_prolif_" : "prototype_nonprolif_") +
                                 std::to_string(static_cast<int>(k) % j + 1);
        r.heatmaps.push_back({name, "share of the softmax over prototypes held by " + name + ", [0, 1]",
                              core::FloatVolume(r.roiGeometry, r.output.prototypeMaps[k])});
      }
      r.output.proliferativeMap.clear();
      r.output.gradCam.clear();
      r.output.prototypeMaps.clear();
    }
  } catch (const infer::Cancelled&) {
    throw core::Cancelled();
  } catch (const infer::InferenceError& e) {
    throw core::ImagingError(e.file(), e.problem(), e.detail());
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::string pmnResultJson(const PmnCaseResult& r, const std::vector<std::pair<std::string, std::string>>& files,
                          int indent) {
  using J = nlohmann::ordered_json;
  J j;
  j["format"] = "hccws-pmn-result";
  j["format_version"] = 1;
  const std::string who = "computed by PMN model '" + r.model.name + "'" + (r.model.synthetic ? " (synthetic)" : "");
  j["provenance"] = who;
  j["p_proliferative"] = r.output.pProliferative;
  j["class"] = r.proliferative ? "proliferative" : "non-proliferative";
  j["class_threshold"] = r.model.classThreshold;
  j["risk_scores"] = J::array();
  for (const auto& a : r.output.arms)
    j["risk_scores"].push_back({{"arm", a.arm},
                                {"risk_score", a.riskScore},
                                {"p_response", a.pResponse},
                                {"distances", a.distances}});
  j["risk_score_definition"] =
      "per arm: 1 - p(response) of the arm's prototype head (softmax of -gamma x squared distance to its "
      "response / no-response prototypes); in [0, 1], higher = less expected benefit";
  j["subtype_distances"] = {{"order", "non-proliferative prototypes 1..J, then proliferative 1..J"},
                            {"squared_distances", r.output.subtypeDistances}};
  J cut = J::array();
  for (const auto& c : r.model.cutoffs)
    cut.push_back({{"arm", c.arm}, {"value", c.value}, {"scale", c.scale}, {"source", c.source}});
  j["nomogram_cutoffs"] = cut;
  const auto& g = r.roiGeometry;
  const double side = g.spacingMm[0] * static_cast<double>(g.dims[0]);
  J corners = J::array();
  for (int c = 0; c < 8; ++c) {
    const core::Vec3 ijk{(c & 1) ? g.dims[0] - 0.5 : -0.5, (c & 2) ? g.dims[1] - 0.5 : -0.5, (c & 4) ? g.dims[2] - 0.5 : -0.5};
    const core::Vec3 w = g.indexToWorld(ijk);
    corners.push_back({w[0], w[1], w[2]});
  }
  const core::Vec3 centre = g.indexToWorld({(g.dims[0] - 1) / 2.0, (g.dims[1] - 1) / 2.0, (g.dims[2] - 1) / 2.0});
  j["roi"] = {{"frame", "LPS mm (DICOM patient coordinates)"},
              {"centre_lps", {centre[0], centre[1], centre[2]}},
              {"side_mm", side},
              {"voxels", g.dims[0]},
              {"spacing_mm", g.spacingMm[0]},
              {"corners_lps", corners},
              {"lesion_fraction_inside", r.placement.lesionFractionInside},
              {"padded_voxels", r.placement.paddedVoxels}};
  j["lesion"] = {{"id", r.lesion.id},
                 {"of", r.lesionCount},
                 {"segment", r.lesionSegment},
                 {"volume_ml", r.lesion.volumeMl},
                 {"diameter_3d_mm", r.lesion.diameter3dMm},
                 {"centroid_lps", {r.lesion.centroidLps[0], r.lesion.centroidLps[1], r.lesion.centroidLps[2]}}};
  j["model"] = {{"directory", r.modelDir},
                {"name", r.model.name},
                {"version", r.model.version},
                {"synthetic", r.model.synthetic},
                {"intended_use", r.model.intendedUse},
                {"provenance", r.model.provenance},
                {"weights_sha256", r.model.weightsSha256}};
  J hm = J::array();
  for (const auto& h : r.heatmaps) {
    J e{{"name", h.name}, {"description", h.description}};
    for (const auto& [n, f] : files)
      if (n == h.name) e["file"] = f;
    hm.push_back(e);
  }
  j["heatmaps"] = hm;
  j["run"] = {{"device", r.device.description}, {"seconds", r.seconds}};
  j["log"] = r.log;
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hccws::pipeline
#endif  // HCCWS_HAVE_INFERENCE
