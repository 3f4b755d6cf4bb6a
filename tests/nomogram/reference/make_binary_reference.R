# Reference values for the binary-classifier metrics (hccws/survival/binary_metrics.h): pROC's AUC with
# DeLong's variance and CI, glm's calibration intercept and slope, the Brier score, on a fixed simulated
# dataset with ties. Run from tests/nomogram: Rscript reference/make_binary_reference.R
# (Debian: r-cran-proc, r-cran-jsonlite). Writes data/binary_scores.csv and data/ref_binary.json.
suppressMessages({library(pROC); library(jsonlite)})
set.seed(20261206)
n <- 157
label <- rbinom(n, 1, 0.45)
score <- round(rnorm(n) + 0.9 * label, 1)          # ties on purpose
p <- plogis(0.8 * score - 0.3)
write.csv(data.frame(label = label, score = score, p = sprintf("%.17g", p)), "data/binary_scores.csv",
          row.names = FALSE, quote = FALSE)
r <- roc(label, score, direction = "<", levels = c(0, 1), quiet = TRUE)
ci <- ci.auc(r, method = "delong", conf.level = 0.95)
v <- var(r, method = "delong")
fit <- glm(label ~ qlogis(p), family = binomial)
out <- list(
  pROC_version = as.character(packageVersion("pROC")),
  n = n, positives = sum(label == 1), negatives = sum(label == 0),
  auc = as.numeric(auc(r)), auc_se = sqrt(v), auc_lower = ci[1], auc_upper = ci[3],
  brier = mean((p - label)^2),
  calibration_intercept = unname(coef(fit)[1]), calibration_slope = unname(coef(fit)[2]),
  sensitivity_at_05 = mean(p[label == 1] >= 0.5), specificity_at_05 = mean(p[label == 0] < 0.5))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "data/ref_binary.json")
