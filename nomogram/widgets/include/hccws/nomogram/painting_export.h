#pragma once
// Writes a painting to a PNG (QImage, white background, exactly `size` pixels) or an SVG (QSvgGenerator,
// `size` as its view box in pixels at 96 dpi). The views paint through the same function on screen and in
// the files, so an export shows exactly what the user sees.
// GUI thread only. Errors: false with `*error` = "<path>: <problem>" (unwritable folder, unknown suffix).
#include <QRectF>
#include <QSize>
#include <QString>

#include <functional>

class QPainter;

namespace hccws::nomo {

enum class ExportFormat { Png, Svg };

using PaintFunction = std::function<void(QPainter&, const QRectF&)>;

// The format from the file suffix (.png / .svg, any case); false for anything else.
bool exportFormatFromPath(const QString& path, ExportFormat* format);

// `dpi`: a PNG gets size x dpi / 96 pixels (the painting scaled, not stretched) and that resolution in its
// header; an SVG is vectors whatever the dpi.
bool exportPainting(const PaintFunction& paint, const QString& path, ExportFormat format, QSize size,
                    const QString& title, QString* error, int dpi = 96);

// One page: a .pdf (A4 landscape, 150 dpi, drawn straight into the page so its text stays searchable), a .png
// (at pngDpi) or an .svg of a `layout`-sized painting. False with `*error` for any other suffix or a write failure.
bool exportPage(const PaintFunction& paint, const QString& path, QSize layout, const QString& title, QString* error,
                int pngDpi = 150);

// Paints `paint` as the views do on screen (a `size` pixel area at 96 dpi) and draws it, scaled as vectors,
// into `target` of another painter (a PDF page): text stays text, lines stay lines (through SVG).
void drawPaintingScaled(const PaintFunction& paint, QSize size, QPainter& painter, const QRectF& target);

}  // namespace hccws::nomo
