#include "run_gui.h"

#include "main_window.h"
#include "translations.h"

#include <hccws/widgets/vtk_opengl_widget.h>

#include <QApplication>
#include <QIcon>

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

int runGui(int argc, char** argv, const std::string& openPath, const std::string& labelsPath) {
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
  if (!openPath.empty()) window.openPath(QString::fromStdString(openPath));
  return app.exec();
}

}  // namespace hccws::gui
