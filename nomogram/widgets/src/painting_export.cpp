#include "hccws/nomogram/painting_export.h"

#include "hccws/nomogram/nomogram_style.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QBuffer>
#include <QSvgGenerator>
#include <QSvgRenderer>

namespace hccws::nomo {

bool exportFormatFromPath(const QString& path, ExportFormat* format) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("png")) *format = ExportFormat::Png;
  else if (suffix == QLatin1String("svg")) *format = ExportFormat::Svg;
  else return false;
  return true;
}

bool exportPainting(const PaintFunction& paint, const QString& path, ExportFormat format, QSize size,
                    const QString& title, QString* error, int dpi) {
  // a free function: its messages use the translation context "hccws::nomo::PaintingExport"
  auto fail = [&](const QString& why) {
    if (error) *error = path + QStringLiteral(": ") + why;
    return false;
  };
  if (size.width() < 16 || size.height() < 16)
    return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "export size too small"));
  const QFileInfo info(path);
  if (!info.absoluteDir().exists())
    return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "folder does not exist"));
  const QRectF area(QPointF(0, 0), QSizeF(size));
  if (format == ExportFormat::Png) {
    if (dpi < 24 || dpi > 2400)
      return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "resolution must be 24 to 2400 dpi"));
    const double scale = dpi / 96.0;
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "the image is too large"));
    image.fill(Qt::white);
    image.setDotsPerMeterX(qRound(dpi / 0.0254));
    image.setDotsPerMeterY(qRound(dpi / 0.0254));
    {
      QPainter p(&image);
      p.scale(scale, scale);
      paint(p, area);
    }
    if (!image.save(path, "PNG"))
      return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "cannot write the PNG file"));
    return true;
  }
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(area);
  svg.setResolution(96);
  svg.setTitle(title);
  svg.setDescription(QStringLiteral("HCC Workstation - ") + researchNotice());
  QPainter p;
  if (!p.begin(&svg))
    return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "cannot write the SVG file"));
  p.fillRect(area, Qt::white);
  paint(p, area);
  p.end();
  if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0)
    return fail(QCoreApplication::translate("hccws::nomo::PaintingExport", "SVG file is empty"));
  return true;
}

void drawPaintingScaled(const PaintFunction& paint, QSize size, QPainter& painter, const QRectF& target) {
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  const QRectF area(QPointF(0, 0), QSizeF(size));
  svg.setSize(size);
  svg.setViewBox(area);
  svg.setResolution(96);
  {
    QPainter p(&svg);
    p.fillRect(area, Qt::white);
    paint(p, area);
  }
  QSvgRenderer renderer(buffer.data());
  renderer.render(&painter, target);
}

bool exportPage(const PaintFunction& paint, const QString& path, QSize layout, const QString& title, QString* error,
                int pngDpi) {
  if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive)) {
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageOrientation(QPageLayout::Landscape);
    pdf.setResolution(150);
    pdf.setTitle(title);
    QPainter p;
    if (!p.begin(&pdf)) {
      if (error) *error = QStringLiteral("%1: cannot write the PDF").arg(path);
      return false;
    }
    const double scale = std::min(pdf.width() / double(layout.width()), pdf.height() / double(layout.height()));
    p.scale(scale, scale);
    paint(p, QRectF(QPointF(0, 0), QSizeF(layout)));
    p.end();
    return true;
  }
  ExportFormat format;
  if (!exportFormatFromPath(path, &format)) {
    if (error) *error = QStringLiteral("%1: export needs a .pdf, .png or .svg file name").arg(path);
    return false;
  }
  return exportPainting(paint, path, format, layout, title, error, pngDpi);
}

}  // namespace hccws::nomo
