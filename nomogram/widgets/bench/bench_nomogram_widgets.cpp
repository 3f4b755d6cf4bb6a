// bench_nomogram_widgets: the cost of one input change in the nomogram workspace, from the core computation to
// pixels, all in the same run so the figures can be compared as ratios:
//   core        the model arithmetic of one update for both arms (points, total, lp, S at 1/3/5 years, curve on
//               the 241-point grid, median, RMST36) - what the widgets ask of hccws::surv
//   state       one spin-box change -> inputs -> both nomogram views, the curves and the provenance panel updated
//               (no painting)
//   views       state + synchronous repaint() of the visible nomogram and of the curves
//               (and each repaint alone, without an input change)
//   workspace   state + synchronous repaint() of the whole 1280 x 800 workspace (inputs, provenance included)
//   offscreen   painting the nomogram into a 1200 x 800 QImage (what an export costs, without the file)
// Usage: bench_nomogram_widgets [reps]
// (needs a display; falls back to Qt's offscreen platform without one). The inputs are the models' assumed
// cohort values plus a typed AST, so that both arms are computed. docs/nomogram-screenshot.png is made by
// tests/gui/make-screenshots.sh from a real run of the workstation, not by this benchmark.
#include <hccws/nomogram/nomogram_inputs.h>
#include <hccws/nomogram/nomogram_view.h>
#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/survival_curves_view.h>

#include <QApplication>
#include <QDoubleSpinBox>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

double medianMs(const std::function<void(int)>& step, int reps) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    const auto a = Clock::now();
    step(i);
    t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
  QApplication app(argc, argv);
  int reps = 200;
  for (int i = 1; i < argc; ++i) reps = std::max(5, std::atoi(argv[i]));

  hccws::nomo::NomogramWorkspace ws;
  QString error;
  if (!ws.loadModelsFromFolder(QStringLiteral(HCCWS_SOURCE_DIR "/resources/models"), &error)) {
    std::fprintf(stderr, "bench_nomogram_widgets: %s\n", qPrintable(error));
    return 1;
  }
  ws.fillAssumed();                         // cohort values for the missing inputs...
  ws.inputsWidget()->setTyped("ast", 40.0);  // ...and AST, which has none: both arms are computed
  ws.resize(1280, 800);
  ws.show();
  for (int i = 0; i < 20; ++i) app.processEvents();
  QDoubleSpinBox* spin = ws.inputsWidget()->spinBox("diameter");
  auto diameter = [](int i) { return 6.0 + (i % 120) * 0.1; };  // every change is a real change
  std::printf("platform %s, workspace %dx%d, nomogram %dx%d, curves %dx%d, %d reps (median ms)\n",
              qPrintable(QGuiApplication::platformName()), ws.width(), ws.height(), ws.nomogramView(0)->width(),
              ws.nomogramView(0)->height(), ws.curvesView()->width(), ws.curvesView()->height(), reps);

  double sink = 0;
  std::vector<double> grid;
  for (int k = 0; k <= 240; ++k) grid.push_back(60.0 * k / 240);
  const double core = medianMs(
      [&](int i) {
        auto named = ws.inputs();
        named["diameter"] = diameter(i);
        for (int a = 0; a < ws.armCount(); ++a) {
          const auto& m = ws.model(a);
          const auto x = m.valuesFrom(named);
          sink += m.pointsPerVariable(x)[0] + m.totalPoints(x);
          const double lp = m.linearPredictor(x);
          for (double t : m.survivalTimes) sink += m.survival(t, lp);
          sink += m.curve(x, grid).surv.back() + m.medianSurvival(lp) + m.restrictedMean(lp, 36);
        }
      },
      reps);
  const double state = medianMs([&](int i) { spin->setValue(diameter(i + 1)); }, reps);
  const double views = medianMs(
      [&](int i) {
        spin->setValue(diameter(i + 2));
        ws.nomogramView(ws.currentArm())->repaint();
        ws.curvesView()->repaint();
      },
      reps);
  const double nomoOnly = medianMs([&](int) { ws.nomogramView(ws.currentArm())->repaint(); }, reps);
  const double curvesOnly = medianMs([&](int) { ws.curvesView()->repaint(); }, reps);
  const double whole = medianMs(
      [&](int i) {
        spin->setValue(diameter(i + 3));
        ws.repaint();
      },
      std::max(5, reps / 4));
  QImage image(1200, 800, QImage::Format_ARGB32_Premultiplied);
  const double offscreen = medianMs(
      [&](int) {
        image.fill(Qt::white);
        QPainter p(&image);
        ws.nomogramView(0)->render(p, QRectF(0, 0, 1200, 800));
      },
      std::max(5, reps / 4));
  std::printf("core update (both arms, incl. 241-point curves):  %8.4f ms   1.0 x  (checksum %.4g)\n", core, sink);
  std::printf("widget state update (no paint):                   %8.4f ms %6.1f x core\n", state, state / core);
  std::printf("update + repaint nomogram and curves:             %8.4f ms %6.1f x core\n", views, views / core);
  std::printf("  of which repaint of the nomogram alone:         %8.4f ms %6.1f x core\n", nomoOnly, nomoOnly / core);
  std::printf("  of which repaint of the curves alone:           %8.4f ms %6.1f x core\n", curvesOnly, curvesOnly / core);
  std::printf("update + repaint whole workspace (1280x800):      %8.4f ms %6.1f x core\n", whole, whole / core);
  std::printf("nomogram painted into a 1200x800 QImage:          %8.4f ms %6.1f x core\n", offscreen, offscreen / core);
  return 0;
}
