#include <hccws/widgets/slice_view.h>

#include <hccws/widgets/marks_model.h>

#include <hccws/widgets/label_editor.h>
#include <hccws/widgets/viewer_state.h>

#include "brush_outline.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::widgets {

SliceView::SliceView(render::SliceOrientation orientation, ViewerState* state, QWidget* parent)
    : VtkOpenGLWidget(parent), scene_(orientation), state_(state), outline_(std::make_unique<BrushOutline>()) {
  setForwardEvents(false);
  renderWindow()->AddRenderer(scene_.renderer());
  outline_->addTo(scene_.renderer());
  scene_.setWindowLevel(state_->windowLevel());
  // Bottom-left corner: slice number and position, window and level, in the user's language.
  scene_.setInfoFormatter([](const render::SliceScene::SliceInfo& s) {
    return tr("Slice %1/%2  %3 %4 mm\nW %5  L %6")
        .arg(s.slice)
        .arg(s.slices)
        .arg(QChar(s.axis))
        .arg(s.positionMm, 0, 'f', 1)
        .arg(s.window, 0, 'f', 0)
        .arg(s.level, 0, 'f', 0)
        .toStdString();
  });
  connect(state_, &ViewerState::cursorChanged, this, &SliceView::onCursorChanged);
  connect(state_, &ViewerState::windowLevelChanged, this, [this](double w, double l) {
    scene_.setWindowLevel({w, l});
    update();
  });
  setToolTip(QString::fromStdString(render::displayName(orientation)));
}

SliceView::~SliceView() = default;

void SliceView::setImage(std::shared_ptr<const core::CtVolume> ct) {
  scene_.setImage(std::move(ct));
  scene_.setCursor(state_->cursor());
  cursorStale_ = false;
  cameraNeedsReset_ = true;
  update();
}

void SliceView::setLabels(std::shared_ptr<const core::LabelMap> labels) {
  scene_.setLabels(std::move(labels));
  update();
}

void SliceView::labelsModified() {
  labelsStale_ = false;
  scene_.labelsModified();
  update();
}

void SliceView::labelsModified(const core::IndexBox& box) {
  if (box.empty()) return;
  if (!isVisible() || !boxCrossesSlice(box)) {
    labelsStale_ = true;
    return;
  }
  labelsModified();
}

bool SliceView::boxCrossesSlice(const core::IndexBox& box) const {
  const core::LabelMap* labels = scene_.labels();
  if (!labels) return false;
  // The box's extent along the view normal (voxel edges, any grid orientation) against the slice plane.
  const auto& g = labels->labels.geometry();
  const auto& n = scene_.axes().normal;
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (int c = 0; c < 8; ++c) {
    core::Vec3 ijk;
    for (int a = 0; a < 3; ++a)
      ijk[a] = (c >> a & 1) ? static_cast<double>(box.hi[a]) - 0.5 : static_cast<double>(box.lo[a]) - 0.5;
    const double d = core::dot(n, g.indexToWorld(ijk));
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  const double plane = core::dot(n, scene_.cursor());
  return plane >= lo - 1e-6 && plane <= hi + 1e-6;
}

void SliceView::setEditor(LabelEditor* editor) {
  if (editor_) disconnect(editor_, nullptr, this, nullptr);
  editor_ = editor;
  if (editor_) {
    connect(editor_, &LabelEditor::labelsChanged, this,
            [this](const core::IndexBox& box) { labelsModified(box); });
    connect(editor_, &LabelEditor::toolChanged, this, [this] { updateBrushOutline(); });
    connect(editor_, &LabelEditor::brushChanged, this, [this] { updateBrushOutline(); });
    connect(editor_, &QObject::destroyed, this, [this] { editor_ = nullptr; });
  }
  updateBrushOutline();
}

bool SliceView::editing() const { return editor_ && editor_->tool() != EditTool::None && scene_.image(); }

int SliceView::editSliceAxis() const {
  if (editor_) return editor_->indexAxisAlong(scene_.axes().normal);
  const core::Geometry g = scene_.image() ? scene_.image()->geometry() : core::Geometry{};
  int best = 2;
  double bestDot = -1;
  for (int a = 0; a < 3; ++a) {
    const double c = std::abs(core::dot(g.axisDirection(a), scene_.axes().normal));
    if (c > bestDot) bestDot = c, best = a;
  }
  return best;
}

bool SliceView::brushOutlineVisible() const { return outline_->visible(); }

void SliceView::updateBrushOutline() {
  const bool show = editing() && isBrushTool(editor_->tool()) && hoverPos_.has_value();
  const bool was = outline_->visible();
  outline_->setVisible(show);
  if (show || was) update();
}

void SliceView::enterEvent(QEnterEvent* e) {
  hoverPos_ = e->position();
  updateBrushOutline();
  VtkOpenGLWidget::enterEvent(e);
}

void SliceView::leaveEvent(QEvent* e) {
  hoverPos_.reset();
  updateBrushOutline();
  VtkOpenGLWidget::leaveEvent(e);
}

void SliceView::setLabelStyle(const render::LabelStyle& style) {
  scene_.setLabelStyle(style);
  update();
}

void SliceView::setOverlayLabels(std::shared_ptr<const core::LabelMap> labels, const render::LabelStyle& style) {
  scene_.setOverlayLabels(std::move(labels), style);
  update();
}

void SliceView::setHeatmap(std::shared_ptr<const core::Heatmap> heatmap) {
  scene_.setHeatmap(std::move(heatmap));
  update();
}

void SliceView::setHeatmapStyle(const render::HeatmapStyle& style) {
  scene_.setHeatmapStyle(style);
  update();
}

void SliceView::setTitle(const QString& title) {
  title_ = title;
  scene_.setTitle(title.toStdString());
  update();
}

void SliceView::setMarks(MarksModel* marks) {
  if (marks_) disconnect(marks_, nullptr, this, nullptr);
  marks_ = marks;
  pendingMark_.clear();
  if (marks_) {
    connect(marks_, &MarksModel::changed, this, &SliceView::refreshMarks);
    connect(marks_, &MarksModel::toolChanged, this, [this] {
      pendingMark_.clear();
      refreshMarks();
    });
  }
  refreshMarks();
}

void SliceView::refreshMarks() {
  scene_.setMarks(marks_ ? marks_->marks() : core::MeasurementMarks{}, pendingMark_);
  update();
}

void SliceView::resetView() {
  cameraNeedsReset_ = true;
  update();
}

void SliceView::setCameraState(const render::SliceScene::CameraState& state) {
  scene_.setCameraState(state);
  cameraNeedsReset_ = false;
  update();
}

void SliceView::beforeRender() {
  // The camera fit needs the real viewport size, known only once the widget is laid out.
  if (cameraNeedsReset_) {
    scene_.resetCamera();
    cameraNeedsReset_ = false;
    Q_EMIT cameraChanged();
  }
  scene_.prepareRender();
  if (outline_->visible() && hoverPos_) {
    // Placed here: the radius in pixels depends on the zoom, known only now.
    const double dpr = devicePixelRatioF();
    outline_->place(hoverPos_->x() * dpr, (height() - hoverPos_->y()) * dpr,
                    editor_->brush().radiusMm / scene_.mmPerPixel());
  }
}

void SliceView::onCursorChanged(const core::Vec3& worldLps) {
  // Reslicing every layer of views nobody sees (e.g. the compare pair in the 2x2 layout) wastes the
  // cursor drag's time: catch up when shown.
  if (!isVisible()) {
    cursorStale_ = true;
    return;
  }
  scene_.setCursor(worldLps);
  if (labelsStale_) labelsModified();
  update();
}

void SliceView::showEvent(QShowEvent* event) {
  if (cursorStale_) {
    cursorStale_ = false;
    scene_.setCursor(state_->cursor());
  }
  if (labelsStale_) labelsModified();
  VtkOpenGLWidget::showEvent(event);
}

core::Vec3 SliceView::widgetToWorld(const QPointF& pos) const {
  const double dpr = devicePixelRatioF();
  return scene_.displayToWorld(pos.x() * dpr, (height() - pos.y()) * dpr);
}

QPointF SliceView::worldToWidget(const core::Vec3& worldLps) const {
  const double dpr = devicePixelRatioF();
  const auto d = scene_.worldToDisplay(worldLps);
  return {d[0] / dpr, height() - d[1] / dpr};
}

render::ProbeSample SliceView::probe(const core::Vec3& worldLps) const {
  return render::probeAt(worldLps, scene_.image(), scene_.labels(), scene_.heatmap());
}

void SliceView::scrollSlices(int steps) {
  const auto* ct = scene_.image();
  if (!ct || steps == 0) return;
  const auto& n = scene_.axes().normal;
  const double step = render::sliceStepMm(ct->geometry(), n);
  core::Vec3 p = state_->cursor();
  for (int a = 0; a < 3; ++a) p[a] -= steps * step * n[a];
  state_->setCursor(p);
}

void SliceView::mousePressEvent(QMouseEvent* e) {
  setFocus(Qt::MouseFocusReason);
  lastPos_ = e->position();
  const auto mods = e->modifiers();
  if (e->button() == Qt::LeftButton && mods.testFlag(Qt::ShiftModifier)) {
    drag_ = Drag::Pan;
  } else if (e->button() == Qt::LeftButton && mods.testFlag(Qt::ControlModifier)) {
    drag_ = Drag::Zoom;
  } else if (e->button() == Qt::LeftButton && marks_ && marks_->tool() != MarkTool::None && scene_.image()) {
    const core::Vec3 p = widgetToWorld(e->position());
    if (marks_->tool() == MarkTool::Ruler) {
      pendingMark_ = {p, p};
      drag_ = Drag::Ruler;
    } else {
      pendingMark_.push_back(p);  // angle: arm end, vertex, arm end
      if (pendingMark_.size() == 3) {
        const core::AngleMark a{pendingMark_[0], pendingMark_[1], pendingMark_[2]};
        pendingMark_.clear();
        marks_->addAngle(a);  // changed() redraws
      }
    }
    refreshMarks();
  } else if (e->button() == Qt::LeftButton && editing()) {
    const core::Vec3 p = widgetToWorld(e->position());
    if (isBrushTool(editor_->tool())) {
      if (editor_->beginStroke(p, editSliceAxis())) drag_ = Drag::Edit;
    } else {
      editor_->fillAt(p, editSliceAxis());
    }
  } else if (e->button() == Qt::LeftButton) {
    drag_ = Drag::Cursor;
    if (scene_.image()) state_->setCursor(widgetToWorld(e->position()));
  } else if (e->button() == Qt::MiddleButton) {
    drag_ = Drag::Pan;
  } else if (e->button() == Qt::RightButton) {
    drag_ = Drag::WindowLevel;
  }
  e->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
  const QPointF pos = e->position();
  const QPointF d = pos - lastPos_;
  lastPos_ = pos;
  switch (drag_) {
    case Drag::Cursor:
      if (scene_.image()) state_->setCursor(widgetToWorld(pos));
      break;
    case Drag::Pan:
      scene_.panPixels(d.x() * devicePixelRatioF(), -d.y() * devicePixelRatioF());
      update();
      Q_EMIT cameraChanged();
      break;
    case Drag::Zoom:
      scene_.zoom(std::exp(-d.y() * 0.01));
      update();
      Q_EMIT cameraChanged();
      break;
    case Drag::WindowLevel: {
      const auto wl = state_->windowLevel();
      // Proportional to the current width, so fine control in narrow windows and fast in wide ones.
      state_->setWindowLevel({wl.width * std::exp(d.x() * 0.005), wl.level - d.y() * wl.width / 400.0});
      break;
    }
    case Drag::Edit:
      if (editor_) editor_->continueStroke(widgetToWorld(pos));
      break;
    case Drag::Ruler:
      if (pendingMark_.size() == 2) pendingMark_[1] = widgetToWorld(pos);
      refreshMarks();
      break;
    case Drag::None: break;
  }
  hoverPos_ = pos;
  if (editing() || outline_->visible()) updateBrushOutline();
  if (scene_.image()) Q_EMIT probed(probe(widgetToWorld(pos)));
  e->accept();
}

void SliceView::mouseReleaseEvent(QMouseEvent* e) {
  if (drag_ == Drag::Edit && editor_) editor_->endStroke();
  if (drag_ == Drag::Ruler && marks_ && pendingMark_.size() == 2) {
    pendingMark_[1] = widgetToWorld(e->position());
    const core::RulerMark r{pendingMark_[0], pendingMark_[1]};
    pendingMark_.clear();
    if (r.lengthMm() > 0) marks_->addRuler(r);  // a click without a drag places nothing
    refreshMarks();
  }
  drag_ = Drag::None;
  e->accept();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* e) { mousePressEvent(e); }

void SliceView::wheelEvent(QWheelEvent* e) {
  if (e->modifiers().testFlag(Qt::ShiftModifier) && editing() && isBrushTool(editor_->tool())) {
    // Some platforms turn Shift + vertical wheel into a horizontal one.
    radiusWheelAccumulator_ += e->angleDelta().y() != 0 ? e->angleDelta().y() : e->angleDelta().x();
    const int notches = radiusWheelAccumulator_ / 120;
    radiusWheelAccumulator_ -= notches * 120;
    if (notches != 0) editor_->setBrushRadiusMm(editor_->brush().radiusMm * std::pow(1.15, notches));
    e->accept();
    return;
  }
  wheelAccumulator_ += e->angleDelta().y();
  const int notches = wheelAccumulator_ / 120;
  wheelAccumulator_ -= notches * 120;
  if (notches != 0) {
    if (e->modifiers().testFlag(Qt::ControlModifier)) {
      scene_.zoom(std::pow(1.1, notches));
      update();
      Q_EMIT cameraChanged();
    } else {
      scrollSlices(notches);
    }
  }
  e->accept();
}

void SliceView::keyPressEvent(QKeyEvent* e) {
  switch (e->key()) {
    case Qt::Key_Up:
    case Qt::Key_PageUp: scrollSlices(1); break;
    case Qt::Key_Down:
    case Qt::Key_PageDown: scrollSlices(-1); break;
    case Qt::Key_R: resetView(); break;
    default: VtkOpenGLWidget::keyPressEvent(e); return;
  }
  e->accept();
}

void SliceView::keyReleaseEvent(QKeyEvent* e) { e->accept(); }

}  // namespace hccws::widgets
