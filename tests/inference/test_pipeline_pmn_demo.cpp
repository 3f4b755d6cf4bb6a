// The shipped demo PMN (resources/models/demo_pmn, trained on phantom seeds 10000-10399) on phantoms it has
// never seen (seeds 40000-40039, drawn here by `hccws phantom --cohort`): AUC of p(proliferative) with DeLong's
// CI through `hccws pmn --cohort`, and the bundle says synthetic everywhere. The full figure on 200 unseen
// cases (seeds 20000-20199) is in docs/pmn.md (resources/models/demo_pmn/make_demo_pmn.sh).
#include "support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using hccws::test::readText;
using hccws::test::sourceDir;
using hccws::test::tmpDir;
using json = nlohmann::json;

namespace {
int run(const std::string& args, const std::string& log) {
  const int rc = std::system((std::string("'") + HCCWS_EXE + "' " + args + " > '" + log + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
}  // namespace

TEST_CASE("the demo PMN separates the subtypes on phantoms it never saw", "[pmn][demo]") {
  const std::string model = sourceDir() + "/resources/models/demo_pmn";
  const json m = json::parse(readText(model + "/manifest.json"));
  CHECK(m["synthetic"] == true);
  CHECK(m["provenance"].get<std::string>().find("--cohort") != std::string::npos);
  CHECK(m["training_data"].get<std::string>().find("10000") != std::string::npos);

  const std::string dir = tmpDir("pmn_demo_unseen");
  REQUIRE(run("-q phantom --cohort 40 --seed 40000 --out '" + dir + "'", dir + "/gen.log") == 0);
  const int rc = run("-q pmn --model '" + model + "' --cohort '" + dir + "/cohort.csv' --out '" + dir + "/eval'",
                     dir + "/eval.log");
  INFO(readText(dir + "/eval.log"));
  REQUIRE(rc == 0);
  const json e = json::parse(readText(dir + "/eval/evaluation.json"));
  const double auc = e["auc"]["value"];
  std::printf("demo PMN on 40 unseen phantoms (seeds 40000-40039): AUC %.3f (95%% CI %.3f-%.3f), Brier %.3f, "
              "%.2f s per case\n",
              auc, e["auc"]["ci95"][0].get<double>(), e["auc"]["ci95"][1].get<double>(), e["brier"].get<double>(),
              e["run"]["seconds_per_case"].get<double>());
  CHECK(e["cohort"]["labelled"] == 40);
  CHECK(e["model"]["synthetic"] == true);
  CHECK(auc >= 0.75);
  CHECK(e["run"]["seconds_per_case"].get<double>() < 30.0);
}
