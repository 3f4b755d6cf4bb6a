// `hccws segment` and `hccws train segmentation` on hostile inputs and options (issue 13; the real executable,
// whole build only): every run ends within its time limit (no hang), by exit code 2 (bad data, the message
// names the file) or 64 (bad option, the message names the option and its range), never by a signal, and no
// message holds "stoi", nlohmann-json's exception text, a LibTorch backtrace or a bare bad_alloc.
// Bundles are copies of the shipped demo model (resources/models/demo_liver_tumour) with one thing broken; the
// CT comes from `hccws phantom` (48 x 48 x 24 voxels).
#include "skip.h"
#include "support.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using hccws::test::readText;
using hccws::test::sourceDir;

using hccws::test::tmpDir;



void writeText(const std::string& path, const std::string& text) {
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  o << text;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

struct Run {
  int code = -1;  // exit status; -1 when ended by a signal
  std::string out;
};

// Runs hccws with `args` under `timeout` (exit 124 = it hung), stdout+stderr captured.
Run runHccws(const std::string& args, int seconds = 60) {
  const std::string log = tmpDir("cli_inputs_log") + "/out.txt";
  const std::string cmd = "timeout -s KILL " + std::to_string(seconds) + " '" HCCWS_EXE "' -q " + args + " > '" + log + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = readText(log);
  return r;
}

void requireClean(const Run& r) {
  INFO(r.out);
  CHECK(r.code != -1);
  CHECK(r.code != 137);  // killed by the timeout: a hang
  CHECK(r.out.find("json.exception") == std::string::npos);
  CHECK(r.out.find("stoi") == std::string::npos);
  CHECK(r.out.find("Exception raised from") == std::string::npos);
  CHECK(r.out.find("frame #") == std::string::npos);
  CHECK(r.out.find("bad_alloc") == std::string::npos);
}

// One phantom case, made once.
const std::string& phantom() {
  static const std::string dir = [] {
    const std::string d = tmpDir("cli_inputs_phantom");
    const Run r = runHccws("phantom --out '" + d + "' --size 48,48,24 --no-dicom --phases arterial,portal_venous");
    INFO(r.out);
    REQUIRE(r.code == 0);
    return d;
  }();
  return dir;
}

std::string demoModel() {
  return hccws::test::requirePath(sourceDir() + "/resources/models/demo_liver_tumour", "the shipped demo model");
}

// A copy of the demo bundle in a fresh folder.
std::string copyOfDemo(const std::string& name) {
  const std::string dir = tmpDir(name);
  REQUIRE(std::system(("cp -r '" + demoModel() + "/.' '" + dir + "/'").c_str()) == 0);
  return dir;
}

std::string phases() {
  return "--phase arterial='" + phantom() + "/arterial.nii.gz' --phase portal_venous='" + phantom() +
         "/portal_venous.nii.gz'";
}

std::string segmentArgs(const std::string& model, const std::string& out) {
  return "segment --model '" + model + "' " + phases() + " --out '" + out + "' --fast --no-mirroring --threads 2";
}

}  // namespace

TEST_CASE("segment refuses hostile bundles quickly, naming the file and the key", "[cli][inputs]") {
  const std::string out = tmpDir("cli_inputs_out") + "/labels.nii.gz";
  SECTION("weights that are /dev/zero: no endless checksum or read") {
    const std::string b = copyOfDemo("cli_inputs_zero");
    REQUIRE(std::remove((b + "/fold_0.safetensors").c_str()) == 0);
    REQUIRE(symlink("/dev/zero", (b + "/fold_0.safetensors").c_str()) == 0);
    for (const std::string verify : {"", " --no-verify"}) {
      const Run r = runHccws(segmentArgs(b, out) + verify, 20);
      requireClean(r);
      INFO(r.out);
      CHECK(r.code == 2);
      CHECK_THAT(r.out, Catch::Contains("fold_0.safetensors") && Catch::Contains("device"));
    }
  }
  SECTION("weights that are a FIFO") {
    const std::string b = copyOfDemo("cli_inputs_fifo");
    REQUIRE(std::remove((b + "/fold_0.safetensors").c_str()) == 0);
    REQUIRE(mkfifo((b + "/fold_0.safetensors").c_str(), 0600) == 0);
    const Run r = runHccws(segmentArgs(b, out), 20);
    requireClean(r);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("FIFO"));
  }
  SECTION("plans.json with n_conv_per_stage 100,000: refused before the network is built") {
    const std::string b = copyOfDemo("cli_inputs_conv");
    const std::string plans = readText(b + "/plans.json");
    const auto at = plans.find("\"n_conv_per_stage\"");
    REQUIRE(at != std::string::npos);
    const auto open = plans.find('[', at), close = plans.find(']', at);
    writeText(b + "/plans.json", plans.substr(0, open) + "[100000, 2, 2, 2]" + plans.substr(close + 1));
    const Run r = runHccws(segmentArgs(b, out) + " --no-verify", 30);
    requireClean(r);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("plans.json") && Catch::Contains("n_conv_per_stage[0]") && Catch::Contains("1..64"));
  }
  SECTION("manifest channels[].index out of range") {
    const std::string b = copyOfDemo("cli_inputs_index");
    writeText(b + "/manifest.json", replaced(readText(b + "/manifest.json"), "\"index\": 1", "\"index\": 5"));
    const Run r = runHccws(segmentArgs(b, out), 30);
    requireClean(r);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("manifest.json") && Catch::Contains("index 5"));
  }
  SECTION("manifest that is not UTF-8, or with a label key that is not a number") {
    const std::string b = copyOfDemo("cli_inputs_utf8");
    const std::string manifest = readText(b + "/manifest.json");
    writeText(b + "/manifest.json", replaced(manifest, "\"version\": \"1.0.0\"", "\"version\": \"1.0.0 \xe9\""));
    Run r = runHccws(segmentArgs(b, out), 30);
    requireClean(r);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("manifest.json") && Catch::Contains("not valid UTF-8 at byte"));
    writeText(b + "/manifest.json", replaced(manifest, "\"1\": \"liver\"", "\"one\": \"liver\""));
    r = runHccws(segmentArgs(b, out), 30);
    requireClean(r);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("labels") && Catch::Contains("'one'"));
    writeText(b + "/manifest.json", replaced(manifest, "\"name\": \"", "\"name\": 7, \"x\": \""));
    r = runHccws(segmentArgs(b, out), 30);
    requireClean(r);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("'name' must be a string"));
  }
  SECTION("a safetensors header claiming 10^12 elements: refused before allocating") {
    const std::string b = copyOfDemo("cli_inputs_huge");
    const std::string header = R"({"decoder.seg_layers.2.weight":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,4000000000000]}})";
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
    writeText(b + "/fold_0.safetensors", bytes + header);
    const Run r = runHccws(segmentArgs(b, out) + " --no-verify", 30);
    requireClean(r);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK_THAT(r.out, Catch::Contains("fold_0.safetensors") && Catch::Contains("over the limit"));
  }
  CHECK(!std::ifstream(out));
}

TEST_CASE("segment and train refuse out-of-range options by name and range, at once", "[cli][options]") {
  const std::string out = tmpDir("cli_inputs_opts") + "/labels.nii.gz";
  struct Case {
    std::string args, option;
  };
  const std::string seg = "segment --model '" + demoModel() + "' " + phases() + " --out '" + out + "' ";
  const std::string train = "train segmentation --out '" + tmpDir("cli_inputs_train") + "/bundle' ";
  for (const Case& c : {Case{seg + "--threads 100000", "--threads"}, Case{seg + "--threads -1", "--threads"},
                        Case{seg + "--step 0", "--step"}, Case{seg + "--step nan", "--step"},
                        Case{seg + "--folds 100000", "--folds"}, Case{seg + "--folds 3", "--folds"},
                        Case{train + "--threads 100000", "--threads"}, Case{train + "--batch 0", "--batch"},
                        Case{train + "--cases 100000000", "--cases"}, Case{train + "--lr nan", "--lr"},
                        Case{train + "--features 8 16 32 64 128 256 512 1024 1024 1024 1024 1024 1024", "--features"},
                        Case{train + "--features 8 100000", "--features"}, Case{train + "--patch 32 48 100000", "--patch"},
                        Case{train + "--spacing 4 0 4", "--spacing"}, Case{train + "--phantom-dims 160 160 100000", "--phantom-dims"},
                        Case{train + "--batch 256 --patch 512 512 512", "--patch"}}) {
    const Run r = runHccws(c.args, 20);
    requireClean(r);
    INFO(c.args << "\n" << r.out);
    CHECK(r.code == 64);
    CHECK_THAT(r.out, Catch::Contains(c.option));
    if (c.args.find("fold") == std::string::npos || c.args.find("100000") != std::string::npos)
      CHECK_THAT(r.out, Catch::Contains("range") || Catch::Contains("values") || Catch::Contains("limit"));
  }
  CHECK(!std::ifstream(out));
}

TEST_CASE("a phase file whose name is not UTF-8 still gets its provenance written", "[cli][utf8]") {
  // A Linux file name may hold any bytes; the provenance JSON records it with U+FFFD instead of failing on
  // nlohmann's type_error 316 after the segmentation was done.
  const std::string dir = tmpDir("cli_inputs_name");
  const std::string odd = dir + "/pv_\xff.nii.gz";
  REQUIRE(std::system(("cp '" + phantom() + "/portal_venous.nii.gz' '" + odd + "'").c_str()) == 0);
  const Run r = runHccws("segment --model '" + demoModel() + "' --phase arterial='" + phantom() +
                          "/arterial.nii.gz' --phase portal_venous='" + odd + "' --out '" + dir +
                          "/labels.nii.gz' --fast --no-mirroring --threads 2",
                      300);
  requireClean(r);
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string prov = readText(dir + "/labels.provenance.json");
  CHECK_THAT(prov, Catch::Contains("pv_\xef\xbf\xbd.nii.gz"));
}
