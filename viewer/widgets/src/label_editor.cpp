#include <hccws/widgets/label_editor.h>

#include <hccws/core/active_contour.h>
#include <hccws/widgets/segment_names.h>

#include <algorithm>
#include <cmath>
#include <exception>

namespace hccws::widgets {

QString displayName(EditTool tool) {
  switch (tool) {
    case EditTool::None: return QObject::tr("Navigate");
    case EditTool::Paint: return QObject::tr("Paint");
    case EditTool::Erase: return QObject::tr("Erase");
    case EditTool::ThresholdPaint: return QObject::tr("Threshold paint");
    case EditTool::Fill: return QObject::tr("Fill region");
    case EditTool::EraseRegion: return QObject::tr("Erase region");
    case EditTool::ActiveContour: return QObject::tr("Active contour");
  }
  return {};
}

bool isBrushTool(EditTool tool) {
  return tool == EditTool::Paint || tool == EditTool::Erase || tool == EditTool::ThresholdPaint;
}

// The constructor, the destructor and applyAsync() live in label_editor_async.cpp.

void LabelEditor::setLabels(std::shared_ptr<core::LabelMap> labels) {
  const QString cancelledName = operationName();
  if (job_) detachJob();
  ++generation_;
  if (stroke_) {
    history_.abort(*labels_);
    stroke_.reset();
    recorder_ = nullptr;
  }
  labels_ = std::move(labels);
  if (scratch_ && (!labels_ || scratch_->labels.dims() != labels_->labels.dims())) scratch_.reset();
  history_.clear();
  ++version_;
  savedVersion_ = version_;
  snapshot_.reset();
  Q_EMIT labelsReplaced(labels_);
  Q_EMIT historyChanged();
  Q_EMIT tableChanged();
  Q_EMIT modifiedChanged(false);
  if (!cancelledName.isEmpty()) {
    Q_EMIT busyChanged(false);
    Q_EMIT operationCancelled(cancelledName);
  }
}

void LabelEditor::ensureLabels(const core::Geometry& grid) {
  if (labels_) return;
  auto map = std::make_shared<core::LabelMap>();
  map->labels = core::Volume<std::uint8_t>(grid, 0);
  setLabels(std::move(map));
}

void LabelEditor::setImage(std::shared_ptr<const core::CtVolume> ct) { ct_ = std::move(ct); }

void LabelEditor::setTool(EditTool tool) {
  if (tool == tool_) return;
  if (stroke_) endStroke();
  tool_ = tool;
  Q_EMIT toolChanged(tool_);
}

void LabelEditor::setBrushRadiusMm(double mm) {
  const double r = std::clamp(mm, 0.5, 100.0);
  if (r == brush_.radiusMm) return;
  brush_.radiusMm = r;
  Q_EMIT brushChanged();
}

void LabelEditor::setBrushShape(core::BrushShape shape) {
  if (shape == brush_.shape) return;
  brush_.shape = shape;
  Q_EMIT brushChanged();
}

void LabelEditor::setActiveLabel(std::uint8_t value) {
  if (value == 0 || value == activeLabel_) return;
  activeLabel_ = value;
  Q_EMIT rulesChanged();
}

void LabelEditor::setEditableArea(EditableArea area) {
  if (area == area_) return;
  area_ = area;
  Q_EMIT rulesChanged();
}

void LabelEditor::setOverwriteOtherLabels(bool on) {
  if (on == overwrite_) return;
  overwrite_ = on;
  Q_EMIT rulesChanged();
}

void LabelEditor::setHuRange(const core::HuRange& range) {
  core::HuRange r{std::min(range.min, range.max), std::max(range.min, range.max)};
  if (r.min == huRange_.min && r.max == huRange_.max) return;
  huRange_ = r;
  Q_EMIT rulesChanged();
}

core::LabelInfo* LabelEditor::tableEntry(std::uint8_t value) {
  if (!labels_) return nullptr;
  if (core::LabelInfo* info = labels_->table.find(value)) return info;
  core::LabelInfo added;
  added.value = value;
  added.name = "label " + std::to_string(value);
  added.rgb = {160, 160, 160};
  labels_->table.set(added);
  return labels_->table.find(value);
}

void LabelEditor::setLabelColour(std::uint8_t value, const std::array<std::uint8_t, 3>& rgb) {
  core::LabelInfo* info = tableEntry(value);
  if (!info || info->rgb == rgb) return;
  info->rgb = rgb;
  const bool wasModified = modified();
  ++version_;  // the snapshot for the 3D view and the saved file carry the new colour
  Q_EMIT tableChanged();
  if (!wasModified) Q_EMIT modifiedChanged(true);
}

void LabelEditor::setTable(core::LabelTable table) {
  if (!labels_) return;
  labels_->table = std::move(table);
  const bool wasModified = modified();
  ++version_;
  Q_EMIT tableChanged();
  if (!wasModified) Q_EMIT modifiedChanged(true);
}

void LabelEditor::setLabelLocked(std::uint8_t value, bool locked) {
  core::LabelInfo* info = tableEntry(value);
  if (!info || info->locked == locked) return;
  info->locked = locked;
  Q_EMIT tableChanged();
}

bool LabelEditor::labelLocked(std::uint8_t value) const {
  const core::LabelInfo* info = labels_ ? labels_->table.find(value) : nullptr;
  return info && info->locked;
}

void LabelEditor::setEraseToLiver(bool on) {
  if (on == eraseToLiver_) return;
  eraseToLiver_ = on;
  Q_EMIT rulesChanged();
}

core::EditRules LabelEditor::rules(bool threshold) const {
  constexpr auto liver = static_cast<std::uint8_t>(core::StandardLabel::Liver);
  core::EditRules r;
  r.label = activeLabel_;
  r.eraseTo = eraseToLiver_ && activeLabel_ != liver ? liver : std::uint8_t{0};
  if (area_ == EditableArea::InsideLiver) r.editable = {static_cast<std::uint8_t>(core::StandardLabel::Liver)};
  r.overwriteOtherLabels = overwrite_;
  if (threshold) {
    r.huRange = huRange_;
    r.ct = ct_.get();
  }
  return r;
}

QString LabelEditor::labelName(std::uint8_t value) const {
  const core::LabelInfo* info = labels_ ? labels_->table.find(value) : nullptr;
  if (info && !info->name.empty()) return segmentDisplayName(info->name);
  return tr("label %1").arg(value);
}

QString LabelEditor::stepName(EditTool tool) const {
  return displayName(tool) + QStringLiteral(" ") + labelName(activeLabel_);
}

int LabelEditor::indexAxisAlong(const core::Vec3& d) const {
  const core::Geometry g = labels_ ? labels_->labels.geometry() : ct_ ? ct_->geometry() : core::Geometry{};
  int best = 2;
  double bestDot = -1;
  for (int a = 0; a < 3; ++a) {
    const double c = std::abs(core::dot(g.axisDirection(a), d));
    if (c > bestDot) bestDot = c, best = a;
  }
  return best;
}

bool LabelEditor::beginStroke(const core::Vec3& worldLps, int sliceAxis) {
  if (!isBrushTool(tool_) || stroke_) return false;
  if (refuseWhileBusy(displayName(tool_))) return false;
  if (!labels_) {
    if (!ct_) return false;
    ensureLabels(ct_->geometry());
  }
  const bool threshold = tool_ == EditTool::ThresholdPaint;
  if (threshold && (!ct_ || !ct_->geometry().sameGrid(labels_->labels.geometry()))) {
    Q_EMIT editFailed(tr("Threshold paint needs the CT on the segmentation's grid; this segmentation lies on "
                         "another grid (%1).")
                          .arg(QString::fromStdString(labels_->labels.geometry().describe())));
    return false;
  }
  stroke_ = Stroke{worldLps, sliceAxis, tool_ == EditTool::Erase, threshold, {}};
  recorder_ = &history_.begin(*labels_, stepName(tool_).toStdString());
  continueStroke(worldLps);
  return true;
}

void LabelEditor::continueStroke(const core::Vec3& worldLps) {
  if (!stroke_) return;
  core::Brush b = brush_;
  b.sliceAxis = stroke_->sliceAxis;
  try {
    // The history's recorder is the one begin() returned; asking for it again would open a second step.
    const core::EditRules r = rules(stroke_->threshold);
    const core::EditResult res =
        core::paintLine(*labels_, stroke_->last, worldLps, b, r, recorder_, stroke_->erase);
    stroke_->last = worldLps;
    if (res.changedVoxels > 0) {
      stroke_->box = stroke_->box.united(res.box);
      changed(res.box, false);
    }
  } catch (const std::exception& e) {
    Q_EMIT editFailed(QString::fromStdString(e.what()));
  }
}

void LabelEditor::endStroke() {
  if (!stroke_) return;
  stroke_.reset();
  const core::EditStepInfo info = history_.commit(*labels_);
  recorder_ = nullptr;
  Q_EMIT historyChanged();
  if (info.changedVoxels > 0) changed(info.box, true);
}

bool LabelEditor::fillAt(const core::Vec3& worldLps, int sliceAxis) {
  if (tool_ == EditTool::ActiveContour) return activeContourAt(worldLps);
  if ((tool_ != EditTool::Fill && tool_ != EditTool::EraseRegion) || stroke_) return false;
  if (refuseWhileBusy(displayName(tool_))) return false;
  if (!labels_) {
    if (!ct_) return false;
    ensureLabels(ct_->geometry());
  }
  const auto& g = labels_->labels.geometry();
  const core::Vec3 ijk = g.worldToIndex(worldLps);
  const long i = std::lround(ijk[0]), j = std::lround(ijk[1]), k = std::lround(ijk[2]);
  if (!g.containsIndex(i, j, k)) return false;
  const core::Dims3 seed{static_cast<std::size_t>(i), static_cast<std::size_t>(j), static_cast<std::size_t>(k)};
  const bool erase = tool_ == EditTool::EraseRegion;
  const bool in3d = erase ? eraseRegionIn3d_ : fillIn3d_;
  apply(stepName(tool_), [seed, sliceAxis, erase, in3d](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec) {
    return in3d ? core::fillRegion3d(l, seed, r, rec, erase) : core::fillRegionInSlice(l, seed, sliceAxis, r, rec, erase);
  });
  return true;
}

bool LabelEditor::activeContourAt(const core::Vec3& worldLps) {
  if (!ct_) {
    Q_EMIT editFailed(tr("Active contour: there is no CT to grow the contour on."));
    return false;
  }
  if (labels_ && !labels_->labels.geometry().sameGrid(ct_->geometry())) {
    Q_EMIT editFailed(tr("Active contour: the segmentation is on another grid than the CT shown."));
    return false;
  }
  const core::Vec3 ijk = ct_->geometry().worldToIndex(worldLps);
  if (!ct_->geometry().containsIndex(std::lround(ijk[0]), std::lround(ijk[1]), std::lround(ijk[2]))) return false;
  auto ct = ct_;
  return applyAsync(stepName(tool_), [ct, worldLps](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                                                    const core::ProgressSink& sink) {
    const core::ActiveContourResult c = core::activeContour(*ct, worldLps, {}, sink);
    return core::applyMask(l, c.mask, c.box, r, rec);
  });
}

bool LabelEditor::prepareOperation(const QString& name) {
  if (refuseWhileBusy(name)) return false;
  if (!labels_) {
    if (!ct_) {
      Q_EMIT editFailed(tr("%1: there is no segmentation to edit and no image to create one on.").arg(name));
      return false;
    }
    ensureLabels(ct_->geometry());
  }
  if (stroke_) endStroke();
  return true;
}

core::EditStepInfo LabelEditor::apply(const QString& name, const Operation& op) {
  core::EditStepInfo info;
  if (!prepareOperation(name)) return info;
  core::ChangeRecorder& rec = history_.begin(*labels_, name.toStdString());
  try {
    op(*labels_, rules(), &rec);
  } catch (const std::exception& e) {
    const core::IndexBox restored = history_.abort(*labels_);
    if (!restored.empty()) changed(restored, true);
    Q_EMIT editFailed(tr("%1: %2").arg(name, QString::fromStdString(e.what())));
    return info;
  }
  info = history_.commit(*labels_);
  Q_EMIT historyChanged();
  if (info.changedVoxels > 0) changed(info.box, true);
  return info;
}

core::EditStepInfo LabelEditor::replaceAll(const QString& name, const core::Volume<std::uint8_t>& labels) {
  if (refuseWhileBusy(name)) return {};
  if (!labels_) ensureLabels(labels.geometry());
  if (!labels.geometry().sameGrid(labels_->labels.geometry())) {
    Q_EMIT editFailed(tr("%1: the new labels' grid %2 differs from the segmentation's %3.")
                          .arg(name, QString::fromStdString(labels.geometry().describe()),
                               QString::fromStdString(labels_->labels.geometry().describe())));
    return {};
  }
  // Not core::EditHistory::replaceAll: that swaps the map's buffer, and the views wrap the buffer zero-copy
  // (vtk_image.h). Copying in place through a recorded step stores the same tight-box deltas.
  return apply(name, [&labels](core::LabelMap& l, const core::EditRules&, core::ChangeRecorder* rec) {
    const core::IndexBox whole = core::IndexBox::whole(l.labels.dims());
    if (rec) rec->aboutToChange(whole);
    std::copy(labels.data(), labels.data() + labels.size(), l.labels.data());
    return core::EditResult{whole, l.labels.size()};  // apply() reports the tight box from the commit
  });
}

bool LabelEditor::canUndo() const { return labels_ && !stroke_ && !job_ && history_.canUndo(); }
bool LabelEditor::canRedo() const { return labels_ && !stroke_ && !job_ && history_.canRedo(); }

void LabelEditor::undo() { goToStep(history_.undoCount() > 0 ? history_.undoCount() - 1 : 0); }

void LabelEditor::redo() { goToStep(history_.undoCount() + 1); }

void LabelEditor::goToStep(std::size_t count) {
  if (!labels_ || stroke_) return;
  if (refuseWhileBusy(tr("Undo / redo"))) return;
  count = std::min(count, history_.steps().size());
  core::IndexBox box;
  while (history_.undoCount() > count && history_.canUndo()) box = box.united(history_.undo(*labels_));
  while (history_.undoCount() < count && history_.canRedo()) box = box.united(history_.redo(*labels_));
  Q_EMIT historyChanged();
  if (!box.empty()) changed(box, true);
}

void LabelEditor::markSaved() {
  if (!modified()) return;
  savedVersion_ = version_;
  Q_EMIT modifiedChanged(false);
}

void LabelEditor::markUnsaved() {
  const bool was = modified();
  savedVersion_ = ~std::uint64_t{0};  // a version no edit reaches
  if (!was) Q_EMIT modifiedChanged(true);
}

std::shared_ptr<const core::LabelMap> LabelEditor::snapshot() {
  if (!labels_) return nullptr;
  if (!snapshot_ || snapshotVersion_ != version_) {
    snapshot_ = std::make_shared<const core::LabelMap>(*labels_);
    snapshotVersion_ = version_;
  }
  return snapshot_;
}

void LabelEditor::changed(const core::IndexBox& box, bool finished) {
  const bool wasModified = modified();
  ++version_;
  Q_EMIT labelsChanged(box);
  if (finished) Q_EMIT editFinished(box);
  if (!wasModified) Q_EMIT modifiedChanged(true);
}

}  // namespace hccws::widgets
