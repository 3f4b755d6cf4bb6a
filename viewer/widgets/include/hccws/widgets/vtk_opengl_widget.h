#pragma once
// The Qt 6 / VTK 9.1 bridge: a QOpenGLWidget that renders a vtkGenericOpenGLRenderWindow into Qt's
// framebuffer object. The only class in the project that knows how Qt and VTK share an OpenGL context
// (Debian's VTK Qt modules are Qt 5 and may not be linked), so it can be swapped for VTK's own
// QVTKOpenGLNativeWidget once VTK >= 9.2 is available. Recipe: ../shared/docs/platform-notes.md.
//
// Contract:
// - Call setDefaultSurfaceFormat() (OpenGL 3.2 core, depth 24, stencil 0, no multisampling) before the
//   QApplication is created.
// - VTK makes the context current through WindowMakeCurrentEvent -> QOpenGLContext::makeCurrent(), never
//   QOpenGLWidget::makeCurrent() inside a frame (it would rebind Qt's FBO under VTK's cached state).
// - paintGL resets VTK's GL state cache, renders, and VTK blits into the FBO Qt has bound; then alpha is
//   set to 1 everywhere (the widget is opaque; Qt reads the FBO as premultiplied).
// - Events: by default Qt mouse, wheel and key events are forwarded to the VTK interactor (flipped y, device
//   pixels, wheel accumulated per 120). Subclasses that handle input themselves call setForwardEvents(false).
// - Pixel sizes given to VTK are device pixels (width * devicePixelRatio).
// - Threading: GUI thread only. The widget owns its render window and interactor.
#include <QOpenGLWidget>

#include <vtkSmartPointer.h>

class QSurfaceFormat;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;

namespace hccws::widgets {

class VtkOpenGLWidget : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkOpenGLWidget(QWidget* parent = nullptr);
  ~VtkOpenGLWidget() override;

  static QSurfaceFormat defaultFormat();
  // Sets defaultFormat() as the application default; call before constructing QApplication.
  static void setDefaultSurfaceFormat();

  vtkGenericOpenGLRenderWindow* renderWindow() const;
  vtkGenericRenderWindowInteractor* interactor() const;
  void setForwardEvents(bool forward) { forwardEvents_ = forward; }
  // Schedules a repaint (VTK renders in the next paintGL).
  void requestRender() { update(); }

 protected:
  void initializeGL() override;
  void paintGL() override;
  void resizeGL(int w, int h) override;
  // Called in paintGL just before VTK renders (e.g. to update size-dependent annotations).
  virtual void beforeRender() {}

  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void enterEvent(QEnterEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void onMakeCurrent(vtkObject*, unsigned long, void*);
  void onIsCurrent(vtkObject*, unsigned long, void* callData);
  void onFrame(vtkObject*, unsigned long, void*);
  void onInteractorRender(vtkObject*, unsigned long, void*);
  void releaseGraphics();
  void setEventInfo(const QPointF& pos, Qt::KeyboardModifiers mods, int repeat = 0);

  vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow_;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor_;
  QMetaObject::Connection contextDestroyed_;
  bool forwardEvents_ = true;
  int wheelAccumulator_ = 0;
};

}  // namespace hccws::widgets
