// Case folders in the window (issue 16): the phantom demo saved as a case (its phases written into the case
// folder), edits journaled as they settle (a painted stroke, the note, a typed nomogram input), a second
// window getting the case read-only, the first window gone without saving (as after a crash), and a new window
// opening the case, recovering every edit from the journal, and saving it.
// SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "editor_support.h"
#include "gui/case_panel.h"
#include "gui/main_window.h"
#include "gui/nomogram_dock.h"
#include "gui/view_layout.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/viewer_state.h>

#include <catch2/catch.hpp>

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

#include <filesystem>
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
  REQUIRE(w->exportReport(QString::fromStdString(pdf)));
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
