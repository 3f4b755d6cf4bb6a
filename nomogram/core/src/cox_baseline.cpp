// Baseline hazard after R's agsurv() / agsurv5.c: per distinct time, the risk-set sums of exp(lp) and of
// exp(lp) x, with the Efron correction at tied deaths when the fit used Efron ties.
#include "hccws/survival/cox_baseline.h"

#include "cox_sort.h"
#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::surv {

CoxBaseline coxBaseline(const SurvData& d, const CoxFit& fit) {
  d.validate();
  const int p = d.p();
  CoxBaseline b;
  b.beta = fit.beta;
  b.means = fit.means;
  b.var = fit.var;
  b.ties = fit.ties;
  const auto order = detail::coxOrder(d);  // stratum, time descending
  const int n = d.n();
  int k = 0;
  while (k < n) {
    const int code = detail::stratumOf(d, order[k]);
    int sEnd = k;
    while (sEnd < n && detail::stratumOf(d, order[sEnd]) == code) ++sEnd;
    // Walk descending, collecting per-time sums; reverse at the end.
    struct Row { double t, nrisk, irisk, nevent, erisk; Eigen::VectorXd xsum, xdsum; };
    std::vector<Row> rows;
    double nrisk = 0, irisk = 0;
    Eigen::VectorXd xsum = Eigen::VectorXd::Zero(p);
    int i = k;
    while (i < sEnd) {
      const double t = d.time(order[i]);
      Row r{t, 0, 0, 0, 0, Eigen::VectorXd::Zero(p), Eigen::VectorXd::Zero(p)};
      while (i < sEnd && d.time(order[i]) == t) {
        const int o = order[i];
        const Eigen::VectorXd xc = d.x.row(o).transpose() - b.means;
        const double risk = std::exp(xc.dot(b.beta));
        nrisk += risk;
        irisk += 1;
        xsum += risk * xc;
        if (d.status(o) == 1) {
          r.nevent += 1;
          r.erisk += risk;
          r.xdsum += risk * xc;
        }
        ++i;
      }
      r.nrisk = nrisk;
      r.irisk = irisk;
      r.xsum = xsum;
      rows.push_back(std::move(r));
    }
    std::reverse(rows.begin(), rows.end());
    BaselineStratum s;
    s.code = code;
    const int m = static_cast<int>(rows.size());
    s.xbar = Eigen::MatrixXd::Zero(m, p);
    double H = 0, V = 0;
    Eigen::VectorXd X = Eigen::VectorXd::Zero(p);
    for (int j = 0; j < m; ++j) {
      const Row& r = rows[j];
      const int dd = static_cast<int>(r.nevent);
      if (dd > 0) {
        if (b.ties == Ties::Efron && dd > 1) {
          for (int q = 0; q < dd; ++q) {
            const double frac = double(q) / dd;
            const double tmp = 1.0 / (r.nrisk - frac * r.erisk);
            H += tmp;
            V += tmp * tmp;
            X += (r.xsum - frac * r.xdsum) * tmp * tmp;
          }
        } else {
          H += dd / r.nrisk;
          V += dd / (r.nrisk * r.nrisk);
          X += dd * r.xsum / (r.nrisk * r.nrisk);
        }
      }
      s.time.push_back(r.t);
      s.nRisk.push_back(r.irisk);
      s.nEvent.push_back(r.nevent);
      s.cumhaz.push_back(H);
      s.varhaz.push_back(V);
      if (p) s.xbar.row(j) = X.transpose();
    }
    b.strata.push_back(std::move(s));
    k = sEnd;
  }
  return b;
}

double CoxBaseline::linearPredictor(const Eigen::VectorXd& x) const {
  if (x.size() != beta.size()) throw SurvivalError("prediction: expected " + std::to_string(beta.size()) +
                                                   " covariates, got " + std::to_string(x.size()));
  return (x - means).dot(beta);
}

const BaselineStratum& CoxBaseline::stratum(int code) const {
  for (const auto& s : strata)
    if (s.code == code) return s;
  throw SurvivalError("prediction: unknown stratum " + std::to_string(code));
}

SurvCurve CoxBaseline::predict(const Eigen::VectorXd& x, int stratumCode, double conf, ConfType type) const {
  const double lp = linearPredictor(x);
  const double risk = std::exp(lp);
  const Eigen::VectorXd xc = x - means;
  const BaselineStratum& s = stratum(stratumCode);
  SurvCurve c;
  c.time = s.time;
  const size_t m = s.time.size();
  const bool haveVar = var.size() > 0 && s.varhaz.size() == m && s.xbar.rows() == static_cast<long>(m);
  for (size_t j = 0; j < m; ++j) {
    const double H = s.cumhaz[j] * risk;
    c.cumhaz.push_back(H);
    c.surv.push_back(std::exp(-H));
    if (haveVar) {
      const Eigen::VectorXd dv = s.cumhaz[j] * xc - s.xbar.row(j).transpose();
      c.stdErr.push_back(std::sqrt(s.varhaz[j] + dv.dot(var * dv)) * risk);
    } else {
      c.stdErr.push_back(std::numeric_limits<double>::quiet_NaN());
    }
  }
  confidenceBand(c.surv, c.stdErr, conf, type, c.lower, c.upper);
  return c;
}

double SurvCurve::at(double t) const {
  const auto it = std::upper_bound(time.begin(), time.end(), t);
  if (it == time.begin()) return 1.0;
  return surv[static_cast<size_t>(it - time.begin()) - 1];
}

void confidenceBand(const std::vector<double>& surv, const std::vector<double>& se, double conf, ConfType type,
                    std::vector<double>& lower, std::vector<double>& upper) {
  const double z = normalQuantile(0.5 + conf / 2);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  lower.assign(surv.size(), nan);
  upper.assign(surv.size(), nan);
  for (size_t j = 0; j < surv.size(); ++j) {
    const double s = surv[j], e = se[j];
    if (!std::isfinite(e)) continue;
    switch (type) {
      case ConfType::Log:
        if (s > 0) {
          lower[j] = s * std::exp(-z * e);
          upper[j] = std::min(1.0, s * std::exp(z * e));
        }
        break;
      case ConfType::LogLog:
        if (s > 0 && s < 1) {
          const double ll = std::log(-std::log(s)), w = z * e / std::fabs(std::log(s));
          lower[j] = std::exp(-std::exp(ll + w));
          upper[j] = std::exp(-std::exp(ll - w));
        }
        break;
      case ConfType::Plain:
        lower[j] = std::max(0.0, s - z * e * s);
        upper[j] = std::min(1.0, s + z * e * s);
        break;
    }
  }
}

}  // namespace hccws::surv
