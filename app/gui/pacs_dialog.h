#pragma once
// File > Query PACS (issue 18, docs/pacs.md): a DICOMweb PACS the user configured (none by default: no
// connection is opened until the user adds a server and searches). Servers (name, URL, user) are kept in the
// settings; the password is typed for the session and never stored. A search (patient name or ID with '*'
// wildcards, date range, modality) fills a table of studies; a study's series are listed; "Retrieve and open"
// brings the chosen series into the local cache (app/pacs: instance by instance, resuming a retrieve that
// stopped) off the UI thread with a progress bar and Cancel, keeps the cache under its size limit (the least
// recently used series removed first, never the one just retrieved) and hands the folder to the window, which
// loads it with the same checks as a local folder.
// Threading: GUI thread; the network work runs on a worker and comes back whole.
#include <hccws/pacs/dicomweb.h>

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <functional>
#include <optional>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace hccws::gui {

class PacsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit PacsDialog(QWidget* parent = nullptr);
  ~PacsDialog() override;

  // Programmatic use (tests): the server to use now (not stored) and the filters.
  void setServer(const pacs::ServerConfig& server);
  void setFilters(const pacs::QueryFilters& filters);
  bool search();                 // asynchronous: searched()
  bool listSeries(int studyRow);  // asynchronous: seriesListed()
  bool retrieve(int seriesRow);  // asynchronous: retrieved()
  // Send to PACS: the case's DICOM SEG and its report (as DICOM Encapsulated PDF, in the study of the case's
  // series) stored on the server (STOW-RS); asynchronous: sent(). False when the case has neither.
  bool sendCase(const QString& caseDir);
  void cancel();
  int studyCount() const;
  int seriesCount() const;
  QString cacheDir() const;
  qint64 cacheLimitBytes() const;
  void setCache(const QString& dir, qint64 limitBytes);  // tests; else from the settings
  QString statusText() const;
  // Removes series folders (<dir>/<study>/<series>) least recently used first until the cache is at most
  // `limitBytes`, never `keep`; returns the folders removed.
  static QStringList enforceCacheLimit(const QString& dir, qint64 limitBytes, const QString& keep);

 Q_SIGNALS:
  void searched(int studies, const QString& error);
  void seriesListed(int series, const QString& error);
  void retrieved(const QString& folder, const QString& error);
  void sent(int stored, const QString& error);

 private:
  struct Work;
  pacs::ServerConfig currentServer() const;
  void run(std::function<void(Work&)> job, std::function<void(const Work&)> done);
  void loadServers();
  void addServer();

  QComboBox* servers_;
  QLineEdit* password_;
  QLineEdit* patientName_;
  QLineEdit* patientId_;
  QLineEdit* dateFrom_;
  QLineEdit* dateTo_;
  QLineEdit* modality_;
  QTableWidget* studies_;
  QTableWidget* series_;
  QPushButton* searchButton_;
  QPushButton* retrieveButton_;
  QPushButton* cancelButton_;
  QProgressBar* progress_;
  QLabel* status_;
  std::optional<pacs::ServerConfig> override_;
  std::vector<pacs::StudyInfo> studyList_;
  std::vector<pacs::SeriesInfo> seriesList_;
  QString cacheDir_;
  qint64 cacheLimit_ = 0;
  std::shared_ptr<std::atomic<bool>> cancel_;
  QFutureWatcher<void> watcher_;
  std::shared_ptr<Work> work_;
  std::function<void(const Work&)> done_;
};

}  // namespace hccws::gui
