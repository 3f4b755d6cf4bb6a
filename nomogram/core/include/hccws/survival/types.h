#pragma once
// Common types of the survival engine (hccws::surv).
//
// Contract for every function in this library:
// - Time is in the caller's units (days, weeks, months): nothing converts it, and every result that has a
//   time (curves, RMST, Brier at t) is in those same units.
// - Right-censored data only: status 1 = event, 0 = censored. Times must be finite and >= 0.
// - Numeric functions are pure: no I/O, no global or static mutable state, safe to call from several
//   threads on different (or the same, const) inputs.
// - Expected failures (no events, collinear covariates, sizes that disagree) throw SurvivalError with a
//   short message meant for the user.
#include <Eigen/Dense>

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hccws::surv {

// Same signature as hccws::core::ProgressSink (nomogram/core may not depend on viewer/core):
// report(fraction in [0,1], stage) returns false to cancel.
using ProgressSink = std::function<bool(double, std::string_view)>;

class SurvivalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Ties { Efron, Breslow };

// Confidence interval transform for survival curves, as R's survfit conf.type.
enum class ConfType { Log, LogLog, Plain };

// Right-censored survival data with an n x p covariate matrix. `strata` is empty (one stratum) or holds
// one integer code per row. Column names label the covariates in results.
struct SurvData {
  Eigen::VectorXd time;
  Eigen::VectorXi status;
  Eigen::MatrixXd x;
  Eigen::VectorXi strata;
  std::vector<std::string> names;

  int n() const { return static_cast<int>(time.size()); }
  int p() const { return static_cast<int>(x.cols()); }
  int events() const { return status.sum(); }
  // Throws SurvivalError on sizes that disagree, negative or non-finite times, status not 0/1,
  // non-finite covariates.
  void validate() const;
};

}  // namespace hccws::surv
