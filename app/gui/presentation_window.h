#pragma once
// Presentation mode for the tumour board: full screen, large type, one case after another from a board list
// (case folders, each opened read-only: nothing can be edited or saved by accident). Each case shows its key
// image (the first the user chose, else the axial slice through the largest tumour with the overlay), the
// survival curves per arm, the measurements, the PMN result (or "not run"), the risk group and median OS per
// arm, the decision and the note, and the research-use notice. Right / Page Down / Space: next case; Left / Page Up: previous; Home /
// End: first / last; Esc: leave.
// A case is read (its series, segmentation, measurements and slice image) off the UI thread; the nomogram is
// computed on the GUI thread from the case's inputs, as in the window. A case that cannot be read shows why.
// Threading: GUI thread only.
#include <QFutureWatcher>
#include <QImage>
#include <QStringList>
#include <QWidget>

#include <memory>

class QLabel;

namespace hccws::gui {

class PresentationWindow : public QWidget {
  Q_OBJECT

 public:
  explicit PresentationWindow(QStringList caseDirs, QWidget* parent = nullptr);
  ~PresentationWindow() override;

  // The case folders of a board: `folder` itself when it is a case, else its sub-folders that are cases (sorted).
  static QStringList boardCases(const QString& folder);

  int caseCount() const { return static_cast<int>(cases_.size()); }
  int currentCase() const { return current_; }
  void showCase(int index);  // clamped to the list
  // What is shown (for tests and the accessibility of the screen): title, facts and the footer, as text.
  QString shownText() const;
  bool loading() const { return watcher_.isRunning(); }

 Q_SIGNALS:
  void caseShown(int index);

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  struct Prepared;
  void onPrepared();
  QStringList cases_;
  int current_ = -1;
  QLabel* title_;
  QLabel* image_;
  QLabel* curves_;
  QLabel* facts_;
  QLabel* footer_;
  QFutureWatcher<std::shared_ptr<Prepared>> watcher_;
};

}  // namespace hccws::gui
