#include "view_layout.h"

#include <QEvent>
#include <QGridLayout>

#include <algorithm>

namespace hccws::gui {

ViewLayout::ViewLayout(widgets::ViewerState* state, QWidget* parent) : QWidget(parent) {
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setSpacing(2);
  const render::SliceOrientation o[3] = {render::SliceOrientation::Axial, render::SliceOrientation::Coronal,
                                         render::SliceOrientation::Sagittal};
  for (int i = 0; i < 3; ++i) slices_[i] = new widgets::SliceView(o[i], state, this);
  view3d_ = new widgets::View3D(state, this);
  for (auto*& c : compare_) c = new widgets::SliceView(render::SliceOrientation::Axial, state, this);
  // The compare layout keeps both phases at the same zoom and pan (issue 15).
  for (int s = 0; s < 2; ++s)
    connect(compare_[s], &widgets::SliceView::cameraChanged, this,
            [this, s] { compare_[1 - s]->setCameraState(compare_[s]->cameraState()); });
  for (QWidget* w : {static_cast<QWidget*>(slices_[0]), static_cast<QWidget*>(slices_[1]),
                     static_cast<QWidget*>(slices_[2]), static_cast<QWidget*>(view3d_)})
    w->installEventFilter(this);
  relayout();
}

QList<widgets::SliceView*> ViewLayout::allSliceViews() const {
  return {slices_[0], slices_[1], slices_[2], compare_[0], compare_[1]};
}

void ViewLayout::setMode(LayoutMode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  relayout();
  Q_EMIT modeChanged(mode_);
}

void ViewLayout::setSingleView(int index) {
  single_ = std::clamp(index, 0, 3);
  relayout();
}

bool ViewLayout::eventFilter(QObject* watched, QEvent* event) {
  // In edit mode a double click paints (two quick dabs), it must not change the layout under the brush.
  const auto* slice = qobject_cast<const widgets::SliceView*>(watched);
  if (event->type() == QEvent::MouseButtonDblClick && mode_ != LayoutMode::Compare && !(slice && slice->editing())) {
    const QObject* main[4] = {slices_[0], slices_[1], slices_[2], view3d_};
    for (int i = 0; i < 4; ++i)
      if (watched == main[i]) {
        if (mode_ == LayoutMode::Single) {
          setMode(LayoutMode::Grid2x2);
        } else {
          single_ = i;
          setMode(LayoutMode::Single);
        }
        break;
      }
  }
  return QWidget::eventFilter(watched, event);  // the view still gets the click (moves the cursor)
}

void ViewLayout::relayout() {
  QWidget* all[6] = {slices_[0], slices_[1], slices_[2], view3d_, compare_[0], compare_[1]};
  for (QWidget* w : all) {
    grid_->removeWidget(w);
    w->hide();
  }
  for (int i = 0; i < 2; ++i) grid_->setRowStretch(i, 0), grid_->setColumnStretch(i, 0);
  auto place = [this](QWidget* w, int row, int col) {
    grid_->addWidget(w, row, col);
    grid_->setRowStretch(row, 1);
    grid_->setColumnStretch(col, 1);
    w->show();
  };
  switch (mode_) {
    case LayoutMode::Grid2x2:
      place(slices_[0], 0, 0);
      place(view3d_, 0, 1);
      place(slices_[1], 1, 0);
      place(slices_[2], 1, 1);
      break;
    case LayoutMode::Single: place(all[single_], 0, 0); break;
    case LayoutMode::Compare:
      place(compare_[0], 0, 0);
      place(compare_[1], 0, 1);
      break;
  }
}

}  // namespace hccws::gui
