#include "hccws/nomogram/model_view.h"

#include "axis_ticks.h"
#include "plot_frame.h"

#include <QFileInfo>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace hccws::nomo {

namespace {

using plot::axes;
using plot::legend;
using plot::num;
using plot::Plot;
using plot::pText;
using detail::niceTicks;

const QColor kModel(0x2c, 0x7f, 0x2c), kOther(0x1f, 0x77, 0xb4), kAll(0xd6, 0x27, 0x28), kGrey(0x80, 0x80, 0x80);

struct Layout {
  QRectF header, footer, roc, calibration, decision, nomogram;
};

Layout layoutOf(const QRectF& area) {
  Layout l;
  const double headH = std::min(64.0, area.height() * 0.12), footH = std::min(22.0, area.height() * 0.05);
  l.header = QRectF(area.left(), area.top(), area.width(), headH);
  l.footer = QRectF(area.left(), area.bottom() - footH, area.width(), footH);
  const double top = area.top() + headH, h = (area.height() - headH - footH), w = area.width() / 3;
  const double rowH = h * 0.48;
  l.roc = QRectF(area.left(), top, w, rowH);
  l.calibration = QRectF(area.left() + w, top, w, rowH);
  l.decision = QRectF(area.left() + 2 * w, top, w, rowH);
  l.nomogram = QRectF(area.left(), top + rowH, area.width(), h - rowH);
  return l;
}

void polyline(QPainter& p, const Plot& pl, const std::vector<std::pair<double, double>>& pts, const QPen& pen) {
  if (pts.empty()) return;
  QPainterPath path(pl.at(pts.front().first, pts.front().second));
  for (std::size_t k = 1; k < pts.size(); ++k) path.lineTo(pl.at(pts[k].first, pts[k].second));
  p.setPen(pen);
  p.setBrush(Qt::NoBrush);
  p.drawPath(path);
}

void drawRoc(QPainter& p, const QRectF& cell, const ModelViewData& d) {
  const Plot pl = axes(p, cell, ModelView::tr("ROC curve"), ModelView::tr("1 - specificity"), ModelView::tr("Sensitivity"), 0,
                       1, 0, 1, 0.2, 0.2, 1, 1);
  p.setPen(QPen(kGrey, 1, Qt::DashLine));
  p.drawLine(pl.at(0, 0), pl.at(1, 1));
  const auto& e = d.evaluation;
  polyline(p, pl, e.roc, QPen(kModel, 2));
  std::vector<std::pair<QString, QPen>> items = {
      {ModelView::tr("model AUC %1 (%2-%3)").arg(num(e.auc.auc, 3), num(e.auc.lower, 3), num(e.auc.upper, 3)), QPen(kModel, 2)}};
  if (e.comparison) {
    polyline(p, pl, e.otherRoc, QPen(kOther, 2));
    items.push_back({ModelView::tr("%1 AUC %2").arg(d.otherModel, num(e.comparison->second.auc, 3)), QPen(kOther, 2)});
    items.push_back({ModelView::tr("DeLong %1").arg(pText(e.comparison->p)), QPen(Qt::NoPen)});
  }
  legend(p, pl, items, false);
}

void drawCalibration(QPainter& p, const QRectF& cell, const ModelViewData& d) {
  const Plot pl = axes(p, cell, ModelView::tr("Calibration"), ModelView::tr("Predicted probability"),
                       ModelView::tr("Observed proportion"), 0, 1, 0, 1, 0.2, 0.2, 1, 1);
  p.setPen(QPen(kGrey, 1, Qt::DashLine));
  p.drawLine(pl.at(0, 0), pl.at(1, 1));
  const auto& e = d.evaluation;
  std::vector<std::pair<double, double>> pts;
  for (const auto& g : e.hosmerLemeshow.groups) pts.push_back({g.meanPredicted, g.observed});
  polyline(p, pl, pts, QPen(kModel, 1.5));
  p.setBrush(kModel);
  for (const auto& [x, y] : pts) p.drawEllipse(pl.at(x, y), 3.5, 3.5);
  p.setBrush(Qt::NoBrush);
  legend(p, pl,
         {{ModelView::tr("deciles of prediction"), QPen(kModel, 1.5)},
          {ModelView::tr("slope %1, int. %2").arg(num(e.calibration.slope, 2), num(e.calibration.intercept, 2)), QPen(Qt::NoPen)},
          {ModelView::tr("HL %1").arg(pText(e.hosmerLemeshow.p)), QPen(Qt::NoPen)}},
         false);
}

void drawDecision(QPainter& p, const QRectF& cell, const ModelViewData& d) {
  const auto& dc = d.evaluation.decision;
  double hi = 0.05;
  for (const auto& pt : dc) hi = std::max({hi, pt.model, pt.treatAll});
  hi = std::ceil(hi * 10) / 10;
  const double lo = -hi / 4;
  const Plot pl = axes(p, cell, ModelView::tr("Decision curve"), ModelView::tr("Threshold probability"),
                       ModelView::tr("Net benefit"), 0, 1, lo, hi, 0.2, hi / 4, 1, 2);
  auto clip = [&](double v) { return std::clamp(v, lo, hi); };
  std::vector<std::pair<double, double>> m, all, none;
  for (const auto& pt : dc) {
    m.push_back({pt.threshold, clip(pt.model)});
    all.push_back({pt.threshold, clip(pt.treatAll)});
    none.push_back({pt.threshold, 0.0});
  }
  polyline(p, pl, none, QPen(Qt::black, 1));
  polyline(p, pl, all, QPen(kAll, 1.5));
  polyline(p, pl, m, QPen(kModel, 2));
  legend(p, pl, {{ModelView::tr("model"), QPen(kModel, 2)}, {ModelView::tr("treat all"), QPen(kAll, 1.5)},
                 {ModelView::tr("treat none"), QPen(Qt::black, 1)}});
}

// One horizontal axis of the nomogram: a label, a line from x(a) to x(b), ticks with labels.
void nomogramAxis(QPainter& p, double y, double labelLeft, double labelRight, const QString& label,
                  const std::vector<std::pair<double, QString>>& ticks, double fs) {
  p.setPen(Qt::black);
  p.drawText(QRectF(labelLeft, y - fs, labelRight - labelLeft - 8, 2 * fs), Qt::AlignRight | Qt::AlignVCenter, label);
  if (ticks.empty()) return;
  double a = ticks.front().first, b = a;
  for (const auto& t : ticks) a = std::min(a, t.first), b = std::max(b, t.first);
  p.drawLine(QPointF(a, y), QPointF(b, y));
  for (const auto& [x, text] : ticks) {
    p.drawLine(QPointF(x, y), QPointF(x, y - 0.5 * fs));
    p.drawText(QRectF(x - 3 * fs, y - 1.9 * fs, 6 * fs, 1.3 * fs), Qt::AlignHCenter | Qt::AlignBottom, text);
  }
}

void drawNomogram(QPainter& p, const QRectF& cell, const ModelViewData& d) {
  surv::LogisticNomogram nom;
  try {
    nom = surv::logisticNomogram(d.model);
  } catch (const std::exception&) {
    return;
  }
  const double rows = nom.axes.size() + 3;
  const double fs = std::clamp(cell.height() / (rows * 3.0), 7.0, 12.0);
  QFont f = p.font();
  f.setPixelSize(static_cast<int>(fs));
  QFont bold = f;
  bold.setBold(true);
  p.setFont(bold);
  p.drawText(QRectF(cell.left() + 4, cell.top() + 2, cell.width() - 8, 2 * fs), Qt::AlignLeft | Qt::AlignVCenter,
             ModelView::tr("Nomogram: points per variable, total points, probability of the outcome"));
  p.setFont(f);
  const double left = cell.left() + 0.22 * cell.width(), right = cell.right() - 0.04 * cell.width();
  const double rowH = (cell.height() - 3 * fs) / rows;
  double y = cell.top() + 3 * fs + rowH * 0.7;
  auto xPoints = [&](double pts) { return left + pts / 100.0 * (right - left); };
  std::vector<std::pair<double, QString>> t;
  for (int k = 0; k <= 10; ++k) t.push_back({xPoints(10 * k), QString::number(10 * k)});
  nomogramAxis(p, y, cell.left(), left, ModelView::tr("Points"), t, fs);
  double maxTotal = 0;
  for (const auto& a : nom.axes) {
    y += rowH;
    t.clear();
    const double range = a.maxValue - a.minValue;
    const double pixels = std::abs(a.pointsPerUnit * range) / 100.0 * (right - left);
    for (double v : niceTicks(a.minValue, a.maxValue, std::max(2, static_cast<int>(pixels / (5 * fs))))) {
      if (v < a.minValue - 1e-9 * std::abs(range) || v > a.maxValue + 1e-9 * std::abs(range)) continue;
      t.push_back({xPoints(a.pointsAtMin + a.pointsPerUnit * (v - a.minValue)), QString::number(v, 'g', 4)});
    }
    if (t.size() < 2) {  // a short axis: its two ends
      t.clear();
      for (double v : {a.minValue, a.maxValue})
        t.push_back({xPoints(a.pointsAtMin + a.pointsPerUnit * (v - a.minValue)), QString::number(v, 'g', 3)});
    }
    nomogramAxis(p, y, cell.left(), left, QString::fromStdString(a.column), t, fs);
    maxTotal += std::max(a.pointsAtMin, a.pointsAtMin + a.pointsPerUnit * range);
  }
  // Total points on their own scale (0 .. the largest total), and the probability read off it.
  y += rowH;
  const double totalMax = std::max(10.0, std::ceil(maxTotal / 10) * 10);
  auto xTotal = [&](double total) { return left + total / totalMax * (right - left); };
  t.clear();
  for (double v : niceTicks(0, totalMax, 10)) t.push_back({xTotal(v), QString::number(v, 'g', 4)});
  nomogramAxis(p, y, cell.left(), left, ModelView::tr("Total points"), t, fs);
  y += rowH;
  t.clear();
  for (double pr : {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99}) {
    const double lp = std::log(pr / (1 - pr));
    const double total = (lp - nom.lpAtZeroPoints) / nom.lpPerPoint;
    if (total < 0 || total > totalMax) continue;
    t.push_back({xTotal(total), QString::number(pr)});
  }
  nomogramAxis(p, y, cell.left(), left, ModelView::tr("Probability"), t, fs);
}

}  // namespace

ModelView::ModelView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(700, 520);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void ModelView::setData(std::shared_ptr<const ModelViewData> data) {
  data_ = std::move(data);
  update();
}

QRectF ModelView::panelRect(Panel panel) const {
  const Layout l = layoutOf(QRectF(rect()));
  switch (panel) {
    case Panel::Roc: return l.roc;
    case Panel::Calibration: return l.calibration;
    case Panel::DecisionCurve: return l.decision;
    case Panel::Nomogram: return l.nomogram;
  }
  return {};
}

void ModelView::render(QPainter& p, const QRectF& area) const {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(area, Qt::white);
  if (!data_) {
    p.drawText(area, Qt::AlignCenter, tr("No model evaluated yet"));
    p.restore();
    return;
  }
  const Layout l = layoutOf(area);
  const auto& d = *data_;
  const double fs = std::clamp(l.header.height() / 4.0, 8.0, 14.0);
  QFont f = p.font();
  f.setPixelSize(static_cast<int>(fs * 1.3));
  f.setBold(true);
  p.setFont(f);
  p.setPen(Qt::black);
  p.drawText(QRectF(l.header.left() + 8, l.header.top() + 4, l.header.width() - 16, fs * 1.8), Qt::AlignLeft | Qt::AlignVCenter, d.title);
  f.setPixelSize(static_cast<int>(fs));
  f.setBold(false);
  p.setFont(f);
  const auto& m = d.model;
  const QString line = tr("Model fitted on %1 (n %2, %3 events; %4 terms selected by LASSO, lambda.%5); evaluated on %6: n %7, %8 events.")
                           .arg(QFileInfo(QString::fromStdString(m.source)).fileName()).arg(m.rows).arg(m.events).arg(m.terms.size())
                           .arg(m.lambdaIs1se ? QStringLiteral("1se") : QStringLiteral("min"), d.cohort)
                           .arg(d.evaluation.n).arg(d.evaluation.events);
  p.drawText(QRectF(l.header.left() + 8, l.header.top() + fs * 2.2, l.header.width() - 16, l.header.height() - fs * 2.2),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, line);
  drawRoc(p, l.roc, d);
  drawCalibration(p, l.calibration, d);
  drawDecision(p, l.decision, d);
  drawNomogram(p, l.nomogram, d);
  QFont small = p.font();
  small.setPixelSize(static_cast<int>(std::max(7.0, fs * 0.8)));
  p.setFont(small);
  p.setPen(kGrey);
  p.drawText(l.footer, Qt::AlignCenter, tr("Probabilities computed by the model named above. Research use only - not for clinical decisions."));
  p.restore();
}

void ModelView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  render(p, QRectF(rect()));
}

QString ModelView::summaryText() const {
  if (!data_) return {};
  const auto& e = data_->evaluation;
  QString s = tr("AUC %1 (95% CI %2-%3); calibration slope %4; Hosmer-Lemeshow %5")
                  .arg(num(e.auc.auc, 3), num(e.auc.lower, 3), num(e.auc.upper, 3), num(e.calibration.slope, 2),
                       pText(e.hosmerLemeshow.p));
  if (e.comparison) s += tr("; versus %1: AUC %2, DeLong %3").arg(data_->otherModel, num(e.comparison->second.auc, 3), pText(e.comparison->p));
  return s;
}

}  // namespace hccws::nomo
