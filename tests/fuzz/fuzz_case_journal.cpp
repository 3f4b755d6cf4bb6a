// Target case_journal: the journal.bin of a case folder (app/case, docs/case-files.md). A small case is made
// once (a 40 x 36 x 12 segmentation, saved); each input becomes its journal, the case is opened read-only
// (the records after the save are pending) and recovered onto a copy of its saved segmentation - what opening
// a case after a crash does.
#include "fuzz_target.h"

#include <hccws/case/case_folder.h>
#include <hccws/core/errors.h>

#include <filesystem>
#include <fstream>

namespace {

const std::filesystem::path& caseDir() {
  static const std::filesystem::path dir = [] {
    const auto d = hccws::fuzz::freshDir("case_journal") / "case";
    hccws::core::Geometry g;
    g.dims = {40, 36, 12};
    g.spacingMm = {1, 1, 2.5};
    hccws::core::LabelMap labels;
    labels.labels = hccws::core::Volume<std::uint8_t>(g, 0);
    hccws::cases::CaseManifest m;
    m.patientId = "FUZZ";
    hccws::cases::CaseFolder::create(d.string(), m, &labels);
    return d;
  }();
  return dir;
}

}  // namespace

HCCWS_FUZZ_TARGET(case_journal) {
  using namespace hccws;
  const auto dir = caseDir();
  fuzz::writeFile(dir / "journal.bin", data, size);
  fuzz::expectRefusal(
      [&] {
        cases::CaseFolder c = cases::CaseFolder::open(dir.string(), true);
        auto labels = c.readSavedSegmentation();
        c.recover(labels ? &*labels : nullptr);
      },
      [](const std::exception& e) {
        return dynamic_cast<const cases::CaseError*>(&e) || dynamic_cast<const core::ImagingError*>(&e);
      });
  return 0;
}
