// `hccws phantom --cohort`, `hccws train pmn` and `hccws pmn` end to end (the real executable, whole build only)
// on a small synthetic cohort: training writes a bundle that says synthetic and records its command; --resume
// continues from the checkpoint; Ctrl+C (SIGINT) leaves a resumable checkpoint and says so; one case gives the
// JSON and heatmaps on the ROI grid in world coordinates; a cohort gives the evaluation; bad input gets a
// message naming the file and the problem.
#include <hccws/core/image_io.h>
#include <hccws/core/resample.h>

#include "support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace hccws;
using hccws::test::readText;
using hccws::test::tmpDir;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

Run hccwsRun(const std::string& args, const std::string& log) {
  const int rc = std::system((std::string("'") + HCCWS_EXE + "' " + args + " > '" + log + "' 2>&1").c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, readText(log)};
}

const std::string& cohortDir() {
  static const std::string dir = [] {
    const std::string d = tmpDir("pmn_cli_cohort");
    const Run r = hccwsRun("-q phantom --cohort 8 --seed 500 --size 100,100,56 --spacing 3,3,4 --out '" + d + "'",
                           d + ".log");
    INFO(r.out);
    REQUIRE(r.code == 0);
    return d;
  }();
  return dir;
}

const std::string kSmallNet = " --roi 18 --spacing 4 --embed-dim 8 --d-state 4 --proto-dim 4 --prototypes 1 --conv-blocks 1"
                              " --batch 3 --lr 1e-3 --synthetic --validation-fraction 0.25 --seed 3";

const std::string& trainedModel() {
  static const std::string dir = [] {
    const std::string d = tmpDir("pmn_cli_model");
    const Run r = hccwsRun("train pmn --cohort '" + cohortDir() + "/cohort.csv' --out '" + d + "' --epochs 2" + kSmallNet,
                           d + ".log");
    INFO(r.out);
    REQUIRE(r.code == 0);
    return d;
  }();
  return dir;
}

std::string caseArgs(const std::string& c) {
  const std::string p = cohortDir() + "/" + c;
  return " --phase arterial='" + p + "/arterial.nii.gz' --phase portal_venous='" + p + "/portal_venous.nii.gz'";
}

}  // namespace

TEST_CASE("phantom --cohort writes a cohort manifest with subtypes, arms and responses", "[pmn][cli]") {
  const std::string csv = readText(cohortDir() + "/cohort.csv");
  CHECK(csv.rfind("case_id,arterial,portal_venous,labels,proliferative,arm,response", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 9);
  const json truth = json::parse(readText(cohortDir() + "/case_00001/truth.json"));
  REQUIRE(truth["tumours"].size() == 1);
  CHECK(truth["tumours"][0].contains("features"));
  CHECK(fs::exists(cohortDir() + "/case_00008/portal_venous.nii.gz"));
  CHECK_FALSE(fs::exists(cohortDir() + "/case_00001/dicom"));
}

TEST_CASE("train pmn writes a synthetic bundle with its command, resumes, and stops cleanly on Ctrl+C", "[pmn][cli][train]") {
  const std::string model = trainedModel();
  const json m = json::parse(readText(model + "/manifest.json"));
  CHECK(m["format"] == "hccws-pmn-bundle");
  CHECK(m["synthetic"] == true);
  CHECK(m["intended_use"].get<std::string>().find("not for clinical use") != std::string::npos);
  CHECK(m["provenance"].get<std::string>().find("hccws train pmn") != std::string::npos);
  CHECK(m["provenance"].get<std::string>().find("--epochs 2") != std::string::npos);
  CHECK(m["input"]["roi_voxels"] == 18);
  CHECK(m["outputs"]["nomogram_cutoffs"][0]["value"].get<double>() == Approx(-22.34));
  CHECK(fs::exists(model + "/checkpoints/last.pt"));

  // --resume: continues after the checkpoint's epoch 2
  const std::string resumed = tmpDir("pmn_cli_resume");
  fs::copy(model, resumed, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  const Run r = hccwsRun("train pmn --cohort '" + cohortDir() + "/cohort.csv' --out '" + resumed +
                             "' --epochs 3 --resume --rotate-degrees 10" + kSmallNet,
                         resumed + ".log");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("epoch 3/3") != std::string::npos);
  CHECK(r.out.find("epoch 1/3") == std::string::npos);

  // SIGINT during a long run: exit 2, the message says how to resume, the checkpoint is there
  const std::string stopped = tmpDir("pmn_cli_interrupt");
  const std::string log = stopped + ".log";
  // A log or pid file of an earlier run would let the wait below end at once, before this run's SIGINT handler
  // exists (a background job ignores SIGINT until then): the run went on for the whole minute.
  fs::remove(log);
  fs::remove(stopped + ".pid");
  const std::string cmd = std::string("'") + HCCWS_EXE + "' train pmn --cohort '" + cohortDir() + "/cohort.csv' --out '" +
                          stopped + "' --epochs 100000" + kSmallNet + " > '" + log + "' 2>&1 & echo $! > '" + stopped + ".pid'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  while (readText(log).find("epoch 1/") == std::string::npos &&
         std::chrono::steady_clock::now() - t0 < std::chrono::seconds(120))
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  REQUIRE(readText(log).find("epoch 1/") != std::string::npos);
  const int pid = std::atoi(readText(stopped + ".pid").c_str());
  REQUIRE(pid > 0);
  ::kill(pid, SIGINT);
  int status = 0;
  for (int i = 0; i < 600 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (void)status;
  const std::string text = readText(log);
  INFO(text);
  CHECK(text.find("interrupted") != std::string::npos);
  CHECK(text.find("--resume") != std::string::npos);
  CHECK(fs::exists(stopped + "/checkpoints/last.pt"));
}

TEST_CASE("hccws pmn on one case: JSON with provenance, heatmaps on the ROI grid in world coordinates", "[pmn][cli]") {
  const std::string out = tmpDir("pmn_cli_case");
  const Run r = hccwsRun("pmn --model '" + trainedModel() + "'" + caseArgs("case_00002") + " --labels '" + cohortDir() +
                             "/case_00002/truth_labels.nii.gz' --out '" + out + "'",
                         out + ".log");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("synthetic") != std::string::npos);
  const json j = json::parse(readText(out + "/pmn.json"));
  const double p = j["p_proliferative"];
  CHECK(p >= 0);
  CHECK(p <= 1);
  CHECK(j["class"] == (p >= 0.5 ? "proliferative" : "non-proliferative"));
  CHECK(j["provenance"].get<std::string>().find("(synthetic)") != std::string::npos);
  REQUIRE(j["risk_scores"].size() == 2);
  CHECK(j["risk_scores"][0]["arm"] == "HAIC");
  CHECK(j["model"]["synthetic"] == true);
  CHECK(j["lesion"]["id"] == 1);
  REQUIRE(j["heatmaps"].size() == 4);  // p_proliferative, gradcam, 2 prototypes (J = 1)
  // the heatmap lies where the JSON says: its grid centre is the ROI centre, near the lesion's centroid
  const std::string hm = j["heatmaps"][0]["file"];
  const core::FloatVolume v = core::readFloatImage(hm);
  const auto& g = v.geometry();
  CHECK(g.dims[0] == 18);
  CHECK(g.spacingMm[0] == Approx(4.0));
  const core::Vec3 c = g.indexToWorld({8.5, 8.5, 8.5});
  for (int a = 0; a < 3; ++a) {
    CHECK(c[a] == Approx(j["roi"]["centre_lps"][a].get<double>()).margin(1e-3));
    CHECK(std::abs(c[a] - j["lesion"]["centroid_lps"][a].get<double>()) < 12.0);  // box centre vs centroid
  }
}

TEST_CASE("hccws pmn refuses what it cannot run, naming the file and the problem", "[pmn][cli][bad-input]") {
  const std::string model = trainedModel();
  const std::string out = tmpDir("pmn_cli_bad");
  const std::string labels = cohortDir() + "/case_00003/truth_labels.nii.gz";
  Run r = hccwsRun("pmn --model '" + model + "'" + caseArgs("case_00003") + " --labels '" + labels + "' --lesion 4 --out '" +
                       out + "'",
                   out + "/a.log");
  CHECK(r.code == 2);
  CHECK(r.out.find("lesion 4 does not exist") != std::string::npos);
  r = hccwsRun("pmn --model '" + model + "' --phase arterial='" + cohortDir() + "/case_00003/arterial.nii.gz' --labels '" +
                   labels + "' --out '" + out + "'",
               out + "/b.log");
  CHECK(r.code == 2);
  CHECK(r.out.find("missing: portal_venous") != std::string::npos);
  r = hccwsRun("pmn --model '" + model + "'" + caseArgs("case_00003") + " --phase delayed=x.nii.gz --labels '" + labels +
                   "' --out '" + out + "'",
               out + "/c.log");
  CHECK(r.code == 2);
  CHECK(r.out.find("does not use phase 'delayed'") != std::string::npos);
  // a label map whose only segment is the liver: no tumour segment
  {
    core::LabelMap lm = core::readLabelMap(labels);
    for (auto& x : lm.labels.buffer()) x = x == 2 ? 1 : x;
    core::LabelTable t;
    core::LabelInfo liver;
    liver.value = 1;
    liver.name = "liver";
    t.set(liver);
    lm.table = t;
    core::writeLabelMap(lm, out + "/liver_only.nrrd");
  }
  r = hccwsRun("pmn --model '" + model + "'" + caseArgs("case_00003") + " --labels '" + out + "/liver_only.nrrd' --out '" +
                   out + "'",
               out + "/d.log");
  CHECK(r.code == 2);
  CHECK(r.out.find("liver_only.nrrd") != std::string::npos);
  CHECK(r.out.find("no tumour segment") != std::string::npos);
  // a manifest whose channels do not add up
  const std::string broken = tmpDir("pmn_cli_broken");
  fs::copy(model, broken, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::string text = readText(broken + "/manifest.json");
  text.replace(text.find("\"mask_channel\": true"), 20, "\"mask_channel\": false");
  std::ofstream(broken + "/manifest.json", std::ios::trunc) << text;
  r = hccwsRun("pmn --model '" + broken + "'" + caseArgs("case_00003") + " --labels '" + labels + "' --out '" + out + "'",
               out + "/e.log");
  CHECK(r.code == 2);
  CHECK(r.out.find("manifest.json") != std::string::npos);
  CHECK(r.out.find("in_channels") != std::string::npos);
}

TEST_CASE("hccws pmn --cohort evaluates: AUC with DeLong CI, calibration, confusion", "[pmn][cli][evaluate]") {
  const std::string out = tmpDir("pmn_cli_eval");
  const Run r = hccwsRun("pmn --model '" + trainedModel() + "' --cohort '" + cohortDir() + "/cohort.csv' --out '" + out + "'",
                         out + ".log");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const json e = json::parse(readText(out + "/evaluation.json"));
  CHECK(e["cohort"]["labelled"] == 8);
  const double auc = e["auc"]["value"];
  CHECK(auc >= 0);
  CHECK(auc <= 1);
  CHECK(e["auc"]["ci95"][0].get<double>() <= auc);
  CHECK(e["confusion"]["true_positive"].get<int>() + e["confusion"]["false_negative"].get<int>() ==
        e["cohort"]["positives"].get<int>());
  CHECK(e["cases"].size() == 8);
  CHECK(e["model"]["synthetic"] == true);
}

TEST_CASE("hccws pmn puts a phase on another grid onto the label map's grid and says so", "[pmn][cli]") {
  const std::string out = tmpDir("pmn_cli_grid");
  // the portal venous phase on a coarser grid of the same scanner frame
  const core::CtVolume pv = core::readCtImage(cohortDir() + "/case_00004/portal_venous.nii.gz");
  core::Geometry g = pv.geometry();
  for (int a = 0; a < 3; ++a) {
    g.dims[a] = g.dims[a] * 2 / 3;
    g.spacingMm[a] *= 1.5;
  }
  core::writeImage(core::resample(pv, g, core::AffineTransform{}), out + "/pv_coarse.nii.gz");
  const Run r = hccwsRun("pmn --model '" + trainedModel() + "' --phase arterial='" + cohortDir() +
                             "/case_00004/arterial.nii.gz' --phase portal_venous='" + out + "/pv_coarse.nii.gz' --labels '" +
                             cohortDir() + "/case_00004/truth_labels.nii.gz' --out '" + out + "'",
                         out + ".log");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("resampled onto") != std::string::npos);
  const json j = json::parse(readText(out + "/pmn.json"));
  bool logged = false;
  for (const auto& line : j["log"]) logged = logged || line.get<std::string>().find("portal_venous") != std::string::npos;
  CHECK(logged);
}

TEST_CASE("a damaged cohort manifest is refused with the file, line and column", "[pmn][cli][bad-input]") {
  const std::string dir = tmpDir("pmn_cli_bad_cohort");
  const auto refused = [&](const std::string& csv, const std::string& expect) {
    std::ofstream(dir + "/cohort.csv", std::ios::trunc) << csv;
    const Run r = hccwsRun("train pmn --cohort '" + dir + "/cohort.csv' --out '" + dir + "/m' --epochs 1", dir + "/log");
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(r.out.find("cohort.csv") != std::string::npos);
    CHECK(r.out.find(expect) != std::string::npos);
  };
  const std::string header = "case_id,arterial,portal_venous,labels,proliferative,arm,response\n";
  refused(header + "a,a.nii,p.nii,l.nii,1,TACE,1\nb,a.nii,p.nii,l.nii,yes,TACE,0\n",
          "line 3: column 'proliferative' must be 0 or 1");
  refused(header + "a,a.nii,p.nii,l.nii,1,TACE,1\na,a.nii,p.nii,l.nii,0,TACE,0\n", "line 3: case 'a' (lesion 1) appears twice");
  refused(header + "a,a.nii,p.nii,l.nii,1,,1\n", "line 2: a response is given without its arm");
  refused("case_id,labels,proliferative\na,l.nii,1\n", "has no phase column");
  refused(header + "a,a.nii,p.nii,l.nii,1,TACE,1,extra\n", "line");
  // a case whose image does not exist: the training names the file
  refused(header + "a,missing_a.nii.gz,missing_p.nii.gz,missing_l.nii.gz,1,TACE,1\nb,x.nii,y.nii,z.nii,0,HAIC,0\n",
          "missing_");
}
