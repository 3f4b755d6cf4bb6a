#include <hccws/radiomics/case_rois.h>

#include <hccws/core/label_roles.h>
#include <hccws/core/measurements.h>
#include <hccws/core/resample.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hccws::radiomics {
namespace {

core::Volume<std::uint8_t> maskOfValues(const core::LabelMap& labels, const std::vector<std::uint8_t>& values) {
  core::Volume<std::uint8_t> m(labels.labels.geometry(), 0);
  bool any[256] = {};
  for (auto v : values) any[v] = true;
  const auto& src = labels.labels.buffer();
  for (std::size_t n = 0; n < src.size(); ++n) m.buffer()[n] = any[src[n]] ? 1 : 0;
  return m;
}

std::vector<std::uint8_t> valuesOf(const core::LabelRoles& roles, core::LabelRole role) {
  std::vector<std::uint8_t> v;
  for (const auto& s : roles.segments(role)) v.push_back(s.value);
  return v;
}

}  // namespace

std::vector<CaseRoi> caseRois(const core::LabelMap& labels, const RoiRequest& request, std::vector<std::string>* skipped,
                              const core::ProgressSink& progress) {
  using core::LabelRole;
  const core::LabelRoles roles = core::resolveLabelRoles(labels.table);
  const std::vector<std::uint8_t> tumour = valuesOf(roles, LabelRole::Tumour), liver = valuesOf(roles, LabelRole::Liver);
  std::vector<CaseRoi> out;
  if ((request.tumour || request.lesions || request.ringMm > 0) && tumour.empty())
    throw std::invalid_argument("the segmentation has no tumour segment (segments: tumour = " +
                                roles.describe(LabelRole::Tumour) + ")");
  if ((request.liver || (request.ringMm > 0 && request.ringCutToLiver)) && liver.empty())
    throw std::invalid_argument("the segmentation has no liver segment (needed for the liver ROI and to cut the ring)");
  auto segNote = [&](LabelRole r) { return roles.describe(r); };
  if (request.tumour) out.push_back({"tumour", "all tumour voxels (" + segNote(LabelRole::Tumour) + ")", maskOfValues(labels, tumour)});
  if (request.lesions) {
    core::MeasurementOptions o;
    o.minTumourMl = request.minLesionMl;
    o.keepVoxelIndices = true;
    const core::Measurements m = core::measure(labels, o);
    for (const auto& t : m.tumours) {
      core::Volume<std::uint8_t> mask(labels.labels.geometry(), 0);
      for (std::size_t n : t.voxelIndices) mask.buffer()[n] = 1;
      std::ostringstream d;
      d.precision(3);
      d << "lesion " << t.id << " (" << t.volumeMl << " mL, 26-connected, as in the measurements)";
      out.push_back({"lesion_" + std::to_string(t.id), d.str(), std::move(mask)});
    }
  }
  if (request.liver) out.push_back({"liver", "liver parenchyma (" + segNote(LabelRole::Liver) + ", tumour excluded)", maskOfValues(labels, liver)});
  if (request.ringMm > 0) {
    // One tumour value for the margin: every tumour segment folded into the first.
    core::LabelMap work = labels;
    for (auto& v : work.labels.buffer())
      for (auto t : tumour)
        if (v == t) v = tumour.front();
    for (auto& v : work.labels.buffer())
      for (auto l : liver)
        if (v == l) v = liver.front();
    RingRequest rr;
    rr.widthMm = request.ringMm;
    rr.tumourLabel = tumour.front();
    if (request.ringCutToLiver) rr.liverLabel = liver.front();
    else rr.liverLabel.reset();
    core::Volume<std::uint8_t> ring = peritumoralRing(work, rr, progress);
    std::ostringstream id, d;
    id << "ring_" << request.ringMm << "mm";
    d << "peritumoral ring " << request.ringMm << " mm around all tumour voxels" << (request.ringCutToLiver ? ", cut to the liver" : "");
    bool any = false;
    for (auto v : ring.buffer()) any = any || v;
    if (any) out.push_back({id.str(), d.str(), std::move(ring)});
    else if (skipped) skipped->push_back(id.str() + ": empty (no liver around the tumour)");
  }
  return out;
}

std::vector<RoiFeatures> computeRoiFeatures(const core::FloatVolume& image, const std::vector<CaseRoi>& rois,
                                            const Settings& settings, const core::ProgressSink& progress) {
  std::vector<RoiFeatures> out;
  const double steps = static_cast<double>(std::max<std::size_t>(1, rois.size()));
  for (std::size_t n = 0; n < rois.size(); ++n) {
    RoiFeatures r;
    r.roi = &rois[n];
    const core::ProgressScope scope(progress, n / steps, (n + 1) / steps);
    try {
      if (image.geometry().sameGrid(rois[n].mask.geometry())) {
        r.table = computeFeatures(image, rois[n].mask, settings, scope.sink());
      } else {
        r.resampled = true;
        r.table = computeFeatures(image, core::resampleLabels(rois[n].mask, image.geometry(), core::AffineTransform{}),
                                  settings, scope.sink());
      }
    } catch (const std::invalid_argument& e) {
      r.error = e.what();
    }
    out.push_back(std::move(r));
  }
  return out;
}

core::LabelMap ringLabelMap(const CaseRoi& ring, double widthMm) {
  core::LabelMap map;
  map.labels = ring.mask;
  map.table = core::LabelTable();
  std::ostringstream name;
  name << "Peritumoral ring " << widthMm << " mm";
  map.table.set({1, name.str(), {255, 200, 0}});
  return map;
}

}  // namespace hccws::radiomics
