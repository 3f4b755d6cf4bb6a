// Main of the Qt GUI tests: the surface format must be set before QApplication exists (see the bridge's
// contract), and widgets need a QApplication for the whole Catch2 session.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <hccws/widgets/vtk_opengl_widget.h>

#include <QApplication>

int main(int argc, char** argv) {
  hccws::widgets::VtkOpenGLWidget::setDefaultSurfaceFormat();
  QApplication app(argc, argv);
  return Catch::Session().run(argc, argv);
}
