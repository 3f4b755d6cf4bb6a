#pragma once
// Logistic regression for binary outcomes (the P53-mutation and MVI models of docs/science.md's related
// studies): maximum likelihood by iteratively reweighted least squares (as R's glm(family = binomial)), and
// the LASSO-penalised path with K-fold cross-validated lambda (as R's glmnet/cv.glmnet with family =
// "binomial", standardize = TRUE, type.measure = "deviance"). Checked against R in
// tests/nomogram/test_logistic_vs_r.cpp (reference/make_logistic_reference.R).
#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace hccws::surv {

struct LogisticFit {
  std::vector<std::string> names;  // "(Intercept)" first, then the columns of X
  Eigen::VectorXd coef, se, z, p;  // Wald z and two-sided p
  Eigen::MatrixXd covariance;
  double logLik = 0, nullLogLik = 0;
  int iterations = 0;
  bool converged = false;
  bool separation = false;  // fitted probabilities of 0 or 1: the estimates are not finite (complete separation)
};

// X: n x p without an intercept column (one is added); y: 0/1. Throws std::invalid_argument for sizes, labels
// other than 0/1, a single class, or a rank-deficient design (naming the column).
LogisticFit fitLogistic(const Eigen::MatrixXd& X, const std::vector<int>& y, const std::vector<std::string>& names);
// Probabilities of a fit for rows of X (same columns).
Eigen::VectorXd predictLogistic(const LogisticFit& fit, const Eigen::MatrixXd& X);

struct LassoPath {
  std::vector<double> lambda;            // decreasing
  std::vector<double> intercept;         // per lambda, original scale of X
  std::vector<Eigen::VectorXd> beta;     // per lambda, original scale of X
  std::vector<int> nonzero;              // per lambda
};

struct LassoOptions {
  int nlambda = 100;
  double lambdaMinRatio = -1;  // < 0: glmnet's default (1e-4 when n > p, else 0.01)
  double tolerance = 1e-12;    // coordinate descent, on the largest weighted squared change
  int maxIterations = 100000;
};

// The path over glmnet's lambda sequence (lambda_max = max_j |x~_j' (y - ybar)| / n on columns standardised with
// the population SD, down to lambdaMinRatio * lambda_max, log-spaced). Columns with zero variance stay 0.
LassoPath lassoLogisticPath(const Eigen::MatrixXd& X, const std::vector<int>& y, const LassoOptions& options = {});
// The same on a given lambda sequence.
LassoPath lassoLogisticPath(const Eigen::MatrixXd& X, const std::vector<int>& y, const std::vector<double>& lambda,
                            const LassoOptions& options = {});

struct LassoCv {
  LassoPath path;                 // on all rows
  std::vector<int> foldid;        // 1..K per row
  std::vector<double> cvm, cvsd;  // mean binomial deviance per lambda and its standard error
  int indexMin = 0, index1se = 0;
  double lambdaMin = 0, lambda1se = 0;
};

// K-fold cross-validation of the path (cv.glmnet's rules: each fold fits its own lambda sequence and is
// evaluated at the full data's lambdas by linear interpolation in lambda; deviance with probabilities clipped to
// [1e-5, 1 - 1e-5], fold means weighted by fold size, lambda.min = the largest lambda at the minimum, lambda.1se =
// the largest lambda within one SE of it). Folds: `foldid` when given (1..K), else a seeded random assignment
// of near-equal sizes (std::mt19937_64, so the same seed gives the same folds on every machine).
LassoCv cvLassoLogistic(const Eigen::MatrixXd& X, const std::vector<int>& y, int folds, std::uint64_t seed,
                        const std::vector<int>& foldid = {}, const LassoOptions& options = {});

}  // namespace hccws::surv
