// MainWindow: File > Export figure. Any view or chart as PNG at a chosen resolution or as SVG:
// - the nomogram and the survival curves paint themselves again at the resolution asked (PNG) or as vectors (SVG);
// - a slice or 3D view (VTK, OpenGL) is rendered again into a framebuffer of the size the resolution asks for
//   (the view's field of view kept, more pixels), the view layout view by view; its SVG holds that image (a
//   rendered view has no vector form), with the research notice in the SVG's description.
// 96 dpi is the screen's size; the PNG records its resolution in its header.
#include "main_window.h"

#include "nomogram_dock.h"

#include <hccws/nomogram/nomogram_workspace.h>
#include <hccws/nomogram/painting_export.h>

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QMenu>
#include <QOpenGLWidget>
#include <QPainter>
#include <QSpinBox>
#include <QStatusBar>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace hccws::gui {

namespace {

constexpr int kMaxSide = 8192;  // framebuffer side most OpenGL drivers allow

// `gl` rendered again at `scale` times its size (capped at kMaxSide a side); the widget is put back after.
QImage renderViewScaled(QOpenGLWidget* gl, double scale) {
  const QSize old = gl->size();
  const double s = std::min(scale, double(kMaxSide) / std::max(old.width(), old.height()));
  const QSize big = (QSizeF(old) * s).toSize();
  if (big == old) return gl->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
  gl->resize(big);
  QImage image = gl->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
  gl->resize(old);
  gl->update();
  return image;
}

// The widget's OpenGL views, each rendered again at `scale`, placed as on screen (black between them).
QImage renderLayoutScaled(QWidget* root, double scale) {
  QImage image((QSizeF(root->size()) * scale).toSize(), QImage::Format_RGB32);
  image.fill(Qt::black);
  QPainter p(&image);
  for (auto* gl : root->findChildren<QOpenGLWidget*>()) {
    if (!gl->isVisible()) continue;
    const QRectF target(QPointF(gl->mapTo(root, QPoint(0, 0))) * scale, QSizeF(gl->size()) * scale);
    p.drawImage(target, renderViewScaled(gl, scale));
  }
  return image;
}

}  // namespace

bool MainWindow::exportFigure(Figure figure, const QString& path, int dpi, QString* error) {
  auto fail = [&](const QString& why) {
    if (error) *error = why;
    return false;
  };
  nomo::ExportFormat format;
  if (!nomo::exportFormatFromPath(path, &format)) return fail(tr("%1: a figure is a .png or .svg file").arg(path));
  if (dpi < 24 || dpi > 2400) return fail(tr("%1: the resolution must be 24 to 2400 dpi").arg(path));
  if (figure == Figure::Nomogram || figure == Figure::SurvivalCurves) {
    if (!nomogramDock_) return fail(tr("%1: there is no nomogram in this window").arg(path));
    auto* ws = nomogramDock_->workspace();
    QString why;
    const bool ok = figure == Figure::Nomogram ? ws->exportNomogram(path, QSize(), &why, dpi) : ws->exportCurves(path, QSize(), &why, dpi);
    return ok || fail(why);
  }
  QWidget* root = nullptr;
  if (figure == Figure::CurrentView) {
    for (auto* gl : views_->findChildren<QOpenGLWidget*>())
      if (gl->isVisible() && (gl->hasFocus() || gl->isAncestorOf(QApplication::focusWidget()))) root = gl;
    if (!root && views_->axial()->isVisible()) root = views_->axial();
    if (!root)
      for (auto* gl : views_->findChildren<QOpenGLWidget*>())
        if (gl->isVisible()) {
          root = gl;
          break;
        }
  } else {
    root = views_;
  }
  if (!root || study_.phases.empty()) return fail(tr("%1: no view is shown").arg(path));
  const double scale = dpi / 96.0;
  const QImage image = figure == Figure::CurrentView ? renderViewScaled(static_cast<QOpenGLWidget*>(root), scale)
                                                     : renderLayoutScaled(root, scale);
  if (image.isNull()) return fail(tr("%1: the view could not be rendered").arg(path));
  if (format == nomo::ExportFormat::Png) {
    QImage out = image;
    out.setDotsPerMeterX(qRound(dpi / 0.0254));
    out.setDotsPerMeterY(qRound(dpi / 0.0254));
    return out.save(path, "PNG") || fail(tr("%1: cannot write the PNG file").arg(path));
  }
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(root->size());
  svg.setViewBox(QRectF(QPointF(0, 0), QSizeF(root->size())));
  svg.setResolution(96);
  svg.setTitle(tr("HCC Workstation view"));
  svg.setDescription(noticeText());
  QPainter p;
  if (!p.begin(&svg)) return fail(tr("%1: cannot write the SVG file").arg(path));
  p.drawImage(QRectF(QPointF(0, 0), QSizeF(root->size())), image);
  p.end();
  return QFileInfo(path).size() > 0 || fail(tr("%1: the SVG file is empty").arg(path));
}

void MainWindow::buildFigureExport(QMenu* file) {
  QAction* a = file->addAction(tr("Export &figure..."), this, [this] {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export figure"));
    auto* form = new QFormLayout(&dialog);
    auto* what = new QComboBox(&dialog);
    what->addItem(tr("View with the focus"), static_cast<int>(Figure::CurrentView));
    what->addItem(tr("All views (layout)"), static_cast<int>(Figure::Layout));
    what->addItem(tr("Nomogram"), static_cast<int>(Figure::Nomogram));
    what->addItem(tr("Survival curves"), static_cast<int>(Figure::SurvivalCurves));
    auto* format = new QComboBox(&dialog);
    format->addItem(tr("PNG image"), QStringLiteral("png"));
    format->addItem(tr("SVG (vectors for charts; views as an image)"), QStringLiteral("svg"));
    auto* dpi = new QSpinBox(&dialog);
    dpi->setRange(72, 1200);
    dpi->setValue(300);
    dpi->setSuffix(tr(" dpi"));
    dpi->setToolTip(tr("96 dpi is the size on screen; 300 dpi is usual for print"));
    form->addRow(tr("Figure:"), what);
    form->addRow(tr("Format:"), format);
    form->addRow(tr("Resolution (PNG):"), dpi);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString suffix = format->currentData().toString();
    QString f = QFileDialog::getSaveFileName(this, tr("Export figure"), QStringLiteral("figure.") + suffix,
                                             suffix == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG drawing (*.svg)"));
    if (f.isEmpty()) return;
    if (QFileInfo(f).suffix().isEmpty()) f += QLatin1Char('.') + suffix;
    QString why;
    if (exportFigure(static_cast<Figure>(what->currentData().toInt()), f, dpi->value(), &why))
      statusBar()->showMessage(tr("Figure written: %1").arg(f), 8000);
    else
      reportError(tr("Could not export the figure"), why);
  });
  a->setObjectName(QStringLiteral("exportFigureAction"));
}

}  // namespace hccws::gui
