#pragma once
// A small CSV reader for cohort tables (the only file I/O of this library besides model files; kept apart
// from the numeric code). RFC 4180 quoting ("a, b", doubled quotes), comma separator, first row = header,
// CRLF or LF line ends, UTF-8 BOM skipped, blank lines skipped. "line N" in messages counts records
// (header = line 1), which is the physical line unless a quoted field holds a line break.
//
// Memory: the file is read in 1 MiB blocks, never whole. Cells are stored compactly (the bytes of the field
// plus 8 bytes per cell, not one std::string each). With a column selection (readFile(path, keep)) only the
// named columns are stored, and `keep.numeric` columns are parsed while reading into 8-byte doubles: a
// survival command on a 200 MB table holds a few doubles per row, not the table.
//
// Missing values: an empty cell, NA, NaN, NULL, "." (any case) and "?" are missing. Everything else must
// parse completely as a finite number, or numericColumn() (or the selective read) throws naming the file,
// column, line and value.
//
// Survival data are built from a table by buildSurvData() with one documented rule for missing values:
// complete cases over the columns used (time, event, covariates, strata/group); the number of rows dropped,
// the count per column and the count per reason (each dropped row under the first column it misses) are
// returned so that callers report them.
#include "hccws/survival/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hccws::surv {

// Which columns a selective read keeps. A name in neither list is skipped (its cells are still counted,
// so ragged rows are still refused). Every name must be in the header, or the read throws naming the file
// and the available columns.
struct CsvSelection {
  std::vector<std::string> numeric;  // parsed to double while reading (missing -> NaN)
  std::vector<std::string> text;     // kept as text
};

class CsvTable {
 public:
  // All columns, as text. Throws SurvivalError("<file>: ...") when the file cannot be read, is empty, a row
  // has a different number of fields than the header, or a quote is not closed.
  static CsvTable readFile(const std::string& path);
  // Only the selected columns (see CsvSelection); also throws for a non-numeric cell in a numeric column.
  static CsvTable readFile(const std::string& path, const CsvSelection& keep);
  static CsvTable parse(const std::string& text, const std::string& sourceName);
  static CsvTable parse(const std::string& text, const std::string& sourceName, const CsvSelection& keep);

  const std::string& source() const { return source_; }
  const std::vector<std::string>& header() const { return header_; }  // every column of the file
  int rows() const { return rows_; }
  bool has(const std::string& column) const;
  int columnIndex(const std::string& column) const;  // throws naming the file and the available columns
  // The text of a cell (header index `col`). A column read as numeric gives its value's shortest decimal
  // form ("" when missing); a column the selection skipped throws.
  std::string cell(int row, int col) const;
  // Values of a column, std::nullopt where missing.
  std::vector<std::optional<double>> numericColumn(const std::string& column) const;
  // Values of a column, NaN where missing (8 bytes per row; no copy of the stored values is kept).
  std::vector<double> numericValues(const std::string& column) const;
  // The stored values of a column read as numeric, or nullptr (text or skipped column).
  const std::vector<double>* storedNumeric(const std::string& column) const;

 private:
  struct Column {
    int fileIndex = -1;
    bool numeric = false;
    std::vector<double> values;   // numeric: one per row, NaN = missing
    std::string bytes;            // text: the fields back to back
    std::vector<uint64_t> ends;   // text: end offset of each row's field in `bytes`
  };
  class Reader;
  static CsvTable read(Reader& in, const std::string& sourceName, const CsvSelection* keep);
  const Column* stored(int fileIndex) const;
  const Column& storedOrThrow(const std::string& column) const;

  std::string source_;
  std::vector<std::string> header_;
  int rows_ = 0;
  std::vector<Column> columns_;
  std::vector<int> storedIndex_;  // per header column: index into columns_, or -1 (skipped)
};

bool isMissingToken(const std::string& s);

struct SurvColumns {
  std::string time, event;
  std::vector<std::string> covariates;
  std::string strata;  // optional: integer-coded stratum / group column
};

// Why rows were left out by the complete-case rule: each dropped row is counted once, under the first of
// the columns used (time, event, covariates, strata in that order) that it misses.
struct DropReason {
  std::string column, reason;  // reason: "missing time", "missing event", "missing covariate", ...
  int rows = 0;
};

struct SurvTable {
  SurvData data;
  std::vector<int> sourceRows;  // 0-based table row of each data row
  int rowsRead = 0;
  int rowsDropped = 0;                      // complete-case rule
  std::vector<std::pair<std::string, int>> missingPerColumn;  // columns with at least one missing value
  std::vector<DropReason> dropped;          // sums to rowsDropped
};

// The columns buildSurvData() reads, for a selective CsvTable::readFile (all numeric).
CsvSelection survSelection(const SurvColumns& columns);

// Builds right-censored data from a table. Errors (SurvivalError, message "<file>: column '<c>': ..."):
// a missing column, non-numeric cells, negative times, event values other than 0/1, a strata value that is
// not an integer, no complete rows, no events.
SurvTable buildSurvData(const CsvTable& table, const SurvColumns& columns);

}  // namespace hccws::surv
