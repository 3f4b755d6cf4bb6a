#!/usr/bin/env Rscript
# Rebuilds resources/models/nomogram_tace.json and nomogram_haic.json from the published numbers in
# ../shared/docs/science.md (Cao F et al., NPJ Digit Med 2025;8:692) and a documented reconstruction of the
# numbers the paper does not give. Deterministic (no random numbers); run from the repository root:
#   Rscript resources/models/reconstruct_nomograms.R
# See docs/nomogram-models.md for the method and its limits. A model refit on real data replaces these files
# with one command: hccws survival fit --csv F --time T --event E --covariates ... --model-out M.json
suppressPackageStartupMessages(library(jsonlite))

notice <- paste(
  "RESEARCH USE ONLY. Not a medical device and not validated for clinical decisions.",
  "Hazard ratios are published (Cao F et al., NPJ Digit Med 2025;8:692); the baseline survival, the",
  "deep-learning risk-score and proliferative-class coefficients, the diameter unit, the sex coding and the",
  "exact AST coefficient are NOT published and were reconstructed (see each parameter's source).",
  "The output is a decision aid to discuss with the treating team, never an instruction.")
citation <- paste("Cao F, An C, Li S, et al. Deep learning model for assessing survival benefits in",
                  "hepatocellular carcinoma patients undergoing intra-arterial therapies based on proliferative",
                  "subtype. NPJ Digit Med. 2025;8(1):692. doi:10.1038/s41746-025-02100-4")
times <- c(12, 36, 60)  # months
# Risk score means (train) from the paper: proliferative 0.65, non-proliferative 0.43.
dl_low <- 0.43; dl_high <- 0.65

src <- function(status, note) list(status = status, note = note)
# min/max: the axis (the clinical range a user may enter); cohort_range: the values the study's cohort
# covered when narrower (e.g. an inclusion criterion), shown as "outside the study cohort", never as
# extrapolation of the axis.
var <- function(name, label, unit, type, beta, min, max, reference, centre, source, coding = "",
                levels = NULL, cohort_range = NULL) {
  v <- list(name = name, label = label, unit = unit, type = type, coding = coding, beta = beta, hr = exp(beta),
            min = min, max = max, reference = reference, centre = centre, source = source)
  if (!is.null(cohort_range)) v$cohort_range <- cohort_range
  if (!is.null(levels)) v$levels <- levels
  v
}
yesno <- list(list(label = "no", value = 0), list(label = "yes", value = 1))

# Reconstruction: under the Cox model with a Weibull baseline for the centre patient,
#   log(-log S(t)) = shape * log(t) - shape * log(scale) + lp.
# The low-risk group is represented by the centre patient (lp = 0) and the high-risk group by the same
# clinical values with the proliferative DL profile (lp = delta). shape, scale and delta are the ordinary
# least-squares fit of that line to the six published 1/3/5-year OS values (train cohort) on the
# complementary log-log scale. delta is split equally between the DL risk score (over the published
# difference of mean scores, 0.65 - 0.43) and the proliferative class (an assumption, stated in the file).
reconstruct <- function(os_low, os_high) {
  y <- log(-log(c(os_low, os_high) / 100))
  X <- cbind(1, log(rep(times, 2)), rep(c(0, 1), each = 3))
  b <- solve(crossprod(X), crossprod(X, y))
  shape <- b[2]; scale <- exp(-b[1] / shape); delta <- b[3]
  S <- function(t, lp) exp(-(t / scale)^shape * exp(lp))
  list(shape = shape, scale = scale, delta = delta,
       fitted_low = 100 * S(times, 0), fitted_high = 100 * S(times, delta))
}

model <- function(id, arm, clinical, os_low, os_high, published_cutoff) {
  r <- reconstruct(os_low, os_high)
  beta_prolif <- r$delta / 2
  beta_dl <- r$delta / 2 / (dl_high - dl_low)
  dlnote <- sprintf(paste("reconstructed: half of the fitted high- vs low-risk log hazard ratio (%.4f) per",
                          "%.2f units of score (published mean scores 0.65 vs 0.43)"), r$delta, dl_high - dl_low)
  vars <- c(clinical, list(
    var(paste0("dl_risk_score_", tolower(arm)), paste0("DL risk score, ", arm, " head (PMN)"), "probability", "continuous", beta_dl, 0, 1, dl_low, dl_low,
        src("reconstructed", dlnote)),
    var("proliferative", "Proliferative subtype (PMN)", "", "binary", beta_prolif, 0, 1, 0, 0,
        src("reconstructed", sprintf("reconstructed: the other half of the high- vs low-risk log HR (%.4f)",
                                     r$delta)), coding = "0 = non-proliferative, 1 = proliferative",
        levels = list(list(label = "non-proliferative", value = 0), list(label = "proliferative", value = 1)))))
  list(format = "hccws-nomogram", format_version = 1L, id = id,
       title = paste(arm, "nomogram (Cao 2025; published HRs, reconstructed baseline)"), arm = arm,
       time_unit = "months", research_notice = notice,
       provenance = list(kind = "published coefficients + reconstruction", citation = citation,
                         cohort = paste0("Cohort 2 (1749 uHCC), ", arm, " arm, training set"),
                         method = paste("resources/models/reconstruct_nomograms.R: Weibull baseline and DL",
                                        "coefficients fitted to the published 1/3/5-year OS of the low- and",
                                        "high-risk groups (cloglog least squares); see docs/nomogram-models.md")),
       variables = vars,
       baseline = list(type = "weibull", scale = r$scale, shape = r$shape,
                       source = src("reconstructed", paste("Weibull S0(t) = exp(-(t/scale)^shape) for the centre",
                                                           "patient, fitted to the published risk-group OS"))),
       risk = list(lp_cutoff = r$delta / 2, high_if = "above", published_cutoff = published_cutoff,
                   published_scale = "paper's nomogram score (X-tile); its scale is not published",
                   source = src("reconstructed", paste("midpoint of the low- and high-risk representative",
                                                       "linear predictors; the published cut-off is kept for display"))),
       points = list(max = 100), survival_times = times,
       published_os = list(source = "science.md, train cohort, % at 12/36/60 months", low = os_low, high = os_high),
       reproduced_os = list(low = r$fitted_low, high = r$fitted_high))
}

tace_clin <- list(
  var("lesion_number", "Intrahepatic lesion number", "count", "continuous", log(1.26), 1, 10, 1, 2,
      src("published", "HR 1.26 (95% CI 0.99-1.60), multivariable Cox, TACE cohort")),
  var("hbv", "HBV infection", "", "binary", log(1.66), 0, 1, 1, 1,
      src("published", "HR 1.66 (CI printed as 1.08-1.56 in the secondary source); coding 1 = HBV infection"),
      coding = "0 = no, 1 = HBV infection", levels = yesno),
  var("diameter", "Largest tumour diameter", "cm", "continuous", log(1.07), 1, 20, 8, 8,
      src("published", paste("HR 1.07 (1.04-1.11) per unit; the unit is not published, cm assumed",
                             "(reconstructed: inclusion required >= 5 cm)")),
      cohort_range = list(min = 5, note = paste("the study included only tumours >= 5 cm (Cao 2025); the",
                                                "model was not fitted on smaller tumours"))))
haic_clin <- list(
  var("sex", "Sex", "", "binary", log(0.76), 0, 1, 0, 0,
      src("published", "HR 0.76 (0.56-1.01); coding not published: 0 = male, 1 = female assumed (reconstructed)"),
      coding = "0 = male, 1 = female (reconstructed assumption)",
      levels = list(list(label = "male", value = 0), list(label = "female", value = 1))),
  var("ast", "AST", "U/L", "continuous", log(1.002), 10, 400, 40, 60,
      src("reconstructed", paste("published HR 1.00 (1.00-1.00) per U/L is rounded; 1.002 (the middle of",
                                 "[1.000, 1.005), the values that round to 1.00 with a positive effect) is assumed"))),
  var("lesion_number", "Intrahepatic lesion number", "count", "continuous", log(1.28), 1, 10, 1, 2,
      src("published", "HR 1.28 (1.02-1.62), multivariable Cox, HAIC cohort")),
  var("pvtt", "Portal vein tumour thrombus", "", "binary", log(1.57), 0, 1, 0, 0,
      src("published", "HR 1.57 (1.26-1.96)"), coding = "0 = absent, 1 = present", levels = yesno))

write_model <- function(m, file) writeLines(toJSON(m, auto_unbox = TRUE, digits = NA, pretty = TRUE), file)
write_model(model("tace-cao2025-reconstructed", "TACE", tace_clin, c(62.7, 42.3, 25.2), c(51.2, 4.4, 3.8), -26.25),
            "resources/models/nomogram_tace.json")
write_model(model("haic-cao2025-reconstructed", "HAIC", haic_clin, c(87.8, 62.1, 49.1), c(63.2, 33.4, 25.4), -22.34),
            "resources/models/nomogram_haic.json")
cat("models written to resources/models\n")
