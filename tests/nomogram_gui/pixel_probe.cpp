#include "pixel_probe.h"

#include <hccws/survival/model_json.h>

#include <QDir>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <limits>

namespace nomo_test {

namespace {
int distance(QRgb a, const QColor& b) {
  return std::max({std::abs(qRed(a) - b.red()), std::abs(qGreen(a) - b.green()), std::abs(qBlue(a) - b.blue())});
}
}  // namespace

std::optional<double> meanXOfColor(const QImage& image, double y, const QColor& color, int tolerance) {
  const double dpr = image.devicePixelRatio();
  const int row = static_cast<int>(std::floor(y * dpr));
  if (row < 0 || row >= image.height()) return std::nullopt;
  double sum = 0;
  int n = 0;
  for (int x = 0; x < image.width(); ++x)
    if (distance(image.pixel(x, row), color) <= tolerance) {
      sum += x + 0.5;
      ++n;
    }
  if (!n) return std::nullopt;
  return sum / n / dpr;
}

std::optional<double> meanYOfColor(const QImage& image, double x, double y0, double y1, const QColor& color,
                                   int tolerance) {
  const double dpr = image.devicePixelRatio();
  const int col = static_cast<int>(std::floor(x * dpr));
  if (col < 0 || col >= image.width()) return std::nullopt;
  const int r0 = std::max(0, static_cast<int>(y0 * dpr)), r1 = std::min(image.height() - 1, static_cast<int>(y1 * dpr));
  int best = std::numeric_limits<int>::max();
  for (int r = r0; r <= r1; ++r) best = std::min(best, distance(image.pixel(col, r), color));
  if (best > tolerance) return std::nullopt;
  double sum = 0;
  int n = 0;
  for (int r = r0; r <= r1; ++r)
    if (distance(image.pixel(col, r), color) == best) {
      sum += r + 0.5;
      ++n;
    }
  return sum / n / dpr;
}

double inkFraction(const QImage& image) {
  std::int64_t ink = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (distance(image.pixel(x, y), QColor(Qt::white)) > 24) ++ink;
  return double(ink) / (double(image.width()) * image.height());
}

bool hasColor(const QImage& image, const QColor& color, int tolerance) {
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (distance(image.pixel(x, y), color) <= tolerance) return true;
  return false;
}

QString modelsFolder() {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  return QDir(QString::fromLocal8Bit(root ? root : ".")).filePath(QStringLiteral("resources/models"));
}

std::shared_ptr<const hccws::surv::NomogramModel> shippedModel(const char* arm) {
  const QString file = QDir(modelsFolder()).filePath(QStringLiteral("nomogram_%1.json").arg(QLatin1String(arm)));
  return std::make_shared<const hccws::surv::NomogramModel>(hccws::surv::readNomogramModel(file.toStdString()));
}

QString tempPath(const QString& name) {
  const char* tmp = std::getenv("HCCWS_TEST_TMP");
  QDir dir(QString::fromLocal8Bit(tmp ? tmp : "/tmp"));
  dir.mkpath(QStringLiteral("nomogram_gui"));
  return dir.filePath(QStringLiteral("nomogram_gui/") + name);
}

}  // namespace nomo_test
