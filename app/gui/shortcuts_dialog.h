#pragma once
// Help > Keyboard shortcuts: every action of the window's menus that has a shortcut (read from the actions
// themselves, so the list cannot drift from what the keys do) and the mouse and key controls of the views.
// Threading: GUI thread only.
#include <QDialog>
#include <QList>

class QAction;

namespace hccws::gui {

class ShortcutsDialog : public QDialog {
  Q_OBJECT

 public:
  ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
  // Rows as (what, keys), for tests.
  QList<QPair<QString, QString>> rows() const { return rows_; }

 private:
  QList<QPair<QString, QString>> rows_;
};

}  // namespace hccws::gui
