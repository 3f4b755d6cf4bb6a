// Cox partial likelihood and Newton-Raphson, following the structure of R's coxfit6.c: one pass per
// evaluation over the data sorted by stratum and descending time, accumulating the risk-set sums
// (denominator, weighted mean and second moment of x) as observations enter.
#include "hccws/survival/cox.h"

#include "cox_sort.h"
#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hccws::surv {

namespace {

// x centred and transposed (p x n, one column per observation) in Cox order, so the inner loops read
// contiguous memory.
struct Prepared {
  Eigen::MatrixXd xt;
  Eigen::VectorXd time;
  Eigen::VectorXi status, stratum;
};

// m (lower triangle) += w v v'; small p, so a plain loop beats the generic rank update.
template <class V>
inline void addOuterLower(Eigen::MatrixXd& m, const V& v, double w) {
  const int p = static_cast<int>(v.size());
  for (int c = 0; c < p; ++c) {
    const double wc = w * v(c);
    double* col = m.data() + static_cast<long>(c) * p;
    for (int r = c; r < p; ++r) col[r] += wc * v(r);
  }
}

Prepared prepare(const SurvData& d, const Eigen::VectorXd& means) {
  const auto order = detail::coxOrder(d);
  Prepared pr;
  const int n = d.n(), p = d.p();
  pr.xt.resize(p, n);
  pr.time.resize(n);
  pr.status.resize(n);
  pr.stratum.resize(n);
  for (int k = 0; k < n; ++k) {
    const int i = order[k];
    pr.xt.col(k) = (d.x.row(i).transpose() - means);
    pr.time(k) = d.time(i);
    pr.status(k) = d.status(i);
    pr.stratum(k) = detail::stratumOf(d, i);
  }
  return pr;
}

CoxLikelihood evaluate(const Prepared& pr, const Eigen::VectorXd& beta, Ties ties, bool wantInfo = true) {
  const int n = static_cast<int>(pr.time.size()), p = static_cast<int>(beta.size());
  CoxLikelihood out;
  out.score = Eigen::VectorXd::Zero(p);
  out.info = Eigen::MatrixXd::Zero(p, p);
  const Eigen::VectorXd eta = pr.xt.transpose() * beta;
  Eigen::VectorXd a(p), da(p), xb(p);
  Eigen::MatrixXd a2(p, p), da2(p, p);
  double denom = 0;
  int k = 0;
  while (k < n) {
    if (k == 0 || pr.stratum(k) != pr.stratum(k - 1)) {  // new stratum: empty risk set
      denom = 0;
      a.setZero();
      a2.setZero();
    }
    // block of equal times within the stratum
    int end = k;
    while (end < n && pr.stratum(end) == pr.stratum(k) && pr.time(end) == pr.time(k)) ++end;
    double ddenom = 0;
    int deaths = 0;
    da.setZero();
    da2.setZero();
    for (int i = k; i < end; ++i) {
      const double r = std::exp(eta(i));
      const auto xi = pr.xt.col(i);
      denom += r;
      a.noalias() += r * xi;
      if (wantInfo) addOuterLower(a2, xi, r);
      if (pr.status(i) == 1) {
        ++deaths;
        ddenom += r;
        da.noalias() += r * xi;
        if (wantInfo && ties == Ties::Efron) addOuterLower(da2, xi, r);
        out.loglik += eta(i);
        out.score.noalias() += xi;
      }
    }
    if (deaths > 0) {
      if (ties == Ties::Breslow || deaths == 1) {
        out.loglik -= deaths * std::log(denom);
        xb = a / denom;
        out.score.noalias() -= deaths * xb;
        if (wantInfo) {
          out.info.noalias() += deaths * (a2 / denom);
          out.info.selfadjointView<Eigen::Lower>().rankUpdate(xb, -double(deaths));
        }
      } else {
        // Efron: the k-th of d tied deaths sees the risk set with k/d of each tied death removed.
        for (int j = 0; j < deaths; ++j) {
          const double frac = double(j) / deaths;
          const double d2 = denom - frac * ddenom;
          out.loglik -= std::log(d2);
          xb = (a - frac * da) / d2;
          out.score.noalias() -= xb;
          if (wantInfo) {
            out.info.noalias() += (a2 - frac * da2) / d2;
            out.info.selfadjointView<Eigen::Lower>().rankUpdate(xb, -1.0);
          }
        }
      }
    }
    k = end;
  }
  const Eigen::MatrixXd full = out.info.selfadjointView<Eigen::Lower>();
  out.info = full;
  return out;
}

// Names the first covariate that is (numerically) a linear combination of the ones before it, or of a
// constant, on the centred data.
void checkCollinear(const SurvData& d) {
  const int p = d.p();
  auto centred = [&d]() -> Eigen::MatrixXd { return d.x.rowwise() - d.x.colwise().mean(); };
  double scale = 1;
  {
    // common case first: one QR of the whole matrix, in place (one n x p copy: the peak memory of a large
    // fit); the column-by-column search below only runs to name the culprits
    Eigen::MatrixXd work = centred();
    scale = std::max(1.0, work.cwiseAbs().maxCoeff());
    bool anyConstant = false;
    for (int j = 0; j < p; ++j) anyConstant = anyConstant || work.col(j).cwiseAbs().maxCoeff() <= 1e-12 * scale;
    Eigen::ColPivHouseholderQR<Eigen::Ref<Eigen::MatrixXd>> all(work);
    all.setThreshold(1e-9);
    if (all.rank() == p && !anyConstant) return;
  }
  const Eigen::MatrixXd xc = centred();
  std::vector<int> kept;
  for (int j = 0; j < p; ++j) {
    Eigen::MatrixXd m(xc.rows(), kept.size() + 1);
    for (size_t c = 0; c < kept.size(); ++c) m.col(c) = xc.col(kept[c]);
    m.col(kept.size()) = xc.col(j);
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(m);
    qr.setThreshold(1e-9);
    const std::string name = j < static_cast<int>(d.names.size()) ? d.names[j] : "x" + std::to_string(j + 1);
    if (xc.col(j).cwiseAbs().maxCoeff() <= 1e-12 * scale)
      throw SurvivalError("covariate '" + name + "' is constant: it cannot be estimated");
    if (qr.rank() < static_cast<int>(kept.size()) + 1) {
      std::string others;
      for (int c : kept) others += (others.empty() ? "" : ", ") + (c < (int)d.names.size() ? d.names[c] : "x");
      throw SurvivalError("covariate '" + name + "' is collinear with " + others +
                          ": remove one of them");
    }
    kept.push_back(j);
  }
}

}  // namespace

CoxLikelihood coxLikelihood(const SurvData& data, const Eigen::VectorXd& beta, Ties ties) {
  data.validate();
  return evaluate(prepare(data, Eigen::VectorXd::Zero(data.p())), beta, ties);
}

CoxFit fitCox(const SurvData& data, const CoxOptions& opt) {
  data.validate();
  const int n = data.n(), p = data.p();
  if (data.events() == 0) throw SurvivalError("no events: a Cox model needs at least one event");
  if (n <= p) throw SurvivalError("fewer observations (" + std::to_string(n) + ") than covariates + 1");
  CoxFit fit;
  fit.names = data.names;
  if (fit.names.empty())
    for (int j = 0; j < p; ++j) fit.names.push_back("x" + std::to_string(j + 1));
  fit.ties = opt.ties;
  fit.conf = opt.conf;
  fit.n = n;
  fit.events = data.events();
  fit.means = p ? Eigen::VectorXd(data.x.colwise().mean().transpose()) : Eigen::VectorXd();
  for (int j = 0; j < p; ++j) {
    bool allIn = !opt.noCenter.empty();
    for (int i = 0; i < n && allIn; ++i)
      allIn = std::find(opt.noCenter.begin(), opt.noCenter.end(), data.x(i, j)) != opt.noCenter.end();
    if (allIn) fit.means(j) = 0.0;
  }
  if (p) checkCollinear(data);
  const Prepared pr = prepare(data, fit.means);

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  CoxLikelihood cur = evaluate(pr, beta, opt.ties);
  fit.loglikInit = cur.loglik;
  if (p == 0) {
    fit.loglik = cur.loglik;
    fit.converged = true;
    fit.beta = beta;
    fit.var.resize(0, 0);
    fit.score = cur.score;
    return fit;
  }
  Eigen::LDLT<Eigen::MatrixXd> chol(cur.info);
  if (chol.info() != Eigen::Success || chol.vectorD().minCoeff() <= opt.tolerChol * cur.info.diagonal().maxCoeff())
    throw SurvivalError("the information matrix is singular at beta = 0 (a covariate without variation "
                        "among subjects at risk?)");
  Eigen::VectorXd step = chol.solve(cur.score);
  fit.scoreTest = cur.score.dot(step);
  double loglikBest = cur.loglik;
  Eigen::VectorXd newBeta = beta + step;
  bool halving = false;
  CoxLikelihood next;
  for (fit.iter = 1; fit.iter <= opt.maxIter; ++fit.iter) {
    next = evaluate(pr, newBeta, opt.ties);
    const bool finite = std::isfinite(next.loglik);
    if (finite && std::fabs(1 - loglikBest / next.loglik) <= opt.eps && !halving) {
      fit.converged = true;
      break;
    }
    if (fit.iter == opt.maxIter) break;
    if (!finite || next.loglik < loglikBest) {
      halving = true;
      newBeta = (newBeta + beta) / 2;  // half of the previous increment
    } else {
      halving = false;
      loglikBest = next.loglik;
      chol.compute(next.info);
      beta = newBeta;
      newBeta = beta + chol.solve(next.score);
    }
  }
  if (fit.iter > opt.maxIter) fit.iter = opt.maxIter;
  fit.beta = newBeta;
  fit.loglik = next.loglik;
  fit.score = next.score;
  Eigen::LDLT<Eigen::MatrixXd> fin(next.info);
  if (fin.info() != Eigen::Success || !(fin.vectorD().minCoeff() > 0))
    throw SurvivalError("the information matrix is singular at the estimate (perfect separation or "
                        "collinear covariates?)");
  fit.var = fin.solve(Eigen::MatrixXd::Identity(p, p));
  // R's check for infinite coefficients (coxph.fit): one more Newton step would still move beta a lot.
  const Eigen::VectorXd infs = (fit.score.transpose() * fit.var).transpose().cwiseAbs();
  const double tolerInf = std::sqrt(opt.eps);
  for (int j = 0; j < p; ++j)
    if (infs(j) > opt.eps && infs(j) > tolerInf * std::fabs(fit.beta(j))) fit.possiblyInfinite.push_back(j);
  return fit;
}

double CoxFit::se(int j) const { return std::sqrt(var(j, j)); }
double CoxFit::pValue(int j) const { return 2 * normalUpper(std::fabs(z(j))); }
double CoxFit::hr(int j) const { return std::exp(beta(j)); }
double CoxFit::hrLower(int j) const { return std::exp(beta(j) - normalQuantile(0.5 + conf / 2) * se(j)); }
double CoxFit::hrUpper(int j) const { return std::exp(beta(j) + normalQuantile(0.5 + conf / 2) * se(j)); }
double CoxFit::lrP() const { return p() ? chisqUpper(lrChisq(), p()) : 1.0; }
double CoxFit::waldChisq() const {
  return p() ? beta.dot(var.ldlt().solve(beta)) : 0.0;
}

}  // namespace hccws::surv
