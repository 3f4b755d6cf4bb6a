#pragma once
// Reading rendered widgets back: where a colour sits in a grabbed image, and the shipped model files.
// Pixel coordinates are device-independent (the image's devicePixelRatio is divided out); a pixel at
// column i covers [i, i + 1), so a found position is reported at the pixel centre, i + 0.5.
#include <hccws/survival/nomogram_model.h>

#include <QColor>
#include <QImage>
#include <QString>

#include <memory>
#include <optional>

namespace nomo_test {

// Mean x of the pixels in row y whose colour is within `tolerance` (max channel difference) of `color`.
std::optional<double> meanXOfColor(const QImage& image, double y, const QColor& color, int tolerance = 0);
// Mean y of the pixels in column x, between y0 and y1, whose colour is closest to `color` (within tolerance).
std::optional<double> meanYOfColor(const QImage& image, double x, double y0, double y1, const QColor& color,
                                   int tolerance);
// Share of pixels that are not (near) white.
double inkFraction(const QImage& image);
bool hasColor(const QImage& image, const QColor& color, int tolerance);

QString modelsFolder();  // $HCCWS_SOURCE_DIR/resources/models
std::shared_ptr<const hccws::surv::NomogramModel> shippedModel(const char* arm);  // "tace" or "haic"
QString tempPath(const QString& name);  // inside $HCCWS_TEST_TMP

}  // namespace nomo_test
