// Target case_manifest: a case folder's case.json (app/case, docs/case-files.md) parsed (with the migration of
// version 1), written back and parsed again, and its stale results listed.
#include "fuzz_target.h"

#include <hccws/case/case_manifest.h>

#include <string>

HCCWS_FUZZ_TARGET(case_manifest) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expectRefusal(
      [&] {
        const cases::CaseManifest m = cases::parseManifest(text, "case.json");
        const cases::CaseManifest back = cases::parseManifest(cases::manifestToJson(m), "case.json (written back)");
        (void)cases::staleResults(back);
        (void)cases::currentVersions(back);
      },
      [](const std::exception& e) { return dynamic_cast<const cases::CaseError*>(&e) != nullptr; });
  return 0;
}
