#!/usr/bin/env Rscript
# Reference values for tests/nomogram/test_concordance_se.cpp: Harrell's C and its standard error as R's
# survival::concordance() reports them (std.err = sqrt(fit$var), the infinitesimal-jackknife variance), on the
# cohorts that make_reference.R exported into tests/nomogram/data/ (read back from those CSVs, so R and the
# C++ test see exactly the same numbers). Run from the repository root:
#   Rscript tests/nomogram/reference/make_concordance_se.R
# It writes tests/nomogram/data/ref_concordance_se.json. Deterministic (no random numbers); CI does not need R.
suppressPackageStartupMessages({library(survival); library(jsonlite)})
dir <- "tests/nomogram/data"
lung <- read.csv(file.path(dir, "lung.csv"))
pbc <- read.csv(file.path(dir, "pbc.csv"))
pbc$lp <- read.csv(file.path(dir, "pbc_pred.csv"))$lp
vet <- read.csv(file.path(dir, "veteran.csv"))

# One case: the cohort file, its time/event columns, the marker column (and the file holding it, when it is
# not the cohort file), and R's reverse flag (TRUE: a larger marker means a shorter time, as for a risk score;
# the C++ higherIsShorter).
case <- function(file, data, time, event, marker, reverse, marker_file = file) {
  k <- concordance(as.formula(sprintf("Surv(%s, %s) ~ %s", time, event, marker)), data = data,
                   reverse = reverse)
  list(file = file, time = time, event = event, marker = marker, marker_file = marker_file, reverse = reverse,
       concordance = unname(k$concordance), var = unname(k$var), std_err = unname(sqrt(k$var)),
       counts = as.list(k$count[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")]))
}
ref <- list(
  survival_version = as.character(packageVersion("survival")),
  cases = list(
    case("lung.csv", lung, "time", "status", "ph_ecog", TRUE),
    case("lung.csv", lung, "month", "status", "ph_ecog", TRUE),   # heavy ties in time and marker
    case("lung.csv", lung, "month", "status", "age", TRUE),
    case("lung.csv", lung, "time", "status", "age", FALSE),       # reverse = FALSE
    case("pbc.csv", pbc, "time", "death", "log_bili", TRUE),
    case("pbc.csv", pbc, "time", "death", "lp", TRUE, "pbc_pred.csv"),  # Mayo Cox model's lp
    case("veteran.csv", vet, "time", "status", "karno", FALSE),
    case("veteran.csv", vet, "time", "status", "celltype", TRUE)))
writeLines(toJSON(ref, digits = NA, auto_unbox = TRUE), file.path(dir, "ref_concordance_se.json"))
cat("reference written to", file.path(dir, "ref_concordance_se.json"), "\n")
