#include "marks_panel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace hccws::gui {

namespace {
QString point(const core::Vec3& p) {
  return QStringLiteral("(%1, %2, %3)").arg(p[0], 0, 'f', 1).arg(p[1], 0, 'f', 1).arg(p[2], 0, 'f', 1);
}
}  // namespace

MarksPanel::MarksPanel(widgets::MarksModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  auto* layout = new QVBoxLayout(this);
  auto* tools = new QHBoxLayout;
  ruler_ = new QAction(tr("Ruler"), this);
  ruler_->setObjectName(QStringLiteral("markRulerAction"));
  ruler_->setCheckable(true);
  ruler_->setShortcut(QKeySequence(Qt::Key_K));
  ruler_->setToolTip(tr("Ruler (K): drag in a slice view from one end to the other; the length is in world mm"));
  angle_ = new QAction(tr("Angle"), this);
  angle_->setObjectName(QStringLiteral("markAngleAction"));
  angle_->setCheckable(true);
  angle_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_K));
  angle_->setToolTip(tr("Angle (Shift+K): click one arm's end, the vertex, then the other arm's end"));
  for (QAction* a : {ruler_, angle_}) {
    auto* b = new QToolButton(this);
    b->setDefaultAction(a);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addWidget(b);
  }
  tools->addStretch(1);
  layout->addLayout(tools);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("marksList"));
  layout->addWidget(list_, 1);
  auto* buttons = new QHBoxLayout;
  auto* del = new QPushButton(tr("Delete"), this);
  del->setObjectName(QStringLiteral("marksDelete"));
  auto* clear = new QPushButton(tr("Clear all"), this);
  clear->setObjectName(QStringLiteral("marksClear"));
  buttons->addWidget(del);
  buttons->addWidget(clear);
  buttons->addStretch(1);
  layout->addLayout(buttons);

  connect(ruler_, &QAction::toggled, this, [this](bool on) {
    if (on) model_->setTool(widgets::MarkTool::Ruler);
    else if (model_->tool() == widgets::MarkTool::Ruler) model_->setTool(widgets::MarkTool::None);
  });
  connect(angle_, &QAction::toggled, this, [this](bool on) {
    if (on) model_->setTool(widgets::MarkTool::Angle);
    else if (model_->tool() == widgets::MarkTool::Angle) model_->setTool(widgets::MarkTool::None);
  });
  connect(model_, &widgets::MarksModel::toolChanged, this, [this](widgets::MarkTool t) {
    ruler_->setChecked(t == widgets::MarkTool::Ruler);
    angle_->setChecked(t == widgets::MarkTool::Angle);
  });
  connect(del, &QPushButton::clicked, this, [this] { model_->removeAt(list_->currentRow()); });
  connect(clear, &QPushButton::clicked, model_, &widgets::MarksModel::clear);
  connect(model_, &widgets::MarksModel::changed, this, &MarksPanel::refresh);
  refresh();
}

void MarksPanel::refresh() {
  list_->clear();
  const auto& m = model_->marks();
  int n = 1;
  for (const auto& r : m.rulers)
    list_->addItem(tr("Ruler %1: %2 mm, from %3 to %4 (LPS mm)")
                       .arg(n++)
                       .arg(r.lengthMm(), 0, 'f', 1)
                       .arg(point(r.a), point(r.b)));
  n = 1;
  for (const auto& a : m.angles)
    list_->addItem(tr("Angle %1: %2°, vertex %3 (LPS mm)").arg(n++).arg(a.degrees(), 0, 'f', 1).arg(point(a.vertex)));
}

}  // namespace hccws::gui
