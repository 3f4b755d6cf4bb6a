# Writes a synthetic cohort CSV for the start-up / memory benchmark (app/bench/startup.sh): exponential
# survival times whose hazard rises with age and log_bili, uniform censoring, a group column, a text column
# (as clinical exports have) and about 1 % missing cells. Deterministic for a given awk, seed and row count.
#   awk -v rows=1000 -v seed=1 -f make_cohort.awk > cohort.csv
BEGIN {
  if (rows == "") rows = 1000
  if (seed == "") seed = 1
  srand(seed)
  print "id,time,event,age,log_bili,log_albumin,log_protime,edema,group,site,note"
  for (i = 1; i <= rows; i++) {
    age = 30 + 50 * rand()
    lb = -1 + 4 * rand()
    la = 0.8 + 0.7 * rand()
    lp = 2.2 + 0.5 * rand()
    ed = (rand() < 0.15) ? 1 : 0
    lin = 0.04 * (age - 55) + 0.8 * lb - 1.5 * (la - 1.2) + 1.0 * ed
    t = -log(1 - rand()) * 3000 / exp(lin)
    c = 5000 * rand()
    ev = (t <= c) ? 1 : 0
    tm = (t <= c) ? t : c
    agec = (rand() < 0.01) ? "NA" : sprintf("%.4f", age)
    printf "%d,%.3f,%d,%s,%.6f,%.6f,%.6f,%d,%d,site%02d,\"follow-up, visit %d\"\n", i, tm, ev, agec, lb, la, lp, ed, int(3 * rand()), int(20 * rand()), int(10 * rand())
  }
}
