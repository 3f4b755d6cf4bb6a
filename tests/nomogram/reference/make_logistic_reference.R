# Reference values for the combined binary model (hccws/survival/logistic.h, binary_model.h, binary_metrics.h)
# on a synthetic cohort with a known signal: clinical, radiomics and deep-feature columns, a P53-like outcome
# drawn from a logistic model of three of them. R does every step on its own: standardisation, the correlation
# filter (own code, the rule of binary_model.h), cv.glmnet (glmnet) on the given folds, glm on the selected
# columns, and on an independent test set pROC's AUC and DeLong CI, roc.test (DeLong, paired) against a
# clinical-only glm, Hosmer-Lemeshow (own code, the rule of ResourceSelection::hoslem.test), decision curve
# (own code, Vickers & Elkin) and the calibration slope.
# Run from tests/nomogram: Rscript reference/make_logistic_reference.R
# (Debian: r-cran-glmnet, r-cran-proc, r-cran-jsonlite). Writes data/binary_cohort_{train,test}.csv and
# data/ref_logistic.json.
suppressMessages({library(glmnet); library(pROC); library(jsonlite)})
set.seed(20261207)

make <- function(n) {
  L1 <- rnorm(n); L2 <- rnorm(n)
  d <- data.frame(patient = sprintf("P%04d", seq_len(n)),
                  age = round(rnorm(n, 60, 10)), afp_log = rnorm(n, 4, 2), tumour_cm = abs(rnorm(n, 5, 2)))
  for (k in 1:5) d[[sprintf("rad_%02d", k)]] <- 100 * (L1 + 0.3 * rnorm(n)) + 500     # one correlated group
  for (k in 6:10) d[[sprintf("rad_%02d", k)]] <- 0.01 * (L2 + 0.3 * rnorm(n))          # another, no signal
  for (k in 11:20) d[[sprintf("rad_%02d", k)]] <- rnorm(n, 10, 3)                       # noise
  for (k in 1:5) d[[sprintf("dl_%d", k)]] <- rnorm(n)
  lp <- -0.3 + 0.8 * (d$afp_log - 4) / 2 + 1.0 * L1 + 0.7 * d$dl_1
  d$p53 <- rbinom(n, 1, plogis(lp))
  d$true_lp <- lp
  d
}
train <- make(400)
test <- make(300)
train$fold <- sample(rep(1:10, length.out = nrow(train)))
cols <- c("age", "afp_log", "tumour_cm", sprintf("rad_%02d", 1:20), sprintf("dl_%d", 1:5))
write.csv(train[, c("patient", cols, "p53", "fold")], "data/binary_cohort_train.csv", row.names = FALSE, quote = FALSE)
write.csv(test[, c("patient", cols, "p53", "true_lp")], "data/binary_cohort_test.csv", row.names = FALSE, quote = FALSE)
# Read back what was written (the C++ side sees the same decimals).
train <- read.csv("data/binary_cohort_train.csv")
test <- read.csv("data/binary_cohort_test.csv")

y <- train$p53
means <- sapply(train[, cols], mean)
sds <- sapply(train[, cols], sd)
Z <- scale(as.matrix(train[, cols]), center = means, scale = sds)

# Correlation filter: strongest univariate AUC first (ties keep table order), kept when |r| <= 0.9 with all kept.
strength <- sapply(cols, function(c) abs(as.numeric(auc(roc(y, Z[, c], direction = "<", levels = c(0, 1), quiet = TRUE))) - 0.5))
ord <- cols[order(-strength, seq_along(cols))]
kept <- character(0); removed <- character(0)
for (c in ord) {
  if (length(kept) == 0 || all(abs(cor(Z[, c], Z[, kept, drop = FALSE])) <= 0.9)) kept <- c(kept, c) else removed <- c(removed, c)
}
kept <- cols[cols %in% kept]   # table order for the design

glmnet.control(fdev = 0, devmax = 1)   # no early stop of the path: all 100 lambdas
tight <- glm.control(epsilon = 1e-14, maxit = 100)   # converged to the MLE, not to glm's default 1e-8
cv <- cv.glmnet(Z[, kept], y, family = "binomial", foldid = train$fold, standardize = TRUE,
                thresh = 1e-14, maxit = 1e7, type.measure = "deviance")
b1se <- as.numeric(coef(cv, s = "lambda.1se"))[-1]
selected <- kept[b1se != 0]
fit <- glm(p53 ~ ., family = binomial, data = data.frame(Z[, selected, drop = FALSE], p53 = y), control = tight)
s <- summary(fit)$coefficients

# Test set: probabilities of the model and of a clinical-only model (afp_log, fitted the same way).
Zt <- scale(as.matrix(test[, cols]), center = means, scale = sds)
p <- as.numeric(plogis(cbind(1, Zt[, selected, drop = FALSE]) %*% coef(fit)))
clin <- glm(p53 ~ afp_log, family = binomial, data = data.frame(afp_log = Z[, "afp_log"], p53 = y), control = tight)
pc <- as.numeric(plogis(cbind(1, Zt[, "afp_log"]) %*% coef(clin)))
yt <- test$p53
r <- roc(yt, p, direction = "<", levels = c(0, 1), quiet = TRUE)
rc <- roc(yt, pc, direction = "<", levels = c(0, 1), quiet = TRUE)
ci <- ci.auc(r, method = "delong")
rt <- roc.test(r, rc, method = "delong", paired = TRUE)
oracle <- as.numeric(auc(roc(yt, test$true_lp, direction = "<", levels = c(0, 1), quiet = TRUE)))

hl <- function(obs, yhat, g = 10) {   # ResourceSelection::hoslem.test's rule
  qq <- unique(quantile(yhat, probs = seq(0, 1, 1 / g)))
  cuts <- cut(yhat, breaks = qq, include.lowest = TRUE)
  o1 <- tapply(obs, cuts, sum); e1 <- tapply(yhat, cuts, sum); n <- tapply(obs, cuts, length)
  chisq <- sum((o1 - e1)^2 / e1 + ((n - o1) - (n - e1))^2 / (n - e1))
  list(chisq = chisq, df = g - 2, p = 1 - pchisq(chisq, g - 2))
}
h <- hl(yt, p)
thr <- seq(0.05, 0.95, by = 0.05)
nb <- sapply(thr, function(t) { tp <- sum(p >= t & yt == 1); fp <- sum(p >= t & yt == 0); n <- length(yt)
  tp / n - fp / n * t / (1 - t) })
prev <- mean(yt)
calib <- coef(glm(yt ~ qlogis(p), family = binomial, control = tight))

out <- list(
  glmnet_version = as.character(packageVersion("glmnet")), pROC_version = as.character(packageVersion("pROC")),
  means = as.list(means), sds = as.list(sds),
  removed_by_correlation = removed, kept = kept,
  lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
  lasso_coef_1se = as.list(setNames(b1se, kept)),
  selected = selected,
  glm = list(names = rownames(s), coef = unname(s[, 1]), se = unname(s[, 2]), p = unname(s[, 4]),
             loglik = as.numeric(logLik(fit))),
  test = list(auc = as.numeric(auc(r)), auc_lower = ci[1], auc_upper = ci[3], auc_se = sqrt(var(r, method = "delong")),
              clinical_auc = as.numeric(auc(rc)), delong_z = unname(rt$statistic), delong_p = rt$p.value,
              oracle_auc = oracle, hl_chisq = h$chisq, hl_df = h$df, hl_p = h$p,
              thresholds = thr, net_benefit = nb, treat_all = prev - (1 - prev) * thr / (1 - thr),
              calibration_intercept = unname(calib[1]), calibration_slope = unname(calib[2]),
              p_first = p[1:5]))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "data/ref_logistic.json")
