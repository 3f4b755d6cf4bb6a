#!/usr/bin/env Rscript
# R's numbers for the real cohorts (issue 17): the import, validation and refit of the shipped TACE nomogram on
# TCIA HCC-TACE-Seg and on SYSUCC DTSDHCC's patients with TACE at their first visit, each computed by R from the
# raw tables (its own import: the mapping's rules written again in R), so tests/nomogram/test_cohort_vs_r.cpp
# checks hccws's import and every estimator against R (survival, riskRegression) without R at test time.
# Usage: Rscript tests/nomogram/reference/make_cohort_reference.R [SHARED_DATA_DIR]
# Needs the Debian packages r-cran-survival, r-cran-riskregression, r-cran-jsonlite.
suppressPackageStartupMessages({
  library(survival)
  library(riskRegression)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
root <- normalizePath(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))), "../../.."))
shared <- if (length(args)) args[1] else file.path(root, "..", "shared", "data")
model <- fromJSON(file.path(root, "resources/models/nomogram_tace.json"), simplifyVector = FALSE)
month <- 30.4375
times <- c(12, 24, 36)

# --- import, as resources/cohorts/*.json say ---
tcia <- read.csv(file.path(shared, "clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv"), check.names = FALSE,
                 stringsAsFactors = FALSE, na.strings = c("", "NA"))
tcia_all <- data.frame(id = tcia$TCIA_ID, time = tcia$OS * 7 / month, event = tcia$Death_1_StillAliveorLostToFU_0,
                       lesion_number = ifelse(tcia$tumor_nodul == "multinodular", 2, 1),
                       hbv = as.numeric(tcia$hepatitis %in% c("HBV only", "HCV and HBV")),
                       diameter = tcia$Tr_Size)
miss <- is.na(tcia_all$diameter)
tcia_missing_p <- suppressWarnings(chisq.test(table(miss, tcia_all$event), correct = FALSE)$p.value)
tcia_d <- tcia_all[complete.cases(tcia_all), ]

dts <- read.csv(file.path(shared, "clinical/survivalpath_dtsdhcc/SurvivalPath_DTSDHCC_timeseries.csv"),
                stringsAsFactors = FALSE)
dts$row <- seq_len(nrow(dts))
first <- dts[order(dts$ID, as.Date(dts$Date), dts$row), ]
first <- first[!duplicated(first$ID), ]
first <- first[order(first$row), ]
first <- first[first$Embolization == 1 & first$OStime_day > 0, ]
dts_d <- data.frame(id = as.character(first$ID), time = first$OStime_day / month, event = first$Status_of_death,
                    lesion_number = first$Amount.of.Hepatic.Lesions, hbv = 1,  # not evaluable: the model's assumed value
                    diameter = first$Largest.Diameter.of.Hepatic.Lesions / 10)

# --- the model: lp = sum beta (x - centre); S(t) = exp(-(t / scale)^shape exp(lp)); unevaluable terms at the
# model's assumed value ---
lp_of <- function(d) {
  lp <- 0
  for (v in model$variables) {
    x <- if (!is.null(d[[v$name]])) d[[v$name]] else v$assumed$value
    lp <- lp + v$beta * (x - v$centre)
  }
  lp
}
surv_of <- function(lp, t) exp(-(t / model$baseline$scale)^model$baseline$shape * exp(lp))

validate <- function(d) {
  d$lp <- lp_of(d)
  S <- sapply(times, function(t) surv_of(d$lp, t))
  harrell <- concordance(Surv(time, event) ~ lp, data = d, reverse = TRUE)
  uno <- concordance(Surv(time, event) ~ lp, data = d, reverse = TRUE, timewt = "n/G2", ymax = max(times))
  risk <- 1 - S
  sc <- Score(list(model = risk), formula = Surv(time, event) ~ 1, data = d, times = times, metrics = c("auc", "brier"),
              cens.model = "km", null.model = FALSE, se.fit = FALSE)
  auc <- sc$AUC$score$AUC
  brier <- sc$Brier$score$Brier
  # IBS to 36 months: Brier on 0 and every distinct event time below 36, integrated as a step function
  grid <- c(0, sort(unique(d$time[d$event == 1 & d$time < max(times)])))
  Sg <- sapply(grid, function(t) surv_of(d$lp, t))
  bg <- Score(list(model = 1 - Sg), formula = Surv(time, event) ~ 1, data = d, times = grid, metrics = "brier",
              cens.model = "km", null.model = FALSE, se.fit = FALSE)$Brier$score$Brier
  ibs <- sum(bg * diff(c(grid, max(times)))) / max(times)
  slope <- coxph(Surv(time, event) ~ lp, data = d)
  high <- as.numeric(d$lp > model$risk$lp_cutoff)
  half <- as.numeric(d$lp > median(d$lp))
  lr <- function(g) if (length(unique(g)) > 1) survdiff(Surv(d$time, d$event) ~ g)$chisq else NA
  # calibration at each horizon: 10 groups of consecutive positions after a stable sort by predicted S(t)
  cal <- lapply(seq_along(times), function(k) {
    n <- nrow(d)
    o <- order(S[, k])
    lapply(0:9, function(g) {
      from <- floor(g * n / 10); to <- floor((g + 1) * n / 10)
      rows <- o[(from + 1):to]
      fit <- survfit(Surv(d$time[rows], d$event[rows]) ~ 1)
      list(n = length(rows), predicted = mean(S[rows, k]),
           observed = summary(fit, times = times[k], extend = TRUE)$surv)
    })
  })
  # decision curves: net benefit of treating when 1 - S(t) >= pt (dcurves' survival formula, KM risks)
  thresholds <- seq(0.05, 0.95, by = 0.05)
  dca <- lapply(seq_along(times), function(k) {
    t <- times[k]
    s_all <- summary(survfit(Surv(d$time, d$event) ~ 1), times = t, extend = TRUE)$surv
    lapply(thresholds, function(pt) {
      treated <- (1 - S[, k]) >= pt
      share <- mean(treated)
      nb <- if (sum(treated) == 0) 0 else {
        s <- summary(survfit(Surv(d$time[treated], d$event[treated]) ~ 1), times = t, extend = TRUE)$surv
        (1 - s) * share - s * share * pt / (1 - pt)
      }
      list(threshold = pt, model = nb, treat_all = (1 - s_all) - s_all * pt / (1 - pt))
    })
  })
  list(n = nrow(d), deaths = sum(d$event), ids = d$id, time = d$time,
       harrell_c = unname(coef(harrell)), harrell_c_se = sqrt(harrell$var), uno_c = unname(coef(uno)),
       td_auc = auc, brier = brier, ibs = ibs,
       calibration_slope = unname(coef(slope)), calibration_slope_se = sqrt(slope$var[1, 1]),
       logrank_risk_group = lr(high), logrank_median = lr(half), median_lp = median(d$lp),
       calibration = cal, decision = dca)
}

refit <- function(d) {
  fit <- coxph(Surv(time, event) ~ lesion_number + diameter, data = d, ties = "efron")
  list(beta = unname(coef(fit)), se = unname(sqrt(diag(fit$var))), loglik = fit$loglik,
       concordance = unname(fit$concordance["concordance"]))
}

out <- list(
  generated_by = "tests/nomogram/reference/make_cohort_reference.R",
  r_version = R.version.string, survival = as.character(packageVersion("survival")),
  riskRegression = as.character(packageVersion("riskRegression")),
  hcc_tace_seg = c(validate(tcia_d), list(rows_in = nrow(tcia), missing_diameter = sum(miss),
                                          missing_diameter_by_death_p = tcia_missing_p,
                                          hcc048 = as.list(tcia_all[tcia_all$id == "HCC_048", ]))),
  dtsdhcc_tace = c(validate(dts_d), list(refit = refit(dts_d), patients = length(unique(dts$ID)),
                                         tace_at_baseline = sum(!duplicated(dts[order(dts$ID, as.Date(dts$Date), dts$row), ]$ID) &
                                                                  dts[order(dts$ID, as.Date(dts$Date), dts$row), ]$Embolization == 1))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE),
           file.path(root, "tests/nomogram/data/ref_cohorts.json"))
cat("wrote tests/nomogram/data/ref_cohorts.json\n")
