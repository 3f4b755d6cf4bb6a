#include "hccws/survival/logistic.h"

#include "hccws/survival/distributions.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace hccws::surv {
namespace {

double sigmoid(double e) { return e >= 0 ? 1 / (1 + std::exp(-e)) : std::exp(e) / (1 + std::exp(e)); }

void checkLabels(const Eigen::MatrixXd& X, const std::vector<int>& y) {
  if (static_cast<std::size_t>(X.rows()) != y.size()) throw std::invalid_argument("logistic: X and y differ in rows");
  int pos = 0;
  for (int v : y) {
    if (v != 0 && v != 1) throw std::invalid_argument("logistic: outcomes must be 0 or 1");
    pos += v;
  }
  if (pos == 0 || pos == static_cast<int>(y.size()))
    throw std::invalid_argument("logistic: the outcome has a single class (" + std::to_string(pos) + " of " +
                                std::to_string(y.size()) + " positive)");
}

double logLikelihood(const Eigen::VectorXd& eta, const std::vector<int>& y) {
  double ll = 0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) {
    // log(1 + e^eta) without overflow
    const double l1p = eta[i] > 0 ? eta[i] + std::log1p(std::exp(-eta[i])) : std::log1p(std::exp(eta[i]));
    ll += y[static_cast<std::size_t>(i)] * eta[i] - l1p;
  }
  return ll;
}

}  // namespace

LogisticFit fitLogistic(const Eigen::MatrixXd& X, const std::vector<int>& y, const std::vector<std::string>& names) {
  checkLabels(X, y);
  const Eigen::Index n = X.rows(), p = X.cols() + 1;
  if (static_cast<Eigen::Index>(names.size()) != X.cols()) throw std::invalid_argument("logistic: one name per column");
  Eigen::MatrixXd D(n, p);
  D.col(0).setOnes();
  D.rightCols(p - 1) = X;
  // Rank check (column-pivoted QR), naming a column that depends on the others.
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(D);
  if (qr.rank() < p) {
    const Eigen::Index dropped = qr.colsPermutation().indices()[p - 1];
    throw std::invalid_argument("logistic: the design is rank deficient (" +
                                (dropped == 0 ? std::string("the intercept") : "column \"" + names[dropped - 1] + "\"") +
                                " is a combination of the others)");
  }
  LogisticFit f;
  f.names = {"(Intercept)"};
  f.names.insert(f.names.end(), names.begin(), names.end());
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  const double ybar = std::accumulate(y.begin(), y.end(), 0.0) / n;
  beta[0] = std::log(ybar / (1 - ybar));
  f.nullLogLik = n * (ybar * std::log(ybar) + (1 - ybar) * std::log(1 - ybar));
  double ll = logLikelihood(D * beta, y);
  Eigen::MatrixXd H(p, p);
  for (int it = 1; it <= 100; ++it) {
    const Eigen::VectorXd eta = D * beta;
    Eigen::VectorXd mu(n), w(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      mu[i] = sigmoid(eta[i]);
      w[i] = mu[i] * (1 - mu[i]);
    }
    Eigen::VectorXd g = D.transpose() * (Eigen::Map<const Eigen::VectorXi>(y.data(), n).cast<double>() - mu);
    H = D.transpose() * w.asDiagonal() * D;
    Eigen::VectorXd step = H.ldlt().solve(g);
    double t = 1.0, llNew = logLikelihood(D * (beta + step), y);
    while (llNew < ll - 1e-12 * std::abs(ll) && t > 1e-8) {  // step halving
      t /= 2;
      llNew = logLikelihood(D * (beta + t * step), y);
    }
    beta += t * step;
    f.iterations = it;
    const double change = std::abs(llNew - ll) / (std::abs(llNew) + 0.1);
    ll = llNew;
    if (change < 1e-14 || step.cwiseAbs().maxCoeff() * t < 1e-12) {
      f.converged = true;
      break;
    }
  }
  const Eigen::VectorXd eta = D * beta;
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double m = sigmoid(eta[i]);
    w[i] = m * (1 - m);
    if (m < 1e-10 || m > 1 - 1e-10) f.separation = true;
  }
  H = D.transpose() * w.asDiagonal() * D;
  f.coef = beta;
  f.covariance = H.inverse();
  f.se = f.covariance.diagonal().cwiseSqrt();
  f.z = f.coef.cwiseQuotient(f.se);
  f.p.resize(p);
  for (Eigen::Index j = 0; j < p; ++j) f.p[j] = 2 * normalUpper(std::abs(f.z[j]));
  f.logLik = ll;
  return f;
}

Eigen::VectorXd predictLogistic(const LogisticFit& fit, const Eigen::MatrixXd& X) {
  if (X.cols() + 1 != fit.coef.size()) throw std::invalid_argument("logistic: columns do not match the fit");
  Eigen::VectorXd eta = (X * fit.coef.tail(X.cols())).array() + fit.coef[0];
  for (Eigen::Index i = 0; i < eta.size(); ++i) eta[i] = sigmoid(eta[i]);
  return eta;
}

namespace {

struct Standardised {
  Eigen::MatrixXd Z;
  Eigen::VectorXd mean, sd;
};

Standardised standardise(const Eigen::MatrixXd& X) {
  Standardised s;
  const double n = static_cast<double>(X.rows());
  s.mean = X.colwise().mean();
  s.sd.resize(X.cols());
  s.Z = X;
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    s.Z.col(j).array() -= s.mean[j];
    s.sd[j] = std::sqrt(s.Z.col(j).squaredNorm() / n);  // population SD, as glmnet
    if (s.sd[j] > 0) s.Z.col(j) /= s.sd[j];
  }
  return s;
}

std::vector<double> lambdaSequence(const Standardised& s, const std::vector<int>& y, const LassoOptions& o) {
  const Eigen::Index n = s.Z.rows(), p = s.Z.cols();
  const double ybar = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double lmax = 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    if (!(s.sd[j] > 0)) continue;
    double g = 0;
    for (Eigen::Index i = 0; i < n; ++i) g += s.Z(i, j) * (y[static_cast<std::size_t>(i)] - ybar);
    lmax = std::max(lmax, std::abs(g) / n);
  }
  const double ratio = o.lambdaMinRatio > 0 ? o.lambdaMinRatio : (n > p ? 1e-4 : 1e-2);
  std::vector<double> lam(static_cast<std::size_t>(o.nlambda));
  for (int k = 0; k < o.nlambda; ++k) lam[static_cast<std::size_t>(k)] = lmax * std::pow(ratio, k / double(o.nlambda - 1));
  return lam;
}

// Penalised IRLS with coordinate descent on standardised columns; warm starts along the path.
LassoPath solvePath(const Standardised& s, const std::vector<int>& y, const std::vector<double>& lambda,
                    const LassoOptions& o) {
  const Eigen::Index n = s.Z.rows(), p = s.Z.cols();
  const double ybar = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double b0 = std::log(ybar / (1 - ybar));
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd eta = Eigen::VectorXd::Constant(n, b0), w(n), z(n), r(n);
  LassoPath path;
  for (double lam : lambda) {
    for (int outer = 0; outer < 200; ++outer) {
      for (Eigen::Index i = 0; i < n; ++i) {
        const double m = sigmoid(eta[i]);
        w[i] = std::max(m * (1 - m), 1e-10);
        z[i] = eta[i] + (y[static_cast<std::size_t>(i)] - m) / w[i];
        r[i] = z[i] - eta[i];  // working residual
      }
      const Eigen::VectorXd bOld = b;
      const double b0Old = b0;
      const double wsum = w.sum();
      Eigen::VectorXd xw(p);  // (1/n) sum w x^2 per column
      for (Eigen::Index j = 0; j < p; ++j) xw[j] = (w.array() * s.Z.col(j).array().square()).sum() / n;
      for (int it = 0; it < o.maxIterations; ++it) {
        double maxChange = 0;
        // Intercept (unpenalised).
        const double d0 = (w.array() * r.array()).sum() / wsum;
        b0 += d0;
        r.array() -= d0;
        maxChange = std::max(maxChange, wsum / n * d0 * d0);
        for (Eigen::Index j = 0; j < p; ++j) {
          if (!(s.sd[j] > 0)) continue;
          const double gj = (w.array() * s.Z.col(j).array() * r.array()).sum() / n + xw[j] * b[j];
          const double soft = std::abs(gj) > lam ? (gj > 0 ? gj - lam : gj + lam) : 0.0;
          const double nb = soft / xw[j];
          const double d = nb - b[j];
          if (d != 0) {
            r -= d * s.Z.col(j);
            b[j] = nb;
            maxChange = std::max(maxChange, xw[j] * d * d);
          }
        }
        if (maxChange < o.tolerance) break;
      }
      eta = (s.Z * b).array() + b0;
      const double change = std::max((b - bOld).cwiseAbs().maxCoeff(), std::abs(b0 - b0Old));
      if (change < 1e-10) break;
    }
    Eigen::VectorXd beta(p);
    double intercept = b0;
    int nz = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
      beta[j] = s.sd[j] > 0 ? b[j] / s.sd[j] : 0.0;
      intercept -= beta[j] * s.mean[j];
      nz += b[j] != 0;
    }
    path.lambda.push_back(lam);
    path.intercept.push_back(intercept);
    path.beta.push_back(beta);
    path.nonzero.push_back(nz);
  }
  return path;
}

}  // namespace

LassoPath lassoLogisticPath(const Eigen::MatrixXd& X, const std::vector<int>& y, const LassoOptions& options) {
  checkLabels(X, y);
  const Standardised s = standardise(X);
  return solvePath(s, y, lambdaSequence(s, y, options), options);
}

LassoPath lassoLogisticPath(const Eigen::MatrixXd& X, const std::vector<int>& y, const std::vector<double>& lambda,
                            const LassoOptions& options) {
  checkLabels(X, y);
  return solvePath(standardise(X), y, lambda, options);
}

LassoCv cvLassoLogistic(const Eigen::MatrixXd& X, const std::vector<int>& y, int folds, std::uint64_t seed,
                        const std::vector<int>& foldid, const LassoOptions& options) {
  checkLabels(X, y);
  const Eigen::Index n = X.rows();
  if (folds < 3 || folds > n) throw std::invalid_argument("logistic: cross-validation needs 3 to n folds");
  LassoCv cv;
  cv.path = lassoLogisticPath(X, y, options);
  if (!foldid.empty()) {
    if (foldid.size() != y.size()) throw std::invalid_argument("logistic: one fold id per row");
    cv.foldid = foldid;
    folds = *std::max_element(foldid.begin(), foldid.end());
  } else {
    cv.foldid.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) cv.foldid[i] = static_cast<int>(i % static_cast<std::size_t>(folds)) + 1;
    std::mt19937_64 rng(seed);
    for (std::size_t i = cv.foldid.size(); i > 1; --i) {  // Fisher-Yates with the engine's raw output
      const std::size_t j = static_cast<std::size_t>(rng() % i);
      std::swap(cv.foldid[i - 1], cv.foldid[j]);
    }
  }
  const std::size_t nl = cv.path.lambda.size();
  std::vector<std::vector<double>> foldMean(static_cast<std::size_t>(folds), std::vector<double>(nl, 0.0));
  std::vector<double> foldN(static_cast<std::size_t>(folds), 0.0);
  for (int f = 1; f <= folds; ++f) {
    std::vector<Eigen::Index> train, test;
    for (Eigen::Index i = 0; i < n; ++i) (cv.foldid[static_cast<std::size_t>(i)] == f ? test : train).push_back(i);
    if (test.empty()) continue;
    Eigen::MatrixXd Xt(static_cast<Eigen::Index>(train.size()), X.cols());
    std::vector<int> yt;
    for (std::size_t r = 0; r < train.size(); ++r) {
      Xt.row(static_cast<Eigen::Index>(r)) = X.row(train[r]);
      yt.push_back(y[static_cast<std::size_t>(train[r])]);
    }
    // As cv.glmnet: the fold fits its own lambda sequence, and its coefficients at the full data's lambdas are
    // interpolated linearly in lambda between neighbouring path points (clamped to the fold's range).
    const LassoPath fp = lassoLogisticPath(Xt, yt, options);
    const std::vector<double>& fl = fp.lambda;
    for (std::size_t l = 0; l < nl; ++l) {
      const double s = std::clamp(cv.path.lambda[l], fl.back(), fl.front());
      std::size_t right = 0;
      while (right + 1 < fl.size() && fl[right] > s) ++right;  // first fold lambda <= s
      const std::size_t left = right > 0 ? right - 1 : 0;
      const double w = (left == right || fl[left] == fl[right]) ? 1.0 : (s - fl[right]) / (fl[left] - fl[right]);
      const double b0 = w * fp.intercept[left] + (1 - w) * fp.intercept[right];
      const Eigen::VectorXd b = w * fp.beta[left] + (1 - w) * fp.beta[right];
      double dev = 0;
      for (Eigen::Index i : test) {
        const double pr = std::clamp(sigmoid(b0 + X.row(i).dot(b)), 1e-5, 1 - 1e-5);
        const int yi = y[static_cast<std::size_t>(i)];
        dev += -2 * (yi * std::log(pr) + (1 - yi) * std::log(1 - pr));
      }
      foldMean[static_cast<std::size_t>(f - 1)][l] = dev / test.size();
    }
    foldN[static_cast<std::size_t>(f - 1)] = static_cast<double>(test.size());
  }
  const double total = std::accumulate(foldN.begin(), foldN.end(), 0.0);
  int used = 0;
  for (double c : foldN) used += c > 0;
  cv.cvm.assign(nl, 0.0);
  cv.cvsd.assign(nl, 0.0);
  for (std::size_t l = 0; l < nl; ++l) {
    for (int f = 0; f < folds; ++f) cv.cvm[l] += foldN[static_cast<std::size_t>(f)] * foldMean[static_cast<std::size_t>(f)][l];
    cv.cvm[l] /= total;
    double v = 0;
    for (int f = 0; f < folds; ++f) {
      const double d = foldMean[static_cast<std::size_t>(f)][l] - cv.cvm[l];
      v += foldN[static_cast<std::size_t>(f)] * d * d;
    }
    cv.cvsd[l] = std::sqrt(v / total / (used - 1));
  }
  const double best = *std::min_element(cv.cvm.begin(), cv.cvm.end());
  for (std::size_t l = 0; l < nl; ++l)
    if (cv.cvm[l] <= best) {
      cv.indexMin = static_cast<int>(l);
      break;  // lambdas decrease: the first is the largest
    }
  const double bound = cv.cvm[static_cast<std::size_t>(cv.indexMin)] + cv.cvsd[static_cast<std::size_t>(cv.indexMin)];
  for (std::size_t l = 0; l < nl; ++l)
    if (cv.cvm[l] <= bound) {
      cv.index1se = static_cast<int>(l);
      break;
    }
  cv.lambdaMin = cv.path.lambda[static_cast<std::size_t>(cv.indexMin)];
  cv.lambda1se = cv.path.lambda[static_cast<std::size_t>(cv.index1se)];
  return cv;
}

}  // namespace hccws::surv
