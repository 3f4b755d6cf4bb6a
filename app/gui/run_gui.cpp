#include "run_gui.h"

#include "case_report.h"
#include "cohort_dock.h"
#include "main_window.h"
#include "presentation_window.h"
#include "translations.h"

#include <hccws/nomogram/model_view.h>
#include <hccws/nomogram/painting_export.h>
#include <hccws/survival/model_json.h>
#include <hccws/widgets/vtk_opengl_widget.h>

#include <QApplication>
#include <QFileInfo>
#include <QIcon>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>

// The resources (the window icon) are compiled into the static hccws_gui library: nothing references their
// object file, so the linker drops its static initialiser unless it is asked for by name (Qt's
// Q_INIT_RESOURCE, at global scope). Without it Qt printed "qt.svg: Cannot open file ':/icons/hccws.svg'".
static void initResources() { Q_INIT_RESOURCE(resources); }

namespace hccws::gui {

namespace {
bool onWayland() {
  return !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
         qEnvironmentVariable("XDG_SESSION_TYPE").compare(QStringLiteral("wayland"), Qt::CaseInsensitive) == 0;
}
}  // namespace

int runGui(int argc, char** argv, const std::string& openPath, const std::string& labelsPath, const std::string& board) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && onWayland()) qputenv("QT_QPA_PLATFORM", "xcb");
  widgets::VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  initResources();
  QApplication::setApplicationName(QStringLiteral("HCC Workstation"));
  QApplication::setOrganizationName(QStringLiteral("hccws"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hccws.svg")));
  installTranslations(app);
  MainWindow window;
  window.show();
  if (!openPath.empty() && !labelsPath.empty()) {
    // the segmentation once the study it belongs to is shown (loading is asynchronous)
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = QObject::connect(&window, &MainWindow::studyShown, &window, [&window, labelsPath, once] {
      QObject::disconnect(*once);
      window.openSegmentation(QString::fromStdString(labelsPath));
    });
  }
  if (!board.empty()) window.startPresentation(PresentationWindow::boardCases(QString::fromStdString(board)));
  if (!openPath.empty()) {
    // a case folder opens as a case; anything else as a study
    if (std::filesystem::exists(std::filesystem::path(openPath) / "case.json")) window.openCase(QString::fromStdString(openPath));
    else window.openPath(QString::fromStdString(openPath));
  }
  return app.exec();
}

int runReport(int argc, char** argv, const std::string& caseDir, const std::string& pdf, bool deidentify, bool quiet) {
  // No window: Qt's offscreen platform unless the caller chose one, so no display is needed.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  initResources();
  installTranslations(app);
  ReportOptions options;
  options.deidentify = deidentify;
  try {
    // progress on stderr: each stage once, with how far the reading is
    std::string lastStage;
    core::ProgressSink progress = [&lastStage, quiet](double f, std::string_view stage) {
      if (!quiet && stage != lastStage) {
        lastStage = std::string(stage);
        std::fprintf(stderr, "hccws report: %3.0f%% %s\n", 100 * f, lastStage.c_str());
      }
      return true;
    };
    const auto inputs = prepareCaseReport(caseDir, options, progress);
    if (!quiet) std::fprintf(stderr, "hccws report: writing %s\n", pdf.c_str());
    const ReportSummary s = composeCaseReport(*inputs, QString::fromStdString(pdf), options);
    std::printf("%s: %d page(s): %s\n", pdf.c_str(), s.pages, s.sections.join(QStringLiteral(", ")).toStdString().c_str());
    for (const auto& n : s.notes) std::printf("  note: %s\n", n.toStdString().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return 2;
  }
}

int runCohortSummary(int argc, char** argv, const std::string& mapping, const std::string& table, const std::string& modelFile,
                     const std::string& out, bool quiet) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  initResources();
  installTranslations(app);
  try {
    if (!quiet) std::fprintf(stderr, "hccws cohort-summary: importing %s and validating %s\n", table.c_str(), modelFile.c_str());
    const CohortRun run = runCohortValidation(mapping, table, surv::readNomogramModel(modelFile));
    if (!run.error.isEmpty()) throw std::runtime_error(run.error.toStdString());
    nomo::CohortView view;
    view.resize(1500, 1000);
    view.setData(cohortViewData(run));
    for (std::size_t k = 0; k < run.validation.horizons.size(); ++k)
      if (run.validation.horizons[k].t == 24) view.setHorizon(static_cast<int>(k));
    QString why;
    if (!exportCohortView(view, QString::fromStdString(out), &why)) throw std::runtime_error(why.toStdString());
    std::printf("%s: %s\n", out.c_str(), view.summaryText().replace(QLatin1Char('\n'), QStringLiteral("; ")).toStdString().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return 2;
  }
}

int runModelSummary(int argc, char** argv, const std::string& modelFile, const std::string& table,
                    const std::string& compareFile, const std::string& title, const std::string& out, bool quiet) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  initResources();
  installTranslations(app);
  try {
    auto readText = [](const std::string& path) {
      std::ifstream f(path);
      if (!f) throw std::runtime_error(path + ": cannot be read");
      std::ostringstream s;
      s << f.rdbuf();
      return s.str();
    };
    if (!quiet) std::fprintf(stderr, "hccws model-summary: evaluating %s on %s\n", modelFile.c_str(), table.c_str());
    auto data = std::make_shared<nomo::ModelViewData>();
    data->model = surv::BinaryModel::fromJson(readText(modelFile), modelFile);
    std::unique_ptr<surv::BinaryModel> other;
    if (!compareFile.empty()) {
      other = std::make_unique<surv::BinaryModel>(surv::BinaryModel::fromJson(readText(compareFile), compareFile));
      data->otherModel = QFileInfo(QString::fromStdString(compareFile)).completeBaseName();
    }
    std::vector<double> thresholds;
    for (int k = 1; k <= 19; ++k) thresholds.push_back(k * 0.05);
    data->evaluation = surv::evaluateBinaryModel(data->model, surv::CsvTable::readFile(table), other.get(), thresholds, 10);
    data->cohort = QFileInfo(QString::fromStdString(table)).fileName();
    data->title = title.empty() ? QStringLiteral("%1: %2").arg(QString::fromStdString(data->model.outcome),
                                                                QFileInfo(QString::fromStdString(modelFile)).completeBaseName())
                                : QString::fromStdString(title);
    nomo::ModelView view;
    view.resize(1500, 1000);
    view.setData(data);
    QString why;
    if (!nomo::exportPage([&view](QPainter& p, const QRectF& area) { view.render(p, area); }, QString::fromStdString(out),
                          QSize(1500, 1000), data->title, &why))
      throw std::runtime_error(why.toStdString());
    std::printf("%s: %s\n", out.c_str(), view.summaryText().toStdString().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hccws: error: %s\n", e.what());
    return 2;
  }
}

}  // namespace hccws::gui
