#include "hccws/survival/binary_model.h"

#include "hccws/survival/binary_metrics.h"
#include "hccws/survival/types.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hccws::surv {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void fail(const CsvTable& t, const std::string& what) { throw SurvivalError(t.source() + ": " + what); }

double pearson(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd ca = a.array() - a.mean(), cb = b.array() - b.mean();
  const double d = std::sqrt(ca.squaredNorm() * cb.squaredNorm());
  return d > 0 ? ca.dot(cb) / d : 0.0;
}

}  // namespace

BinaryModel fitBinaryModel(const CsvTable& table, const BinaryModelSpec& spec) {
  if (spec.outcome.empty()) fail(table, "no outcome column given");
  std::vector<std::string> columns = spec.forced;
  for (const auto& c : spec.candidates)
    if (std::find(columns.begin(), columns.end(), c) == columns.end() && c != spec.outcome) columns.push_back(c);
  if (columns.empty()) fail(table, "no feature columns given");
  for (const auto& c : columns)
    if (!table.has(c)) fail(table, "no column \"" + c + "\"");
  if (!table.has(spec.outcome)) fail(table, "no outcome column \"" + spec.outcome + "\"");
  if (!spec.foldColumn.empty() && !table.has(spec.foldColumn)) fail(table, "no fold column \"" + spec.foldColumn + "\"");

  // 1. Complete cases.
  const std::vector<double> yAll = table.numericValues(spec.outcome);
  std::vector<std::vector<double>> xAll;
  for (const auto& c : columns) xAll.push_back(table.numericValues(c));
  std::vector<int> rowsUsed;
  for (int r = 0; r < table.rows(); ++r) {
    const double yv = yAll[static_cast<std::size_t>(r)];
    if (std::isnan(yv)) continue;
    if (yv != 0 && yv != 1) fail(table, "outcome \"" + spec.outcome + "\" must be 0 or 1 (line " + std::to_string(r + 2) + ")");
    bool ok = true;
    for (const auto& x : xAll) ok = ok && !std::isnan(x[static_cast<std::size_t>(r)]);
    if (ok) rowsUsed.push_back(r);
  }
  BinaryModel m;
  m.outcome = spec.outcome;
  m.source = table.source();
  m.rows = static_cast<int>(rowsUsed.size());
  m.rowsDropped = table.rows() - m.rows;
  m.folds = spec.folds;
  m.seed = spec.seed;
  m.foldColumn = spec.foldColumn;
  m.correlationThreshold = spec.correlationThreshold;
  m.lambdaIs1se = spec.lambda1se;
  m.program = "hccws model fit";
  std::vector<int> y;
  for (int r : rowsUsed) y.push_back(static_cast<int>(yAll[static_cast<std::size_t>(r)]));
  m.events = std::accumulate(y.begin(), y.end(), 0);
  if (m.events < 2 || m.rows - m.events < 2)
    fail(table, "the outcome needs at least 2 patients in each class among the complete cases (" +
                    std::to_string(m.events) + " of " + std::to_string(m.rows) + " positive)");
  if (m.rows < 2 * spec.folds) fail(table, std::to_string(m.rows) + " complete cases are too few for " + std::to_string(spec.folds) + " folds");

  // 2. Standardisation; constant columns out.
  const Eigen::Index n = m.rows;
  std::vector<BinaryModelTerm> all;
  std::vector<Eigen::VectorXd> z;
  std::vector<bool> isForced;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) v[i] = xAll[c][static_cast<std::size_t>(rowsUsed[static_cast<std::size_t>(i)])];
    BinaryModelTerm t;
    t.column = columns[c];
    t.mean = v.mean();
    t.sd = std::sqrt((v.array() - t.mean).square().sum() / (n - 1));
    t.minValue = v.minCoeff();
    t.maxValue = v.maxCoeff();
    if (!(t.sd > 0)) {
      m.constantColumns.push_back(t.column);
      continue;
    }
    all.push_back(t);
    z.push_back((v.array() - t.mean) / t.sd);
    isForced.push_back(std::find(spec.forced.begin(), spec.forced.end(), t.column) != spec.forced.end());
  }

  // 3. Correlation filter over the candidates, strongest univariate AUC first.
  std::vector<std::size_t> order;
  std::vector<double> strength(all.size(), 0.0);
  for (std::size_t c = 0; c < all.size(); ++c) {
    if (isForced[c]) continue;
    order.push_back(c);
    std::vector<double> s(z[c].data(), z[c].data() + n);
    strength[c] = std::abs(delongAuc(s, y).auc - 0.5);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return strength[a] > strength[b]; });
  std::vector<std::size_t> kept;
  for (std::size_t c : order) {
    bool ok = true;
    for (std::size_t k : kept) ok = ok && std::abs(pearson(z[c], z[k])) <= spec.correlationThreshold;
    if (ok) kept.push_back(c);
    else m.removedByCorrelation.push_back(all[c].column);
  }
  std::sort(kept.begin(), kept.end());  // back to table order for the LASSO design

  // 4. LASSO with cross-validated lambda.
  std::vector<std::size_t> selected;
  for (std::size_t c = 0; c < all.size(); ++c)
    if (isForced[c]) selected.push_back(c);
  if (!kept.empty()) {
    Eigen::MatrixXd Z(n, static_cast<Eigen::Index>(kept.size()));
    for (std::size_t k = 0; k < kept.size(); ++k) Z.col(static_cast<Eigen::Index>(k)) = z[kept[k]];
    std::vector<int> foldid;
    if (!spec.foldColumn.empty()) {
      const std::vector<double> f = table.numericValues(spec.foldColumn);
      for (int r : rowsUsed) {
        const double v = f[static_cast<std::size_t>(r)];
        if (!(v >= 1 && v == std::floor(v) && v <= m.rows))
          fail(table, "fold column \"" + spec.foldColumn + "\" must hold whole numbers 1..K (line " + std::to_string(r + 2) + ")");
        foldid.push_back(static_cast<int>(v));
      }
      m.folds = *std::max_element(foldid.begin(), foldid.end());
    }
    const LassoCv cv = cvLassoLogistic(Z, y, m.folds, spec.seed, foldid);
    m.lambdaMin = cv.lambdaMin;
    m.lambda1se = cv.lambda1se;
    const int at = spec.lambda1se ? cv.index1se : cv.indexMin;
    m.lambda = cv.path.lambda[static_cast<std::size_t>(at)];
    for (std::size_t k = 0; k < kept.size(); ++k) {
      if (cv.path.beta[static_cast<std::size_t>(at)][static_cast<Eigen::Index>(k)] != 0) selected.push_back(kept[k]);
      else m.notSelectedByLasso.push_back(all[kept[k]].column);
    }
  }
  if (selected.empty())
    fail(table, "the LASSO kept no column at lambda." + std::string(spec.lambda1se ? "1se" : "min") +
                    " (no candidate predicts the outcome better than its prevalence); try lambda.min or more patients");
  std::sort(selected.begin(), selected.end());

  // 5. Unpenalised logistic regression on the selected (standardised) columns.
  Eigen::MatrixXd S(n, static_cast<Eigen::Index>(selected.size()));
  std::vector<std::string> names;
  for (std::size_t k = 0; k < selected.size(); ++k) {
    S.col(static_cast<Eigen::Index>(k)) = z[selected[k]];
    names.push_back(all[selected[k]].column);
  }
  LogisticFit fit;
  try {
    fit = fitLogistic(S, y, names);
  } catch (const std::invalid_argument& e) {
    fail(table, e.what());
  }
  m.separation = fit.separation;
  m.intercept = fit.coef[0];
  for (std::size_t k = 0; k < selected.size(); ++k) {
    BinaryModelTerm t = all[selected[k]];
    t.coef = fit.coef[static_cast<Eigen::Index>(k + 1)];
    t.se = fit.se[static_cast<Eigen::Index>(k + 1)];
    t.p = fit.p[static_cast<Eigen::Index>(k + 1)];
    m.terms.push_back(t);
  }
  return m;
}

double BinaryModel::predict(const std::vector<double>& values) const {
  double lp = intercept;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    if (std::isnan(values[k])) return kNaN;
    lp += terms[k].coef * (values[k] - terms[k].mean) / terms[k].sd;
  }
  return 1 / (1 + std::exp(-lp));
}

std::vector<double> BinaryModel::predict(const CsvTable& table) const {
  std::vector<std::vector<double>> cols;
  for (const auto& t : terms) {
    if (!table.has(t.column)) throw SurvivalError(table.source() + ": no column \"" + t.column + "\" (the model needs it)");
    cols.push_back(table.numericValues(t.column));
  }
  std::vector<double> out(static_cast<std::size_t>(table.rows()));
  std::vector<double> v(terms.size());
  for (int r = 0; r < table.rows(); ++r) {
    for (std::size_t k = 0; k < terms.size(); ++k) v[k] = cols[k][static_cast<std::size_t>(r)];
    out[static_cast<std::size_t>(r)] = predict(v);
  }
  return out;
}

std::string BinaryModel::toJson() const {
  nlohmann::ordered_json j;
  j["format"] = "hccws-binary-model";
  j["format_version"] = 1;
  j["kind"] = "logistic regression (LASSO-selected, unpenalised refit)";
  j["outcome"] = outcome;
  j["provenance"] = {{"cohort", source},       {"rows", rows},   {"events", events},
                     {"rows_dropped_incomplete", rowsDropped}, {"program", program},
                     {"missing_data", "complete cases over the outcome and every candidate column"}};
  j["selection"] = {{"standardisation", "training mean and sample SD"},
                    {"correlation_threshold", correlationThreshold},
                    {"correlation_order", "univariate AUC distance from 0.5, strongest first"},
                    {"constant_columns", constantColumns},
                    {"removed_by_correlation", removedByCorrelation},
                    {"lasso", {{"folds", folds}, {"seed", seed}, {"fold_column", foldColumn}, {"rule", lambdaIs1se ? "lambda.1se" : "lambda.min"},
                               {"lambda", lambda}, {"lambda_min", lambdaMin}, {"lambda_1se", lambda1se},
                               {"measure", "binomial deviance"}}},
                    {"not_selected_by_lasso", notSelectedByLasso}};
  j["intercept"] = intercept;
  j["separation"] = separation;
  nlohmann::ordered_json ts = nlohmann::ordered_json::array();
  for (const auto& t : terms)
    ts.push_back({{"column", t.column}, {"mean", t.mean}, {"sd", t.sd}, {"coef_per_sd", t.coef}, {"se", t.se},
                  {"p", t.p}, {"min", t.minValue}, {"max", t.maxValue}});
  j["terms"] = ts;
  return j.dump(2) + "\n";
}

namespace {
// A whole-number field within int's range (absent: the default); anything else is refused by name (a huge or
// fractional number would otherwise be an undefined conversion).
int intField(const nlohmann::json& j, const char* key, int fallback, const std::string& sourceName) {
  if (!j.contains(key)) return fallback;
  const auto& v = j.at(key);
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= 2147483647u) return static_cast<int>(v.get<std::uint64_t>());
  if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() >= -2147483647 - 1 &&
      v.get<std::int64_t>() <= 2147483647)
    return static_cast<int>(v.get<std::int64_t>());
  throw SurvivalError(sourceName + ": \"" + key + "\" must be a whole number within range");
}
std::uint64_t seedField(const nlohmann::json& j, const char* key, const std::string& sourceName) {
  if (!j.contains(key)) return 0;
  const auto& v = j.at(key);
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  throw SurvivalError(sourceName + ": \"" + key + "\" must be a non-negative whole number");
}
}  // namespace

BinaryModel BinaryModel::fromJson(const std::string& text, const std::string& sourceName) {
  BinaryModel m;
  try {
    const auto j = nlohmann::json::parse(text);
    if (j.value("format", "") != "hccws-binary-model")
      throw SurvivalError(sourceName + ": not an hccws binary model file (format \"hccws-binary-model\")");
    if (intField(j, "format_version", 0, sourceName) != 1) throw SurvivalError(sourceName + ": unsupported format_version");
    m.outcome = j.at("outcome").get<std::string>();
    m.intercept = j.at("intercept").get<double>();
    if (!std::isfinite(m.intercept) || std::abs(m.intercept) > 1e12)
      throw SurvivalError(sourceName + ": the intercept is not a finite number of plausible size");
    m.separation = j.value("separation", false);
    const auto& p = j.at("provenance");
    m.source = p.value("cohort", "");
    m.rows = intField(p, "rows", 0, sourceName);
    m.events = intField(p, "events", 0, sourceName);
    m.rowsDropped = intField(p, "rows_dropped_incomplete", 0, sourceName);
    m.program = p.value("program", "");
    const auto& s = j.at("selection");
    m.correlationThreshold = s.value("correlation_threshold", 0.0);
    m.constantColumns = s.value("constant_columns", std::vector<std::string>{});
    m.removedByCorrelation = s.value("removed_by_correlation", std::vector<std::string>{});
    m.notSelectedByLasso = s.value("not_selected_by_lasso", std::vector<std::string>{});
    const auto& l = s.at("lasso");
    m.folds = intField(l, "folds", 0, sourceName);
    m.seed = seedField(l, "seed", sourceName);
    m.foldColumn = l.value("fold_column", "");
    m.lambdaIs1se = l.value("rule", "") == "lambda.1se";
    m.lambda = l.value("lambda", 0.0);
    m.lambdaMin = l.value("lambda_min", 0.0);
    m.lambda1se = l.value("lambda_1se", 0.0);
    for (const auto& t : j.at("terms")) {
      BinaryModelTerm b;
      b.column = t.at("column").get<std::string>();
      b.mean = t.at("mean").get<double>();
      b.sd = t.at("sd").get<double>();
      if (!(b.sd > 0)) throw SurvivalError(sourceName + ": term \"" + b.column + "\" has a standard deviation <= 0");
      b.coef = t.at("coef_per_sd").get<double>();
      b.se = t.value("se", 0.0);
      b.p = t.value("p", 1.0);
      b.minValue = t.value("min", b.mean - b.sd);
      b.maxValue = t.value("max", b.mean + b.sd);
      for (double v : {b.mean, b.sd, b.coef, b.minValue, b.maxValue})
        if (!std::isfinite(v) || std::abs(v) > 1e12)
          throw SurvivalError(sourceName + ": term \"" + b.column + "\" has a value that is not a finite number of plausible size");
      m.terms.push_back(b);
    }
    if (m.terms.empty()) throw SurvivalError(sourceName + ": the model has no terms");
  } catch (const nlohmann::json::exception& e) {
    throw SurvivalError(sourceName + ": not a valid model file (" + e.what() + ")");
  }
  return m;
}

BinaryEvaluation evaluateBinaryModel(const BinaryModel& m, const CsvTable& table, const BinaryModel* other,
                                     const std::vector<double>& thresholds, int groups) {
  if (!table.has(m.outcome)) throw SurvivalError(table.source() + ": no outcome column \"" + m.outcome + "\"");
  if (other && other->outcome != m.outcome)
    throw SurvivalError("the two models predict different outcomes (\"" + m.outcome + "\", \"" + other->outcome + "\")");
  const std::vector<double> p = m.predict(table), q = other ? other->predict(table) : std::vector<double>();
  const std::vector<double> yv = table.numericValues(m.outcome);
  std::vector<double> pu, qu;
  std::vector<int> y;
  BinaryEvaluation e;
  for (std::size_t i = 0; i < yv.size(); ++i) {
    if (std::isnan(yv[i]) || std::isnan(p[i]) || (other && std::isnan(q[i]))) {
      ++e.dropped;
      continue;
    }
    if (yv[i] != 0 && yv[i] != 1)
      throw SurvivalError(table.source() + ": outcome \"" + m.outcome + "\" must be 0 or 1 (line " + std::to_string(i + 2) + ")");
    y.push_back(static_cast<int>(yv[i]));
    pu.push_back(p[i]);
    if (other) qu.push_back(q[i]);
  }
  e.n = static_cast<int>(y.size());
  try {
    e.auc = delongAuc(pu, y);
  } catch (const std::invalid_argument& ex) {
    throw SurvivalError(table.source() + ": " + ex.what());
  }
  e.events = e.auc.positives;
  e.brier = brierScore(pu, y);
  e.calibration = calibrationSlope(pu, y);
  e.hosmerLemeshow = hosmerLemeshow(pu, y, groups);
  e.decision = decisionCurve(pu, y, thresholds);
  e.roc = rocCurve(pu, y);
  if (other) {
    e.comparison = delongTest(pu, qu, y);
    e.otherRoc = rocCurve(qu, y);
  }
  return e;
}

LogisticNomogram logisticNomogram(const BinaryModel& m) {
  LogisticNomogram g;
  double widest = 0, lpAtMins = m.intercept;
  for (const auto& t : m.terms) {
    const double slope = t.coef / t.sd;  // linear predictor per unit
    widest = std::max(widest, std::abs(slope) * (t.maxValue - t.minValue));
  }
  if (!(widest > 0)) throw SurvivalError("nomogram: every term has an empty range");
  const double perPoint = widest / 100.0;
  for (const auto& t : m.terms) {
    const double slope = t.coef / t.sd;
    NomogramAxis a;
    a.column = t.column;
    a.minValue = t.minValue;
    a.maxValue = t.maxValue;
    a.pointsPerUnit = slope / perPoint;
    // 0 points at the end of the range with the lower linear predictor.
    const double lpMin = slope * (t.minValue - t.mean), lpMax = slope * (t.maxValue - t.mean);
    const double lpLow = std::min(lpMin, lpMax);
    a.pointsAtMin = (lpMin - lpLow) / perPoint;
    lpAtMins += lpLow;
    g.axes.push_back(a);
  }
  g.lpAtZeroPoints = lpAtMins;
  g.lpPerPoint = perPoint;
  return g;
}

double LogisticNomogram::points(const std::vector<double>& values) const {
  double p = 0;
  for (std::size_t k = 0; k < axes.size(); ++k) p += axes[k].pointsAtMin + axes[k].pointsPerUnit * (values[k] - axes[k].minValue);
  return p;
}

double LogisticNomogram::probability(double totalPoints) const {
  return 1 / (1 + std::exp(-(lpAtZeroPoints + lpPerPoint * totalPoints)));
}

}  // namespace hccws::surv
