// bench_cox: time of a Cox fit (Efron) on a seeded synthetic 1749 x 10 cohort (the size of the study's
// cohort 2), of the baseline + one predicted curve, and of one nomogram update (points, lp, S at 1/3/5 years)
// with the shipped TACE model. Where `Rscript` is on the PATH, the same fit is timed in R's coxph in the same
// run (through a temporary CSV) and the ratio printed. Usage: bench_cox [reps] [--no-r]
#include <hccws/survival/cox.h>
#include <hccws/survival/cox_baseline.h>
#include <hccws/survival/model_json.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace hccws::surv;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// Seeded cohort: 10 covariates (6 standard normal, 4 binary), exponential event times with log-hazard
// x' beta, uniform censoring giving roughly 30% censored; times rounded to 0.1 month so Efron's tie handling
// is exercised, as in real follow-up data.
SurvData cohort(int n, int p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto unif = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * (1.0 / 9007199254740992.0); };
  auto normal = [&] { return std::sqrt(-2 * std::log(unif())) * std::cos(2 * M_PI * unif()); };
  SurvData d;
  d.time.resize(n);
  d.status.resize(n);
  d.x.resize(n, p);
  for (int j = 0; j < p; ++j) d.names.push_back("x" + std::to_string(j + 1));
  for (int i = 0; i < n; ++i) {
    double lp = 0;
    for (int j = 0; j < p; ++j) {
      d.x(i, j) = j < 6 ? normal() : (unif() < 0.4 ? 1.0 : 0.0);
      lp += (j % 2 ? -0.2 : 0.3) * d.x(i, j);
    }
    const double t = -std::log(unif()) / (0.05 * std::exp(lp));
    const double c = 60 * unif();
    d.time(i) = std::max(0.1, std::round(std::min(t, c) * 10) / 10);
    d.status(i) = t <= c ? 1 : 0;
  }
  return d;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 20;
  bool useR = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-r") useR = false;
    else reps = std::max(1, std::atoi(argv[i]));
  }
  const SurvData d = cohort(1749, 10, 20251123);
  std::printf("cohort: n = %d, p = %d, events = %d (seed 20251123)\n", d.n(), d.p(), d.events());

  std::vector<double> fitMs, baseMs;
  CoxFit fit;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    fit = fitCox(d);
    const auto t1 = Clock::now();
    const auto base = coxBaseline(d, fit);
    const auto curve = base.predict(d.x.row(0).transpose());
    const auto t2 = Clock::now();
    fitMs.push_back(ms(t0, t1));
    baseMs.push_back(ms(t1, t2));
    if (curve.surv.empty()) return 1;
  }
  std::printf("hccws coxph (Efron): median %.3f ms over %d runs, %d iterations, loglik %.6f\n", median(fitMs), reps,
              fit.iter, fit.loglik);
  std::printf("hccws baseline + one curve with CI: median %.3f ms\n", median(baseMs));

  const auto model = readNomogramModel(std::string(HCCWS_SOURCE_DIR) + "/resources/models/nomogram_tace.json");
  auto x = model.referenceValues();
  const int updates = 200000;
  double sink = 0;
  const auto u0 = Clock::now();
  for (int i = 0; i < updates; ++i) {
    x[2] = 5 + (i % 150) * 0.1;
    const auto pts = model.pointsPerVariable(x);
    sink += pts[0] + model.totalPoints(x);
    const double lp = model.linearPredictor(x);
    for (double t : model.survivalTimes) sink += model.survival(t, lp);
  }
  const double updateUs = ms(u0, Clock::now()) * 1000.0 / updates;
  std::printf("nomogram update (points per variable, total, lp, S at 12/36/60 months): %.3f us (checksum %.3g)\n",
              updateUs, sink);

  if (!useR || std::system("command -v Rscript > /dev/null 2>&1") != 0) {
    std::printf("R: not run (%s)\n", useR ? "Rscript not found" : "--no-r");
    return 0;
  }
  const std::string dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  const std::string csv = dir + "/bench_cox_" + std::to_string(::getpid()) + ".csv";
  const std::string out = csv + ".out";
  {
    std::ofstream f(csv);
    f.precision(17);
    f << "time,status";
    for (const auto& n : d.names) f << ',' << n;
    f << '\n';
    for (int i = 0; i < d.n(); ++i) {
      f << d.time(i) << ',' << d.status(i);
      for (int j = 0; j < d.p(); ++j) f << ',' << d.x(i, j);
      f << '\n';
    }
  }
  const std::string expr =
      "suppressMessages(library(survival)); d <- read.csv('" + csv + "'); f <- function() coxph(Surv(time, status) ~ ., d);"
      " fit <- f(); r <- " + std::to_string(reps) + "; tt <- numeric(r); for (i in 1:r) tt[i] <- system.time(f())[['elapsed']];"
      " cat(median(tt) * 1000, sprintf('%.10f', fit[['loglik']][2]), fit[['iter']], '\\n', file = '" + out + "')";
  const std::string cmd = "Rscript -e \"" + expr + "\" > /dev/null 2> " + out + ".log";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(out);
  double rMs = 0, rLoglik = 0;
  int rIter = 0;
  if (rc != 0 || !(in >> rMs >> rLoglik >> rIter)) {
    std::printf("R: coxph failed (rc %d), see %s.log\n", rc, out.c_str());
  } else {
    std::printf("R coxph (Efron): median %.3f ms over %d runs (system.time resolution ~1 ms), loglik %.6f, %d iterations\n",
                rMs, reps, rLoglik, rIter);
    std::printf("ratio R / hccws (fit): %.1f x; |loglik difference| %.2e\n", rMs / median(fitMs),
                std::fabs(rLoglik - fit.loglik));
  }
  std::remove(csv.c_str());
  std::remove(out.c_str());
  std::remove((out + ".log").c_str());
  return 0;
}
