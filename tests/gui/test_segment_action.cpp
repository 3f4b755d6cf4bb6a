// The Segment action of the workstation window: the shipped demo model runs on a two-phase phantom study off
// the UI thread with the window's progress bar, its result is a proposal shown in every view while the
// editor's labels stay untouched; Accept is one undo step that Undo reverts bit-identically, Reject and
// Cancel change nothing, a folder that is not a model and a missing phase fail with clear messages.
// SYNTHETIC PHANTOM - NOT PATIENT DATA.
#include "gui/main_window.h"
#include "gui/measurements_panel.h"
#include "gui/segment_controller.h"

#include <hccws/core/label_edit.h>
#include <hccws/core/phantom.h>
#include <hccws/core/resample.h>
#include <hccws/widgets/slice_view.h>
#include <hccws/widgets/view3d.h>

#include <catch2/catch.hpp>

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolBar>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace hccws;

namespace {

constexpr int kRunTimeoutMs = 600000;  // a CPU run of the demo model takes seconds; generous for loaded CI

struct PhantomCase {
  core::Study study;
  core::LabelMap truth;
};

// A 96 x 96 x 40 phantom at 4 mm (seed 101, never seen in training) with arterial and portal venous phases;
// the portal venous phase is put on the arterial grid through the phantom's true motion (registered phases).
const PhantomCase& phantomCase() {
  static const PhantomCase c = [] {
    core::PhantomOptions o;
    o.dims = {96, 96, 40};
    o.spacingMm = {4.0, 4.0, 4.0};
    o.seed = 101;
    o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
    const core::Phantom ph = core::generatePhantom(o);
    PhantomCase out;
    out.study.patientId = "SEGMENT-PHANTOM";
    for (const auto& p : ph.phases) {
      core::Phase phase;
      phase.decision = {p.kind, 0.9, "test", false, {}};
      phase.volume = p.kind == core::PhaseKind::Arterial ? p.volume
                                                          : core::resample(p.volume, ph.geometry, p.arterialToPhase);
      out.study.phases.push_back(std::move(phase));
    }
    out.truth = ph.truthLabels;
    return out;
  }();
  return c;
}

double dice(const core::LabelMap& a, const core::LabelMap& b, std::uint8_t label) {
  std::size_t both = 0, na = 0, nb = 0;
  const auto& x = a.labels.buffer();
  const auto& y = b.labels.buffer();
  REQUIRE(x.size() == y.size());
  for (std::size_t v = 0; v < x.size(); ++v) {
    const bool p = x[v] == label, q = y[v] == label;
    both += p && q;
    na += p;
    nb += q;
  }
  return na + nb ? 2.0 * both / (na + nb) : 1.0;
}

std::size_t count(const core::LabelMap& m, std::uint8_t label) {
  std::size_t n = 0;
  for (auto v : m.labels.buffer()) n += v == label;
  return n;
}

// Labels the user had before segmenting: a block of tumour in a corner (not what the model proposes).
core::LabelMap priorLabels(const core::Geometry& g) {
  core::LabelMap m;
  m.labels = core::Volume<std::uint8_t>(g, 0);
  for (std::size_t k = 2; k < 6; ++k)
    for (std::size_t j = 2; j < 12; ++j)
      for (std::size_t i = 2; i < 12; ++i) m.labels.at(i, j, k) = 2;
  return m;
}

std::string tmpDir(const std::string& name) {
  const char* dir = std::getenv("HCCWS_TEST_TMP");
  const std::filesystem::path d = std::filesystem::path(dir ? dir : "/tmp") / "gui_segment_action" / name;
  std::filesystem::create_directories(d);
  return d.string();
}

struct Window {
  gui::MainWindow w;
  Window() : Window(phantomCase().study) {}
  explicit Window(core::Study study) {
    w.setProperty("hccwsNoDialogs", true);
    w.resize(1500, 950);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.showStudy(std::move(study));
  }
  widgets::LabelEditor& editor() { return *w.labelEditor(); }
  QProgressBar* progressBar() { return w.statusBar()->findChild<QProgressBar*>(); }
  QPushButton* cancelButton() {
    for (auto* b : w.statusBar()->findChildren<QPushButton*>())
      if (b->text() == QStringLiteral("Cancel")) return b;
    return nullptr;
  }
  QAction* action(const char* name) { return w.findChild<QAction*>(QString::fromLatin1(name)); }
  QToolBar* proposalBar() { return w.findChild<QToolBar*>(QStringLiteral("proposalBar")); }
  // Runs the demo model through the Segment menu's action; true when the progress bar showed.
  bool runDemo() {
    QAction* a = action("segmentDemoAction");
    REQUIRE(a);
    REQUIRE(a->isEnabled());
    QSignalSpy done(w.segmentController(), &gui::SegmentController::finished);
    QSignalSpy failed(w.segmentController(), &gui::SegmentController::failed);
    a->trigger();
    const bool shown = progressBar() && progressBar()->isVisible();
    REQUIRE(w.segmentController()->busy());
    REQUIRE(done.wait(kRunTimeoutMs));
    INFO((failed.isEmpty() ? QString() : failed.first().at(0).toString()).toStdString());
    REQUIRE(failed.isEmpty());
    REQUIRE(w.proposal());
    return shown;
  }
};

}  // namespace

TEST_CASE("the demo model's proposal is shown in every view and Accept is one undo step", "[gui][segment]") {
  Window t;
  const core::Geometry g = phantomCase().study.phases[0].volume.geometry();
  t.w.showSegmentation(priorLabels(g));
  const auto before = t.editor().labels()->labels.buffer();
  const std::size_t steps = t.editor().history().steps().size();

  CHECK(t.runDemo());  // the window's progress bar showed while it ran
  CHECK_FALSE(t.progressBar()->isVisible());
  const auto proposal = t.w.proposal();
  const core::LabelMap& p = proposal->labels;
  REQUIRE(p.labels.geometry().sameGrid(g));  // the grid of the phase shown
  const double liverDice = dice(p, phantomCase().truth, 1), tumourDice = dice(p, phantomCase().truth, 2);
  std::printf("demo model in the window: liver Dice %.3f, tumour Dice %.3f, %.1f s on %s\n", liverDice, tumourDice,
              proposal->seconds, proposal->device.toStdString().c_str());
  CHECK(count(p, 1) > 1000);
  CHECK(count(p, 2) > 50);
  CHECK(liverDice >= 0.8);
  CHECK(tumourDice >= 0.75);  // seed 101 was never used in training (seeds 1..16)
  // The proposal names the model's classes only: no PVTT segment, so PVTT cannot be "measured absent".
  REQUIRE(p.table.find(1));
  CHECK(p.table.find(1)->name == "liver");
  REQUIRE(p.table.find(2));
  CHECK(p.table.find(2)->name == "tumour");
  CHECK_FALSE(p.table.find(3));
  // every core (issue 15: the window's worker thread ran on one)
  if (!proposal->device.startsWith(QStringLiteral("cuda")) && !std::getenv("OMP_NUM_THREADS"))
    CHECK(proposal->device.contains(QStringLiteral("%1 thread(s)").arg(std::max(1u, std::thread::hardware_concurrency()))));
  CHECK(proposal->provenance.contains(QStringLiteral("synthetic phantoms")));
  CHECK(proposal->provenance.contains(QStringLiteral("not for clinical use")));
  // Shown as the overlay of every view, with the Accept / Reject bar naming the provenance and the device.
  for (auto* v : t.w.viewLayout()->allSliceViews()) CHECK(v->scene().labels() == &p);
  REQUIRE(t.proposalBar());
  CHECK(t.proposalBar()->isVisible());
  auto* text = t.proposalBar()->findChild<QLabel*>(QStringLiteral("proposalText"));
  REQUIRE(text);
  CHECK(text->text().contains(QStringLiteral("not for clinical use")));
  CHECK(text->text().contains(proposal->device.toHtmlEscaped()));
  // the proposal's own measurements, before Accept (issue 15)
  REQUIRE(proposal->measurements.liverMeasured);
  CHECK(text->text().contains(QStringLiteral("liver %1 mL").arg(proposal->measurements.liverVolumeMl, 0, 'f', 0)));
  CHECK(text->text().contains(QStringLiteral("lesion")));
  CHECK(text->text().contains(QStringLiteral("largest %1 mm").arg(proposal->measurements.largestDiameter3dMm, 0, 'f', 0)));
  CHECK(t.w.statusBar()->currentMessage().contains(proposal->device));
  // Nothing is applied before Accept.
  CHECK(t.editor().labels()->labels.buffer() == before);
  CHECK(t.editor().history().steps().size() == steps);

  QAction* accept = t.action("acceptProposalAction");
  REQUIRE(accept);
  REQUIRE(accept->isEnabled());
  accept->trigger();
  CHECK_FALSE(t.w.proposal());
  CHECK_FALSE(t.proposalBar()->isVisible());
  const auto steps2 = t.editor().history().steps();
  REQUIRE(steps2.size() == steps + 1);
  CHECK(steps2.back().name == "Accept segmentation proposal");
  CHECK(t.editor().history().undoCount() == steps + 1);
  CHECK(t.editor().labels()->labels.buffer() == p.labels.buffer());
  CHECK(t.editor().modified());
  for (auto* v : t.w.viewLayout()->allSliceViews()) CHECK(v->scene().labels() == t.editor().labels().get());
  // The accepted map takes the model's segment names; the standard table's PVTT (never drawn) is gone, so
  // the measurements say PVTT is not measured instead of "absent".
  CHECK_FALSE(t.editor().labels()->table.find(3));
  auto* panel = t.w.measurementsPanel();
  REQUIRE(QTest::qWaitFor([&] { return panel->state() == gui::MeasurementsPanel::State::Fresh; }, 30000));
  REQUIRE(panel->measurements());
  CHECK_FALSE(panel->measurements()->pvttMeasured);
  CHECK(panel->measurements()->tumourMeasured);

  t.editor().undo();
  CHECK(t.editor().labels()->labels.buffer() == before);  // bit-identical
  CHECK(t.editor().history().undoCount() == steps);
  t.editor().redo();
  CHECK(t.editor().labels()->labels.buffer() == p.labels.buffer());
}

TEST_CASE("Reject leaves the labels and the history unchanged", "[gui][segment]") {
  Window t;
  const core::Geometry g = phantomCase().study.phases[0].volume.geometry();
  t.w.showSegmentation(priorLabels(g));
  // One edit in the history, so that "unchanged" means more than "empty".
  t.editor().apply(QStringLiteral("test edit"), [](core::LabelMap& l, const core::EditRules&, core::ChangeRecorder* rec) {
    const core::IndexBox box{{40, 40, 20}, {42, 42, 21}};
    rec->aboutToChange(box);
    l.labels.at(40, 40, 20) = l.labels.at(41, 41, 20) = 1;
    return core::EditResult{box, 2};
  });
  const auto before = t.editor().labels()->labels.buffer();
  const auto steps = t.editor().history().steps();
  const std::size_t undoCount = t.editor().history().undoCount();
  REQUIRE(steps.size() == 1);

  t.runDemo();
  QAction* reject = t.action("rejectProposalAction");
  REQUIRE(reject);
  reject->trigger();
  CHECK_FALSE(t.w.proposal());
  CHECK_FALSE(t.proposalBar()->isVisible());
  CHECK(t.editor().labels()->labels.buffer() == before);
  const auto after = t.editor().history().steps();
  REQUIRE(after.size() == steps.size());
  CHECK(after[0].name == steps[0].name);
  CHECK(t.editor().history().undoCount() == undoCount);
  CHECK_FALSE(t.editor().canRedo());
  for (auto* v : t.w.viewLayout()->allSliceViews()) CHECK(v->scene().labels() == t.editor().labels().get());
}

TEST_CASE("Cancel during the run leaves everything unchanged", "[gui][segment]") {
  Window t;
  const core::Geometry g = phantomCase().study.phases[0].volume.geometry();
  t.w.showSegmentation(priorLabels(g));
  const auto before = t.editor().labels()->labels.buffer();
  QSignalSpy cancelled(t.w.segmentController(), &gui::SegmentController::cancelled);
  QSignalSpy ready(t.w.segmentController(), &gui::SegmentController::proposalReady);
  t.action("segmentDemoAction")->trigger();
  QPushButton* cancel = t.cancelButton();
  REQUIRE(cancel);
  REQUIRE(cancel->isVisible());
  QTest::mouseClick(cancel, Qt::LeftButton);
  REQUIRE(QTest::qWaitFor([&] { return !t.w.segmentController()->busy() && !cancelled.isEmpty(); }, kRunTimeoutMs));
  QTest::qWait(50);
  CHECK(ready.isEmpty());
  CHECK_FALSE(t.w.proposal());
  CHECK_FALSE(t.proposalBar()->isVisible());
  CHECK_FALSE(t.progressBar()->isVisible());
  CHECK(t.editor().labels()->labels.buffer() == before);
  CHECK(t.editor().history().steps().empty());
  CHECK_FALSE(t.editor().modified());
  CHECK(t.w.statusBar()->currentMessage().contains(QStringLiteral("cancelled")));
}

TEST_CASE("a folder that is not a model bundle is refused up front with a message naming it", "[gui][segment]") {
  Window t;
  const std::string dir = tmpDir("not_a_model");
  std::ofstream(dir + "/readme.txt") << "not a model\n";
  QSignalSpy started(t.w.segmentController(), &gui::SegmentController::started);
  CHECK_FALSE(t.w.segmentWithModel(QString::fromStdString(dir)));
  CHECK(started.isEmpty());  // nothing ran
  const QString message = t.w.statusBar()->currentMessage();
  INFO(message.toStdString());
  CHECK(message.contains(QString::fromStdString(dir)));
  CHECK(message.contains(QStringLiteral("not a usable model bundle")));
  CHECK(message.contains(QStringLiteral("manifest.json")));
  CHECK_FALSE(t.w.proposal());
  CHECK_FALSE(t.editor().hasLabels());
}

TEST_CASE("a study without the phase the model needs: the demo action says what is missing", "[gui][segment]") {
  core::Study pvOnly;
  pvOnly.phases.push_back(phantomCase().study.phases[1]);
  Window t(pvOnly);
  // The bundle declares arterial + portal venous: the action is disabled and its tooltip names the gap.
  QAction* demo = t.action("segmentDemoAction");
  REQUIRE(demo);
  CHECK_FALSE(demo->isEnabled());
  const QString tip = demo->toolTip();
  INFO(tip.toStdString());
  CHECK(tip.contains(QStringLiteral("Arterial + Portal venous")));
  CHECK(tip.contains(QStringLiteral("missing: Arterial")));
  // Called anyway (a script, a shortcut): refused before any work starts, with the same message.
  QSignalSpy started(t.w.segmentController(), &gui::SegmentController::started);
  CHECK_FALSE(t.w.segmentWithDemoModel());
  CHECK(started.isEmpty());
  CHECK(t.w.statusBar()->currentMessage().contains(QStringLiteral("missing: Arterial")));
  CHECK_FALSE(t.w.proposal());
  // A study that has both phases enables it again.
  t.w.showStudy(phantomCase().study);
  CHECK(demo->isEnabled());
}

TEST_CASE("unregistered phases are registered before the model runs: no abdominal wall labelled liver",
          "[gui][segment]") {
  // The portal venous phase as acquired (the phantom's breathing motion, 3-6 deg and 1.5-2.5 mm), not put on
  // the arterial grid: the window registers it inside the segmentation (issue 15: unregistered, the demo
  // model labelled a strip of abdominal wall as liver, +11 % volume).
  // The phantom as `hccws phantom` and run-demo.sh make it (160 x 160 x 96 at 2 x 2 x 2.5 mm).
  core::PhantomOptions o;
  o.seed = 102;  // never used in training (seeds 1..16)
  o.phases = {core::PhaseKind::Arterial, core::PhaseKind::PortalVenous};
  const core::Phantom ph = core::generatePhantom(o);
  core::Study study;
  study.patientId = "SEGMENT-UNREGISTERED";
  for (const auto& p : ph.phases) {
    core::Phase phase;
    phase.decision = {p.kind, 0.9, "test", false, {}};
    phase.volume = p.volume;
    study.phases.push_back(std::move(phase));
  }
  Window t(std::move(study));
  t.w.showPhase(0);  // the arterial phase: the phantom's truth is in its frame
  t.runDemo();
  const auto proposal = t.w.proposal();
  const QString log = proposal->log.join(QStringLiteral("\n"));
  INFO(log.toStdString());
  CHECK(log.contains(QStringLiteral("registered onto")));
  // Predicted liver voxels farther than 2 mm from the true liver, tumour or PVTT: at most 1 %.
  const core::LabelMap& p = proposal->labels;
  REQUIRE(p.labels.geometry().sameGrid(ph.geometry));
  core::LabelMap truth = ph.truthLabels;
  for (auto& v : truth.labels.buffer()) v = v ? 1 : 0;
  core::EditRules grow;
  grow.label = 1;
  core::margin(truth, 2.0, grow, nullptr);
  std::size_t liver = 0, outside = 0;
  for (std::size_t n = 0; n < p.labels.size(); ++n) {
    if (p.labels.data()[n] != 1) continue;
    ++liver;
    outside += truth.labels.data()[n] == 0;
  }
  REQUIRE(liver > 1000);
  const double fraction = double(outside) / double(liver);
  std::printf("demo model in the window on unregistered phases (seed 102): %.2f %% of the liver outside the true "
              "liver + 2 mm\n", 100 * fraction);
  CHECK(fraction <= 0.01);
}
