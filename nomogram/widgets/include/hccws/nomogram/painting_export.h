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

bool exportPainting(const PaintFunction& paint, const QString& path, ExportFormat format, QSize size,
                    const QString& title, QString* error);

}  // namespace hccws::nomo
