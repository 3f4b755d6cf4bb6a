#include "key_images.h"

#include <hccws/render/window_presets.h>

#include "display_names.h"
#include "report_slice.h"

#include <hccws/core/image_io.h>

#include <QCoreApplication>

#include <algorithm>
#include <filesystem>

namespace hccws::gui {

// The strings, in the translation context "hccws::gui::KeyImages".
class KeyImages {
  Q_DECLARE_TR_FUNCTIONS(hccws::gui::KeyImages)
};

namespace {

// The phase that shows case source `source` (-1: none).
int phaseOf(const KeyImageSources& from, int source) {
  for (std::size_t p = 0; p < from.phases.size(); ++p)
    if (from.phases[p].source == source) return static_cast<int>(p);
  return -1;
}

bool labelsOn(const KeyImageSources& from, std::size_t phase) {
  return from.labels && from.phases[phase].volume &&
         from.labels->labels.geometry().sameGrid(from.phases[phase].volume->geometry());
}

SlicePlane planeOf(const std::string& view) {
  return view == "coronal" ? SlicePlane::Coronal : view == "sagittal" ? SlicePlane::Sagittal : SlicePlane::Axial;
}

QString viewName(const std::string& view) {
  if (view == "coronal") return KeyImages::tr("coronal");
  if (view == "sagittal") return KeyImages::tr("sagittal");
  if (view == "3d") return KeyImages::tr("3D");
  return KeyImages::tr("axial");
}

const core::Heatmap* heatmapNamed(const KeyImageSources& from, const std::string& layer) {
  if (layer.rfind("heatmap:", 0) != 0 || !from.heatmaps) return nullptr;
  const std::string name = layer.substr(8);
  for (const auto& h : *from.heatmaps)
    if (h.name == name) return &h;
  return nullptr;
}

}  // namespace

std::vector<KeyImagePhase> keyImagePhases(const core::Study& study, const std::vector<int>& sourceOf) {
  std::vector<KeyImagePhase> out;
  for (std::size_t p = 0; p < study.phases.size(); ++p)
    out.push_back({&study.phases[p].volume, study.phases[p].decision.kind,
                   p < sourceOf.size() ? sourceOf[p] : static_cast<int>(p), study.phases[p].isCt()});
  return out;
}

std::vector<cases::KeyImage> proposeKeyImages(const KeyImageSources& from, const core::Measurements* m) {
  std::vector<cases::KeyImage> out;
  if (from.phases.empty()) return out;
  const bool lesion = m && !m->tumours.empty();
  // the phase the labels are on (the heatmap's slice and the 3D view belong to it)
  std::size_t labelsPhase = 0;
  for (std::size_t p = 0; p < from.phases.size(); ++p)
    if (labelsOn(from, p)) {
      labelsPhase = p;
      break;
    }
  for (std::size_t p = 0; p < from.phases.size(); ++p) {
    if (!from.phases[p].volume || from.phases[p].source < 0) continue;
    const auto& g = from.phases[p].volume->geometry();
    cases::KeyImage k;
    k.view = "axial";
    k.source = from.phases[p].source;
    const core::Vec3 centre = g.indexToWorld({(g.dims[0] - 1) / 2.0, (g.dims[1] - 1) / 2.0, (g.dims[2] - 1) / 2.0});
    const core::Vec3 at = lesion ? m->tumours.front().centroidLps : centre;
    for (int a = 0; a < 3; ++a) k.positionLps[a] = at[static_cast<std::size_t>(a)];
    out.push_back(k);
  }
  if (from.heatmaps && !from.heatmaps->empty())
    if (const auto peak = heatmapPeak(from.heatmaps->front())) {
      cases::KeyImage k;
      k.view = "axial";
      k.source = from.phases[labelsPhase].source;
      for (int a = 0; a < 3; ++a) k.positionLps[a] = (*peak)[static_cast<std::size_t>(a)];
      k.layer = "heatmap:" + from.heatmaps->front().name;
      out.push_back(k);
    }
  if (from.labels) {
    cases::KeyImage k;
    k.view = "3d";
    k.source = std::max(0, from.phases[labelsPhase].source);
    out.push_back(k);
  }
  return out;
}

QString describeKeyImage(const cases::KeyImage& key, const KeyImageSources& from) {
  QStringList parts{viewName(key.view)};
  const int p = phaseOf(from, key.source);
  if (p >= 0) parts << phaseDisplayName(from.phases[static_cast<std::size_t>(p)].kind);
  if (key.view == "3d") {
    parts << (key.file.empty() ? KeyImages::tr("segmentation seen from the front") : KeyImages::tr("snapshot of the 3D view"));
  } else {
    const char* axis = key.view == "coronal" ? "y" : key.view == "sagittal" ? "x" : "z";
    const int a = key.view == "coronal" ? 1 : key.view == "sagittal" ? 0 : 2;
    parts << QStringLiteral("%1 %2 mm").arg(QString::fromLatin1(axis)).arg(key.positionLps[a], 0, 'f', 1);
  }
  if (!key.layer.empty()) parts << KeyImages::tr("heatmap %1").arg(QString::fromStdString(key.layer.substr(8)));
  return parts.join(QStringLiteral(", "));
}

RenderedKeyImage renderKeyImage(const cases::KeyImage& key, const KeyImageSources& from, int widthPx) {
  RenderedKeyImage r;
  r.caption = key.caption.empty() ? describeKeyImage(key, from) : QString::fromStdString(key.caption);
  try {
    if (key.view == "3d") {
      if (!key.file.empty()) {
        const std::string path = (std::filesystem::path(from.caseDir) / key.file).string();
        QImage shot(QString::fromStdString(path));
        if (shot.isNull()) {
          r.why = KeyImages::tr("%1: the 3D snapshot cannot be read").arg(QString::fromStdString(path));
          return r;
        }
        r.image = shot.scaledToWidth(widthPx, Qt::SmoothTransformation);
        return r;
      }
      if (!from.labels) {
        r.why = KeyImages::tr("no segmentation: there is no 3D view to show");
        return r;
      }
      r.image = renderSegmentationProjection(*from.labels, widthPx, KeyImages::tr("3D: segmentation seen from the front"));
      return r;
    }
    const int p = phaseOf(from, key.source);
    if (p < 0) {
      r.why = KeyImages::tr("series %1 is not in the case").arg(key.source + 1);
      return r;
    }
    const auto& phase = from.phases[static_cast<std::size_t>(p)];
    if (!phase.volume) {
      r.why = KeyImages::tr("series %1 is not loaded").arg(key.source + 1);
      return r;
    }
    const bool onGrid = labelsOn(from, static_cast<std::size_t>(p));
    ReportSliceOptions o;
    o.widthPx = widthPx;
    o.caption = phaseDisplayName(phase.kind) + (from.labels && !onGrid ? KeyImages::tr(" (no overlay: another grid)") : QString());
    if (!phase.hu) {  // MRI: no HU, so no liver window; its own values' 1st to 99th percentile
      const render::WindowLevel w = render::percentileWindow(*phase.volume);
      o.windowWidth = w.width;
      o.windowLevel = w.level;
    }
    if (!key.layer.empty()) {
      o.heatmap = heatmapNamed(from, key.layer);
      if (!o.heatmap) {
        r.why = KeyImages::tr("the heatmap '%1' is not in the case").arg(QString::fromStdString(key.layer.substr(8)));
        return r;
      }
      o.caption += KeyImages::tr(" + heatmap %1").arg(QString::fromStdString(o.heatmap->name));
    }
    const SlicePlane plane = planeOf(key.view);
    const core::Vec3 at{key.positionLps[0], key.positionLps[1], key.positionLps[2]};
    r.image = renderSlice(*phase.volume, onGrid ? from.labels : nullptr, plane, sliceIndexThrough(*phase.volume, plane, at), o);
  } catch (const std::exception& e) {
    r.image = QImage();
    r.why = QString::fromStdString(e.what());
  }
  return r;
}

std::vector<core::Heatmap> readCaseHeatmaps(const cases::CaseManifest& m, const std::string& caseDir,
                                            std::vector<std::string>* problems) {
  std::vector<core::Heatmap> out;
  const auto it = m.results.find("pmn");
  if (it == m.results.end()) return out;
  const auto& v = it->second.value;
  if (!v.is_object() || !v.contains("heatmaps") || !v["heatmaps"].is_array()) return out;
  for (const auto& h : v["heatmaps"]) {
    if (!h.is_object() || !h.contains("file") || !h["file"].is_string()) continue;
    const std::string file = h["file"].get<std::string>();
    // only files the result lists (checked to lie inside the case when the manifest was read)
    if (std::find(it->second.files.begin(), it->second.files.end(), file) == it->second.files.end()) continue;
    core::Heatmap map;
    map.name = h.value("name", std::string("heatmap"));
    map.provenance = v.value("provenance", it->second.madeBy);
    try {
      map.values = core::readFloatImage((std::filesystem::path(caseDir) / file).string());
      out.push_back(std::move(map));
    } catch (const std::exception& e) {
      if (problems) problems->push_back(e.what());
    }
  }
  return out;
}

}  // namespace hccws::gui
