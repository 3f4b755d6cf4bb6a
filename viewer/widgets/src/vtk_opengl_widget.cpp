#include <hccws/widgets/vtk_opengl_widget.h>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QWheelEvent>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>

namespace hccws::widgets {

QSurfaceFormat VtkOpenGLWidget::defaultFormat() {
  QSurfaceFormat f;
  f.setRenderableType(QSurfaceFormat::OpenGL);
  f.setVersion(3, 2);
  f.setProfile(QSurfaceFormat::CoreProfile);
  f.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  f.setRedBufferSize(8);
  f.setGreenBufferSize(8);
  f.setBlueBufferSize(8);
  f.setAlphaBufferSize(8);
  f.setDepthBufferSize(24);
  f.setStencilBufferSize(0);
  // VTK's own multisampling doubles the frame time on software GL and Qt's FBO would need resolving.
  f.setSamples(0);
  return f;
}

void VtkOpenGLWidget::setDefaultSurfaceFormat() { QSurfaceFormat::setDefaultFormat(defaultFormat()); }

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent) : QOpenGLWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(64, 64);

  renderWindow_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  renderWindow_->SetOwnContext(false);
  renderWindow_->SetReadyForRendering(false);  // until initializeGL: no context yet
  renderWindow_->SetMultiSamples(0);
  renderWindow_->SetFrameBlitModeToBlitToCurrent();  // into the FBO Qt binds for paintGL, not framebuffer 0
  renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkOpenGLWidget::onMakeCurrent);
  renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkOpenGLWidget::onIsCurrent);
  renderWindow_->AddObserver(vtkCommand::WindowFrameEvent, this, &VtkOpenGLWidget::onFrame);

  interactor_ = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
  interactor_->SetRenderWindow(renderWindow_);
  interactor_->EnableRenderOff();  // VTK asks for frames through RenderEvent; Qt decides when to paint
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGLWidget::onInteractorRender);
  auto style = vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New();
  interactor_->SetInteractorStyle(style);
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  // Without this disconnect the context's aboutToBeDestroyed reaches a half-destroyed widget at exit.
  QObject::disconnect(contextDestroyed_);
  if (context()) {
    QOpenGLWidget::makeCurrent();
    releaseGraphics();
    doneCurrent();
  }
  renderWindow_->RemoveObservers(vtkCommand::WindowMakeCurrentEvent);
  renderWindow_->RemoveObservers(vtkCommand::WindowIsCurrentEvent);
  renderWindow_->RemoveObservers(vtkCommand::WindowFrameEvent);
  interactor_->RemoveObservers(vtkCommand::RenderEvent);
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const { return renderWindow_; }

vtkGenericRenderWindowInteractor* VtkOpenGLWidget::interactor() const { return interactor_; }

void VtkOpenGLWidget::releaseGraphics() {
  renderWindow_->Finalize();
  renderWindow_->SetReadyForRendering(false);
}

void VtkOpenGLWidget::initializeGL() {
  QObject::disconnect(contextDestroyed_);
  contextDestroyed_ = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, [this] {
    QOpenGLWidget::makeCurrent();
    releaseGraphics();
    doneCurrent();
  });
  renderWindow_->SetReadyForRendering(true);
  renderWindow_->SetIsCurrent(true);
  if (auto* state = renderWindow_->GetState()) state->Reset();
  renderWindow_->OpenGLInitContext();
  renderWindow_->SetMapped(true);
  const double dpr = devicePixelRatioF();
  interactor_->Initialize();
  interactor_->UpdateSize(static_cast<int>(width() * dpr), static_cast<int>(height() * dpr));
}

void VtkOpenGLWidget::resizeGL(int w, int h) {
  const double dpr = devicePixelRatioF();
  interactor_->UpdateSize(static_cast<int>(w * dpr), static_cast<int>(h * dpr));
}

void VtkOpenGLWidget::paintGL() {
  if (!renderWindow_->GetReadyForRendering()) return;
  // Qt changed GL state (and bound its FBO) since VTK last looked: forget VTK's cached state.
  if (auto* state = renderWindow_->GetState()) state->Reset();
  beforeRender();
  renderWindow_->Render();
  // VTK leaves destination alpha < 1 where translucent props (label overlays) blend over a background of
  // alpha 0. Qt treats the FBO as premultiplied when it grabs or composes it, which would brighten and
  // tint those pixels: force alpha to 1 without touching the colours.
  QOpenGLFunctions* gl = context()->functions();
  gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  gl->glClearColor(0.f, 0.f, 0.f, 1.f);
  gl->glClear(GL_COLOR_BUFFER_BIT);
  gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  if (auto* state = renderWindow_->GetState()) state->Reset();
}

void VtkOpenGLWidget::onMakeCurrent(vtkObject*, unsigned long, void*) {
  QOpenGLContext* ctx = context();
  if (!ctx || QOpenGLContext::currentContext() == ctx) return;  // inside paintGL: already current
  if (ctx->surface())
    ctx->makeCurrent(ctx->surface());
  else
    QOpenGLWidget::makeCurrent();  // outside a frame (e.g. releasing resources): rebinding the FBO is harmless
}

void VtkOpenGLWidget::onIsCurrent(vtkObject*, unsigned long, void* callData) {
  *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
}

void VtkOpenGLWidget::onFrame(vtkObject*, unsigned long, void*) {
  // Rendering happens inside paintGL, which Qt composes afterwards; a frame outside it needs a repaint.
  if (QOpenGLContext::currentContext() != context()) update();
}

void VtkOpenGLWidget::onInteractorRender(vtkObject*, unsigned long, void*) { update(); }

void VtkOpenGLWidget::setEventInfo(const QPointF& pos, Qt::KeyboardModifiers mods, int repeat) {
  const double dpr = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(static_cast<int>(pos.x() * dpr), static_cast<int>(pos.y() * dpr),
                                        mods.testFlag(Qt::ControlModifier) ? 1 : 0,
                                        mods.testFlag(Qt::ShiftModifier) ? 1 : 0, 0, repeat);
  interactor_->SetAltKey(mods.testFlag(Qt::AltModifier) ? 1 : 0);
}

void VtkOpenGLWidget::mousePressEvent(QMouseEvent* e) {
  if (!forwardEvents_) return;
  setEventInfo(e->position(), e->modifiers());
  switch (e->button()) {
    case Qt::LeftButton: interactor_->InvokeEvent(vtkCommand::LeftButtonPressEvent, e); break;
    case Qt::MiddleButton: interactor_->InvokeEvent(vtkCommand::MiddleButtonPressEvent, e); break;
    case Qt::RightButton: interactor_->InvokeEvent(vtkCommand::RightButtonPressEvent, e); break;
    default: break;
  }
}

void VtkOpenGLWidget::mouseDoubleClickEvent(QMouseEvent* e) {
  if (!forwardEvents_) return;
  setEventInfo(e->position(), e->modifiers(), 1);
  if (e->button() == Qt::LeftButton) interactor_->InvokeEvent(vtkCommand::LeftButtonPressEvent, e);
}

void VtkOpenGLWidget::mouseMoveEvent(QMouseEvent* e) {
  if (!forwardEvents_) return;
  setEventInfo(e->position(), e->modifiers());
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent, e);
}

void VtkOpenGLWidget::mouseReleaseEvent(QMouseEvent* e) {
  if (!forwardEvents_) return;
  setEventInfo(e->position(), e->modifiers());
  switch (e->button()) {
    case Qt::LeftButton: interactor_->InvokeEvent(vtkCommand::LeftButtonReleaseEvent, e); break;
    case Qt::MiddleButton: interactor_->InvokeEvent(vtkCommand::MiddleButtonReleaseEvent, e); break;
    case Qt::RightButton: interactor_->InvokeEvent(vtkCommand::RightButtonReleaseEvent, e); break;
    default: break;
  }
}

void VtkOpenGLWidget::wheelEvent(QWheelEvent* e) {
  if (!forwardEvents_) return;
  setEventInfo(e->position(), e->modifiers());
  // High-resolution wheels send fractions of a notch: one VTK event per 120 units.
  wheelAccumulator_ += e->angleDelta().y();
  while (wheelAccumulator_ >= 120) {
    interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent, e);
    wheelAccumulator_ -= 120;
  }
  while (wheelAccumulator_ <= -120) {
    interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, e);
    wheelAccumulator_ += 120;
  }
  e->accept();
}

void VtkOpenGLWidget::keyPressEvent(QKeyEvent* e) {
  if (!forwardEvents_) return QOpenGLWidget::keyPressEvent(e);
  const QByteArray text = e->text().toLatin1();
  interactor_->SetKeyEventInformation(e->modifiers().testFlag(Qt::ControlModifier),
                                      e->modifiers().testFlag(Qt::ShiftModifier), text.isEmpty() ? 0 : text[0],
                                      e->count(), text.isEmpty() ? nullptr : text.constData());
  interactor_->InvokeEvent(vtkCommand::KeyPressEvent, e);
  interactor_->InvokeEvent(vtkCommand::CharEvent, e);
}

void VtkOpenGLWidget::keyReleaseEvent(QKeyEvent* e) {
  if (!forwardEvents_) return QOpenGLWidget::keyReleaseEvent(e);
  interactor_->InvokeEvent(vtkCommand::KeyReleaseEvent, e);
}

void VtkOpenGLWidget::enterEvent(QEnterEvent* e) {
  if (forwardEvents_) interactor_->InvokeEvent(vtkCommand::EnterEvent, e);
  QOpenGLWidget::enterEvent(e);
}

void VtkOpenGLWidget::leaveEvent(QEvent* e) {
  if (forwardEvents_) interactor_->InvokeEvent(vtkCommand::LeaveEvent, e);
  QOpenGLWidget::leaveEvent(e);
}

}  // namespace hccws::widgets
