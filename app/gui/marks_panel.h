#pragma once
// The Marks dock: the Ruler and Angle tools and the list of measurement marks (length in mm, angle in degrees,
// world coordinates; core/marks.h), with Delete and Clear. Follows the shared MarksModel.
// Threading: GUI thread only.
#include <hccws/widgets/marks_model.h>

#include <QWidget>

class QAction;
class QListWidget;

namespace hccws::gui {

class MarksPanel : public QWidget {
  Q_OBJECT

 public:
  MarksPanel(widgets::MarksModel* model, QWidget* parent = nullptr);
  // The tool actions (checkable; K ruler, Shift+K angle), for the window's menu.
  QAction* rulerAction() const { return ruler_; }
  QAction* angleAction() const { return angle_; }
  QListWidget* list() const { return list_; }

 private:
  void refresh();
  widgets::MarksModel* model_;
  QAction* ruler_;
  QAction* angle_;
  QListWidget* list_;
};

}  // namespace hccws::gui
