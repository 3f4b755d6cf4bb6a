// Case folders in the window (issue 16): the phantom demo saved as a case (its phases written into the case
// folder), edits journaled as they settle (a painted stroke, the note, a typed nomogram input), a second
// window getting the case read-only, the first window gone without saving (as after a crash), and a new window
// opening the case, recovering every edit from the journal, and saving it.
// SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "editor_support.h"
#include "gui/case_panel.h"
#include "gui/main_window.h"
#include "gui/presentation_window.h"
#include "gui/nomogram_dock.h"
#include "gui/view_layout.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/phantom.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

using namespace hccws;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<gui::MainWindow> newWindow() {
  auto w = std::make_unique<gui::MainWindow>();
  w->setProperty("hccwsNoDialogs", true);
  w->setProperty("hccwsDiscardEdits", true);
  w->resize(1400, 900);
  w->show();
  REQUIRE(QTest::qWaitForWindowExposed(w.get()));
  return w;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const gui::CasePanel::Step& step(const std::vector<gui::CasePanel::Step>& steps, const QString& name) {
  for (const auto& s : steps)
    if (s.name == name) return s;
  FAIL("no step " << name.toStdString());
  return steps.front();
}

}  // namespace

TEST_CASE("a case in the window: save, journal every edit, read-only second window, recover after a crash",
          "[gui][case]") {
  const std::string dir = test::scratchDir("gui_case") + "/case";
  std::vector<std::uint8_t> edited;
  {
    auto w = newWindow();
    QSignalSpy seg(w.get(), &gui::MainWindow::segmentationShown);
    REQUIRE(w->openPhantomDemo());
    REQUIRE(seg.wait(60000));
    REQUIRE(w->saveCaseAs(QString::fromStdString(dir)));
    REQUIRE(w->caseFolder());
    const auto& m = w->caseFolder()->manifest();
    REQUIRE(m.sources.size() == 2);  // the demo's two phases, written into the case folder
    for (const auto& s : m.sources) {
      CHECK(s.path.rfind("sources/", 0) == 0);
      CHECK(fs::exists(fs::path(dir) / s.path));
      CHECK(s.sha256.size() == 64);
    }
    CHECK(m.sources[0].phase == "arterial");
    REQUIRE(m.segmentation);
    CHECK(fs::exists(fs::path(dir) / m.segmentation->file));
    CHECK_FALSE(w->labelEditor()->modified());
    REQUIRE(QTest::qWaitFor([&] { return step(w->caseSteps(), QStringLiteral("Segmented")).state == gui::CasePanel::StepState::Done; }, 30000));
    CHECK(step(w->caseSteps(), QStringLiteral("Phases confirmed")).state == gui::CasePanel::StepState::Done);
    CHECK(step(w->caseSteps(), QStringLiteral("Report")).state == gui::CasePanel::StepState::NotYet);

    // A painted stroke, the note and a typed input: each journaled as it settles.
    widgets::LabelEditor& editor = *w->labelEditor();
    editor.setTool(widgets::EditTool::Paint);
    editor.setActiveLabel(2);
    editor.setBrushShape(core::BrushShape::Disc);
    editor.setBrushRadiusMm(6.0);
    auto* axial = w->viewLayout()->axial();
    const core::Vec3 c = w->viewerState()->cursor();
    test::strokeThrough(axial, {c, {c[0] + 15, c[1], c[2]}, {c[0] + 15, c[1] + 12, c[2]}});
    CHECK(editor.modified());
    auto* note = w->casePanel()->findChild<QPlainTextEdit*>(QStringLiteral("caseNote"));
    REQUIRE(note);
    note->setPlainText(QStringLiteral("Board: TACE discussed; 会诊"));
    auto* ws = w->nomogramDock()->workspace();
    REQUIRE(ws->inputsWidget()->setTyped("ast", 45));
    QTest::qWait(1500);  // the note's pause and the journal's coalescing
    edited = editor.labels()->labels.buffer();
    {
      const cases::CaseFolder look = cases::CaseFolder::open(dir, true);
      CHECK(look.pending().labelPatches >= 1);
      CHECK(look.pending().manifestSnapshots >= 1);
    }
    // A second window gets the case read-only, naming the holder, and cannot save it.
    {
      auto w2 = newWindow();
      QSignalSpy opened(w2.get(), &gui::MainWindow::caseOpened);
      w2->setProperty("hccwsRecover", false);
      REQUIRE(w2->openCase(QString::fromStdString(dir)));
      REQUIRE(opened.wait(60000));
      REQUIRE(w2->caseFolder());
      CHECK(w2->caseFolder()->readOnly());
      CHECK_THAT(w2->caseFolder()->readOnlyReason(), Catch::Matchers::Contains("process"));
      CHECK_FALSE(w2->saveCase());
    }
    // The first window goes away without saving (as after a crash: nothing more is written).
  }
  {
    const cases::CaseFolder look = cases::CaseFolder::open(dir, true);
    REQUIRE(look.pending().any());  // the read-only window did not discard anything
  }
  auto w = newWindow();
  QSignalSpy opened(w.get(), &gui::MainWindow::caseOpened);
  REQUIRE(w->openCase(QString::fromStdString(dir)));
  REQUIRE(opened.wait(60000));
  REQUIRE(w->caseFolder());
  CHECK_FALSE(w->caseFolder()->readOnly());
  REQUIRE(w->labelEditor()->hasLabels());
  CHECK(w->labelEditor()->labels()->labels.buffer() == edited);  // the stroke, recovered
  CHECK(w->labelEditor()->modified());                          // recovered edits are not saved yet
  CHECK(w->casePanel()->note() == QStringLiteral("Board: TACE discussed; 会诊"));
  const auto& ast = w->nomogramDock()->workspace()->inputsWidget()->state().input("ast");
  CHECK(ast.state == surv::InputState::Typed);
  CHECK(ast.value == 45);
  REQUIRE(w->saveCase());
  CHECK_FALSE(w->labelEditor()->modified());
  const cases::CaseFolder after = cases::CaseFolder::open(dir, true);
  CHECK_FALSE(after.pending().any());
  CHECK(after.manifest().note == "Board: TACE discussed; 会诊");
  CHECK(after.readSavedSegmentation()->labels.buffer() == edited);
  CHECK(after.manifest().results.count("measurements") == 1);
  CHECK(cases::staleResults(after.manifest()).empty());
  // File > Export report: the PDF of the saved case, recorded as the case's report step (stale after an edit)
  const std::string pdf = fs::path(dir).parent_path().string() + "/report.pdf";
  QSignalSpy exported(w.get(), &gui::MainWindow::reportExported);
  REQUIRE(w->exportReport(QString::fromStdString(pdf)));
  CHECK(w->reportRunning());  // read off the UI thread
  REQUIRE(exported.wait(120000));
  CHECK(exported.first().at(1).toBool());
  CHECK(fs::file_size(pdf) > 10000);
  CHECK(step(w->caseSteps(), QStringLiteral("Report")).state == gui::CasePanel::StepState::Done);
  widgets::LabelEditor& editor = *w->labelEditor();
  editor.setTool(widgets::EditTool::Paint);
  editor.setActiveLabel(2);
  const core::Vec3 c = w->viewerState()->cursor();
  test::strokeThrough(w->viewLayout()->axial(), {c, {c[0] - 10, c[1] - 10, c[2]}});
  QTest::qWait(500);
  CHECK(step(w->caseSteps(), QStringLiteral("Report")).state == gui::CasePanel::StepState::Stale);
}

TEST_CASE("Run the rest on an unsegmented two-phase phantom: register, segment, PMN, save - with each step's time",
          "[gui][case][run]") {
  core::PhantomOptions po;
  po.seed = 102;  // not a training seed of the demo models; its portal venous phase moved (breathing)
  po.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
  const core::Phantom ph = core::generatePhantom(po);
  core::Study study;
  study.patientId = "RUN-REST PHANTOM";
  for (const auto& p : ph.phases) {
    core::Phase phase;
    phase.volume = p.volume;
    phase.decision = {p.kind, 1.0, "synthetic phantom (known phase)", false, {}};
    phase.source.seriesDescription = "SYNTHETIC " + core::displayName(p.kind);
    study.phases.push_back(std::move(phase));
  }
  auto w = newWindow();
  w->showStudy(std::move(study));
  const std::string dir = test::scratchDir("gui_case_run_rest") + "/case";
  REQUIRE(w->saveCaseAs(QString::fromStdString(dir)));
  REQUIRE_FALSE(w->labelEditor()->hasLabels());
  QSignalSpy done(w.get(), &gui::MainWindow::runTheRestFinished);
  // one progress bar for the whole chain: it never goes back, and it names the chain's step
  auto* bar = w->statusBar()->findChild<QProgressBar*>();
  REQUIRE(bar);
  std::vector<int> values;
  QStringList formats;
  QObject::connect(bar, &QProgressBar::valueChanged, [&](int v) {
    if (!bar->format().startsWith(QStringLiteral("Run the rest"))) return;  // the bar reset after the chain
    values.push_back(v);
    formats << bar->format();
  });
  REQUIRE(w->runTheRest());
  REQUIRE(done.wait(300000));
  REQUIRE(values.size() > 5);
  int drops = 0;
  for (std::size_t n = 1; n < values.size(); ++n) drops += values[n] + 20 < values[n - 1];  // 2 % slack: a stage's own wobble
  CHECK(drops == 0);
  CHECK(*std::max_element(values.begin(), values.end()) >= 700);
  CHECK(formats.filter(QStringLiteral("Run the rest 2/4")).size() > 0);
  CHECK(formats.filter(QStringLiteral("Run the rest 3/4")).size() > 0);
  CHECK_FALSE(bar->isVisible());  // hidden once the chain is done
  const auto& r = w->lastRunTheRest();
  INFO(w->casePanel()->runStatus().toStdString());
  CHECK(r.failed.isEmpty());
  REQUIRE(r.steps.size() == 4);
  CHECK(r.steps[0].first == QStringLiteral("register the phases"));
  CHECK(r.steps[1].first == QStringLiteral("segment (demo model)"));
  CHECK(r.steps[2].first == QStringLiteral("PMN (demo model)"));
  CHECK(r.steps[3].first == QStringLiteral("save the case"));
  std::printf("Run the rest (phantom seed 102, %zux%zux%zu): total %.1f s;", ph.phases[0].volume.dims()[0],
              ph.phases[0].volume.dims()[1], ph.phases[0].volume.dims()[2], r.totalSeconds);
  for (const auto& [name, s] : r.steps) std::printf(" %s %.2f s (%.0f %%)", name.toStdString().c_str(), s, 100 * s / r.totalSeconds);
  std::printf("\n");
  CHECK(w->labelEditor()->hasLabels());
  REQUIRE(QTest::qWaitFor([&] { return step(w->caseSteps(), QStringLiteral("Segmented")).state == gui::CasePanel::StepState::Done; }, 30000));
  CHECK(step(w->caseSteps(), QStringLiteral("Registered")).state == gui::CasePanel::StepState::Done);
  CHECK(step(w->caseSteps(), QStringLiteral("PMN")).state == gui::CasePanel::StepState::Done);
  CHECK_FALSE(w->labelEditor()->modified());  // saved by the last step
  const cases::CaseFolder saved = cases::CaseFolder::open(dir, true);
  CHECK(saved.manifest().results.count("pmn") == 1);
  CHECK(saved.manifest().registration.has_value());
  // Nothing left: a second run has nothing to do and says so.
  CHECK_FALSE(w->runTheRest());
  // An edit makes the PMN stale; Run the rest reruns only the PMN (the user's segmentation is kept) and saves.
  widgets::LabelEditor& editor = *w->labelEditor();
  editor.setTool(widgets::EditTool::Paint);
  editor.setActiveLabel(2);
  const core::Vec3 c = w->viewerState()->cursor();
  test::strokeThrough(w->viewLayout()->axial(), {c, {c[0] + 6, c[1], c[2]}});
  const auto before = editor.labels()->labels.buffer();
  REQUIRE(w->runTheRest());
  REQUIRE(done.wait(300000));
  REQUIRE(w->lastRunTheRest().steps.size() == 2);
  CHECK(w->lastRunTheRest().steps[0].first == QStringLiteral("PMN (demo model)"));
  CHECK(editor.labels()->labels.buffer() == before);

  // Key images: the axial view with the PMN heatmap shown, a 3D snapshot, the proposed set; one removed.
  auto* axial = w->viewLayout()->axial();
  axial->setFocus();
  REQUIRE(w->markKeyImage(axial));
  REQUIRE(w->markKeyImage(w->viewLayout()->view3d()));
  auto& keys = w->caseFolder()->manifest().keyImages;
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].view == "axial");
  CHECK(keys[0].layer.rfind("heatmap:", 0) == 0);  // the heatmap shown goes with it
  CHECK(keys[1].view == "3d");
  REQUIRE_FALSE(keys[1].file.empty());
  CHECK(QImage(QString::fromStdString((fs::path(dir) / keys[1].file).string())).width() > 100);
  REQUIRE(w->proposeKeyImages());
  const std::size_t withProposed = keys.size();
  CHECK(withProposed >= 5);  // + the tumour slice in both phases, the heatmap slice, the 3D overview
  CHECK(w->casePanel()->keyImageCount() == static_cast<int>(withProposed));
  w->removeKeyImage(static_cast<int>(withProposed) - 1);
  CHECK(keys.size() == withProposed - 1);
  REQUIRE(w->saveCase());
  {
    const cases::CaseFolder saved = cases::CaseFolder::open(dir, true);
    CHECK(saved.manifest().keyImages.size() == withProposed - 1);
    // the PMN heatmaps are in the case, named by its result
    const auto& pmn = saved.manifest().results.at("pmn");
    REQUIRE_FALSE(pmn.files.empty());
    for (const auto& f : pmn.files) CHECK(fs::exists(fs::path(dir) / f));
  }

  // Figures: the axial view at 192 dpi (twice its pixels, re-rendered) and as SVG; the nomogram at 300 dpi.
  const std::string figs = test::scratchDir("gui_case_figures");
  QString why;
  REQUIRE(w->exportFigure(gui::MainWindow::Figure::CurrentView, QString::fromStdString(figs + "/axial.png"), 192, &why));
  const QImage png(QString::fromStdString(figs + "/axial.png"));
  CHECK(std::abs(png.width() - 2 * axial->width()) <= 2);
  CHECK(std::abs(png.height() - 2 * axial->height()) <= 2);
  CHECK(std::abs(png.dotsPerMeterX() - qRound(192 / 0.0254)) <= 1);
  CHECK(axial->size() == axial->grabFramebuffer().size() / axial->devicePixelRatio());  // the view put back
  REQUIRE(w->exportFigure(gui::MainWindow::Figure::CurrentView, QString::fromStdString(figs + "/axial.svg"), 192, &why));
  CHECK(readText(figs + "/axial.svg").find("<image") != std::string::npos);
  REQUIRE(w->exportFigure(gui::MainWindow::Figure::Nomogram, QString::fromStdString(figs + "/nomogram.png"), 300, &why));
  const QImage nomogram(QString::fromStdString(figs + "/nomogram.png"));
  CHECK(nomogram.width() >= 3000);  // at least 1000 px at 96 dpi, x 300 / 96
  REQUIRE(w->exportFigure(gui::MainWindow::Figure::SurvivalCurves, QString::fromStdString(figs + "/curves.svg"), 300, &why));
  const std::string curvesSvg = readText(figs + "/curves.svg");
  CHECK(curvesSvg.find("<polyline") != std::string::npos);  // vectors: the curves as lines, the labels as text
  CHECK(curvesSvg.find("<text") != std::string::npos);
  CHECK(curvesSvg.find("<image") == std::string::npos);
  CHECK_FALSE(w->exportFigure(gui::MainWindow::Figure::Layout, QString::fromStdString(figs + "/layout.jpg"), 300, &why));
  CHECK(why.contains(QStringLiteral(".png or .svg")));

  // The report from the case: its chosen key images, made off the UI thread; a cancelled one writes nothing.
  const std::string pdf = figs + "/report.pdf";
  QSignalSpy exported(w.get(), &gui::MainWindow::reportExported);
  REQUIRE(w->exportReport(QString::fromStdString(pdf)));
  w->cancelReport();
  REQUIRE(exported.wait(120000));
  if (!exported.first().at(1).toBool()) CHECK_FALSE(fs::exists(pdf));
  exported.clear();
  REQUIRE(w->exportReport(QString::fromStdString(pdf)));
  REQUIRE(exported.wait(120000));
  INFO(exported.first().at(2).toString().toStdString());
  CHECK(exported.first().at(1).toBool());
  CHECK(fs::file_size(pdf) > 10000);
}

TEST_CASE("Run the rest on HCC_048 (portal venous only): what cannot run is skipped with the reason", "[gui][case][run][data]") {
  const std::string series = test::sharedData("hcc048_pv");
  auto w = newWindow();
  QSignalSpy shown(w.get(), &gui::MainWindow::studyShown);
  REQUIRE(w->openPath(QString::fromStdString(series)));
  REQUIRE(shown.wait(60000));
  const std::string dir = test::scratchDir("gui_case_run_rest_hcc048") + "/case";
  REQUIRE(w->saveCaseAs(QString::fromStdString(dir)));
  QSignalSpy done(w.get(), &gui::MainWindow::runTheRestFinished);
  CHECK_FALSE(w->runTheRest());  // nothing that can run here is left (the case was just saved)
  REQUIRE(done.count() == 1);
  const auto& r = w->lastRunTheRest();
  INFO(w->casePanel()->runStatus().toStdString());
  CHECK(r.steps.empty());
  CHECK(w->casePanel()->runStatus().contains(QStringLiteral("Nothing to run")));
  REQUIRE(r.skipped.size() == 2);
  CHECK(r.skipped[0].contains(QStringLiteral("Arterial")));
  CHECK(r.skipped[1].contains(QStringLiteral("arterial")));
  std::printf("Run the rest (HCC_048, portal venous only): nothing runs; skipped: %s\n",
              r.skipped.join(QStringLiteral(" | ")).toStdString().c_str());
}

TEST_CASE("presentation mode: the board's cases one after another, read-only, moved with the keys", "[gui][case][present]") {
  const std::string board = test::scratchDir("gui_case_board");
  {
    auto w = newWindow();
    QSignalSpy seg(w.get(), &gui::MainWindow::segmentationShown);
    REQUIRE(w->openPhantomDemo());
    REQUIRE(seg.wait(60000));
    REQUIRE(w->saveCaseAs(QString::fromStdString(board + "/case-a")));
    auto* note = w->casePanel()->findChild<QPlainTextEdit*>(QStringLiteral("caseNote"));
    note->setPlainText(QStringLiteral("Second case: HAIC discussed"));
    auto* decision = w->casePanel()->findChild<QComboBox*>(QStringLiteral("caseDecision"));
    REQUIRE(decision);
    decision->setCurrentIndex(decision->findData(QStringLiteral("HAIC")));
    QTest::qWait(900);
    REQUIRE(w->saveCaseAs(QString::fromStdString(board + "/case-b")));
  }
  const QStringList cases = gui::PresentationWindow::boardCases(QString::fromStdString(board));
  REQUIRE(cases.size() == 2);
  auto w = newWindow();
  gui::PresentationWindow* p = w->startPresentation(cases);
  REQUIRE(p);
  QSignalSpy shown(p, &gui::PresentationWindow::caseShown);
  REQUIRE(QTest::qWaitFor([&] { return shown.count() >= 1; }, 60000));
  CHECK(p->currentCase() == 0);
  INFO(p->shownText().toStdString());
  CHECK(p->shownText().contains(QStringLiteral("Case 1 of 2")));
  CHECK(p->shownText().contains(QStringLiteral("Liver")));
  CHECK(p->shownText().contains(QStringLiteral("RESEARCH USE ONLY")));
  CHECK(p->shownText().contains(QStringLiteral("Decision: not recorded")));
  CHECK_FALSE(p->shownText().contains(QStringLiteral("HAIC discussed")));
  QTest::keyClick(p, Qt::Key_Right);
  REQUIRE(QTest::qWaitFor([&] { return shown.count() >= 2; }, 60000));
  CHECK(p->currentCase() == 1);
  CHECK(p->shownText().contains(QStringLiteral("Second case: HAIC discussed")));
  CHECK(p->shownText().contains(QStringLiteral("Decision: HAIC")));
  if (const QByteArray shot = qgetenv("HCCWS_SCREENSHOT_PRESENTATION"); !shot.isEmpty()) {
    p->resize(1600, 900);
    p->showCase(0);
    p->showCase(1);
    REQUIRE(QTest::qWaitFor([&] { return !p->loading(); }, 60000));
    QTest::qWait(300);
    CHECK(p->grab().save(QString::fromLocal8Bit(shot)));
  }
  QTest::keyClick(p, Qt::Key_Right);  // the last case stays
  QTest::qWait(200);
  CHECK(p->currentCase() == 1);
  QTest::keyClick(p, Qt::Key_Home);
  REQUIRE(QTest::qWaitFor([&] { return p->currentCase() == 0 && !p->loading(); }, 60000));
  // nothing to edit on the screen, and the cases were opened read-only (no lock taken, nothing written)
  CHECK(p->findChildren<QPlainTextEdit*>().isEmpty());
  for (const QString& dir : cases) {
    cases::CaseFolder c = cases::CaseFolder::open(dir.toStdString());
    CHECK_FALSE(c.readOnly());  // nobody holds it
  }
  QTest::keyClick(p, Qt::Key_Escape);
  CHECK_FALSE(p->isVisible());
}
