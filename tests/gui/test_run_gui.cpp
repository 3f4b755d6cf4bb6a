// Smoke test of the real entry point hccws::gui::runGui, as `hccws view <folder>` calls it: on a
// "Wayland" session without QT_QPA_PLATFORM it must pick xcb, set VTK's surface format before the
// QApplication exists, show the main window with the research notice and load the folder it was given.
// No Catch2 here: runGui owns the QApplication; Q_COREAPP_STARTUP_FUNCTION schedules the checks inside it.
#include "gui/main_window.h"
#include "gui/run_gui.h"
#include "skip.h"

#include <hccws/core/phantom.h>

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QLabel>
#include <QSurfaceFormat>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {
bool check(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  return ok;
}

void poll(int attemptsLeft) {
  hccws::gui::MainWindow* window = nullptr;
  for (QWidget* w : QApplication::topLevelWidgets())
    if (auto* mw = qobject_cast<hccws::gui::MainWindow*>(w)) window = mw;
  const bool wantStudy = !qEnvironmentVariableIsEmpty("HCCWS_RUN_GUI_PATH");
  const bool wantLabels = !qEnvironmentVariableIsEmpty("HCCWS_RUN_GUI_LABELS");
  const bool loaded = window && (!wantStudy || !window->study().phases.empty()) &&
                      (!wantLabels || window->labelEditor()->hasLabels());
  if (!loaded && attemptsLeft > 0) {
    QTimer::singleShot(200, qApp, [attemptsLeft] { poll(attemptsLeft - 1); });
    return;
  }
  bool ok = check(window && window->isVisible(), "main window shown");
  ok &= check(qgetenv("QT_QPA_PLATFORM") == "xcb", "xcb forced on Wayland");
  ok &= check(QApplication::platformName() == QLatin1String("xcb"), "running on xcb");
  const QSurfaceFormat f = QSurfaceFormat::defaultFormat();
  ok &= check(f.samples() == 0 && f.majorVersion() == 3 && f.minorVersion() == 2 &&
                  f.profile() == QSurfaceFormat::CoreProfile && f.depthBufferSize() == 24 && f.stencilBufferSize() == 0,
              "surface format: OpenGL 3.2 core, depth 24, stencil 0, no multisampling");
  // the icon resource is linked in (it was silently missing: "qt.svg: Cannot open file ':/icons/hccws.svg'")
  ok &= check(QFile::exists(QStringLiteral(":/icons/hccws.svg")) && !QApplication::windowIcon().isNull(),
              "window icon resource present");
  auto* notice = window ? window->findChild<QLabel*>(QStringLiteral("researchNotice")) : nullptr;
  ok &= check(notice && notice->isVisible(), "research notice visible");
  const bool demo = !qEnvironmentVariableIsEmpty("HCCWS_RUN_GUI_LABELS");
  if (wantStudy && !demo) ok &= check(window && window->study().phases.size() == 1, "the folder given on the command line loaded");
  if (demo) {
    ok &= check(window && window->study().phases.size() == 2, "the demo's DICOM folder loaded (two phases)");
    ok &= check(window && window->labelEditor()->hasLabels(), "the segmentation given with --labels is shown");
  }
  QCoreApplication::exit(ok ? 0 : 1);
}

void scheduleChecks() {
  QTimer::singleShot(200, qApp, [] { poll(300); });
}
}  // namespace

Q_COREAPP_STARTUP_FUNCTION(scheduleChecks)

int main(int argc, char** argv) {
  qunsetenv("QT_QPA_PLATFORM");
  qputenv("WAYLAND_DISPLAY", "hccws-test-wayland");
  // HCCWS_RUN_GUI_DEMO=1: what app/run-demo.sh opens - a phantom's DICOM folder with a segmentation (--labels).
  if (!qEnvironmentVariableIsEmpty("HCCWS_RUN_GUI_DEMO")) {
    const char* tmp = std::getenv("HCCWS_TEST_TMP");
    const std::string dir = std::string(tmp ? tmp : "/tmp") + "/run_gui_demo";
    hccws::core::PhantomOptions o;
    o.dims = {64, 64, 32};
    o.spacingMm = {4.5, 4.5, 6.0};
    o.phases = {hccws::core::PhaseKind::Arterial, hccws::core::PhaseKind::PortalVenous};
    hccws::core::writePhantomCase(hccws::core::generatePhantom(o), dir);
    const std::string labels = dir + "/truth_labels.nii.gz";
    qputenv("HCCWS_RUN_GUI_PATH", (dir + "/dicom").c_str());
    qputenv("HCCWS_RUN_GUI_LABELS", labels.c_str());
    return hccws::gui::runGui(argc, argv, dir + "/dicom", labels);
  }
  // The real series given on the command line: required (a skip outside CI, a failure in CI when missing).
  const char* data = std::getenv("HCCWS_SHARED_DATA");
  const std::string path = std::string(data ? data : "../shared/data") + "/hcc048_pv";
  if (!std::filesystem::exists(path)) {
    if (hccws::test::inCi()) {
      std::fprintf(stderr, "FAIL: shared data not found: %s (CI=true)\n", path.c_str());
      return 1;
    }
    hccws::test::skipProcess("shared data not found: " + path);
  }
  qputenv("HCCWS_RUN_GUI_PATH", path.c_str());
  return hccws::gui::runGui(argc, argv, path);
}
