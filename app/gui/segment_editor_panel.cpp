#include "segment_editor_panel.h"

#include <hccws/widgets/viewer_state.h>
#include <hccws/widgets/segment_names.h>

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hccws::gui {

using widgets::EditTool;

namespace {
QIcon swatch(const std::array<std::uint8_t, 3>& rgb) {
  QPixmap p(12, 12);
  p.fill(QColor(rgb[0], rgb[1], rgb[2]));
  return QIcon(p);
}

QDoubleSpinBox* spin(QWidget* parent, const QString& objectName, double lo, double hi, double value, int decimals,
                     const QString& suffix) {
  auto* s = new QDoubleSpinBox(parent);
  s->setObjectName(objectName);
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setValue(value);
  s->setSuffix(suffix);
  return s;
}

QToolButton* button(QWidget* parent, QAction* action) {
  auto* b = new QToolButton(parent);
  b->setDefaultAction(action);
  b->setToolButtonStyle(Qt::ToolButtonTextOnly);
  b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  return b;
}
}  // namespace

SegmentEditorPanel::SegmentEditorPanel(widgets::LabelEditor* editor, widgets::ViewerState* state, QWidget* parent)
    : QWidget(parent), editor_(editor), state_(state) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* labelRow = new QHBoxLayout;
  labelRow->addWidget(new QLabel(tr("Label:"), this));
  labelCombo_ = new QComboBox(this);
  labelCombo_->setObjectName(QStringLiteral("labelCombo"));
  labelCombo_->setToolTip(tr("The label that paint, fill and the operations write"));
  labelRow->addWidget(labelCombo_, 1);
  layout->addLayout(labelRow);
  connect(labelCombo_, &QComboBox::activated, this, [this](int i) {
    editor_->setActiveLabel(static_cast<std::uint8_t>(labelCombo_->itemData(i).toInt()));
  });

  layout->addWidget(buildToolBox());
  layout->addWidget(buildMasking());
  layout->addWidget(buildOperations());

  auto* historyBox = new QGroupBox(tr("History"), this);
  auto* hl = new QVBoxLayout(historyBox);
  auto* undoRedo = new QHBoxLayout;
  undoRedo->addWidget(button(historyBox, undo_));
  undoRedo->addWidget(button(historyBox, redo_));
  hl->addLayout(undoRedo);
  history_ = new QListWidget(historyBox);
  history_->setObjectName(QStringLiteral("historyList"));
  history_->setToolTip(tr("Click a step to undo or redo up to it"));
  hl->addWidget(history_);
  layout->addWidget(historyBox, 1);
  connect(history_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { editor_->goToStep(static_cast<std::size_t>(history_->row(item))); });

  connect(editor_, &widgets::LabelEditor::historyChanged, this, &SegmentEditorPanel::refreshHistory);
  connect(editor_, &widgets::LabelEditor::labelsReplaced, this, &SegmentEditorPanel::refreshLabels);
  connect(editor_, &widgets::LabelEditor::tableChanged, this, &SegmentEditorPanel::refreshLabels);
  connect(editor_, &widgets::LabelEditor::toolChanged, this, &SegmentEditorPanel::syncFromEditor);
  connect(editor_, &widgets::LabelEditor::brushChanged, this, &SegmentEditorPanel::syncFromEditor);
  connect(editor_, &widgets::LabelEditor::rulesChanged, this, &SegmentEditorPanel::syncFromEditor);
  connect(editor_, &widgets::LabelEditor::editFailed, this, &SegmentEditorPanel::statusMessage);
  connect(editor_, &widgets::LabelEditor::busyChanged, this, &SegmentEditorPanel::setBusy);
  connect(editor_, &widgets::LabelEditor::operationProgress, this, [this](double fraction, const QString& stage) {
    progress_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    progress_->setFormat(stage.isEmpty() ? QStringLiteral("%p%") : tr("%1: %p%").arg(stage));
  });
  connect(editor_, &widgets::LabelEditor::operationFinished, this, [this](const core::EditStepInfo& info, qint64 ms) {
    const QString name = widgets::segmentDisplayName(info.name);
    if (info.changedVoxels > 0)
      Q_EMIT statusMessage(tr("%1: %2 voxels changed (%3 ms)").arg(name).arg(info.changedVoxels).arg(ms));
    else
      Q_EMIT statusMessage(tr("%1: nothing changed").arg(name));
  });
  connect(editor_, &widgets::LabelEditor::operationCancelled, this,
          [this](const QString& name) { Q_EMIT statusMessage(tr("%1: cancelled").arg(name)); });
  // Long label names ("portal vein tumour thrombus") must not widen the dock past the views.
  for (QComboBox* c : findChildren<QComboBox*>()) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(6);
  }
  refreshLabels();
  refreshHistory();
  syncFromEditor();
  setBusy(editor_->busy());
}

QAction* SegmentEditorPanel::addAction(const QString& objectName, const QString& text, const QKeySequence& key,
                                       const QString& help) {
  auto* a = new QAction(text, this);
  a->setObjectName(objectName);
  a->setShortcut(key);
  a->setToolTip(key.isEmpty() ? help : QStringLiteral("%1 (%2)").arg(help, key.toString(QKeySequence::NativeText)));
  a->setStatusTip(help);
  actions_ << a;
  return a;
}

QWidget* SegmentEditorPanel::buildToolBox() {
  auto* box = new QGroupBox(tr("Tools"), this);
  auto* grid = new QGridLayout(box);
  auto* group = new QActionGroup(this);
  group->setExclusive(true);
  struct ToolDef {
    EditTool tool;
    const char* name;
    QKeySequence key;
    QString help;
  };
  const ToolDef tools[] = {
      {EditTool::None, "toolNavigate", QKeySequence(Qt::Key_Escape), tr("Navigate: left click moves the cursor")},
      {EditTool::Paint, "toolPaint", QKeySequence(Qt::Key_P), tr("Paint the label with the brush (Shift+wheel: radius)")},
      {EditTool::Erase, "toolErase", QKeySequence(Qt::Key_E), tr("Erase the label with the brush")},
      {EditTool::ThresholdPaint, "toolThreshold", QKeySequence(Qt::Key_T),
       tr("Paint only voxels whose HU lies in the threshold range")},
      {EditTool::Fill, "toolFill", QKeySequence(Qt::Key_F), tr("Fill the connected region under the click in the slice")},
      {EditTool::EraseRegion, "toolEraseRegion", QKeySequence(Qt::SHIFT | Qt::Key_F),
       tr("Erase the connected region of the label under the click in the slice")},
      {EditTool::ActiveContour, "toolActiveContour", QKeySequence(Qt::Key_A),
       tr("Active contour: click inside a tumour; a level set grows from the click within the HU range of its "
          "neighbourhood (up to 40 mm from it), off the UI thread with Cancel")},
  };
  int n = 0;
  for (const auto& t : tools) {
    QAction* a = addAction(QString::fromLatin1(t.name), widgets::displayName(t.tool), t.key, t.help);
    a->setCheckable(true);
    a->setData(static_cast<int>(t.tool));
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, tool = t.tool] { editor_->setTool(tool); });
    grid->addWidget(button(box, a), n / 3, n % 3);
    ++n;
  }

  auto* form = new QFormLayout;
  radius_ = spin(box, QStringLiteral("radiusSpin"), 0.5, 100, editor_->brush().radiusMm, 1, tr(" mm"));
  radius_->setToolTip(tr("Brush radius in mm ([ smaller, ] larger, Shift+wheel over a view)"));
  connect(radius_, &QDoubleSpinBox::valueChanged, this, [this](double v) { editor_->setBrushRadiusMm(v); });
  shape_ = new QComboBox(box);
  shape_->setObjectName(QStringLiteral("shapeCombo"));
  shape_->addItem(tr("Disc (in the slice)"), static_cast<int>(core::BrushShape::Disc));
  shape_->addItem(tr("Sphere (3D)"), static_cast<int>(core::BrushShape::Sphere));
  shape_->setToolTip(tr("Brush shape (D toggles)"));
  connect(shape_, &QComboBox::activated, this, [this](int i) {
    editor_->setBrushShape(static_cast<core::BrushShape>(shape_->itemData(i).toInt()));
  });
  form->addRow(tr("Radius:"), radius_);
  form->addRow(tr("Shape:"), shape_);

  // Two sliders make the HU range (Qt has no two-handle slider); the spin boxes give exact values.
  huMin_ = spin(box, QStringLiteral("huMinSpin"), -1024, 3071, editor_->huRange().min, 0, tr(" HU"));
  huMax_ = spin(box, QStringLiteral("huMaxSpin"), -1024, 3071, editor_->huRange().max, 0, tr(" HU"));
  huMinSlider_ = new QSlider(Qt::Horizontal, box);
  huMaxSlider_ = new QSlider(Qt::Horizontal, box);
  for (QSlider* s : {huMinSlider_, huMaxSlider_}) s->setRange(-300, 400);  // the soft-tissue span of abdominal CT
  auto setRange = [this] { editor_->setHuRange({huMin_->value(), huMax_->value()}); };
  connect(huMin_, &QDoubleSpinBox::valueChanged, this, setRange);
  connect(huMax_, &QDoubleSpinBox::valueChanged, this, setRange);
  connect(huMinSlider_, &QSlider::valueChanged, huMin_, [this](int v) { huMin_->setValue(v); });
  connect(huMaxSlider_, &QSlider::valueChanged, huMax_, [this](int v) { huMax_->setValue(v); });
  auto* fromCursor = new QPushButton(tr("From cursor"), box);
  fromCursor->setObjectName(QStringLiteral("thresholdFromCursor"));
  fromCursor->setToolTip(tr("Range from the CT around the cursor (mean +- 3 SD over 5x5 voxels)"));
  connect(fromCursor, &QPushButton::clicked, this, &SegmentEditorPanel::thresholdFromCursor);
  auto* minRow = new QHBoxLayout;
  minRow->addWidget(huMinSlider_, 1);
  minRow->addWidget(huMin_);
  auto* maxRow = new QHBoxLayout;
  maxRow->addWidget(huMaxSlider_, 1);
  maxRow->addWidget(huMax_);
  form->addRow(tr("HU min:"), minRow);
  form->addRow(tr("HU max:"), maxRow);
  form->addRow(QString(), fromCursor);
  grid->addLayout(form, (n + 2) / 3, 0, 1, 3);

  QAction* smaller = addAction(QStringLiteral("radiusSmaller"), tr("Smaller brush"), QKeySequence(Qt::Key_BracketLeft),
                               tr("Brush radius / 1.15"));
  connect(smaller, &QAction::triggered, this, [this] { editor_->setBrushRadiusMm(editor_->brush().radiusMm / 1.15); });
  QAction* larger = addAction(QStringLiteral("radiusLarger"), tr("Larger brush"), QKeySequence(Qt::Key_BracketRight),
                              tr("Brush radius x 1.15"));
  connect(larger, &QAction::triggered, this, [this] { editor_->setBrushRadiusMm(editor_->brush().radiusMm * 1.15); });
  QAction* toggleShape = addAction(QStringLiteral("toggleShape"), tr("Disc / sphere brush"), QKeySequence(Qt::Key_D),
                                   tr("Toggle the brush between a disc in the slice and a 3D sphere"));
  connect(toggleShape, &QAction::triggered, this, [this] {
    editor_->setBrushShape(editor_->brush().shape == core::BrushShape::Disc ? core::BrushShape::Sphere
                                                                              : core::BrushShape::Disc);
  });

  undo_ = addAction(QStringLiteral("undo"), tr("Undo"), QKeySequence::Undo, tr("Undo the last edit"));
  undo_->setShortcuts({QKeySequence::Undo});
  connect(undo_, &QAction::triggered, this, [this] { editor_->undo(); });
  redo_ = addAction(QStringLiteral("redo"), tr("Redo"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z),
                    tr("Redo the edit undone last (also Ctrl+Y)"));
  redo_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  connect(redo_, &QAction::triggered, this, [this] { editor_->redo(); });
  return box;
}

QWidget* SegmentEditorPanel::buildMasking() {
  auto* box = new QGroupBox(tr("Masking"), this);
  auto* form = new QFormLayout(box);
  area_ = new QComboBox(box);
  area_->setObjectName(QStringLiteral("areaCombo"));
  area_->addItem(tr("Everywhere"), static_cast<int>(widgets::EditableArea::Everywhere));
  area_->addItem(tr("Inside the liver"), static_cast<int>(widgets::EditableArea::InsideLiver));
  area_->setToolTip(tr("Where paint may write (the active label itself is always editable)"));
  connect(area_, &QComboBox::activated, this, [this](int i) {
    editor_->setEditableArea(static_cast<widgets::EditableArea>(area_->itemData(i).toInt()));
  });
  eraseToLiverAction_ = addAction(QStringLiteral("eraseToLiver"), tr("Erase back to liver"),
                                  QKeySequence(Qt::SHIFT | Qt::Key_E),
                                  tr("Erasing tumour (or any label but the liver) writes liver instead of background"));
  eraseToLiverAction_->setCheckable(true);  // no data(): it is not a tool
  connect(eraseToLiverAction_, &QAction::toggled, this, [this](bool on) { editor_->setEraseToLiver(on); });
  eraseToLiver_ = new QCheckBox(tr("Erase back to liver"), box);
  eraseToLiver_->setObjectName(QStringLiteral("eraseToLiverCheck"));
  eraseToLiver_->setToolTip(eraseToLiverAction_->toolTip());
  connect(eraseToLiver_, &QCheckBox::toggled, this, [this](bool on) { editor_->setEraseToLiver(on); });
  overwrite_ = new QCheckBox(tr("Overwrite other labels"), box);
  overwrite_->setObjectName(QStringLiteral("overwriteCheck"));
  connect(overwrite_, &QCheckBox::toggled, this, [this](bool on) { editor_->setOverwriteOtherLabels(on); });
  lockList_ = new QListWidget(box);
  lockList_->setObjectName(QStringLiteral("lockList"));
  lockList_->setToolTip(tr("Checked labels are locked: no tool changes them"));
  lockList_->setMaximumHeight(80);
  connect(lockList_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    editor_->setLabelLocked(static_cast<std::uint8_t>(item->data(Qt::UserRole).toInt()),
                            item->checkState() == Qt::Checked);
  });
  form->addRow(tr("Editable area:"), area_);
  form->addRow(overwrite_);
  form->addRow(eraseToLiver_);
  form->addRow(tr("Locked:"), lockList_);
  return box;
}

QWidget* SegmentEditorPanel::buildOperations() {
  auto* box = new QGroupBox(tr("Operations on the label"), this);
  auto* grid = new QGridLayout(box);
  int row = 0;
  // Settings on one row, their buttons below: side by side they would widen the dock past the views.
  auto addRow = [&](QWidget* setting, std::initializer_list<QAction*> acts) {
    grid->addWidget(setting, row++, 0, 1, 2);
    int col = 0;
    for (QAction* a : acts) grid->addWidget(button(box, a), row, col++, 1, acts.size() == 1 ? 2 : 1);
    ++row;
  };

  QAction* keep = addAction(QStringLiteral("opKeepLargest"), tr("Keep largest island"), QKeySequence(Qt::Key_I),
                            tr("Islands: keep only the largest connected piece of the label"));
  connect(keep, &QAction::triggered, this, &SegmentEditorPanel::keepLargestIsland);
  QAction* removeSmall = addAction(QStringLiteral("opRemoveSmall"), tr("Remove small"), QKeySequence(Qt::SHIFT | Qt::Key_I),
                                   tr("Islands: remove pieces smaller than the volume set"));
  connect(removeSmall, &QAction::triggered, this, &SegmentEditorPanel::removeSmallIslands);
  islandMl_ = spin(box, QStringLiteral("islandMlSpin"), 0.001, 1000, 0.5, 3, tr(" mL"));
  addRow(islandMl_, {keep, removeSmall});

  QAction* between = addAction(QStringLiteral("opFillBetween"), tr("Fill between slices"), QKeySequence(Qt::Key_B),
                               tr("Interpolate the label across the slices between painted slices"));
  connect(between, &QAction::triggered, this, &SegmentEditorPanel::fillBetweenSlices);
  fillAxis_ = new QComboBox(box);
  fillAxis_->setObjectName(QStringLiteral("fillAxisCombo"));
  fillAxis_->addItems({tr("Axial slices"), tr("Coronal slices"), tr("Sagittal slices")});
  addRow(fillAxis_, {between});

  QAction* grow = addAction(QStringLiteral("opGrow"), tr("Grow"), QKeySequence(Qt::Key_M),
                            tr("Margin: grow the label by the distance set"));
  connect(grow, &QAction::triggered, this, [this] { applyMargin(true); });
  QAction* shrink = addAction(QStringLiteral("opShrink"), tr("Shrink"), QKeySequence(Qt::SHIFT | Qt::Key_M),
                              tr("Margin: shrink the label by the distance set"));
  connect(shrink, &QAction::triggered, this, [this] { applyMargin(false); });
  marginMm_ = spin(box, QStringLiteral("marginSpin"), 0.1, 50, 2.0, 1, tr(" mm"));
  addRow(marginMm_, {grow, shrink});

  QAction* smoothA = addAction(QStringLiteral("opSmooth"), tr("Smooth"), QKeySequence(Qt::Key_S),
                               tr("Smooth the label with the method and kernel set"));
  connect(smoothA, &QAction::triggered, this, &SegmentEditorPanel::applySmoothing);
  smoothMethod_ = new QComboBox(box);
  smoothMethod_->setObjectName(QStringLiteral("smoothMethodCombo"));
  smoothMethod_->addItem(tr("Median"), static_cast<int>(core::SmoothMethod::Median));
  smoothMethod_->addItem(tr("Opening"), static_cast<int>(core::SmoothMethod::Opening));
  smoothMethod_->addItem(tr("Closing"), static_cast<int>(core::SmoothMethod::Closing));
  smoothMm_ = spin(box, QStringLiteral("smoothSpin"), 0.5, 50, 3.0, 1, tr(" mm"));
  auto* smoothSettings = new QWidget(box);
  auto* sl = new QHBoxLayout(smoothSettings);
  sl->setContentsMargins(0, 0, 0, 0);
  sl->addWidget(smoothMethod_);
  sl->addWidget(smoothMm_);
  addRow(smoothSettings, {smoothA});

  QAction* logicalA = addAction(QStringLiteral("opLogical"), tr("Apply"), QKeySequence(Qt::Key_L),
                                tr("Logical operation of the label with the other label chosen"));
  connect(logicalA, &QAction::triggered, this, &SegmentEditorPanel::applyLogical);
  logicalOp_ = new QComboBox(box);
  logicalOp_->setObjectName(QStringLiteral("logicalOpCombo"));
  logicalOp_->addItem(tr("Add (union)"), static_cast<int>(core::LogicalOp::Union));
  logicalOp_->addItem(tr("Intersect"), static_cast<int>(core::LogicalOp::Intersect));
  logicalOp_->addItem(tr("Subtract"), static_cast<int>(core::LogicalOp::Subtract));
  logicalOp_->addItem(tr("Invert"), static_cast<int>(core::LogicalOp::Invert));
  logicalOp_->addItem(tr("Clear"), static_cast<int>(core::LogicalOp::Clear));
  logicalOther_ = new QComboBox(box);
  logicalOther_->setObjectName(QStringLiteral("logicalOtherCombo"));
  auto* logicalSettings = new QWidget(box);
  auto* ll = new QHBoxLayout(logicalSettings);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->addWidget(logicalOp_);
  ll->addWidget(new QLabel(tr("with"), logicalSettings));
  ll->addWidget(logicalOther_);
  addRow(logicalSettings, {logicalA});
  operationActions_ = {keep, removeSmall, between, grow, shrink, smoothA, logicalA};

  operationRow_ = new QWidget(box);
  auto* rowLayout = new QHBoxLayout(operationRow_);
  rowLayout->setContentsMargins(0, 0, 0, 0);
  progress_ = new QProgressBar(operationRow_);
  progress_->setObjectName(QStringLiteral("operationProgress"));
  progress_->setRange(0, 1000);
  progress_->setTextVisible(true);
  cancel_ = new QPushButton(tr("Cancel"), operationRow_);
  cancel_->setObjectName(QStringLiteral("operationCancel"));
  cancel_->setToolTip(tr("Stop the running operation; the segmentation stays as it was"));
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancel_->setEnabled(false);  // stays disabled until the worker has stopped
    progress_->setFormat(tr("Cancelling..."));
    editor_->cancelOperation();
  });
  rowLayout->addWidget(progress_, 1);
  rowLayout->addWidget(cancel_);
  grid->addWidget(operationRow_, row++, 0, 1, 2);
  operationRow_->hide();
  return box;
}

QAction* SegmentEditorPanel::action(const QString& objectName) const {
  for (QAction* a : actions_)
    if (a->objectName() == objectName) return a;
  return nullptr;
}

void SegmentEditorPanel::runOperation(const QString& name, widgets::LabelEditor::AsyncOperation op) {
  // Refusals (busy, no segmentation) come back through editFailed -> statusMessage.
  if (editor_->applyAsync(name, std::move(op))) Q_EMIT statusMessage(tr("%1: running...").arg(name));
}

void SegmentEditorPanel::setBusy(bool busy) {
  for (QAction* a : operationActions_) a->setEnabled(!busy);
  history_->setEnabled(!busy);
  undo_->setEnabled(editor_->canUndo());
  redo_->setEnabled(editor_->canRedo());
  if (busy) {
    progress_->setValue(0);
    progress_->setFormat(tr("%1: %p%").arg(editor_->operationName()));
    cancel_->setEnabled(true);
  }
  operationRow_->setVisible(busy);
}

void SegmentEditorPanel::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() != QEvent::EnabledChange) return;
  const bool on = isEnabled();
  for (QAction* a : actions_) a->setEnabled(on);
  if (on) setBusy(editor_->busy());  // undo/redo and the operations as the editor's state says
}

int SegmentEditorPanel::fillBetweenAxis() const {
  static const core::Vec3 normals[3] = {{0, 0, 1}, {0, 1, 0}, {1, 0, 0}};  // axial, coronal, sagittal (LPS)
  return editor_->indexAxisAlong(normals[std::clamp(fillAxis_->currentIndex(), 0, 2)]);
}

void SegmentEditorPanel::fillBetweenSlices() {
  const int axis = fillBetweenAxis();
  runOperation(tr("Fill between slices"), [axis](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                                                     const core::ProgressSink& progress) {
    return core::fillBetweenSlices(l, axis, r, rec, progress);
  });
}

void SegmentEditorPanel::keepLargestIsland() {
  runOperation(tr("Islands: keep largest"), [](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                                                         const core::ProgressSink& progress) {
    return core::islands(l, core::IslandMode::KeepLargest, 0, r, rec, progress);
  });
}

void SegmentEditorPanel::removeSmallIslands() {
  const double ml = islandMl_->value();
  runOperation(tr("Islands: remove < %1 mL").arg(ml), [ml](core::LabelMap& l, const core::EditRules& r,
                                                                  core::ChangeRecorder* rec, const core::ProgressSink& progress) {
    return core::islands(l, core::IslandMode::RemoveSmall, ml, r, rec, progress);
  });
}

void SegmentEditorPanel::applyMargin(bool grow) {
  const double mm = grow ? marginMm_->value() : -marginMm_->value();
  runOperation(grow ? tr("Grow %1 mm").arg(marginMm_->value()) : tr("Shrink %1 mm").arg(marginMm_->value()),
               [mm](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                    const core::ProgressSink& progress) { return core::margin(l, mm, r, rec, progress); });
}

void SegmentEditorPanel::applySmoothing() {
  const auto method = static_cast<core::SmoothMethod>(smoothMethod_->currentData().toInt());
  const double mm = smoothMm_->value();
  runOperation(tr("Smooth (%1, %2 mm)").arg(smoothMethod_->currentText()).arg(mm),
               [method, mm](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                            const core::ProgressSink& progress) {
                 return core::smooth(l, method, mm, r, rec, progress);
               });
}

void SegmentEditorPanel::applyLogical() {
  const auto op = static_cast<core::LogicalOp>(logicalOp_->currentData().toInt());
  const auto other = static_cast<std::uint8_t>(logicalOther_->currentData().toInt());
  const QString name = logicalOp_->currentText() + (op == core::LogicalOp::Invert || op == core::LogicalOp::Clear
                                                        ? QString()
                                                        : tr(" with %1").arg(logicalOther_->currentText()));
  runOperation(name, [op, other](core::LabelMap& l, const core::EditRules& r, core::ChangeRecorder* rec,
                                 const core::ProgressSink& progress) {
    // core::logical is one pass over the map without a sink of its own: report (and allow a stop) around it.
    const core::ProgressScope scope(progress, 0, 1);
    scope.report(0, "operand");
    const core::Volume<std::uint8_t> operand = core::maskOf(l, other);
    scope.report(0.5, "logical operation");
    return core::logical(l, op, operand, r, rec);
  });
}

void SegmentEditorPanel::thresholdFromCursor() {
  const core::CtVolume* ct = editor_->image();
  if (!ct || ct->empty()) {
    Q_EMIT statusMessage(tr("Threshold from cursor: no image"));
    return;
  }
  const auto& g = ct->geometry();
  const core::Vec3 c = g.worldToIndex(state_->cursor());
  const long ci = std::lround(c[0]), cj = std::lround(c[1]), ck = std::lround(c[2]);
  double sum = 0, sum2 = 0;
  int n = 0;
  for (long j = cj - 2; j <= cj + 2; ++j)
    for (long i = ci - 2; i <= ci + 2; ++i)
      if (g.containsIndex(i, j, ck)) {
        const double v = ct->at(static_cast<std::size_t>(i), static_cast<std::size_t>(j), static_cast<std::size_t>(ck));
        sum += v, sum2 += v * v, ++n;
      }
  if (n == 0) {
    Q_EMIT statusMessage(tr("Threshold from cursor: the cursor is outside the image"));
    return;
  }
  const double mean = sum / n, sd = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
  const double half = std::max(3 * sd, 25.0);
  editor_->setHuRange({std::round(mean - half), std::round(mean + half)});
  editor_->setTool(EditTool::ThresholdPaint);
  Q_EMIT statusMessage(tr("Threshold %1 .. %2 HU (cursor mean %3 HU)")
                           .arg(editor_->huRange().min)
                           .arg(editor_->huRange().max)
                           .arg(mean, 0, 'f', 0));
}

void SegmentEditorPanel::refreshLabels() {
  const auto labels = editor_->labels();
  const core::LabelTable table = labels ? labels->table : core::LabelTable::standard();
  const QSignalBlocker b1(labelCombo_), b2(lockList_), b3(logicalOther_);
  labelCombo_->clear();
  logicalOther_->clear();
  lockList_->clear();
  for (const auto& info : table.entries()) {
    if (info.value == 0) continue;
    const QString name = info.name.empty() ? tr("label %1").arg(info.value) : widgets::segmentDisplayName(info.name);
    labelCombo_->addItem(swatch(info.rgb), name, info.value);
    logicalOther_->addItem(swatch(info.rgb), name, info.value);
    auto* item = new QListWidgetItem(swatch(info.rgb), name, lockList_);
    item->setData(Qt::UserRole, info.value);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(info.locked ? Qt::Checked : Qt::Unchecked);
  }
  syncFromEditor();
}

void SegmentEditorPanel::refreshHistory() {
  const QSignalBlocker block(history_);
  history_->clear();
  const auto steps = editor_->history().steps();
  const std::size_t applied = editor_->history().undoCount();
  history_->addItem(tr("(start)"));
  for (std::size_t s = 0; s < steps.size(); ++s) {
    auto* item = new QListWidgetItem(QString::fromStdString(steps[s].name), history_);
    item->setToolTip(tr("%1 voxels, %2 kB").arg(steps[s].changedVoxels).arg(steps[s].bytes / 1024.0, 0, 'f', 1));
    if (s >= applied) {  // undone: can be redone
      QFont f = item->font();
      f.setItalic(true);
      item->setFont(f);
      item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    }
  }
  history_->setCurrentRow(static_cast<int>(applied));
  undo_->setEnabled(editor_->canUndo());
  redo_->setEnabled(editor_->canRedo());
}

void SegmentEditorPanel::syncFromEditor() {
  for (QAction* a : actions_)
    if (a->isCheckable() && a->data().isValid()) a->setChecked(a->data().toInt() == static_cast<int>(editor_->tool()));
  const QSignalBlocker b1(radius_), b2(shape_), b3(huMin_), b4(huMax_), b5(huMinSlider_), b6(huMaxSlider_),
      b7(area_), b8(overwrite_), b9(labelCombo_);
  radius_->setValue(editor_->brush().radiusMm);
  shape_->setCurrentIndex(shape_->findData(static_cast<int>(editor_->brush().shape)));
  huMin_->setValue(editor_->huRange().min);
  huMax_->setValue(editor_->huRange().max);
  huMinSlider_->setValue(static_cast<int>(editor_->huRange().min));
  huMaxSlider_->setValue(static_cast<int>(editor_->huRange().max));
  area_->setCurrentIndex(area_->findData(static_cast<int>(editor_->editableArea())));
  overwrite_->setChecked(editor_->overwriteOtherLabels());
  {
    const QSignalBlocker b10(eraseToLiver_), b11(eraseToLiverAction_);
    eraseToLiver_->setChecked(editor_->eraseToLiver());
    eraseToLiverAction_->setChecked(editor_->eraseToLiver());
  }
  const int idx = labelCombo_->findData(editor_->activeLabel());
  if (idx >= 0) labelCombo_->setCurrentIndex(idx);
}

}  // namespace hccws::gui
