// Phase detection: each rule on hand-made metadata with a known answer, the study-level order rule, user
// overrides, and the image-content rule on real CT (portal venous HCC case, native TotalSegmentator CT).
#include "support.h"

#include <hccws/core/image_io.h>
#include <hccws/core/phase_detection.h>

#include <catch2/catch.hpp>

using namespace hccws::core;
using hccws::test::sharedData;

namespace {
std::optional<PhaseKind> keyword(const std::string& text) {
  auto d = phaseFromKeywords(text, "SeriesDescription", 0.9);
  return d ? std::optional<PhaseKind>(d->kind) : std::nullopt;
}
}  // namespace

TEST_CASE("keywords name the phase; ambiguous text names none", "[phase]") {
  CHECK(keyword("ARTERIAL PHASE 1.25mm") == PhaseKind::Arterial);
  CHECK(keyword("Abd ART") == PhaseKind::Arterial);
  CHECK(keyword("LATE ARTERIAL") == PhaseKind::Arterial);
  CHECK(keyword("AP liver") == PhaseKind::Arterial);
  CHECK(keyword("Portal Venous 5mm") == PhaseKind::PortalVenous);
  CHECK(keyword("PVP") == PhaseKind::PortalVenous);
  CHECK(keyword("abdomen_pv") == PhaseKind::PortalVenous);
  CHECK(keyword("DELAYED 3 MIN") == PhaseKind::Delayed);
  CHECK(keyword("Equilibrium") == PhaseKind::Delayed);
  CHECK(keyword("NON CONTRAST") == PhaseKind::Native);
  CHECK(keyword("Abdomen W/O") == PhaseKind::Native);
  CHECK(keyword("plain CT") == PhaseKind::Native);
  CHECK(keyword("NC 5mm") == PhaseKind::Native);
  // The real HCC series: "C/A/P" is chest/abdomen/pelvis and "2 PHASE" names no phase.
  CHECK_FALSE(keyword("Recon 3: LIVER 2 PHASE (C/A/P)"));
  CHECK_FALSE(keyword("AP + PV"));
  CHECK_FALSE(keyword("CT Body 3.0"));
  const auto d = phaseFromKeywords("Portal Venous", "ProtocolName", 0.8);
  REQUIRE(d);
  CHECK(d->confidence == Approx(0.8));
  CHECK(d->reason.find("ProtocolName") != std::string::npos);
}

TEST_CASE("bolus delay decides the phase", "[phase]") {
  CHECK(parseDicomTime("140352.457") == Approx(14 * 3600 + 3 * 60 + 52.457));
  CHECK(parseDicomTime("10:30:00") == Approx(10.5 * 3600));
  CHECK_FALSE(parseDicomTime(""));
  CHECK_FALSE(parseDicomTime("ab"));
  CHECK(phaseFromBolusTiming("100005", "100000")->kind == PhaseKind::Native);
  CHECK(phaseFromBolusTiming("100030", "100000")->kind == PhaseKind::Arterial);
  CHECK(phaseFromBolusTiming("100110", "100000")->kind == PhaseKind::PortalVenous);
  CHECK(phaseFromBolusTiming("100300", "100000")->kind == PhaseKind::Delayed);
  CHECK(phaseFromBolusTiming("000020", "235950")->kind == PhaseKind::Arterial);  // across midnight
  CHECK_FALSE(phaseFromBolusTiming("090000", "100000"));                         // bolus after the scan
  CHECK_FALSE(phaseFromBolusTiming("100000", ""));
}

TEST_CASE("study rules: agent, order, priority and user overrides", "[phase]") {
  Study study;
  auto add = [&](const std::string& desc, const std::string& agent, const std::string& acq) {
    Phase p;
    p.source.studyInstanceUid = "1.2";
    p.source.seriesDescription = desc;
    p.source.contrastBolusAgent = agent;
    p.source.acquisitionTime = acq;
    study.phases.push_back(std::move(p));
  };
  add("Abdomen 5mm", "OMNIPAQUE", "101500");  // later contrast series: PV by order
  add("Abdomen 5mm", "OMNIPAQUE", "101000");  // earlier: arterial by order
  add("Abdomen 5mm", "NONE", "100000");       // explicit no agent: native
  add("DELAYED", "OMNIPAQUE", "102000");      // keyword wins, and is not counted in the order
  add("Abdomen 5mm", "", "");                 // nothing known
  detectPhases(study);
  CHECK(study.phases[0].decision.kind == PhaseKind::PortalVenous);
  CHECK(study.phases[1].decision.kind == PhaseKind::Arterial);
  CHECK(study.phases[1].decision.confidence == Approx(0.5));
  CHECK(study.phases[2].decision.kind == PhaseKind::Native);
  CHECK(study.phases[3].decision.kind == PhaseKind::Delayed);
  CHECK(study.phases[3].decision.confidence == Approx(0.9));
  CHECK(study.phases[4].decision.kind == PhaseKind::Unknown);
  CHECK(study.phases[4].decision.confidence == 0);
  for (const auto& p : study.phases) {
    CHECK_FALSE(p.decision.reason.empty());
    // the same reason as phrases (what a translated interface shows), every template argument filled in
    CHECK(render(p.decision.why) == p.decision.reason);
    for (const auto& ph : p.decision.why)
      for (std::size_t n = 0; n < ph.args.size(); ++n)
        CHECK(ph.text.find("%" + std::to_string(n + 1)) != std::string::npos);
  }

  study.phases[0].decision = userPhaseDecision(PhaseKind::Delayed, "radiologist");
  detectPhases(study);
  CHECK(study.phases[0].decision.kind == PhaseKind::Delayed);
  CHECK(study.phases[0].decision.userOverride);
  // With one undecided contrast series left there is no order to go by.
  CHECK(study.phases[1].decision.kind == PhaseKind::Unknown);
}

TEST_CASE("phrases: arguments go into %1..%9 in any order; other percent signs stay", "[phase][phrase]") {
  CHECK(render(Phrase{"%2 of %1 (100%)", {"a", "b"}}) == "b of a (100%)");
  CHECK(render(Phrase{"%3 missing", {"a"}}) == "%3 missing");
  CHECK(render(std::vector<Phrase>{{"x %1", {"1"}}, {"; ", {}}, {"y", {}}}) == "x 1; y");
}

TEST_CASE("image content: real portal venous and native CT", "[phase][real]") {
  const Study hcc = loadStudy(sharedData("hcc048_pv"));
  const ContrastFeatures pv = measureContrastFeatures(hcc.phases.front().volume);
  INFO("PV: vessel " << pv.vesselHu << " HU on " << pv.slicesWithVessel << "/" << pv.slicesExamined
                     << ", tissue " << pv.tissueHu);
  CHECK(pv.valid);
  CHECK(pv.vesselFound);
  CHECK(pv.vesselHu > 165);
  CHECK(pv.vesselHu < 280);
  CHECK(phaseFromContent(pv, true)->kind == PhaseKind::PortalVenous);
  CHECK(hcc.phases.front().decision.reason.find("image content") != std::string::npos);

  const CtVolume native = readCtImage(sharedData("totalseg_example/example_ct.nii.gz"));
  const ContrastFeatures nc = measureContrastFeatures(native);
  INFO("native: vessel " << nc.vesselHu << " found " << nc.vesselFound << " on " << nc.slicesWithVessel << "/"
                         << nc.slicesExamined << ", tissue " << nc.tissueHu);
  CHECK(nc.valid);
  const auto d = phaseFromContent(nc, false);
  REQUIRE(d);
  CHECK(d->kind == PhaseKind::Native);
}

#include <hccws/core/phantom.h>

TEST_CASE("image content: every phase of the synthetic phantom", "[phase][phantom]") {
  PhantomOptions o;
  o.threads = 2;
  const Phantom ph = generatePhantom(o);
  for (const auto& p : ph.phases) {
    const ContrastFeatures f = measureContrastFeatures(p.volume);
    const auto d = phaseFromContent(f, p.kind != PhaseKind::Native);
    INFO(toString(p.kind) << ": vessel " << f.vesselHu << " found " << f.vesselFound << " on " << f.slicesWithVessel
                          << "/" << f.slicesExamined << ", tissue " << f.tissueHu << " -> "
                          << (d ? toString(d->kind) : "none"));
    REQUIRE(d);
    CHECK(d->kind == p.kind);
  }
}

TEST_CASE("phantom DICOM study: every phase is found and named right", "[phase][phantom][dicom]") {
  PhantomOptions o;
  o.dims = {96, 96, 40};
  o.spacingMm = {3.0, 3.0, 4.0};
  o.tumourDiametersMm = {30};
  o.threads = 2;
  const Phantom ph = generatePhantom(o);
  const std::string dir = hccws::test::scratchDir("phase_phantom_case");
  writePhantomCase(ph, dir, {true, false});
  const Study study = loadStudy(dir + "/dicom");
  REQUIRE(study.phases.size() == ph.phases.size());
  for (const auto& p : ph.phases) {
    const Phase* found = study.find(p.kind);
    INFO(toString(p.kind));
    REQUIRE(found);
    CHECK(found->decision.confidence >= 0.5);
    CHECK(found->volume.geometry().sameGrid(p.volume.geometry(), 1e-3, 1e-5));
  }
}
