// The tumour-board PDF (`hccws report`, no display: Qt's offscreen platform): from a synthetic phantom case with
// typed inputs, a note and a chosen arm, and from the real HCC_048 series segmented from its recorded strokes.
// Checked with poppler's tools: pdftotext finds every section, the disclaimer and the numbers; pdffonts shows
// every font embedded; pdftoppm renders every page; --deidentify leaves out the name, ID, dates and folder; in
// zh_CN the report is Chinese with a CJK font embedded.
// With HCCWS_REPORT_FIGURE=path.png the HCC_048 report's first page is saved (docs/report-hcc048-page1.png).
#include "skip.h"
#include "viewer/support.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/dicom_seg.h>

#include <catch2/catch.hpp>

#include <QImage>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace hccws;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

Run shell(const std::string& cmd) {
  Run r;
  FILE* f = ::popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(f);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) r.out.append(buf, n);
  const int status = ::pclose(f);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void requireTool(const char* tool) {
  if (shell(std::string("command -v ") + tool).code != 0)
    test::skipTest(std::string(tool) + " (Debian package poppler-utils) is not installed");
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// pdffonts: every font embedded (column "emb" = yes).
void checkFontsEmbedded(const std::string& pdf, bool wantCjk) {
  const Run f = shell("pdffonts " + pdf);
  REQUIRE(f.code == 0);
  std::istringstream lines(f.out);
  std::string line;
  int fonts = 0;
  bool cjk = false;
  for (int n = 0; std::getline(lines, line); ++n) {
    if (n < 2 || line.empty()) continue;  // header
    ++fonts;
    INFO(line);
    CHECK(has(line, " yes "));
    cjk = cjk || has(line, "WenQuanYi") || has(line, "Micro") || has(line, "CJK") || has(line, "Noto");
  }
  CHECK(fonts >= 1);
  if (wantCjk) CHECK(cjk);
}

// pdftoppm renders every page; returns how many.
int renderPages(const std::string& pdf, const std::string& prefix) {
  const Run r = shell("pdftoppm -r 40 -png " + pdf + " " + prefix);
  REQUIRE(r.code == 0);
  int pages = 0;
  for (const auto& e : fs::directory_iterator(fs::path(prefix).parent_path()))
    if (e.path().filename().string().rfind(fs::path(prefix).filename().string() + "-", 0) == 0) {
      const QImage page(QString::fromStdString(e.path().string()));
      CHECK_FALSE(page.isNull());
      ++pages;
    }
  return pages;
}

// Typed inputs, a note and the arm, written the way the window writes them (journal + save).
void addBoardInputs(const std::string& dir) {
  cases::CaseFolder c = cases::CaseFolder::open(dir);
  REQUIRE_FALSE(c.readOnly());
  for (const auto& [name, value] : std::vector<std::pair<std::string, double>>{
           {"hbv", 0}, {"sex", 0}, {"ast", 52}, {"dl_risk_score_tace", 0.5}, {"dl_risk_score_haic", 0.45}, {"proliferative", 0}})
    c.manifest().nomogramInputs.push_back({name, "typed", value, "typed by the user", false});
  c.manifest().arm = "TACE";
  c.manifest().note = "Board: TACE recommended; re-image after 6 weeks.";
  c.journalManifest();
  c.save(nullptr);
}

const char* const kSections[] = {"Key images", "Measurements", "Proliferative subtype (PMN)", "Nomogram inputs",
                                 "Predicted survival by treatment arm", "Decision and note", "Provenance"};

}  // namespace

TEST_CASE("hccws report: the phantom case's PDF has every section, embedded fonts, pages that render; "
          "de-identified and Chinese versions", "[gui][report]") {
  requireTool("pdftotext");
  requireTool("pdffonts");
  requireTool("pdftoppm");
  const std::string root = test::scratchDir("case_report_phantom");
  const std::string exe = HCCWS_EXE;
  REQUIRE(shell(exe + " -q phantom --out " + root + "/ph --seed 11 --size 96,96,40 --spacing 3,3,5 "
                      "--phases arterial,portal_venous").code == 0);
  const Run made = shell(exe + " -q case create --source " + root + "/ph/dicom --labels " + root +
                         "/ph/truth_labels.nii.gz --out " + root + "/case");
  INFO(made.out);
  REQUIRE(made.code == 0);
  // the case keeps its segmentation also as a DICOM SEG referencing the phantom's DICOM series
  {
    const cases::CaseFolder c = cases::CaseFolder::open(root + "/case", true);
    REQUIRE(c.manifest().segmentation);
    REQUIRE_FALSE(c.manifest().segmentation->dicomSeg.empty());
    CHECK(core::isDicomSegFile(root + "/case/" + c.manifest().segmentation->dicomSeg));
  }
  CHECK(has(made.out, "DICOM SEG"));
  addBoardInputs(root + "/case");

  const Run r = shell(exe + " -q report --case " + root + "/case --out " + root + "/report.pdf");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const Run text = shell("pdftotext -layout " + root + "/report.pdf -");
  REQUIRE(text.code == 0);
  for (const char* s : kSections) CHECK(has(text.out, s));
  CHECK(has(text.out, "RESEARCH USE ONLY"));
  CHECK(has(text.out, "PHANTOM"));                       // the patient ID
  CHECK(has(text.out, "Board: TACE recommended"));       // the note
  CHECK(has(text.out, "Treatment arm chosen: TACE"));
  CHECK(has(text.out, "typed by the user"));             // inputs with their provenance
  CHECK(has(text.out, "measured: segment 2 'tumour'"));
  CHECK(has(text.out, "Not run in this case"));          // no PMN result in this case: said, not invented
  CHECK(has(text.out, "months"));                        // median OS of a computed arm
  checkFontsEmbedded(root + "/report.pdf", false);
  const int pages = renderPages(root + "/report.pdf", root + "/page");
  CHECK(pages >= 2);
  CHECK(has(r.out, std::to_string(pages) + " page(s)"));

  const Run d = shell(exe + " -q report --deidentify --case " + root + "/case --out " + root + "/deid.pdf");
  REQUIRE(d.code == 0);
  const Run dtext = shell("pdftotext " + root + "/deid.pdf -");
  CHECK(has(dtext.out, "De-identified case"));
  CHECK_FALSE(has(dtext.out, "PHANTOM"));
  CHECK_FALSE(has(dtext.out, "Phantom^Synthetic"));
  CHECK_FALSE(has(dtext.out, "20260101"));
  CHECK_FALSE(has(dtext.out, root));
  for (const char* s : kSections) CHECK(has(dtext.out, s));

  const Run zh = shell("HCCWS_LANG=zh_CN " + exe + " -q report --case " + root + "/case --out " + root + "/zh.pdf");
  REQUIRE(zh.code == 0);
  const Run ztext = shell("pdftotext " + root + "/zh.pdf -");
  CHECK(has(ztext.out, "肿瘤委员会报告"));
  CHECK(has(ztext.out, "关键图像"));
  CHECK(has(ztext.out, "仅供研究使用"));
  checkFontsEmbedded(root + "/zh.pdf", true);
  CHECK(renderPages(root + "/zh.pdf", root + "/zh") >= 2);

  // a folder that is not a case: refused, naming it
  const Run bad = shell(exe + " -q report --case " + root + "/ph --out " + root + "/x.pdf");
  CHECK(bad.code == 2);
  CHECK(has(bad.out, "not a case folder"));
  CHECK_FALSE(fs::exists(root + "/x.pdf"));
}

TEST_CASE("hccws report: the real HCC_048 case segmented from its recorded strokes", "[gui][report][data]") {
  requireTool("pdftotext");
  requireTool("pdffonts");
  requireTool("pdftoppm");
  const std::string series = test::sharedData("hcc048_pv");
  const char* source = std::getenv("HCCWS_SOURCE_DIR");
  REQUIRE(source);
  const std::string root = test::scratchDir("case_report_hcc048");
  const std::string exe = HCCWS_EXE;
  const Run g = shell(exe + " -q grow " + series + " --seeds " + std::string(source) +
                      "/tests/viewer/data/grow_strokes_hcc048.json --out " + root + "/grown.nrrd");
  INFO(g.out);
  REQUIRE(g.code == 0);
  REQUIRE(shell(exe + " -q case create --source " + series + " --labels " + root + "/grown.nrrd --out " + root + "/case").code == 0);
  {  // the real series referenced by the case's DICOM SEG, slice by slice
    const cases::CaseFolder c = cases::CaseFolder::open(root + "/case", true);
    REQUIRE_FALSE(c.manifest().segmentation->dicomSeg.empty());
    const core::SegmentSet set = core::readDicomSeg(root + "/case/" + c.manifest().segmentation->dicomSeg);
    CHECK(set.referencedSeriesInstanceUid == c.manifest().sources[0].seriesInstanceUid);
    CHECK(set.referencedImages.size() == 89);
  }
  addBoardInputs(root + "/case");
  const Run r = shell(exe + " -q report --case " + root + "/case --out " + root + "/report.pdf");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const Run text = shell("pdftotext -layout " + root + "/report.pdf -");
  for (const char* s : kSections) CHECK(has(text.out, s));
  CHECK(has(text.out, "Patient_01"));  // the series' DICOM PatientID (TCIA's HCC_048)
  CHECK(has(text.out, "RESEARCH USE ONLY"));
  CHECK(has(text.out, "Portal venous"));
  CHECK(has(text.out, "Liver volume"));
  checkFontsEmbedded(root + "/report.pdf", false);
  CHECK(renderPages(root + "/report.pdf", root + "/page") >= 2);
  if (const char* figure = std::getenv("HCCWS_REPORT_FIGURE")) {
    REQUIRE(shell("pdftoppm -r 70 -png -f 1 -l 1 -singlefile " + root + "/report.pdf " + root + "/first").code == 0);
    fs::copy_file(root + "/first.png", figure, fs::copy_options::overwrite_existing);
  }
}

TEST_CASE("hccws analyze then hccws report: segment, measure, PMN into a case, and its PDF", "[gui][report][analyze]") {
  requireTool("pdftotext");
  const std::string root = test::scratchDir("case_analyze");
  const std::string exe = HCCWS_EXE;
  REQUIRE(shell(exe + " -q phantom --out " + root + "/ph --seed 102 --size 96,96,40 --spacing 3,3,5").code == 0);
  const Run a = shell(exe + " -q analyze --phase arterial=" + root + "/ph/arterial.nii.gz --phase portal_venous=" + root +
                      "/ph/portal_venous.nii.gz --note 'phantom board' --out-case " + root + "/case");
  INFO(a.out);
  if (a.code != 0 && has(a.out, "not available in this build")) test::skipTest("hccws-inference is not built");
  REQUIRE(a.code == 0);
  for (const char* step : {"load the phases", "register and segment", "measure", "PMN", "write the case", "total"})
    CHECK(has(a.out, step));
  const cases::CaseFolder c = cases::CaseFolder::open(root + "/case", true);
  REQUIRE(c.manifest().segmentation);
  CHECK(has(c.manifest().segmentation->madeBy, "synthetic"));
  REQUIRE(c.manifest().results.count("measurements"));
  REQUIRE(c.manifest().results.count("pmn"));
  CHECK(has(c.manifest().results.at("pmn").madeBy, "(synthetic)"));
  for (const auto& f : c.manifest().results.at("pmn").files) CHECK(fs::exists(fs::path(root) / "case" / f));
  CHECK(cases::staleResults(c.manifest()).empty());
  int computed = 0;
  for (const auto& in : c.manifest().nomogramInputs) computed += in.state == "computed";
  CHECK(computed == 3);  // two DL risk scores and the subtype, labelled with the PMN model
  const Run r = shell(exe + " -q report --case " + root + "/case --out " + root + "/report.pdf");
  REQUIRE(r.code == 0);
  const Run text = shell("pdftotext -layout " + root + "/report.pdf -");
  CHECK(has(text.out, "p(proliferative)"));
  CHECK(has(text.out, "computed: PMN model 'demo_pmn' (synthetic)"));
  CHECK(has(text.out, "phantom board"));
  CHECK_FALSE(has(text.out, "Not run in this case"));
  // proposed key images: the tumour's slice in both phases, the PMN heatmap's slice, the 3D overview; the heatmap
  // also in the PMN section
  CHECK(has(text.out, "Proposed (no key image was chosen)"));
  CHECK(has(text.out, "heatmap p_proliferative"));
  CHECK(has(text.out, "segmentation seen from the front"));
  CHECK(has(text.out, "Heatmap:"));

  // key images chosen by the user (here through the case's own API, as the window does): the report shows those
  {
    cases::CaseFolder w = cases::CaseFolder::open(root + "/case");
    const auto& lesion = w.manifest().results.at("pmn").value.at("lesion").at("centroid_lps");
    cases::KeyImage coronal;
    coronal.view = "coronal";
    coronal.source = 1;
    for (int a = 0; a < 3; ++a) coronal.positionLps[a] = lesion.at(static_cast<std::size_t>(a)).get<double>();
    coronal.caption = "chosen coronal through the lesion";
    cases::KeyImage sagittal = coronal;
    sagittal.view = "sagittal";
    sagittal.caption = "chosen sagittal with the heatmap";
    sagittal.layer = "heatmap:p_proliferative";
    w.manifest().keyImages = {coronal, sagittal};
    w.journalManifest();
    w.save(nullptr, "test");
  }
  const Run chosen = shell(exe + " -q report --case " + root + "/case --out " + root + "/chosen.pdf");
  INFO(chosen.out);
  REQUIRE(chosen.code == 0);
  const Run ctext = shell("pdftotext -layout " + root + "/chosen.pdf -");
  CHECK(has(ctext.out, "Chosen by the user"));
  CHECK(has(ctext.out, "chosen coronal through the lesion"));
  CHECK(has(ctext.out, "chosen sagittal with the heatmap"));
  CHECK_FALSE(has(ctext.out, "Cannot be drawn"));
}

TEST_CASE("hccws cohort-summary: the TACE nomogram on DTSDHCC as one searchable page with its fonts embedded",
          "[gui][cohort][data]") {
  requireTool("pdftotext");
  requireTool("pdffonts");
  const std::string table = test::sharedData("clinical/survivalpath_dtsdhcc/SurvivalPath_DTSDHCC_timeseries.csv");
  const char* source = std::getenv("HCCWS_SOURCE_DIR");
  REQUIRE(source);
  const std::string root = test::scratchDir("cohort_summary");
  const std::string exe = HCCWS_EXE;
  const Run r = shell(exe + " -q cohort-summary --mapping " + std::string(source) + "/resources/cohorts/dtsdhcc_tace.json --csv " + table +
                      " --model " + std::string(source) + "/resources/models/nomogram_tace.json --out " + root + "/summary.pdf");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "n 1423, deaths 865, Harrell's C 0.648"));
  const Run text = shell("pdftotext " + root + "/summary.pdf -");
  for (const char* s : {"Observed survival by the model's risk group", "Calibration at 24 months", "Time-dependent AUC",
                        "Decision curve at 24 months", "Linear predictor in the cohort", "ASSUMED", "Research use only"})
    CHECK((has(text.out, s) || (std::string(s) == "ASSUMED" && has(text.out, "assumed value"))));
  checkFontsEmbedded(root + "/summary.pdf", false);
  CHECK(renderPages(root + "/summary.pdf", root + "/page") == 1);
  // a model the cohort cannot evaluate: refused, naming the variable
  const Run bad = shell(exe + " -q cohort-summary --mapping " + std::string(source) + "/resources/cohorts/dtsdhcc_tace.json --csv " + table +
                        " --model " + std::string(source) + "/resources/models/nomogram_haic.json --out " + root + "/haic.pdf");
  CHECK(bad.code == 2);
  CHECK(has(bad.out, "'ast'"));  // sex and the DL terms have assumed values; AST has none
  CHECK_FALSE(fs::exists(root + "/haic.pdf"));
}
