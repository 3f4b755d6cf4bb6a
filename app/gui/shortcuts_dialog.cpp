#include "shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

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
  table->resizeColumnsToContents();
  table->horizontalHeader()->setStretchLastSection(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(table);
  layout->addWidget(buttons);
  resize(720, 560);
}

}  // namespace hccws::gui
