#pragma once
// The Case dock: which case is open (folder, patient, last save, read-only and why), its sources and whether
// they are still the same, the steps from CT to tumour board with their state (done, stale, not yet), the key
// images for the board (chosen, or the proposed set greyed) and the note for the board. The window fills it (main_window_case.cpp); the panel only shows and reports edits.
// Threading: GUI thread only.
#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace hccws::gui {

class CasePanel : public QWidget {
  Q_OBJECT

 public:
  enum class StepState { Done, Stale, NotYet, NotNeeded, NotAvailable };
  struct Step {
    QString name;
    StepState state = StepState::NotYet;
    QString detail;  // what it is, when, by whom / what is missing
  };
  struct Source {
    QString description, phase, state, detail;
    bool problem = false;  // changed or missing
  };

  explicit CasePanel(QWidget* parent = nullptr);

  // No case: the panel says how to make one.
  void clearCase();
  void setHeader(const QString& folder, const QString& summary, const QString& readOnlyReason);
  void setSources(const std::vector<Source>& sources);
  void setSteps(const std::vector<Step>& steps);
  std::vector<Step> steps() const { return steps_; }
  // Sets the note without reporting it as an edit.
  void setNote(const QString& note);
  QString note() const;
  // The board's decision: "" (not decided), "TACE" or "HAIC"; set without reporting an edit.
  void setDecision(const QString& arm);
  QString decision() const;
  static QString stateText(StepState state);
  // What Run the rest is doing or did; while running the Cancel button shows.
  void setRunStatus(const QString& text, bool running);
  QString runStatus() const;
  // The key images the user chose (descriptions), else the proposed set, shown greyed as "(proposed)".
  void setKeyImages(const QStringList& chosen, const QStringList& proposed);
  int keyImageCount() const;  // chosen ones
  QStringList keyImageTexts() const;

 Q_SIGNALS:
  // The user's edit of the note, after a short pause in typing.
  void noteEdited(const QString& note);
  void decisionEdited(const QString& arm);
  void saveRequested();
  void verifyRequested();
  void reviewedRequested();
  void runRequested();
  void cancelRunRequested();
  void markKeyImageRequested();
  void proposeKeyImagesRequested();
  void removeKeyImageRequested(int index);

 private:
  QLabel* header_;
  QTreeWidget* sources_;
  QTreeWidget* stepsTree_;
  QPlainTextEdit* note_;
  QComboBox* decision_;
  QPushButton* save_;
  QPushButton* verify_;
  QPushButton* reviewed_;
  QPushButton* run_;
  QPushButton* cancelRun_;
  QLabel* runStatus_;
  QListWidget* keyImages_;
  QPushButton* markKey_;
  QPushButton* proposeKeys_;
  QPushButton* removeKey_;
  QTimer* noteTimer_;
  std::vector<Step> steps_;
  bool settingNote_ = false;
};

}  // namespace hccws::gui
