#include "hccws/nomogram/survival_curves_view.h"

#include "axis_ticks.h"
#include "hccws/nomogram/nomogram_style.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace hccws::nomo {

namespace {

constexpr double kLeft = 58, kRight = 18, kTop = 30, kAxisBelow = 40, kLineH = 17;
constexpr int kGridPanels = 240;

// Length of one month in a model's time unit (the RMST horizon is 36 months whatever the unit).
double monthIn(const std::string& unit) {
  if (unit == "days") return 30.4375;
  if (unit == "weeks") return 30.4375 / 7;
  if (unit == "years") return 1.0 / 12;
  return 1.0;
}

QString shortUnit(const QString& unit) {
  return unit == QLatin1String("months") ? QCoreApplication::translate("hccws::nomo::SurvivalCurvesView", "mo") : unit;
}

// The legend line for arms without a confidence band (also how render() recognises it, in any language).
QString noBandLine(const QStringList& arms) {
  return QCoreApplication::translate("hccws::nomo::SurvivalCurvesView",
                                     "No confidence band for %1: the model file has no variance information "
                                     "(reconstructed baseline, no covariance).")
      .arg(arms.join(QStringLiteral(", ")));
}

bool isStep(const surv::NomogramModel& m) { return m.baseline.kind == surv::NomogramBaseline::Kind::Step; }

}  // namespace

SurvivalCurvesView::SurvivalCurvesView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
}

QSize SurvivalCurvesView::sizeHint() const { return QSize(640, 460); }
QSize SurvivalCurvesView::minimumSizeHint() const { return QSize(420, 320); }

QString SurvivalCurvesView::timeUnit() const {
  return arms_.empty() ? QStringLiteral("months") : QString::fromStdString(arms_.front().model->timeUnit);
}

void SurvivalCurvesView::setArms(std::vector<Arm> arms) {
  arms_.clear();
  for (size_t i = 0; i < arms.size(); ++i)
    if (arms[i].model) {
      if (!arms[i].color.isValid()) arms[i].color = armColor(QString::fromStdString(arms[i].model->arm), int(i));
      arms_.push_back(std::move(arms[i]));
    }
  values_.assign(arms_.size(), {});
  summaries_.assign(arms_.size(), {});
  missing_.assign(arms_.size(), {});
  assumed_.assign(arms_.size(), {});
  double h = 0;
  for (const auto& a : arms_)
    for (double t : a.model->survivalTimes) h = std::max(h, t);
  horizon_ = h > 0 ? h : 60;
  tau_ = arms_.empty() ? 36 : 36 * monthIn(arms_.front().model->timeUnit);
  for (size_t i = 0; i < arms_.size(); ++i) {
    values_[i] = arms_[i].model->referenceValues();
    recompute(i);
  }
  update();
}

void SurvivalCurvesView::setHorizon(double t) {
  if (!(t > 0)) return;
  horizon_ = t;
  for (size_t i = 0; i < arms_.size(); ++i) recompute(i);
  update();
}

void SurvivalCurvesView::setValues(int arm, const std::vector<double>& values) {
  const size_t i = static_cast<size_t>(arm);
  const auto& m = *arms_.at(i).model;
  m.linearPredictor(values);  // throws on a wrong count before anything changes
  values_[i] = values;
  missing_[i].clear();
  recompute(i);
  update();
}

void SurvivalCurvesView::setIncomplete(int arm, const QString& missing) {
  missing_.at(static_cast<size_t>(arm)) = missing.isEmpty() ? tr("inputs") : missing;
  update();
}

void SurvivalCurvesView::setAssumed(int arm, const QString& assumed) {
  assumed_.at(static_cast<size_t>(arm)) = assumed;
  update();
}

void SurvivalCurvesView::recompute(size_t i) {
  const auto& m = *arms_[i].model;
  auto& s = summaries_[i];
  s.linearPredictor = m.linearPredictor(values_[i]);
  std::vector<double> grid;
  for (int k = 0; k <= kGridPanels; ++k) grid.push_back(horizon_ * k / kGridPanels);
  grid.push_back(tau_);
  grid.insert(grid.end(), m.survivalTimes.begin(), m.survivalTimes.end());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  s.curve = m.curve(values_[i], grid);
  s.hasBand = std::any_of(s.curve.lower.begin(), s.curve.lower.end(), [](double v) { return std::isfinite(v); });
  s.medianOs = m.medianSurvival(s.linearPredictor);
  s.rmstTau = m.restrictedMean(s.linearPredictor, tau_);
  s.highRisk = m.riskGroup(s.linearPredictor) == surv::RiskGroup::High;
  const auto out = m.outOfRange(values_[i]);
  s.extrapolated = std::any_of(out.begin(), out.end(), [](bool b) { return b; });
  const auto cohort = m.outsideCohort(values_[i]);
  s.outsideCohort = std::any_of(cohort.begin(), cohort.end(), [](bool b) { return b; });
}

double SurvivalCurvesView::survivalAt(int arm, double t) const {
  const auto& s = summaries_.at(static_cast<size_t>(arm));
  const auto& c = s.curve;
  if (c.time.empty() || t < c.time.front()) return 1.0;
  if (isStep(*arms_[static_cast<size_t>(arm)].model)) return c.at(t);
  const auto it = std::upper_bound(c.time.begin(), c.time.end(), t);
  if (it == c.time.end()) return c.surv.back();
  const size_t k = static_cast<size_t>(it - c.time.begin());
  const double t0 = c.time[k - 1], t1 = c.time[k];
  return c.surv[k - 1] + (c.surv[k] - c.surv[k - 1]) * (t - t0) / (t1 - t0);  // the drawn polyline
}

QStringList SurvivalCurvesView::summaryLines() const {
  QStringList lines;
  const QString u = shortUnit(timeUnit());
  auto med = [&](double m) {
    return std::isfinite(m) ? QStringLiteral("%1 %2").arg(formatNumber(m, 1), u) : tr("not reached");
  };
  for (size_t i = 0; i < arms_.size(); ++i) {
    const auto& m = *arms_[i].model;
    const auto& s = summaries_[i];
    const auto& r = m.risk;
    if (!missing_[i].isEmpty()) {
      lines << QStringLiteral("\u26A0 ") + tr("%1: not computed, missing %2").arg(QString::fromStdString(m.arm), missing_[i]);
      continue;
    }
    //: the closing parenthesis follows after the optional "; published cut-off %1"
    QString line = tr("%1: %2 risk (lp %3 vs cut-off %4")
                       .arg(QString::fromStdString(m.arm), s.highRisk ? tr("HIGH") : tr("low"),
                            formatNumber(s.linearPredictor, 3), formatNumber(r.lpCutoff, 3));
    if (r.hasPublishedValue) line += tr("; published cut-off %1").arg(formatNumber(r.publishedValue, 3));
    line += QStringLiteral(") \u00B7 ") + tr("median OS %1").arg(med(s.medianOs)) + QStringLiteral(" \u00B7 ") +
            tr("RMST(%1 %2) %3").arg(formatNumber(tau_, 1), u, QStringLiteral("%1 %2").arg(formatNumber(s.rmstTau, 1), u));
    if (s.extrapolated) line += QStringLiteral(" \u00B7 \u26A0 ") + tr("extrapolation");
    else if (s.outsideCohort) line += QStringLiteral(" \u00B7 \u24D8 ") + tr("outside the study cohort");
    if (!assumed_[i].isEmpty()) line += QStringLiteral(" \u00B7 \u26A0 ") + tr("assumed: %1").arg(assumed_[i]);
    lines << line;
  }
  if (arms_.size() >= 2 && missing_[0].isEmpty() && missing_[1].isEmpty()) {
    const auto &a = summaries_[0], &b = summaries_[1];
    const QString na = QString::fromStdString(arms_[0].model->arm), nb = QString::fromStdString(arms_[1].model->arm);
    auto signedNum = [](double v) { return (v >= 0 ? QStringLiteral("+") : QString()) + formatNumber(v, 1); };
    const QString dMed = std::isfinite(a.medianOs) && std::isfinite(b.medianOs)
                             ? QStringLiteral("%1 %2").arg(signedNum(b.medianOs - a.medianOs), u)
                             : tr("not estimable (median not reached)");
    //: %1: second arm minus first arm, e.g. "HAIC - TACE" (with a minus sign)
    lines << tr("Expected difference %1: median OS %2, RMST at %3 %4 %5 %6")
                 .arg(QStringLiteral("%1 \u2212 %2").arg(nb, na), dMed, formatNumber(tau_, 1), u,
                      signedNum(b.rmstTau - a.rmstTau), u);
  }
  QStringList noBand, band;
  for (size_t i = 0; i < arms_.size(); ++i)
    if (missing_[i].isEmpty()) (summaries_[i].hasBand ? band : noBand) << QString::fromStdString(arms_[i].model->arm);
  if (!band.isEmpty()) lines << tr("Shaded: pointwise 95% confidence band (%1).").arg(band.join(QStringLiteral(", ")));
  if (!noBand.isEmpty()) lines << noBandLine(noBand);
  if (!arms_.empty()) lines << researchNotice() + QLatin1Char('.');
  return lines;
}

namespace {
// Height of the summary lines when wrapped to `width` (they wrap rather than hide numbers in narrow docks).
double summaryHeight(const QStringList& lines, double width, std::vector<double>* heights = nullptr) {
  const QFontMetricsF fm(labelFont(9));
  double total = 0;
  for (const auto& line : lines) {
    const double h = std::max(kLineH, fm.boundingRect(QRectF(0, 0, std::max(60.0, width), 1000), Qt::TextWordWrap, line).height() + 2);
    if (heights) heights->push_back(h);
    total += h;
  }
  return total;
}
constexpr double kSummaryIndent = 34;
}  // namespace

QRectF SurvivalCurvesView::plotRect(const QRectF& area) const {
  const double below = kAxisBelow + summaryHeight(summaryLines(), area.width() - kSummaryIndent - 6) + 6;
  return QRectF(area.left() + kLeft, area.top() + kTop, std::max(40.0, area.width() - kLeft - kRight),
                std::max(40.0, area.height() - kTop - below));
}

void SurvivalCurvesView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  render(p, QRectF(rect()));
}

void SurvivalCurvesView::render(QPainter& p, const QRectF& area) const {
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  const QRectF plot = plotRect(area);
  const QString u = timeUnit();
  p.setFont(titleFont());
  p.setPen(textColor());
  const QRectF titleRect(area.left() + 8, area.top() + 2, area.width() - 16, kTop - 6);
  p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetricsF(p.font()).elidedText(tr("Predicted overall survival by treatment arm"), Qt::ElideRight,
                                                titleRect.width()));
  // grid and axes
  p.setFont(labelFont(8.5));
  const QColor gridColor(0xE0, 0xE0, 0xE0);
  for (int k = 0; k <= 10; ++k) {
    const double s = k / 10.0, y = yForSurvival(plot, s);
    p.setPen(QPen(gridColor, 1));
    if (k % 2 == 0) p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    p.setPen(textColor());
    if (k % 2 == 0)
      p.drawText(QRectF(area.left(), y - 8, kLeft - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                 QStringLiteral("%1%").arg(k * 10));
  }
  std::vector<double> xt;
  if (u == QLatin1String("months") && horizon_ >= 24)
    for (double t = 0; t <= horizon_ + 1e-9; t += 12) xt.push_back(t);
  else xt = detail::niceTicks(0, horizon_, 6);
  const int dec = xt.size() > 1 ? detail::decimalsFor(xt[1] - xt[0]) : 0;
  for (double t : xt) {
    const double x = xForTime(plot, t);
    p.setPen(QPen(gridColor, 1));
    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    p.setPen(textColor());
    p.drawText(QRectF(x - 30, plot.bottom() + 4, 60, 16), Qt::AlignCenter, formatNumber(t, dec));
  }
  const QString unitName = u == QLatin1String("months") ? tr("months")
                           : u == QLatin1String("days")  ? tr("days")
                           : u == QLatin1String("years") ? tr("years")
                                                         : u;
  p.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 16), Qt::AlignCenter, tr("Time (%1)").arg(unitName));
  p.save();
  p.translate(area.left() + 12, plot.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-80, -10, 160, 20), Qt::AlignCenter, tr("Overall survival"));
  p.restore();
  p.setPen(QPen(axisColor(), 1.2));
  p.drawLine(plot.bottomLeft(), plot.bottomRight());
  p.drawLine(plot.bottomLeft(), plot.topLeft());
  // 50% line and the RMST horizon
  p.setPen(QPen(QColor(0x90, 0x90, 0x90), 1, Qt::DotLine));
  p.drawLine(QPointF(plot.left(), yForSurvival(plot, 0.5)), QPointF(plot.right(), yForSurvival(plot, 0.5)));
  if (tau_ < horizon_) {
    const double x = xForTime(plot, tau_);
    p.setPen(QPen(QColor(0x9A, 0x9A, 0x9A), 1, Qt::DashLine));
    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    p.setPen(QColor(0x70, 0x70, 0x70));
    p.drawText(QRectF(x + 3, plot.top() + 2, 160, 14), Qt::AlignLeft | Qt::AlignVCenter,
               tr("RMST horizon %1 %2").arg(formatNumber(tau_, 1), shortUnit(u)));
  }
  p.setClipRect(plot.adjusted(-2, -2, 2, 2));
  auto pointAt = [&](double t, double s) { return QPointF(xForTime(plot, std::min(t, horizon_)), yForSurvival(plot, s)); };
  for (size_t i = 0; i < arms_.size(); ++i) {
    if (!missing_[i].isEmpty()) continue;  // not computed: nothing to draw
    const auto& s = summaries_[i];
    const auto& c = s.curve;
    const bool step = isStep(*arms_[i].model);
    const QColor col = arms_[i].color;
    // band: upper edge forward, lower edge back (steps drawn as steps)
    if (s.hasBand) {
      QPainterPath band;
      std::vector<QPointF> up, lo;
      double prevU = 1, prevL = 1;
      for (size_t k = 0; k < c.time.size() && c.time[k] <= horizon_; ++k) {
        if (!std::isfinite(c.upper[k]) || !std::isfinite(c.lower[k])) continue;
        if (step) {
          up.push_back(pointAt(c.time[k], prevU));
          lo.push_back(pointAt(c.time[k], prevL));
        }
        up.push_back(pointAt(c.time[k], c.upper[k]));
        lo.push_back(pointAt(c.time[k], c.lower[k]));
        prevU = c.upper[k];
        prevL = c.lower[k];
      }
      if (step && !up.empty()) {
        up.push_back(pointAt(horizon_, prevU));
        lo.push_back(pointAt(horizon_, prevL));
      }
      if (up.size() > 1) {
        band.moveTo(up.front());
        for (const auto& q : up) band.lineTo(q);
        for (auto it = lo.rbegin(); it != lo.rend(); ++it) band.lineTo(*it);
        band.closeSubpath();
        QColor fill = col;
        fill.setAlpha(50);
        p.fillPath(band, fill);
      }
    }
    QPainterPath path;
    path.moveTo(pointAt(0, 1));
    double prev = 1;
    for (size_t k = 0; k < c.time.size() && c.time[k] <= horizon_; ++k) {
      if (step) path.lineTo(pointAt(c.time[k], prev));
      path.lineTo(pointAt(c.time[k], c.surv[k]));
      prev = c.surv[k];
    }
    if (step) path.lineTo(pointAt(horizon_, prev));
    p.setPen(QPen(col, 2.5, assumed_[i].isEmpty() ? Qt::SolidLine : Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
    p.drawPath(path);
    // median OS on the 50% line
    if (std::isfinite(s.medianOs) && s.medianOs <= horizon_) {
      const QPointF m = pointAt(s.medianOs, 0.5);
      QColor drop = col;
      drop.setAlpha(140);
      p.setPen(QPen(drop, 1.2, Qt::DashLine));
      p.drawLine(m, QPointF(m.x(), plot.bottom()));
      p.setPen(QPen(col.darker(120), 2));
      p.setBrush(Qt::white);
      p.drawEllipse(m, 4.5, 4.5);
      p.setBrush(Qt::NoBrush);
      p.setFont(labelFont(8.5));
      const double textY = plot.bottom() - 18 - 15 * static_cast<double>(i);
      p.drawText(QRectF(m.x() + 4, textY, 140, 14), Qt::AlignLeft | Qt::AlignVCenter,
                 tr("median %1").arg(formatNumber(s.medianOs, 1)));
    }
  }
  p.setClipping(false);
  // summary under the plot: legend with colour swatches
  p.setFont(labelFont(9));
  const QStringList lines = summaryLines();
  std::vector<double> heights;
  summaryHeight(lines, area.width() - kSummaryIndent - 6, &heights);
  QStringList noBand;
  for (size_t i = 0; i < arms_.size(); ++i)
    if (missing_[i].isEmpty() && !summaries_[i].hasBand) noBand << QString::fromStdString(arms_[i].model->arm);
  const QString noBandText = noBand.isEmpty() ? QString() : noBandLine(noBand);
  double y = plot.bottom() + kAxisBelow;
  for (int k = 0; k < lines.size(); ++k) {
    const double x = area.left() + kSummaryIndent;
    const bool armLine = k < static_cast<int>(arms_.size());
    if (armLine) {
      p.setPen(QPen(arms_[static_cast<size_t>(k)].color, 3));
      p.drawLine(QPointF(area.left() + 8, y + kLineH / 2), QPointF(area.left() + 26, y + kLineH / 2));
    }
    const bool warn = lines[k].contains(QStringLiteral("\u26A0")) || (!noBandText.isEmpty() && lines[k] == noBandText) ||
                      lines[k].startsWith(researchNotice());
    p.setPen(warn ? warningColor() : textColor());
    const QRectF r(x, y, area.right() - x - 6, heights[static_cast<size_t>(k)]);
    p.drawText(r, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, lines[k]);
    y += heights[static_cast<size_t>(k)];
  }
  p.restore();
}

bool SurvivalCurvesView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(e);
    const QRectF plot = plotRect();
    if (!arms_.empty() && plot.contains(help->pos())) {
      const double t = (help->pos().x() - plot.left()) / plot.width() * horizon_;
      QString tip = QStringLiteral("t = %1 %2").arg(formatNumber(t, 1), timeUnit());
      for (int i = 0; i < armCount(); ++i)
        if (isComputed(i))
        tip += QStringLiteral("<br>%1: S = %2%").arg(QString::fromStdString(arms_[static_cast<size_t>(i)].model->arm),
                                                    formatNumber(100 * survivalAt(i, t), 1));
      QToolTip::showText(help->globalPos(), tip, this);
    } else {
      QToolTip::showText(help->globalPos(), summaryLines().join(QStringLiteral("<br>")), this);
    }
    return true;
  }
  return QWidget::event(e);
}

}  // namespace hccws::nomo
