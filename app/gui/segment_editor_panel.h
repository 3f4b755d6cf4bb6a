#pragma once
// The Segment editor dock: what the user edits (label with colour swatches, locks), how (tool, brush radius
// in mm and shape, threshold HU range, editable area, overwrite), the whole-segment operations (fill/erase
// region, islands, fill between slices, margin, smoothing, logical operations) and the history list (named
// steps; clicking a row undoes or redoes to that point).
//
// Contract:
// - The panel drives a widgets::LabelEditor it does not own; every change goes through the editor (one named
//   history step per operation) and the panel follows the editor's signals, so the views and the panel
//   never disagree.
// - actions(): QActions with keyboard shortcuts for every tool and operation, undo and redo (Ctrl+Z,
//   Ctrl+Shift+Z, Ctrl+Y), radius [ and ]. Their tooltips name the shortcut. The main window puts them in
//   its Edit menu so the shortcuts work wherever the focus is in the window (text fields keep their keys).
//   Object names ("toolPaint", "opFillBetween", ...) let tests and scripts find them.
// - Operations on whole segments (islands, fill between slices, margin, smoothing, logical) run off the GUI
//   thread through LabelEditor::applyAsync(): while one runs, a progress bar ("operationProgress") with the
//   core's stage and a Cancel button ("operationCancel") show in the operations box, the operation actions,
//   undo/redo and the history list are disabled, and strokes are refused by the editor. The outcome goes to
//   statusMessage(): "<name>: N voxels changed (T ms)", "<name>: nothing changed" or "<name>: cancelled".
// - "Erase back to liver" ("eraseToLiverCheck", action "eraseToLiver", Shift+E) sets the editor's
//   eraseToLiver(): erasing a label other than the liver writes liver instead of background.
// Threading: GUI thread only.
#include <hccws/core/label_edit.h>
#include <hccws/widgets/label_editor.h>

#include <QWidget>

#include <cstdint>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;

namespace hccws::widgets {
class ViewerState;
}

namespace hccws::gui {

class SegmentEditorPanel : public QWidget {
  Q_OBJECT

 public:
  SegmentEditorPanel(widgets::LabelEditor* editor, widgets::ViewerState* state, QWidget* parent = nullptr);

  QList<QAction*> actions() const { return actions_; }
  QAction* action(const QString& objectName) const;
  QAction* undoAction() const { return undo_; }
  QAction* redoAction() const { return redo_; }

  // The operations, as the buttons and shortcuts run them (one history step each, off the GUI thread: they
  // return at once; the result arrives through the editor's signals).
  void fillBetweenSlices();
  void keepLargestIsland();
  void removeSmallIslands();
  void applyMargin(bool grow);
  void applySmoothing();
  void applyLogical();
  // Sets the threshold range from the CT around the cursor (mean +- max(3 SD, 25 HU) over 5x5 voxels in
  // the axial slice) and selects the threshold paint tool.
  void thresholdFromCursor();
  // The label grid's index axis of the slices "fill between slices" works across (axial slices by default).
  int fillBetweenAxis() const;

 Q_SIGNALS:
  void statusMessage(const QString& message);

 protected:
  // Disabling the panel (a proposal or a grow-from-seeds session is shown) disables its actions too, so their
  // shortcuts (Ctrl+Z, tools, operations) cannot edit the segmentation under what the views show.
  void changeEvent(QEvent* event) override;

 private:
  QAction* addAction(const QString& objectName, const QString& text, const QKeySequence& key,
                     const QString& help);
  QWidget* buildToolBox();
  QWidget* buildOperations();
  QWidget* buildMasking();
  void runOperation(const QString& name, widgets::LabelEditor::AsyncOperation op);
  void setBusy(bool busy);
  void refreshLabels();
  void refreshHistory();
  void syncFromEditor();

  widgets::LabelEditor* editor_;
  widgets::ViewerState* state_;
  QList<QAction*> actions_;
  QAction* undo_ = nullptr;
  QAction* redo_ = nullptr;
  QComboBox* labelCombo_ = nullptr;
  QListWidget* lockList_ = nullptr;
  QDoubleSpinBox* radius_ = nullptr;
  QComboBox* shape_ = nullptr;
  QDoubleSpinBox* huMin_ = nullptr;
  QDoubleSpinBox* huMax_ = nullptr;
  QSlider* huMinSlider_ = nullptr;
  QSlider* huMaxSlider_ = nullptr;
  QComboBox* area_ = nullptr;
  QCheckBox* overwrite_ = nullptr;
  QCheckBox* eraseToLiver_ = nullptr;
  QAction* eraseToLiverAction_ = nullptr;
  QList<QAction*> operationActions_;  // disabled while an operation runs
  QWidget* operationRow_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QDoubleSpinBox* islandMl_ = nullptr;
  QComboBox* fillAxis_ = nullptr;
  QDoubleSpinBox* marginMm_ = nullptr;
  QComboBox* smoothMethod_ = nullptr;
  QDoubleSpinBox* smoothMm_ = nullptr;
  QComboBox* logicalOp_ = nullptr;
  QComboBox* logicalOther_ = nullptr;
  QListWidget* history_ = nullptr;
};

}  // namespace hccws::gui
