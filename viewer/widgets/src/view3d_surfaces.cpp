// View3D's surface updates: which labels to rebuild (worker thread), and applying the meshes (GUI thread).
// Contract in view3d.h; the planning and building in render/surface_builder.h.
#include <hccws/widgets/view3d.h>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <vtkPolyData.h>

#include <algorithm>
#include <exception>
#include <string>

namespace hccws::widgets {

namespace {
constexpr auto kLiver = static_cast<std::uint8_t>(core::StandardLabel::Liver);
constexpr auto kTumour = static_cast<std::uint8_t>(core::StandardLabel::Tumour);
}  // namespace

struct View3D::SurfaceSet {
  unsigned generation = 0;
  std::shared_ptr<const core::LabelMap> snapshot;  // what the surfaces now show
  std::shared_ptr<const core::LabelMap> base;      // the shown snapshot diffed against; null: full rebuild
  std::shared_ptr<const render::LabelBoxes> boxes;  // of `snapshot`
  std::map<std::uint8_t, vtkSmartPointer<vtkPolyData>> meshes;  // rebuilt labels; no points: label gone
  bool cancelled = false;
  std::string error;
};

void View3D::rebuildSurfaces(std::shared_ptr<const core::LabelMap> snapshot, bool full) {
  const unsigned generation = ++generation_;
  latest_->store(generation);
  if (!snapshot && !labels_) {
    scene_.clearSurfaces();
    meshes_.clear();
    colours_.clear();
    shown_.reset();
    shownBoxes_.reset();
    requested_.reset();
    lastRebuilt_.clear();
    liverTranslucent_ = false;
    update();
    Q_EMIT surfacesUpdated();
    return;
  }
  // The worker gets an immutable copy: the caller may keep editing the shared label map meanwhile.
  auto copy = snapshot ? std::move(snapshot) : std::make_shared<const core::LabelMap>(*labels_);
  requested_ = copy;
  std::shared_ptr<const core::LabelMap> base;
  std::shared_ptr<const render::LabelBoxes> baseBoxes;
  if (!full && shown_ && shownBoxes_ && shown_->labels.dims() == copy->labels.dims() &&
      shown_->labels.geometry().sameGrid(copy->labels.geometry())) {
    base = shown_;
    baseBoxes = shownBoxes_;
  }
  const render::SurfaceOptions options = surfaceOptions_;
  const bool envelope = organEnvelope_;
  auto latest = latest_;
  ++pending_;
  auto* watcher = new QFutureWatcher<SurfaceSet>(this);
  connect(watcher, &QFutureWatcher<SurfaceSet>::finished, this, [this, watcher] {
    --pending_;
    const SurfaceSet result = watcher->result();
    watcher->deleteLater();
    if (result.generation != generation_) return;  // a newer request is on its way
    applySurfaces(result);
  });
  watcher->setFuture(QtConcurrent::run([copy, base, baseBoxes, options, envelope, generation, latest] {
    SurfaceSet set;
    set.generation = generation;
    set.snapshot = copy;
    set.base = base;
    const core::ProgressSink stillWanted = [latest, generation](double, std::string_view) {
      return latest->load() == generation;
    };
    try {
      const render::SurfacePlan plan = render::planSurfaces(base ? &base->labels : nullptr, baseBoxes.get(),
                                                            copy->labels, envelope, options.cropToLabel, stillWanted);
      set.boxes = std::make_shared<const render::LabelBoxes>(plan.afterBoxes);
      for (const auto& [label, mask] : plan.changed)
        set.meshes[label] = render::buildRegionSurface(copy->labels.geometry(), mask, options, stillWanted);
    } catch (const core::Cancelled&) {
      set.cancelled = true;
    } catch (const std::exception& e) {
      set.error = e.what();
    }
    return set;
  }));
}

std::array<std::uint8_t, 3> View3D::colourOf(std::uint8_t label) const {
  // The live table first (the map given to setLabels, edited in place): a snapshot's table may be older.
  const auto* info = labels_ ? labels_->table.find(label) : nullptr;
  if (!info && shown_) info = shown_->table.find(label);
  return info ? info->rgb : std::array<std::uint8_t, 3>{200, 200, 200};
}

void View3D::applySurfaces(const SurfaceSet& result) {
  if (result.cancelled) return;  // only an older generation is cancelled
  if (!result.error.empty()) {
    qWarning("3D surfaces not updated: %s", result.error.c_str());
    if (!result.base) {  // the surfaces shown belong to another map: drop them, the next update rebuilds all
      scene_.clearSurfaces();
      meshes_.clear();
      colours_.clear();
      shown_.reset();
      shownBoxes_.reset();
      liverTranslucent_ = false;
      update();
    }
    return;
  }
  if (result.base && result.base != shown_) {  // the baseline moved meanwhile (cannot happen today): start over
    rebuildSurfaces(result.snapshot, true);
    return;
  }
  shown_ = result.snapshot;
  shownBoxes_ = result.boxes;
  lastRebuilt_.clear();
  std::vector<std::uint8_t> reset;  // labels whose actor is (re)made below
  if (!result.base) {               // full rebuild: labels not in the result are gone
    for (auto it = meshes_.begin(); it != meshes_.end();) {
      if (result.meshes.count(it->first) == 0) {
        scene_.setSurface(it->first, nullptr, {});
        lastRebuilt_.push_back(it->first);
        colours_.erase(it->first);
        it = meshes_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& [label, mesh] : result.meshes) {
    lastRebuilt_.push_back(label);
    if (!mesh || mesh->GetNumberOfPoints() == 0) {
      scene_.setSurface(label, nullptr, {});
      meshes_.erase(label);
      colours_.erase(label);
    } else {
      meshes_[label] = mesh;
      reset.push_back(label);
    }
  }
  std::sort(lastRebuilt_.begin(), lastRebuilt_.end());
  // Kept surfaces keep their actor and mesh; only a colour changed in the table makes a new actor.
  for (const auto& [label, mesh] : meshes_)
    if (result.meshes.count(label) == 0 && colours_[label] != colourOf(label)) reset.push_back(label);

  // The tumour must show through the liver: the liver is translucent while a tumour surface exists.
  const bool translucent = meshes_.count(kLiver) != 0 && meshes_.count(kTumour) != 0;
  const bool liverToggled = translucent != liverTranslucent_;
  liverTranslucent_ = translucent;  // opacityFor() reads it
  bool liverReset = false;
  for (std::uint8_t label : reset) {
    colours_[label] = colourOf(label);
    scene_.setSurface(label, meshes_[label], colours_[label], opacityFor(label));
    liverReset = liverReset || label == kLiver;
  }
  if (!liverReset && liverToggled) scene_.setSurfaceOpacity(kLiver, opacityFor(kLiver));
  applyVisibility();
  if (cameraNeedsReset_) scene_.resetCamera(), cameraNeedsReset_ = false;
  update();
  Q_EMIT surfacesUpdated();
}

}  // namespace hccws::widgets
