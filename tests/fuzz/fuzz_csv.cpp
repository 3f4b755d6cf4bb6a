// Target csv: a cohort table (nomogram/core/src/csv_table.cpp: CsvTable::parse, all columns as text and
// with a selection), every cell and every column read as numbers, as the survival commands do.
#include "fuzz_nomogram.h"

#include <hccws/survival/csv_table.h>

HCCWS_FUZZ_TARGET(csv) {
  using namespace hccws;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> header;
  fuzz::survivalCall([&] {
    const surv::CsvTable t = surv::CsvTable::parse(text, "cohort.csv");
    header = t.header();
    for (int r = 0; r < t.rows(); ++r)
      for (int c = 0; c < static_cast<int>(t.header().size()); ++c) (void)t.cell(r, c);
    for (const auto& name : t.header()) {
      (void)t.columnIndex(name);
      fuzz::survivalCall([&] { (void)t.numericColumn(name); });
    }
  });
  if (header.size() >= 2) {
    // The first column numeric, the second as text: the selective read (cells parsed while reading).
    surv::CsvSelection keep;
    keep.numeric = {header[0]};
    keep.text = {header[1]};
    fuzz::survivalCall([&] {
      const surv::CsvTable t = surv::CsvTable::parse(text, "cohort.csv", keep);
      (void)t.numericValues(header[0]);
      (void)t.storedNumeric(header[0]);
      for (int r = 0; r < t.rows(); ++r) (void)t.cell(r, 1);
    });
  }
  return 0;
}
