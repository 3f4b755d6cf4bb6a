#!/usr/bin/env Rscript
# Reference values for tests/nomogram/test_cli_survival.cpp (ctest surv_cli): what `hccws survival fit|km|
# evaluate|predict` must print, computed by R's survival package from the CSVs in tests/nomogram/data (read
# back from those files, so R and hccws see the same numbers) and, for the shipped Weibull nomogram, from the
# model file's own coefficients with R's integrate(). Needs survival and jsonlite (Debian: r-cran-survival,
# r-cran-jsonlite). Run from the repository root:
#   Rscript tests/nomogram/reference/make_cli_reference.R
# It writes tests/nomogram/data/ref_cli.json. Deterministic; CI does not need R.
suppressPackageStartupMessages({library(survival); library(jsonlite)})
dir <- "tests/nomogram/data"
pbc <- read.csv(file.path(dir, "pbc.csv"))
lung <- read.csv(file.path(dir, "lung.csv"))
vet <- read.csv(file.path(dir, "veteran.csv"))

## ---- fit: coefficients, tests, concordance and its standard error --------------------------------------
fitref <- function(f) {
  s <- summary(f)
  k <- concordance(f)  # what coxph reports: reverse = TRUE, pairs within strata
  list(names = names(coef(f)), beta = unname(coef(f)), se = unname(sqrt(diag(f$var))),
       hr = unname(s$conf.int[, "exp(coef)"]), hr_lower = unname(s$conf.int[, "lower .95"]),
       hr_upper = unname(s$conf.int[, "upper .95"]), z = unname(s$coefficients[, "z"]),
       p = unname(s$coefficients[, "Pr(>|z|)"]), means = unname(f$means), loglik = unname(f$loglik),
       # summary() rounds its test statistics for printing: the unrounded ones from the fit
       lr_chisq = 2 * diff(f$loglik), lr_df = length(coef(f)),
       lr_p = pchisq(2 * diff(f$loglik), length(coef(f)), lower.tail = FALSE),
       score_test = unname(f$score), wald_test = unname(f$wald.test),
       concordance = unname(k$concordance), concordance_se = unname(sqrt(k$var)),
       counts = as.list(colSums(rbind(k$count))[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")]),
       n = f$n, events = f$nevent, iter = f$iter)
}
f_pbc <- coxph(Surv(time, death) ~ age + edema + log_bili + log_albumin + log_protime, pbc, ties = "efron")
f_strata <- coxph(Surv(month, status) ~ age + ph_ecog + strata(sex), lung, ties = "efron")
f_vet_strata <- coxph(Surv(time, status) ~ karno + age + strata(celltype), vet, ties = "breslow")

## ---- km: curves, medians, RMST, log-rank -------------------------------------------------------------
kmref <- function(formula, data, conf.int, conf.type, tau) {
  sf <- survfit(formula, data, conf.int = conf.int, conf.type = conf.type)
  tab <- summary(sf, rmean = tau)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  lcl <- grep("LCL$", colnames(tab), value = TRUE)
  ucl <- grep("UCL$", colnames(tab), value = TRUE)
  ns <- if (is.null(sf$strata)) length(sf$time) else sf$strata
  grp <- rep(seq_along(ns), ns)
  lapply(seq_along(ns), function(g) {
    i <- grp == g
    list(time = sf$time[i], n_risk = sf$n.risk[i], n_event = sf$n.event[i], n_censor = sf$n.censor[i],
         surv = sf$surv[i], std_err = sf$std.err[i], lower = sf$lower[i], upper = sf$upper[i],
         median = unname(tab[g, "median"]), median_lower = unname(tab[g, lcl]),
         median_upper = unname(tab[g, ucl]), rmst = unname(tab[g, "rmean"]), rmst_se = unname(tab[g, "se(rmean)"]))
  })
}
lr <- function(formula, data) {
  s <- survdiff(formula, data)
  df <- length(s$n) - 1
  list(chisq = s$chisq, df = df, p = pchisq(s$chisq, df, lower.tail = FALSE), observed = unname(s$obs),
       expected = unname(s$exp))
}

## ---- evaluate: Harrell's C with SE, Uno's C truncated at tau (timewt = "n/G2", ymax = tau) --------------
lp_pbc <- unname(predict(f_pbc, type = "lp"))
pbc$lp <- lp_pbc
cidx <- function(formula, data, ...) {
  k <- concordance(formula, data, reverse = TRUE, ...)
  list(c = unname(k$concordance), se = unname(sqrt(k$var)))
}
uno <- function(formula, data, tau) {
  args <- list(formula, data, reverse = TRUE, timewt = "n/G2")
  if (is.finite(tau)) args$ymax <- tau
  unname(do.call(concordance, args)$concordance)
}
evalref <- list(
  model = list(harrell = cidx(Surv(time, death) ~ lp, pbc),
               uno = list(list(tau = NULL, c = uno(Surv(time, death) ~ lp, pbc, Inf)),
                          list(tau = 3000, c = uno(Surv(time, death) ~ lp, pbc, 3000)),
                          list(tau = 1500, c = uno(Surv(time, death) ~ lp, pbc, 1500)))),
  marker_log_bili = list(harrell = cidx(Surv(time, death) ~ log_bili, pbc),
                         uno = list(list(tau = 2000, c = uno(Surv(time, death) ~ log_bili, pbc, 2000)))),
  lung_age = list(harrell = cidx(Surv(time, status) ~ age, lung),
                  uno = list(list(tau = 365, c = uno(Surv(time, status) ~ age, lung, 365)),
                             list(tau = 700, c = uno(Surv(time, status) ~ age, lung, 700)))))

## ---- predict: refit model (survfit on the Cox fit) and the shipped Weibull model ----------------------
nd <- data.frame(age = 50, edema = 0.5, log_bili = log(2), log_albumin = log(3.4), log_protime = log(10.5))
ptimes <- c(400, 1000, 2000, 3000, 4000)
sf <- summary(survfit(f_pbc, newdata = nd), times = ptimes)
predict_refit <- list(values = as.list(nd), times = ptimes, surv = as.vector(sf$surv),
                      lower = as.vector(sf$lower), upper = as.vector(sf$upper),
                      lp = unname(sum(coef(f_pbc) * (unlist(nd) - f_pbc$means))),
                      last_time = max(pbc$time))

m <- fromJSON("resources/models/nomogram_haic.json", simplifyVector = FALSE)
vars <- m$variables
beta <- sapply(vars, function(v) v$beta)
centre <- sapply(vars, function(v) v$centre)
lo <- sapply(vars, function(v) v$min)
hi <- sapply(vars, function(v) v$max)
# rms-style points (nomogram_model.h): scale = points max / largest range of beta x over [min, max]
range_bx <- abs(beta) * (hi - lo)
scale <- m$points$max / max(range_bx)
weib <- function(x, times) {
  lp <- sum(beta * (x - centre))
  S <- function(t) exp(-(t / m$baseline$scale)^m$baseline$shape * exp(lp))
  pts <- scale * (beta * x - pmin(beta * lo, beta * hi))
  tau <- max(times)
  list(values = as.list(setNames(x, sapply(vars, function(v) v$name))), lp = lp, points = pts,
       total_points = sum(pts), surv = S(times),
       median = m$baseline$scale * (log(2) / exp(lp))^(1 / m$baseline$shape),
       rmst_tau = tau, rmst = integrate(S, 0, tau, rel.tol = 1e-13, subdivisions = 1000L)$value,
       risk_group = if (lp > m$risk$lp_cutoff) "high" else "low")
}
wtimes <- c(6, 12, 36, 60)
predict_weibull <- list(model = "resources/models/nomogram_haic.json", times = wtimes,
                        subjects = list(weib(c(1, 80, 3, 1, 0.7, 1), wtimes), weib(c(0, 35, 1, 0, 0.2, 0), wtimes)))

## ---- Weibull RMST for any shape and tau (closed form in hccws vs R's adaptive quadrature) --------------
rmst_cases <- list()
for (shape in c(0.25, 0.5, 0.853029, 1, 1.7, 3.5)) for (lp in c(-1.5, 0, 1.2)) for (tau in c(0.5, 12, 60, 500, 1e4)) {
  scl <- 37.3
  S <- function(t) exp(-(t / scl)^shape * exp(lp))
  # split at the scale so the quadrature sees the bend; far tails (S below 1e-300) add nothing
  brk <- sort(unique(c(0, pmin(tau, scl * c(0.001, 0.01, 0.1, 1, 3, 10, 30)), tau)))
  v <- sum(sapply(seq_len(length(brk) - 1), function(i)
    integrate(S, brk[i], brk[i + 1], rel.tol = 1e-13, subdivisions = 2000L)$value))
  closed <- scl * exp(-lp / shape) * gamma(1 + 1 / shape) * pgamma((tau / scl)^shape * exp(lp), 1 / shape)
  rmst_cases[[length(rmst_cases) + 1]] <- list(scale = scl, shape = shape, lp = lp, tau = tau, rmst = v,
                                               rmst_pgamma = closed)
}

ref <- list(
  survival_version = as.character(packageVersion("survival")),
  fit = list(pbc_efron = fitref(f_pbc), lungmonth_strata = fitref(f_strata), veteran_strata_breslow = fitref(f_vet_strata)),
  km = list(lung_sex_log_95 = list(groups = kmref(Surv(time, status) ~ sex, lung, 0.95, "log", 365),
                                   logrank = lr(Surv(time, status) ~ sex, lung), tau = 365),
            veteran_cell_loglog_90 = list(groups = kmref(Surv(time, status) ~ celltype, vet, 0.90, "log-log", 200),
                                          logrank = lr(Surv(time, status) ~ celltype, vet), tau = 200),
            lungmonth_ecog_plain_80 = list(groups = kmref(Surv(month, status) ~ ph_ecog, lung, 0.80, "plain", 24),
                                           logrank = lr(Surv(month, status) ~ ph_ecog, lung), tau = 24)),
  evaluate = evalref,
  predict_refit = predict_refit,
  predict_weibull = predict_weibull,
  weibull_rmst = rmst_cases)
writeLines(toJSON(ref, digits = NA, auto_unbox = TRUE, null = "null", na = "null"), file.path(dir, "ref_cli.json"))
cat("reference written to", file.path(dir, "ref_cli.json"), "\n")
