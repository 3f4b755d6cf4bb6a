// Target marks: a measurement marks file (marks.h, <segmentation>.marks.json) read, its lengths and angles
// computed and written back (what opening and saving a segmentation in the window does).
#include "fuzz_core.h"

#include <hccws/core/marks.h>

#include <cmath>

HCCWS_FUZZ_TARGET(marks) {
  using namespace hccws;
  const auto dir = fuzz::freshDir("marks");
  const auto file = dir / "seg.nrrd.marks.json";
  fuzz::writeFile(file, data, size);
  fuzz::coreCall([&] {
    const core::MeasurementMarks m = core::readMarks(file.string());
    double sum = 0;
    for (const auto& r : m.rulers) sum += r.lengthMm();
    for (const auto& a : m.angles) sum += a.degrees();
    (void)sum;
    core::writeMarks((dir / "out.marks.json").string(), m);
  });
  return 0;
}
