// The process tests/case/test_case_kill.cpp kills with SIGKILL: it opens a case, recovers what the journal
// holds, then edits for ever - each edit journaled (acknowledged on stdout only after the journal returned),
// a note edit journaled every third edit, a save every seventh - until it is killed.
// Usage: case_kill_child CASE_DIR
#include "case_edits.h"

#include <hccws/case/case_folder.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  using namespace hccws;
  if (argc != 2) return 64;
  try {
    cases::CaseFolder c = cases::CaseFolder::open(argv[1]);
    if (c.readOnly()) {
      std::fprintf(stderr, "read-only: %s\n", c.readOnlyReason().c_str());
      return 3;
    }
    core::LabelMap labels = c.readSavedSegmentation().value_or(test::caseGrid());
    c.recover(&labels);
    std::uint64_t n = c.manifest().segmentation ? c.manifest().segmentation->version : 0;
    std::printf("ready %llu\n", static_cast<unsigned long long>(n));
    std::fflush(stdout);
    for (int count = 0; count < 100000; ++count) {
      ++n;
      test::applyEdit(n, labels);
      c.journalLabels("edit " + std::to_string(n), test::editBox(n), labels);
      std::printf("J %llu\n", static_cast<unsigned long long>(n));
      std::fflush(stdout);
      if (n % 3 == 0) {
        c.manifest().note = "after edit " + std::to_string(n);
        c.journalManifest();
        std::printf("N %llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
      }
      if (n % 7 == 0) {
        c.save(&labels, "case_kill_child");
        std::printf("S %llu\n", static_cast<unsigned long long>(c.manifest().generation));
        std::fflush(stdout);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "case_kill_child: %s\n", e.what());
    return 2;
  }
  return 0;
}
