#pragma once
// The workstation's main window: study/series panel, linked slice and 3D views in three layouts (2x2,
// one large view, arterial | portal venous), window presets, label overlay controls, the data probe in
// the status bar and a permanent "Research use only" notice.
//
// Contract:
// - Loading (File > Open, openPath, openSegmentation) runs off the UI thread (StudyLoader) with a
//   progress bar and a Cancel button; the results are applied here, on the GUI thread.
// - The window owns the study shown: volumes move into shared_ptrs that the views share (zero-copy VTK
//   images point into them), metadata stays in study().
// - One world frame (LPS mm) for every phase: the cursor is the same world point in all views, so phases
//   line up only if they are registered (same frame of reference); the compare layout says so.
// - Segmentation: a widgets::LabelEditor owns the label map shown and edited (views share it read-only).
//   The Segment editor dock drives it; after an edit settles, the 3D surfaces and the measurements are
//   recomputed off the UI thread on one snapshot (debounced, measurements marked stale at once).
// - Nothing the user made is lost: unsaved edits prompt before closing, before opening another study or
//   segmentation (Save / Discard / Cancel); saves are atomic. Tests answer without dialogs through the
//   properties "hccwsNoDialogs" (no dialog at all) and "hccwsDiscardEdits" (the answer: discard or keep).
// - Registration (Study menu, main_window_registration.cpp): the other phases are registered rigidly onto the
//   shown phase off the UI thread (progress, cancel) and replaced by their resampled copies on its grid, so
//   the compare layout, the probe and the segmentation see one anatomy at one world point; the originals are
//   kept until "Revert registration" or another study.
// Code: menus and tool bars in main_window_menus.cpp, the editor wiring and file actions in
// main_window_editor.cpp, the Segment menu and its proposal in main_window_segment.cpp.
// Threading: GUI thread only.
#include "view_layout.h"

#include <hccws/core/label_map.h>
#include <hccws/core/registration.h>
#include <hccws/core/study.h>
#include <hccws/render/heatmap_style.h>
#include <hccws/render/probe.h>
#include <hccws/render/window_presets.h>

#include <hccws/widgets/label_editor.h>
#include <hccws/widgets/marks_model.h>

#include <QElapsedTimer>
#include <QMainWindow>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "case_panel.h"
#include "key_images.h"
#include "pmn_controller.h"  // PmnController, PmnResult

#include <hccws/case/case_folder.h>

class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTimer;
class QToolBar;

namespace hccws::gui {

class CohortDock;
class RadiomicsDock;
class PacsDialog;
class GrowSession;
class PresentationWindow;
class LabelPanel;
class MarksPanel;
class MeasurementsPanel;
class NomogramDock;
class PmnPanel;
class SegmentController;
class SegmentEditorPanel;
struct PhaseRegistration;
struct SegmentProposal;
class StudyLoader;
class StudyPanel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Asynchronous: a DICOM folder or an image file; a label map file or DICOM SEG as the segmentation.
  // Unsaved edits are confirmed first (false: the user kept them and nothing was opened).
  bool openPath(const QString& path);
  bool openSegmentation(const QString& path);
  // Generates the synthetic phantom case with its ground-truth segmentation (asynchronous).
  bool openPhantomDemo();
  // Writes the segmentation (NIfTI / NRRD / MetaImage with the label table, or DICOM SEG for .dcm) and
  // marks it saved; false (with the reason in the status bar and loadFailed-like dialog) on failure.
  bool saveSegmentation(const QString& path);
  // Asks whether unsaved edits may be dropped before `action`: Save (then true if saved), Discard, Cancel.
  bool confirmDiscardEdits(const QString& action);
  // Synchronous, for results already in memory.
  void showStudy(core::Study study);
  void showSegmentation(core::LabelMap labels);
  // A heatmap layer on its own grid (usually a tumour ROI) in every slice view.
  void showHeatmap(core::Heatmap heatmap);
  void openHeatmap(const QString& path);
  void clearHeatmap();
  void setHeatmapStyle(const render::HeatmapStyle& style);
  const render::HeatmapStyle& heatmapStyle() const { return heatStyle_; }
  // Shows phase `index` of the study in the main views.
  void showPhase(int index);
  void applyWindowPreset(render::WindowPresetKind kind);

  // Segment menu (main_window_segment.cpp): runs a model bundle on the study shown off the UI thread (false
  // when busy or no study is shown); the result is a proposal shown in every view until accepted (one undo
  // step "Accept segmentation proposal") or rejected (labels and history unchanged).
  bool segmentWithDemoModel();
  QString demoModelDir() const;
  std::vector<core::PhaseKind> studyPhaseKinds() const;  // the phase decision of every phase shown
  bool segmentWithModel(const QString& bundleDir);
  std::shared_ptr<const SegmentProposal> proposal() const { return proposal_; }
  void acceptProposal();
  void rejectProposal();
  SegmentController* segmentController() const { return segment_; }

  // Segment > Grow from seeds (main_window_grow.cpp): a session in which the slice views paint seeds and show
  // the grown preview (GrowSession); apply = one undo step "Grow from seeds", cancel = nothing changes.
  bool startGrowFromSeeds();
  void applyGrowFromSeeds();
  void cancelGrowFromSeeds();
  // The session's seeds as a label map (255 = background) for `hccws grow --seeds`.
  bool saveGrowSeeds(const QString& path);

  // Measurement marks (main_window_marks.cpp): rulers and angles shared by the slice views, listed in the
  // Marks dock, saved beside the segmentation (<file>.marks.json) and loaded with it.
  widgets::MarksModel* marksModel() const { return marks_; }
  MarksPanel* marksPanel() const { return marksPanel_; }

  // The window's geometry, docks, toolbars and view layout between sessions (main_window_layout.cpp): saved
  // when the window closes, restored when it is built ($HCCWS_SETTINGS: an INI file, or "off").
  void saveLayout();
  bool restoreLayout();
  GrowSession* growSession() const { return grow_; }

  // Analyse menu (main_window_pmn.cpp): the PMN on the study shown and the current segmentation (false when
  // busy, no study or no segmentation); the result goes to the PMN dock, the heatmap layer and the nomogram.
  bool runPmn(const QString& bundleDir);
  PmnController* pmnController() const { return pmn_; }
  PmnPanel* pmnPanel() const { return pmnPanel_; }

  // Study menu (main_window_registration.cpp): registers every other phase off the UI thread onto the
  // reference phase - the phase the segmentation was drawn on when there is one (so the labels never move),
  // else the phase shown - (false when busy, no study or a single phase); phasesRegistered() when applied.
  bool registerPhases();
  // Puts the original (unregistered) phases back.
  void revertRegistration();
  // The registration applied to phase `index` (nullptr when it shows its original voxels).
  const core::RegistrationResult* registrationOf(int index) const;
  // The phase whose anatomical frame the segmentation is in (-1: no segmentation).
  int labelsPhase() const { return labelsPhase_; }
  // The volume shown for phase `index` (the registered copy once registered).
  std::shared_ptr<const core::CtVolume> phaseVolume(int index) const;

  // Case folders (main_window_case.cpp, docs/case-files.md). openCase: asynchronous (caseOpened() once shown;
  // a journal holding edits after the last save is recovered when the user agrees - property "hccwsRecover"
  // answers for tests - and a changed source is reported). saveCase: into the open case (atomic; false when
  // none, read-only or failing). saveCaseAs: a new case folder from the study shown (phases without a file,
  // as the phantom demo's, are written into it). While a case is open every edit is journaled as it settles.
  bool openCase(const QString& dir);
  bool saveCase();
  bool saveCaseAs(const QString& dir);
  // File > Export report: the open case saved, then its tumour-board PDF (case_report.h): the case is read off
  // the UI thread (progress bar, Cancel), the PDF composed on it; recorded in the case. Asynchronous: false when
  // it could not start; reportExported(path, ok, message) when done.
  bool exportReport(const QString& pdfPath, bool deidentify = false);
  bool reportRunning() const;
  void cancelReport();
  void reportWaitForFinished();
  // Key images (main_window_key_images.cpp; cases::KeyImage): markKeyImage adds the view with the focus (else
  // the axial view) - a slice view as its plane through the cursor with the heatmap shown, the 3D view as a
  // snapshot PNG in the case folder; proposeKeyImages adds the proposed set (key_images.h) that is not in the
  // list yet; both journaled like any edit. False (with the reason in the status bar) without a writable case.
  bool markKeyImage(QWidget* view = nullptr);
  bool proposeKeyImages();
  void removeKeyImage(int index);
  // Figure export (main_window_figures.cpp): a view (slice or 3D: PNG re-rendered at the resolution `dpi` asks
  // for, SVG holding that image) or a chart (nomogram, survival curves: PNG at `dpi`, SVG as vectors).
  enum class Figure { CurrentView, Layout, Nomogram, SurvivalCurves };
  bool exportFigure(Figure figure, const QString& path, int dpi, QString* error = nullptr);
  // File > Presentation mode: the board's cases full screen, read-only (presentation_window.h); null when the
  // list is empty.
  PresentationWindow* startPresentation(const QStringList& caseDirs);
  PresentationWindow* presentation() const { return presentation_.get(); }
  cases::CaseFolder* caseFolder() const { return case_.get(); }
  // Case > Run the rest (main_window_run_rest.cpp): the steps not done yet (register, segment when there is no
  // segmentation, PMN, save), one after the other off the UI thread; false when nothing could start.
  bool runTheRest();
  void cancelRunTheRest();
  struct RunTheRestReport {
    std::vector<std::pair<QString, double>> steps;  // step, seconds
    QStringList skipped;                             // steps that cannot run here, with the reason
    QString failed;                                  // why the chain stopped ("" when it ran to its end)
    bool cancelled = false, finished = false;
    double totalSeconds = 0;
  };
  const RunTheRestReport& lastRunTheRest() const { return runReport_; }
  CasePanel* casePanel() const { return casePanel_; }
  std::vector<CasePanel::Step> caseSteps() const;

  ViewLayout* viewLayout() const { return views_; }
  StudyPanel* studyPanel() const { return panel_; }
  LabelPanel* labelPanel() const { return labelPanel_; }
  SegmentEditorPanel* segmentEditorPanel() const { return editorPanel_; }
  MeasurementsPanel* measurementsPanel() const { return measurementsPanel_; }
  NomogramDock* nomogramDock() const { return nomogramDock_; }
  CohortDock* cohortDock() const { return cohortDock_; }
  // View > Radiomics (main_window_radiomics.cpp): IBSI features of the case; the ring shown as a label layer.
  RadiomicsDock* radiomicsDock() const { return radiomicsDock_; }
  void showRadiomicsRing(std::shared_ptr<const core::LabelMap> ring);
  // File > Query PACS (pacs_dialog.h), made on first use; a series it retrieves is opened here.
  PacsDialog* pacsDialog();
  widgets::LabelEditor* labelEditor() const { return editor_; }
  StudyLoader* loader() const { return loader_; }
  widgets::ViewerState* viewerState() const { return state_; }
  const core::Study& study() const { return study_; }
  int currentPhase() const { return current_; }
  QString probeText() const;
  QString noticeText() const;
  // The whole window with the OpenGL views composed in (QWidget::grab alone may leave them blank).
  QImage screenshot();
  // The view area (all views of the layout) and one view: the one with the focus, else the axial view.
  QImage layoutScreenshot();
  QImage viewScreenshot();

 Q_SIGNALS:
  void studyShown();
  void segmentationShown();
  void loadFailed(const QString& message);
  void segmentationSaved(const QString& path);
  void proposalShown();
  void phasesRegistered();
  void pmnShown();
  void growStarted();
  void growEnded();
  void caseOpened();
  void caseSaved();
  void runTheRestFinished();
  void reportExported(const QString& path, bool ok, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildFileMenu();
  void buildCase();
  void buildCaseMenu(QMenu* file);
  void closeCase();
  void rememberCase(const QString& dir);
  void saveCaseInteractively();
  void onCaseLoaded(std::shared_ptr<cases::CaseFolder> folder, std::shared_ptr<core::Study> study,
                    std::shared_ptr<core::LabelMap> labels, std::vector<cases::SourceCheck> checks,
                    std::vector<int> sourceOf);
  void journalLabelEdit(const core::IndexBox& box);
  void journalCaseManifest();
  void fillCaseManifest(cases::CaseManifest& manifest) const;
  void refreshCasePanel();
  bool writePmnHeatmapsIntoCase();  // true when it wrote files
  void refreshKeyImageList();
  KeyImageSources windowKeyImageSources() const;
  const core::SeriesSource* dicomSegReference() const;
  void buildFigureExport(QMenu* file);
  void showWorkProgress(double fraction, const QString& stage);
  enum class RunStep { Register, Segment, Pmn, Save };
  static QString runStepName(RunStep step);
  void buildRunTheRest();
  void startNextRunStep();
  void runStepDone();
  void finishRunTheRest(const QString& failure);
  void buildToolBars();
  void buildStatusBar();
  void buildEditor();
  void buildNomogram();
  void buildRadiomics(QMenu* view);
  void buildSegmentMenu();
  void buildGrow();
  void buildMarks();
  void loadMarksBeside(const QString& segmentationPath);
  bool saveMarksBeside(const QString& segmentationPath);
  void updateGrowText(double seconds, bool whole);
  void endGrowFromSeeds();
  void buildStudyMenu();
  void buildPmn();
  void showPmnResult(std::shared_ptr<const PmnResult> result);
  void showPmnHeatmap(int index);
  void applyRegistration(const PhaseRegistration& registration);
  QString registrationNote(int index) const;
  QString phaseName(int index) const;  // "Arterial", ... ("" when out of range)
  void showProposal(std::shared_ptr<const SegmentProposal> proposal);
  void endProposal();
  void onLabelsReplaced(std::shared_ptr<const core::LabelMap> labels);
  void refreshAfterEdit();
  void showShortcuts();
  void reportError(const QString& title, const QString& message, const QString& detail = {});
  QImage composedGrab(QWidget* root);
  void onProbe(const render::ProbeSample& sample);
  void updateCompareViews();
  void updateTitles();
  void applyLabelStyle();
  void setBusy(bool busy, const QString& what = {});

  widgets::ViewerState* state_;
  ViewLayout* views_;
  StudyPanel* panel_;
  LabelPanel* labelPanel_;
  SegmentEditorPanel* editorPanel_ = nullptr;
  MeasurementsPanel* measurementsPanel_ = nullptr;
  NomogramDock* nomogramDock_ = nullptr;
  CohortDock* cohortDock_ = nullptr;
  RadiomicsDock* radiomicsDock_ = nullptr;
  PacsDialog* pacsDialog_ = nullptr;
  widgets::LabelEditor* editor_;
  QTimer* editRefresh_ = nullptr;  // coalesces edits before 3D and measurements recompute
  StudyLoader* loader_;
  QLabel* probe_;
  QLabel* notice_;
  QProgressBar* progress_;
  QPushButton* cancel_;
  core::Study study_;
  std::vector<std::shared_ptr<const core::CtVolume>> volumes_;
  // Per phase, while it shows a registered copy: the original voxels and the registration (reference index).
  struct Registered {
    std::shared_ptr<const core::CtVolume> original;
    int referenceIndex = -1;
    core::RegistrationResult result;
  };
  std::vector<std::optional<Registered>> registered_;
  int labelsPhase_ = -1;                  // see labelsPhase()
  std::uint64_t studyGeneration_ = 0;     // grows with every study shown
  std::uint64_t registrationFor_ = 0;     // the study generation the running registration was asked for
  render::LabelStyle labelStyle_;
  render::HeatmapStyle heatStyle_;
  std::shared_ptr<const core::Heatmap> heatmap_;
  int current_ = -1;
  SegmentController* segment_ = nullptr;
  QToolBar* proposalBar_ = nullptr;
  QLabel* proposalText_ = nullptr;
  std::shared_ptr<const SegmentProposal> proposal_;
  std::weak_ptr<const core::CtVolume> segmentSource_;  // the shown phase the running segmentation is for
  GrowSession* grow_ = nullptr;
  widgets::MarksModel* marks_ = nullptr;
  MarksPanel* marksPanel_ = nullptr;
  QString marksFor_;  // the segmentation file being loaded (its marks file is read when it arrives)
  QToolBar* growBar_ = nullptr;
  QComboBox* growSeedLabel_ = nullptr;
  QProgressBar* growProgress_ = nullptr;
  QLabel* growText_ = nullptr;
  PmnController* pmn_ = nullptr;
  PmnPanel* pmnPanel_ = nullptr;
  QDockWidget* pmnDock_ = nullptr;
  QString pmnModelDir_;
  std::uint64_t pmnLabelsVersion_ = 0;  // the editor's version the running / shown PMN result was computed on
  std::shared_ptr<cases::CaseFolder> case_;  // the open case (null: none)
  CasePanel* casePanel_ = nullptr;
  QDockWidget* caseDock_ = nullptr;
  QMenu* recentCases_ = nullptr;
  QTimer* caseManifestTimer_ = nullptr;  // coalesces note/input/phase edits into one journal record
  QTimer* caseStepsTimer_ = nullptr;
  bool caseLoading_ = false;             // no journaling while a case is being shown
  std::vector<int> caseSourceOf_;        // per phase shown: its source in the case (-1: none)
  std::vector<cases::SourceCheck> caseChecks_;
  std::vector<RunStep> runQueue_;
  std::optional<RunStep> runCurrent_;
  RunTheRestReport runReport_;
  QElapsedTimer runTimer_, runStepTimer_;
  std::unique_ptr<PresentationWindow> presentation_;
  // The PMN result whose heatmaps are in the case folder, and their files (name -> path in the case).
  std::shared_ptr<const PmnResult> pmnFilesFor_;
  std::vector<std::pair<std::string, std::string>> pmnFiles_;
  struct ReportJob;
  std::shared_ptr<ReportJob> reportJob_;
};

}  // namespace hccws::gui
