#pragma once
// The study/series panel: one row per series with its detected phase (editable through a combo box),
// the reason for the detection, its geometry and warnings. Selecting a row asks to show that series.
// The panel shows a copy of what it is given; the main window owns the study.
// Threading: GUI thread only.
#include <hccws/core/study.h>

#include <QWidget>

class QTableWidget;
class QLabel;

namespace hccws::gui {

class StudyPanel : public QWidget {
  Q_OBJECT

 public:
  explicit StudyPanel(QWidget* parent = nullptr);

  void setStudy(const core::Study& study);
  void clear();
  void setCurrentSeries(int index);
  int rowCount() const;
  // The phase shown in row `row`'s combo box.
  core::PhaseKind phaseAt(int row) const;
  // Sets the combo as a user would (emits phaseReassigned).
  void reassignPhase(int row, core::PhaseKind kind);
  // A note on what was done to a series (e.g. its registration): `brief` under its geometry in the table,
  // `detail` in the details below it. Empty strings remove the note.
  void setSeriesNote(int row, const QString& brief, const QString& detail);

 Q_SIGNALS:
  void seriesSelected(int index);
  void phaseReassigned(int index, hccws::core::PhaseKind kind);

 private:
  void showDetails(int row);

  QTableWidget* table_;
  QLabel* header_;
  QLabel* details_;
  core::Study shown_;  // metadata of the rows (volumes not needed: geometry text is kept per row)
  QStringList geometryText_;
  QStringList noteBrief_, noteDetail_;
};

}  // namespace hccws::gui
