#include "plot_frame.h"

#include <QFont>
#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace hccws::nomo::plot {

QString num(double v, int d) {
  const QString s = QString::number(v, 'f', d);
  return s.startsWith(QLatin1Char('-')) && s.mid(1).count(QLatin1Char('0')) + s.count(QLatin1Char('.')) == s.size() - 1 ? s.mid(1) : s;  // no "-0.0"
}

Plot axes(QPainter& p, const QRectF& cell, const QString& title, const QString& xLabel, const QString& yLabel, double x0,
          double x1, double y0, double y1, double xStep, double yStep, int xDecimals, int yDecimals) {
  Plot pl;
  const double fs = std::clamp(cell.height() / 22.0, 7.0, 12.0);
  QFont f = p.font();
  f.setPixelSize(static_cast<int>(fs));
  p.setFont(f);
  pl.frame = QRectF(cell.left() + 4.2 * fs, cell.top() + 2.2 * fs, cell.width() - 5.4 * fs, cell.height() - 5.2 * fs);
  pl.x0 = x0;
  pl.x1 = x1 > x0 ? x1 : x0 + 1;
  pl.y0 = y0;
  pl.y1 = y1 > y0 ? y1 : y0 + 1;
  QFont bold = f;
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(Qt::black);
  p.drawText(QRectF(cell.left() + 4, cell.top() + 2, cell.width() - 8, 2 * fs), Qt::AlignLeft | Qt::AlignVCenter, title);
  p.setFont(f);
  p.setPen(QPen(QColor(0xe4, 0xe4, 0xe4), 1));
  for (double x = x0; x <= pl.x1 + 1e-9; x += xStep) p.drawLine(pl.at(x, pl.y0), pl.at(x, pl.y1));
  for (double y = y0; y <= pl.y1 + 1e-9; y += yStep) p.drawLine(pl.at(pl.x0, y), pl.at(pl.x1, y));
  p.setPen(QPen(Qt::black, 1));
  p.drawRect(pl.frame);
  for (double x = x0; x <= pl.x1 + 1e-9; x += xStep)
    p.drawText(QRectF(pl.at(x, pl.y0).x() - 3 * fs, pl.frame.bottom() + 2, 6 * fs, fs * 1.3), Qt::AlignHCenter | Qt::AlignTop, num(x, xDecimals));
  for (double y = y0; y <= pl.y1 + 1e-9; y += yStep)
    p.drawText(QRectF(cell.left(), pl.at(pl.x0, y).y() - fs, pl.frame.left() - cell.left() - 3, 2 * fs), Qt::AlignRight | Qt::AlignVCenter,
               num(y, yDecimals));
  p.drawText(QRectF(pl.frame.left(), pl.frame.bottom() + 1.3 * fs, pl.frame.width(), 1.4 * fs), Qt::AlignHCenter | Qt::AlignTop, xLabel);
  p.save();
  p.translate(cell.left() + 0.2 * fs, pl.frame.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-pl.frame.height() / 2, 0, pl.frame.height(), 1.3 * fs), Qt::AlignHCenter | Qt::AlignTop, yLabel);
  p.restore();
  return pl;
}

void legend(QPainter& p, const Plot& pl, const std::vector<std::pair<QString, QPen>>& items, bool topRight) {
  const double fs = p.font().pixelSize();
  // As wide as the longest entry (at least 9 font sizes), inside the frame.
  const QFontMetricsF fm(p.font());
  double textW = 9 * fs;
  for (const auto& item : items) textW = std::max(textW, fm.horizontalAdvance(item.first) + 0.5 * fs);
  textW = std::min(textW, pl.frame.width() - 3 * fs);
  double y = topRight ? pl.frame.top() + 4 : pl.frame.bottom() - 4 - items.size() * 1.3 * fs;
  for (const auto& [text, pen] : items) {
    const double x = pl.frame.right() - textW - 2 * fs;
    p.setPen(pen);
    p.drawLine(QPointF(x, y + 0.65 * fs), QPointF(x + 1.6 * fs, y + 0.65 * fs));
    p.setPen(Qt::black);
    p.drawText(QRectF(x + 2 * fs, y, textW, 1.3 * fs), Qt::AlignLeft | Qt::AlignVCenter, text);
    y += 1.3 * fs;
  }
}

QString pText(double p) { return p < 0.001 ? QStringLiteral("p < 0.001") : QStringLiteral("p = %1").arg(num(p, 3)); }


}  // namespace hccws::nomo::plot
