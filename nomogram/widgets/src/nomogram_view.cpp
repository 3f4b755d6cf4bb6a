#include "hccws/nomogram/nomogram_view.h"

#include "axis_ticks.h"
#include "hccws/nomogram/nomogram_style.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace hccws::nomo {

namespace {

constexpr double kTitleH = 26, kBannerH = 24, kFooterH = 42, kRightMargin = 40;

QString variableLabel(const surv::NomogramVariable& v) {
  QString s = QString::fromStdString(v.label.empty() ? v.name : v.label);
  // A unit in parentheses, except "probability" (the axis runs 0..1; the label column has no room for it).
  if (!v.unit.empty() && v.unit != "probability" && v.kind == surv::VariableKind::Continuous)
    s += QStringLiteral(" (%1)").arg(QString::fromStdString(v.unit));
  return s;
}

QString valueText(const surv::NomogramVariable& v, double value) {
  for (const auto& l : v.levels)
    if (l.value == value) return QString::fromStdString(l.label);
  QString s = formatNumber(value, 3);
  if (!v.unit.empty() && v.unit != "count" && v.kind == surv::VariableKind::Continuous)
    s += QLatin1Char(' ') + QString::fromStdString(v.unit);
  return s;
}

// Draws `text` centred at x below (or above) an axis line, never left of `minLeft` (the label column), unless it
// would overlap a label already drawn on the same axis. Returns whether it was drawn.
}  // namespace

bool NomogramView::tickLabel(QPainter& p, std::vector<QRectF>& taken, double x, double y, const QString& text, bool above,
                             double minLeft) const {
  const QFontMetricsF fm(p.font());
  const double w = fm.horizontalAdvance(text), h = fm.height();
  QRectF r(std::max(x - w / 2, minLeft), above ? y - 5 - h : y + 5, w, h);
  const QRectF padded = r.adjusted(-3, 0, 3, 0);
  for (const auto& t : taken)
    if (t.intersects(padded)) return false;
  taken.push_back(padded);
  if (!renderArea_.contains(r)) ++clippedAxisTexts_;
  p.drawText(r, Qt::AlignCenter, text);
  return true;
}

NomogramView::NomogramView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
  setToolTip(QString());  // tooltips are per row (event())
}

void NomogramView::setModel(std::shared_ptr<const surv::NomogramModel> model, QColor color) {
  model_ = std::move(model);
  color_ = color.isValid() ? color : armColor(model_ ? QString::fromStdString(model_->arm) : QString());
  values_ = model_ ? model_->referenceValues() : std::vector<double>();
  recompute();
}

void NomogramView::setPresent(const std::vector<bool>& present, const QStringList& missingLabels) {
  present_ = present;
  missing_ = missingLabels;
  update();
}

void NomogramView::setNote(const QString& note) {
  note_ = note;
  update();
}

void NomogramView::setValues(const std::vector<double>& values) {
  if (!model_) return;
  const std::vector<double> old = values_;
  values_ = values;
  try {
    recompute();
  } catch (...) {
    values_ = old;
    recompute();
    throw;
  }
}

void NomogramView::recompute() {
  points_.clear();
  survival_.clear();
  outOfRange_.clear();
  outsideCohort_.clear();
  total_ = lp_ = 0;
  if (model_) {
    points_ = model_->pointsPerVariable(values_);
    total_ = model_->totalPoints(values_);
    lp_ = model_->linearPredictor(values_);
    for (double t : model_->survivalTimes) survival_.push_back(model_->survival(t, lp_));
    outOfRange_ = model_->outOfRange(values_);
    outsideCohort_ = model_->outsideCohort(values_);
    // a value beyond the axis is extrapolation; saying it is also outside the cohort adds nothing
    for (size_t j = 0; j < outsideCohort_.size(); ++j) outsideCohort_[j] = outsideCohort_[j] && !outOfRange_[j];
  }
  update();
}

QString NomogramView::extrapolationText() const {
  if (!model_) return {};
  QStringList parts;
  for (int j = 0; j < model_->size(); ++j) {
    if (!outOfRange_[j]) continue;
    const auto& v = model_->variables[j];
    parts << tr("%1 = %2 is outside the modelled range %3-%4")
                 .arg(QString::fromStdString(v.label.empty() ? v.name : v.label), valueText(v, values_[j]),
                      formatNumber(v.min, 3), formatNumber(v.max, 3));
  }
  if (parts.isEmpty()) return {};
  return tr("Extrapolation: %1. The model is evaluated beyond its data.").arg(parts.join(QStringLiteral("; ")));
}

QString NomogramView::cohortText() const {
  if (!model_) return {};
  QStringList parts;
  for (int j = 0; j < model_->size(); ++j) {
    if (!outsideCohort_[j]) continue;
    const auto& v = model_->variables[j];
    const auto& c = *v.cohort;
    const QString range = std::isfinite(c.min) && std::isfinite(c.max)
                              ? QStringLiteral("%1-%2").arg(formatNumber(c.min, 3), formatNumber(c.max, 3))
                          : std::isfinite(c.min) ? QStringLiteral("\u2265 %1").arg(formatNumber(c.min, 3))
                                                 : QStringLiteral("\u2264 %1").arg(formatNumber(c.max, 3));
    parts << tr("%1 = %2 is outside the study cohort's range (%3)")
                 .arg(QString::fromStdString(v.label.empty() ? v.name : v.label), valueText(v, values_[j]), range);
  }
  if (parts.isEmpty()) return {};
  return tr("%1: the model was not fitted on such patients.").arg(parts.join(QStringLiteral("; ")));
}

int NomogramView::totalPointsRow() const { return 1 + (model_ ? model_->size() : 0); }

NomogramView::Layout NomogramView::layout(const QRectF& area) const {
  Layout l;
  const double labelW = std::clamp(area.width() * 0.26, 130.0, 250.0);
  l.axisLeft = area.left() + labelW + 18;
  l.axisWidth = std::max(50.0, area.right() - kRightMargin - l.axisLeft);
  if (!model_) return l;
  l.pointsMax = model_->pointsMax;
  double tmax = 0;
  for (int j = 0; j < model_->size(); ++j) {
    const auto& v = model_->variables[j];
    tmax += std::max(model_->points(j, v.min), model_->points(j, v.max));
  }
  l.totalPointsMax = tmax > 0 ? tmax : l.pointsMax;
  const int rows = totalPointsRow() + 2 + static_cast<int>(model_->survivalTimes.size());
  const double banner = bannerHeight(area.width()), footer = footerHeight(area.width());
  const double top = area.top() + kTitleH + banner;
  const double rowH = std::clamp((area.height() - kTitleH - banner - footer) / rows, 24.0, 64.0);
  for (int r = 0; r < rows; ++r) l.rowY.push_back(std::round(top + rowH * (r + 0.45)));
  return l;
}

QSize NomogramView::sizeHint() const { return QSize(820, 560); }
QSize NomogramView::minimumSizeHint() const { return QSize(480, 360); }

void NomogramView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  render(p, QRectF(rect()));
}

void NomogramView::render(QPainter& p, const QRectF& area) const {
  elidedLabels_ = 0;
  clippedAxisTexts_ = 0;
  renderArea_ = area;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  if (!model_) {
    p.setFont(labelFont(11));
    p.setPen(textColor());
    p.drawText(area, Qt::AlignCenter, tr("No nomogram model loaded"));
    p.restore();
    return;
  }
  const Layout l = layout(area);
  // title
  p.setFont(titleFont());
  p.setPen(textColor());
  p.fillRect(QRectF(area.left() + 8, area.top() + 8, 12, 12), color_);
  const QRectF titleRect(area.left() + 26, area.top() + 2, area.width() - 30, kTitleH - 2);
  const QString title = QString::fromStdString(model_->title);
  // A long title is set a little smaller before anything is cut (down to 80 % of the title font).
  for (double scale = 0.95; scale >= 0.8 && QFontMetricsF(p.font()).horizontalAdvance(title) > titleRect.width();
       scale -= 0.05) {
    QFont f = titleFont();
    f.setPointSizeF(titleFont().pointSizeF() * scale);
    p.setFont(f);
  }
  const QString shownTitle = QFontMetricsF(p.font()).elidedText(title, Qt::ElideRight, titleRect.width());
  if (shownTitle != title) ++elidedLabels_;
  p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, shownTitle);
  // extrapolation banner, else the outside-the-cohort note (space always reserved so the axes do not jump;
  // a long text wraps onto more lines rather than being cut)
  if (const QString text = bannerText(); !text.isEmpty()) {
    const bool warn = !extrapolationText().isEmpty();
    const QRectF banner(area.left() + 6, area.top() + kTitleH, area.width() - 12, bannerHeight(area.width()) - 4);
    p.fillRect(banner, warn ? warningBackground() : cohortBackground());
    p.setPen(warn ? warningColor() : cohortColor());
    p.setFont(labelFont(9));
    p.drawText(banner.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, text);
  }

  auto rowLabel = [&](int row, const QString& text, bool warn) {
    p.setFont(labelFont(9.5));
    p.setPen(warn ? warningColor() : textColor());
    // long labels wrap onto two lines; what still does not fit is elided at the end (the tooltip has it all)
    const QRectF r(area.left() + 6, l.rowY[row] - 17, l.axisLeft - area.left() - 24, 34);
    const QString full = (warn ? QStringLiteral("\u26A0 ") : QString()) + text;
    const QFontMetricsF fm(p.font());
    if (fm.boundingRect(r, Qt::AlignRight | Qt::TextWordWrap, full).height() <= r.height())
      p.drawText(r, Qt::AlignRight | Qt::AlignVCenter | Qt::TextWordWrap, full);
    else {
      ++elidedLabels_;
      p.drawText(r, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(full, Qt::ElideRight, r.width()));
    }
  };
  const QPen axisPen(axisColor(), 1.2);

  // Points axis
  {
    const double y = l.rowY[0];
    rowLabel(0, tr("Points"), false);
    p.setPen(axisPen);
    p.drawLine(QPointF(l.xForPoints(0), y), QPointF(l.xForPoints(l.pointsMax), y));
    p.setFont(labelFont(8.5));
    std::vector<QRectF> taken;
    const auto ticks = detail::niceTicks(0, l.pointsMax, 10);
    const int dec = ticks.size() > 1 ? detail::decimalsFor(ticks[1] - ticks[0]) : 0;
    for (double t : ticks) {
      p.setPen(axisPen);
      p.drawLine(QPointF(l.xForPoints(t), y - 4), QPointF(l.xForPoints(t), y + 4));
      p.setPen(textColor());
      tickLabel(p, taken, l.xForPoints(t), y, formatNumber(t, dec));
    }
    for (double t : detail::niceTicks(0, l.pointsMax, 20)) {
      p.setPen(axisPen);
      p.drawLine(QPointF(l.xForPoints(t), y - 2), QPointF(l.xForPoints(t), y + 2));
    }
  }
  for (int j = 0; j < model_->size(); ++j) {
    rowLabel(1 + j, variableLabel(model_->variables[j]), outOfRange_[j]);
    drawVariableRow(p, l, j, l.rowY[1 + j]);
  }
  drawTotalRows(p, l, area);
  p.restore();
}

void NomogramView::drawVariableRow(QPainter& p, const Layout& l, int j, double y) const {
  const auto& v = model_->variables[j];
  const QPen axisPen(axisColor(), 1.2);
  const double x0 = l.xForPoints(model_->points(j, v.min)), x1 = l.xForPoints(model_->points(j, v.max));
  p.setPen(axisPen);
  p.drawLine(QPointF(std::min(x0, x1), y), QPointF(std::max(x0, x1), y));
  p.setFont(labelFont(8.5));
  std::vector<QRectF> taken;
  if (!v.levels.empty()) {
    for (const auto& level : v.levels) {
      const double x = l.xForPoints(model_->points(j, level.value));
      p.setPen(axisPen);
      p.drawLine(QPointF(x, y - 4), QPointF(x, y + 4));
      p.setPen(textColor());
      // level names that collide below the axis go one text line lower (above is the marker's points label)
      const QString name = QString::fromStdString(level.label);
      if (!tickLabel(p, taken, x, y, name, false, l.axisLeft - 8))
        tickLabel(p, taken, x, y + QFontMetricsF(p.font()).height(), name, false, l.axisLeft - 8);
    }
  } else {
    const double pixels = std::fabs(x1 - x0);
    const auto ticks = detail::niceTicks(v.min, v.max, std::max(1, static_cast<int>(pixels / 55)));
    const int dec = ticks.size() > 1 ? detail::decimalsFor(ticks[1] - ticks[0]) : 2;
    // the ends of the range first, so they are never hidden by a neighbour
    std::vector<double> order{v.min, v.max};
    order.insert(order.end(), ticks.begin(), ticks.end());
    for (double t : order) {
      const double x = l.xForPoints(model_->points(j, t));
      p.setPen(axisPen);
      p.drawLine(QPointF(x, y - 4), QPointF(x, y + 4));
      p.setPen(textColor());
      tickLabel(p, taken, x, y, formatNumber(t, std::max(dec, t == v.min || t == v.max ? detail::decimalsFor(t) : 0)));
    }
  }
  // the patient's marker (none for a missing input)
  if (j < static_cast<int>(present_.size()) && !present_[static_cast<size_t>(j)]) return;
  const bool warn = outOfRange_[j];
  const double xm = std::clamp(l.xForPoints(points_[j]), l.axisLeft - 14, l.axisLeft + l.axisWidth + 14);
  p.setPen(outsideCohort_[j] ? QPen(cohortColor(), 2.0) : QPen(Qt::white, 1.5));
  p.setBrush(warn ? warningColor() : color_);
  p.drawEllipse(QPointF(xm, y), 5.5, 5.5);
  p.setBrush(Qt::NoBrush);
  p.setFont(labelFont(8));
  p.setPen(warn ? warningColor() : color_.darker(130));
  std::vector<QRectF> none;
  tickLabel(p, none, xm, y - 2, tr("%1 pts").arg(formatNumber(points_[j], 1)), true);
}

void NomogramView::drawTotalRows(QPainter& p, const Layout& l, const QRectF& area) const {
  const QPen axisPen(axisColor(), 1.2);
  const int rt = totalPointsRow();
  const double axisRight = l.axisLeft + l.axisWidth;
  auto label = [&](int row, const QString& text) {
    p.setFont(labelFont(9.5));
    p.setPen(textColor());
    p.drawText(QRectF(area.left() + 6, l.rowY[row] - 12, l.axisLeft - area.left() - 24, 24),
               Qt::AlignRight | Qt::AlignVCenter, text);
  };
  auto axis = [&](double y) {
    p.setPen(axisPen);
    p.drawLine(QPointF(l.axisLeft, y), QPointF(axisRight, y));
  };
  auto tick = [&](double x, double y) {
    p.setPen(axisPen);
    p.drawLine(QPointF(x, y - 4), QPointF(x, y + 4));
  };
  // Total points
  {
    const double y = l.rowY[rt];
    label(rt, tr("Total points"));
    axis(y);
    p.setFont(labelFont(8.5));
    std::vector<QRectF> taken;
    const auto ticks = detail::niceTicks(0, l.totalPointsMax, std::max(2, static_cast<int>(l.axisWidth / 70)));
    const int dec = ticks.size() > 1 ? detail::decimalsFor(ticks[1] - ticks[0]) : 0;
    for (double t : ticks) {
      tick(l.xForTotalPoints(t), y);
      p.setPen(textColor());
      tickLabel(p, taken, l.xForTotalPoints(t), y, formatNumber(t, dec));
    }
  }
  // Linear predictor: ticks at the total points giving a round lp
  const double lp0 = model_->lpAtZeroPoints(), lp1 = model_->lpFromPoints(l.totalPointsMax);
  {
    const double y = l.rowY[rt + 1];
    label(rt + 1, tr("Linear predictor"));
    axis(y);
    p.setFont(labelFont(8.5));
    std::vector<QRectF> taken;
    const auto ticks = detail::niceTicks(lp0, lp1, std::max(2, static_cast<int>(l.axisWidth / 80)));
    const int dec = ticks.size() > 1 ? detail::decimalsFor(ticks[1] - ticks[0]) : 1;
    for (double v : ticks) {
      const double x = l.xForTotalPoints((v - lp0) * model_->pointsScale());
      tick(x, y);
      p.setPen(textColor());
      tickLabel(p, taken, x, y, formatNumber(v, dec));
    }
  }
  // Survival axes: S(t | total points) from the core, ticks where S crosses round probabilities
  static const double kProbs[] = {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55,
                                  0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99};
  for (size_t k = 0; k < model_->survivalTimes.size(); ++k) {
    const int row = rt + 2 + static_cast<int>(k);
    const double y = l.rowY[row], t = model_->survivalTimes[k];
    label(row, tr("%1 survival").arg(survivalTimeLabel(t, model_->timeUnit)));
    auto sAt = [&](double total) { return model_->survival(t, model_->lpFromPoints(total)); };
    const double sHi = sAt(0), sLo = sAt(l.totalPointsMax);  // S falls as points rise (positive lp slope)
    const double xa = l.xForTotalPoints(0), xb = l.xForTotalPoints(l.totalPointsMax);
    p.setPen(axisPen);
    p.drawLine(QPointF(xa, y), QPointF(xb, y));
    p.setFont(labelFont(8.5));
    std::vector<QRectF> taken;
    for (double s : kProbs) {
      if (!(s < sHi && s > sLo)) continue;
      double a = 0, b = l.totalPointsMax;  // bisection on the core's monotone S(t | points)
      for (int it = 0; it < 60; ++it) {
        const double m = 0.5 * (a + b);
        (sAt(m) > s ? a : b) = m;
      }
      const double x = l.xForTotalPoints(0.5 * (a + b));
      tick(x, y);
      p.setPen(textColor());
      tickLabel(p, taken, x, y, formatNumber(s, 2));
    }
  }
  if (!missing_.isEmpty()) {
    // Incomplete inputs: no total, no survival, no risk group; say what is missing (exports included).
    drawFooter(p, area);
    return;
  }
  // The patient: triangle on Total points, guide line down, read-outs
  const bool warnTotal = total_ < 0 || total_ > l.totalPointsMax ||
                         std::any_of(outOfRange_.begin(), outOfRange_.end(), [](bool b) { return b; });
  const QColor mc = warnTotal ? warningColor() : color_;
  const double xm = std::clamp(l.xForTotalPoints(total_), l.axisLeft - 14, axisRight + 14);
  const double yt = l.rowY[rt];
  const double yEnd = l.rowY.back();
  QColor guide = mc;
  guide.setAlpha(150);
  p.setPen(QPen(guide, 1.5, Qt::DashLine));
  p.drawLine(QPointF(xm, yt + 2), QPointF(xm, yEnd));
  QPainterPath tri;
  tri.moveTo(xm, yt);
  tri.lineTo(xm - 7, yt - 12);
  tri.lineTo(xm + 7, yt - 12);
  tri.closeSubpath();
  p.setPen(Qt::NoPen);
  p.setBrush(mc);
  p.drawPath(tri);
  p.setBrush(Qt::NoBrush);
  // read-outs in small boxes beside the guide line
  auto readout = [&](double y, const QString& text) {
    p.setFont(labelFont(8.5));
    const QFontMetricsF fm(p.font());
    const double w = fm.horizontalAdvance(text) + 8, h = fm.height() + 2;
    const double x = xm + 6 + w < axisRight + kRightMargin - 2 ? xm + 6 : xm - 6 - w;
    const QRectF box(x, y - h - 3, w, h);
    p.setPen(QPen(mc, 1));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRoundedRect(box, 3, 3);
    p.setBrush(Qt::NoBrush);
    p.setPen(textColor());
    p.drawText(box, Qt::AlignCenter, text);
  };
  readout(yt - 12, tr("%1 pts").arg(formatNumber(total_, 1)));
  readout(l.rowY[rt + 1], tr("lp %1").arg(formatNumber(lp_, 3)));
  for (size_t k = 0; k < survival_.size(); ++k)
    readout(l.rowY[rt + 2 + static_cast<int>(k)], QStringLiteral("%1%").arg(formatNumber(100 * survival_[k], 1)));
  drawFooter(p, area);
}

std::vector<NomogramView::FooterLine> NomogramView::footerLines() const {
  std::vector<FooterLine> lines;
  if (!model_) return lines;
  QFont noticeFont = labelFont(8.5);
  noticeFont.setItalic(true);
  if (!missing_.isEmpty()) {
    lines.push_back({QStringLiteral("\u26A0 ") + tr("Not computed: missing %1").arg(missing_.join(QStringLiteral(", "))),
                     labelFont(9.5), warningColor()});
    lines.push_back({researchNotice(), noticeFont, warningColor()});
    return lines;
  }
  // risk group and cut-offs
  const auto& r = model_->risk;
  const bool high = model_->riskGroup(lp_) == surv::RiskGroup::High;
  QString footer = tr("Risk group: %1 (lp %2 %3 cut-off %4 [%5]")
                       .arg(high ? tr("HIGH") : tr("low"), formatNumber(lp_, 3),
                            QString(high == r.highIfAbove ? QStringLiteral(">") : QStringLiteral("\u2264")),
                            formatNumber(r.lpCutoff, 3), statusLabel(r.source.status));
  if (r.hasPublishedValue)
    footer += tr("; published cut-off %1 on %2").arg(formatNumber(r.publishedValue, 3),
                                                                 QString::fromStdString(r.publishedScale));
  footer += QLatin1Char(')');
  lines.push_back({footer, labelFont(9), high ? warningColor() : textColor()});
  // the notice travels with every rendering, exports included
  const QString notice = tr("%1. Model: %2").arg(researchNotice(), QString::fromStdString(model_->provenance.kind));
  lines.push_back({note_.isEmpty() ? notice : QStringLiteral("\u26A0 ") + note_ + QStringLiteral(" \u00B7 ") + notice,
                   noticeFont, warningColor()});
  return lines;
}

namespace {
// The height of `text` wrapped at `width` in `font` (at least one line).
double wrappedHeight(const QString& text, const QFont& font, double width) {
  const QFontMetricsF fm(font);
  return std::max(fm.height(), fm.boundingRect(QRectF(0, 0, std::max(10.0, width), 1e6),
                                               Qt::AlignLeft | Qt::TextWordWrap, text).height());
}
}  // namespace

QStringList NomogramView::footerTexts() const {
  QStringList out;
  for (const auto& line : footerLines()) out << line.text;
  return out;
}

double NomogramView::footerHeight(double width) const {
  double h = 4;
  for (const auto& line : footerLines()) h += wrappedHeight(line.text, line.font, width - 16) + 2;
  return std::max(kFooterH, h);
}

QString NomogramView::bannerText() const {
  const QString extra = extrapolationText();
  if (!extra.isEmpty()) return QStringLiteral("\u26A0 ") + extra;
  const QString cohort = cohortText();
  return cohort.isEmpty() ? QString() : QStringLiteral("\u24D8 ") + cohort;
}

double NomogramView::bannerHeight(double width) const {
  const QString text = bannerText();
  if (text.isEmpty()) return kBannerH;
  return std::max(kBannerH, wrappedHeight(text, labelFont(9), width - 24) + 8);
}

void NomogramView::drawFooter(QPainter& p, const QRectF& area) const {
  // Wrapped, never cut: the footer's height follows its text (layout() leaves the room).
  double y = area.bottom() - footerHeight(area.width()) + 2;
  for (const auto& line : footerLines()) {
    const double h = wrappedHeight(line.text, line.font, area.width() - 16);
    p.setFont(line.font);
    p.setPen(line.colour);
    p.drawText(QRectF(area.left() + 8, y, area.width() - 16, h), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, line.text);
    y += h + 2;
  }
}

QString NomogramView::rowTooltip(int row) const {
  if (!model_) return {};
  const int rt = totalPointsRow();
  if (row == 0)
    return tr("Points per variable: 0 to %1 (the most influential variable spans the whole axis, as in "
              "rms::nomogram).").arg(formatNumber(model_->pointsMax, 0));
  if (row < rt) {
    const int j = row - 1;
    const auto& v = model_->variables[j];
    QString tip = tr("<b>%1</b><br>value %2 &rarr; %3 points<br>beta %4 (HR %5 per %6)<br>modelled range %7-%8")
                      .arg(variableLabel(v).toHtmlEscaped(), valueText(v, values_[j]).toHtmlEscaped(),
                           formatNumber(points_[j], 2), formatNumber(v.beta, 4), formatNumber(std::exp(v.beta), 3),
                           v.unit.empty() || v.kind != surv::VariableKind::Continuous ? tr("unit")
                                                                                       : QString::fromStdString(v.unit).toHtmlEscaped(),
                           formatNumber(v.min, 3), formatNumber(v.max, 3));
    if (!v.coding.empty()) tip += tr("<br>coding: ") + QString::fromStdString(v.coding).toHtmlEscaped();
    tip += tr("<br>source: <b>%1</b> - %2")
               .arg(statusLabel(v.source.status), QString::fromStdString(v.source.note).toHtmlEscaped());
    if (v.cohort)
      tip += tr("<br>study cohort: %1").arg(QString::fromStdString(v.cohort->note).toHtmlEscaped());
    if (outOfRange_[j]) tip += tr("<br><b>Outside the modelled range: extrapolation.</b>");
    if (outsideCohort_[j]) tip += tr("<br><b>Outside the study cohort's range: the model was not fitted on such patients.</b>");
    return tip;
  }
  if (row == rt) return tr("Total points = sum of the variables' points: %1").arg(formatNumber(total_, 2));
  if (row == rt + 1)
    return tr("Linear predictor lp = sum beta (x - centre) = %1 + total points / %2; current %3")
        .arg(formatNumber(model_->lpAtZeroPoints(), 4), formatNumber(model_->pointsScale(), 4), formatNumber(lp_, 4));
  const size_t k = static_cast<size_t>(row - rt - 2);
  if (k >= survival_.size()) return {};
  return tr("S(%1 | x) = S0(t)^exp(lp) = %2%<br>baseline: <b>%3</b> - %4")
      .arg(survivalTimeLabel(model_->survivalTimes[k], model_->timeUnit), formatNumber(100 * survival_[k], 2),
           statusLabel(model_->baseline.source.status), QString::fromStdString(model_->baseline.source.note).toHtmlEscaped());
}

bool NomogramView::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip && model_) {
    auto* help = static_cast<QHelpEvent*>(e);
    const Layout l = layout();
    int best = -1;
    double bestD = 1e9;
    for (size_t r = 0; r < l.rowY.size(); ++r) {
      const double d = std::fabs(help->pos().y() - (l.rowY[r] - 4));
      if (d < bestD) {
        bestD = d;
        best = static_cast<int>(r);
      }
    }
    if (best >= 0 && bestD < 22) QToolTip::showText(help->globalPos(), rowTooltip(best), this);
    else QToolTip::hideText();
    return true;
  }
  return QWidget::event(e);
}

}  // namespace hccws::nomo
