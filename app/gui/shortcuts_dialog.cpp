#include "shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace hccws::gui {

ShortcutsDialog::ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("shortcutsDialog"));
  setWindowTitle(tr("Keyboard shortcuts"));
  for (const QAction* a : actions) {
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
    if (keys.isEmpty()) continue;
    const QString what = a->statusTip().isEmpty() ? QString(a->text()).remove(QLatin1Char('&'))
                                                  : QString(a->text()).remove(QLatin1Char('&')) + QStringLiteral(": ") + a->statusTip();
    rows_.append({what, keys.join(QStringLiteral(", "))});
  }
  const QPair<QString, QString> views[] = {
      {tr("Slice views: move the cursor (navigate tool) or paint / fill (edit tools)"), tr("Left click / drag")},
      {tr("Slice views: brush radius"), tr("Shift+Wheel")},
      {tr("Slice views: next / previous slice"), tr("Wheel, Up/Down, PageUp/PageDown")},
      {tr("Slice views: zoom"), tr("Ctrl+Wheel, Ctrl+left drag")},
      {tr("Slice views: pan"), tr("Shift+left drag, middle drag")},
      {tr("Slice views: window / level"), tr("Right drag")},
      {tr("Views: reset zoom and pan"), tr("R")},
      {tr("Views: maximise / back to 2 x 2 (navigate tool)"), tr("Double click")},
  };
  for (const auto& r : views) rows_.append(r);

  auto* table = new QTableWidget(static_cast<int>(rows_.size()), 2, this);
  table->setObjectName(QStringLiteral("shortcutsTable"));
  table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  for (int r = 0; r < rows_.size(); ++r) {
    table->setItem(r, 0, new QTableWidgetItem(rows_[r].first));
    table->setItem(r, 1, new QTableWidgetItem(rows_[r].second));
  }
  // The whole list fits the dialog (issue 15: a fixed 720 x 560 hid rows and cut long descriptions): long
  // descriptions wrap in a column of at most 560 px, and the dialog takes the table's size, at most 90 % of the
  // screen (a scroll bar only on a screen too small for it).
  table->setWordWrap(true);
  table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  table->resizeColumnsToContents();
  table->setColumnWidth(0, std::min(table->columnWidth(0), 560));
  table->horizontalHeader()->setStretchLastSection(true);
  table->resizeRowsToContents();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(table);
  layout->addWidget(buttons);
  int rowsHeight = 0;
  for (int r = 0; r < table->rowCount(); ++r) rowsHeight += table->rowHeight(r);
  const int frame = 2 * table->frameWidth();
  const int w = table->columnWidth(0) + table->columnWidth(1) + frame + 4;
  const int h = table->horizontalHeader()->sizeHint().height() + rowsHeight + frame + 4;
  const QMargins m = layout->contentsMargins();
  const QSize want(w + m.left() + m.right(), h + buttons->sizeHint().height() + layout->spacing() + m.top() + m.bottom());
  const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen();
  const QSize avail = screen ? screen->availableGeometry().size() * 0.9 : QSize(1280, 800);
  resize(want.boundedTo(avail));
}

}  // namespace hccws::gui
