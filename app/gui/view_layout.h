#pragma once
// The central area of the main window: axial, coronal, sagittal and 3D views, plus a pair of axial views
// (arterial | portal venous) for side-by-side reading. All views share one ViewerState (cursor, window),
// so the cursor is synchronised across layouts and phases (the same world point; phases are assumed
// registered, i.e. in one frame of reference).
// Double-click on a main view toggles between 2x2 and that view alone.
// Layouts never reparent the OpenGL views (that would destroy their contexts): every view stays a child
// of this widget and is only hidden or moved inside one grid layout.
// Threading: GUI thread only.
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <QWidget>

class QGridLayout;

namespace hccws::gui {

enum class LayoutMode { Grid2x2, Single, Compare };

class ViewLayout : public QWidget {
  Q_OBJECT

 public:
  explicit ViewLayout(widgets::ViewerState* state, QWidget* parent = nullptr);

  widgets::SliceView* axial() const { return slices_[0]; }
  widgets::SliceView* coronal() const { return slices_[1]; }
  widgets::SliceView* sagittal() const { return slices_[2]; }
  widgets::View3D* view3d() const { return view3d_; }
  widgets::SliceView* compareLeft() const { return compare_[0]; }
  widgets::SliceView* compareRight() const { return compare_[1]; }
  // The five slice views (3 main + 2 compare), for applying styles to all.
  QList<widgets::SliceView*> allSliceViews() const;

  LayoutMode mode() const { return mode_; }
  void setMode(LayoutMode mode);
  // Which view the Single layout shows: 0 axial, 1 coronal, 2 sagittal, 3 3D.
  void setSingleView(int index);
  int singleView() const { return single_; }

 Q_SIGNALS:
  void modeChanged(hccws::gui::LayoutMode mode);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void relayout();

  QGridLayout* grid_;
  widgets::SliceView* slices_[3];
  widgets::View3D* view3d_;
  widgets::SliceView* compare_[2];
  LayoutMode mode_ = LayoutMode::Grid2x2;
  int single_ = 0;
};

}  // namespace hccws::gui
