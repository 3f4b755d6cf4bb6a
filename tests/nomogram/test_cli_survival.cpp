// End to end: the built `hccws survival fit|km|evaluate|predict` against R (tests/nomogram/data/ref_cli.json,
// written by reference/make_cli_reference.R from survival 3.5; td-AUC, Brier, IBS and maxstat from
// ref_ipcw.json, riskRegression / pec / maxstat), every number compared within a stated tolerance; option
// values out of range refused with the option, the range and exit code 64; data errors exit 2; and the
// dispatcher loads no Qt, VTK, ITK or LibTorch for a survival command.
#include "cli/survival_cli.h"
#include "skip.h"
#include "support.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using nlohmann::json;
using surv_test::close;
using surv_test::dataPath;
using surv_test::loadJson;
using surv_test::vec;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

struct Run {
  int code = -1;
  std::string out, err;
  long maxRssKb = 0;  // peak RSS of the process, KB
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string tmpDir() {
  const char* env = std::getenv("HCCWS_TEST_TMP");
  const fs::path d = fs::path(env ? env : "/tmp") / "surv_cli";
  fs::create_directories(d);
  return d.string();
}

std::string tmp(const std::string& name) { return tmpDir() + "/" + name; }

// Runs `<exe> args` through the shell (args: plain paths and options), capturing stdout and stderr, and the
// peak RSS of that one process (the shell execs env, which execs the executable: one PID, one rusage).
Run runExe(const std::string& exe, const std::string& args, const std::string& env = "") {
  static int counter = 0;
  const std::string out = tmp("run" + std::to_string(counter) + ".out"), err = tmp("run" + std::to_string(counter) + ".err");
  ++counter;
  const std::string cmd =
      "exec env -u DISPLAY -u WAYLAND_DISPLAY " + env + " " + exe + " " + args + " >" + out + " 2>" + err;
  Run r;
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  REQUIRE(pid > 0);
  int status = 0;
  rusage ru{};
  REQUIRE(wait4(pid, &status, 0, &ru) == pid);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  r.maxRssKb = ru.ru_maxrss;
  return r;
}

Run runHccws(const std::string& args, const std::string& env = "") { return runExe(HCCWS_EXE, args, env); }

json runJson(const std::string& args) {
  const Run r = runHccws(args);
  INFO("hccws " << args << "\nstderr: " << r.err);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

std::string D(const std::string& f) { return dataPath(f); }
std::string source() {
  const char* root = std::getenv("HCCWS_SOURCE_DIR");
  return root ? root : ".";
}

// Compares a JSON number / array with R's, element by element: |a - b| <= rel * max(|b|, floor).
void near(const json& got, const json& want, double rel, const std::string& what, double floor = 1.0) {
  const auto a = vec(got), b = vec(want);
  INFO(what);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    INFO(what << "[" << i << "]: hccws " << a[i] << ", R " << b[i]);
    CHECK(close(a[i], b[i], rel, floor));
  }
}

// A refused option: exit 64 (usage), a message naming the option and saying what is allowed.
void refused(const std::string& args, const std::string& option, const std::string& range) {
  const Run r = runHccws(args);
  INFO("hccws " << args << "\nstderr: " << r.err);
  CHECK(r.code == 64);
  CHECK_THAT(r.err, Contains(option) && Contains(range));
}

const std::string kPbcFit = "--csv " + dataPath("pbc.csv") +
                            " --time time --event death --covariates age,edema,log_bili,log_albumin,log_protime";

// The refit Mayo model written by `survival fit --model-out` (once per test process).
std::string pbcModel() {
  static const std::string path = [] {
    const std::string m = tmp("pbc_model.json");
    const Run r = runHccws("survival fit " + kPbcFit + " --time-unit days --json " + tmp("pbc_fit.json") + " --model-out " + m);
    if (r.code != 0) FAIL("fit --model-out failed: " << r.err);
    return m;
  }();
  return path;
}

void checkFit(const json& j, const json& ref, const std::string& what) {
  INFO(what);
  const auto& c = j["coefficients"];
  REQUIRE(c.size() == ref["beta"].size());
  for (size_t k = 0; k < c.size(); ++k) {
    const std::string name = ref["names"][k];
    CHECK(c[k]["name"] == name);
    // 1e-6 relative for estimates and SEs (docs/survival.md); p-values relative to themselves (tiny ones too)
    near(c[k]["beta"], ref["beta"][k], 1e-6, name + " beta");
    near(c[k]["se"], ref["se"][k], 1e-6, name + " se");
    near(c[k]["hr"], ref["hr"][k], 1e-6, name + " hr");
    near(c[k]["hr_lower"], ref["hr_lower"][k], 1e-6, name + " hr_lower");
    near(c[k]["hr_upper"], ref["hr_upper"][k], 1e-6, name + " hr_upper");
    near(c[k]["z"], ref["z"][k], 1e-6, name + " z");
    near(c[k]["p"], ref["p"][k], 1e-5, name + " p", 1e-300);
    near(c[k]["mean"], ref["means"][k], 1e-10, name + " mean");
  }
  near(j["loglik"], ref["loglik"], 1e-9, "loglik");
  near(j["lr_test"]["chisq"], ref["lr_chisq"], 1e-6, "LR chisq");
  CHECK(j["lr_test"]["df"] == ref["lr_df"].get<int>());
  near(j["lr_test"]["p"], ref["lr_p"], 1e-5, "LR p", 1e-300);
  near(j["score_test"], ref["score_test"], 1e-6, "score test");
  near(j["wald_test"], ref["wald_test"], 1e-6, "Wald test");
  near(j["concordance"], ref["concordance"], 1e-8, "concordance");
  REQUIRE_FALSE(j["concordance_se"].is_null());
  near(j["concordance_se"], ref["concordance_se"], 1e-6, "concordance SE");
  const auto& cc = j["concordance_counts"];
  const auto& rc = ref["counts"];
  near(cc["concordant"], rc["concordant"], 1e-12, "concordant");
  near(cc["discordant"], rc["discordant"], 1e-12, "discordant");
  near(cc["tied_x"], rc["tied.x"], 1e-12, "tied.x");
  near(cc["tied_y"], rc["tied.y"], 1e-12, "tied.y");
  near(cc["tied_xy"], rc["tied.xy"], 1e-12, "tied.xy");
  CHECK(j["n"] == ref["n"].get<int>());
  CHECK(j["events"] == ref["events"].get<int>());
  CHECK(j["iterations"] == ref["iter"].get<int>());
}

}  // namespace

// Memory budgets are checked against the normal build. Under ASan (tests/sanitize/run.sh sets HCCWS_SANITIZER=1)
// shadow memory and the quarantine add a fixed ~30 MB and about 3x: the bound is then 8x, which still catches
// memory that grows without bound.
static double sanitizerSlack() {
  const char* s = std::getenv("HCCWS_SANITIZER");
  return s && std::string(s) == "1" ? 8.0 : 1.0;
}

TEST_CASE("fit: every coefficient, test and the concordance with its SE as R's coxph", "[cli][fit]") {
  const json ref = loadJson("ref_cli.json")["fit"];
  checkFit(runJson("survival fit " + kPbcFit), ref["pbc_efron"], "pbc, Efron");
  // stratified: concordance within strata and its SE (R's concordancefit over strata); the SE was null before
  checkFit(runJson("survival fit --csv " + D("lung.csv") + " --time month --event status --covariates age,ph_ecog --strata sex"),
           ref["lungmonth_strata"], "lung in months (heavy ties), strata(sex)");
  checkFit(runJson("survival fit --csv " + D("veteran.csv") +
                   " --time time --event status --covariates karno,age --strata celltype --ties breslow"),
           ref["veteran_strata_breslow"], "veteran, strata(celltype), Breslow");
}

TEST_CASE("km: curves, medians with CIs, RMST and the log-rank test as R's survfit / survdiff", "[cli][km]") {
  const json ref = loadJson("ref_cli.json")["km"];
  struct Case {
    std::string key, args;
  };
  const Case cases[] = {
      {"lung_sex_log_95", "--csv " + D("lung.csv") + " --time time --event status --group sex --rmst-tau 365"},
      {"veteran_cell_loglog_90", "--csv " + D("veteran.csv") +
                                     " --time time --event status --group celltype --conf 0.9 --conf-type log-log "
                                     "--rmst-tau 200"},
      {"lungmonth_ecog_plain_80", "--csv " + D("lung.csv") +
                                      " --time month --event status --group ph_ecog --conf 0.8 --conf-type plain "
                                      "--rmst-tau 24"}};
  for (const auto& c : cases) {
    INFO(c.key);
    const json j = runJson("survival km " + c.args);
    const json& r = ref[c.key];
    REQUIRE(j["groups"].size() == r["groups"].size());
    for (size_t g = 0; g < r["groups"].size(); ++g) {
      const json &a = j["groups"][g], &b = r["groups"][g];
      INFO("group " << g);
      for (const char* k : {"time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper", "median",
                            "median_lower", "median_upper"})
        near(a[k], b[k], 1e-8, k, 1e-12);
      near(a["rmst"]["mean"], b["rmst"], 1e-8, "rmst");
      near(a["rmst"]["se"], b["rmst_se"], 1e-8, "rmst se");
      near(a["rmst"]["tau"], r["tau"], 0, "rmst tau");
    }
    near(j["logrank"]["chisq"], r["logrank"]["chisq"], 1e-8, "log-rank chisq");
    CHECK(j["logrank"]["df"] == r["logrank"]["df"].get<int>());
    near(j["logrank"]["p"], r["logrank"]["p"], 1e-7, "log-rank p", 1e-300);
    near(j["logrank"]["observed"], r["logrank"]["observed"], 1e-12, "observed");
    near(j["logrank"]["expected"], r["logrank"]["expected"], 1e-8, "expected");
  }
}

TEST_CASE("predict: refit model as R's survfit(coxph, newdata); times past the baseline refused", "[cli][predict]") {
  const json r = loadJson("ref_cli.json")["predict_refit"];
  std::string values, times;
  for (const auto& [k, v] : r["values"].items()) values += (values.empty() ? "" : ",") + k + "=" + v.dump();
  for (const auto& t : r["times"]) times += (times.empty() ? "" : ",") + t.dump();
  const json j = runJson("survival predict --model " + pbcModel() + " --values " + values + " --times " + times);
  const json& s = j["subjects"][0];
  near(s["linear_predictor"], r["lp"], 1e-9, "lp");
  REQUIRE(s["survival"].size() == r["times"].size());
  for (size_t k = 0; k < r["times"].size(); ++k) {
    near(s["survival"][k]["surv"], r["surv"][k], 1e-9, "S(t)");
    near(s["survival"][k]["lower"], r["lower"][k], 1e-6, "lower");
    near(s["survival"][k]["upper"], r["upper"][k], 1e-6, "upper");
  }
  // past the data: beyond the last follow-up time of the model's baseline (pbc: 4795 days)
  CHECK(j["data_horizon"]["time"] == r["last_time"]);
  refused("survival predict --model " + pbcModel() + " --values age=50 --times 1000,5000", "--times",
          "past the data: the valid range is (0, 4795]");
}

TEST_CASE("predict: shipped Weibull nomogram, points, S(t), median and exact RMST against R", "[cli][predict]") {
  const json ref = loadJson("ref_cli.json")["predict_weibull"];
  std::string times;
  for (const auto& t : ref["times"]) times += (times.empty() ? "" : ",") + t.dump();
  for (const auto& r : ref["subjects"]) {
    std::string values;
    for (const auto& [k, v] : r["values"].items()) values += (values.empty() ? "" : ",") + k + "=" + v.dump();
    INFO(values);
    const json j = runJson("survival predict --model " + source() + "/" + ref["model"].get<std::string>() +
                           " --values " + values + " --times " + times);
    const json& s = j["subjects"][0];
    near(s["linear_predictor"], r["lp"], 1e-12, "lp");
    for (size_t k = 0; k < r["points"].size(); ++k) near(s["variables"][k]["points"], r["points"][k], 1e-10, "points");
    near(s["total_points"], r["total_points"], 1e-10, "total points");
    for (size_t k = 0; k < r["surv"].size(); ++k) near(s["survival"][k]["surv"], r["surv"][k], 1e-12, "S(t)");
    near(s["median"], r["median"], 1e-12, "median");
    near(s["rmst"]["tau"], r["rmst_tau"], 0, "rmst tau");
    near(s["rmst"]["value"], r["rmst"], 1e-11, "RMST (R: integrate, rel.tol 1e-13)");
    CHECK(s["risk_group"] == r["risk_group"]);
  }
  // past the data for a Weibull baseline: beyond the largest survival time it was fitted to (60 months)
  refused("survival predict --model " + source() + "/resources/models/nomogram_haic.json --values sex=1 --times 12,61",
          "--times", "(0, 60]");
}

TEST_CASE("evaluate: Harrell's C with SE, Uno's C truncated at tau, td-AUC, Brier, IBS, cut-point vs R",
          "[cli][evaluate]") {
  const json ref = loadJson("ref_cli.json")["evaluate"];
  const json ipcw = loadJson("ref_ipcw.json");
  const std::string base = "survival evaluate --csv " + D("pbc.csv") + " --time time --event death";
  {
    const json j = runJson(base + " --model " + pbcModel() + " --times 1000,2000,3000 --tau 3000");
    near(j["harrell_c"], ref["model"]["harrell"]["c"], 1e-8, "Harrell C");
    near(j["harrell_c_se"], ref["model"]["harrell"]["se"], 1e-6, "Harrell C SE");
    near(j["uno_c"], ref["model"]["uno"][1]["c"], 1e-8, "Uno C, tau 3000 (R ymax = 3000)");
    CHECK(j["uno_c_tau"] == 3000.0);
    for (size_t k = 0; k < 3; ++k) {
      near(j["times"][k]["td_auc"], ipcw["auc"][k], 1e-8, "td-AUC (riskRegression)");
      near(j["times"][k]["brier"], ipcw["brier"][k], 1e-8, "Brier (riskRegression)");
    }
    near(j["ibs"]["value"], ipcw["ibs"]["value"], 1e-8, "IBS (pec::crps to 3000)");
  }
  near(runJson(base + " --model " + pbcModel())["uno_c"], ref["model"]["uno"][0]["c"], 1e-8, "Uno C, no tau");
  near(runJson(base + " --model " + pbcModel() + " --tau 1500")["uno_c"], ref["model"]["uno"][2]["c"], 1e-8,
       "Uno C, tau 1500");
  {
    const json j = runJson(base + " --marker log_bili --tau 2000 --cutpoint");
    near(j["harrell_c"], ref["marker_log_bili"]["harrell"]["c"], 1e-8, "Harrell C, log_bili");
    near(j["harrell_c_se"], ref["marker_log_bili"]["harrell"]["se"], 1e-6, "Harrell C SE, log_bili");
    near(j["uno_c"], ref["marker_log_bili"]["uno"][0]["c"], 1e-8, "Uno C, log_bili, tau 2000");
    const json& ms = ipcw["maxstat"][0];
    REQUIRE(ms["variable"] == "log_bili");
    near(j["cutpoint"]["cut"], ms["estimate"], 1e-12, "cut-point");
    near(j["cutpoint"]["statistic"], ms["statistic"], 1e-8, "maxstat statistic");
    near(j["cutpoint"]["p_adjusted"], ms["p"], 1e-6, "maxstat Lau92 p", 1e-300);
  }
  for (const auto& u : ref["lung_age"]["uno"]) {
    const json j = runJson("survival evaluate --csv " + D("lung.csv") + " --time time --event status --marker age --tau " +
                           u["tau"].dump());
    near(j["uno_c"], u["c"], 1e-8, "Uno C, lung age, tau " + u["tau"].dump());
    near(j["harrell_c"], ref["lung_age"]["harrell"]["c"], 1e-8, "Harrell C, lung age");
  }
  {
    const json j = runJson(base + " --model " + pbcModel() + " --times 1000 --bootstrap 20 --seed 7");
    const double c = j["harrell_c"], lo = j["harrell_c_ci"]["lower"], hi = j["harrell_c_ci"]["upper"];
    CHECK(lo <= c);
    CHECK(c <= hi);
    CHECK(j["harrell_c_ci"]["reps"] == 20);
  }
}

TEST_CASE("evaluate: rows dropped, counted by reason, and duplicate IDs reported", "[cli][evaluate][missing]") {
  const std::string csv = tmp("dropped.csv");
  {
    std::ofstream f(csv);
    f << "id,t,e,m\n"
         "1,5,1,0.1\n2,NA,1,0.2\n3,7,,0.3\n4,8,0,\n5,9,1,0.5\n6,10,0,.\n7,11,1,0.7\n7,12,0,0.8\n9,13,1,0.9\n"
         "10,14,0,1.0\n11,15,1,1.1\n12,16,0,1.2\n";
  }
  const Run r = runHccws("survival evaluate --csv " + csv + " --time t --event e --marker m");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Contains("4 of 12 rows dropped") && Contains("1 missing time ('t')") &&
                        Contains("1 missing event ('e')") && Contains("2 missing covariate ('m')"));
  CHECK_THAT(r.err, Contains("1 duplicate ID(s) in column 'id'") && Contains("'7' on lines 8, 9"));
  const json j = json::parse(r.out);
  CHECK(j["n"] == 8);
  CHECK(j["missing"]["rows_dropped"] == 4);
  CHECK(j["missing"]["dropped_by_reason"].size() == 3);
  CHECK(j["ids"]["duplicate_ids"] == 1);
  CHECK(j["ids"]["rows_with_duplicate_ids"] == 2);
  // an explicit --id column, and a complete table: evaluate still says that nothing was dropped
  const Run r2 = runHccws("survival evaluate --csv " + D("pbc.csv") + " --time time --event death --marker age --id sex");
  CHECK(r2.code == 0);
  CHECK_THAT(r2.err, Contains("0 of 416 rows dropped") && Contains("duplicate ID(s) in column 'sex'"));
  CHECK(json::parse(r2.out)["ids"]["source"] == "--id");
}

TEST_CASE("option values out of range are refused, naming the option and the range (exit 64)", "[cli][refuse]") {
  const std::string km = "survival km --csv " + D("lung.csv") + " --time time --event status";
  refused(km + " --conf 1.5", "--conf", "(0, 1)");
  refused(km + " --conf 0", "--conf", "(0, 1)");
  refused(km + " --conf 1", "--conf", "(0, 1)");
  refused(km + " --rmst-tau=-5", "--rmst-tau", "> 0");
  refused(km + " --rmst-tau nan", "--rmst-tau", "> 0");
  const std::string ev = "survival evaluate --csv " + D("pbc.csv") + " --time time --event death --marker age";
  refused(ev + " --bootstrap -1", "--bootstrap", "not in range 0 to 1000000");
  refused(ev + " --times 1000,nan", "--times", "finite number > 0");
  refused(ev + " --times 1000,inf", "--times", "finite number > 0");
  refused(ev + " --times 1000,5000", "--times", "past the data: the valid range is (0, 4795]");
  refused(ev + " --tau 5000", "--tau", "(0, 4795]");
  refused(ev + " --tau=-1", "--tau", "> 0");
  refused(ev + " --min-prop 0.6 --max-prop 0.4 --cutpoint", "--min-prop", "smaller than --max-prop");
  const std::string pr = "survival predict --model " + source() + "/resources/models/nomogram_haic.json";
  refused(pr + " --values ast=nan", "--values", "finite number");
  refused(pr + " --values ast=inf", "--values", "finite number");
  refused(pr + " --values ast=-inf", "--values", "finite number");
  refused(pr + " --values sex=1 --times 0,12", "--times", "> 0");
  // a command line cannot carry 10^6 times (one argument is at most 128 KiB), so the count limit is checked on
  // the parser the command uses
  std::string many = "1";
  for (int k = 1; k <= hccws::cli::survival::kMaxTimes; ++k) many += ",1";
  CHECK_THROWS_WITH(hccws::cli::survival::parseTimes(many, "--times"),
                    Contains("--times") && Contains("1000001 time points; at most 1000000"));
}

TEST_CASE("bad tables exit 2 (bad input) with the file, column and problem", "[cli][bad]") {
  Run r = runHccws("survival fit --csv " + D("pbc.csv") + " --time time --event death --covariates age,nosuch");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("column 'nosuch' not found"));
  r = runHccws("survival fit --csv " + D("lung.csv") + " --time time --event time --covariates age");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("event must be 0 or 1"));
  const std::string sep = tmp("separated.csv");
  std::ofstream(sep) << "t,e,x\n1,1,1\n2,1,1\n3,1,1\n4,1,0\n5,1,0\n6,1,0\n";
  r = runHccws("survival fit --csv " + sep + " --time t --event e --covariates x");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("may be infinite"));
  r = runHccws("survival km --csv /nonexistent/cohort.csv --time t --event e");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("cannot open"));
}

TEST_CASE("hccws --help lists every command and says the shipped PMN is a synthetic demo", "[cli][help]") {
  const Run r = runHccws("--help");
  REQUIRE(r.code == 0);
  // The PMN runs (issue 14); the help must not call it missing, and must say what the shipped model is.
  CHECK_THAT(r.out, Contains("Prototype Mamba Net") && Contains("trained on synthetic phantoms") &&
                        !Contains("not implemented"));
  // every command of every sibling executable is listed by the dispatcher
  const fs::path dir = fs::path(HCCWS_EXE).parent_path();
  int siblings = 0;
  for (const char* exe : {"hccws-imaging", "hccws-inference", "hccws-gui"}) {
    if (!fs::exists(dir / exe)) continue;
    ++siblings;
    const Run s = runExe((dir / exe).string(), "--help", "QT_QPA_PLATFORM=offscreen");
    INFO(exe << ": " << s.err);
    REQUIRE(s.code == 0);
    std::istringstream lines(s.out.substr(s.out.find("Subcommands:")));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string cmd;
      if (!(words >> cmd)) break;
      INFO(exe << " has '" << cmd << "'");
      CHECK_THAT(r.out, Contains("\n  " + cmd + " "));
    }
  }
  CHECK(siblings >= 1);
  // and the dispatcher hands such a command over (same exit code as the sibling: 64 for a missing argument)
  CHECK(runHccws("inspect").code == 64);
}

TEST_CASE("survival commands load no Qt, VTK, ITK or LibTorch; 1,000 rows in < 50 MB", "[cli][startup]") {
  const std::string ldd = tmp("ldd.txt");
  REQUIRE(std::system(("ldd " + std::string(HCCWS_EXE) + " >" + ldd + " 2>&1").c_str()) == 0);
  const std::string libs = slurp(ldd);
  CHECK_THAT(libs, Contains("libc.so"));  // the listing worked
  for (const char* heavy : {"libtorch", "libc10", "libvtk", "libQt", "libITK", "libdcm"}) {
    INFO(heavy);
    CHECK_THAT(libs, !Contains(heavy));
  }
  const std::string csv = tmp("cohort1000.csv");
  const std::string gen = "awk -v rows=1000 -v seed=3 -f " + source() + "/app/bench/make_cohort.awk > " + csv;
  REQUIRE(std::system(gen.c_str()) == 0);
  // what the process really loads, dlopen included (ld.so's own trace)
  const Run traced = runHccws("survival km --csv " + csv + " --time time --event event --group group --json " +
                               tmp("km1000.json"),
                           "LD_DEBUG=files");
  REQUIRE(traced.code == 0);
  CHECK_THAT(traced.err, Contains("libstdc++"));  // the trace is there
  for (const char* heavy : {"libtorch", "libc10", "libvtk", "libQt", "libITK", "libdcm", "libGL"}) {
    INFO(heavy);
    CHECK_THAT(traced.err, !Contains(heavy));
  }
  const Run run = runHccws("survival km --csv " + csv + " --time time --event event --group group --json " +
                        tmp("km1000b.json"));
  REQUIRE(run.code == 0);
  INFO("peak RSS " << run.maxRssKb << " KB");
  CHECK(run.maxRssKb > 0);
  CHECK(run.maxRssKb < 50 * 1024 * sanitizerSlack());
}

TEST_CASE("a large table is fitted in less than twice its size in memory", "[cli][memory]") {
  // 590,000 rows, about 50 MB (app/bench/startup.sh does the same at 200 MB); before the selective reader the
  // fit held every cell as a std::string: about 11 times the file.
  const std::string csv = tmp("cohort50mb.csv");
  const std::string gen = "awk -v rows=590000 -v seed=5 -f " + source() + "/app/bench/make_cohort.awk > " + csv;
  REQUIRE(std::system(gen.c_str()) == 0);
  const double fileKb = static_cast<double>(fs::file_size(csv)) / 1024;
  const Run r = runHccws("survival fit --csv " + csv +
                      " --time time --event event --covariates age,log_bili,log_albumin,edema --json " + tmp("fit50.json"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  INFO("file " << fileKb / 1024 << " MB, peak RSS " << r.maxRssKb / 1024.0 << " MB");
  CHECK(r.maxRssKb < 2 * fileKb * sanitizerSlack());
  const json j = json::parse(slurp(tmp("fit50.json")));
  CHECK(j["n"].get<int>() + j["missing"]["rows_dropped"].get<int>() == 590000);
  CHECK(j["converged"] == true);
  fs::remove(csv);
}

TEST_CASE("predict invents no input: a variable not given is refused unless --fill-assumed marks it", "[cli][predict]") {
  const std::string haic = "survival predict --model " + source() + "/resources/models/nomogram_haic.json";
  const std::string tace = "survival predict --model " + source() + "/resources/models/nomogram_tace.json";
  // Before: unlisted variables silently took the model's reference values.
  refused(haic + " --values sex=1,pvtt=1", "--values", "missing ast, lesion_number, dl_risk_score_haic, proliferative");
  refused(haic + " --values sex=1,pvtt=1", "--values", "--fill-assumed");
  // AST has no cohort value in the model file: even --fill-assumed cannot fill it.
  refused(haic + " --values sex=1,pvtt=1 --fill-assumed", "--values", "ast (no assumed value in the model file)");
  // TACE: every missing input has an assumed value; each is marked in the JSON (and on stderr).
  const Run r = runHccws(tace + " --values diameter=9.5,lesion_number=2 --fill-assumed");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Contains("hbv = 1 is ASSUMED"));
  const json j = json::parse(r.out);
  const json& in = j["subjects"][0]["inputs"];
  REQUIRE(in.size() == 5);
  int assumed = 0;
  for (const auto& v : in) {
    if (v["name"] == "diameter" || v["name"] == "lesion_number") CHECK(v["state"] == "given");
    else {
      CHECK(v["state"] == "assumed");
      CHECK_FALSE(v["source"].get<std::string>().empty());
      ++assumed;
    }
  }
  CHECK(assumed == 3);
}

TEST_CASE("cohort: import, validate and refit on the real TACE table; bad tables exit 2 naming line and column",
          "[cli][cohort]") {
  const char* shared = std::getenv("HCCWS_SHARED_DATA");
  const std::string csv = std::string(shared ? shared : "../shared/data") + "/clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv";
  hccws::test::requirePath(csv, "shared data (TCIA HCC-TACE-Seg clinical table)");
  const std::string mapping = source() + "/resources/cohorts/hcc_tace_seg.json";
  const std::string model = source() + "/resources/models/nomogram_tace.json";
  const json imp = runJson("cohort import --mapping " + mapping + " --csv " + csv + " --variables lesion_number,hbv,diameter");
  CHECK(imp["report"]["rows_kept"] == 53);
  CHECK(imp["report"]["dropped_for_missing_values"] == 52);
  CHECK(imp["patients"].size() == 53);
  // validation: the assumed terms are named in the JSON and on stderr, never silent
  const Run v = runHccws("cohort validate --bootstrap 20 --model " + model + " --mapping " + mapping + " --csv " + csv);
  INFO(v.err);
  REQUIRE(v.code == 0);
  CHECK_THAT(v.err, Contains("dl_risk_score_tace: ASSUMED 0.533") && Contains("not evaluable"));
  const json val = json::parse(v.out);
  REQUIRE(val["assumed_for_every_patient"].size() == 2);
  CHECK(val["assumed_for_every_patient"][0]["variable"] == "dl_risk_score_tace");
  CHECK(val["horizons"].size() == 3);
  CHECK(val["horizons"][0]["decision_curve"].size() == 99);
  CHECK(val["by_risk_group"]["curves"].size() == 2);
  const auto ref = surv_test::loadJson("ref_cohorts.json")["hcc_tace_seg"];
  CHECK(std::fabs(val["harrell_c"].get<double>() - ref["harrell_c"].get<double>()) < 1e-10);
  // the HAIC model needs AST, which the table lacks and the model gives no assumed value for: refused, named
  const Run haic = runHccws("cohort validate --model " + source() + "/resources/models/nomogram_haic.json --mapping " + mapping +
                            " --csv " + csv);
  CHECK(haic.code == 2);
  CHECK_THAT(haic.err, Contains("'ast'") && Contains("cannot be validated"));
  // refit (only the evaluable terms) into a model file that predict reads
  const std::string out = tmp("refit_tcia.json");
  const Run r = runHccws("cohort refit --model " + model + " --mapping " + mapping + " --csv " + csv + " --out " + out +
                         " --json " + tmp("refit_tcia_report.json"));
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json rep = json::parse(slurp(tmp("refit_tcia_report.json")));
  CHECK(rep["used"].size() == 3);
  CHECK(rep["dropped"].size() == 2);
  const json pred = runJson("survival predict --model " + out + " --values lesion_number=2,hbv=0,diameter=1.5 --times 12");
  CHECK(pred["subjects"][0]["survival"][0].contains("lower"));  // a step baseline with CIs
  // a damaged table: exit 2, file, line and column named
  const std::string bad = tmp("bad_cohort.csv");
  {
    std::ofstream f(bad);
    f << "TCIA_ID,OS,Death_1_StillAliveorLostToFU_0,tumor_nodul,hepatitis,Tr_Size\nA,10,1,uninodular,HBV only,2\n"
         "B,12,1,uninodular,HBV only,two\n";
  }
  const Run b = runHccws("cohort import --mapping " + mapping + " --csv " + bad + " --variables lesion_number,hbv,diameter");
  CHECK(b.code == 2);
  CHECK_THAT(b.err, Contains("bad_cohort.csv") && Contains("line 3") && Contains("'Tr_Size'"));
  // and the cohort commands, like survival's, load no Qt, VTK, ITK or LibTorch
  const Run traced = runHccws("cohort import --mapping " + mapping + " --csv " + csv + " --json " + tmp("imp.json"), "LD_DEBUG=files");
  REQUIRE(traced.code == 0);
  for (const char* heavy : {"libtorch", "libc10", "libvtk", "libQt", "libITK", "libdcm", "libGL"}) {
    INFO(heavy);
    CHECK_THAT(traced.err, !Contains(heavy));
  }
}

TEST_CASE("model fit and evaluate: the combined model end to end as R (glmnet, glm, pROC)", "[cli][model]") {
  const auto ref = loadJson("ref_logistic.json");
  const std::string m = tmp("combined.json"), c = tmp("clinical.json"), e = tmp("eval.json");
  const Run f = runHccws("model fit --csv " + D("binary_cohort_train.csv") + " --outcome p53 --features age,afp_log,"
                         "tumour_cm,rad_*,dl_* --fold-column fold --out " + m);
  INFO(f.err);
  REQUIRE(f.code == 0);
  CHECK(f.err.find("computed by this fit on") != std::string::npos);
  const auto model = nlohmann::json::parse(slurp(m));
  std::vector<std::string> terms;
  for (const auto& t : model["terms"]) terms.push_back(t["column"]);
  CHECK(terms == ref["selected"].get<std::vector<std::string>>());
  CHECK(model["provenance"]["rows"] == 400);
  // The clinical comparator: afp_log alone through the same command.
  REQUIRE(runHccws("model fit --csv " + D("binary_cohort_train.csv") + " --outcome p53 --features afp_log --out " + c).code == 0);
  const Run ev = runHccws("model evaluate --model " + m + " --csv " + D("binary_cohort_test.csv") + " --compare " + c +
                          " --json " + e);
  INFO(ev.err);
  REQUIRE(ev.code == 0);
  const auto j = nlohmann::json::parse(slurp(e));
  const auto& t = ref["test"];
  CHECK(close(j["auc"]["value"].get<double>(), t["auc"].get<double>(), 1e-7));
  CHECK(close(j["auc"]["ci95"][0].get<double>(), t["auc_lower"].get<double>(), 1e-6));
  CHECK(close(j["calibration"]["hosmer_lemeshow"]["chi_square"].get<double>(), t["hl_chisq"].get<double>(), 1e-6));
  CHECK(close(j["comparison"]["auc"].get<double>(), t["clinical_auc"].get<double>(), 1e-7));
  CHECK(close(j["comparison"]["p"].get<double>(), t["delong_p"].get<double>(), 1e-5));
  CHECK(j["decision_curve"].size() == t["thresholds"].size());
  CHECK(j["provenance"].get<std::string>().find("computed by the model") != std::string::npos);
  // Refusals: a pattern matching nothing, an outcome that is not 0/1.
  const Run bad = runHccws("model fit --csv " + D("binary_cohort_train.csv") + " --outcome p53 --features nope* --out " + tmp("x.json"));
  CHECK(bad.code == 2);
  CHECK(bad.err.find("nope*") != std::string::npos);
  const Run bad2 = runHccws("model fit --csv " + D("binary_cohort_train.csv") + " --outcome fold --features afp_log --out " + tmp("x.json"));
  CHECK(bad2.code == 2);
  CHECK(bad2.err.find("0 or 1") != std::string::npos);
}
