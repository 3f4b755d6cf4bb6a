// case.json: every field round-trips, version 1 migrates (saying what it did not record), bad manifests are
// refused naming the file and the problem, and results go stale when their inputs move.
#include <hccws/case/case_manifest.h>

#include <catch2/catch.hpp>

using namespace hccws::cases;

namespace {
CaseManifest fullManifest() {
  CaseManifest m;
  m.created = "2026-12-07T04:00:00Z";
  m.patientId = "HCC_048";
  m.patientName = "Anonymous^048";
  m.studyDate = "20010812";
  m.studyInstanceUid = "1.2.3";
  SourceSeries a;
  a.path = "/data/hcc048_pv";
  a.seriesInstanceUid = "1.2.3.4";
  a.description = "Recon 3: LIVER 2 PHASE (C/A/P)";
  a.modality = "CT";
  a.files = 89;
  a.bytes = 46710784;
  a.sha256 = std::string(64, 'a');
  a.phase = "portal_venous";
  a.phaseReason = "image content: vessel 198 HU";
  a.phaseConfidence = 0.4;
  SourceSeries b = a;
  b.path = "arterial";  // relative to the case folder
  b.phase = "arterial";
  b.phaseUserOverride = true;
  m.sources = {a, b};
  RegistrationRecord r;
  r.fixed = 0;
  r.moving = 1;
  r.matrix = {1, 0, 0, 2.5, 0, 1, 0, -1, 0, 0, 1, 0.25, 0, 0, 0, 1};
  r.method = "rigid Mattes MI";
  r.metric = -0.61;
  r.version = 2;
  m.registration = r;
  SegmentationRecord s;
  s.file = "segmentation-3.nrrd";
  s.version = 17;
  s.gridOf = 0;
  s.madeBy = "grow from seeds";
  s.dicomSeg = "segmentation.seg.dcm";
  m.segmentation = s;
  recordResult(m, "measurements", {{"liver_ml", 1148.0}}, {"segmentation"}, "hccws 0.1.0");
  recordResult(m, "pmn", {{"p_proliferative", 0.62}}, {"segmentation", "sources", "registration"},
               "demo_pmn sha256 abc (synthetic)", {"heatmaps/p.nrrd"});
  m.arm = "TACE";
  m.nomogramInputs = {{"diameter", "measured", 12.45, "segment 2 'tumour'", false},
                      {"hbv", "typed", 1, "typed by the user", false},
                      {"ast", "missing", 0, "", false}};
  m.note = "Board 2026-12-08: TACE, multinodular; 中文备注";
  KeyImage k;
  k.view = "axial";
  k.source = 0;
  k.positionLps[0] = -59.5;
  k.positionLps[1] = 2.8;
  k.positionLps[2] = -251;
  k.caption = "largest tumour, PV";
  k.layer = "heatmap:p_proliferative";
  KeyImage shot;
  shot.view = "3d";
  shot.source = 1;
  shot.file = "keyimages/3d-20261207.png";
  m.keyImages = {k, shot};
  return m;
}
}  // namespace

TEST_CASE("case manifest: every field survives writing and reading", "[case][manifest]") {
  const CaseManifest m = fullManifest();
  const CaseManifest back = parseManifest(manifestToJson(m), "case.json");
  CHECK(manifestToJson(back) == manifestToJson(m));
  REQUIRE(back.sources.size() == 2);
  CHECK(back.sources[1].phaseUserOverride);
  CHECK(back.sources[0].phaseConfidence == 0.4);
  REQUIRE(back.registration);
  CHECK(back.registration->matrix[3] == 2.5);
  REQUIRE(back.segmentation);
  CHECK(back.segmentation->version == 17);
  CHECK(back.results.at("pmn").files == std::vector<std::string>{"heatmaps/p.nrrd"});
  CHECK(back.results.at("pmn").inputs.at("registration") == "2");
  CHECK(back.nomogramInputs[0].value == 12.45);
  CHECK(back.note == m.note);
  REQUIRE(back.keyImages.size() == 2);
  CHECK(back.keyImages[0].positionLps[2] == -251);
  CHECK(back.keyImages[0].layer == "heatmap:p_proliferative");
  CHECK(back.keyImages[1].view == "3d");
  CHECK(back.keyImages[1].file == "keyimages/3d-20261207.png");
  CHECK(back.segmentation->dicomSeg == "segmentation.seg.dcm");
  CHECK(back.migratedFrom == 0);
}

TEST_CASE("case manifest: version 1 is migrated and says what it did not record", "[case][manifest]") {
  const std::string v1 = R"({"format": "hccws-case", "format_version": 1, "created": "2026-01-02T03:04:05Z",
    "patient_id": "P1", "series": [{"path": "/data/ct", "uid": "1.2", "phase": "arterial"}],
    "segmentation": "labels.nrrd", "inputs": {"diameter": 6.5, "lesion_number": 2}, "note": "old case"})";
  const CaseManifest m = parseManifest(v1, "old/case.json");
  CHECK(m.migratedFrom == 1);
  CHECK(m.patientId == "P1");
  REQUIRE(m.sources.size() == 1);
  CHECK(m.sources[0].phase == "arterial");
  CHECK(m.sources[0].sha256.empty());  // not invented
  CHECK(m.sources[0].phaseReason.find("not recorded") != std::string::npos);
  REQUIRE(m.segmentation);
  CHECK(m.segmentation->file == "labels.nrrd");
  REQUIRE(m.nomogramInputs.size() == 2);
  for (const auto& in : m.nomogramInputs) {
    CHECK(in.state == "typed");
    CHECK(in.source.find("version 1") != std::string::npos);
  }
  CHECK(m.note == "old case");
  // written back as the current version
  const CaseManifest again = parseManifest(manifestToJson(m), "case.json");
  CHECK(again.migratedFrom == 0);
  CHECK(again.nomogramInputs.size() == 2);
}

TEST_CASE("case manifest: bad files are refused naming the file and the problem", "[case][manifest]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(parseManifest("{", "a/case.json"), Contains("a/case.json") && Contains("not valid JSON"));
  CHECK_THROWS_WITH(parseManifest(R"({"format": "other"})", "b.json"), Contains("not an hccws case"));
  CHECK_THROWS_WITH(parseManifest(R"({"format": "hccws-case", "format_version": 9})", "c.json"), Contains("newer"));
  std::string text = manifestToJson(fullManifest());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
  };
  CHECK_THROWS_WITH(parseManifest(replaced("\"segmentation-3.nrrd\"", "\"../../etc/passwd\""), "d.json"),
                    Contains("inside the case folder"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"heatmaps/p.nrrd\"", "\"/etc/passwd\""), "e.json"), Contains("outside"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"moving\": 1", "\"moving\": 7"), "f.json"), Contains("not in the case"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"state\": \"typed\"", "\"state\": \"guessed\""), "g.json"),
                    Contains("unknown state"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"version\": 17", "\"version\": \"x\""), "h.json"), Contains("wrong type"));
  // numbers that are not whole numbers in range are refused, never cast (fuzz finding: 5e11 as an int)
  CHECK_THROWS_WITH(parseManifest(R"({"format": "hccws-case", "format_version": 5e11})", "i.json"), Contains("whole number"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"grid_of\": 0", "\"grid_of\": 0.5"), "j.json"), Contains("whole number"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"files\": 89", "\"files\": -1"), "k.json"), Contains("whole number"));
  CHECK(parseManifest(replaced("\"version\": 17", "\"version\": 17.0"), "l.json").segmentation->version == 17);
  // key images: a snapshot outside the case, an unknown view or layer, a series the case does not have
  CHECK_THROWS_WITH(parseManifest(replaced("\"keyimages/3d-20261207.png\"", "\"../../x.png\""), "m.json"), Contains("outside the case"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"view\": \"3d\"", "\"view\": \"oblique\""), "n.json"), Contains("unknown view"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"heatmap:p_proliferative\"", "\"overlay\""), "o.json"), Contains("unknown layer"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"source\": 1,", "\"source\": 5,"), "p.json"), Contains("not in the case"));
  CHECK_THROWS_WITH(parseManifest(replaced("\"segmentation.seg.dcm\"", "\"../seg.dcm\""), "q.json"), Contains("DICOM SEG"));
}

TEST_CASE("case manifest: a result is stale when an input it was computed from moves", "[case][stale]") {
  CaseManifest m = fullManifest();
  CHECK(staleResults(m).empty());
  m.segmentation->version += 1;  // an edit
  CHECK(staleResults(m) == std::vector<std::string>{"measurements", "pmn"});
  recordResult(m, "measurements", {{"liver_ml", 1150.0}}, {"segmentation"}, "hccws 0.1.0");
  CHECK(staleResults(m) == std::vector<std::string>{"pmn"});
  recordResult(m, "pmn", {{"p_proliferative", 0.6}}, {"segmentation", "sources", "registration"}, "demo");
  CHECK(staleResults(m).empty());
  m.registration->version += 1;  // registration redone: the PMN result (which used it) only
  CHECK(staleResults(m) == std::vector<std::string>{"pmn"});
  m.sources[0].sha256 = std::string(64, 'b');  // a different source
  CHECK(staleResults(m) == std::vector<std::string>{"pmn"});
  CHECK_THROWS_AS(recordResult(m, "x", {}, {"weather"}, "-"), CaseError);
}
