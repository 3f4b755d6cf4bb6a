#pragma once
// Private to nomogram/widgets: the plot frame, axes, legend and number formats the chart views share
// (cohort_view.cpp, model_view.cpp), so every chart of the workstation looks and reads the same.
#include <QPainter>
#include <QPen>
#include <QRectF>
#include <QString>

#include <utility>
#include <vector>

namespace hccws::nomo::plot {

// A plot's frame inside a cell, and the data -> pixel mapping.
struct Plot {
  QRectF frame;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  QPointF at(double x, double y) const {
    return {frame.left() + (x - x0) / (x1 - x0) * frame.width(), frame.bottom() - (y - y0) / (y1 - y0) * frame.height()};
  }
};

// A number with d decimals, never "-0.0".
QString num(double v, int d);
// Title, grid, frame, tick labels and axis labels of a plot in `cell`; the font scales with the cell.
Plot axes(QPainter& p, const QRectF& cell, const QString& title, const QString& xLabel, const QString& yLabel, double x0,
          double x1, double y0, double y1, double xStep, double yStep, int xDecimals = 0, int yDecimals = 1);
void legend(QPainter& p, const Plot& pl, const std::vector<std::pair<QString, QPen>>& items, bool topRight = true);
QString pText(double p);  // "p < 0.001" or "p = 0.123"

}  // namespace hccws::nomo::plot
