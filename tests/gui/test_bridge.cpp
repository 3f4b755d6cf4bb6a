// The Qt 6 / VTK bridge (VtkOpenGLWidget) on its own: renders into Qt's framebuffer, follows resizes,
// forwards input to the VTK interactor, survives being hidden, shown and destroyed.
#include <hccws/widgets/vtk_opengl_widget.h>

#include <catch2/catch.hpp>

#include <QApplication>
#include <QImage>
#include <QTest>

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>

#include <memory>

using hccws::widgets::VtkOpenGLWidget;

namespace {
vtkSmartPointer<vtkRenderer> sphereScene() {
  auto sphere = vtkSmartPointer<vtkSphereSource>::New();
  sphere->SetThetaResolution(32);
  sphere->SetPhiResolution(32);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputConnection(sphere->GetOutputPort());
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(0, 1, 0);
  actor->GetProperty()->SetAmbient(1.0);
  actor->GetProperty()->SetDiffuse(0.0);
  auto r = vtkSmartPointer<vtkRenderer>::New();
  r->SetBackground(1, 0, 0);
  r->AddActor(actor);
  r->ResetCamera();
  return r;
}

bool isRed(QRgb c) { return qRed(c) > 240 && qGreen(c) < 15 && qBlue(c) < 15; }
bool isGreen(QRgb c) { return qGreen(c) > 200 && qRed(c) < 40 && qBlue(c) < 40; }
}  // namespace

TEST_CASE("bridge renders VTK into the widget's framebuffer", "[gui][bridge]") {
  VtkOpenGLWidget w;
  w.renderWindow()->AddRenderer(sphereScene());
  w.resize(240, 200);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  QImage img = w.grabFramebuffer();
  REQUIRE(img.width() == 240);
  CHECK(isRed(img.pixel(3, 3)));          // background
  CHECK(isGreen(img.pixel(120, 100)));    // the sphere in the middle
  CHECK(w.renderWindow()->GetMultiSamples() == 0);

  // Resizing reaches VTK (the sphere stays centred in the new size).
  w.resize(400, 300);
  QTest::qWait(50);
  img = w.grabFramebuffer();
  REQUIRE(img.width() == 400);
  CHECK(w.renderWindow()->GetSize()[0] == 400);
  CHECK(isGreen(img.pixel(200, 150)));
  CHECK(isRed(img.pixel(396, 296)));

  // Hidden and shown again: still renders (the context survives).
  w.hide();
  QTest::qWait(20);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  img = w.grabFramebuffer();
  CHECK(isGreen(img.pixel(200, 150)));
}

TEST_CASE("bridge forwards mouse, wheel and key events to the VTK interactor", "[gui][bridge]") {
  VtkOpenGLWidget w;
  w.renderWindow()->AddRenderer(sphereScene());
  w.resize(200, 160);
  w.show();
  REQUIRE(QTest::qWaitForWindowExposed(&w));
  int presses = 0, wheels = 0, keys = 0;
  int pos[2] = {-1, -1};
  auto count = [](int* n) {
    auto cb = vtkSmartPointer<vtkCallbackCommand>::New();
    cb->SetClientData(n);
    cb->SetCallback([](vtkObject*, unsigned long, void* data, void*) { ++*static_cast<int*>(data); });
    return cb;
  };
  auto* iren = w.interactor();
  iren->AddObserver(vtkCommand::LeftButtonPressEvent, count(&presses));
  iren->AddObserver(vtkCommand::MouseWheelForwardEvent, count(&wheels));
  iren->AddObserver(vtkCommand::KeyPressEvent, count(&keys));
  QTest::mouseClick(&w, Qt::LeftButton, {}, QPoint(30, 40));
  iren->GetEventPosition(pos);
  CHECK(presses == 1);
  CHECK(pos[0] == 30);
  CHECK(pos[1] == 160 - 40 - 1);  // VTK's y points up
  QWheelEvent wheel(QPointF(50, 50), w.mapToGlobal(QPointF(50, 50)), {}, QPoint(0, 60), Qt::NoButton, {},
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(&w, &wheel);
  CHECK(wheels == 0);  // half a notch
  QApplication::sendEvent(&w, &wheel);
  CHECK(wheels == 1);
  QTest::keyClick(&w, Qt::Key_A);
  CHECK(keys == 1);
}

TEST_CASE("bridge widgets can be created and destroyed repeatedly", "[gui][bridge]") {
  for (int i = 0; i < 3; ++i) {
    auto w = std::make_unique<VtkOpenGLWidget>();
    w->renderWindow()->AddRenderer(sphereScene());
    w->resize(120, 100);
    w->show();
    REQUIRE(QTest::qWaitForWindowExposed(w.get()));
    CHECK(isGreen(w->grabFramebuffer().pixel(60, 50)));
  }
  VtkOpenGLWidget neverShown;  // destroyed without a context
  SUCCEED();
}
