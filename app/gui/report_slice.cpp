#include "report_slice.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hccws::gui {

QImage renderAxialSlice(const core::CtVolume& ct, const core::LabelMap* labels, std::size_t k,
                        const ReportSliceOptions& o) {
  const auto& g = ct.geometry();
  const std::size_t ni = g.dims[0], nj = g.dims[1];
  if (k >= g.dims[2]) throw std::invalid_argument("slice " + std::to_string(k) + " is outside the volume");
  if (labels && !labels->labels.geometry().sameGrid(g))
    throw std::invalid_argument("the segmentation is not on the CT's grid");
  // Radiological display: i runs towards the patient's left (image right), j towards posterior (image down);
  // a grid stored the other way round is flipped.
  const bool flipX = g.axisDirection(0)[0] < 0, flipY = g.axisDirection(1)[1] < 0;
  QImage slice(static_cast<int>(ni), static_cast<int>(nj), QImage::Format_RGB32);
  const double lo = o.windowLevel - o.windowWidth / 2;
  for (std::size_t j = 0; j < nj; ++j) {
    auto* row = reinterpret_cast<QRgb*>(slice.scanLine(static_cast<int>(flipY ? nj - 1 - j : j)));
    for (std::size_t i = 0; i < ni; ++i) {
      const double hu = ct.at(i, j, k);
      const int v = std::clamp(static_cast<int>(std::lround((hu - lo) / o.windowWidth * 255.0)), 0, 255);
      QRgb c = qRgb(v, v, v);
      if (labels) {
        const std::uint8_t l = labels->labels.at(i, j, k);
        if (l) {
          const auto* info = labels->table.find(l);
          const auto rgb = info ? info->rgb : std::array<std::uint8_t, 3>{255, 255, 0};
          const bool edge = (i == 0 || labels->labels.at(i - 1, j, k) != l) || (i + 1 == ni || labels->labels.at(i + 1, j, k) != l) ||
                            (j == 0 || labels->labels.at(i, j - 1, k) != l) || (j + 1 == nj || labels->labels.at(i, j + 1, k) != l);
          const double a = edge ? 1.0 : o.labelOpacity;
          c = qRgb(static_cast<int>(v * (1 - a) + rgb[0] * a), static_cast<int>(v * (1 - a) + rgb[1] * a),
                   static_cast<int>(v * (1 - a) + rgb[2] * a));
        }
      }
      row[flipX ? ni - 1 - i : i] = c;
    }
  }
  const double widthMm = double(ni) * g.spacingMm[0], heightMm = double(nj) * g.spacingMm[1];
  const int w = o.widthPx, h = std::max(1, static_cast<int>(std::lround(o.widthPx * heightMm / widthMm)));
  QImage out = slice.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  QPainter p(&out);
  p.setRenderHint(QPainter::Antialiasing);
  const double pxPerMm = w / widthMm;
  QFont f = p.font();
  f.setPixelSize(std::max(12, w / 40));
  f.setBold(true);
  p.setFont(f);
  p.setPen(QColor(255, 220, 80));
  const int m = w / 60;
  p.drawText(QRect(0, m, w, h), Qt::AlignHCenter | Qt::AlignTop, QStringLiteral("A"));
  p.drawText(QRect(0, 0, w, h - m), Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("P"));
  p.drawText(QRect(m, 0, w, h), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("R"));
  p.drawText(QRect(0, 0, w - m, h), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("L"));
  if (!o.caption.isEmpty()) p.drawText(QRect(m, m, w, h), Qt::AlignLeft | Qt::AlignTop, o.caption);
  const core::Vec3 centre = g.indexToWorld({0, 0, double(k)});
  p.drawText(QRect(m, 0, w, h - m), Qt::AlignLeft | Qt::AlignBottom,
             QStringLiteral("%1/%2  z %3 mm").arg(k + 1).arg(g.dims[2]).arg(centre[2], 0, 'f', 1));
  // scale bar: 50 mm (10 mm on a small field of view)
  const double barMm = widthMm > 120 ? 50 : 10;
  const double barPx = barMm * pxPerMm;
  const QPointF end(w - 2.0 * m, h - 2.5 * m);
  p.setPen(QPen(QColor(255, 220, 80), std::max(2, w / 300)));
  p.drawLine(end - QPointF(barPx, 0), end);
  p.drawLine(end - QPointF(barPx, 5), end - QPointF(barPx, -5));
  p.drawLine(end - QPointF(0, 5), end + QPointF(0, 5));
  p.drawText(QRectF(end.x() - barPx, end.y() - 3.0 * m - f.pixelSize(), barPx, f.pixelSize() + 2.0 * m),
             Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("%1 mm").arg(barMm, 0, 'f', 0));
  return out;
}

std::size_t keySliceIndex(const core::CtVolume& ct, const core::Vec3* lesionLps) {
  const auto& g = ct.geometry();
  if (!lesionLps) return g.dims[2] / 2;
  const core::Vec3 ijk = g.worldToIndex(*lesionLps);
  return static_cast<std::size_t>(std::clamp(std::lround(ijk[2]), 0L, static_cast<long>(g.dims[2]) - 1));
}

}  // namespace hccws::gui
