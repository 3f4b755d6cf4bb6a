// `hccws batch` (issue 18): six synthetic phantom cases over three shards, one shard killed with SIGKILL while it
// works and run again, the merged cohort CSV equal to a one-process run's; a failing case is logged and skipped
// and the rest goes on; a finished case is not redone. SYNTHETIC PHANTOMS - NOT PATIENT DATA.
#include "cli_runner.h"
#include "skip.h"
#include "viewer/support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using hccws::test::runHccws;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("batch: shards, a kill and a rerun give the one-process cohort CSV; failures are skipped", "[app][batch]") {
  const std::string root = hccws::test::scratchDir("cli_batch");
  // six phantoms (small: the pipeline is the same at any size)
  std::ofstream manifest(root + "/manifest.csv");
  // clinical columns named as nomogram variables: HBV for every case; sex, AST and PVTT for case0 only
  manifest << "id,arterial,portal_venous,hbv,sex,ast,pvtt\n";
  for (int k = 0; k < 6; ++k) {
    const std::string dir = root + "/ph" + std::to_string(k);
    const auto r = runHccws("-q phantom --out " + dir + " --seed " + std::to_string(300 + k) + " --size 64,64,32 --spacing 4,4,5");
    REQUIRE(r.exitCode == 0);
    manifest << "case" << k << ",ph" << k << "/arterial.nii.gz,ph" << k << "/portal_venous.nii.gz,1" << (k == 0 ? ",0,40,0" : ",,,") << "\n";
  }
  manifest << "broken,missing/arterial.nii.gz,missing/portal_venous.nii.gz,1,,,\n";  // fails; the rest goes on
  manifest.close();

  // one process
  const auto one = runHccws("batch run --no-report --manifest " + root + "/manifest.csv --out " + root + "/one");
  INFO(one.err);
  if (one.exitCode != 0 && one.err.find("not available in this build") != std::string::npos)
    hccws::test::skipTest("hccws-inference is not built");
  CHECK(one.exitCode == 4);  // finished, with a failed case
  CHECK(one.err.find("broken (manifest line 8) FAILED") != std::string::npos);
  CHECK(one.err.find("s left") != std::string::npos);  // progress with time left
  REQUIRE(runHccws("batch merge --manifest " + root + "/manifest.csv --out " + root + "/one").exitCode == 0);
  const std::string expected = slurp(root + "/one/cohort.csv");
  CHECK(std::count(expected.begin(), expected.end(), '\n') == 8);
  CHECK(expected.find("case5,done,") != std::string::npos);
  CHECK(expected.find("broken,failed,") != std::string::npos);
  // the nomogram step: TACE computed for every case (measured, PMN-computed and the manifest's HBV); HAIC only where
  // the manifest gives sex, AST and PVTT, else the missing inputs are named - never invented
  {
    std::istringstream lines(expected);
    std::string header, line;
    std::getline(lines, header);
    auto column = [&](const std::string& name) {
      std::istringstream h(header);
      std::string f;
      for (int k = 0; std::getline(h, f, ','); ++k)
        if (f == name) return k;
      return -1;
    };
    const int taceLp = column("tace_lp"), haicLp = column("haic_lp"), haicMissing = column("haic_missing");
    REQUIRE(taceLp > 0);
    REQUIRE(haicLp > 0);
    while (std::getline(lines, line)) {
      if (line.rfind("case", 0) != 0) continue;
      std::vector<std::string> f;
      std::string cell;
      bool quoted = false;
      for (const char ch : line) {  // the CSV has quoted fields with commas
        if (ch == '"') quoted = !quoted;
        else if (ch == ',' && !quoted) {
          f.push_back(cell);
          cell.clear();
        } else cell += ch;
      }
      f.push_back(cell);
      INFO(line);
      REQUIRE(static_cast<int>(f.size()) > haicMissing);
      CHECK_FALSE(f[static_cast<std::size_t>(taceLp)].empty());
      if (f[0] == "case0") CHECK_FALSE(f[static_cast<std::size_t>(haicLp)].empty());
      else CHECK(f[static_cast<std::size_t>(haicMissing)] == "sex ast pvtt");
    }
  }

  // three shards; shard 1 killed while it works, then run again
  const std::string out = root + "/sharded";
  for (int s : {0, 2}) {
    const auto r = runHccws("batch run --no-report --shard " + std::to_string(s) + "/3 --manifest " + root + "/manifest.csv --out " + out);
    INFO(r.err);
    CHECK((r.exitCode == 0 || r.exitCode == 4));
  }
  {
    const std::string cmd = std::string("exec ") + HCCWS_EXE + " batch run --no-report --manifest " + root + "/manifest.csv --out " + out +
                            " >/dev/null 2>&1";
    const pid_t pid = fork();
    if (pid == 0) {
      setenv("SLURM_ARRAY_TASK_ID", "1", 1);  // the shard from Slurm's array variables
      setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // kill it while its first case is under way (a case takes about 5 s here; its folder is written at the end)
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    ::kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
  }
  // no half case under a case's name: a case folder is complete or absent
  for (const auto& e : fs::directory_iterator(out + "/cases"))
    if (e.is_directory() && e.path().extension() != ".partial") CHECK(fs::exists(e.path() / "case.json"));
  const auto again = runHccws("batch run --no-report --shard 1/3 --manifest " + root + "/manifest.csv --out " + out);
  INFO(again.err);
  CHECK(again.exitCode == 0);
  // what the kill interrupted is redone, what it finished is not
  const bool redoneBoth = again.out.find("2 done, 0 already done") != std::string::npos;
  const bool redoneOne = again.out.find("1 done, 1 already done") != std::string::npos;
  CHECK((redoneBoth || redoneOne));
  const auto third = runHccws("batch run --no-report --shard 1/3 --manifest " + root + "/manifest.csv --out " + out);
  CHECK(third.out.find("0 done, 2 already done") != std::string::npos);  // nothing redone
  REQUIRE(runHccws("batch merge --manifest " + root + "/manifest.csv --out " + out).exitCode == 0);
  CHECK(slurp(out + "/cohort.csv") == expected);

  // bad shard and manifest: refused naming them
  const auto bad = runHccws("batch run --shard 3/3 --manifest " + root + "/manifest.csv --out " + out);
  CHECK(bad.exitCode == 64);
  CHECK(bad.err.find("3/3") != std::string::npos);
  std::ofstream dup(root + "/dup.csv");
  dup << "id,arterial\nA,x.nii.gz\nA,y.nii.gz\n";
  dup.close();
  const auto d = runHccws("batch run --manifest " + root + "/dup.csv --out " + root + "/dup");
  CHECK(d.exitCode == 64);
  CHECK(d.err.find("line 3") != std::string::npos);
  CHECK(d.err.find("listed twice") != std::string::npos);
}
