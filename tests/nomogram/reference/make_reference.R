#!/usr/bin/env Rscript
# Reference values for tests/nomogram, produced by R's survival package (and riskRegression / maxstat
# where installed). Run from the repository root:
#   Rscript tests/nomogram/reference/make_reference.R
# It rewrites tests/nomogram/data/*.csv (the cohorts, exactly as the C++ tests read them) and
# tests/nomogram/data/ref_*.json (the values the tests compare with). CI does not need R: the outputs are
# committed. Everything is deterministic (no random numbers).
suppressPackageStartupMessages({library(survival); library(jsonlite)})
out <- "tests/nomogram/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wjson <- function(x, f) writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, null = "null", na = "null"),
                                   file.path(out, f))
wcsv <- function(d, f) write.csv(d, file.path(out, f), row.names = FALSE, na = "")

## ---- cohorts ---------------------------------------------------------------------------------------
# pbc (Mayo Clinic primary biliary cirrhosis, a liver cohort): death = status 2 (transplant censored);
# complete cases of the Mayo model covariates, logs taken here so the CSV holds the model columns.
p <- survival::pbc
p <- p[complete.cases(p[, c("time", "status", "age", "edema", "bili", "albumin", "protime")]), ]
pbcd <- data.frame(id = p$id, time = p$time, death = as.integer(p$status == 2), age = p$age,
                   edema = p$edema, log_bili = log(p$bili), log_albumin = log(p$albumin),
                   log_protime = log(p$protime), trt = p$trt, sex = as.integer(p$sex == "f"))
wcsv(pbcd, "pbc.csv")
l <- survival::lung
l <- l[complete.cases(l[, c("time", "status", "age", "sex", "ph.ecog")]), ]
lungd <- data.frame(time = l$time, status = as.integer(l$status == 2), age = l$age, sex = l$sex,
                    ph_ecog = l$ph.ecog)
# many ties: times in whole months
lungd$month <- ceiling(lungd$time / 30.4375)
wcsv(lungd, "lung.csv")
v <- survival::veteran
vetd <- data.frame(time = v$time, status = v$status, trt = v$trt, karno = v$karno, diagtime = v$diagtime,
                   age = v$age, prior = as.integer(v$prior == 10), celltype = as.integer(v$celltype))
wcsv(vetd, "veteran.csv")

## ---- Cox fits ------------------------------------------------------------------------------------------
coxref <- function(fit, newdata) {
  s <- summary(fit)
  res <- list(
    names = names(coef(fit)), beta = unname(coef(fit)), se = unname(sqrt(diag(fit$var))),
    var = unname(fit$var), z = unname(s$coefficients[, "z"]), p = unname(s$coefficients[, "Pr(>|z|)"]),
    lower95 = unname(s$conf.int[, "lower .95"]), upper95 = unname(s$conf.int[, "upper .95"]),
    loglik = unname(fit$loglik), score = unname(fit$score), iter = fit$iter, n = fit$n, nevent = fit$nevent,
    lr_chisq = unname(2 * diff(fit$loglik)), means = unname(fit$means),
    concordance = unname(fit$concordance[["concordance"]]),
    concordance_counts = as.list(fit$concordance[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")]))
  if (is.null(fit$strata) || TRUE) {
    bh <- basehaz(fit, centered = TRUE)
    res$basehaz <- list(time = bh$time, hazard = bh$hazard)
    if (!is.null(bh$strata)) res$basehaz$strata <- as.character(bh$strata)
  }
  if (!is.null(newdata)) {
    sf <- survfit(fit, newdata = newdata)
    res$newdata <- newdata
    res$pred <- list(time = sf$time, surv = unname(sf$surv), std_err = unname(sf$std.err),
                     lower = unname(sf$lower), upper = unname(sf$upper), cumhaz = unname(sf$cumhaz))
    if (!is.null(sf$strata)) res$pred$strata <- as.list(sf$strata)
  }
  res
}
nd_pbc <- data.frame(age = c(50, 65), edema = c(0, 0.5), log_bili = log(c(1, 4)),
                     log_albumin = log(c(3.5, 3.0)), log_protime = log(c(10, 11.5)))
f <- coxph(Surv(time, death) ~ age + edema + log_bili + log_albumin + log_protime, pbcd, ties = "efron")
wjson(coxref(f, nd_pbc), "ref_cox_pbc_efron.json")
f <- coxph(Surv(time, death) ~ age + edema + log_bili + log_albumin + log_protime, pbcd, ties = "breslow")
wjson(coxref(f, nd_pbc), "ref_cox_pbc_breslow.json")
nd_lung <- data.frame(age = c(60, 70), sex = c(1, 2), ph_ecog = c(0, 2))
f <- coxph(Surv(time, status) ~ age + sex + ph_ecog, lungd)
wjson(coxref(f, nd_lung), "ref_cox_lung_efron.json")
f <- coxph(Surv(month, status) ~ age + sex + ph_ecog, lungd, ties = "efron")
wjson(coxref(f, nd_lung), "ref_cox_lungmonth_efron.json")
f <- coxph(Surv(month, status) ~ age + sex + ph_ecog, lungd, ties = "breslow")
wjson(coxref(f, nd_lung), "ref_cox_lungmonth_breslow.json")
f <- coxph(Surv(month, status) ~ age + ph_ecog + strata(sex), lungd, ties = "efron")
wjson(coxref(f, NULL), "ref_cox_lungmonth_strata.json")
nd_vet <- data.frame(trt = c(1, 2), karno = c(60, 80), diagtime = c(5, 10), age = c(60, 55), prior = c(0, 1))
f <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior, vetd, ties = "efron")
wjson(coxref(f, nd_vet), "ref_cox_veteran_efron.json")

# A real TACE cohort (TCIA HCC-TACE-Seg clinical table, ../shared/data; OS in weeks, not copied here): the
# complete-case fit the C++ test repeats from the shared file, and the KM / log-rank by portal vein thrombosis.
tace_csv <- "../shared/data/clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv"
if (file.exists(tace_csv)) {
  tc <- read.csv(tace_csv, check.names = FALSE)
  names(tc)[names(tc) == "Death_1_StillAliveorLostToFU_0"] <- "death"
  names(tc)[names(tc) == "Portal Vein Thrombosis"] <- "pvt"
  f <- coxph(Surv(OS, death) ~ age + Tr_Size + AFP, tc)
  r <- coxref(f, NULL)
  s <- survdiff(Surv(OS, death) ~ pvt, tc)
  r$logrank_pvt <- list(chisq = s$chisq, observed = unname(s$obs), expected = unname(s$exp))
  wjson(r, "ref_tace_seg.json")
}

## ---- Kaplan-Meier, log-rank, concordance ---------------------------------------------------------------
kmref <- function(formula, data, tau) {
  r <- list()
  for (ct in c("log", "log-log")) {
    sf <- survfit(formula, data, conf.type = ct)
    tab <- summary(sf, rmean = tau)$table
    if (is.null(dim(tab))) tab <- t(as.matrix(tab))
    st <- if (is.null(sf$strata)) rep("all", length(sf$time)) else rep(names(sf$strata), sf$strata)
    r[[ct]] <- list(strata = st, time = sf$time, n_risk = sf$n.risk, n_event = sf$n.event, surv = sf$surv,
                    std_err = sf$std.err, lower = sf$lower, upper = sf$upper,
                    median = unname(tab[, "median"]), median_lower = unname(tab[, "0.95LCL"]),
                    median_upper = unname(tab[, "0.95UCL"]), rmean = unname(tab[, "rmean"]),
                    rmean_se = unname(tab[, "se(rmean)"]))
  }
  r$tau <- tau
  r
}
wjson(list(lung_sex = kmref(Surv(time, status) ~ sex, lungd, 365),
           lung_all = kmref(Surv(time, status) ~ 1, lungd, 500),
           lungmonth_ecog = kmref(Surv(month, status) ~ ph_ecog, lungd, 24),
           veteran_cell = kmref(Surv(time, status) ~ celltype, vetd, 200)), "ref_km.json")
lr <- function(formula, data) { s <- survdiff(formula, data)
  list(chisq = s$chisq, df = length(s$n) - 1, p = pchisq(s$chisq, length(s$n) - 1, lower.tail = FALSE),
       observed = unname(s$obs), expected = unname(s$exp)) }
wjson(list(lung_sex = lr(Surv(time, status) ~ sex, lungd), veteran_cell = lr(Surv(time, status) ~ celltype, vetd),
           lungmonth_ecog = lr(Surv(month, status) ~ ph_ecog, lungd)), "ref_logrank.json")
cc <- function(formula, data, ...) { k <- concordance(formula, data, ...)
  list(concordance = unname(k$concordance), var = unname(k$var),
       counts = as.list(k$count[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")])) }
wjson(list(
  lung_ecog = cc(Surv(time, status) ~ ph_ecog, lungd, reverse = TRUE),
  lungmonth_ecog = cc(Surv(month, status) ~ ph_ecog, lungd, reverse = TRUE),
  lungmonth_age = cc(Surv(month, status) ~ age, lungd, reverse = TRUE),
  pbc_bili = cc(Surv(time, death) ~ log_bili, pbcd, reverse = TRUE)), "ref_concordance.json")

## ---- IPCW metrics (riskRegression), cut-point (maxstat) -------------------------------------------------
f <- coxph(Surv(time, death) ~ age + edema + log_bili + log_albumin + log_protime, pbcd)
times <- c(1000, 2000, 3000)
sf <- survfit(f, newdata = pbcd)
S <- t(summary(sf, times = times, extend = TRUE)$surv)  # n x length(times)
lp <- unname(predict(f, type = "lp"))
pr <- data.frame(lp = lp); for (k in seq_along(times)) pr[[paste0("surv_", times[k])]] <- S[, k]
wcsv(pr, "pbc_pred.csv")
ipcw <- list(times = times)
if (requireNamespace("riskRegression", quietly = TRUE)) {
  sc <- riskRegression::Score(list(cox = 1 - S), formula = Surv(time, death) ~ 1, data = pbcd, times = times,
                              metrics = c("auc", "brier"), cens.model = "km", null.model = FALSE,
                              conf.int = FALSE, split.method = "none")
  ipcw$auc <- sc$AUC$score$AUC
  ipcw$brier <- sc$Brier$score$Brier
  ipcw$package <- paste("riskRegression", packageVersion("riskRegression"))
}
if (requireNamespace("pec", quietly = TRUE)) {
  suppressPackageStartupMessages(library(pec))  # its formula interface needs prodlim::Hist attached
  # IBS to tau = 3000 on the grid {0, event times < tau, tau}: pec's crps integrates the Brier step function
  # over [0, max grid) and divides by that span, which equals (1/tau) * integral over [0, tau] on this grid.
  tau <- 3000
  grid <- c(0, sort(unique(pbcd$time[pbcd$death == 1 & pbcd$time < tau])), tau)
  Sg <- t(summary(survfit(f, newdata = pbcd), times = grid, extend = TRUE)$surv)
  pe <- pec::pec(list(cox = Sg), formula = Surv(time, death) ~ 1, data = pbcd, times = grid, exact = FALSE,
                 cens.model = "marginal", reference = FALSE, start = 0, maxtime = tau)
  ipcw$ibs <- list(tau = tau, value = unname(unclass(pec::crps(pe, times = tau))[1]),
                   package = paste("pec", packageVersion("pec")))
}
ipcw$uno_c <- unname(concordance(Surv(time, death) ~ lp, pbcd, reverse = TRUE, timewt = "n/G2")$concordance)
ipcw$uno_c_tau3000 <- unname(concordance(Surv(time, death) ~ lp, pbcd, reverse = TRUE, timewt = "n/G2",
                                         ymax = 3000)$concordance)
if (requireNamespace("maxstat", quietly = TRUE)) {
  ms <- function(v) { m <- maxstat::maxstat.test(as.formula(paste("Surv(time, death) ~", v)), data = pbcd,
                         smethod = "LogRank", pmethod = "Lau92", minprop = 0.1, maxprop = 0.9)
    list(variable = v, estimate = unname(m$estimate), statistic = unname(m$statistic), p = m$p.value,
         cuts = m$cuts, stats = m$stats) }
  ipcw$maxstat <- list(ms("log_bili"), ms("age"), ms("log_protime"))
}
wjson(ipcw, "ref_ipcw.json")
cat("reference written to", out, "\n")
