#pragma once
// PmnPanel: the PMN result in a dock (docs/pmn.md): p(proliferative) and the class with the threshold, the DL
// risk score per arm with its definition, the lesion and ROI it was computed on, and the model's provenance
// ("synthetic" for the demo model) on every line that shows a number; a STALE banner when the segmentation
// changed after the run; the heatmap shown (p(proliferative), Grad-CAM or one prototype's share) and a
// Run again button. GUI thread only.
#include "pmn_controller.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace hccws::gui {

class PmnPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PmnPanel(QWidget* parent = nullptr);

  void setResult(std::shared_ptr<const PmnResult> result);
  std::shared_ptr<const PmnResult> result() const { return result_; }
  void setStale(bool stale);
  bool stale() const { return stale_; }
  // The heatmap chosen in the list (-1: none / hidden).
  int chosenHeatmap() const;
  void chooseHeatmap(int index);
  QString summaryText() const;  // what the panel shows, as plain text (tests, reports)

 Q_SIGNALS:
  void heatmapChosen(int index);  // -1: hide the heatmap
  void runRequested();

 private:
  void refresh();
  std::shared_ptr<const PmnResult> result_;
  bool stale_ = false;
  QLabel* banner_;
  QLabel* text_;
  QComboBox* heatmaps_;
  QCheckBox* showHeatmap_;
  QPushButton* run_;
};

}  // namespace hccws::gui
