#include "hccws/nomogram/cohort_view.h"

#include "hccws/nomogram/nomogram_style.h"
#include "plot_frame.h"

#include <QFontMetricsF>
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

const QColor kLow(0x1f, 0x77, 0xb4), kHigh(0xd6, 0x27, 0x28), kModel(0x2c, 0x7f, 0x2c), kGrey(0x80, 0x80, 0x80);

struct Layout {
  QRectF header, footer;
  QRectF cells[6];
};

Layout layoutOf(const QRectF& area) {
  Layout l;
  const double headH = std::min(70.0, area.height() * 0.14), footH = std::min(22.0, area.height() * 0.05);
  l.header = QRectF(area.left(), area.top(), area.width(), headH);
  l.footer = QRectF(area.left(), area.bottom() - footH, area.width(), footH);
  const double top = area.top() + headH, h = (area.height() - headH - footH) / 2, w = area.width() / 3;
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) l.cells[r * 3 + c] = QRectF(area.left() + c * w, top + r * h, w, h);
  return l;
}

void stepCurve(QPainter& p, const Plot& pl, const std::vector<double>& t, const std::vector<double>& s, const QPen& pen, double tMax) {
  QPainterPath path(pl.at(0, 1));
  double last = 1;
  for (std::size_t k = 0; k < t.size() && t[k] <= tMax; ++k) {
    path.lineTo(pl.at(t[k], last));
    path.lineTo(pl.at(t[k], s[k]));
    last = s[k];
  }
  path.lineTo(pl.at(std::min(tMax, t.empty() ? tMax : std::max(t.back(), 0.0)), last));
  p.setPen(pen);
  p.setBrush(Qt::NoBrush);
  p.drawPath(path);
}

double lastTime(const surv::ValidationResult& v) {
  double t = 0;
  for (const auto& c : v.byRiskGroup.curves)
    if (!c.time.empty()) t = std::max(t, c.time.back());
  return t;
}

}  // namespace

CohortView::CohortView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(600, 420);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void CohortView::setData(std::shared_ptr<const CohortViewData> data) {
  data_ = std::move(data);
  horizon_ = data_ ? std::clamp(horizon_, 0, std::max(0, static_cast<int>(data_->validation.horizons.size()) - 1)) : 0;
  update();
}

void CohortView::setHorizon(int index) {
  if (!data_ || index < 0 || index >= static_cast<int>(data_->validation.horizons.size())) return;
  horizon_ = index;
  update();
}

QRectF CohortView::panelRect(Panel panel) const { return layoutOf(QRectF(rect())).cells[static_cast<int>(panel)]; }

void CohortView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::white);
  render(p, QRectF(rect()));
}

void CohortView::render(QPainter& p, const QRectF& area) const {
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(area, Qt::white);
  const Layout l = layoutOf(area);
  QFont f = p.font();
  const double fs = std::clamp(area.height() / 55.0, 8.0, 14.0);
  f.setPixelSize(static_cast<int>(fs));
  p.setFont(f);
  if (!data_) {
    p.setPen(kGrey);
    p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
               tr("No cohort loaded: choose a mapping, the cohort's table and a model, then Validate"));
    p.restore();
    return;
  }
  const auto& d = *data_;
  const auto& v = d.validation;
  // header
  QFont bold = f;
  bold.setBold(true);
  bold.setPixelSize(static_cast<int>(fs * 1.2));
  p.setFont(bold);
  p.setPen(QColor(0x1f, 0x3a, 0x5f));
  p.drawText(QRectF(l.header.left() + 6, l.header.top() + 2, l.header.width() - 12, fs * 1.6), Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetricsF(bold).elidedText(tr("%1 on %2").arg(d.model, d.cohort), Qt::ElideRight, l.header.width() - 12));
  p.setFont(f);
  p.setPen(Qt::black);
  QString line = tr("n %1, %2 deaths; Harrell's C %3 (SE %4), Uno's C %5; calibration slope %6 (SE %7); IBS to %8 months %9")
                     .arg(v.n).arg(v.events).arg(num(v.harrellC, 3), num(v.harrellSe, 3), num(v.unoC, 3), num(v.slope, 2),
                                                 num(v.slopeSe, 2), num(v.ibsTau, 0), num(v.ibs, 3));
  if (!d.dataNote.isEmpty()) line += QStringLiteral(". ") + d.dataNote;
  p.drawText(QRectF(l.header.left() + 6, l.header.top() + fs * 1.8, l.header.width() - 12, l.header.height() - fs * 1.8),
             Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
             line + (d.assumedNote.isEmpty() ? QString() : QStringLiteral("\n") + d.assumedNote));
  const double tMax = std::min(60.0, std::max(12.0, std::ceil(lastTime(v) / 12.0) * 12.0));

  // 1. Kaplan-Meier by the model's risk group
  {
    Plot pl = axes(p, l.cells[0], tr("Observed survival by the model's risk group"), tr("months"), tr("survival"), 0, tMax, 0, 1, 12, 0.2);
    std::vector<std::pair<QString, QPen>> items;
    for (const auto& c : v.byRiskGroup.curves) {
      const QPen pen(c.group ? kHigh : kLow, 2);
      stepCurve(p, pl, c.time, c.surv, pen, tMax);
      items.push_back({(c.group ? tr("high risk (n %1)") : tr("low risk (n %1)")).arg(c.nRisk.empty() ? 0 : static_cast<int>(c.nRisk.front())), pen});
    }
    legend(p, pl, items);
    p.setPen(Qt::black);
    p.drawText(QRectF(pl.frame.left() + 4, pl.frame.bottom() - 1.6 * p.font().pixelSize(), pl.frame.width(), 1.4 * p.font().pixelSize()),
               Qt::AlignLeft, v.byRiskGroup.curves.size() > 1 ? tr("log-rank %1").arg(pText(v.byRiskGroup.logRank.p)) : tr("one risk group only"));
  }
  const surv::HorizonValidation* h = v.horizons.empty() ? nullptr : &v.horizons[static_cast<std::size_t>(horizon_)];
  // 2. calibration at the horizon
  if (h) {
    Plot pl = axes(p, l.cells[1], tr("Calibration at %1 months").arg(num(h->t, 0)), tr("predicted survival"), tr("observed (Kaplan-Meier)"), 0, 1, 0, 1,
                   0.2, 0.2, 1, 1);
    p.setPen(QPen(kGrey, 1, Qt::DashLine));
    p.drawLine(pl.at(0, 0), pl.at(1, 1));
    for (const auto& g : h->calibration.groups) {
      p.setPen(QPen(kModel, 1.5));
      p.drawLine(pl.at(g.predicted, g.lower), pl.at(g.predicted, g.upper));
      p.setBrush(kModel);
      p.drawEllipse(pl.at(g.predicted, g.observed), 3.5, 3.5);
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(Qt::black);
    p.drawText(QRectF(pl.frame.left() + 4, pl.frame.top() + 2, pl.frame.width() - 8, 1.4 * p.font().pixelSize()), Qt::AlignLeft,
               tr("%1 groups; mean |obs - pred| %2").arg(h->calibration.groups.size()).arg(num(h->calibration.meanAbsError, 3)));
  }
  // 3. td-AUC over time
  {
    Plot pl = axes(p, l.cells[2], tr("Time-dependent AUC"), tr("months"), tr("AUC"), 0, tMax, 0.3, 1, 12, 0.1);
    p.setPen(QPen(kGrey, 1, Qt::DashLine));
    p.drawLine(pl.at(0, 0.5), pl.at(tMax, 0.5));
    QPainterPath band, line;
    bool first = true;
    for (const auto& hv : v.horizons) {
      if (hv.t > tMax) continue;
      const QPointF pt = pl.at(hv.t, std::clamp(hv.auc, 0.3, 1.0));
      if (first) line.moveTo(pt);
      else line.lineTo(pt);
      first = false;
      if (std::isfinite(hv.aucSe)) {
        p.setPen(QPen(QColor(0x2c, 0x7f, 0x2c, 110), 5));
        p.drawLine(pl.at(hv.t, std::clamp(hv.auc - 1.96 * hv.aucSe, 0.3, 1.0)), pl.at(hv.t, std::clamp(hv.auc + 1.96 * hv.aucSe, 0.3, 1.0)));
      }
    }
    p.setPen(QPen(kModel, 2));
    p.drawPath(line);
  }
  // 4. decision curve at the horizon
  if (h) {
    double yMin = 0, yMax = 0.05;
    for (const auto& dp : h->decision) yMax = std::max({yMax, dp.model, dp.all});
    yMin = -0.1 * yMax;
    const double step = yMax > 0.5 ? 0.2 : yMax > 0.2 ? 0.1 : 0.05;
    Plot pl = axes(p, l.cells[3], tr("Decision curve at %1 months").arg(num(h->t, 0)), tr("threshold probability of death"), tr("net benefit"), 0, 1,
                   yMin, yMax * 1.05, 0.2, step, 1, 2);
    p.save();
    p.setClipRect(pl.frame);
    QPainterPath model, all;
    for (std::size_t k = 0; k < h->decision.size(); ++k) {
      const auto& dp = h->decision[k];
      if (k == 0) {
        model.moveTo(pl.at(dp.threshold, dp.model));
        all.moveTo(pl.at(dp.threshold, dp.all));
      } else {
        model.lineTo(pl.at(dp.threshold, dp.model));
        all.lineTo(pl.at(dp.threshold, dp.all));
      }
    }
    p.setPen(QPen(kGrey, 1.5));
    p.drawLine(pl.at(0, 0), pl.at(1, 0));
    p.setPen(QPen(kHigh, 1.5, Qt::DashLine));
    p.drawPath(all);
    p.setPen(QPen(kModel, 2));
    p.drawPath(model);
    p.restore();
    legend(p, pl, {{tr("model"), QPen(kModel, 2)}, {tr("treat all"), QPen(kHigh, 1.5, Qt::DashLine)}, {tr("treat none"), QPen(kGrey, 1.5)}});
  }
  // 5. the linear predictor's distribution, the cut-off and the patient
  {
    const auto& lp = v.lp;
    double lo = lp.empty() ? -1 : *std::min_element(lp.begin(), lp.end()), hi = lp.empty() ? 1 : *std::max_element(lp.begin(), lp.end());
    if (d.patientLp) {
      lo = std::min(lo, *d.patientLp);
      hi = std::max(hi, *d.patientLp);
    }
    lo = std::min(lo, d.lpCutoff);
    hi = std::max(hi, d.lpCutoff);
    const double pad = std::max(0.05, (hi - lo) * 0.05);
    lo -= pad;
    hi += pad;
    const int bins = 20;
    std::vector<int> count(bins, 0);
    for (const double x : lp) ++count[static_cast<std::size_t>(std::clamp(static_cast<int>((x - lo) / (hi - lo) * bins), 0, bins - 1))];
    const int top = std::max(1, *std::max_element(count.begin(), count.end()));
    const double span = hi - lo, step = span > 4 ? 1 : span > 2 ? 0.5 : span > 0.8 ? 0.2 : 0.1;
    Plot pl = axes(p, l.cells[4], tr("Linear predictor in the cohort"), tr("linear predictor (higher = higher risk)"), tr("patients"),
                   std::floor(lo / step) * step, std::ceil(hi / step) * step, 0, top * 1.15, step, std::max(1.0, std::ceil(top / 5.0)), 1, 0);
    for (int b = 0; b < bins; ++b) {
      const double x0 = lo + b * (hi - lo) / bins, x1 = lo + (b + 1) * (hi - lo) / bins;
      p.fillRect(QRectF(pl.at(x0, count[static_cast<std::size_t>(b)]), pl.at(x1, 0)).normalized(), QColor(0x9e, 0xbc, 0xda));
    }
    p.setPen(QPen(Qt::black, 1.5, Qt::DashLine));
    p.drawLine(pl.at(d.lpCutoff, 0), pl.at(d.lpCutoff, top * 1.15));
    p.drawText(QRectF(pl.at(d.lpCutoff, top * 1.15).x() + 3, pl.frame.top() + 2, 9 * p.font().pixelSize(), 1.4 * p.font().pixelSize()), Qt::AlignLeft,
               tr("risk cut-off"));
    if (d.patientLp) {
      const QPointF a = pl.at(*d.patientLp, 0), b = pl.at(*d.patientLp, top * 1.15);
      p.setPen(QPen(QColor(0xff, 0x8c, 0x00), 3));
      p.drawLine(a, b);
      double below = 0;
      for (const double x : lp) below += x < *d.patientLp;
      p.setPen(Qt::black);
      p.drawText(QRectF(a.x() + 4, pl.frame.top() + 1.5 * p.font().pixelSize(), 14 * p.font().pixelSize(), 2.8 * p.font().pixelSize()),
                 Qt::AlignLeft | Qt::TextWordWrap,
                 tr("%1: lp %2, above %3 % of the cohort").arg(d.patientLabel.isEmpty() ? tr("this patient") : d.patientLabel, num(*d.patientLp, 2),
                                                           num(lp.empty() ? 0 : 100 * below / double(lp.size()), 0)));
    } else {
      p.setPen(kGrey);
      p.drawText(pl.frame.adjusted(4, 4, -4, -4), Qt::AlignRight | Qt::AlignTop | Qt::TextWordWrap,
                 tr("the patient's lp: the nomogram's inputs for this model are incomplete"));
    }
  }
  // 6. the patient: predicted curve and the observed outcome
  {
    Plot pl = axes(p, l.cells[5], tr("%1: predicted and observed").arg(d.patientLabel.isEmpty() ? tr("This patient") : d.patientLabel), tr("months"),
                   tr("survival"), 0, tMax, 0, 1, 12, 0.2);
    if (!d.patientCurve.empty()) {
      QPainterPath path;
      for (std::size_t k = 0; k < d.patientCurve.size(); ++k) {
        const QPointF pt = pl.at(std::min(d.patientCurve[k].first, tMax), d.patientCurve[k].second);
        if (k == 0) path.moveTo(pt);
        else path.lineTo(pt);
      }
      p.setPen(QPen(kModel, 2));
      p.drawPath(path);
    }
    if (d.observedMonths) {
      const QPointF a = pl.at(std::min(*d.observedMonths, tMax), 0), b = pl.at(std::min(*d.observedMonths, tMax), 1);
      p.setPen(QPen(d.observedDeath ? kHigh : kLow, 2.5, Qt::DotLine));
      p.drawLine(a, b);
      p.setPen(Qt::black);
      p.drawText(QRectF(a.x() + 4, pl.frame.top() + 2, 12 * p.font().pixelSize(), 2.8 * p.font().pixelSize()), Qt::AlignLeft | Qt::TextWordWrap,
                 (d.observedDeath ? tr("died at %1 months") : tr("alive (censored) at %1 months")).arg(num(*d.observedMonths, 1)));
    }
    if (d.patientCurve.empty() && !d.observedMonths) {
      p.setPen(kGrey);
      p.drawText(pl.frame.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap,
                 tr("no patient: open a study and fill the nomogram (or take its row from the cohort's table)"));
    }
  }
  // footer
  p.setPen(QColor(0x8b, 0x1a, 0x1a));
  p.drawText(l.footer.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, researchNotice());
  p.restore();
}

std::optional<QPointF> CohortView::patientMarker() const {
  if (!data_ || !data_->patientLp) return std::nullopt;
  // the same computation as render(): the histogram's axis
  const auto& lp = data_->validation.lp;
  double lo = lp.empty() ? -1 : *std::min_element(lp.begin(), lp.end()), hi = lp.empty() ? 1 : *std::max_element(lp.begin(), lp.end());
  lo = std::min({lo, *data_->patientLp, data_->lpCutoff});
  hi = std::max({hi, *data_->patientLp, data_->lpCutoff});
  const double pad = std::max(0.05, (hi - lo) * 0.05);
  lo -= pad;
  hi += pad;
  const double span = hi - lo, step = span > 4 ? 1 : span > 2 ? 0.5 : span > 0.8 ? 0.2 : 0.1;
  const QRectF cell = panelRect(Panel::LpDistribution);
  const double fs = std::clamp(cell.height() / 22.0, 7.0, 12.0);
  const QRectF frame(cell.left() + 4.2 * fs, cell.top() + 2.2 * fs, cell.width() - 5.4 * fs, cell.height() - 5.2 * fs);
  const double x0 = std::floor(lo / step) * step, x1 = std::ceil(hi / step) * step;
  return QPointF(frame.left() + (*data_->patientLp - x0) / (x1 - x0) * frame.width(), frame.center().y());
}

QString CohortView::summaryText() const {
  if (!data_) return tr("No cohort loaded");
  const auto& v = data_->validation;
  QStringList parts{tr("%1 on %2").arg(data_->model, data_->cohort),
                    tr("n %1, deaths %2, Harrell's C %3, Uno's C %4, calibration slope %5").arg(v.n).arg(v.events).arg(num(v.harrellC, 3), num(v.unoC, 3), num(v.slope, 2))};
  for (const auto& h : v.horizons) parts << tr("%1 months: td-AUC %2, Brier %3").arg(num(h.t, 0), num(h.auc, 3), num(h.brier, 3));
  if (data_->patientLp) parts << tr("%1: lp %2").arg(data_->patientLabel, num(*data_->patientLp, 3));
  if (data_->observedMonths) parts << (data_->observedDeath ? tr("died at %1 months") : tr("alive (censored) at %1 months")).arg(num(*data_->observedMonths, 1));
  return parts.join(QStringLiteral("\n"));
}

}  // namespace hccws::nomo
